package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"syscall"
	"time"
)

// A child process is this program started in its child mode, with three
// descriptors beyond the standard ones:
//
//	3  jobs: the parent writes one Job, as a JSON line, then closes it
//	4  events: the child writes childEvents, JSON lines, until it exits
//	5  lifeline: the read end of a pipe whose write end only the process
//	   running the notebook holds; it reaches EOF when that process is gone
//
// A child of the pool is started before its job exists: it readies an
// interpreter, then reads the job.
const (
	jobFD      = 3
	eventFD    = 4
	lifelineFD = 5
)

// A Job is what a child process runs: a function of the notebook with its
// arguments, or the Run method of a value.
type Job struct {
	Name string `json:"name"`
	// Decls are the notebook's declarations, opaque here: the embedding
	// program gives them (Config.Decls) and restores them in the child.
	// They are left out when the child has them already (Prepared).
	Decls json.RawMessage `json:"decls,omitempty"`
	// Prepare marks the message a child of the pool gets ahead of its job:
	// only Decls, to restore while it waits. Prepared marks a job for such
	// a child, whose declarations are those it was prepared with.
	Prepare  bool `json:"prepare,omitempty"`
	Prepared bool `json:"prepared,omitempty"`
	// Func names the top-level function to call with Args; Runner names the
	// type whose Run method to call on Args[0].
	Func   string            `json:"func,omitempty"`
	Runner string            `json:"runner,omitempty"`
	Args   []json.RawMessage `json:"args,omitempty"`
	Env    []string          `json:"env,omitempty"`
	Dir    string            `json:"dir,omitempty"`
	Limits Limits            `json:"limits"`
	// State is the directory of the kernel's sandbox state (slots, locks).
	State string `json:"state"`
}

// childEvent is one line a child writes on its events descriptor.
type childEvent struct {
	Kind  string    `json:"kind"` // evStarted, evFailed, evSpan
	Err   string    `json:"err,omitempty"`
	Span  *Span     `json:"span,omitempty"`
	Time  time.Time `json:"time"`
	Limit bool      `json:"limit,omitempty"` // the failure is the process limit
}

const (
	evStarted = "started" // the job was accepted: the child holds a slot
	evFailed  = "failed"  // the job cannot run; Err says why
	evSpan    = "span"    // a finished span for the timeline (a lock held)
)

// A Child is the child side of a process started by Start: the job, and the
// way back to the parent.
type Child struct {
	Job    Job
	jobs   *json.Decoder
	closeJ func() error
	events *os.File
	enc    *json.Encoder
	slot   *os.File
}

// NewChild is the first thing a child process does: it takes the
// descriptors its parent gave it, and starts watching the lifeline: when
// the process running the notebook is gone, the child exits. Next then reads
// what the parent sends, and Accept takes the job.
func NewChild() (*Child, error) {
	for _, fd := range []int{jobFD, eventFD, lifelineFD} {
		syscall.CloseOnExec(fd)
	}
	jobs := os.NewFile(jobFD, "jobs")
	events := os.NewFile(eventFD, "events")
	lifeline := os.NewFile(lifelineFD, "lifeline")
	if jobs == nil || events == nil || lifeline == nil {
		return nil, errors.New("sandbox: descriptors 3, 4 and 5 are not open; a child is started by its parent")
	}
	go watchLifeline(lifeline)
	return &Child{jobs: json.NewDecoder(jobs), closeJ: jobs.Close, events: events, enc: json.NewEncoder(events)}, nil
}

// Next reads the next message from the parent: declarations to prepare
// (Prepare set), or the job. An error means the parent will send nothing
// more (it discarded this child, or is gone): the child should exit.
func (c *Child) Next() (Job, error) {
	var j Job
	if err := c.jobs.Decode(&j); err != nil {
		return j, fmt.Errorf("sandbox: reading the job: %w", err)
	}
	if !j.Prepare {
		c.Job = j
		c.closeJ()
	}
	return j, nil
}

// Accept takes the job Next returned: it sets up the process as the job
// says, takes one of the kernel's process slots, and tells the parent that
// the job runs, which ends its Start. With no free slot it returns ErrLimit,
// having told the parent; the child should exit.
func (c *Child) Accept() error {
	os.Setenv(stateEnv, c.Job.State)
	for _, kv := range c.Job.Env {
		if k, v, ok := cutEnv(kv); ok && k != stateEnv && k != parentEnv && os.Getenv(k) != v {
			os.Setenv(k, v)
		}
	}
	if c.Job.Dir != "" {
		os.Chdir(c.Job.Dir)
	}
	slot, err := takeSlot(c.Job.State, c.Job.Limits.children())
	if err != nil {
		c.send(childEvent{Kind: evFailed, Err: err.Error(), Limit: errors.Is(err, ErrLimit)})
		return err
	}
	c.slot = slot
	if err := setMemoryLimit(c.Job.Limits.memory()); err != nil {
		c.Fail(err)
		return err
	}
	setProcessName(c.Job.Name)
	c.send(childEvent{Kind: evStarted})
	return nil
}

// Fail tells the parent that the job cannot run, and why: Start returns
// that error.
func (c *Child) Fail(err error) {
	c.send(childEvent{Kind: evFailed, Err: err.Error()})
}

// send writes ev to the parent.
func (c *Child) send(ev childEvent) {
	if ev.Time.IsZero() {
		ev.Time = time.Now()
	}
	c.enc.Encode(ev) // a parent that stopped listening does not stop the child
}

// watchLifeline exits the process when the process running the notebook is
// gone: the read on the lifeline returns only then.
func watchLifeline(f *os.File) {
	var b [1]byte
	f.Read(b[:])
	os.Exit(1)
}

func cutEnv(kv string) (k, v string, ok bool) {
	for i := 1; i < len(kv); i++ {
		if kv[i] == '=' {
			return kv[:i], kv[i+1:], true
		}
	}
	return "", "", false
}

// Args returns the job's arguments decoded for a call of a function of type
// fn: the target's parameters, or, for a Runner, a func(*T).
func (c *Child) Args(fn reflect.Type) ([]reflect.Value, error) {
	j := c.Job
	if fn.Kind() != reflect.Func {
		return nil, fmt.Errorf("sandbox: %s is not a function", j.Func)
	}
	if j.Runner != "" {
		if fn.NumIn() != 1 || fn.In(0).Kind() != reflect.Pointer || len(j.Args) != 1 {
			return nil, fmt.Errorf("sandbox: cannot call the Run method of %s", j.Runner)
		}
		v, err := decodeInto(j.Args[0], fn.In(0).Elem())
		if err != nil {
			return nil, fmt.Errorf("sandbox: the value of type %s: %w", j.Runner, err)
		}
		p := reflect.New(fn.In(0).Elem())
		p.Elem().Set(v)
		return []reflect.Value{p}, nil
	}
	n := fn.NumIn()
	if fn.IsVariadic() && len(j.Args) < n-1 || !fn.IsVariadic() && len(j.Args) != n {
		return nil, fmt.Errorf("sandbox: %s takes %d arguments, and the process has %d", j.Func, n, len(j.Args))
	}
	var out []reflect.Value
	for i, b := range j.Args {
		t := fn.In(min(i, n-1))
		if fn.IsVariadic() && i >= n-1 {
			t = t.Elem()
		}
		v, err := decodeInto(b, t)
		if err != nil {
			return nil, fmt.Errorf("sandbox: argument %d of %s: %w", i+1, j.Func, err)
		}
		out = append(out, v)
	}
	return out, nil
}
