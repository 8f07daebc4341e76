package eval

import (
	"context"
	"strings"
	"testing"
	"time"
)

// interrupt runs cell, cancelling it after delay; it returns the error and
// how long Execute took.
func (ts *testSession) interrupt(cell string, delay time.Duration) (error, time.Duration) {
	ts.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	timer := time.AfterFunc(delay, cancel)
	defer timer.Stop()
	start := time.Now()
	done := make(chan error, 1)
	go func() {
		_, err := ts.Execute(ctx, cell)
		done <- err
	}()
	select {
	case err := <-done:
		return err, time.Since(start)
	case <-time.After(10 * time.Second):
		ts.t.Fatalf("cell %q still running 10s after its interruption", cell)
	}
	return nil, 0
}

func TestInterrupt(t *testing.T) {
	const cancelAfter = 50 * time.Millisecond
	tests := []struct {
		name     string
		cell     string
		minTime  time.Duration // Execute must not return earlier
		maxTime  time.Duration
		line     int
		notPrint string
	}{
		{name: "busy loop", cell: "for {}", maxTime: 2 * time.Second, line: 1},
		{name: "busy loop in a function", cell: "func spin() { for {} }\nspin()", maxTime: 2 * time.Second, line: 2},
		{name: "busy goroutine, main in select", cell: "go func() { for {} }()\nselect {}", maxTime: 2 * time.Second, line: 2},
		{name: "channel receive", cell: "ch := make(chan int)\n<-ch", maxTime: 2 * time.Second, line: 2},
		{name: "channel send", cell: "ch := make(chan int)\nch <- 1", maxTime: 2 * time.Second, line: 2},
		{
			// Cells call a time.Sleep that the interrupt ends (see
			// sleep.go): the rest of the cell does not run.
			name:     "sleep",
			cell:     "import (\"fmt\"; \"time\")\ntime.Sleep(time.Hour)\nfmt.Println(\"after sleep\")",
			maxTime:  5 * time.Second,
			line:     2,
			notPrint: "after sleep",
		},
		{
			name:     "sleep in a function",
			cell:     "import (\"fmt\"; \"time\")\nfunc nap() {\n\ttime.Sleep(time.Hour)\n\tfmt.Println(\"in nap\")\n}\nnap()\nfmt.Println(\"after nap\")",
			maxTime:  5 * time.Second,
			line:     6,
			notPrint: "nap",
		},
		{
			name:     "sleep in a loop",
			cell:     "import (\"fmt\"; \"time\")\nfor i := 0; i < 5; i++ {\n\ttime.Sleep(time.Hour)\n\tfmt.Println(\"tick\", i)\n}",
			maxTime:  5 * time.Second,
			notPrint: "tick",
		},
		{
			// The WaitGroup is released by a native timer: the cell ends
			// then. (Released by an interpreted goroutine, it would never
			// be: cancelling stops that goroutine too.)
			name:     "WaitGroup.Wait",
			cell:     "import (\"fmt\"; \"sync\"; \"time\")\nvar wg sync.WaitGroup\nwg.Add(1)\ntime.AfterFunc(300*time.Millisecond, wg.Done)\nwg.Wait()\nfmt.Println(\"after wait\")",
			minTime:  290 * time.Millisecond,
			maxTime:  2 * time.Second,
			line:     5,
			notPrint: "after wait",
		},
		{
			name:     "Mutex.Lock",
			cell:     "import (\"fmt\"; \"sync\"; \"time\")\nvar mu sync.Mutex\nmu.Lock()\ntime.AfterFunc(300*time.Millisecond, mu.Unlock)\nmu.Lock()\nfmt.Println(\"after lock\")",
			minTime:  290 * time.Millisecond,
			maxTime:  2 * time.Second,
			line:     5,
			notPrint: "after lock",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestSession(t, nil)
			err, took := ts.interrupt(tt.cell, cancelAfter)
			if err == nil {
				t.Fatal("no error")
			}
			e := asError(t, err)
			if e.Name != Interrupted || e.Message != "interrupted" {
				t.Errorf("error %q (%s)", e.Error(), e.Name)
			}
			if tt.line != 0 && e.Line != tt.line {
				t.Errorf("line %d, want %d", e.Line, tt.line)
			}
			if took < tt.minTime || took > tt.maxTime {
				t.Errorf("Execute took %v, want between %v and %v", took, tt.minTime, tt.maxTime)
			}
			// Give a cell that was not really stopped time to misbehave.
			time.Sleep(100 * time.Millisecond)
			res := ts.mustRun("import \"fmt\"\nfmt.Println(\"next cell\")\n1 + 1")
			if res.Text != "2" {
				t.Errorf("next cell: %q", res.Text)
			}
			time.Sleep(300 * time.Millisecond)
			out, _ := ts.output()
			if tt.notPrint != "" && strings.Contains(out, tt.notPrint) {
				t.Errorf("output %q contains %q", out, tt.notPrint)
			}
			if !strings.HasSuffix(out, "next cell\n") {
				t.Errorf("output %q", out)
			}
		})
	}
}

func TestInterruptBeforeStart(t *testing.T) {
	ts := newTestSession(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ts.Execute(ctx, "import \"fmt\"\nfmt.Println(\"ran\")")
	if e := asError(t, err); e.Name != Interrupted {
		t.Errorf("error %v", err)
	}
	if out, _ := ts.output(); out != "" {
		t.Errorf("output %q", out)
	}
}

func TestInterruptStopsBackgroundGoroutines(t *testing.T) {
	ts := newTestSession(t, nil)
	// A counter that needs no lock: a goroutine stopped between Lock and Unlock would
	// leave a mutex locked for the cells after it.
	ts.mustRun("%%background\nimport (\"sync/atomic\"; \"time\")\nvar ticks atomic.Int64\ngo func() {\n\tfor {\n\t\tticks.Add(1)\n\t\ttime.Sleep(time.Millisecond)\n\t}\n}()")
	time.Sleep(20 * time.Millisecond)
	if err, _ := ts.interrupt("select {}", 10*time.Millisecond); asError(t, err).Name != Interrupted {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	a := ts.mustRun("ticks.Load()").Text
	time.Sleep(50 * time.Millisecond)
	b := ts.mustRun("ticks.Load()").Text
	if a != b {
		t.Errorf("goroutine of an earlier cell still runs after an interrupt: ticks %s then %s", a, b)
	}
}
