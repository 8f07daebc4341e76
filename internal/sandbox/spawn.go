package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// A spawned is a child process of this program in its child mode, before or
// after it got its job.
type spawned struct {
	proc   *os.Process
	jobs   *os.File // write end of the child's descriptor 3
	events *os.File // read end of the child's descriptor 4
	stderr *os.File // read end of the child's standard error
	dec    *json.Decoder
	// prepared are the declarations the child restored ahead of its job,
	// or nil.
	prepared json.RawMessage
	start    time.Time
	// errDone is closed when the child's standard error has been copied to
	// ours, to its end.
	errDone chan struct{}
}

// startChild starts a child process, which readies an interpreter and then
// waits for its job. With prepare, it first restores those declarations.
func (h *Host) startChild(prepare json.RawMessage) (*spawned, error) {
	if len(h.cfg.Command) == 0 {
		return nil, errors.New("sandbox: this process cannot start children")
	}
	jobR, jobW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	evR, evW, err := os.Pipe()
	if err != nil {
		jobR.Close()
		jobW.Close()
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		jobR.Close()
		jobW.Close()
		evR.Close()
		evW.Close()
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	null, err := os.Open(os.DevNull)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	defer null.Close()
	proc, err := os.StartProcess(h.cfg.Command[0], h.cfg.Command, &os.ProcAttr{
		Env:   h.env(),
		Files: []*os.File{null, os.Stdout, errW, jobR, evW, h.lifeline},
	})
	jobR.Close()
	evW.Close()
	errW.Close()
	if err != nil {
		jobW.Close()
		evR.Close()
		errR.Close()
		return nil, fmt.Errorf("sandbox: starting a child process: %w", err)
	}
	c := &spawned{proc: proc, jobs: jobW, events: evR, stderr: errR, dec: json.NewDecoder(evR), errDone: make(chan struct{})}
	if prepare != nil {
		// The child reads it once its interpreter is ready; a notebook whose
		// declarations fill the pipe makes this wait until then.
		if err := json.NewEncoder(jobW).Encode(Job{Prepare: true, Decls: prepare}); err == nil {
			c.prepared = prepare
		}
	}
	return c, nil
}

// spawn runs job in a child: one of the pool, or a new one. It returns once
// the child has accepted the job.
func (h *Host) spawn(job Job) (*spawned, error) {
	if n := job.Limits.children(); !slotFree(job.State, n) {
		return nil, fmt.Errorf("%w: %d are running, the limit (see sandbox.SetLimits)", ErrLimit, n)
	}
	var c *spawned
	if h.pool != nil {
		c = h.pool.take()
	}
	if c != nil {
		if rest, ok := extends(c.prepared, job.Decls); ok {
			// The child restores only what the notebook declared since.
			job.Decls, job.Prepared = rest, true
		} else {
			// Prepared with declarations the notebook has changed since.
			go c.discard()
			c = nil
		}
	}
	if c == nil {
		var err error
		if c, err = h.startChild(nil); err != nil {
			return nil, err
		}
	}
	c.start = time.Now()
	go func() {
		defer close(c.errDone)
		copyStderr(os.Stderr, c.stderr, job.Name, c.proc.Pid, job.Limits.memory())
		c.stderr.Close()
	}()
	err := json.NewEncoder(c.jobs).Encode(job)
	c.jobs.Close()
	var ev childEvent
	if err == nil {
		err = c.dec.Decode(&ev)
	}
	if err != nil || ev.Kind != evStarted {
		c.proc.Wait()
		c.events.Close()
		<-c.errDone
		switch {
		case ev.Kind == evFailed && ev.Limit:
			return nil, fmt.Errorf("%w: %s", ErrLimit, trimLimit(ev.Err))
		case ev.Kind == evFailed:
			return nil, errors.New(ev.Err)
		}
		return nil, fmt.Errorf("sandbox: the child process for %s died before starting", job.Name)
	}
	return c, nil
}

// trimLimit drops the ErrLimit text that the child's error repeats.
func trimLimit(s string) string {
	prefix := ErrLimit.Error() + ": "
	if len(s) > len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):]
	}
	return s
}

// A pool keeps children started ahead of their jobs, so that Start does not
// wait for a new interpreter. It fills up the first time it is asked.
type pool struct {
	h    *Host
	size int

	mu       sync.Mutex
	ready    []*spawned
	starting int
	closed   bool
}

func newPool(h *Host, size int) *pool { return &pool{h: h, size: size} }

// warm starts filling the pool.
func (p *pool) warm() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fillLocked()
}

// take returns a ready child, or nil, and starts filling the pool again.
func (p *pool) take() *spawned {
	p.mu.Lock()
	defer p.mu.Unlock()
	var c *spawned
	if n := len(p.ready); n > 0 {
		c, p.ready = p.ready[0], p.ready[1:]
	}
	p.fillLocked()
	return c
}

// fillLocked starts the children the pool lacks; p.mu is held.
func (p *pool) fillLocked() {
	for !p.closed && len(p.ready)+p.starting < p.size {
		p.starting++
		go p.fill()
	}
}

func (p *pool) fill() {
	var decls json.RawMessage
	if p.h.cfg.Decls != nil {
		decls, _ = p.h.cfg.Decls()
	}
	c, err := p.h.startChild(decls)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.starting--
	if err != nil {
		return
	}
	if p.closed {
		c.discard()
		return
	}
	p.ready = append(p.ready, c)
}

// refresh replaces the ready children prepared with other declarations than
// decls: the notebook has changed.
func (p *pool) refresh(decls json.RawMessage) {
	p.mu.Lock()
	defer p.mu.Unlock()
	warm := len(p.ready) > 0 || p.starting > 0
	keep := p.ready[:0]
	for _, c := range p.ready {
		if _, ok := extends(c.prepared, decls); ok {
			keep = append(keep, c)
		} else {
			go c.discard()
		}
	}
	p.ready = keep
	if warm {
		p.fillLocked()
	}
}

// pids returns the PIDs of the ready children.
func (p *pool) pids() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []int
	for _, c := range p.ready {
		out = append(out, c.proc.Pid)
	}
	return out
}

// close ends the ready children: their job pipe reaches EOF.
func (p *pool) close() {
	p.mu.Lock()
	ready := p.ready
	p.ready, p.closed = nil, true
	p.mu.Unlock()
	for _, c := range ready {
		c.discard()
	}
}

// discard ends a child that got no job: its job pipe reaches EOF.
func (c *spawned) discard() {
	c.jobs.Close()
	c.proc.Wait()
	c.events.Close()
	c.stderr.Close()
}

// extends reports whether the notebook's declarations now, cur, are those a
// child was prepared with followed by others that declare no name again
// (the child can restore those on top, as a cell would), and returns the
// others, or nil if there are none. Both are JSON arrays of declarations.
func extends(prepared, cur json.RawMessage) (rest json.RawMessage, ok bool) {
	if prepared == nil {
		return nil, false
	}
	var p, c []json.RawMessage
	if json.Unmarshal(prepared, &p) != nil || json.Unmarshal(cur, &c) != nil || len(c) < len(p) {
		return nil, false
	}
	declared := map[string]bool{}
	for i := range p {
		if !bytes.Equal(p[i], c[i]) {
			return nil, false
		}
		for _, n := range declNames(p[i]) {
			declared[n] = true
		}
	}
	if len(c) == len(p) {
		return nil, true
	}
	for _, d := range c[len(p):] {
		for _, n := range declNames(d) {
			if declared[n] {
				return nil, false
			}
		}
	}
	rest, err := json.Marshal(c[len(p):])
	return rest, err == nil
}

// declNames returns the names a declaration of the notebook declares.
func declNames(d json.RawMessage) []string {
	var named struct{ Names []string }
	json.Unmarshal(d, &named)
	return named.Names
}
