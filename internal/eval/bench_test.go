package eval

import (
	"context"
	"os"
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
