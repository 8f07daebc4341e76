package worker

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gocell/internal/display"
)

// The test binary doubles as the worker: started with GOCELL_TEST_WORKER=1 it serves.
func TestMain(m *testing.M) {
	if os.Getenv("GOCELL_TEST_WORKER") == "1" {
		if err := Serve(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func testBinary() string { return os.Args[0] }

func testEnv() []string { return append(os.Environ(), "GOCELL_TEST_WORKER=1") }

func newTestSupervisor(t *testing.T) *Supervisor {
	t.Helper()
	s, err := NewSupervisor(Config{Command: []string{testBinary()}, Env: testEnv()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// recorder is a Sink that keeps everything in order.
type recorder struct {
	mu      sync.Mutex
	events  []string
	input   func() (string, error)
	changed chan struct{} // signalled after each Stream
}

func newRecorder() *recorder { return &recorder{changed: make(chan struct{}, 1)} }

func (r *recorder) Stream(name string, p []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	defer func() {
		select {
		case r.changed <- struct{}{}:
		default:
		}
	}()
	if n := len(r.events); n > 0 && strings.HasPrefix(r.events[n-1], name+":") {
		r.events[n-1] += string(p)
		return
	}
	r.events = append(r.events, name+":"+string(p))
}

func (r *recorder) Display(m display.Message) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, "display:"+string(m.Data["text/html"]))
}

func (r *recorder) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if r.input == nil {
		return "", fmt.Errorf("no input")
	}
	return r.input()
}

func (r *recorder) text(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, e := range r.events {
		if rest, ok := strings.CutPrefix(e, name+":"); ok {
			b.WriteString(rest)
		}
	}
	return b.String()
}

func run(t *testing.T, s *Supervisor, code string) (Result, *recorder) {
	t.Helper()
	r := newRecorder()
	return s.Execute(context.Background(), code, false, r), r
}

func TestOutputBeforeDisplayKeepsOrder(t *testing.T) {
	s := newTestSupervisor(t)
	res, r := run(t, s, `import "fmt"
import "gocell/display"
for i := 0; i < 3; i++ {
	fmt.Println("line", i)
	display.HTML(fmt.Sprint("<b>", i, "</b>"))
}`)
	if res.Err != nil {
		t.Fatalf("error: %+v", res.Err)
	}
	want := []string{"stdout:line 0\n", `display:"\u003cb\u003e0\u003c/b\u003e"`, "stdout:line 1\n", `display:"\u003cb\u003e1\u003c/b\u003e"`, "stdout:line 2\n", `display:"\u003cb\u003e2\u003c/b\u003e"`}
	if got := r.events; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("events:\n%q\nwant\n%q", got, want)
	}
}

func TestCrashRestartsWithDeclarations(t *testing.T) {
	s := newTestSupervisor(t)
	if res, _ := run(t, s, "func double(x int) int { return 2 * x }\nvar n = 20"); res.Err != nil {
		t.Fatalf("%+v", res.Err)
	}
	pid := s.WorkerPID()
	res, _ := run(t, s, `import "time"
go func() { panic("boom in goroutine") }()
time.Sleep(10 * time.Second)`)
	if res.Err == nil || res.Err.Name != "panic" || res.Err.Message != "boom in goroutine" {
		t.Fatalf("crash reported as %+v", res.Err)
	}
	tb := strings.Join(res.Err.Traceback, "\n")
	if !strings.Contains(tb, "A new Go process was started") || !strings.Contains(tb, "1 function") {
		t.Errorf("traceback does not say what happened:\n%s", tb)
	}
	if s.WorkerPID() == pid || s.WorkerPID() == 0 {
		t.Errorf("worker pid %d -> %d", pid, s.WorkerPID())
	}
	if err := syscall.Kill(pid, 0); err == nil {
		t.Errorf("old worker %d still exists", pid)
	}
	res, r := run(t, s, "import \"fmt\"\nfmt.Println(double(n))")
	if res.Err != nil || r.text("stdout") != "40\n" {
		t.Errorf("after restart: %+v, output %q", res.Err, r.text("stdout"))
	}
}

func TestFatalErrorIsQuoted(t *testing.T) {
	s := newTestSupervisor(t)
	res, r := run(t, s, `m := map[int]int{}
for g := 0; g < 8; g++ {
	go func() {
		for i := 0; ; i++ {
			m[i%100] = i
		}
	}()
}
select {}`)
	if res.Err == nil || res.Err.Name != "fatal error" || res.Err.Message != "concurrent map writes" {
		t.Fatalf("got %+v", res.Err)
	}
	if strings.Contains(r.text("stderr"), "goroutine") {
		t.Errorf("the runtime's dump leaked into stderr: %q", r.text("stderr"))
	}
}

func TestInterruptStuckCellReplacesWorker(t *testing.T) {
	s := newTestSupervisor(t)
	run(t, s, "func ok() string { return \"still here\" }")
	pid := s.WorkerPID()
	done := make(chan Result)
	r := newRecorder()
	go func() {
		// The line is printed once the cell is well inside wg.Wait, where an
		// interrupt cannot reach it (a timer, not the cell, would end it).
		done <- s.Execute(context.Background(), `import "fmt"
import "sync"
import "time"
var wg sync.WaitGroup
wg.Add(1)
time.AfterFunc(time.Hour, wg.Done)
time.AfterFunc(50*time.Millisecond, func() { fmt.Println("waiting") })
wg.Wait()`, false, r)
	}()
	waitFor(t, r, func() bool { return r.text("stdout") == "waiting\n" })
	s.Interrupt()
	res := <-done
	if res.Err == nil || res.Err.Name != "interrupted" {
		t.Fatalf("got %+v", res.Err)
	}
	if s.WorkerPID() == pid {
		t.Error("the stuck worker was not replaced")
	}
	res, _ = run(t, s, "ok()")
	if res.Err != nil || res.Value != `"still here"` {
		t.Errorf("after interrupt: %+v %q", res.Err, res.Value)
	}
}

func TestInterruptBusyLoopKeepsWorker(t *testing.T) {
	s := newTestSupervisor(t)
	run(t, s, "x := 41")
	pid := s.WorkerPID()
	done := make(chan Result)
	r := newRecorder()
	go func() {
		done <- s.Execute(context.Background(), "import \"fmt\"\nfmt.Println(\"looping\")\nfor {}", false, r)
	}()
	waitFor(t, r, func() bool { return r.text("stdout") == "looping\n" })
	s.Interrupt()
	res := <-done
	if res.Err == nil || res.Err.Name != "interrupted" {
		t.Fatalf("got %+v", res.Err)
	}
	if s.WorkerPID() != pid {
		t.Error("the worker was replaced although the loop stopped")
	}
	res, _ = run(t, s, "x + 1")
	if res.Err != nil || res.Value != "42" {
		t.Errorf("after interrupt: %+v %q", res.Err, res.Value)
	}
}

func TestStdin(t *testing.T) {
	s := newTestSupervisor(t)
	r := newRecorder()
	r.input = func() (string, error) { return "gopher", nil }
	res := s.Execute(context.Background(), "import \"fmt\"\nvar name string\nfmt.Scanln(&name)\nfmt.Println(\"hello\", name)", true, r)
	if res.Err != nil || r.text("stdout") != "hello gopher\n" {
		t.Errorf("%+v %q", res.Err, r.text("stdout"))
	}
	r = newRecorder()
	res = s.Execute(context.Background(), "import \"bufio\"\nimport \"os\"\nimport \"fmt\"\n_, err := bufio.NewReader(os.Stdin).ReadString('\\n')\nfmt.Println(err)", false, r)
	if res.Err != nil || r.text("stdout") != "EOF\n" || !strings.Contains(r.text("stderr"), "allow_stdin") {
		t.Errorf("%+v stdout %q stderr %q", res.Err, r.text("stdout"), r.text("stderr"))
	}
}

func TestCloseKillsEverything(t *testing.T) {
	s := newTestSupervisor(t)
	res, r := run(t, s, `import "fmt"
import "os"
fmt.Println(os.Getpid())`)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	var pid int
	fmt.Sscan(r.text("stdout"), &pid)
	if pid != s.WorkerPID() {
		t.Fatalf("cell pid %d, worker %d", pid, s.WorkerPID())
	}
	s.Close()
	if err := syscall.Kill(pid, 0); err == nil {
		t.Errorf("worker %d still exists after Close", pid)
	}
}

// waitFor waits until cond holds, checking it each time r receives output.
func waitFor(t *testing.T, r *recorder, cond func() bool) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for !cond() {
		select {
		case <-r.changed:
		case <-timeout:
			t.Fatal("timed out")
		}
	}
}

func TestOutOfMemoryAndStackOverflow(t *testing.T) {
	s := newTestSupervisor(t)
	for _, tc := range []struct{ code, name, message string }{
		{"b := make([]byte, 1<<40)\nb[0] = 1", "fatal error", "out of memory"},
		{"func down(n int) int { return down(n+1) + 1 }\ndown(0)", "fatal error", "stack overflow"},
	} {
		res, _ := run(t, s, tc.code)
		if res.Err == nil || res.Err.Name != tc.name || !strings.Contains(res.Err.Message, tc.message) {
			t.Errorf("%q: got %+v", tc.code, res.Err)
			continue
		}
		if res2, _ := run(t, s, "1 + 1"); res2.Value != "2" {
			t.Errorf("after %q the next cell gave %+v", tc.code, res2)
		}
	}
}

func TestCrashBetweenCells(t *testing.T) {
	s := newTestSupervisor(t)
	run(t, s, "func answer() int { return 42 }")
	pid := s.WorkerPID()
	r := newRecorder()
	// A cell's goroutines are stopped when it ends, unless it is a
	// %%background cell.
	res := s.Execute(context.Background(), `%%background
import "time"
go func() {
	time.Sleep(100 * time.Millisecond)
	panic("late goroutine")
}()`, false, r)
	if res.Err != nil {
		t.Fatalf("the cell itself failed: %+v", res.Err)
	}
	// The crash is reported under that cell once it happens.
	waitFor(t, r, func() bool { return strings.Contains(r.text("stderr"), "A new Go process was started") })
	if got := r.text("stderr"); !strings.Contains(got, "panic: late goroutine") || !strings.Contains(got, "after this cell ended") {
		t.Errorf("stderr of the cell: %q", got)
	}
	res, _ = run(t, s, "answer()")
	if res.Err != nil || res.Value != "42" {
		t.Errorf("next cell: %+v %q", res.Err, res.Value)
	}
	if s.WorkerPID() == pid {
		t.Error("the worker was not replaced")
	}
}

func TestResetForgetsDeclarationsForRestarts(t *testing.T) {
	s := newTestSupervisor(t)
	run(t, s, "func old() int { return 1 }")
	if res, _ := run(t, s, "%reset"); res.Err != nil {
		t.Fatalf("%%reset: %+v", res.Err)
	}
	run(t, s, "func fresh() int { return 2 }")
	res, _ := run(t, s, "import \"time\"\ngo func() { panic(\"boom\") }()\ntime.Sleep(10 * time.Second)")
	if res.Err == nil || !strings.Contains(strings.Join(res.Err.Traceback, "\n"), "1 function") {
		t.Fatalf("crash after reset: %+v", res.Err)
	}
	if res, _ := run(t, s, "old()"); res.Err == nil {
		t.Error("old() was restored although %reset removed it")
	}
	if res, _ := run(t, s, "fresh()"); res.Err != nil || res.Value != "2" {
		t.Errorf("fresh(): %+v", res)
	}
}
