package sandbox

import (
	"bytes"
	"fmt"
	"io"
)

// A child's standard error goes through its parent, which passes it on as it
// comes, except for the goroutine dumps of a crash: Go prints every
// goroutine's stack, through the interpreter's own frames, after a line
// "fatal error: ...". The filter keeps that line and the ones before it, drops
// the dump, and for running out of memory adds what the limit was.

// crashStarts begin the lines the Go runtime writes as a process dies of a
// fatal error or a signal; the goroutine dump follows them.
var crashStarts = [][]byte{[]byte("fatal error: "), []byte("SIGSEGV: "), []byte("SIGBUS: "), []byte("unexpected signal")}

// outOfMemory are what the runtime writes, somewhere in a crash, when it
// could not get memory.
var outOfMemory = [][]byte{[]byte("out of memory"), []byte("cannot allocate memory"), []byte("failed to create new OS thread")}

// copyStderr copies a child's standard error r to w until EOF, as above.
func copyStderr(w io.Writer, r io.Reader, name string, pid int, limit int64) {
	var line []byte // the current line so far, to find the crash
	buf := make([]byte, 32<<10)
	var crash []byte // the first line of a crash, once seen
	oom := false
	for {
		n, err := r.Read(buf)
		chunk := buf[:n]
		for len(chunk) > 0 {
			i := bytes.IndexByte(chunk, '\n')
			end := len(chunk)
			if i >= 0 {
				end = i + 1
			}
			line = append(line, chunk[:end]...)
			if crash == nil {
				w.Write(chunk[:end])
			}
			if i >= 0 {
				for _, m := range outOfMemory {
					oom = oom || bytes.Contains(line, m)
				}
				for _, m := range crashStarts {
					if crash == nil && bytes.HasPrefix(line, m) {
						crash = append([]byte(nil), bytes.TrimSpace(line)...)
					}
				}
				line = line[:0]
			}
			chunk = chunk[end:]
		}
		if err != nil {
			break
		}
	}
	switch {
	case crash != nil && oom:
		fmt.Fprintf(w, "%s (pid %d) went over its memory limit of %d MiB (see sandbox.SetLimits)\n", name, pid, limit>>20)
	case crash != nil && !bytes.HasPrefix(crash, []byte("fatal error: ")):
		fmt.Fprintf(w, "%s (pid %d) crashed (%s); with its memory limit of %d MiB (see sandbox.SetLimits), running out of memory is a likely cause\n", name, pid, crash, limit>>20)
	}
}
