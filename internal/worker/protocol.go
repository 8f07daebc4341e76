package worker

import (
	"gocell/internal/display"
	"gocell/internal/eval"
)

// The kernel and the worker exchange JSON values, one per line: Requests on the worker's
// descriptor 3, Events on its descriptor 4. Standard output and error are plain bytes.
const (
	requestFD = 3
	eventFD   = 4
)

// Request kinds, from the kernel to the worker.
const (
	reqExecute   = "execute"
	reqInterrupt = "interrupt"
	reqInput     = "input"
	reqComplete  = "complete"
	reqInspect   = "inspect"
	reqRestore   = "restore"
	// reqShown acknowledges a display event once the kernel has published it, with
	// everything printed before it; the cell's display call waits for it, so output the
	// cell prints afterwards cannot overtake the display.
	reqShown = "shown"
)

// A Request is one message from the kernel to the worker.
type Request struct {
	ID         uint64       `json:"id"`
	Kind       string       `json:"kind"`
	Code       string       `json:"code,omitempty"`
	Cursor     int          `json:"cursor,omitempty"`
	Detail     int          `json:"detail,omitempty"`
	AllowStdin bool         `json:"allow_stdin,omitempty"`
	Decls      []eval.Decl  `json:"decls,omitempty"`
	Input      *InputAnswer `json:"input,omitempty"`
}

// An InputAnswer is the front end's answer to an input event.
type InputAnswer struct {
	Value string `json:"value"`
	// Err, when set, is why no line came (no stdin, interrupted): the reader sees EOF.
	Err string `json:"err,omitempty"`
}

// Event kinds, from the worker to the kernel.
const (
	evReady      = "ready"
	evDone       = "done"
	evDisplay    = "display"
	evInput      = "input"
	evCompletion = "completion"
	evInspection = "inspection"
	evRestored   = "restored"
)

// An Event is one message from the worker to the kernel. ID is the request it answers;
// for a display event it is the number the kernel's acknowledgement (reqShown) carries.
type Event struct {
	ID         uint64           `json:"id"`
	Kind       string           `json:"kind"`
	Done       *Done            `json:"done,omitempty"`
	Display    *display.Message `json:"display,omitempty"`
	Prompt     string           `json:"prompt,omitempty"`
	Password   bool             `json:"password,omitempty"`
	Completion *Completion      `json:"completion,omitempty"`
	Inspection *Inspection      `json:"inspection,omitempty"`
	Restored   *Restored        `json:"restored,omitempty"`
	Pid        int              `json:"pid,omitempty"`
}

// Done ends an execute request.
type Done struct {
	HasValue bool   `json:"has_value,omitempty"`
	Value    string `json:"value,omitempty"`
	// Data holds rich representations of the value by MIME type, besides Value
	// (text/plain): see eval.Result.Data.
	Data  map[string]string `json:"data,omitempty"`
	Decls []eval.Decl       `json:"decls,omitempty"`
	Err   *eval.Error       `json:"err,omitempty"`
	// Warnings are notes for the student, such as variables reset by a redefinition.
	Warnings []string `json:"warnings,omitempty"`
	// Reset reports that the cell emptied the notebook (%reset): the declarations kept
	// for a new worker are dropped.
	Reset bool `json:"reset,omitempty"`
}

// Completion answers a complete request. Offsets are in bytes.
type Completion struct {
	Matches    []string `json:"matches"`
	Start, End int
}

// Inspection answers an inspect request.
type Inspection struct {
	Found bool   `json:"found"`
	Text  string `json:"text,omitempty"`
}

// Restored answers a restore request.
type Restored struct {
	Reset []string `json:"reset,omitempty"`
	Lost  []string `json:"lost,omitempty"`
	Err   string   `json:"err,omitempty"`
}
