package eval

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

func BenchmarkNew(b *testing.B) {
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer devnull.Close()
	for b.Loop() {
		if _, err := New(Options{Stdout: devnull, Stderr: devnull}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExecuteTrivial(b *testing.B) {
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer devnull.Close()
	s, err := New(Options{Stdout: devnull, Stderr: devnull})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		res, err := s.Execute(ctx, "1+1")
		if err != nil || res.Text != "2" {
			b.Fatal(res, err)
		}
	}
}

func BenchmarkExecutePrint(b *testing.B) {
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer devnull.Close()
	s, err := New(Options{Stdout: devnull, Stderr: devnull})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.Execute(ctx, `import "fmt"`); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Execute(ctx, "x := 2\nfmt.Println(x)"); err != nil {
			b.Fatal(err)
		}
	}
}

// A cell of a notebook with many types and methods: the lowering reads the
// notebook's declarations for most cells.
func BenchmarkExecuteAfterManyDecls(b *testing.B) {
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer devnull.Close()
	s, err := New(Options{Stdout: devnull, Stderr: devnull})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var src strings.Builder
	src.WriteString("import \"fmt\"\n")
	for i := range 60 {
		fmt.Fprintf(&src, "type T%d struct{ A, B int }\nfunc (t T%d) String() string { return fmt.Sprint(t.A) }\nfunc f%d(v any, n int) int { return n }\n", i, i, i)
	}
	if _, err := s.Execute(ctx, src.String()); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		res, err := s.Execute(ctx, "x := T1{1, 2}\nf3(x, 2)")
		if err != nil || res.Text != "2" {
			b.Fatal(res, err)
		}
	}
}
