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
	Decls json.RawMessage `json:"decls,omitempty"`
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
	events *os.File
	enc    *json.Encoder
	slot   *os.File
}

// AcceptJob is the first thing a child process does once it is ready to run
// code: it reads its job, takes one of the kernel's process slots, and tells
// its parent that it has started. A child whose parent goes away before
// sending the job, or that finds no free slot, gets an error; it should exit.
//
// It also starts watching the lifeline: when the process running the
// notebook is gone, the child exits.
func AcceptJob() (*Child, error) {
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
	c := &Child{events: events, enc: json.NewEncoder(events)}
	err := json.NewDecoder(jobs).Decode(&c.Job)
	jobs.Close()
	if err != nil {
		return nil, fmt.Errorf("sandbox: reading the job: %w", err)
	}
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
		return nil, err
	}
	c.slot = slot
	if err := setMemoryLimit(c.Job.Limits.memory()); err != nil {
		c.Fail(err)
		return nil, err
	}
	setProcessName(c.Job.Name)
	c.send(childEvent{Kind: evStarted})
	return c, nil
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
