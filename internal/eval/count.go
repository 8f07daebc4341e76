package eval

// A Goroutine is a live goroutine that a go statement of interpreted code
// started.
type Goroutine struct {
	// ID is the runtime's goroutine number, as stack dumps show it.
	ID string
	// State is its wait reason in a stack dump, e.g. "chan receive" or
	// "sleep"; "running" or "runnable" for one that is not blocked.
	State string
}

// InterpretedGoroutines returns the goroutines of this process that go
// statements of interpreted code started and that have not ended, from a
// dump of every goroutine's stack. Goroutines the interpreter or host
// packages start for themselves are not among them.
func InterpretedGoroutines() []Goroutine {
	var gs []Goroutine
	for _, g := range liveGoroutines() {
		if g.interpreted() {
			gs = append(gs, Goroutine{ID: g.id, State: g.state})
		}
	}
	return gs
}
