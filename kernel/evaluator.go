package kernel

import (
	"context"
	"encoding/json"
	"errors"
)

// An Evaluator runs cells. The kernel calls Execute for one cell at a time, and may call
// Interrupt, from another goroutine, while a cell runs.
type Evaluator interface {
	// Execute runs one cell and reports what it printed, displayed and returned through out.
	// out stays valid after Execute returns, so output that arrives late (from goroutines
	// the cell left running) is still published for this cell.
	Execute(ctx context.Context, cell Cell, out Output) Outcome

	// Complete returns completions for the code at cursor (a rune offset).
	Complete(ctx context.Context, code string, cursor int) (Completion, error)

	// Inspect returns help for the code at cursor (a rune offset); detail is 0 or 1.
	Inspect(ctx context.Context, code string, cursor, detail int) (Inspection, error)

	// IsComplete reports whether code is ready to run: "complete", "incomplete",
	// "invalid" or "unknown", and for "incomplete" the indentation of the next line.
	IsComplete(ctx context.Context, code string) (status, indent string, err error)

	// Interrupt stops the running cell, if any. It returns at once.
	Interrupt()

	// Close stops the evaluator and everything it started.
	Close() error
}

// A Cell is one execute request as the evaluator sees it.
type Cell struct {
	Code           string
	ExecutionCount int
	Silent         bool
	// AllowStdin is false when the front end cannot answer input requests; reads from
	// standard input then see end of file.
	AllowStdin bool
}

// An Outcome is how a cell ended.
type Outcome struct {
	// Result is the value of the cell's last expression, if it has one.
	Result *Bundle
	// Err is set when the cell failed.
	Err *CellError
}

// A CellError describes a failed cell in the terms of an error message.
type CellError struct {
	Name      string
	Value     string
	Traceback []string
}

// Bundle is rich output: data keyed by MIME type, with its metadata.
type Bundle struct {
	Data     map[string]json.RawMessage
	Metadata map[string]json.RawMessage
}

// Display is a display_data (or update_display_data) message.
type Display struct {
	Bundle
	// ID names the display so that a later Display with Update set can replace it.
	ID     string
	Update bool
}

// Output receives what a running cell produces. Its methods may be called from any
// goroutine.
type Output interface {
	// Stream publishes bytes written to "stdout" or "stderr".
	Stream(name string, p []byte)
	// Display publishes rich output. Stream output written before it is published first.
	Display(d Display)
	// ClearOutput clears the cell's output; with wait, once new output arrives.
	ClearOutput(wait bool)
	// Input asks the front end for one line of input. It returns ErrNoStdin when the
	// front end does not accept input.
	Input(ctx context.Context, prompt string, password bool) (string, error)
}

// Completion is the answer to a complete request. Start and End are rune offsets.
type Completion struct {
	Matches    []string
	Start, End int
}

// Inspection is the answer to an inspect request.
type Inspection struct {
	Found bool
	// Text is plain text help; Data, when set, adds other MIME types.
	Text string
}

// ErrNoStdin is returned by Output.Input when the request did not allow stdin.
var ErrNoStdin = errors.New("the front end does not accept input for this cell (allow_stdin is false)")
