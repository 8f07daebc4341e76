package sandbox

// Symbols returns what cells see of package "gocell/sandbox", bound to h: a
// function or method value for each function, a nil pointer for each type,
// and a pointer for each variable.
func (h *Host) Symbols() map[string]any {
	return map[string]any{
		// processes
		"Command":  h.Command,
		"New":      h.New,
		"FuncOf":   FuncOf,
		"RunnerOf": RunnerOf,
		"Current":  h.Current,
		"Process":  (*Process)(nil),
		"Func":     (*Func)(nil),
		"Runner":   (*Runner)(nil),
		"Info":     (*Info)(nil),
		// limits
		"SetLimits": h.SetLimits,
		"Limits":    (*Limits)(nil),
		"ErrLimit":  &ErrLimit,
		// locks and queues
		"NewLock":          h.NewLock,
		"Lock":             (*Lock)(nil),
		"NewQueue":         NewQueue,
		"NewJoinableQueue": NewJoinableQueue,
		"Queue":            (*Queue)(nil),
		"JoinableQueue":    (*JoinableQueue)(nil),
		"ErrEmpty":         &ErrEmpty,
		"ErrFull":          &ErrFull,
		"ErrQueueClosed":   &ErrQueueClosed,
		"ErrNotCopyable":   &ErrNotCopyable,
		// seeing it
		"PS":          h.PS,
		"Tree":        h.Tree,
		"Timeline":    h.Timeline,
		"Track":       h.Track,
		"Table":       (*Table)(nil),
		"ProcessInfo": (*ProcessInfo)(nil),
		"Span":        (*Span)(nil),
	}
}
