package eval

import (
	"bytes"
	"runtime"
	"time"
)

// yaegi runs a chunk in a goroutine that ExecuteWithContext creates; the
// goroutine dump names it so, with the goroutine that called it.
const cellCreator = "created by github.com/traefik/yaegi/interp.(*Interpreter).ExecuteWithContext in goroutine "

// goroutineID returns the id of the calling goroutine, as text.
func goroutineID() string {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		return string(b[:i])
	}
	return ""
}

// stacks returns the stacks of the goroutines, all or only the caller's.
func stacks(all bool) []byte {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, all)
		if n < len(buf) {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}

// inCellGoroutine reports whether the caller runs a cell's top-level code.
func inCellGoroutine() bool {
	return bytes.Contains(stacks(false), []byte(cellCreator))
}

// cellRunning reports whether a goroutine that ExecuteWithContext, called by
// goroutine creator, started is still there, besides those of stuck.
func cellRunning(creator string, stuck map[string]bool) bool {
	if len(stuck) == 0 {
		return bytes.Contains(stacks(true), []byte(cellCreator+creator+"\n"))
	}
	for _, g := range liveGoroutines() {
		if g.cellMain() && g.parent == creator && !stuck[g.id] {
			return true
		}
	}
	return false
}

// waitCellGone blocks until the goroutine running an interrupted chunk has
// returned. It must be called by the goroutine that called
// ExecuteWithContext. It blocks for good if the chunk never returns from a
// native call: the worker's grace period then ends the process. Goroutines
// of earlier chunks that deadlocked in a native call are not waited for.
func (s *Session) waitCellGone() {
	waitChunkGone(s.goroutines.stuck, -1)
}

// waitCellGoneFor is waitCellGone for at most d; it reports whether the
// goroutine is gone.
func (s *Session) waitCellGoneFor(d time.Duration) bool {
	return waitChunkGone(s.goroutines.stuck, d)
}

// waitChunkGone waits until no goroutine that ExecuteWithContext, called
// by the caller, started is left besides those of except, for at most d,
// or for good if d < 0. It reports whether they are gone.
func waitChunkGone(except map[string]bool, d time.Duration) bool {
	creator := goroutineID()
	deadline := time.Now().Add(d)
	for wait := time.Millisecond; cellRunning(creator, except); wait = min(2*wait, 50*time.Millisecond) {
		if d >= 0 && time.Now().After(deadline) {
			return false
		}
		time.Sleep(wait)
	}
	return true
}

// chunkGoroutines returns the ids of the goroutines running chunks that
// ExecuteWithContext, called by the caller, started.
func chunkGoroutines() map[string]bool {
	creator := goroutineID()
	ids := map[string]bool{}
	for _, g := range liveGoroutines() {
		if g.cellMain() && g.parent == creator {
			ids[g.id] = true
		}
	}
	return ids
}
