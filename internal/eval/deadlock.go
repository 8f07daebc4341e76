package eval

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// FatalError is the name of the error of a cell that Go would end with a
// fatal error: all of its goroutines asleep.
const FatalError = "fatal error"

// deadlockMessage is what Go says when every goroutine is blocked.
const deadlockMessage = "all goroutines are asleep - deadlock!"

// deadlockSample is how often the detector looks at the goroutines.
const deadlockSample = 200 * time.Millisecond

// blockingState reports whether a goroutine whose wait reason is state
// can only be woken by another goroutine.
func blockingState(state string) bool {
	switch state {
	case "chan receive", "chan send", "chan receive (nil chan)", "chan send (nil chan)",
		"select", "select (no cases)",
		"sync.Mutex.Lock", "sync.RWMutex.Lock", "sync.RWMutex.RLock", "sync.WaitGroup.Wait", "sync.Cond.Wait",
		"semacquire":
		return true
	}
	return false
}

// host reports whether g is a goroutine of the host program (the worker,
// the session, tests), not of a cell.
func host(g *goroutine) bool {
	switch {
	case g.createdBy == "":
		return true // the process's main goroutine
	case strings.HasPrefix(g.createdBy, yaegiPkg):
		return false
	}
	return strings.HasPrefix(g.createdBy, "gocell/internal/") || strings.HasPrefix(g.createdBy, "testing.")
}

// yaegiWait names the wait of a goroutine blocked in yaegi's channel
// operation fn, which all are a reflect.Select with the interpreter's done
// channel.
func yaegiWait(fn string) (string, bool) {
	switch fn {
	case "recv", "recv2", "rangeChan":
		return "chan receive", true
	case "send":
		return "chan send", true
	case "_select":
		return "select", true
	}
	return "", false
}

// blockedGoroutine is a goroutine of a cell that waits for another.
type blockedGoroutine struct {
	id, reason string
	main       bool
}

// deadlockWatch samples the goroutines while a chunk runs.
type deadlockWatch struct {
	caller string          // the goroutine that called ExecuteWithContext
	stuck  map[string]bool // chunk goroutines of earlier deadlocks, blocked for good
	halted map[string]bool // goroutines stopped at the end of earlier cells
	timers *timerWatch
}

// watchDeadlock returns a context for running a chunk that is cancelled
// when the chunk deadlocks, and a function to call when the chunk returned:
// it stops the watch and returns the deadlocked goroutines, if that is why
// the context was cancelled.
func (s *Session) watchDeadlock(ctx context.Context) (context.Context, func() []blockedGoroutine) {
	w := &deadlockWatch{caller: goroutineID(), stuck: s.goroutines.stuck, halted: s.goroutines.halted, timers: &s.rt.timers}
	ctx, cancel := context.WithCancel(ctx)
	stop := make(chan struct{})
	done := make(chan []blockedGoroutine, 1)
	go func() {
		defer cancel()
		// A dump stops the world for as long as it takes to walk every
		// stack, long for a deep recursion: sample at most a tenth of the
		// time.
		timer := time.NewTimer(deadlockSample)
		defer timer.Stop()
		var last []blockedGoroutine
		for {
			select {
			case <-stop:
				done <- nil
				return
			case <-timer.C:
			}
			start := time.Now()
			blocked := w.sample()
			if blocked != nil && slices.Equal(blocked, last) {
				done <- blocked
				return
			}
			last = blocked
			timer.Reset(max(deadlockSample, 10*time.Since(start)))
		}
	}()
	return ctx, func() []blockedGoroutine {
		close(stop)
		return <-done
	}
}

// sample returns the goroutines of the cell if all of them are blocked with
// nothing left that could wake them, and nil otherwise.
func (w *deadlockWatch) sample() []blockedGoroutine {
	if w.timers.pending() {
		return nil
	}
	var blocked []blockedGoroutine
	hasMain := false
	for _, g := range liveGoroutines() {
		if slices.ContainsFunc(g.frames, func(f string) bool { return strings.HasPrefix(f, "os/signal.") }) {
			return nil // a signal may come
		}
		if w.stuck[g.id] || w.halted[g.id] || host(g) {
			continue
		}
		reason, ok := waitReason(g)
		if !ok {
			return nil // running, sleeping, in a system call, or waiting in native code
		}
		main := g.cellMain() && g.parent == w.caller
		hasMain = hasMain || main
		blocked = append(blocked, blockedGoroutine{id: g.id, reason: reason, main: main})
	}
	if !hasMain {
		return nil
	}
	slices.SortStableFunc(blocked, func(a, b blockedGoroutine) int {
		switch {
		case a.main == b.main:
			return 0
		case a.main:
			return -1
		}
		return 1
	})
	return blocked
}

// waitReason returns why g waits, if it waits for another goroutine of a
// cell: blocked in interpreted code on a channel, a select, or a lock or
// wait group the code called directly.
func waitReason(g *goroutine) (string, bool) {
	if !blockingState(g.state) {
		return "", false
	}
	for _, f := range g.frames {
		switch {
		case strings.HasPrefix(f, "runtime."), strings.HasPrefix(f, "internal/"),
			strings.HasPrefix(f, "reflect."), strings.HasPrefix(f, "sync."):
			continue
		case !strings.HasPrefix(f, yaegiPkg):
			return "", false // blocked in native code, that may wait for anything
		}
		fn, _, _ := strings.Cut(strings.TrimPrefix(f, yaegiPkg), ".")
		if reason, ok := yaegiWait(fn); ok && g.state == "select" {
			return reason, true
		}
		if g.state == "select" {
			return "", false // a select of native code
		}
		return g.state, true
	}
	return "", false
}

// deadlockError is the error of a chunk whose goroutines all are blocked;
// line is the cell line the chunk's main flow is blocked at, or 0. halted
// tells that earlier cells ended with goroutines stopped, which may have
// left a lock locked.
func deadlockError(blocked []blockedGoroutine, line int, halted bool) *Error {
	e := &Error{Name: FatalError, Message: deadlockMessage, Line: line}
	e.Traceback = []string{"fatal error: " + deadlockMessage}
	for _, b := range blocked {
		if b.main {
			e.Traceback = append(e.Traceback, "", fmt.Sprintf("goroutine 1 [%s]:", b.reason), "main.main()")
			if line > 0 {
				e.Traceback = append(e.Traceback, fmt.Sprintf("\tcell:%d", line))
			}
			continue
		}
		e.Traceback = append(e.Traceback, "", fmt.Sprintf("goroutine %s [%s]:", b.id, b.reason))
	}
	if halted && slices.ContainsFunc(blocked, waitsForLock) {
		e.Traceback = append(e.Traceback, "",
			"A goroutine stopped at the end of an earlier cell may hold the lock: it will never unlock it.",
			"Declare the lock again (var mu sync.Mutex), or unlock with defer in the goroutine so that a stop releases it.")
	}
	return e
}

// waitsForLock reports whether b waits for a sync.Mutex or sync.RWMutex.
func waitsForLock(b blockedGoroutine) bool {
	return strings.HasPrefix(b.reason, "sync.") && strings.Contains(b.reason, "Mutex")
}

// markStuck records the main flow of a deadlocked chunk that could not be
// stopped, so that later chunks do not take it for theirs.
func (s *Session) markStuck(blocked []blockedGoroutine) {
	if s.goroutines.stuck == nil {
		s.goroutines.stuck = map[string]bool{}
	}
	for _, b := range blocked {
		if b.main {
			s.goroutines.stuck[b.id] = true
		}
	}
}
