package runner

import (
	"fmt"
	"strings"
)

// Status is how a cell fared in a run.
type Status int

const (
	// NotRun: the run stopped before the cell.
	NotRun Status = iota
	// Passed: the cell ran without error.
	Passed
	// ExpectedError: the cell failed and is tagged raises-exception.
	ExpectedError
	// Failed: the cell failed and is not tagged raises-exception.
	Failed
	// TimedOut: the cell ran longer than the timeout and was interrupted.
	TimedOut
	// UnexpectedSuccess: the cell is tagged raises-exception but did not fail.
	UnexpectedSuccess
)

var statusNames = [...]string{"not run", "passed", "expected error", "failed", "timed out", "did not fail"}

func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return fmt.Sprintf("Status(%d)", int(s))
	}
	return statusNames[s]
}

// Failure reports whether s fails the run.
func (s Status) Failure() bool { return s == Failed || s == TimedOut || s == UnexpectedSuccess }

// A CellResult is one code cell's part in a run.
type CellResult struct {
	// Index is the cell's index in the notebook's Cells.
	Index int
	// ExecutionCount is the count the cell ran with, 0 when it did not run.
	ExecutionCount int
	Status         Status
	// Err is the cell's error, for a cell that failed.
	Err *CellError
	// Message says why a cell failed the run, e.g. "cell 3 timed out after 30s".
	Message string
}

// Name is how messages name the cell: "cell N", N counting every cell of the
// notebook from 1.
func (c CellResult) Name() string { return cellName(c.Index) }

func cellName(index int) string { return fmt.Sprintf("cell %d", index+1) }

// A Report is the result of a run: one CellResult for each code cell that has
// code, in notebook order.
type Report struct {
	Cells []CellResult
}

// Count returns how many cells have status s.
func (r *Report) Count(s Status) int {
	n := 0
	for _, c := range r.Cells {
		if c.Status == s {
			n++
		}
	}
	return n
}

// Failures returns the cells that fail the run.
func (r *Report) Failures() []CellResult {
	var f []CellResult
	for _, c := range r.Cells {
		if c.Status.Failure() {
			f = append(f, c)
		}
	}
	return f
}

// OK reports whether the run succeeded: every cell ran, and none failed
// unexpectedly or ran without the error it was expected to raise.
func (r *Report) OK() bool { return len(r.Failures()) == 0 && r.Count(NotRun) == 0 }

// Summary is the run's one-line summary, such as
// "12 cells, 0 failed, 1 expected error".
func (r *Report) Summary() string {
	s := fmt.Sprintf("%s, %d failed, %s", plural(len(r.Cells), "cell"), len(r.Failures()), plural(r.Count(ExpectedError), "expected error"))
	if n := r.Count(NotRun); n > 0 {
		s += fmt.Sprintf(", %d not run", n)
	}
	return s
}

// Err returns nil when the run succeeded, and otherwise an error naming the
// cells that failed.
func (r *Report) Err() error {
	f := r.Failures()
	switch {
	case len(f) == 1:
		return fmt.Errorf("%s", f[0].Message)
	case len(f) > 1:
		names := make([]string, len(f))
		for i, c := range f {
			names[i] = c.Name()
		}
		return fmt.Errorf("%d cells failed: %s", len(f), strings.Join(names, ", "))
	case r.Count(NotRun) > 0:
		return fmt.Errorf("%s not run", plural(r.Count(NotRun), "cell"))
	}
	return nil
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
