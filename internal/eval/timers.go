package eval

import (
	"context"
	"reflect"
	"runtime"
	"sync"
	"time"
)

// timerWatch tracks the timers cells create, for the deadlock detector: a
// goroutine waiting on a timer's channel is not deadlocked.
type timerWatch struct {
	mu      sync.Mutex
	until   time.Time // the last deadline of time.After, AfterFunc and contexts
	live    int       // Timers and Tickers not yet garbage collected
	forever bool      // time.Tick was called: a ticker that never stops
}

// pending reports whether a timer a cell made may still fire.
func (tw *timerWatch) pending() bool {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	return tw.forever || tw.live > 0 || time.Now().Before(tw.until)
}

func (tw *timerWatch) deadline(t time.Time) {
	tw.mu.Lock()
	if t.After(tw.until) {
		tw.until = t
	}
	tw.mu.Unlock()
}

// track counts p as a live timer until it is garbage collected: a Timer can
// be Reset, so its deadline says nothing.
func track[T any](tw *timerWatch, p *T) *T {
	tw.mu.Lock()
	tw.live++
	tw.mu.Unlock()
	runtime.AddCleanup(p, func(tw *timerWatch) {
		tw.mu.Lock()
		tw.live--
		tw.mu.Unlock()
	}, tw)
	return p
}

// exports returns the functions of time and context that cells call in
// place of the standard ones, which tell tw about the timers they make.
func (tw *timerWatch) exports() map[string]map[string]reflect.Value {
	return map[string]map[string]reflect.Value{
		"time/time": {
			"After": reflect.ValueOf(func(d time.Duration) <-chan time.Time {
				tw.deadline(time.Now().Add(d))
				return time.After(d)
			}),
			"AfterFunc": reflect.ValueOf(func(d time.Duration, f func()) *time.Timer {
				return track(tw, time.AfterFunc(d, f))
			}),
			"NewTimer": reflect.ValueOf(func(d time.Duration) *time.Timer {
				return track(tw, time.NewTimer(d))
			}),
			"NewTicker": reflect.ValueOf(func(d time.Duration) *time.Ticker {
				return track(tw, time.NewTicker(d))
			}),
			"Tick": reflect.ValueOf(func(d time.Duration) <-chan time.Time {
				tw.mu.Lock()
				tw.forever = true
				tw.mu.Unlock()
				return time.Tick(d)
			}),
		},
		"context/context": {
			"WithTimeout": reflect.ValueOf(func(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
				tw.deadline(time.Now().Add(d))
				return context.WithTimeout(parent, d)
			}),
			"WithDeadline": reflect.ValueOf(func(parent context.Context, t time.Time) (context.Context, context.CancelFunc) {
				tw.deadline(t)
				return context.WithDeadline(parent, t)
			}),
			"WithTimeoutCause": reflect.ValueOf(func(parent context.Context, d time.Duration, cause error) (context.Context, context.CancelFunc) {
				tw.deadline(time.Now().Add(d))
				return context.WithTimeoutCause(parent, d, cause)
			}),
			"WithDeadlineCause": reflect.ValueOf(func(parent context.Context, t time.Time, cause error) (context.Context, context.CancelFunc) {
				tw.deadline(t)
				return context.WithDeadlineCause(parent, t, cause)
			}),
		},
	}
}
