package runner

import (
	"context"
	"encoding/json"
)

// An Executor runs cells.
type Executor interface {
	// Execute runs one cell's code, sending what it prints and displays to out
	// as it comes, and returns how the cell ended. When ctx is done while the
	// cell runs, Execute interrupts the cell and returns once it has stopped,
	// with the outcome of the interrupted cell. A cell that fails is reported in
	// the Outcome; an error means the executor cannot run cells any more.
	Execute(ctx context.Context, code string, out Sink) (Outcome, error)
}

// A Sink receives a running cell's output. Its methods may be called from any
// goroutine.
type Sink interface {
	// Stream receives text written to "stdout" or "stderr".
	Stream(name string, text []byte)
	// Display receives rich output.
	Display(d Display)
	// ClearOutput clears the cell's output; with wait, once new output arrives.
	ClearOutput(wait bool)
}

// A Bundle is rich output: data keyed by MIME type, and its metadata.
type Bundle struct {
	Data     map[string]json.RawMessage
	Metadata map[string]json.RawMessage
}

// A Display is rich output shown by a cell.
type Display struct {
	Bundle
	// ID names the display, so that a later Display with Update set, from this
	// cell or a later one, replaces it.
	ID     string
	Update bool
}

// An Outcome is how a cell ended.
type Outcome struct {
	// Result is the value of the cell's last expression, if it has one.
	Result *Bundle
	// Err is set when the cell failed.
	Err *CellError
}

// A CellError describes a failed cell as an nbformat error output does.
type CellError struct {
	Name  string
	Value string
	// Traceback holds the lines to show, which may contain ANSI colour codes.
	Traceback []string
}
