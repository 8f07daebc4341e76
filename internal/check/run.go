package check

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// goroutineGrace is how long NoGoroutinesLeft waits for goroutines that are
// about to end.
const goroutineGrace = 500 * time.Millisecond

// Within checks that f returns within d. It waits for f to return, however
// long it takes, and says how long it took. A panic of f is recovered and
// fails the check.
func (c *Checker) Within(d time.Duration, f func()) {
	start := time.Now()
	panicked, value := call(f)
	took := time.Since(start)
	r := Result{Check: fmt.Sprintf("check.Within(%v)", d)}
	switch {
	case panicked:
		r.Detail = fmt.Sprintf("the function panicked after %v: %v", round(took), value)
	case took <= d:
		r.Passed, r.Detail = true, fmt.Sprintf("took %v", round(took))
	default:
		r.Detail = fmt.Sprintf("took %v, longer than %v: is the work done one piece after another instead of concurrently?", round(took), d)
	}
	c.record(r)
}

func round(d time.Duration) time.Duration {
	if d > time.Second {
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}

// NoGoroutinesLeft checks that every goroutine f started has ended once f
// returns (after a short grace period).
func (c *Checker) NoGoroutinesLeft(f func()) {
	r := Result{Check: "check.NoGoroutinesLeft"}
	if c.cfg.Goroutines == nil {
		panicked, value := call(f)
		r.Detail = "goroutines cannot be counted in this process"
		if panicked {
			r.Detail = fmt.Sprintf("the function panicked: %v", value)
		}
		c.record(r)
		return
	}
	before := map[string]bool{}
	for _, g := range c.cfg.Goroutines() {
		before[g.ID] = true
	}
	panicked, value := call(f)
	if panicked {
		r.Detail = fmt.Sprintf("the function panicked: %v", value)
		c.record(r)
		return
	}
	var left []Goroutine
	deadline := time.Now().Add(goroutineGrace)
	for wait := time.Millisecond; ; wait *= 2 {
		left = left[:0]
		for _, g := range c.cfg.Goroutines() {
			if !before[g.ID] {
				left = append(left, g)
			}
		}
		if len(left) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(min(wait, time.Until(deadline)+time.Millisecond))
	}
	if len(left) == 0 {
		r.Passed, r.Detail = true, "every goroutine it started has ended"
		c.record(r)
		return
	}
	states := map[string]int{}
	for _, g := range left {
		s := g.State
		if s == "" {
			s = "running"
		}
		states[s]++
	}
	names := make([]string, 0, len(states))
	for s := range states {
		names = append(names, s)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, s := range names {
		parts[i] = fmt.Sprintf("%d in %s", states[s], s)
	}
	r.Detail = fmt.Sprintf("%d goroutine%s still running after the function returned (%s): close the channels they range over, or wait for them", len(left), plural(len(left)), strings.Join(parts, ", "))
	c.record(r)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Processes checks that f started at least n distinct child processes.
func (c *Checker) Processes(n int, f func()) {
	r := Result{Check: fmt.Sprintf("check.Processes(%d)", n)}
	if c.cfg.Processes == nil {
		call(f)
		r.Detail = "processes cannot be counted in this process"
		c.record(r)
		return
	}
	before := c.cfg.Processes()
	panicked, value := call(f)
	var pids []int
	for _, pid := range c.cfg.Processes() {
		if !slices.Contains(before, pid) && !slices.Contains(pids, pid) {
			pids = append(pids, pid)
		}
	}
	list := ""
	if len(pids) > 0 {
		s := make([]string, len(pids))
		for i, p := range pids {
			s[i] = fmt.Sprint(p)
		}
		list = " (pids " + strings.Join(s, ", ") + ")"
	}
	switch {
	case panicked:
		r.Detail = fmt.Sprintf("the function panicked: %v", value)
	case len(pids) >= n:
		r.Passed, r.Detail = true, fmt.Sprintf("ran in %d processes%s", len(pids), list)
	default:
		r.Detail = fmt.Sprintf("started %d process%s%s, want at least %d", len(pids), pluralEs(len(pids)), list, n)
	}
	c.record(r)
}

func pluralEs(n int) string {
	if n == 1 {
		return ""
	}
	return "es"
}
