package worker

import (
	"errors"
	"strings"

	"gocell/internal/check"
	"gocell/internal/display"
	"gocell/internal/eval"
	"gocell/internal/sandbox"
)

// newChecker returns the Checker of package "gocell/check" for a process
// whose displays go to publish and whose child processes host starts.
func newChecker(publish func(display.Message), host *sandbox.Host) *check.Checker {
	return check.New(check.Config{
		Publish: publish,
		Goroutines: func() []check.Goroutine {
			var gs []check.Goroutine
			for _, g := range eval.InterpretedGoroutines() {
				gs = append(gs, check.Goroutine{ID: g.ID, State: g.State})
			}
			return gs
		},
		Processes: host.Started,
	})
}

// checkError returns the error that ends a cell whose checks failed, or nil
// when none did. The cell fails at its end rather than at the failing check,
// so that every check of the cell shows its line (see package check).
func checkError(c *check.Checker) *eval.Error {
	err := c.EndCell()
	var f *check.Failure
	if !errors.As(err, &f) {
		return nil
	}
	e := &eval.Error{Name: check.FailedName, Message: f.Error()}
	e.Traceback = strings.Split(check.FailedName+": "+f.Error(), "\n")
	return e
}
