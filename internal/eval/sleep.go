package eval

import "time"

// yaegi stops the goroutines of cells (at an interrupt, a deadlock, the end
// of a cell) by changing its run id, which a goroutine checks before each
// statement it runs. A goroutine in time.Sleep runs no statement until the
// sleep is over: an interrupted time.Sleep(time.Hour) would hold the cell
// for an hour, and the kernel would have to replace the Go process; a
// goroutine stopped at the end of its cell would run its deferred calls
// (defer mu.Unlock()) an hour later. So cells call Sleep in place of
// time.Sleep, which returns as soon as the goroutines are stopped.

// Sleep is time.Sleep for cells: it also returns when the interpreter stops
// every goroutine (see haltAll), and the goroutine then ends at its next
// statement.
func (rt *cellRuntime) Sleep(d time.Duration) {
	if d <= 0 {
		time.Sleep(d)
		return
	}
	halt := rt.halting()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-halt:
	}
}

// halting returns the channel closed at the next stop of every goroutine.
func (rt *cellRuntime) halting() <-chan struct{} {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.halt == nil {
		rt.halt = make(chan struct{})
	}
	return rt.halt
}

// haltAll wakes the goroutines in Sleep, once the interpreter has stopped
// every goroutine.
func (rt *cellRuntime) haltAll() {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.halt != nil {
		close(rt.halt)
		rt.halt = nil
	}
}
