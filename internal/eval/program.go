package eval

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"strings"
	"time"
)

// backgroundMagic, alone on a cell's first line, keeps the goroutines the
// cell starts running after it ends.
const backgroundMagic = "%%background"

// goroutineSet tracks, across cells, the goroutines that cells started.
//
// yaegi v0.16.1 stops interpreted goroutines with one run id per
// interpreter: every frame carries the id it was created with, stop()
// increments the interpreter's id, and each goroutine ends at its next node
// once its frame's id differs. A stop therefore ends every goroutine that
// exists, those of %%background cells too: the interpreter cannot stop
// some goroutines and keep others. So a cell's goroutines are stopped at its
// end only when no goroutine of a %%background cell still runs; otherwise
// they are left running and the cell says why.
type goroutineSet struct {
	background map[string]bool // ids of goroutines of %%background cells and their descendants
	stopped    map[string]bool // ids of goroutines stopped or left running by earlier cells
	stuck      map[string]bool // ids of chunk goroutines of deadlocks, blocked for good in a native call
	// halted holds the ids of goroutines stopped at the end of a cell. One
	// blocked in a native call (time.Sleep, a lock) lives on until the call
	// returns, but runs no more of the cell's code: it wakes nobody, and a
	// lock it holds stays locked.
	halted map[string]bool
	// started is set once code with a go statement has been run or restored: until
	// then no cell can leave a goroutine behind, and the goroutine dumps are skipped.
	started bool
}

// hasGoStatement reports whether src contains the keyword go.
func hasGoStatement(src string) bool {
	var sc scanner.Scanner
	fset := token.NewFileSet()
	sc.Init(fset.AddFile("", -1, len(src)), []byte(src), nil, 0)
	for {
		_, tok, _ := sc.Scan()
		switch tok {
		case token.EOF:
			return false
		case token.GO:
			return true
		}
	}
}

// cutBackground removes the line %%background if it is the first line of
// code that is not blank, leaving an empty line so that positions stay the
// cell's.
func cutBackground(code string) (string, bool) {
	for i := 0; i < len(code); {
		line, _, found := strings.Cut(code[i:], "\n")
		switch strings.TrimSpace(line) {
		case "":
			if !found {
				return code, false
			}
			i += len(line) + 1
			continue
		case backgroundMagic:
			return code[:i] + code[i+len(line):], true
		}
		return code, false
	}
	return code, false
}

// runProgram runs a cell as a program: when its top-level code has
// finished, the goroutines it started are stopped, as when main returns,
// unless the cell is a %%background one.
func (s *Session) runProgram(ctx context.Context, code string, background bool) (Result, error) {
	if !s.goroutines.started && hasGoStatement(code) {
		s.goroutines.started = true
	}
	if !s.goroutines.started {
		// Nothing the notebook declared can start a goroutine: none to stop.
		return s.runCell(ctx, code, cellOpts{main: true, record: true, refresh: true})
	}
	before := map[string]bool{}
	for _, g := range liveGoroutines() {
		before[g.id] = true
	}
	res, err := s.runCell(ctx, code, cellOpts{main: true, record: true, refresh: true})
	var e *Error
	if errors.As(err, &e) && (e.Name == Interrupted || e.Name == FatalError) {
		// The interrupt or the deadlock stopped every goroutine already.
		return res, err
	}
	if background {
		s.markBackground(before)
		return res, err
	}
	if stopErr := s.endProgram(before); stopErr != nil && err == nil {
		err = stopErr
	}
	return res, err
}

// cellGoroutines returns the interpreted goroutines that are not in before,
// and whether goroutines of %%background cells still run. It updates the
// set of background goroutines with the descendants of its members.
func (s *Session) cellGoroutines(before map[string]bool) (own []*goroutine, background bool) {
	gs := liveGoroutines()
	if s.goroutines.background == nil {
		s.goroutines.background = map[string]bool{}
	}
	for grew := true; grew; {
		grew = false
		for _, g := range gs {
			if !s.goroutines.background[g.id] && s.goroutines.background[g.parent] {
				s.goroutines.background[g.id], grew = true, true
			}
		}
	}
	for _, g := range gs {
		switch {
		case s.goroutines.background[g.id]:
			background = true
		case g.interpreted() && !before[g.id] && !s.goroutines.stopped[g.id]:
			own = append(own, g)
		}
	}
	return own, background
}

// markBackground records the goroutines a %%background cell left running.
func (s *Session) markBackground(before map[string]bool) {
	own, _ := s.cellGoroutines(before)
	for _, g := range own {
		s.goroutines.background[g.id] = true
	}
}

// endProgram stops the goroutines a cell left running, and says so on
// standard error.
func (s *Session) endProgram(before map[string]bool) error {
	own, background := s.cellGoroutines(before)
	// A goroutine in the middle of a panic is let finish it: its report
	// comes from a deferred function (see gopanic.go), which a stop would
	// skip. It ends the process soon, or recovers.
	for deadline := time.Now().Add(2 * time.Second); panicking(own) && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
		own, background = s.cellGoroutines(before)
	}
	// So is one that is ending: the goroutine whose deferred wg.Done()
	// released the main flow is still running its other deferred calls,
	// and stopping it in the middle of one breaks the call (yaegi then
	// panics with "call of nil function", and the process dies).
	for deadline := time.Now().Add(20 * time.Millisecond); len(own) > 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
		own, background = s.cellGoroutines(before)
	}
	if len(own) == 0 {
		return nil
	}
	if s.goroutines.stopped == nil {
		s.goroutines.stopped = map[string]bool{}
	}
	for _, g := range own {
		s.goroutines.stopped[g.id] = true
	}
	were, verb := fmt.Sprintf("%d goroutines were", len(own)), "were"
	if len(own) == 1 {
		were, verb = "1 goroutine was", "was"
	}
	if background {
		_, err := fmt.Fprintf(s.stderr, "%s still running when the cell ended and %s left running: gocell can only stop all goroutines at once, which would also stop those of the %s cells (interrupt the kernel to stop them all).\n",
			were, verb, backgroundMagic)
		if err != nil {
			return fmt.Errorf("eval: reporting goroutines: %w", err)
		}
		return nil
	}
	if err := s.stopGoroutines(); err != nil {
		return err
	}
	if s.goroutines.halted == nil {
		s.goroutines.halted = map[string]bool{}
	}
	for _, g := range own {
		s.goroutines.halted[g.id] = true
	}
	if _, err := fmt.Fprintf(s.stderr, "%s still running when the cell ended and %s stopped (a Go program ends when main returns).\n", were, verb); err != nil {
		return fmt.Errorf("eval: reporting goroutines: %w", err)
	}
	return nil
}

// stopGoroutines stops every interpreted goroutine: it runs a chunk that
// blocks in a select with a context already cancelled, which makes yaegi
// stop the interpreter (a new run id, its done channel closed), then waits
// for the chunk's goroutine to end. Goroutines blocked in a native call end
// at their next statement, once the call returns.
func (s *Session) stopGoroutines() error {
	prog, err := s.interp.CompileAST(&ast.BlockStmt{List: []ast.Stmt{&ast.SelectStmt{Body: &ast.BlockStmt{}}}})
	if err != nil {
		return fmt.Errorf("eval: stopping goroutines: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.interp.ExecuteWithContext(ctx, prog); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("eval: stopping goroutines: %w", err)
	}
	s.rt.haltAll()
	s.waitCellGone()
	return nil
}

// panicking reports whether one of gs is panicking.
func panicking(gs []*goroutine) bool {
	for _, g := range gs {
		for _, f := range g.frames {
			if f == "runtime.gopanic" || f == "panic" {
				return true
			}
		}
	}
	return false
}

// stopAll stops the interpreter, before a new one replaces it: every
// interpreted goroutine ends, or is halted if it waits in a native call.
func (s *Session) stopAll() {
	stopInterp(s.interp, s.fset)
	s.rt.haltAll()
	if s.goroutines.halted == nil {
		s.goroutines.halted = map[string]bool{}
	}
	for _, g := range liveGoroutines() {
		if g.interpreted() {
			s.goroutines.halted[g.id] = true
		}
	}
}
