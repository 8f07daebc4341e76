package main

import (
	"context"
	"encoding/json"
	"unicode/utf8"

	"gocell/internal/display"
	"gocell/internal/eval"
	"gocell/internal/worker"
	"gocell/kernel"
)

// goEvaluator is the kernel's Evaluator: cells run in a worker process.
type goEvaluator struct {
	sup *worker.Supervisor
}

func (g *goEvaluator) Execute(ctx context.Context, cell kernel.Cell, out kernel.Output) kernel.Outcome {
	res := g.sup.Execute(ctx, cell.Code, cell.AllowStdin, sink{out})
	var o kernel.Outcome
	if res.Err != nil {
		o.Err = cellError(res.Err)
		return o
	}
	if res.HasValue {
		text, _ := json.Marshal(res.Value)
		o.Result = &kernel.Bundle{Data: map[string]json.RawMessage{"text/plain": text}}
		for mime, content := range res.Data {
			if mime != "text/plain" {
				o.Result.Data[mime], _ = json.Marshal(content)
			}
		}
	}
	return o
}

// cellError turns an evaluation error into an error message; the traceback's first line
// is coloured as Jupyter front ends expect.
func cellError(e *eval.Error) *kernel.CellError {
	tb := append([]string(nil), e.Traceback...)
	head := e.Name + ": " + e.Message
	if len(tb) == 0 {
		tb = []string{head}
	}
	tb[0] = "\x1b[1;31m" + tb[0] + "\x1b[0m"
	return &kernel.CellError{Name: e.Name, Value: e.Message, Traceback: tb}
}

func (g *goEvaluator) Complete(ctx context.Context, code string, cursor int) (kernel.Completion, error) {
	c, err := g.sup.Complete(ctx, code, byteOffset(code, cursor))
	if err != nil {
		return kernel.Completion{Start: cursor, End: cursor}, err
	}
	return kernel.Completion{Matches: c.Matches, Start: runeOffset(code, c.Start), End: runeOffset(code, c.End)}, nil
}

func (g *goEvaluator) Inspect(ctx context.Context, code string, cursor, detail int) (kernel.Inspection, error) {
	in, err := g.sup.Inspect(ctx, code, byteOffset(code, cursor), detail)
	if err != nil {
		return kernel.Inspection{}, err
	}
	return kernel.Inspection{Found: in.Found, Text: in.Text}, nil
}

func (g *goEvaluator) IsComplete(ctx context.Context, code string) (string, string, error) {
	status, indent := eval.IsComplete(code)
	return status, indent, nil
}

func (g *goEvaluator) Interrupt() { g.sup.Interrupt() }

func (g *goEvaluator) Close() error { return g.sup.Close() }

// sink passes a cell's output from the worker to the kernel.
type sink struct{ out kernel.Output }

func (s sink) Stream(name string, p []byte) { s.out.Stream(name, p) }

func (s sink) Display(m display.Message) {
	switch m.Kind {
	case display.KindClear:
		s.out.ClearOutput(m.Wait)
	default:
		s.out.Display(kernel.Display{
			Bundle: kernel.Bundle{Data: m.Data, Metadata: m.Metadata},
			ID:     m.ID,
			Update: m.Kind == display.KindUpdate,
		})
	}
}

func (s sink) Input(ctx context.Context, prompt string, password bool) (string, error) {
	return s.out.Input(ctx, prompt, password)
}

// byteOffset converts a cursor given in characters into a byte offset of s.
func byteOffset(s string, runes int) int {
	i := 0
	for n := 0; n < runes && i < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// runeOffset converts a byte offset of s into characters.
func runeOffset(s string, bytes int) int {
	if bytes > len(s) {
		bytes = len(s)
	}
	if bytes < 0 {
		bytes = 0
	}
	return utf8.RuneCountInString(s[:bytes])
}
