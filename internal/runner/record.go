package runner

import (
	"encoding/json"
	"sync"

	"gocell/internal/notebook"
)

// A recorder is the Sink of one cell: it collects the cell's outputs as
// nbformat outputs, and prints them as they come.
type recorder struct {
	run   *run
	index int // of the cell in the notebook
	// print is nil when the cell's output is not printed.
	print *printer

	mu          sync.Mutex
	outputs     []notebook.Output
	ids         []string // the display ID of each output, or ""
	clearOnNext bool     // ClearOutput(wait=true) is pending
	closed      bool     // the run has ended: output is ignored
}

func (r *recorder) Stream(name string, text []byte) {
	if len(text) == 0 {
		return
	}
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return
	}
	r.clearPendingLocked()
	// Jupyter shows consecutive text of one stream as one output.
	if n := len(r.outputs); n > 0 && r.outputs[n-1].OutputType == notebook.StreamOutput && r.outputs[n-1].Name == name {
		r.outputs[n-1].Text += notebook.Text(text)
	} else {
		r.add(notebook.Output{OutputType: notebook.StreamOutput, Name: name, Text: notebook.Text(text)}, "")
	}
	r.mu.Unlock()
	if r.print != nil {
		r.print.text(string(text))
	}
}

func (r *recorder) Display(d Display) {
	if d.Update {
		r.run.updateDisplay(d)
	} else {
		r.mu.Lock()
		if r.closed {
			r.mu.Unlock()
			return
		}
		r.clearPendingLocked()
		r.add(notebook.Output{
			OutputType: notebook.DisplayDataOutput,
			Data:       copyMap(d.Data),
			Metadata:   copyMap(d.Metadata),
		}, d.ID)
		r.mu.Unlock()
		if d.ID != "" {
			r.run.trackDisplay(d.ID, r)
		}
	}
	if r.print != nil {
		r.print.line(bundleText(d.Data))
	}
}

func (r *recorder) ClearOutput(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if wait {
		r.clearOnNext = true
		return
	}
	r.outputs, r.ids = nil, nil
}

// result records the value of the cell's last expression.
func (r *recorder) result(b *Bundle, count int) {
	r.mu.Lock()
	r.clearPendingLocked()
	r.add(notebook.Output{
		OutputType:     notebook.ExecuteResultOutput,
		Data:           copyMap(b.Data),
		Metadata:       copyMap(b.Metadata),
		ExecutionCount: &count,
	}, "")
	r.mu.Unlock()
	if r.print != nil {
		r.print.line(bundleText(b.Data))
	}
}

// error records the cell's error.
func (r *recorder) error(e *CellError) {
	r.mu.Lock()
	r.clearPendingLocked()
	tb := append([]string{}, e.Traceback...)
	r.add(notebook.Output{OutputType: notebook.ErrorOutput, Ename: e.Name, Evalue: e.Value, Traceback: tb}, "")
	r.mu.Unlock()
	if r.print != nil {
		r.print.line(errorText(e))
	}
}

// replace gives every output shown under id the new content.
func (r *recorder) replace(id string, b Bundle) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	for i, oid := range r.ids {
		if oid == id {
			r.outputs[i].Data = copyMap(b.Data)
			r.outputs[i].Metadata = copyMap(b.Metadata)
		}
	}
}

// close ends the recording and returns the outputs.
func (r *recorder) close() []notebook.Output {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	return r.outputs
}

func (r *recorder) add(o notebook.Output, id string) {
	r.outputs = append(r.outputs, o)
	r.ids = append(r.ids, id)
}

func (r *recorder) clearPendingLocked() {
	if r.clearOnNext {
		r.outputs, r.ids, r.clearOnNext = nil, nil, false
	}
}

func copyMap(m map[string]json.RawMessage) map[string]json.RawMessage {
	if m == nil {
		return nil
	}
	c := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
