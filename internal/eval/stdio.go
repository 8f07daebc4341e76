package eval

import (
	"bufio"
	"io"
	"io/fs"
	"regexp"
	"strings"
	"sync"
)

// stdinFile is os.Stdin inside cells, and what fmt.Scan reads: a buffered
// reader over Options.Stdin, shared by both so that they see the same input.
// It implements io.RuneScanner so that fmt.Scan loses no input between calls.
type stdinFile struct {
	mu  sync.Mutex
	src io.Reader
	br  *bufio.Reader
}

func newStdin(src io.Reader) *stdinFile {
	if src == nil {
		src = strings.NewReader("")
	}
	return &stdinFile{src: src, br: bufio.NewReader(src)}
}

// Read reads from the buffered input; it blocks at most on one Read of the
// underlying reader.
func (f *stdinFile) Read(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.br.Read(p)
}

// ReadRune reads one rune.
func (f *stdinFile) ReadRune() (rune, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.br.ReadRune()
}

// UnreadRune puts back the last rune read.
func (f *stdinFile) UnreadRune() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.br.UnreadRune()
}

// Close does nothing: a cell cannot close the notebook's input.
func (f *stdinFile) Close() error { return nil }

// Name returns the name of standard input.
func (f *stdinFile) Name() string { return "/dev/stdin" }

// reset drops input left over by an earlier cell, unless a goroutine is
// reading right now.
func (f *stdinFile) reset() {
	if f.mu.TryLock() {
		f.br.Reset(f.src)
		f.mu.Unlock()
	}
}

// panicLine matches the line yaegi writes to the interpreter's standard error
// for each interpreted frame a panic goes through, e.g.
// "3.1/cell.go:2:5: panic: main.f(...)".
var panicLine = regexp.MustCompile(`^(\d+)\.\d+/cell\.go:(\d+):(\d+): panic: (.*)\(\.\.\.\)\n$`)

// traceWriter is the interpreter's standard error (log and flag output).
// It keeps yaegi's panic lines out of the cell's output: those written by the
// goroutine running the cell become the error's traceback, others are kept
// for the report of a panic that ends their goroutine (see GoPanic); Go
// prints nothing for a panic a goroutine recovers.
type traceWriter struct {
	w  io.Writer
	rt *cellRuntime
}

func (t *traceWriter) Write(p []byte) (int, error) {
	if panicLine.Match(p) {
		if inCellGoroutine() {
			t.rt.addTrace(string(p))
		} else {
			t.rt.addGoTrace(string(p))
		}
		return len(p), nil
	}
	return t.w.Write(p)
}

// emptyFS is the interpreter's source file system: cells can import only
// the standard library, and yaegi never reads source from disk.
type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}
