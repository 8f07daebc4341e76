package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A Process is a child process that runs a function of the notebook, or the
// Run method of a value, in a fresh interpreter. Make one with [Command] or
// [New]; set its fields before Start.
type Process struct {
	// Name names the process in the tables and pictures, and in the child
	// (Current().Name; ps shows its first 15 bytes). By default it is
	// "Process-N", the N-th process this process started.
	Name string
	// Target is what the child runs: a top-level function of the notebook,
	// called with Args, or a value with a Run method (see New).
	Target any
	// Args are the arguments of Target. The child gets copies of them.
	Args []any

	host *Host

	mu       sync.Mutex
	daemon   bool
	started  bool
	joined   bool
	pid      int
	proc     *os.Process
	start    time.Time
	end      time.Time     // when the child was seen gone
	gone     chan struct{} // closed when the child's events end: it has exited
	errDone  chan struct{} // closed when the child's standard error is all copied
	exitCode int           // once joined
}

// A Func is a top-level function of the notebook together with its name,
// which a child needs to find it. Cells need not write it: passing a
// function's name to Command, or as a Process's Target, makes one.
type Func struct {
	name string
	fn   any
}

// FuncOf returns the Func of the notebook's function fn, named name.
func FuncOf(name string, fn any) Func { return Func{name: name, fn: fn} }

// A Runner is a value of a type of the notebook with a Run method, together
// with the type's name. Cells need not write it: New makes one.
type Runner struct {
	typ string
	v   any
}

// RunnerOf returns the Runner of v, whose type is named typ.
func RunnerOf(typ string, v any) Runner { return Runner{typ: typ, v: v} }

// Command returns a Process that calls target with args: target is a
// function declared at the top level of the notebook, as with Python's
// Process(target=task, args=(...)).
func (h *Host) Command(target any, args ...any) *Process {
	return &Process{Target: target, Args: args, host: h}
}

// New returns a Process that calls v's Run method: v is a value, or a
// pointer, of a type of the notebook with a method Run(), as with a subclass
// of Python's Process that overrides run. The child gets a copy of v.
func (h *Host) New(v any) *Process {
	return &Process{Target: v, host: h}
}

// SetDaemon makes p a daemon, or not. A daemon is killed when the cell that
// started it ends; the cell waits for the other children. It is an error
// once p has started.
func (p *Process) SetDaemon(daemon bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.started {
		return fmt.Errorf("sandbox: SetDaemon on %s: process already started", p.Name)
	}
	p.daemon = daemon
	return nil
}

// Daemon reports whether p is a daemon.
func (p *Process) Daemon() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.daemon
}

// Start starts the child process. It returns once the child runs, with an
// error if it cannot start: nothing to run, an argument that can't be copied,
// or the limit on child processes reached.
func (p *Process) Start() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.started {
		return fmt.Errorf("sandbox: %s already started", p.describe())
	}
	h := p.host
	if h == nil {
		return errNoTarget
	}
	if p.Name == "" {
		p.Name = h.nextName()
	}
	job, err := p.job()
	if err != nil {
		return err
	}
	c, err := h.spawn(job)
	if err != nil {
		return err
	}
	p.started, p.pid, p.proc, p.start, p.gone, p.exitCode = true, c.proc.Pid, c.proc, c.start, make(chan struct{}), -1
	p.errDone = c.errDone
	go p.follow(c)
	h.started(p)
	return nil
}

// job returns the child's job for p.
func (p *Process) job() (Job, error) {
	h := p.host
	j := Job{Name: p.Name, State: h.state, Limits: h.currentLimits()}
	switch t := p.Target.(type) {
	case Func:
		j.Func = t.name
		for i, a := range p.Args {
			b, err := encodeValue(a)
			if err != nil {
				return j, fmt.Errorf("sandbox: %s: argument %d: %w", p.Name, i+1, err)
			}
			j.Args = append(j.Args, b)
		}
	case Runner:
		v := reflect.ValueOf(t.v)
		for v.Kind() == reflect.Pointer && !v.IsNil() {
			v = v.Elem()
		}
		if !v.IsValid() {
			return j, fmt.Errorf("sandbox: %s: New(nil): no value to run", p.Name)
		}
		b, err := encodeValue(v.Interface())
		if err != nil {
			return j, fmt.Errorf("sandbox: %s: the value to run: %w", p.Name, err)
		}
		j.Runner, j.Args = t.typ, []json.RawMessage{b}
	case nil:
		return j, errNoTarget
	default:
		if reflect.TypeOf(t).Kind() == reflect.Func {
			return j, fmt.Errorf("sandbox: %s: the target must be a function declared at the top level of the notebook, passed by its name (sandbox.Command(task, ...)); a function literal or a variable holding a function exists only in this process", p.Name)
		}
		return j, fmt.Errorf("sandbox: %s: cannot tell the type of the value given to New: pass a composite literal (sandbox.New(Worker{...}) or sandbox.New(&Worker{...})) or a variable declared with one", p.Name)
	}
	if h.cfg.Decls != nil {
		d, err := h.cfg.Decls()
		if err != nil {
			return j, fmt.Errorf("sandbox: %s: %w", p.Name, err)
		}
		j.Decls = d
	}
	j.Env = os.Environ()
	if wd, err := os.Getwd(); err == nil {
		j.Dir = wd
	}
	return j, nil
}

// follow reads the child's events until it exits.
func (p *Process) follow(c *spawned) {
	for {
		var ev childEvent
		if err := c.dec.Decode(&ev); err != nil {
			break
		}
		if ev.Kind == evSpan && ev.Span != nil {
			p.host.addSpan(*ev.Span)
		}
	}
	c.events.Close()
	p.mu.Lock()
	p.end = time.Now()
	p.mu.Unlock()
	close(p.gone)
}

// Join waits for the child to exit, and collects its exit status: until
// then, a child that has exited stays a zombie. Join on a process already
// joined returns at once.
func (p *Process) Join() error {
	p.mu.Lock()
	if !p.started {
		p.mu.Unlock()
		return fmt.Errorf("sandbox: Join of %s: process not started", p.describe())
	}
	if p.joined {
		p.mu.Unlock()
		return nil
	}
	proc, errDone, gone := p.proc, p.errDone, p.gone
	p.mu.Unlock()
	st, err := proc.Wait()
	// What it wrote to standard error comes before what follows the Join,
	// and its end is on the timeline.
	<-errDone
	<-gone
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.joined {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sandbox: Join of %s: %w", p.describe(), err)
	}
	p.joined = true
	p.exitCode = exitCode(st)
	p.host.forget(p)
	return nil
}

// JoinTimeout waits at most d for the child to exit, and reports whether it
// did (and was joined).
func (p *Process) JoinTimeout(d time.Duration) bool {
	p.mu.Lock()
	started, gone := p.started, p.gone
	p.mu.Unlock()
	if !started {
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-gone:
	case <-t.C:
		if p.exited() {
			break
		}
		return false
	}
	return p.Join() == nil
}

// IsAlive reports whether the child has started and has not exited. A child
// that has exited is not alive, even while it is a zombie waiting for Join.
func (p *Process) IsAlive() bool {
	p.mu.Lock()
	started, joined := p.started, p.joined
	p.mu.Unlock()
	return started && !joined && !p.exited()
}

// exited asks the operating system whether the child has exited, without
// collecting its status (so a zombie stays one).
func (p *Process) exited() bool {
	_, ok := p.peek()
	return ok
}

// peek returns the exit status of a child that has exited but has not been
// joined, leaving it a zombie.
func (p *Process) peek() (code int, ok bool) {
	p.mu.Lock()
	pid, joined, code0 := p.pid, p.joined, p.exitCode
	p.mu.Unlock()
	if joined {
		return code0, true
	}
	if pid == 0 {
		return -1, false
	}
	var info siginfo
	_, _, errno := unix.Syscall6(unix.SYS_WAITID, unix.P_PID, uintptr(pid), uintptr(unsafe.Pointer(&info)), unix.WEXITED|unix.WNOHANG|unix.WNOWAIT, 0, 0)
	if errno != 0 || info.pid == 0 {
		return -1, false
	}
	switch info.code {
	case cldExited:
		return int(info.status), true
	default:
		return -int(info.status), true
	}
}

// siginfo is the part of Linux's siginfo_t that waitid fills for a child.
type siginfo struct {
	signo, errno, code int32
	_                  int32
	pid                int32
	uid                uint32
	status             int32
	_                  [100]byte
}

const cldExited = 1 // CLD_EXITED

// Terminate asks the child to stop, with SIGTERM. It takes effect a little
// later: IsAlive may still report true right after.
func (p *Process) Terminate() error { return p.signal(unix.SIGTERM) }

// Kill kills the child, with SIGKILL.
func (p *Process) Kill() error { return p.signal(unix.SIGKILL) }

func (p *Process) signal(sig syscall.Signal) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.started {
		return fmt.Errorf("sandbox: %s: process not started", p.describe())
	}
	if p.joined {
		return nil
	}
	// A zombie can be signalled harmlessly; its PID is not reused before Join.
	if err := unix.Kill(p.pid, sig); err != nil && !errors.Is(err, unix.ESRCH) {
		return fmt.Errorf("sandbox: %s: %w", p.describe(), err)
	}
	return nil
}

// Pid returns the child's process ID, or 0 before Start.
func (p *Process) Pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pid
}

// ExitCode returns the child's exit status once it has exited: its exit
// code, or -N when signal N ended it (SIGTERM: -15), as Python's exitcode.
// Before the child has exited it returns -1... unless it was ended by
// signal 1, which also gives -1: check IsAlive. It does not collect the
// status: a zombie stays a zombie until Join.
func (p *Process) ExitCode() int {
	code, ok := p.peek()
	if !ok {
		return -1
	}
	return code
}

// String describes p, as Python prints a Process.
func (p *Process) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.describe()
}

// describe is String, with p.mu held.
func (p *Process) describe() string {
	name := p.Name
	if name == "" {
		name = "Process"
	}
	switch {
	case !p.started:
		return fmt.Sprintf("<%s initial>", name)
	case p.joined:
		return fmt.Sprintf("<%s pid=%d stopped exitcode=%d>", name, p.pid, p.exitCode)
	}
	d := ""
	if p.daemon {
		d = " daemon"
	}
	return fmt.Sprintf("<%s pid=%d started%s>", name, p.pid, d)
}

func exitCode(st *os.ProcessState) int {
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -int(ws.Signal())
	}
	return st.ExitCode()
}
