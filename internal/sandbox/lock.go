package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// A Lock is a mutual-exclusion lock that processes share: an flock(2) lock
// on a file. Hand it to a child as an argument; the child's copy locks the
// same file. Goroutines of one process may share it too. The operating
// system releases it when the process holding it exits, however it exits.
//
// A Lock is a sync.Locker.
type Lock struct {
	path string

	mu    sync.Mutex // between the goroutines of this process
	fmu   sync.Mutex // guards f
	f     *os.File   // the lock file, opened in this process
	asked time.Time  // when the holder asked for the lock
	got   time.Time  // when it got it
}

// NewLock returns a new Lock, not held.
func (h *Host) NewLock() *Lock {
	dir := filepath.Join(h.state, "locks")
	os.MkdirAll(dir, 0o700)
	h.mu.Lock()
	n := len(h.locks) + 1
	h.mu.Unlock()
	name := fmt.Sprintf("%d-%d", os.Getpid(), n)
	l := &Lock{path: filepath.Join(dir, name)}
	h.mu.Lock()
	h.locks = append(h.locks, l)
	h.mu.Unlock()
	return l
}

// Lock waits until the lock is free, and takes it.
func (l *Lock) Lock() {
	asked := time.Now()
	l.mu.Lock()
	if err := l.flock(unix.LOCK_EX); err != nil {
		// The lock file is gone with its kernel; nothing is shared any more.
		fmt.Fprintln(os.Stderr, err)
	}
	l.asked, l.got = asked, time.Now()
}

// TryLock takes the lock if it is free, and reports whether it did.
func (l *Lock) TryLock() bool {
	if !l.mu.TryLock() {
		return false
	}
	if err := l.flock(unix.LOCK_EX | unix.LOCK_NB); err != nil {
		l.mu.Unlock()
		return false
	}
	l.asked, l.got = time.Now(), time.Now()
	return true
}

// Unlock releases the lock. Unlocking a Lock this process does not hold is a
// run-time error, as with sync.Mutex.
func (l *Lock) Unlock() {
	l.record(l.asked, l.got, time.Now())
	if err := l.flock(unix.LOCK_UN); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	l.mu.Unlock()
}

// flock applies how to the lock file, opening it first if need be.
func (l *Lock) flock(how int) error {
	l.fmu.Lock()
	if l.f == nil {
		if l.path == "" {
			l.fmu.Unlock()
			return errors.New("sandbox: a Lock must be made with sandbox.NewLock")
		}
		f, err := os.OpenFile(l.path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			l.fmu.Unlock()
			return fmt.Errorf("sandbox: lock: %w", err)
		}
		l.f = f
	}
	fd := int(l.f.Fd())
	l.fmu.Unlock()
	for {
		err := unix.Flock(fd, how)
		if !errors.Is(err, unix.EINTR) {
			if err != nil {
				return fmt.Errorf("sandbox: lock: %w", err)
			}
			return nil
		}
	}
}

// lockSpan is one holding of a lock, as its spans file records it.
type lockSpan struct {
	Pid   int       `json:"pid"`
	Asked time.Time `json:"asked"`
	Got   time.Time `json:"got"`
	Freed time.Time `json:"freed"`
}

// record appends one holding of the lock to the lock's spans file, for the
// timeline. Lines are short and the file is opened for appending, so the
// writes of several processes do not mix.
func (l *Lock) record(asked, got, freed time.Time) {
	if l.path == "" {
		return
	}
	b, err := json.Marshal(lockSpan{Pid: os.Getpid(), Asked: asked, Got: got, Freed: freed})
	if err != nil {
		return
	}
	f, err := os.OpenFile(l.path+".spans", os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return
	}
	f.Write(append(b, '\n'))
	f.Close()
}

// String describes the lock.
func (l *Lock) String() string { return "Lock(" + filepath.Base(l.path) + ")" }

// MarshalJSON encodes the lock for another process: its file.
func (l *Lock) MarshalJSON() ([]byte, error) { return json.Marshal(l.path) }

// UnmarshalJSON decodes a lock encoded by MarshalJSON.
func (l *Lock) UnmarshalJSON(b []byte) error {
	var p string
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("sandbox: lock: %w", err)
	}
	l.path = p
	return nil
}

// lockSpans reads the holdings of every lock of the kernel since t.
func lockSpans(state string, since time.Time) map[int][]lockSpan {
	out := map[int][]lockSpan{}
	files, _ := filepath.Glob(filepath.Join(state, "locks", "*.spans"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		for _, line := range splitLines(b) {
			var s lockSpan
			if json.Unmarshal(line, &s) != nil || s.Freed.Before(since) {
				continue
			}
			out[s.Pid] = append(out[s.Pid], s)
		}
	}
	return out
}

func splitLines(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		i := 0
		for i < len(b) && b[i] != '\n' {
			i++
		}
		out = append(out, b[:i])
		if i < len(b) {
			i++
		}
		b = b[i:]
	}
	return out
}
