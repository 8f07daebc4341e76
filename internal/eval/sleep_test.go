package eval

import (
	"context"
	"strings"
	"testing"
	"time"
)

// sleepers returns how many interpreted goroutines are in time.Sleep (the
// cells' or the standard one).
func sleepers() int {
	n := 0
	for _, g := range liveGoroutines() {
		frames := strings.Join(g.frames, " ")
		if g.interpreted() && (strings.Contains(frames, "cellRuntime).Sleep") || strings.Contains(frames, "time.Sleep")) {
			n++
		}
	}
	return n
}

// waitNoSleepers waits up to 5 s for the goroutines in Sleep to end.
func waitNoSleepers(t *testing.T) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); sleepers() > 0; {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines still in time.Sleep after they were stopped", sleepers())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A goroutine stopped at the end of its cell while in time.Sleep ends then,
// running its deferred calls: the lock it held is free for the next cell.
func TestStoppedSleeperRunsDeferredUnlock(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun("import (\n\t\"sync\"\n\t\"time\"\n)\nvar mu sync.Mutex")
	ts.mustRun("locked := make(chan bool)\ngo func() {\n\tmu.Lock()\n\tdefer mu.Unlock()\n\tlocked <- true\n\ttime.Sleep(time.Hour)\n}()\n<-locked")
	waitNoSleepers(t)
	if res := ts.mustRun("mu.Lock()\nmu.Unlock()\n\"free\""); res.Text != `"free"` {
		t.Fatalf("next cell: %q", res.Text)
	}
}

// A lock that a stopped goroutine never unlocked makes the next cell that
// takes it a deadlock, reported with the reason, not a hang, even while
// that goroutine still waits in a native call (here a read of a pipe
// nobody writes), which could have woken others were it not stopped.
func TestLockOfStoppedGoroutineIsADeadlock(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun("import (\n\t\"os\"\n\t\"sync\"\n)\nvar mu sync.Mutex")
	ts.mustRun("r, w, _ := os.Pipe()\nlocked := make(chan bool)\ngo func() {\n\tmu.Lock()\n\tlocked <- true\n\tr.Read(make([]byte, 1))\n\tmu.Unlock()\n}()\n<-locked")
	done := make(chan error, 1)
	go func() {
		_, err := ts.Execute(context.Background(), "mu.Lock()\n\"never\"")
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the cell still waits for the lock after 10 s: no deadlock was reported")
	}
	e := asError(t, err)
	if e.Name != FatalError || e.Line != 1 {
		t.Fatalf("error %s %q at line %d, want the deadlock at line 1", e.Name, e.Message, e.Line)
	}
	if tb := strings.Join(e.Traceback, "\n"); !strings.Contains(tb, "stopped at the end of an earlier cell") {
		t.Fatalf("no word of the stopped goroutine:\n%s", tb)
	}
	ts.mustRun("w.Close()")
}

// An interrupt ends the goroutines in time.Sleep too, not only the cell's
// main flow.
func TestInterruptEndsSleepingGoroutines(t *testing.T) {
	ts := newTestSession(t, nil)
	err, _ := ts.interrupt("import \"time\"\nch := make(chan int)\nfor i := 0; i < 3; i++ {\n\tgo func() {\n\t\ttime.Sleep(time.Hour)\n\t\tch <- i\n\t}()\n}\n<-ch", 100*time.Millisecond)
	if e := asError(t, err); e.Name != Interrupted {
		t.Fatalf("error %s %q, want an interrupt", e.Name, e.Message)
	}
	waitNoSleepers(t)
}
