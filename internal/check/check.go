package check

import (
	"encoding/json"
	"fmt"
	"html"
	"reflect"
	"strings"
	"sync"

	"gocell/internal/display"
)

// ImportPath is the path cells import the package from.
const ImportPath = "gocell/check"

// FailedName is the name of the error of a cell whose checks failed.
const FailedName = "CheckFailed"

// A Goroutine is a goroutine started by a go statement of the notebook's code.
type Goroutine struct {
	ID    string // the runtime's goroutine number
	State string // its wait reason, e.g. "chan receive"
}

// Config is what the program running the cells gives a Checker.
type Config struct {
	// Publish shows a check's line under the running cell.
	Publish func(display.Message)
	// Goroutines returns the live goroutines started by go statements of
	// interpreted code. NoGoroutinesLeft fails, saying so, without it.
	Goroutines func() []Goroutine
	// Processes returns the process IDs of the child processes started during
	// the current cell. Processes fails, saying so, without it.
	Processes func() []int
}

// A Result is the outcome of one check.
type Result struct {
	Check  string // e.g. "check.Equal"
	Passed bool
	// Detail says what was found: e.g. "got 54, want 55".
	Detail string
}

// String is the result as one line of text, e.g. "FAIL check.Equal: got 54, want 55".
func (r Result) String() string {
	mark := "PASS"
	if !r.Passed {
		mark = "FAIL"
	}
	if r.Detail == "" {
		return mark + " " + r.Check
	}
	return mark + " " + r.Check + ": " + r.Detail
}

// A Failure is the error of a cell some of whose checks failed.
type Failure struct {
	Failed []Result
	Total  int // checks run in the cell
}

// Error lists the failed checks, one a line after a count.
func (f *Failure) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d checks failed", len(f.Failed), f.Total)
	for _, r := range f.Failed {
		b.WriteString("\n")
		b.WriteString(r.String())
	}
	return b.String()
}

// A Checker runs the checks of one process's cells and remembers the
// results of the running cell.
type Checker struct {
	cfg Config

	mu      sync.Mutex
	results []Result

	capture sync.Mutex // one Output at a time: descriptor 1 is the process's
}

// New returns a Checker.
func New(cfg Config) *Checker { return &Checker{cfg: cfg} }

// BeginCell forgets the results of the previous cell.
func (c *Checker) BeginCell() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.results = nil
}

// EndCell returns a *Failure listing the checks of the cell that failed,
// or nil when none did, and forgets the cell's results.
func (c *Checker) EndCell() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	res := c.results
	c.results = nil
	var failed []Result
	for _, r := range res {
		if !r.Passed {
			failed = append(failed, r)
		}
	}
	if len(failed) == 0 {
		return nil
	}
	return &Failure{Failed: failed, Total: len(res)}
}

// Results returns the results of the running cell so far.
func (c *Checker) Results() []Result {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Result(nil), c.results...)
}

// record keeps r and shows its line.
func (c *Checker) record(r Result) {
	c.mu.Lock()
	c.results = append(c.results, r)
	c.mu.Unlock()
	if c.cfg.Publish != nil {
		c.cfg.Publish(Render(r))
	}
}

// Render returns the display message showing r: an HTML line, and the
// plain text of Result.String.
func Render(r Result) display.Message {
	color, mark, word := "#1a7f37", "✔", "PASS"
	if !r.Passed {
		color, mark, word = "#cf222e", "✘", "FAIL"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="gocell-check gocell-check-%s" style="font-family:monospace;white-space:pre-wrap;border-left:4px solid %s;padding:2px 8px;margin:2px 0">`, strings.ToLower(word), color)
	fmt.Fprintf(&b, `<span style="color:%s;font-weight:bold">%s %s</span> <code>%s</code>`, color, mark, word, html.EscapeString(r.Check))
	if r.Detail != "" {
		b.WriteString(": " + html.EscapeString(r.Detail))
	}
	b.WriteString("</div>")
	htmlRaw, _ := json.Marshal(b.String())
	plain, _ := json.Marshal(mark + " " + r.String())
	return display.Message{Kind: display.KindShow, Data: map[string]json.RawMessage{
		"text/html":  htmlRaw,
		"text/plain": plain,
	}}
}

// Equal checks that got and want are deeply equal (reflect.DeepEqual); when
// they are not, it says where they differ.
func (c *Checker) Equal(got, want any) {
	if reflect.DeepEqual(got, want) {
		c.record(Result{Check: "check.Equal", Passed: true, Detail: short(format(reflect.ValueOf(got)))})
		return
	}
	c.record(Result{Check: "check.Equal", Detail: Diff(got, want)})
}

// True checks that cond holds; msg says what it means.
func (c *Checker) True(cond bool, msg string) {
	c.record(Result{Check: "check.True", Passed: cond, Detail: msg})
}

// call runs f, returning what it panicked with, if it panicked.
func call(f func()) (panicked bool, value any) {
	if f == nil {
		return true, "f is nil"
	}
	panicked = true
	defer func() {
		if panicked {
			value = recover()
			if rv, ok := value.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
				value = rv.Interface()
			}
		}
	}()
	f()
	return false, nil
}

// short cuts s to a line of at most 200 bytes.
func short(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " …"
	}
	if len(s) > 200 {
		s = strings.ToValidUTF8(s[:200], "") + " …"
	}
	return s
}

// Symbols returns the functions of package "gocell/check" bound to c.
func (c *Checker) Symbols() map[string]any {
	return map[string]any{
		"Equal":            c.Equal,
		"True":             c.True,
		"Output":           c.Output,
		"Within":           c.Within,
		"NoGoroutinesLeft": c.NoGoroutinesLeft,
		"Processes":        c.Processes,
		"Captured":         (*Captured)(nil),
	}
}
