package eval

import (
	"strings"
	"testing"
	"time"
)

func TestDeadlock(t *testing.T) {
	tests := []struct {
		name    string
		cell    string
		line    int
		reasons []string // wait reasons in the traceback
	}{
		{name: "send", cell: "ch := make(chan int)\nch <- 1", line: 2, reasons: []string{"goroutine 1 [chan send]:"}},
		{name: "receive in a function", cell: "func get(ch chan int) int { return <-ch }\nget(make(chan int))", line: 2, reasons: []string{"goroutine 1 [chan receive]:"}},
		{name: "lock twice", cell: "import \"sync\"\nvar mu sync.Mutex\nmu.Lock()\nmu.Lock()", line: 4, reasons: []string{"goroutine 1 [sync.Mutex.Lock]:"}},
		{name: "wait group", cell: "import \"sync\"\nvar wg sync.WaitGroup\nwg.Add(1)\nwg.Wait()", line: 4, reasons: []string{"goroutine 1 [sync.WaitGroup.Wait]:"}},
		{name: "empty select", cell: "select {}", line: 1, reasons: []string{"goroutine 1 [select]:"}},
		{
			name:    "two goroutines waiting on each other",
			cell:    "a, b := make(chan int), make(chan int)\ndone := make(chan bool)\ngo func() { <-a; b <- 1; done <- true }()\ngo func() { <-b; a <- 1; done <- true }()\n<-done\n<-done",
			line:    5,
			reasons: []string{"goroutine 1 [chan receive]:", "[chan receive]:"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestSession(t, nil)
			start := time.Now()
			_, err := ts.run(tt.cell)
			took := time.Since(start)
			e := asError(t, err)
			if e.Name != FatalError || e.Message != "all goroutines are asleep - deadlock!" || e.Line != tt.line {
				t.Errorf("error %q %q at line %d, want a deadlock at line %d", e.Name, e.Message, e.Line, tt.line)
			}
			if took > 2*time.Second {
				t.Errorf("the deadlock took %v to report", took)
			}
			tb := strings.Join(e.Traceback, "\n")
			for _, r := range tt.reasons {
				if strings.Count(tb, r) < strings.Count(strings.Join(tt.reasons, "\n"), r) {
					t.Errorf("traceback %q lacks %q", tb, r)
				}
			}
			// The session goes on.
			if res := ts.mustRun("1 + 1"); res.Text != "2" {
				t.Errorf("next cell = %q, want 2", res.Text)
			}
			ts.output()
		})
	}
}

func TestNotDeadlock(t *testing.T) {
	tests := []struct {
		name, cell, stdout string
	}{
		{
			name:   "select with a timeout",
			cell:   "import (\"fmt\"; \"time\")\nch := make(chan int)\nselect {\ncase <-ch:\ncase <-time.After(300 * time.Millisecond):\n\tfmt.Println(\"timeout\")\n}",
			stdout: "timeout\n",
		},
		{
			name:   "timer",
			cell:   "import (\"fmt\"; \"time\")\ntm := time.NewTimer(500 * time.Millisecond)\n<-tm.C\nfmt.Println(\"fired\")",
			stdout: "fired\n",
		},
		{
			name:   "sleeping sender",
			cell:   "import (\"fmt\"; \"time\")\nch := make(chan int)\ngo func() {\n\ttime.Sleep(300 * time.Millisecond)\n\tch <- 7\n}()\nfmt.Println(<-ch)",
			stdout: "7\n",
		},
		{
			name: "tcp",
			cell: `import ("fmt"; "net"; "time"; "bufio")
ln, err := net.Listen("tcp", "127.0.0.1:0")
if err != nil { panic(err) }
go func() {
	c, err := ln.Accept()
	if err != nil { panic(err) }
	time.Sleep(300 * time.Millisecond)
	fmt.Fprintln(c, "hello")
	c.Close()
}()
conn, err := net.Dial("tcp", ln.Addr().String())
if err != nil { panic(err) }
line, err := bufio.NewReader(conn).ReadString('\n')
fmt.Print(line)
ln.Close()`,
			stdout: "hello\n",
		},
		{
			name:   "mutex released later",
			cell:   "import (\"fmt\"; \"sync\"; \"time\")\nvar mu sync.Mutex\nmu.Lock()\ngo func() {\n\ttime.Sleep(500 * time.Millisecond)\n\tmu.Unlock()\n}()\nmu.Lock()\nfmt.Println(\"locked\")",
			stdout: "locked\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestSession(t, nil)
			if _, err := ts.run(tt.cell); err != nil {
				t.Fatalf("cell failed: %v", err)
			}
			if stdout, _ := ts.output(); stdout != tt.stdout {
				t.Errorf("stdout = %q, want %q", stdout, tt.stdout)
			}
		})
	}
}

// A chunk deadlocked in a lock stays blocked for good: interrupting and
// ending later cells must not wait for it.
func TestAfterDeadlockInLock(t *testing.T) {
	ts := newTestSession(t, nil)
	if _, err := ts.run("import \"sync\"\nvar mu sync.Mutex\nmu.Lock()\nmu.Lock()"); asError(t, err).Name != FatalError {
		t.Fatalf("got %v, want a deadlock", err)
	}
	if err, took := ts.interrupt("for {}", 50*time.Millisecond); asError(t, err).Name != Interrupted || took > 2*time.Second {
		t.Errorf("interrupt after the deadlock: %v after %v", err, took)
	}
	ts.mustRun("go func() { select {} }()")
	if _, stderr := ts.output(); !strings.Contains(stderr, "1 goroutine was still running") {
		t.Errorf("stderr = %q, want the notice of 1 goroutine stopped", stderr)
	}
	if _, err := ts.run("ch := make(chan int)\n<-ch"); asError(t, err).Name != FatalError {
		t.Errorf("second deadlock: got %v", err)
	}
}
