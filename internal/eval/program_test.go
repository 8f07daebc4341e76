package eval

import (
	"strings"
	"testing"
	"time"
)

func TestCellEndStopsGoroutines(t *testing.T) {
	tests := []struct {
		name   string
		cell   string
		notice string
	}{
		{name: "none", cell: "x := 1\n_ = x"},
		{name: "finished", cell: "done := make(chan bool)\ngo func() { done <- true }()\n<-done"},
		{
			name:   "one",
			cell:   "ch := make(chan int)\ngo func() { <-ch }()",
			notice: "1 goroutine was still running when the cell ended and was stopped (a Go program ends when main returns).\n",
		},
		{
			name:   "three",
			cell:   "ch := make(chan int)\nfor i := 0; i < 3; i++ {\n\tgo func() { for { select { case <-ch: default: } } }()\n}",
			notice: "3 goroutines were still running when the cell ended and were stopped (a Go program ends when main returns).\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestSession(t, nil)
			ts.mustRun(tt.cell)
			_, stderr := ts.output()
			if stderr != tt.notice {
				t.Errorf("stderr = %q, want %q", stderr, tt.notice)
			}
			// The next cell runs normally, and reports nothing of the
			// goroutines stopped.
			if res := ts.mustRun("40 + 2"); res.Text != "42" {
				t.Errorf("next cell = %q, want 42", res.Text)
			}
			if _, stderr := ts.output(); stderr != "" {
				t.Errorf("next cell: stderr = %q, want nothing", stderr)
			}
		})
	}
}

func TestStoppedGoroutinePrintsNothing(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun("import (\"fmt\"; \"time\")\ngo func() {\n\ttime.Sleep(200 * time.Millisecond)\n\tfmt.Println(\"late\")\n}()\nfmt.Println(\"early\")")
	if res := ts.mustRun("fmt.Println(\"next\")\n1 + 1"); res.Text != "2" {
		t.Errorf("next cell = %q, want 2", res.Text)
	}
	time.Sleep(500 * time.Millisecond)
	ts.mustRun("fmt.Println(\"last\")")
	stdout, stderr := ts.output()
	if stdout != "early\nnext\nlast\n" {
		t.Errorf("stdout = %q, want early, next and last only", stdout)
	}
	if !strings.Contains(stderr, "1 goroutine was still running") || strings.Count(stderr, "still running") != 1 {
		t.Errorf("stderr = %q, want one notice of 1 goroutine", stderr)
	}
}

func TestBackgroundGoroutines(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun("%%background\nimport (\"fmt\"; \"time\")\nticks := make(chan int)\ngo func() {\n\tfor i := 0; ; i++ {\n\t\tfmt.Println(\"tick\", i)\n\t\tticks <- i\n\t}\n}()")
	first, stderr := ts.output()
	if stderr != "" {
		t.Errorf("%%%%background cell: stderr = %q, want nothing", stderr)
	}
	// A later cell talks to the goroutine; ending, it does not stop it.
	if res := ts.mustRun("<-ticks"); res.Text != "0" {
		t.Errorf("first receive = %q, want 0", res.Text)
	}
	time.Sleep(50 * time.Millisecond)
	if res := ts.mustRun("<-ticks"); res.Text != "1" {
		t.Errorf("second receive = %q, want 1", res.Text)
	}
	time.Sleep(50 * time.Millisecond)
	stdout, stderr := ts.output()
	if stdout = first + stdout; stdout != "tick 0\ntick 1\ntick 2\n" {
		t.Errorf("stdout = %q, want the background goroutine's ticks, also after the cells", stdout)
	}
	if stderr != "" {
		t.Errorf("stderr = %q, want nothing", stderr)
	}

	// A cell's own goroutines cannot be stopped without stopping the
	// background ones: they are left running, and the cell says so.
	ts.mustRun("block := make(chan int)\ngo func() { <-block }()")
	if _, stderr := ts.output(); !strings.Contains(stderr, "1 goroutine was still running when the cell ended and was left running") {
		t.Errorf("stderr = %q, want the notice that the goroutine was left running", stderr)
	}
	if res := ts.mustRun("<-ticks"); res.Text != "2" {
		t.Errorf("third receive = %q, want 2", res.Text)
	}
}

func TestHasGoStatement(t *testing.T) {
	for src, want := range map[string]bool{
		"go f()":                         true,
		"func f() { go func() {}() }":    true,
		`fmt.Println("go home")`:         false,
		"// go f()\nx := 1":              false,
		"goroutines := 3\ngo_on := true": false,
	} {
		if got := hasGoStatement(src); got != want {
			t.Errorf("hasGoStatement(%q) = %v", src, got)
		}
	}
}
