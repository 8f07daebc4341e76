package runner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gocell/internal/notebook"
)

// fakeExecutor runs cells by looking their code up in a table of behaviours.
type fakeExecutor struct {
	cells map[string]func(ctx context.Context, out Sink) Outcome
	ran   []string
}

func (f *fakeExecutor) Execute(ctx context.Context, code string, out Sink) (Outcome, error) {
	f.ran = append(f.ran, code)
	run, ok := f.cells[code]
	if !ok {
		return Outcome{}, fmt.Errorf("no behaviour for %q", code)
	}
	return run(ctx, out), nil
}

func printing(lines ...string) func(context.Context, Sink) Outcome {
	return func(_ context.Context, out Sink) Outcome {
		for _, l := range lines {
			out.Stream("stdout", []byte(l))
		}
		return Outcome{}
	}
}

func failing(name, value string) func(context.Context, Sink) Outcome {
	return func(context.Context, Sink) Outcome {
		return Outcome{Err: &CellError{Name: name, Value: value, Traceback: []string{"\x1b[1;31m" + name + ": " + value + "\x1b[0m", "more"}}}
	}
}

func code(src string, tags ...string) notebook.Cell {
	return notebook.Cell{CellType: notebook.CodeCell, Source: notebook.Text(src), Metadata: notebook.CellMetadata{Tags: tags}}
}

func str(s string) json.RawMessage { b, _ := json.Marshal(s); return b }

func runNotebook(t *testing.T, ex Executor, opts Options, cells ...notebook.Cell) (*notebook.Notebook, *Report, string, error) {
	t.Helper()
	var out strings.Builder
	opts.Out = &out
	nb := &notebook.Notebook{NBFormat: 4, NBFormatMinor: 5, Cells: cells}
	rep, err := Run(context.Background(), nb, ex, opts)
	return nb, rep, out.String(), err
}

func TestStreamsAreMergedPerName(t *testing.T) {
	ex := &fakeExecutor{cells: map[string]func(context.Context, Sink) Outcome{
		"mixed": func(_ context.Context, out Sink) Outcome {
			out.Stream("stdout", []byte("a"))
			out.Stream("stdout", []byte("b\n"))
			out.Stream("stderr", []byte("warn\n"))
			out.Stream("stderr", []byte("again\n"))
			out.Stream("stdout", []byte("c\n"))
			out.Display(Display{Bundle: Bundle{Data: map[string]json.RawMessage{"text/plain": str("<text/html>"), "text/html": str("<b>x</b>")}}})
			out.Stream("stdout", []byte("d\n"))
			out.Stream("stdout", []byte(""))
			out.Stream("stdout", []byte("e\n"))
			return Outcome{}
		},
	}}
	nb, rep, printed, err := runNotebook(t, ex, Options{}, code("mixed"))
	if err != nil || !rep.OK() {
		t.Fatalf("run: %v, %+v", err, rep)
	}
	var got []string
	for _, o := range nb.Cells[0].Outputs {
		switch o.OutputType {
		case notebook.StreamOutput:
			got = append(got, o.Name+":"+string(o.Text))
		default:
			got = append(got, o.OutputType)
		}
	}
	want := []string{"stdout:ab\n", "stderr:warn\nagain\n", "stdout:c\n", "display_data", "stdout:d\ne\n"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("outputs\n got %q\nwant %q", got, want)
	}
	wantPrinted := "--- cell 1 [1] ---\nab\nwarn\nagain\nc\n<text/html>\nd\ne\n1 cell, 0 failed, 0 expected errors\n"
	if printed != wantPrinted {
		t.Errorf("printed\n%q\nwant\n%q", printed, wantPrinted)
	}
}

func TestResultsAndExecutionCounts(t *testing.T) {
	ex := &fakeExecutor{cells: map[string]func(context.Context, Sink) Outcome{
		"1 + 2": func(context.Context, Sink) Outcome {
			return Outcome{Result: &Bundle{Data: map[string]json.RawMessage{"text/plain": str("3")}}}
		},
		"svg": func(_ context.Context, out Sink) Outcome {
			out.Display(Display{Bundle: Bundle{Data: map[string]json.RawMessage{"image/svg+xml": str(strings.Repeat("x", 12*1024))}}})
			out.Display(Display{Bundle: Bundle{Data: map[string]json.RawMessage{"image/png": str("iVBORw0KGgo=")}}})
			return Outcome{}
		},
	}}
	md := notebook.Cell{CellType: notebook.MarkdownCell, Source: "# title"}
	blank := code("  \n")
	stale := 9
	blank.ExecutionCount = &stale
	nb, rep, printed, err := runNotebook(t, ex, Options{}, md, code("1 + 2"), blank, code("svg"))
	if err != nil || !rep.OK() {
		t.Fatalf("run: %v %+v", err, rep)
	}
	if len(ex.ran) != 2 {
		t.Errorf("ran %q, want the two code cells with code", ex.ran)
	}
	c := nb.Cells[1]
	if c.ExecutionCount == nil || *c.ExecutionCount != 1 || len(c.Outputs) != 1 {
		t.Fatalf("cell 2: %+v", c)
	}
	o := c.Outputs[0]
	if o.OutputType != notebook.ExecuteResultOutput || o.ExecutionCount == nil || *o.ExecutionCount != 1 {
		t.Errorf("result %+v", o)
	}
	if nb.Cells[2].ExecutionCount != &stale {
		t.Errorf("a cell without code was changed: %+v", nb.Cells[2])
	}
	if c := nb.Cells[3]; c.ExecutionCount == nil || *c.ExecutionCount != 2 {
		t.Errorf("cell 4 count %v", c.ExecutionCount)
	}
	for _, want := range []string{"--- cell 2 [1] ---\n3\n", "--- cell 4 [2] ---\n[image/svg+xml, 12 KB]\n[image/png, 8 B]\n", "2 cells, 0 failed, 0 expected errors\n"} {
		if !strings.Contains(printed, want) {
			t.Errorf("printed %q lacks %q", printed, want)
		}
	}
	if len(rep.Cells) != 2 || rep.Cells[0].Index != 1 || rep.Cells[1].Index != 3 {
		t.Errorf("report cells %+v", rep.Cells)
	}
}

func TestRaisesException(t *testing.T) {
	ex := &fakeExecutor{cells: map[string]func(context.Context, Sink) Outcome{
		"ok":   printing("fine\n"),
		"bad":  failing("panic", "boom"),
		"then": printing("after\n"),
	}}
	nb, rep, printed, err := runNotebook(t, ex, Options{}, code("ok"), code("bad", "raises-exception"), code("then"))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Err() != nil {
		t.Errorf("an expected error failed the run: %v", rep.Err())
	}
	if got := rep.Summary(); got != "3 cells, 0 failed, 1 expected error" {
		t.Errorf("summary %q", got)
	}
	if rep.Cells[1].Status != ExpectedError {
		t.Errorf("status %v", rep.Cells[1].Status)
	}
	e := nb.Cells[1].Outputs[0]
	if e.OutputType != notebook.ErrorOutput || e.Ename != "panic" || e.Evalue != "boom" || e.Traceback[0] != "\x1b[1;31mpanic: boom\x1b[0m" {
		t.Errorf("error output %+v (the notebook keeps ANSI codes)", e)
	}
	if !strings.Contains(printed, "panic: boom\nmore\n(cell 2 failed as expected: tagged raises-exception)\n") {
		t.Errorf("printed %q", printed)
	}
	if strings.Contains(printed, "\x1b") {
		t.Errorf("ANSI codes printed without Color: %q", printed)
	}
	if len(ex.ran) != 3 {
		t.Errorf("ran %q", ex.ran)
	}

	// Tagged, but it does not fail: the run fails.
	ex.ran = nil
	_, rep, printed, err = runNotebook(t, ex, Options{}, code("ok", "raises-exception"), code("then"))
	if err != nil {
		t.Fatal(err)
	}
	want := "cell 1 was expected to fail (tagged raises-exception) but did not"
	if rep.OK() || rep.Err() == nil || rep.Err().Error() != want {
		t.Errorf("Err() = %v, want %q", rep.Err(), want)
	}
	if rep.Cells[0].Status != UnexpectedSuccess || !strings.Contains(printed, want+"\n") {
		t.Errorf("status %v, printed %q", rep.Cells[0].Status, printed)
	}
	if got := rep.Summary(); got != "2 cells, 1 failed, 0 expected errors, 1 not run" {
		t.Errorf("summary %q", got)
	}
}

func TestColorKeepsANSI(t *testing.T) {
	ex := &fakeExecutor{cells: map[string]func(context.Context, Sink) Outcome{"bad": failing("panic", "boom")}}
	_, _, printed, _ := runNotebook(t, ex, Options{Color: true}, code("bad"))
	if !strings.Contains(printed, "\x1b[1;31mpanic: boom\x1b[0m") {
		t.Errorf("printed %q", printed)
	}
}

func TestStopOrKeepGoing(t *testing.T) {
	ex := &fakeExecutor{cells: map[string]func(context.Context, Sink) Outcome{
		"one":  printing("1\n"),
		"bad":  failing("cell:1:1", "undefined: x"),
		"bad2": failing("panic", "two\nlines"),
		"last": printing("3\n"),
	}}
	stale := 5
	last := code("last")
	last.ExecutionCount = &stale
	last.Outputs = []notebook.Output{{OutputType: notebook.StreamOutput, Name: "stdout", Text: "old\n"}}

	nb, rep, printed, err := runNotebook(t, ex, Options{}, code("one"), code("bad"), code("bad2"), last)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ex.ran, ",") != "one,bad" {
		t.Errorf("ran %q, want to stop after the failure", ex.ran)
	}
	if rep.OK() || rep.Err().Error() != "cell 2 failed: cell:1:1: undefined: x" {
		t.Errorf("Err() = %v", rep.Err())
	}
	if rep.Cells[2].Status != NotRun || rep.Cells[3].Status != NotRun {
		t.Errorf("statuses %+v", rep.Cells)
	}
	if nb.Cells[3].ExecutionCount != nil || nb.Cells[3].Outputs != nil {
		t.Errorf("a cell not run kept its old outputs: %+v", nb.Cells[3])
	}
	if !strings.HasSuffix(printed, "cell 2 failed: cell:1:1: undefined: x\n4 cells, 1 failed, 0 expected errors, 2 not run\n") {
		t.Errorf("printed %q", printed)
	}

	ex.ran = nil
	nb, rep, _, err = runNotebook(t, ex, Options{KeepGoing: true}, code("one"), code("bad"), code("bad2"), code("last"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.ran) != 4 {
		t.Errorf("ran %q, want every cell", ex.ran)
	}
	if got := rep.Err(); got == nil || got.Error() != "2 cells failed: cell 2, cell 3" {
		t.Errorf("Err() = %v", got)
	}
	if rep.Cells[2].Message != "cell 3 failed: panic: two" {
		t.Errorf("message %q", rep.Cells[2].Message)
	}
	if c := nb.Cells[3]; c.ExecutionCount == nil || *c.ExecutionCount != 4 {
		t.Errorf("last cell count %v", c.ExecutionCount)
	}
}

func TestTimeout(t *testing.T) {
	interrupted := false
	ex := &fakeExecutor{cells: map[string]func(context.Context, Sink) Outcome{
		"for {}": func(ctx context.Context, out Sink) Outcome {
			out.Stream("stdout", []byte("spinning\n"))
			<-ctx.Done()
			interrupted = true
			return Outcome{Err: &CellError{Name: "interrupted", Value: "interrupted", Traceback: []string{"interrupted"}}}
		},
		"quick": printing("done\n"),
	}}
	start := time.Now()
	nb, rep, printed, err := runNotebook(t, ex, Options{Timeout: 50 * time.Millisecond, KeepGoing: true}, code("for {}"), code("quick"))
	if err != nil {
		t.Fatal(err)
	}
	if !interrupted {
		t.Fatal("the cell's context was not cancelled at the timeout")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	want := "cell 1 timed out after 50ms"
	if rep.Cells[0].Status != TimedOut || rep.Cells[0].Message != want || rep.OK() {
		t.Errorf("report %+v", rep.Cells[0])
	}
	if !strings.Contains(printed, "spinning\n"+want+"\ninterrupted\n--- cell 2") {
		t.Errorf("printed %q", printed)
	}
	outs := nb.Cells[0].Outputs
	if len(outs) != 2 || outs[1].OutputType != notebook.ErrorOutput || outs[1].Ename != "timeout" || outs[1].Evalue != want {
		t.Errorf("outputs %+v", outs)
	}
	if rep.Cells[1].Status != Passed {
		t.Errorf("the next cell: %+v", rep.Cells[1])
	}

	// A timeout fails the run also for a cell expected to fail.
	_, rep, _, _ = runNotebook(t, ex, Options{Timeout: 20 * time.Millisecond}, code("for {}", "raises-exception"))
	if rep.Cells[0].Status != TimedOut || rep.OK() {
		t.Errorf("tagged cell that timed out: %+v", rep.Cells[0])
	}
	_, _, printed, _ = runNotebook(t, ex, Options{Timeout: 20 * time.Millisecond, Quiet: true}, code("for {}"))
	if printed != "cell 1 timed out after 20ms\n1 cell, 1 failed, 0 expected errors\n" {
		t.Errorf("quiet: printed %q", printed)
	}
}

func TestQuiet(t *testing.T) {
	ex := &fakeExecutor{cells: map[string]func(context.Context, Sink) Outcome{
		"ok":  printing("noise\n"),
		"exp": failing("panic", "expected"),
		"bad": failing("panic", "boom"),
	}}
	_, _, printed, _ := runNotebook(t, ex, Options{Quiet: true, KeepGoing: true}, code("ok"), code("exp", "raises-exception"), code("bad"))
	want := "cell 3 failed: panic: boom\n3 cells, 1 failed, 1 expected error\n"
	if printed != want {
		t.Errorf("printed %q, want %q", printed, want)
	}
}

func TestDisplayUpdateAndClear(t *testing.T) {
	plain := func(s string) Bundle { return Bundle{Data: map[string]json.RawMessage{"text/plain": str(s)}} }
	ex := &fakeExecutor{cells: map[string]func(context.Context, Sink) Outcome{
		"show": func(_ context.Context, out Sink) Outcome {
			out.Display(Display{Bundle: plain("0%"), ID: "progress"})
			return Outcome{}
		},
		"update": func(_ context.Context, out Sink) Outcome {
			out.Display(Display{Bundle: plain("100%"), ID: "progress", Update: true})
			out.Stream("stdout", []byte("gone\n"))
			out.ClearOutput(false)
			out.Stream("stdout", []byte("kept\n"))
			out.ClearOutput(true)
			out.Stream("stdout", []byte("last\n"))
			return Outcome{}
		},
	}}
	nb, _, _, err := runNotebook(t, ex, Options{}, code("show"), code("update"))
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := nb.Cells[0].Outputs[0].PlainText(); s != "100%" {
		t.Errorf("display in cell 1 not updated: %q", s)
	}
	outs := nb.Cells[1].Outputs
	if len(outs) != 1 || outs[0].Text != "last\n" {
		t.Errorf("cell 2 outputs after clears: %+v", outs)
	}
}

func TestExecutorErrorStopsTheRun(t *testing.T) {
	ex := &fakeExecutor{cells: map[string]func(context.Context, Sink) Outcome{"ok": printing("x\n")}}
	_, rep, _, err := runNotebook(t, ex, Options{KeepGoing: true}, code("missing"), code("ok"))
	if err == nil || !strings.Contains(err.Error(), "cell 1") {
		t.Errorf("err = %v", err)
	}
	if len(ex.ran) != 1 || rep.Cells[1].Status != NotRun || rep.OK() {
		t.Errorf("ran %q, report %+v", ex.ran, rep.Cells)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ex := &fakeExecutor{cells: map[string]func(context.Context, Sink) Outcome{
		"wait": func(ctx context.Context, _ Sink) Outcome {
			cancel()
			<-ctx.Done()
			return Outcome{Err: &CellError{Name: "interrupted", Value: "interrupted"}}
		},
		"next": printing("no\n"),
	}}
	nb := &notebook.Notebook{NBFormat: 4, Cells: []notebook.Cell{code("wait"), code("next")}}
	rep, err := Run(ctx, nb, ex, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if len(ex.ran) != 1 || rep.Cells[0].Status != Failed || rep.Cells[1].Status != NotRun {
		t.Errorf("ran %q, report %+v", ex.ran, rep.Cells)
	}
}

func TestOutputFromGoroutines(t *testing.T) {
	ex := &fakeExecutor{cells: map[string]func(context.Context, Sink) Outcome{
		"go": func(_ context.Context, out Sink) Outcome {
			var wg sync.WaitGroup
			for i := range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range 100 {
						out.Stream([]string{"stdout", "stderr"}[i%2], []byte("x\n"))
					}
				}()
			}
			wg.Wait()
			return Outcome{}
		},
	}}
	nb, _, printed, err := runNotebook(t, ex, Options{}, code("go"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, o := range nb.Cells[0].Outputs {
		n += strings.Count(string(o.Text), "x\n")
	}
	if n != 800 || strings.Count(printed, "x\n") != 800 {
		t.Errorf("recorded %d lines, printed %d, want 800", n, strings.Count(printed, "x\n"))
	}
}

func TestStripANSI(t *testing.T) {
	for in, want := range map[string]string{
		"\x1b[1;31mred\x1b[0m": "red",
		"plain":                "plain",
		"a\x1b[2Kb\x1b(B":      "ab",
		"\x1b[38;5;196mx":      "x",
	} {
		if got := StripANSI(in); got != want {
			t.Errorf("StripANSI(%q) = %q, want %q", in, got, want)
		}
	}
}
