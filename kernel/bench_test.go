package kernel

import (
	"context"
	"encoding/json"
	"testing"
)

// BenchmarkExecuteRoundTrip measures the kernel's own cost for one cell: the request, its
// status and result messages and the reply, with an evaluator that does no work.
func BenchmarkExecuteRoundTrip(b *testing.B) {
	text, _ := json.Marshal("2")
	ev := newFake(func(ctx context.Context, c Cell, out Output, _ <-chan struct{}) Outcome {
		return Outcome{Result: &Bundle{Data: map[string]json.RawMessage{"text/plain": text}}}
	})
	t := &testing.T{}
	c, _ := startKernel(t, ev)
	c.t = t
	for b.Loop() {
		c.request(c.shell, "execute_request", executeRequest{Code: "1 + 1"})
	}
}

// BenchmarkPublish measures encoding, signing and sending one iopub message.
func BenchmarkPublish(b *testing.B) {
	t := &testing.T{}
	c, _ := startKernel(t, newFake(nil))
	parent := c.message("execute_request", executeRequest{Code: "1 + 1"})
	for b.Loop() {
		c.k.publish(&parent, "status", statusContent{ExecutionState: "busy"})
	}
}
