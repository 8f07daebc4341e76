package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// ImportPath is the path cells import the package from.
const ImportPath = "gocell/sandbox"

// Config is what the program that runs cells tells its Host.
type Config struct {
	// Name is the name of this process: "MainProcess" for the process
	// running the notebook, the Process's Name in a child.
	Name string
	// Decls returns the notebook's declarations, for a child to restore.
	Decls func() (json.RawMessage, error)
	// Command is the program and arguments that start a child process of
	// this program (which then calls AcceptJob), e.g. {"/usr/bin/gocell", "child"}.
	Command []string
	// Child is the job this process runs, in a child; nil in the process
	// running the notebook.
	Child *Child
	// Pool is how many children to keep started ahead, ready for a job.
	Pool int
}

// A Host is the sandbox of one process: the children it started, the
// state the kernel's processes share, and the symbols cells use. The
// process running the notebook has one, and so does each child.
type Host struct {
	cfg      Config
	state    string   // directory shared by the kernel's processes
	ownState bool     // this host made it and removes it
	lifeline *os.File // read end, handed to every child
	keepLife *os.File // write end, in the process running the notebook only
	pool     *pool

	mu        sync.Mutex
	limits    Limits
	limitsSet bool
	seq       int        // children started, for default names
	running   []*Process // started and not yet joined
	cell      []*Process // started during the current cell, for the timeline
	spans     []Span     // recorded with Track during the current cell
	locks     []*Lock    // made here, for the timeline
	cellStart time.Time
	cellCtx   context.Context
}

// NewHost returns the Host of this process. In the process running the
// notebook (cfg.Child nil) it makes the shared state directory, becomes the
// subreaper of its descendants, and makes the lifeline.
func NewHost(cfg Config) (*Host, error) {
	h := &Host{cfg: cfg, cellStart: time.Now(), cellCtx: context.Background()}
	if cfg.Name == "" {
		h.cfg.Name = "MainProcess"
	}
	if cfg.Child != nil {
		// The job may not have come yet: its name and limits are read when
		// needed (see name and currentLimits).
		h.state = os.Getenv(stateEnv)
		h.lifeline = os.NewFile(lifelineFD, "lifeline")
	} else {
		dir, err := os.MkdirTemp("", "gocell-sandbox-")
		if err != nil {
			return nil, fmt.Errorf("sandbox: %w", err)
		}
		h.state, h.ownState = dir, true
		r, w, err := os.Pipe()
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("sandbox: %w", err)
		}
		h.lifeline, h.keepLife = r, w
		// Orphans of the notebook's processes come to this process rather than
		// to init, so that they can be shown, and ended with their cell.
		if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
			return nil, fmt.Errorf("sandbox: becoming a subreaper: %w", err)
		}
	}
	if cfg.Pool > 0 {
		h.pool = newPool(h, cfg.Pool)
	}
	return h, nil
}

// Close kills every child and removes the shared state of a host that made
// it.
func (h *Host) Close() error {
	h.killAll()
	h.EndCell(context.Background())
	if h.pool != nil {
		h.pool.close()
	}
	if h.ownState {
		return os.RemoveAll(h.state)
	}
	return nil
}

// Warm starts the children of the pool, if it has one, ahead of the first
// Start: the notebook has imported the package.
func (h *Host) Warm() {
	if h.pool != nil {
		h.pool.warm()
	}
}

// Refresh tells the host that the notebook's declarations may have changed:
// children of the pool prepared with other ones are replaced.
func (h *Host) Refresh() {
	if h.pool == nil || h.cfg.Decls == nil {
		return
	}
	if decls, err := h.cfg.Decls(); err == nil {
		h.pool.refresh(decls)
	}
}

// RemoveState removes the shared state of a host that made it, at once: the
// process is about to end.
func (h *Host) RemoveState() {
	if h.ownState {
		os.RemoveAll(h.state)
	}
}

// BeginCell starts a cell: the timeline starts again, and ctx is the cell's
// (cancelled when the cell is interrupted).
func (h *Host) BeginCell(ctx context.Context) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.cell, h.spans, h.cellStart, h.cellCtx = nil, nil, time.Now(), ctx
}

// EndCell ends a cell as a program ends: it waits for the children that are
// not daemons, kills the daemons, then kills the orphans this process
// adopted. When ctx is done first, it kills the children it was waiting
// for. It returns how many children it waited for and killed.
func (h *Host) EndCell(ctx context.Context) (waited, killed int) {
	h.mu.Lock()
	procs := append([]*Process(nil), h.running...)
	quiet := len(procs) == 0 && len(h.cell) == 0
	h.mu.Unlock()
	if quiet {
		// The cell started no process and none is left from before: there
		// can be no orphan of the sandbox's to look for either.
		return 0, 0
	}
	for _, p := range procs {
		if p.Daemon() {
			if p.IsAlive() {
				killed++
			}
			p.signal(unix.SIGKILL)
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, p := range procs {
			if !p.Daemon() && p.IsAlive() {
				waited++
			}
			p.Join()
		}
	}()
	select {
	case <-done:
	case <-ctx.Done():
		for _, p := range procs {
			p.signal(unix.SIGKILL)
		}
		<-done
	}
	h.reapAdopted()
	return waited, killed
}

// Interrupt kills every child: the cell was interrupted.
func (h *Host) Interrupt() { h.killAll() }

func (h *Host) killAll() {
	h.mu.Lock()
	procs := append([]*Process(nil), h.running...)
	h.mu.Unlock()
	for _, p := range procs {
		p.signal(unix.SIGKILL)
	}
}

// SetLimits changes the limits for children started from now on.
func (h *Host) SetLimits(l Limits) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.limits, h.limitsSet = l, true
}

// currentLimits returns the limits for children started now: those set with
// SetLimits, else, in a child, its own.
func (h *Host) currentLimits() Limits {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.limitsSet && h.cfg.Child != nil {
		return h.cfg.Child.Job.Limits
	}
	return h.limits
}

// name returns the name of this process: the job's, in a child.
func (h *Host) name() string {
	if c := h.cfg.Child; c != nil && c.Job.Name != "" {
		return c.Job.Name
	}
	return h.cfg.Name
}

// forget drops p from the running children.
func (h *Host) forget(p *Process) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i, q := range h.running {
		if q == p {
			h.running = append(h.running[:i], h.running[i+1:]...)
			return
		}
	}
}

// started records p as running.
func (h *Host) started(p *Process) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.running = append(h.running, p)
	h.cell = append(h.cell, p)
}

// nextName returns the default name of the next child, as Python names them.
func (h *Host) nextName() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seq++
	return "Process-" + strconv.Itoa(h.seq)
}

// ReapOrphans kills and reaps the orphans this process adopted, as the end
// of a cell does: the cell ran shell commands, which may have left processes
// in the background.
func (h *Host) ReapOrphans() { h.reapAdopted() }

// reapAdopted kills and reaps the orphans this process adopted: processes
// whose parent is this one and that it did not start itself (the children of
// the sandbox's children, of shell commands). Killing them can orphan more,
// so it goes on until none is left.
func (h *Host) reapAdopted() {
	if !h.ownState {
		return
	}
	for range 100 {
		found := false
		for _, pid := range h.adopted() {
			found = true
			unix.Kill(pid, unix.SIGKILL)
			var ws unix.WaitStatus
			unix.Wait4(pid, &ws, 0, nil)
		}
		if !found {
			return
		}
	}
}

// adopted returns the PIDs of the orphans described in reapAdopted.
func (h *Host) adopted() []int {
	self := os.Getpid()
	own := map[int]bool{}
	h.mu.Lock()
	for _, p := range h.running {
		own[p.Pid()] = true
	}
	h.mu.Unlock()
	if h.pool != nil {
		for _, pid := range h.pool.pids() {
			own[pid] = true
		}
	}
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	mine := []byte("\x00" + parentEnv + "=" + strconv.Itoa(self) + "\x00")
	var out []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || own[pid] {
			continue
		}
		info, err := readStat(pid)
		if err != nil || info.Ppid != self {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil && info.State != "Z" {
			continue
		}
		env = append([]byte{0}, env...)
		// A child this process started itself names it in its environment
		// (see env): one of the pool, between its start and its entry there.
		if info.State == "Z" || !bytes.Contains(env, mine) {
			out = append(out, pid)
		}
	}
	return out
}

// env returns the environment for a child: this one, with the shared state
// and this process as the parent.
func (h *Host) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := cutEnv(kv); k != stateEnv && k != parentEnv && k != "GOTRACEBACK" {
			env = append(env, kv)
		}
	}
	// A child that crashes (out of memory, a panic in a goroutine) says why
	// in a line, without the interpreter's stack.
	return append(env, stateEnv+"="+h.state, parentEnv+"="+strconv.Itoa(os.Getpid()), "GOTRACEBACK=none")
}

// parentEnv names the environment variable holding the PID of the process
// that started a child: an orphan adopted by the process running the
// notebook has another one there.
const parentEnv = "GOCELL_SANDBOX_PARENT"

// errNoTarget is the error of a Process that has nothing to run.
var errNoTarget = errors.New("sandbox: the process has no target: make it with sandbox.Command(f, args...) or sandbox.New(v)")
