package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"gocell/internal/display"
	"gocell/internal/eval"
)

// Config says how to start workers.
type Config struct {
	// Command is the program and arguments that start a worker: a program that calls
	// Serve. Nil means this program with the single argument "worker".
	Command []string
	// Env is the worker's environment; nil means the kernel's.
	Env []string
	// Grace is how long an interrupted cell may take to stop before its worker is
	// replaced. Zero means 500 ms.
	Grace time.Duration
	// MemoryLimit caps the worker's address space in bytes; a cell that goes over it dies
	// with the runtime's "out of memory" and the worker is replaced. Zero means 8 GiB.
	MemoryLimit uint64
	// Logger receives the supervisor's own log; nil discards it.
	Logger *slog.Logger
}

// A Sink receives a cell's output. Its methods may be called from any goroutine.
type Sink interface {
	Stream(name string, p []byte)
	Display(m display.Message)
	Input(ctx context.Context, prompt string, password bool) (string, error)
}

// A Result is how a cell ended.
type Result struct {
	HasValue bool
	Value    string
	// Data holds rich representations of the value by MIME type, besides Value
	// (text/plain): see eval.Result.Data.
	Data map[string]string
	// Err is set when the cell failed: it did not compile, it panicked, it was
	// interrupted, or the worker died.
	Err *eval.Error
}

// A Supervisor runs cells in a worker process and keeps one running.
type Supervisor struct {
	cfg        Config
	log        *slog.Logger
	ids        atomic.Uint64
	interrupts chan struct{}

	mu       sync.Mutex
	cur      *process      // the worker, once started
	starting chan struct{} // closed when the start under way has ended
	startErr error
	decls    []eval.Decl // every declaration of the notebook so far, in order
	sink     Sink        // where output goes: the last cell's, also after it ended
	running  bool        // a cell is running: Execute handles the worker's death
	closed   bool
}

// NewSupervisor starts the first worker in the background and returns at once.
func NewSupervisor(cfg Config) (*Supervisor, error) {
	if cfg.Command == nil {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("worker: finding this program: %w", err)
		}
		cfg.Command = []string{exe, "worker"}
	}
	if cfg.Grace <= 0 {
		cfg.Grace = 500 * time.Millisecond
	}
	if cfg.MemoryLimit == 0 {
		cfg.MemoryLimit = 8 << 30
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Supervisor{cfg: cfg, log: logger, interrupts: make(chan struct{}, 1)}
	s.startLocked(nil)
	return s, nil
}

// startLocked starts a worker in the background, restoring decls into it.
// s.mu is held, or s is not shared yet.
func (s *Supervisor) startLocked(decls []eval.Decl) {
	done := make(chan struct{})
	s.starting, s.cur, s.startErr = done, nil, nil
	go func() {
		p, err := s.spawn()
		if err == nil && len(decls) > 0 {
			var rerr error
			if p.restored, rerr = p.restore(decls); rerr != nil {
				// The declarations themselves kill the worker: start one without them.
				p.kill()
				if p, err = s.spawn(); err == nil {
					p.restored = &Restored{Err: rerr.Error()}
				}
			}
		}
		s.mu.Lock()
		if s.closed && p != nil {
			p.kill()
		}
		s.cur, s.startErr = p, err
		s.mu.Unlock()
		close(done)
	}()
}

// worker returns the running worker, waiting for one that is starting.
func (s *Supervisor) worker(ctx context.Context) (*process, error) {
	s.mu.Lock()
	starting := s.starting
	s.mu.Unlock()
	select {
	case <-starting:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errors.New("the evaluator is closed")
	}
	if s.startErr != nil {
		return nil, fmt.Errorf("starting the Go worker: %w", s.startErr)
	}
	return s.cur, nil
}

// Execute runs one cell, sending its output to sink, and returns how it ended. If the
// worker dies, or does not stop within the grace period after Interrupt, the cell fails
// with an error that says so and a new worker is started with the notebook's
// declarations.
func (s *Supervisor) Execute(ctx context.Context, code string, allowStdin bool, sink Sink) Result {
	select { // an interrupt that came while no cell ran is not for this one
	case <-s.interrupts:
	default:
	}
	var p *process
	for p == nil {
		w, err := s.worker(ctx)
		if err != nil {
			return Result{Err: &eval.Error{Name: "worker error", Message: err.Error(), Traceback: []string{err.Error()}}}
		}
		s.mu.Lock()
		if s.cur == w { // else it died and is being replaced: wait for the new one
			p = w
			s.sink = sink
			s.running = true
		}
		s.mu.Unlock()
	}
	defer func() {
		s.mu.Lock()
		s.running = false
		s.mu.Unlock()
	}()

	id := s.ids.Add(1)
	cellCtx, endCell := context.WithCancel(ctx)
	defer endCell()
	if err := p.send(Request{ID: id, Kind: reqExecute, Code: code, AllowStdin: allowStdin}); err != nil {
		<-p.exited
	}
	var grace <-chan time.Time
	interrupted := false
	for {
		select {
		case ev := <-p.replies:
			if ev.Kind != evDone || ev.ID != id || ev.Done == nil {
				continue
			}
			p.pipes.Drain()
			p.releaseHeld()
			for _, w := range ev.Done.Warnings {
				sink.Stream("stderr", []byte("warning: "+w+"\n"))
			}
			return s.finish(ev.Done)
		case ev := <-p.inputs:
			go s.answerInput(cellCtx, p, sink, ev)
		case <-p.exited:
			return s.replace(p, interrupted, false)
		case <-s.interrupts:
			interrupted = true
			p.send(Request{Kind: reqInterrupt})
			if grace == nil {
				grace = time.After(s.cfg.Grace)
			}
		case <-grace:
			p.kill()
			<-p.exited
			return s.replace(p, true, true)
		case <-ctx.Done():
			return Result{Err: &eval.Error{Name: "interrupted", Message: "the kernel is shutting down"}}
		}
	}
}

// finish records the cell's declarations and turns its Done into a Result.
func (s *Supervisor) finish(d *Done) Result {
	s.mu.Lock()
	if d.Reset {
		s.decls = nil
	}
	s.decls = append(s.decls, d.Decls...)
	s.mu.Unlock()
	return Result{HasValue: d.HasValue, Value: d.Value, Data: d.Data, Err: d.Err}
}

// answerInput asks the front end for a line and passes the answer to the worker.
func (s *Supervisor) answerInput(ctx context.Context, p *process, sink Sink, ev Event) {
	v, err := sink.Input(ctx, ev.Prompt, ev.Password)
	a := &InputAnswer{Value: v}
	if err != nil {
		a.Err = err.Error()
		if errors.Is(err, context.Canceled) {
			a.Err = "interrupted"
		}
	}
	p.send(Request{Kind: reqInput, Input: a})
}

// replace reports the end of worker p as the cell's error and starts a new worker with
// the notebook's declarations.
func (s *Supervisor) replace(p *process, interrupted, killed bool) Result {
	p.pipes.Drain()
	crash := p.takeHeld()
	p.pipes.Stop()
	status := describeExit(p.waitErr)

	s.mu.Lock()
	decls := append([]eval.Decl(nil), s.decls...)
	if !s.closed && s.cur == p {
		s.startLocked(decls)
	}
	s.mu.Unlock()

	var e eval.Error
	switch {
	case killed:
		e.Name = "interrupted"
		e.Message = fmt.Sprintf("the cell did not stop within %v of the interrupt", s.cfg.Grace)
		e.Traceback = []string{
			"interrupted: " + e.Message,
			"Something in it was blocked where an interrupt cannot reach (time.Sleep, a mutex, a WaitGroup,",
			"a system call), so the Go process running the notebook was stopped.",
		}
	case len(crash) > 0:
		r := parseCrash(string(crash))
		e.Name, e.Message = r.Name, r.Message
		e.Traceback = append(e.Traceback, r.Lines...)
	case interrupted:
		e.Name, e.Message = "interrupted", "the Go process running the notebook stopped: "+status
		e.Traceback = []string{e.Name + ": " + e.Message}
	default:
		e.Name, e.Message = "fatal error", "the Go process running the notebook stopped: "+status
		e.Traceback = []string{e.Name + ": " + e.Message}
	}
	e.Traceback = append(e.Traceback, "", s.restartNotice(decls))
	return Result{Err: &e}
}

// restartNotice waits for the new worker and says what the notebook kept and lost.
func (s *Supervisor) restartNotice(decls []eval.Decl) string {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := s.worker(ctx)
	if err != nil {
		return "A new Go process could not be started: " + err.Error()
	}
	var b strings.Builder
	b.WriteString("A new Go process was started")
	if len(decls) == 0 {
		b.WriteString(".")
		return b.String()
	}
	counts := map[string]int{}
	for _, d := range decls {
		counts[d.Kind]++
	}
	var kept []string
	for _, k := range []string{"import", "const", "type", "func", "var"} {
		if n := counts[k]; n > 0 {
			kept = append(kept, plural(n, k))
		}
	}
	fmt.Fprintf(&b, " and the notebook's declarations were restored (%s).", strings.Join(kept, ", "))
	if r := p.restored; r != nil {
		if len(r.Reset) > 0 {
			fmt.Fprintf(&b, "\nVariables back at their initial values: %s.", strings.Join(r.Reset, ", "))
		}
		if len(r.Lost) > 0 {
			fmt.Fprintf(&b, "\nVariables lost (run the cells that set them again): %s.", strings.Join(r.Lost, ", "))
		}
		if r.Err != "" {
			fmt.Fprintf(&b, "\nSome declarations could not be restored: %s", r.Err)
		}
	}
	return b.String()
}

func plural(n int, what string) string {
	names := map[string]string{"import": "import", "const": "constant", "type": "type", "func": "function", "var": "variable"}
	w := names[what]
	if n != 1 {
		w += "s"
	}
	return fmt.Sprintf("%d %s", n, w)
}

func describeExit(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return "killed by signal " + ws.Signal().String()
		}
		return ee.Error()
	}
	if err == nil {
		return "exit status 0"
	}
	return err.Error()
}

// watch replaces worker p if it dies while no cell runs, for instance of a panic in a
// goroutine that an earlier cell left running. What the runtime said is shown under the
// last cell, where the goroutine's output went.
func (s *Supervisor) watch(p *process) {
	<-p.exited
	s.mu.Lock()
	if s.running || s.cur != p || s.closed {
		s.mu.Unlock()
		return // Execute or Close deals with it
	}
	sink := s.sink
	decls := append([]eval.Decl(nil), s.decls...)
	s.startLocked(decls)
	s.mu.Unlock()

	p.pipes.Drain()
	crash := p.takeHeld()
	p.pipes.Stop()
	if sink == nil {
		return
	}
	var b strings.Builder
	b.WriteString("\nThe Go process running the notebook stopped after this cell ended")
	if len(crash) > 0 {
		r := parseCrash(string(crash))
		b.WriteString(":\n")
		b.WriteString(strings.Join(r.Lines, "\n"))
	} else {
		b.WriteString(": " + describeExit(p.waitErr))
	}
	b.WriteString("\n\n" + s.restartNotice(decls) + "\n")
	sink.Stream("stderr", []byte(b.String()))
}

// Interrupt stops the running cell, if any.
func (s *Supervisor) Interrupt() {
	select {
	case s.interrupts <- struct{}{}:
	default:
	}
}

// Complete asks the worker for completions; offsets are in bytes.
func (s *Supervisor) Complete(ctx context.Context, code string, cursor int) (Completion, error) {
	ev, err := s.ask(ctx, Request{Kind: reqComplete, Code: code, Cursor: cursor}, evCompletion)
	if err != nil || ev.Completion == nil {
		return Completion{Start: cursor, End: cursor}, err
	}
	return *ev.Completion, nil
}

// Inspect asks the worker for help on the code at cursor (a byte offset).
func (s *Supervisor) Inspect(ctx context.Context, code string, cursor, detail int) (Inspection, error) {
	ev, err := s.ask(ctx, Request{Kind: reqInspect, Code: code, Cursor: cursor, Detail: detail}, evInspection)
	if err != nil || ev.Inspection == nil {
		return Inspection{}, err
	}
	return *ev.Inspection, nil
}

// ask sends a request that the worker answers with one event of kind want.
func (s *Supervisor) ask(ctx context.Context, r Request, want string) (Event, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	p, err := s.worker(ctx)
	if err != nil {
		return Event{}, err
	}
	r.ID = s.ids.Add(1)
	if err := p.send(r); err != nil {
		return Event{}, err
	}
	for {
		select {
		case ev := <-p.replies:
			if ev.ID == r.ID && ev.Kind == want {
				return ev, nil
			}
		case <-p.exited:
			return Event{}, errors.New("the Go worker stopped")
		case <-ctx.Done():
			return Event{}, ctx.Err()
		}
	}
}

// Close stops the worker and everything it started.
func (s *Supervisor) Close() error {
	s.mu.Lock()
	s.closed = true
	p := s.cur
	starting := s.starting
	s.mu.Unlock()
	if p == nil {
		<-starting
		s.mu.Lock()
		p = s.cur
		s.mu.Unlock()
	}
	if p != nil {
		p.kill()
		<-p.exited
		p.pipes.Stop()
	}
	return nil
}

// WorkerPID returns the process ID of the current worker, or 0.
func (s *Supervisor) WorkerPID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil {
		return 0
	}
	return s.cur.pid
}

// stream passes worker output to the current sink.
func (s *Supervisor) stream(name string, b []byte) {
	if len(b) == 0 {
		return
	}
	s.mu.Lock()
	sink := s.sink
	s.mu.Unlock()
	if sink == nil {
		s.log.Info("worker output outside a cell", "stream", name, "text", string(b))
		return
	}
	sink.Stream(name, b)
}

func (s *Supervisor) show(m display.Message) {
	s.mu.Lock()
	sink := s.sink
	s.mu.Unlock()
	if sink != nil {
		sink.Display(m)
	}
}

// A process is one worker.
type process struct {
	s       *Supervisor
	cmd     *exec.Cmd
	pid     int
	pipes   *outputPipes
	crash   crashWatch // guarded by pipes.mu: deliver runs with it held
	heldAt  time.Time
	sendMu  sync.Mutex
	enc     *json.Encoder
	reqW    *os.File
	replies chan Event // answers to requests
	inputs  chan Event // input requests of the running cell
	exited  chan struct{}
	waitErr error

	restored *Restored // what the last restore said
}

// spawn starts a worker and waits until it is ready.
func (s *Supervisor) spawn() (*process, error) {
	p := &process{
		s:       s,
		replies: make(chan Event, 16),
		inputs:  make(chan Event, 1),
		exited:  make(chan struct{}),
	}
	pipes, outW, errW, err := newOutputPipes(p.deliver)
	if err != nil {
		return nil, err
	}
	p.pipes = pipes
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("pipe: %w", err)
	}
	evR, evW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("pipe: %w", err)
	}
	cmd := exec.Command(s.cfg.Command[0], s.cfg.Command[1:]...)
	cmd.Env = s.cfg.Env
	cmd.Stdout, cmd.Stderr = outW, errW
	cmd.ExtraFiles = []*os.File{reqR, evW}
	// Its own process group, so that one signal reaches the worker and every child it
	// starts; and killed if the kernel's thread that started it goes away.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	err = cmd.Start()
	for _, f := range []*os.File{outW, errW, reqR, evW} {
		f.Close()
	}
	if err != nil {
		reqW.Close()
		evR.Close()
		pipes.Stop()
		return nil, fmt.Errorf("starting %s: %w", s.cfg.Command[0], err)
	}
	p.cmd, p.pid, p.reqW, p.enc = cmd, cmd.Process.Pid, reqW, json.NewEncoder(reqW)
	lim := unix.Rlimit{Cur: s.cfg.MemoryLimit, Max: s.cfg.MemoryLimit}
	if err := unix.Prlimit(p.pid, unix.RLIMIT_AS, &lim, nil); err != nil {
		s.log.Warn("limiting the worker's memory", "err", err)
	}
	go pipes.run()
	ready := make(chan struct{})
	go p.readEvents(evR, ready)
	go func() {
		p.waitErr = cmd.Wait()
		reqW.Close()
		close(p.exited)
	}()
	select {
	case <-ready:
		go s.watch(p)
		return p, nil
	case <-p.exited:
		p.pipes.Drain()
		p.pipes.Stop()
		return nil, fmt.Errorf("the worker exited as it started: %s", describeExit(p.waitErr))
	case <-time.After(30 * time.Second):
		p.kill()
		return nil, errors.New("the worker did not start within 30 s")
	}
}

func (p *process) send(r Request) error {
	p.sendMu.Lock()
	defer p.sendMu.Unlock()
	if err := p.enc.Encode(r); err != nil {
		return fmt.Errorf("sending to the worker: %w", err)
	}
	return nil
}

// kill ends the worker's whole process group.
func (p *process) kill() {
	syscall.Kill(-p.pid, syscall.SIGKILL)
	syscall.Kill(p.pid, syscall.SIGKILL)
}

// readEvents reads the worker's events and routes them: display output to the sink at
// once (after the output printed before it), input requests to the running cell, and
// answers to whoever waits for them.
func (p *process) readEvents(r io.ReadCloser, ready chan struct{}) {
	defer r.Close()
	dec := json.NewDecoder(r)
	for {
		var ev Event
		if err := dec.Decode(&ev); err != nil {
			return
		}
		switch ev.Kind {
		case evReady:
			close(ready)
		case evDisplay:
			if ev.Display != nil {
				p.pipes.Drain()
				p.s.show(*ev.Display)
			}
			p.send(Request{ID: ev.ID, Kind: reqShown})
		case evInput:
			p.pipes.Drain()
			select {
			case p.inputs <- ev:
			default:
				p.send(Request{Kind: reqInput, Input: &InputAnswer{Err: "no cell is waiting for input"}})
			}
		default:
			p.replies <- ev
		}
	}
}

// deliver receives the worker's output; it runs with pipes.mu held.
func (p *process) deliver(name string, b []byte) {
	if name == "stderr" {
		wasHolding := p.crash.holding
		b = p.crash.filter(b)
		if p.crash.holding && !wasHolding {
			p.heldAt = time.Now()
			time.AfterFunc(time.Second, p.releaseIfAlive)
		}
	}
	p.s.stream(name, b)
}

// releaseIfAlive passes on held-back stderr if the worker did not die after all. A
// "fatal error" always ends the process, however long it takes (printing a deep stack,
// freeing a large heap, on a busy machine): that is held until it does.
func (p *process) releaseIfAlive() {
	select {
	case <-p.exited:
		return
	default:
	}
	p.pipes.mu.Lock()
	fatal := bytes.HasPrefix(p.crash.held, []byte("fatal error: ")) || bytes.Contains(p.crash.held, []byte("\nfatal error: "))
	p.pipes.mu.Unlock()
	if fatal {
		time.AfterFunc(time.Second, p.releaseIfAlive)
		return
	}
	p.releaseHeld()
}

// releaseHeld passes on stderr held back by the crash watch.
func (p *process) releaseHeld() {
	p.pipes.mu.Lock()
	b := p.crash.release()
	p.pipes.mu.Unlock()
	p.s.stream("stderr", b)
}

// takeHeld returns stderr held back by the crash watch, for the crash report.
func (p *process) takeHeld() []byte {
	p.pipes.mu.Lock()
	defer p.pipes.mu.Unlock()
	if !p.crash.holding {
		return nil
	}
	return p.crash.release()
}

// restore sends the notebook's declarations to a fresh worker.
func (p *process) restore(decls []eval.Decl) (*Restored, error) {
	id := p.s.ids.Add(1)
	if err := p.send(Request{ID: id, Kind: reqRestore, Decls: decls}); err != nil {
		return nil, err
	}
	for {
		select {
		case ev := <-p.replies:
			if ev.ID == id && ev.Restored != nil {
				return ev.Restored, nil
			}
		case <-p.exited:
			return nil, fmt.Errorf("the worker died while restoring declarations: %s", describeExit(p.waitErr))
		}
	}
}
