package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"strings"
	"sync"
	"syscall"

	"gocell/internal/check"
	"gocell/internal/display"
	"gocell/internal/eval"
	"gocell/internal/sandbox"
)

// Serve runs the worker: it reads Requests on descriptor 3 and writes Events on
// descriptor 4 until the kernel closes its end, then kills its process group, so that
// nothing it started outlives the kernel.
func Serve() error {
	// The interpreter sometimes logs its own troubles on the standard logger; cells have
	// loggers of their own, so that one is not the cell's output.
	log.SetOutput(io.Discard)
	// Processes that cells start inherit standard output and error, never these two.
	syscall.CloseOnExec(requestFD)
	syscall.CloseOnExec(eventFD)
	reqs := os.NewFile(requestFD, "requests")
	evs := os.NewFile(eventFD, "events")
	if reqs == nil || evs == nil {
		return errors.New("worker: descriptors 3 and 4 are not open; the worker is started by the kernel")
	}
	w := &server{enc: json.NewEncoder(evs), input: make(chan InputAnswer, 1), shown: map[uint64]chan struct{}{}}
	w.display = display.New(w.show)
	sess, err := eval.New(eval.Options{
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Stdin:  &stdinReader{ask: w.ask},
	})
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	if err := sess.Use(display.ImportPath, w.display.Symbols()); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	w.sess = sess
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	host, err := sandbox.NewHost(sandbox.Config{
		Name:    "MainProcess",
		Command: []string{exe, "child"},
		Decls:   func() (json.RawMessage, error) { return json.Marshal(sess.Decls()) },
		Pool:    4,
	})
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	if err := sess.Use(sandbox.ImportPath, host.Symbols()); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	w.host = host
	w.check = newChecker(w.show, host)
	if err := sess.Use(check.ImportPath, w.check.Symbols()); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	w.send(Event{Kind: evReady, Pid: os.Getpid()})

	dec := json.NewDecoder(reqs)
	for {
		var r Request
		if err := dec.Decode(&r); err != nil {
			// The kernel is gone (or spoke nonsense): take everything started here with us.
			host.RemoveState()
			syscall.Kill(-os.Getpid(), syscall.SIGKILL)
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("worker: reading requests: %w", err)
		}
		w.handle(r)
	}
}

// server is the worker's state.
type server struct {
	sess    *eval.Session
	display *display.Display
	host    *sandbox.Host
	check   *check.Checker

	encMu sync.Mutex
	enc   *json.Encoder

	mu         sync.Mutex
	execID     uint64             // the running cell's request, 0 when idle
	cancel     context.CancelFunc // stops the running cell
	ctx        context.Context    // the running cell's context
	allowStdin bool

	input chan InputAnswer

	showMu  sync.Mutex
	showSeq uint64
	shown   map[uint64]chan struct{} // display events waiting for the kernel
}

// show sends a display event and waits until the kernel has published it.
func (w *server) show(m display.Message) {
	w.showMu.Lock()
	w.showSeq++
	seq := w.showSeq
	ack := make(chan struct{})
	w.shown[seq] = ack
	w.showMu.Unlock()
	w.send(Event{ID: seq, Kind: evDisplay, Display: &m})
	<-ack
}

func (w *server) send(e Event) {
	w.encMu.Lock()
	defer w.encMu.Unlock()
	if err := w.enc.Encode(e); err != nil {
		// The kernel is gone; the request reader will see it and end the worker.
		fmt.Fprintln(os.Stderr, "gocell worker: sending event:", err)
	}
}

func (w *server) handle(r Request) {
	switch r.Kind {
	case reqExecute:
		w.execute(r)
	case reqInterrupt:
		w.mu.Lock()
		if w.cancel != nil {
			w.cancel()
			// The cell's child processes are part of its program: they end too.
			w.host.Interrupt()
		}
		w.mu.Unlock()
	case reqInput:
		a := InputAnswer{Err: "no answer"}
		if r.Input != nil {
			a = *r.Input
		}
		select {
		case w.input <- a:
		default:
		}
	case reqShown:
		w.showMu.Lock()
		if ack, ok := w.shown[r.ID]; ok {
			close(ack)
			delete(w.shown, r.ID)
		}
		w.showMu.Unlock()
	case reqComplete:
		m, start, end := w.sess.Complete(r.Code, r.Cursor)
		if m == nil {
			m = []string{}
		}
		w.send(Event{ID: r.ID, Kind: evCompletion, Completion: &Completion{Matches: m, Start: start, End: end}})
	case reqInspect:
		text, found := w.sess.Inspect(r.Code, r.Cursor, r.Detail)
		w.send(Event{ID: r.ID, Kind: evInspection, Inspection: &Inspection{Found: found, Text: text}})
	case reqRestore:
		reset, lost, err := w.sess.Restore(r.Decls)
		if importsSandbox(r.Decls) {
			w.host.Warm()
		}
		res := &Restored{Reset: reset, Lost: lost}
		if err != nil {
			res.Err = err.Error()
		}
		w.send(Event{ID: r.ID, Kind: evRestored, Restored: res})
	default:
		fmt.Fprintf(os.Stderr, "gocell worker: unknown request %q\n", r.Kind)
	}
}

// execute runs a cell on its own goroutine, so that interrupts and input answers are
// read while it runs.
func (w *server) execute(r Request) {
	ctx, cancel := context.WithCancel(context.Background())
	w.mu.Lock()
	w.execID, w.cancel, w.ctx, w.allowStdin = r.ID, cancel, ctx, r.AllowStdin
	w.mu.Unlock()
	// A stale answer must not be read by this cell.
	select {
	case <-w.input:
	default:
	}
	go func() {
		w.host.BeginCell(ctx)
		w.check.BeginCell()
		res, err := w.sess.Execute(ctx, r.Code)
		if ce := checkError(w.check); ce != nil && err == nil {
			err = ce
		}
		// The cell's program has ended: its children end as a program's do.
		w.host.EndCell(ctx)
		if strings.Contains("\n"+r.Code, "\n!") {
			// Shell lines may have left processes in the background: they
			// end with the cell too.
			w.host.ReapOrphans()
		}
		switch {
		case importsSandbox(res.Decls):
			w.host.Warm()
		case len(res.Decls) > 0 || res.Reset:
			// Children started ahead hold the notebook's declarations: those
			// of before this cell are replaced.
			w.host.Refresh()
		}
		cancel()
		d := &Done{HasValue: res.HasValue, Value: res.Text, Data: res.Data, Decls: res.Decls, Warnings: res.Warnings, Reset: res.Reset}
		if err != nil {
			var ee *eval.Error
			if !errors.As(err, &ee) {
				ee = &eval.Error{Name: "error", Message: err.Error()}
			}
			d.Err = ee
		}
		w.mu.Lock()
		w.cancel, w.ctx = nil, nil
		w.mu.Unlock()
		w.send(Event{ID: r.ID, Kind: evDone, Done: d})
	}()
}

// ask asks the front end for a line for the running cell.
func (w *server) ask() (string, error) {
	w.mu.Lock()
	id, ctx, allow := w.execID, w.ctx, w.allowStdin
	w.mu.Unlock()
	if ctx == nil {
		return "", errors.New("no cell is running")
	}
	if !allow {
		return "", errNoStdin
	}
	w.send(Event{ID: id, Kind: evInput})
	select {
	case a := <-w.input:
		if a.Err != "" {
			return "", errors.New(a.Err)
		}
		return a.Value, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

var errNoStdin = errors.New("this front end does not accept input (allow_stdin is false)")

// stdinReader is what cells read as standard input: each time it runs dry it asks the
// front end for one more line.
type stdinReader struct {
	ask func() (string, error)
	buf []byte
}

func (r *stdinReader) Read(p []byte) (int, error) {
	if len(r.buf) == 0 {
		line, err := r.ask()
		if err != nil {
			fmt.Fprintf(os.Stderr, "stdin: %v; reading sees end of file\n", err)
			return 0, io.EOF
		}
		r.buf = append(r.buf, line...)
		r.buf = append(r.buf, '\n')
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// importsSandbox reports whether decls import the sandbox package: the
// notebook will start processes, so the pool of ready children should fill.
func importsSandbox(decls []eval.Decl) bool {
	for _, d := range decls {
		if d.Kind == eval.KindImport && strings.Contains(d.Source, `"`+sandbox.ImportPath+`"`) {
			return true
		}
	}
	return false
}
