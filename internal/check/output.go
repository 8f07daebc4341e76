package check

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sync"

	"golang.org/x/sys/unix"
)

// stdoutFD is the descriptor Output captures.
const stdoutFD = 1

// Captured is what a function printed to standard output, from Output.
type Captured struct {
	c      *Checker
	text   string
	failed string // why the capture itself failed, if it did
}

// Text returns what was printed.
func (p *Captured) Text() string {
	if p == nil {
		return ""
	}
	return p.text
}

// Contains checks that the output contains s.
func (p *Captured) Contains(s string) {
	if p == nil || p.c == nil {
		return
	}
	r := Result{Check: fmt.Sprintf("check.Output(...).Contains(%q)", s)}
	switch {
	case p.failed != "":
		r.Detail = p.failed
	case bytes.Contains([]byte(p.text), []byte(s)):
		r.Passed, r.Detail = true, "found"
	default:
		r.Detail = "not in the output: " + quoteOutput(p.text)
	}
	p.c.record(r)
}

// Matches checks that the output matches the regular expression pattern
// (regexp syntax; use (?m) for ^ and $ at line ends).
func (p *Captured) Matches(pattern string) {
	if p == nil || p.c == nil {
		return
	}
	r := Result{Check: fmt.Sprintf("check.Output(...).Matches(%q)", pattern)}
	re, err := regexp.Compile(pattern)
	switch {
	case p.failed != "":
		r.Detail = p.failed
	case err != nil:
		r.Detail = "bad pattern: " + err.Error()
	case re.MatchString(p.text):
		r.Passed, r.Detail = true, "matched "+quoteOutput(re.FindString(p.text))
	default:
		r.Detail = "no match in the output: " + quoteOutput(p.text)
	}
	p.c.record(r)
}

func quoteOutput(s string) string {
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return fmt.Sprintf("%q", s)
}

// Output runs f and returns what it printed to standard output, to check
// with Contains or Matches. What f prints still appears under the cell. A
// panic of f is recovered: the checks on the output then fail, saying so.
func (c *Checker) Output(f func()) *Captured {
	c.capture.Lock()
	defer c.capture.Unlock()
	text, panicked, value, err := captureFD(stdoutFD, f)
	p := &Captured{c: c, text: text}
	switch {
	case err != nil:
		p.failed = "capturing the output: " + err.Error()
	case panicked:
		p.failed = fmt.Sprintf("the function panicked: %v", value)
	}
	return p
}

// captureFD runs f with descriptor fd replaced by a pipe, and returns what
// was written to the pipe while f ran. Everything read from the pipe is also
// written to the original descriptor, in order, before captureFD returns;
// processes that inherited the pipe during f go on writing through it to
// the original descriptor after captureFD has returned.
//
// The end of f's output is found without a timeout: after putting the
// original descriptor back, captureFD writes a random marker into the pipe;
// everything before the marker was written during f.
func captureFD(fd int, f func()) (text string, panicked bool, value any, err error) {
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		return "", false, nil, fmt.Errorf("pipe: %w", err)
	}
	// Writers see a blocking pipe, as the original descriptor is; the reader
	// goes through the runtime's poller.
	if err := unix.SetNonblock(p[0], true); err != nil {
		unix.Close(p[0])
		unix.Close(p[1])
		return "", false, nil, fmt.Errorf("pipe: %w", err)
	}
	r := os.NewFile(uintptr(p[0]), "capture")
	saved, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		r.Close()
		unix.Close(p[1])
		return "", false, nil, fmt.Errorf("dup: %w", err)
	}
	var mark [16]byte
	rand.Read(mark[:])
	marker := []byte("\x00gocell-check-" + hex.EncodeToString(mark[:]) + "\x00")

	t := &tee{r: r, out: saved, marker: marker, done: make(chan struct{})}
	go t.run()

	if err := unix.Dup3(p[1], fd, 0); err != nil {
		unix.Close(p[1])
		// No writer is left: the tee sees end of file and ends.
		<-t.done
		return "", false, nil, fmt.Errorf("dup2: %w", err)
	}
	panicked, value = call(f)
	// Restore the descriptor, then mark the end of f's output. Only p[1] is
	// left as this process's write end (children started during f may hold
	// more).
	restoreErr := unix.Dup3(saved, fd, 0)
	writeAll(p[1], marker)
	unix.Close(p[1])
	<-t.done
	if restoreErr != nil {
		return t.captured.String(), panicked, value, fmt.Errorf("restoring descriptor %d: %w", fd, restoreErr)
	}
	return t.captured.String(), panicked, value, nil
}

// tee copies the pipe to the original descriptor, keeping what comes before
// the marker. It closes done when it has seen the marker (or end of file),
// and goes on copying until end of file, when it closes both descriptors.
type tee struct {
	r      *os.File
	out    int
	marker []byte

	captured bytes.Buffer
	done     chan struct{}
	once     sync.Once
}

func (t *tee) run() {
	defer func() {
		t.finish()
		t.r.Close()
		unix.Close(t.out)
	}()
	buf := make([]byte, 32<<10)
	var pending []byte // bytes that may begin the marker
	seen := false
	for {
		n, err := t.r.Read(buf)
		if n > 0 {
			if seen {
				writeAll(t.out, buf[:n])
			} else {
				pending = append(pending, buf[:n]...)
				if i := bytes.Index(pending, t.marker); i >= 0 {
					t.keep(pending[:i])
					writeAll(t.out, pending[i+len(t.marker):])
					pending, seen = nil, true
					t.finish()
				} else if safe := len(pending) - (len(t.marker) - 1); safe > 0 {
					t.keep(pending[:safe])
					pending = append(pending[:0], pending[safe:]...)
				}
			}
		}
		if err != nil {
			if !seen {
				t.keep(pending)
			}
			if !errors.Is(err, io.EOF) {
				fmt.Fprintf(os.Stderr, "check.Output: reading the captured output: %v\n", err)
			}
			return
		}
	}
}

// keep records p as captured and passes it on.
func (t *tee) keep(p []byte) {
	t.captured.Write(p)
	writeAll(t.out, p)
}

func (t *tee) finish() { t.once.Do(func() { close(t.done) }) }

// writeAll writes p to fd, retrying after interrupted and short writes.
func writeAll(fd int, p []byte) {
	for len(p) > 0 {
		n, err := unix.Write(fd, p)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil || n <= 0 {
			return
		}
		p = p[n:]
	}
}
