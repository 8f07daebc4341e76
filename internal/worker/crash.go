package worker

import (
	"bytes"
	"fmt"
	"strings"
)

// crashMarkers start the lines the Go runtime writes when a process dies of a panic or a
// fatal error.
var crashMarkers = []string{
	"panic: ",
	"fatal error: ",
	"runtime: ",
	"unexpected signal",
	"SIGSEGV: ",
	"SIGBUS: ",
	"SIGABRT: ",
}

// crashWatch watches the worker's standard error for the start of a runtime crash
// report. From there on it holds the bytes back: if the worker dies they become the
// cell's error instead of a wall of interpreter frames; if it does not, they are released
// as ordinary output.
type crashWatch struct {
	midLine bool   // the last byte passed was not a newline
	pending []byte // the start of a line that may still become a marker
	holding bool
	held    []byte
}

// filter takes stderr bytes and returns those to pass on now.
func (c *crashWatch) filter(p []byte) []byte {
	if c.holding {
		c.held = append(c.held, p...)
		return nil
	}
	var out []byte
	for len(p) > 0 {
		if c.midLine {
			i := bytes.IndexByte(p, '\n')
			if i < 0 {
				out = append(out, p...)
				return out
			}
			out = append(out, p[:i+1]...)
			p = p[i+1:]
			c.midLine = false
			continue
		}
		// At the start of a line: gather enough to recognise a marker.
		c.pending = append(c.pending, p[0])
		p = p[1:]
		switch matchMarker(c.pending) {
		case markerYes:
			c.holding = true
			c.held = append(c.pending, p...)
			c.pending = nil
			return out
		case markerNo:
			out = append(out, c.pending...)
			c.midLine = c.pending[len(c.pending)-1] != '\n'
			c.pending = nil
		}
	}
	return out
}

// release ends holding and returns what was held back, with any pending line start.
func (c *crashWatch) release() []byte {
	out := append(c.pending, c.held...)
	c.pending, c.held, c.holding = nil, nil, false
	if len(out) > 0 {
		c.midLine = out[len(out)-1] != '\n'
	}
	return out
}

type markerMatch int

const (
	markerMaybe markerMatch = iota
	markerYes
	markerNo
)

func matchMarker(line []byte) markerMatch {
	maybe := false
	for _, m := range crashMarkers {
		switch {
		case bytes.HasPrefix(line, []byte(m)):
			return markerYes
		case strings.HasPrefix(m, string(line)):
			maybe = true
		}
	}
	if maybe {
		return markerMaybe
	}
	return markerNo
}

// A crashReport is what the runtime said when the worker died.
type crashReport struct {
	Name    string   // "panic", "fatal error", ...
	Message string   // the rest of the first line
	Lines   []string // the message and the crashing goroutine, without interpreter frames
}

// parseCrash reads a runtime crash report. Frames of the interpreter and of reflect are
// left out: they say nothing about the cell.
func parseCrash(text string) crashReport {
	text = strings.TrimRight(text, "\n")
	lines := strings.Split(text, "\n")
	var r crashReport
	// The line that names the crash: "fatal error: ..." or "panic: ...", which may follow
	// lines of detail such as "runtime: out of memory: cannot allocate ...".
	first := ""
	for _, l := range lines {
		if strings.HasPrefix(l, "goroutine ") {
			break
		}
		if strings.HasPrefix(l, "fatal error: ") || strings.HasPrefix(l, "panic: ") {
			first = l
			break
		}
		if first == "" && strings.TrimSpace(l) != "" {
			first = l
		}
	}
	if name, msg, ok := strings.Cut(first, ": "); ok {
		// A panic that went through a deferred recover and was raised again is marked so;
		// the value is what the student wants to read.
		for _, suffix := range []string{" [recovered, repanicked]", " [recovered]"} {
			msg = strings.TrimSuffix(msg, suffix)
		}
		r.Name, r.Message = name, msg
	} else {
		r.Name, r.Message = "fatal error", first
	}
	// The message is everything before the first goroutine header.
	i := 0
	for ; i < len(lines) && !strings.HasPrefix(lines[i], "goroutine "); i++ {
		l := lines[i]
		if l == first {
			l = r.Name + ": " + r.Message
		}
		if l != "" || (len(r.Lines) > 0 && r.Lines[len(r.Lines)-1] != "") {
			r.Lines = append(r.Lines, l)
		}
	}
	if i == len(lines) {
		return r
	}
	// The first goroutine listed is the one that crashed.
	r.Lines = append(r.Lines, lines[i])
	shown, skipped := 0, 0
	for j := i + 1; j+1 < len(lines) && lines[j] != ""; j += 2 {
		fn, loc := lines[j], lines[j+1]
		if strings.HasPrefix(fn, "created by ") {
			break
		}
		if boringFrame(fn) {
			skipped++
			continue
		}
		if shown == 8 {
			skipped++
			continue
		}
		r.Lines = append(r.Lines, fn, loc)
		shown++
	}
	if skipped > 0 {
		r.Lines = append(r.Lines, fmt.Sprintf("\t... %d interpreter frames not shown", skipped))
	}
	return r
}

func boringFrame(fn string) bool {
	for _, p := range []string{"github.com/traefik/yaegi/", "reflect.", "runtime.goexit", "runtime.call", "gocell/", "panic("} {
		if strings.HasPrefix(fn, p) {
			return true
		}
	}
	return false
}
