package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"gocell/internal/notebook"
)

// RaisesException is the tag of a cell that is expected to fail.
const RaisesException = "raises-exception"

// Options control a run.
type Options struct {
	// Out receives the cells' output as they run, and the run's messages and
	// summary. Nil means io.Discard.
	Out io.Writer
	// Quiet prints only failures and the summary, not the cells' output.
	Quiet bool
	// Color keeps ANSI escape sequences (the colours of tracebacks) in what is
	// printed; without it they are removed. The notebook keeps them either way.
	Color bool
	// Timeout is how long one cell may run before it is interrupted and fails.
	// Zero means no limit.
	Timeout time.Duration
	// KeepGoing runs every cell; without it the run stops at the first cell
	// that fails unexpectedly.
	KeepGoing bool
}

// Run runs the code cells of nb in order through ex. Each cell that runs gets
// its outputs and an execution count (1, 2, ... in the order cells run); the
// code cells after a stop are left with none, and code cells with no code are
// left as they are. Run prints as it goes to opts.Out and ends with the
// report's summary line.
//
// The Report says how each cell fared; a run whose cells failed returns no
// error (see Report.Err). The error is for a run that could not go on: the
// executor failed, or ctx was cancelled, in which case the cell that was
// running is interrupted and the Report covers the run so far.
func Run(ctx context.Context, nb *notebook.Notebook, ex Executor, opts Options) (*Report, error) {
	out := opts.Out
	if out == nil {
		out = io.Discard
	}
	r := &run{
		ex:       ex,
		opts:     opts,
		print:    &printer{w: out, color: opts.Color},
		displays: make(map[string][]*recorder),
	}
	rep, err := r.all(ctx, nb)
	r.print.line(rep.Summary())
	return rep, err
}

// A run is the state of one Run.
type run struct {
	ex    Executor
	opts  Options
	print *printer

	mu       sync.Mutex
	displays map[string][]*recorder // the cells that showed each display ID
}

func (r *run) all(ctx context.Context, nb *notebook.Notebook) (*Report, error) {
	rep := &Report{}
	var recs []*recorder
	var runErr error
	count := 0
	for i := range nb.Cells {
		c := &nb.Cells[i]
		if c.CellType != notebook.CodeCell || strings.TrimSpace(string(c.Source)) == "" {
			continue
		}
		if runErr == nil && ctx.Err() != nil {
			runErr = fmt.Errorf("stopped: %w", ctx.Err())
		}
		res := CellResult{Index: i}
		if runErr != nil || (!r.opts.KeepGoing && len(rep.Failures()) > 0) {
			c.Outputs, c.ExecutionCount = nil, nil
			rep.Cells = append(rep.Cells, res)
			continue
		}
		count++
		rec := &recorder{run: r, index: i}
		if !r.opts.Quiet {
			rec.print = r.print
		}
		recs = append(recs, rec)
		res, runErr = r.cell(ctx, c, i, count, rec)
		rep.Cells = append(rep.Cells, res)
	}
	// The outputs are taken at the end: a later cell may update an earlier
	// cell's display.
	for _, rec := range recs {
		c := &nb.Cells[rec.index]
		c.Outputs = rec.close()
	}
	return rep, runErr
}

// cell runs one code cell.
func (r *run) cell(ctx context.Context, c *notebook.Cell, index, count int, rec *recorder) (CellResult, error) {
	res := CellResult{Index: index, ExecutionCount: count}
	c.ExecutionCount = &count
	expectError := c.Metadata.HasTag(RaisesException)
	if !r.opts.Quiet {
		head := fmt.Sprintf("--- %s [%d] ---", cellName(index), count)
		if expectError {
			head = fmt.Sprintf("--- %s [%d] (%s) ---", cellName(index), count, RaisesException)
		}
		r.print.line(head)
	}

	cellCtx, cancel := ctx, context.CancelFunc(func() {})
	if r.opts.Timeout > 0 {
		cellCtx, cancel = context.WithTimeout(ctx, r.opts.Timeout)
	}
	outcome, err := r.ex.Execute(cellCtx, string(c.Source), rec)
	timedOut := errors.Is(cellCtx.Err(), context.DeadlineExceeded) && ctx.Err() == nil
	cancel()
	if err != nil {
		res.Status = Failed
		res.Message = fmt.Sprintf("%s could not be run: %v", cellName(index), err)
		r.print.line(res.Message)
		return res, fmt.Errorf("%s: %w", cellName(index), err)
	}

	if outcome.Result != nil {
		rec.result(outcome.Result, count)
	}
	e := outcome.Err
	switch {
	case e != nil && timedOut:
		msg := fmt.Sprintf("%s timed out after %v", cellName(index), r.opts.Timeout)
		e = &CellError{Name: "timeout", Value: msg, Traceback: append([]string{"\x1b[1;31m" + msg + "\x1b[0m"}, e.Traceback...)}
		res.Status, res.Message = TimedOut, msg
	case e != nil && ctx.Err() != nil:
		res.Status, res.Message = Failed, fmt.Sprintf("%s was interrupted: the run was cancelled", cellName(index))
	case e != nil && expectError:
		res.Status = ExpectedError
	case e != nil:
		res.Status, res.Message = Failed, fmt.Sprintf("%s failed: %s", cellName(index), oneLine(e))
	case expectError:
		res.Status, res.Message = UnexpectedSuccess, fmt.Sprintf("%s was expected to fail (tagged %s) but did not", cellName(index), RaisesException)
	default:
		res.Status = Passed
	}
	res.Err = e
	if e != nil {
		rec.error(e)
	}
	switch {
	case res.Status == ExpectedError && !r.opts.Quiet:
		r.print.line(fmt.Sprintf("(%s failed as expected: tagged %s)", cellName(index), RaisesException))
	case res.Status == TimedOut && !r.opts.Quiet:
		// The traceback printed above begins with the message.
	case res.Message != "":
		r.print.line(res.Message)
	}
	if ctx.Err() != nil {
		return res, fmt.Errorf("stopped: %w", ctx.Err())
	}
	return res, nil
}

// oneLine is a short form of e for messages: its name and the first line of
// its value.
func oneLine(e *CellError) string {
	v, _, _ := strings.Cut(e.Value, "\n")
	switch {
	case e.Name == "":
		return v
	case v == "":
		return e.Name
	}
	return e.Name + ": " + v
}

// trackDisplay notes that rec showed a display under id.
func (r *run) trackDisplay(id string, rec *recorder) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, x := range r.displays[id] {
		if x == rec {
			return
		}
	}
	r.displays[id] = append(r.displays[id], rec)
}

// updateDisplay replaces the content of every display shown under d.ID.
func (r *run) updateDisplay(d Display) {
	r.mu.Lock()
	recs := append([]*recorder(nil), r.displays[d.ID]...)
	r.mu.Unlock()
	for _, rec := range recs {
		rec.replace(d.ID, d.Bundle)
	}
}
