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
// goroutine creator, started is still there.
func cellRunning(creator string) bool {
	return bytes.Contains(stacks(true), []byte(cellCreator+creator+"\n"))
}

// waitCellGone blocks until the goroutine running an interrupted chunk has
// returned. It must be called by the goroutine that called
// ExecuteWithContext. It blocks for good if the chunk never returns from a
// native call: the worker's grace period then ends the process.
func waitCellGone() {
	creator := goroutineID()
	for d := time.Millisecond; cellRunning(creator); d = min(2*d, 50*time.Millisecond) {
		time.Sleep(d)
	}
}
