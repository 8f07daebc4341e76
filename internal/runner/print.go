package runner

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"

	"gocell/internal/notebook"
)

// A printer writes a run's output for a person to read. Cells' output may
// arrive from several goroutines; the printer keeps each write whole.
type printer struct {
	mu      sync.Mutex
	w       io.Writer
	color   bool // keep ANSI escape sequences
	midLine bool // the last write did not end a line
}

// text writes s as it is (but without ANSI escapes unless p.color).
func (p *printer) text(s string) {
	if s == "" {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.writeLocked(s)
}

// line writes s as a line of its own.
func (p *printer) line(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.midLine {
		p.writeLocked("\n")
	}
	p.writeLocked(s + "\n")
}

func (p *printer) writeLocked(s string) {
	if !p.color {
		s = StripANSI(s)
	}
	if s == "" {
		return
	}
	io.WriteString(p.w, s)
	p.midLine = !strings.HasSuffix(s, "\n")
}

// ansi matches ANSI escape sequences: CSI sequences such as colours, character
// set selections, and the two-character escapes.
var ansi = regexp.MustCompile(`\x1b(\[[0-?]*[ -/]*[@-~]|[()*+][ -~]|[@-Z\\-_])`)

// StripANSI removes ANSI escape sequences from s.
func StripANSI(s string) string {
	if !strings.Contains(s, "\x1b") {
		return s
	}
	return ansi.ReplaceAllString(s, "")
}

// bundleText is how a display or result is printed: its text/plain, or a short
// line naming the format and size of its richest content.
func bundleText(data map[string]json.RawMessage) string {
	o := notebook.Output{Data: data}
	if s, ok := o.PlainText(); ok {
		return s
	}
	if len(data) == 0 {
		return ""
	}
	mimes := make([]string, 0, len(data))
	for m := range data {
		mimes = append(mimes, m)
	}
	slices.Sort(mimes)
	m := mimes[0]
	return fmt.Sprintf("[%s, %s]", m, size(contentSize(m, data[m])))
}

// contentSize is the size in bytes of the content of a MIME bundle entry:
// decoded from base64 for binary formats.
func contentSize(mime string, raw json.RawMessage) int {
	s, err := notebook.DecodeText(raw)
	if err != nil {
		return len(raw) // a JSON value
	}
	if strings.HasPrefix(mime, "image/") && !strings.HasSuffix(mime, "+xml") {
		if b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), "")); err == nil {
			return len(b)
		}
	}
	return len(s)
}

func size(n int) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%d KB", (n+512)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}

// errorText is how a cell's error is printed: its traceback, or its name and
// value when it has none.
func errorText(e *CellError) string {
	if len(e.Traceback) > 0 {
		return strings.Join(e.Traceback, "\n")
	}
	return e.Name + ": " + e.Value
}
