package worker

import (
	"context"
	"testing"
)

// BenchmarkExecuteTrivial measures one cell's round trip through a real worker.
func BenchmarkExecuteTrivial(b *testing.B) {
	s, err := NewSupervisor(Config{Command: []string{testBinary()}, Env: testEnv()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	r := newRecorder()
	for b.Loop() {
		if res := s.Execute(context.Background(), "1 + 1", false, r); res.Value != "2" {
			b.Fatalf("%+v", res)
		}
	}
}
