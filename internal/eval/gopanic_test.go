package eval

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// newPanicSession returns a session whose goroutine panics are sent on the
// channel returned instead of ending the process.
func newPanicSession(t *testing.T) (*Session, <-chan *Error) {
	t.Helper()
	dir := t.TempDir()
	stdout, err := os.Create(dir + "/stdout")
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := os.Create(dir + "/stderr")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdout.Close(); stderr.Close() })
	panics := make(chan *Error, 1)
	s, err := New(Options{Stdout: stdout, Stderr: stderr, GoroutinePanic: func(e *Error) { panics <- e }})
	if err != nil {
		t.Fatal(err)
	}
	return s, panics
}

func TestGoroutinePanicReportsValueAndLine(t *testing.T) {
	s, panics := newPanicSession(t)
	ctx := context.Background()
	if _, err := s.Execute(ctx, "import \"sync\"\nfunc at(xs []int, i int) int {\n\treturn xs[i]\n}"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		code      string
		message   string
		line, col int
		frames    []string
	}{
		{
			code: `var wg sync.WaitGroup
wg.Add(1)
go func() {
	defer wg.Done()
	var xs []int
	_ = xs[3]
}()
wg.Wait()`,
			message: "runtime error: index out of range", line: 6, col: 2,
			frames: []string{"main.func()", "\tcell:6:2"},
		},
		{
			code:    "done := make(chan bool)\ngo func(n int) {\n\tdefer close(done)\n\tif n > 1 {\n\t\tpanic(\"boom\")\n\t}\n}(2)\n<-done",
			message: "boom", line: 5, col: 3,
		},
		{
			code:    "done := make(chan bool)\ngo func() {\n\tdefer close(done)\n\tat(nil, 2)\n}()\n<-done",
			message: "runtime error: index out of range", line: 4, col: 2,
			frames: []string{"main.at()", "\t(function defined in cell[1])", "main.func()", "\tcell:4:2"},
		},
		{
			code:    "import \"fmt\"\ndone := make(chan bool)\ngo func() {\n\tdefer close(done)\n\tpanic(fmt.Errorf(\"bad %d\", 7))\n}()\n<-done",
			message: "bad 7", line: 5, col: 2,
		},
	} {
		if _, err := s.Execute(ctx, c.code); err != nil {
			t.Errorf("%s: the cell failed: %v", c.code, err)
			continue
		}
		var e *Error
		select {
		case e = <-panics:
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: no goroutine panic reported", c.code)
		}
		tb := strings.Join(e.Traceback, "\n")
		if e.Name != PanicError || e.Message != c.message || e.Line != c.line || e.Col != c.col {
			t.Errorf("%s: got %s %q at %d:%d; want %q at %d:%d\n%s", c.code, e.Name, e.Message, e.Line, e.Col, c.message, c.line, c.col, tb)
		}
		if !strings.HasPrefix(tb, "panic: "+c.message+"\n\ngoroutine ") {
			t.Errorf("%s: traceback\n%s", c.code, tb)
		}
		if len(c.frames) > 0 && !strings.HasSuffix(tb, " [running]:\n"+strings.Join(c.frames, "\n")) {
			t.Errorf("%s: traceback\n%s\nwant frames\n%s", c.code, tb, strings.Join(c.frames, "\n"))
		}
	}
}

func TestGoroutineRecoverStillWorks(t *testing.T) {
	s, panics := newPanicSession(t)
	res, err := s.Execute(context.Background(), `r := make(chan any)
go func() {
	defer func() { r <- recover() }()
	panic("caught")
}()
<-r`)
	if err != nil || res.Text != "caught" {
		t.Fatalf("got %q, %v", res.Text, err)
	}
	select {
	case e := <-panics:
		t.Errorf("a recovered panic was reported: %+v", e)
	default:
	}
}

// What recover() gives and what a panic says for a runtime error that
// reflect or yaegi raised are the runtime's: an error, without yaegi's
// file positions.
func TestRuntimeErrorsAsGoSaysThem(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun(`import "fmt"
func try(f func()) (msg string, isErr bool) {
	defer func() {
		r := recover()
		_, isErr = r.(error)
		msg = fmt.Sprint(r)
	}()
	f()
	return
}`)
	for _, c := range []struct{ code, want string }{
		{"try(func() { var a []int; i := 3; _ = a[i] })", `"runtime error: index out of range" true`},
		{"try(func() { a := []int{1}; j := 4; _ = a[1:j] })", `"runtime error: slice bounds out of range" true`},
		{"try(func() { panic(\"mine\") })", `"mine" false`},
	} {
		if res := ts.mustRun(c.code); res.Text != c.want {
			t.Errorf("%s\n= %s, want %s", c.code, res.Text, c.want)
		}
	}
	_, err := ts.run("var s any = \"str\"\nn := s.(int)\n_ = n")
	if e := asError(t, err); e.Message != "interface conversion: interface {} is string, not int" {
		t.Errorf("assertion panic: %q", e.Message)
	}
}
