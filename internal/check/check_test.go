package check

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"gocell/internal/display"
)

// recorder collects what a Checker publishes.
type recorder struct {
	mu   sync.Mutex
	msgs []display.Message
}

func (r *recorder) publish(m display.Message) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, m)
}

func (r *recorder) plain(t *testing.T) []string {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	var lines []string
	for _, m := range r.msgs {
		var s string
		if err := json.Unmarshal(m.Data["text/plain"], &s); err != nil {
			t.Fatalf("text/plain: %v", err)
		}
		if _, ok := m.Data["text/html"]; !ok {
			t.Errorf("message without text/html: %v", m)
		}
		lines = append(lines, s)
	}
	return lines
}

// passed returns the results of c so far as + (passed) and - (failed).
func passed(c *Checker) string {
	var b strings.Builder
	for _, r := range c.Results() {
		if r.Passed {
			b.WriteByte('+')
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

func TestEqualAndTrue(t *testing.T) {
	rec := &recorder{}
	c := New(Config{Publish: rec.publish})
	c.BeginCell()
	c.Equal([]int{1, 2}, []int{1, 2})
	c.Equal(3, 4)
	c.True(true, "fine")
	c.True(false, "bad thing")
	if got := passed(c); got != "+-+-" {
		t.Errorf("passed %s, want +-+-", got)
	}
	lines := rec.plain(t)
	want := []string{"✔ PASS check.Equal: [1 2]", "✘ FAIL check.Equal: got 3, want 4", "✔ PASS check.True: fine", "✘ FAIL check.True: bad thing"}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	err := c.EndCell()
	var f *Failure
	if !errors.As(err, &f) || len(f.Failed) != 2 || f.Total != 4 {
		t.Fatalf("EndCell = %v", err)
	}
	if !strings.HasPrefix(err.Error(), "2 of 4 checks failed\nFAIL check.Equal: got 3, want 4\n") {
		t.Errorf("error: %q", err.Error())
	}
	if err := c.EndCell(); err != nil {
		t.Errorf("second EndCell = %v, want nil", err)
	}
}

func TestRenderEscapes(t *testing.T) {
	m := Render(Result{Check: "check.True", Detail: "<b>&"})
	var h string
	json.Unmarshal(m.Data["text/html"], &h)
	if !strings.Contains(h, "&lt;b&gt;&amp;") || strings.Contains(h, "<b>") {
		t.Errorf("html not escaped: %s", h)
	}
	if m.Kind != display.KindShow {
		t.Errorf("kind %q", m.Kind)
	}
}

type point struct {
	X, Y int
	tag  string
}

func TestDiff(t *testing.T) {
	type person struct {
		Name string
		Tags []string
	}
	for _, tc := range []struct {
		got, want any
		diff      string
	}{
		{[]int{1, 2, 3}, []int{1, 5, 3}, "[1]: got 2, want 5"},
		{[]int{1, 2, 3, 4}, []int{1, 2}, "length: got 4 elements, want 2; extra: [3 4]"},
		{[]int{1}, []int{1, 2}, "length: got 1 elements, want 2; missing: [2]"},
		{map[string]int{"a": 1, "c": 3}, map[string]int{"a": 2, "b": 2}, `["a"]: got 1, want 2; ["b"]: missing, want 2; ["c"]: unexpected key, got 3`},
		{person{"ann", []string{"x"}}, person{"bob", []string{"y"}}, `.Name: got "ann", want "bob"; .Tags[0]: got "x", want "y"`},
		{&person{Name: "a"}, &person{Name: "b"}, `.Name: got "a", want "b"`},
		{int64(55), 55, "got 55 of type int64, want 55 of type int"},
		{nil, 1, "got nil, want 1"},
		{[]int(nil), []int{}, "got [], want []"},
		{point{1, 2, "a"}, point{1, 2, "b"}, `.tag: got "a", want "b"`},
		{[][]int{{1}, {2, 3}}, [][]int{{1}, {2, 4}}, "[1][1]: got 3, want 4"},
	} {
		if d := Diff(tc.got, tc.want); d != tc.diff {
			t.Errorf("Diff(%#v, %#v)\n got %s\nwant %s", tc.got, tc.want, d, tc.diff)
		}
	}
	// Many differences are cut.
	a, b := make([]int, 100), make([]int, 100)
	for i := range b {
		b[i] = i + 1
	}
	if d := Diff(a, b); !strings.HasSuffix(d, "; and 92 more") {
		t.Errorf("long diff: %s", d)
	}
	// A cycle ends.
	type node struct{ Next *node }
	x, y := &node{}, &node{}
	x.Next, y.Next = x, nil
	if d := Diff(x, y); d == "" {
		t.Error("empty diff of a cycle")
	}
}

// pipeFD returns a pipe's two ends.
func pipeFD(t *testing.T) (r *os.File, w int) {
	t.Helper()
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(p[1]) })
	return os.NewFile(uintptr(p[0]), "r"), p[1]
}

func TestCaptureFD(t *testing.T) {
	r, w := pipeFD(t)
	defer r.Close()
	unix.Write(w, []byte("before|"))
	var later int
	text, panicked, _, err := captureFD(w, func() {
		unix.Write(w, []byte("during one|"))
		// Another goroutine writes while f runs: captured, and not lost.
		done := make(chan struct{})
		go func() { unix.Write(w, []byte("goroutine|")); close(done) }()
		<-done
		// A writer that keeps the descriptor after f (as a child process
		// started during f would).
		later, _ = unix.Dup(w)
	})
	if err != nil || panicked {
		t.Fatalf("captureFD: %v %v", err, panicked)
	}
	if text != "during one|goroutine|" {
		t.Errorf("captured %q", text)
	}
	unix.Write(w, []byte("after|"))
	unix.Write(later, []byte("inherited|"))
	unix.Close(later)
	unix.Close(w)
	b := make([]byte, 0, 256)
	buf := make([]byte, 256)
	for !strings.Contains(string(b), "inherited|") || !strings.Contains(string(b), "after|") {
		n, err := r.Read(buf)
		if err != nil {
			t.Fatalf("read: %v; so far %q", err, b)
		}
		b = append(b, buf[:n]...)
	}
	got := string(b)
	if !strings.HasPrefix(got, "before|during one|goroutine|") {
		t.Errorf("original descriptor got %q", got)
	}
}

func TestOutput(t *testing.T) {
	rec := &recorder{}
	c := New(Config{Publish: rec.publish})
	out := c.Output(func() { os.Stdout.WriteString("hello, 世界\n") })
	out.Contains("世界")
	out.Contains("nope")
	out.Matches(`(?m)^hello`)
	out.Matches("(")
	c.Output(func() { panic("boom") }).Contains("")
	if got := passed(c); got != "+-+--" || out.Text() != "hello, 世界\n" {
		t.Errorf("passed %s; text %q; lines %q", got, out.Text(), rec.plain(t))
	}
	lines := rec.plain(t)
	if !strings.Contains(lines[len(lines)-1], "the function panicked: boom") {
		t.Errorf("last line %q", lines[len(lines)-1])
	}
	if !strings.Contains(lines[3], "bad pattern") {
		t.Errorf("bad pattern line %q", lines[3])
	}
}

func TestWithin(t *testing.T) {
	c := New(Config{})
	c.Within(time.Second, func() {})
	c.Within(time.Millisecond, func() { time.Sleep(20 * time.Millisecond) })
	c.Within(time.Second, func() { panic("x") })
	res := c.Results()
	if passed(c) != "+--" || !strings.Contains(res[1].Detail, "longer than 1ms") || !strings.Contains(res[2].Detail, "panicked") {
		t.Errorf("results %v", res)
	}
}

func TestNoGoroutinesLeft(t *testing.T) {
	var mu sync.Mutex
	live := []Goroutine{{ID: "1", State: "chan receive"}} // left by an earlier cell
	c := New(Config{Goroutines: func() []Goroutine {
		mu.Lock()
		defer mu.Unlock()
		return append([]Goroutine(nil), live...)
	}})
	c.NoGoroutinesLeft(func() {})
	c.NoGoroutinesLeft(func() {
		mu.Lock()
		live = append(live, Goroutine{ID: "7", State: "chan send"}, Goroutine{ID: "8", State: "chan send"})
		mu.Unlock()
	})
	res := c.Results()
	if passed(c) != "+-" {
		t.Errorf("passed %s, want +-", passed(c))
	}
	if d := res[1].Detail; !strings.Contains(d, "2 goroutines still running") || !strings.Contains(d, "2 in chan send") {
		t.Errorf("detail %q", d)
	}
	c2 := New(Config{})
	c2.NoGoroutinesLeft(func() {})
	if passed(c2) != "-" {
		t.Error("passed without a way to count")
	}
}

func TestProcesses(t *testing.T) {
	pids := []int{10}
	c := New(Config{Processes: func() []int { return append([]int(nil), pids...) }})
	c.Processes(2, func() { pids = append(pids, 11, 12) })
	c.Processes(2, func() { pids = append(pids, 13) })
	res := c.Results()
	if passed(c) != "+-" || res[0].Detail != "ran in 2 processes (pids 11, 12)" || res[1].Detail != "started 1 process (pids 13), want at least 2" {
		t.Errorf("results %v", res)
	}
}
