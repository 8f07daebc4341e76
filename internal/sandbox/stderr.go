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

// copyStderr copies a child's standard error r to w until EOF, as above.
func copyStderr(w io.Writer, r io.Reader, name string, pid int, limit int64) {
	var line []byte // the current line so far, to find the fatal one
	buf := make([]byte, 32<<10)
	dropping, oom := false, false
	for {
		n, err := r.Read(buf)
		chunk := buf[:n]
		for len(chunk) > 0 && !dropping {
			i := bytes.IndexByte(chunk, '\n')
			end := len(chunk)
			if i >= 0 {
				end = i + 1
			}
			line = append(line, chunk[:end]...)
			w.Write(chunk[:end])
			if i >= 0 {
				if bytes.HasPrefix(line, []byte("fatal error: ")) {
					dropping = true
					oom = bytes.Contains(line, []byte("out of memory"))
				}
				line = line[:0]
			}
			chunk = chunk[end:]
		}
		if err != nil {
			break
		}
	}
	if oom {
		fmt.Fprintf(w, "%s (pid %d) went over its memory limit of %d MiB (see sandbox.SetLimits)\n", name, pid, limit>>20)
	}
}
