package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"gocell/kernel/wire"
)

// fakeEvaluator runs "cells" by calling a function chosen by the test.
type fakeEvaluator struct {
	execute func(ctx context.Context, c Cell, out Output, interrupted <-chan struct{}) Outcome

	mu        sync.Mutex
	ran       []string
	interrupt chan struct{}
	closed    bool
}

func newFake(exec func(ctx context.Context, c Cell, out Output, interrupted <-chan struct{}) Outcome) *fakeEvaluator {
	return &fakeEvaluator{execute: exec, interrupt: make(chan struct{}, 1)}
}

func (f *fakeEvaluator) Execute(ctx context.Context, c Cell, out Output) Outcome {
	f.mu.Lock()
	f.ran = append(f.ran, c.Code)
	f.mu.Unlock()
	return f.execute(ctx, c, out, f.interrupt)
}

func (f *fakeEvaluator) Complete(ctx context.Context, code string, cursor int) (Completion, error) {
	return Completion{Matches: []string{"Println", "Printf"}, Start: cursor - 4, End: cursor}, nil
}

func (f *fakeEvaluator) Inspect(ctx context.Context, code string, cursor, detail int) (Inspection, error) {
	return Inspection{Found: true, Text: "func Println(a ...any)"}, nil
}

func (f *fakeEvaluator) IsComplete(ctx context.Context, code string) (string, string, error) {
	if strings.HasSuffix(code, "{") {
		return "incomplete", "\t", nil
	}
	return "complete", "", nil
}

func (f *fakeEvaluator) Interrupt() {
	select {
	case f.interrupt <- struct{}{}:
	default:
	}
}

func (f *fakeEvaluator) Close() error {
	f.mu.Lock()
	f.closed = true
	f.mu.Unlock()
	return nil
}

func (f *fakeEvaluator) cells() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.ran...)
}

// client is a minimal Jupyter client speaking to a kernel under test.
type client struct {
	t                     *testing.T
	signer                *wire.Signer
	session               string
	shell, control, stdin zmq4.Socket
	iopub, hb             zmq4.Socket
	iopubMsgs             chan wire.Message
	k                     *Kernel
	stdinMsgs             chan wire.Message
}

const testKey = "a0436f6c-1916-498b-8eb9-e81ab9368e84"

// startKernel runs a kernel with ev on free loopback ports and connects a client to it.
func startKernel(t *testing.T, ev Evaluator) (*client, chan error) {
	t.Helper()
	k, err := New(Config{
		Connection: wire.ConnectionInfo{
			Transport: "tcp", IP: "127.0.0.1", Key: testKey, SignatureScheme: "hmac-sha256",
		},
		Evaluator:       ev,
		Version:         "test",
		LanguageVersion: "1.26",
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := k.Listen(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- k.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("kernel did not stop")
		}
	})

	conn := k.Connection()
	signer, _ := wire.NewSigner("hmac-sha256", testKey)
	c := &client{
		t: t, signer: signer, session: wire.NewID(),
		k:         k,
		iopubMsgs: make(chan wire.Message, 1000),
		stdinMsgs: make(chan wire.Message, 10),
	}
	id := zmq4.WithID(zmq4.SocketIdentity(c.session))
	c.shell = zmq4.NewDealer(ctx, id)
	c.control = zmq4.NewDealer(ctx, id)
	c.stdin = zmq4.NewDealer(ctx, id)
	c.iopub = zmq4.NewSub(ctx)
	c.hb = zmq4.NewReq(ctx)
	for _, d := range []struct {
		s    zmq4.Socket
		port int
	}{{c.shell, conn.ShellPort}, {c.control, conn.ControlPort}, {c.stdin, conn.StdinPort}, {c.iopub, conn.IOPubPort}, {c.hb, conn.HBPort}} {
		if err := d.s.Dial(conn.Endpoint(d.port)); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	go c.pump(c.iopub, c.iopubMsgs)
	go c.pump(c.stdin, c.stdinMsgs)
	t.Cleanup(func() {
		for _, s := range []zmq4.Socket{c.shell, c.control, c.stdin, c.iopub, c.hb} {
			s.Close()
		}
	})
	c.waitForIOPub()
	return c, done
}

func (c *client) pump(s zmq4.Socket, ch chan wire.Message) {
	for {
		m, err := s.Recv()
		if err != nil {
			c.t.Logf("pump stopped: %v", err)
			return
		}
		frames := m.Frames
		msg, err := wire.Decode(frames, c.signer)
		if err != nil {
			c.t.Errorf("client could not decode a message: %v", err)
			continue
		}
		ch <- msg
	}
}

// waitForIOPub sends kernel_info requests until their status reaches the iopub socket,
// so that no later iopub message is lost to the subscription still being set up.
func (c *client) waitForIOPub() {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		id := c.send(c.shell, "kernel_info_request", struct{}{})
		c.recv(c.shell)
		timeout := time.After(200 * time.Millisecond)
		for {
			select {
			case m := <-c.iopubMsgs:
				if m.Parent != nil && m.Parent.MsgID == id && m.Header.MsgType == "status" {
					// The busy status may have been published before the
					// subscription took effect; the idle one ends the request.
					if statusOf(m) != "idle" {
						c.drainIOPub(id)
					}
					return
				}
				continue
			case <-timeout:
			}
			break
		}
	}
	c.t.Fatal("iopub never received a status message")
}

// drainIOPub reads iopub until the idle status of request id.
func (c *client) drainIOPub(id string) []wire.Message {
	var got []wire.Message
	for {
		m, ok := c.nextIOPubOK()
		if !ok {
			c.t.Fatalf("timed out waiting on iopub for the idle status of %s; got %v", id, types(got))
		}
		if m.Parent == nil || m.Parent.MsgID != id {
			continue
		}
		got = append(got, m)
		if m.Header.MsgType == "status" && statusOf(m) == "idle" {
			return got
		}
	}
}

func (c *client) nextIOPubOK() (wire.Message, bool) {
	select {
	case m := <-c.iopubMsgs:
		return m, true
	case <-time.After(10 * time.Second):
		return wire.Message{}, false
	}
}

func statusOf(m wire.Message) string {
	var s statusContent
	json.Unmarshal(m.Content, &s)
	return s.ExecutionState
}

func (c *client) message(msgType string, content any) wire.Message {
	body, err := json.Marshal(content)
	if err != nil {
		c.t.Fatal(err)
	}
	return wire.Message{Header: wire.NewHeader(msgType, c.session, "test"), Content: body}
}

func (c *client) sendMessage(s zmq4.Socket, m wire.Message, signer *wire.Signer) {
	frames, err := wire.Encode(m, signer)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := s.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatal(err)
	}
}

func (c *client) send(s zmq4.Socket, msgType string, content any) string {
	m := c.message(msgType, content)
	c.sendMessage(s, m, c.signer)
	return m.Header.MsgID
}

func (c *client) recv(s zmq4.Socket) wire.Message {
	type result struct {
		m   zmq4.Msg
		err error
	}
	ch := make(chan result, 1)
	go func() {
		m, err := s.Recv()
		ch <- result{m, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			c.t.Fatal(r.err)
		}
		m, err := wire.Decode(r.m.Frames, c.signer)
		if err != nil {
			c.t.Fatal(err)
		}
		return m
	case <-time.After(10 * time.Second):
		c.t.Fatal("timed out waiting for a reply")
	}
	panic("unreachable")
}

// request sends a request and returns its reply and the iopub messages it caused.
func (c *client) request(s zmq4.Socket, msgType string, content any) (wire.Message, []wire.Message) {
	id := c.send(s, msgType, content)
	rep := c.recv(s)
	if rep.Parent == nil || rep.Parent.MsgID != id {
		c.t.Fatalf("reply to %s has the wrong parent", msgType)
	}
	return rep, c.drainIOPub(id)
}

func decodeInto[T any](t *testing.T, m wire.Message) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(m.Content, &v); err != nil {
		t.Fatalf("decoding %s: %v", m.Header.MsgType, err)
	}
	return v
}

func types(ms []wire.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Header.MsgType)
	}
	return out
}

func TestKernelInfo(t *testing.T) {
	c, _ := startKernel(t, newFake(nil))
	rep, pub := c.request(c.shell, "kernel_info_request", struct{}{})
	if rep.Header.MsgType != "kernel_info_reply" {
		t.Fatalf("got %s", rep.Header.MsgType)
	}
	info := decodeInto[kernelInfoReply](t, rep)
	li := info.LanguageInfo
	if info.Status != "ok" || info.ProtocolVersion < "5.3" || li.Name != "go" || li.Mimetype != "text/x-go" ||
		li.FileExtension != ".go" || li.PygmentsLexer != "go" || li.CodemirrorMode != "go" {
		t.Errorf("kernel_info_reply = %+v", info)
	}
	if got := strings.Join(types(pub), ","); got != "status,status" {
		t.Errorf("iopub = %s, want busy and idle", got)
	}
	// The same request is served on control.
	rep, _ = c.request(c.control, "kernel_info_request", struct{}{})
	if rep.Header.MsgType != "kernel_info_reply" {
		t.Fatalf("control got %s", rep.Header.MsgType)
	}
}

func TestExecuteStreamsAndResult(t *testing.T) {
	ev := newFake(func(ctx context.Context, c Cell, out Output, _ <-chan struct{}) Outcome {
		for i := range 1000 {
			out.Stream("stdout", []byte(fmt.Sprintf("line %d\n", i)))
		}
		out.Stream("stderr", []byte("careful\n"))
		out.Stream("stdout", []byte("héllo"))
		text, _ := json.Marshal("42")
		return Outcome{Result: &Bundle{Data: map[string]json.RawMessage{"text/plain": text}}}
	})
	c, _ := startKernel(t, ev)
	rep, pub := c.request(c.shell, "execute_request", executeRequest{Code: "x"})
	r := decodeInto[executeReply](t, rep)
	if r.Status != "ok" || r.ExecutionCount != 1 {
		t.Fatalf("reply = %+v", r)
	}
	var stdout, stderr strings.Builder
	var order []string
	nstream := 0
	for _, m := range pub {
		switch m.Header.MsgType {
		case "stream":
			nstream++
			s := decodeInto[streamContent](t, m)
			if s.Name == "stdout" {
				stdout.WriteString(s.Text)
			} else {
				stderr.WriteString(s.Text)
			}
			order = append(order, s.Name)
		case "execute_result":
			res := decodeInto[executeResult](t, m)
			if string(res.Data["text/plain"]) != `"42"` || res.ExecutionCount != 1 {
				t.Errorf("execute_result = %+v", res)
			}
			order = append(order, "result")
		case "execute_input":
			in := decodeInto[executeInput](t, m)
			if in.Code != "x" || in.ExecutionCount != 1 {
				t.Errorf("execute_input = %+v", in)
			}
		}
	}
	var want strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&want, "line %d\n", i)
	}
	want.WriteString("héllo")
	if stdout.String() != want.String() || stderr.String() != "careful\n" {
		t.Errorf("stdout or stderr differ: stderr %q", stderr.String())
	}
	if got := strings.Join(order, ","); got != "stdout,stderr,stdout,result" {
		t.Errorf("order = %s (1000 writes should coalesce into one message)", got)
	}
	if nstream > 3 {
		t.Errorf("%d stream messages", nstream)
	}
}

func TestStopOnErrorAbortsQueuedCells(t *testing.T) {
	release := make(chan struct{})
	ev := newFake(func(ctx context.Context, c Cell, out Output, _ <-chan struct{}) Outcome {
		if c.Code == "fail" {
			<-release
			return Outcome{Err: &CellError{Name: "panic", Value: "boom"}}
		}
		return Outcome{}
	})
	c, _ := startKernel(t, ev)
	ids := []string{
		c.send(c.shell, "execute_request", executeRequest{Code: "fail"}),
		c.send(c.shell, "execute_request", executeRequest{Code: "second"}),
		c.send(c.shell, "execute_request", executeRequest{Code: "third"}),
	}
	close(release)
	statuses := map[string]string{}
	for range ids {
		rep := c.recv(c.shell)
		statuses[rep.Parent.MsgID] = decodeInto[executeReply](t, rep).Status
	}
	if statuses[ids[0]] != "error" || statuses[ids[1]] != "aborted" || statuses[ids[2]] != "aborted" {
		t.Errorf("statuses = %v", statuses)
	}
	if got := ev.cells(); len(got) != 1 {
		t.Errorf("cells run = %q, want only the failing one", got)
	}
	// A cell sent after the error runs.
	rep, _ := c.request(c.shell, "execute_request", executeRequest{Code: "after"})
	if s := decodeInto[executeReply](t, rep).Status; s != "ok" {
		t.Errorf("cell after the error: %s", s)
	}
}

func TestControlWhileCellRuns(t *testing.T) {
	started := make(chan struct{})
	ev := newFake(func(ctx context.Context, c Cell, out Output, interrupted <-chan struct{}) Outcome {
		close(started)
		<-interrupted
		return Outcome{Err: &CellError{Name: "interrupted", Value: "interrupted"}}
	})
	c, _ := startKernel(t, ev)
	id := c.send(c.shell, "execute_request", executeRequest{Code: "for {}"})
	<-started
	rep, _ := c.request(c.control, "kernel_info_request", struct{}{})
	if rep.Header.MsgType != "kernel_info_reply" {
		t.Fatalf("control answered %s while a cell ran", rep.Header.MsgType)
	}
	rep, _ = c.request(c.control, "interrupt_request", struct{}{})
	if rep.Header.MsgType != "interrupt_reply" {
		t.Fatalf("got %s", rep.Header.MsgType)
	}
	rep = c.recv(c.shell)
	if rep.Parent.MsgID != id || decodeInto[executeReply](t, rep).EName != "interrupted" {
		t.Errorf("execute reply = %s", rep.Content)
	}
}

func TestBadSignatureNeverExecutes(t *testing.T) {
	ev := newFake(func(ctx context.Context, c Cell, out Output, _ <-chan struct{}) Outcome { return Outcome{} })
	c, _ := startKernel(t, ev)
	wrong, _ := wire.NewSigner("hmac-sha256", "not-the-key")
	c.sendMessage(c.shell, c.message("execute_request", executeRequest{Code: "forged"}), wrong)
	rep, _ := c.request(c.shell, "execute_request", executeRequest{Code: "genuine"})
	if s := decodeInto[executeReply](t, rep).Status; s != "ok" {
		t.Fatalf("status %s", s)
	}
	if got := ev.cells(); len(got) != 1 || got[0] != "genuine" {
		t.Errorf("cells run = %q", got)
	}
}

func TestStdinRoundTrip(t *testing.T) {
	ev := newFake(func(ctx context.Context, c Cell, out Output, _ <-chan struct{}) Outcome {
		out.Stream("stdout", []byte("name? "))
		v, err := out.Input(ctx, "", false)
		if err != nil {
			return Outcome{Err: &CellError{Name: "stdin", Value: err.Error()}}
		}
		out.Stream("stdout", []byte("hello "+v+"\n"))
		return Outcome{}
	})
	c, _ := startKernel(t, ev)
	id := c.send(c.shell, "execute_request", executeRequest{Code: "scan", AllowStdin: true})
	var req wire.Message
	select {
	case req = <-c.stdinMsgs:
	case <-time.After(10 * time.Second):
		t.Fatal("no input_request")
	}
	if req.Header.MsgType != "input_request" || req.Parent == nil || req.Parent.MsgID != id {
		t.Fatalf("got %s", req.Header.MsgType)
	}
	reply := c.message("input_reply", inputReply{Value: "gopher"})
	h := req.Header
	reply.Parent = &h
	c.sendMessage(c.stdin, reply, c.signer)
	rep := c.recv(c.shell)
	if s := decodeInto[executeReply](t, rep).Status; s != "ok" {
		t.Fatalf("status %s", rep.Content)
	}
	var text strings.Builder
	for _, m := range c.drainIOPub(id) {
		if m.Header.MsgType == "stream" {
			text.WriteString(decodeInto[streamContent](t, m).Text)
		}
	}
	if text.String() != "name? hello gopher\n" {
		t.Errorf("output %q", text.String())
	}

	// Without allow_stdin the evaluator is told at once.
	rep, _ = c.request(c.shell, "execute_request", executeRequest{Code: "scan", AllowStdin: false})
	if r := decodeInto[executeReply](t, rep); r.Status != "error" || !strings.Contains(r.EValue, "allow_stdin") {
		t.Errorf("reply without stdin = %s", rep.Content)
	}
}

func TestSmallRequests(t *testing.T) {
	c, _ := startKernel(t, newFake(func(ctx context.Context, c Cell, out Output, _ <-chan struct{}) Outcome { return Outcome{} }))

	rep, _ := c.request(c.shell, "complete_request", completeRequest{Code: "fmt.Prin", CursorPos: 8})
	cr := decodeInto[completeReply](t, rep)
	if cr.Status != "ok" || len(cr.Matches) != 2 || cr.CursorStart != 4 || cr.CursorEnd != 8 {
		t.Errorf("complete_reply = %+v", cr)
	}
	rep, _ = c.request(c.shell, "inspect_request", inspectRequest{Code: "fmt.Println", CursorPos: 5})
	if ir := decodeInto[inspectReply](t, rep); !ir.Found || !strings.Contains(string(ir.Data["text/plain"]), "Println") {
		t.Errorf("inspect_reply = %s", rep.Content)
	}
	rep, _ = c.request(c.shell, "is_complete_request", isCompleteRequest{Code: "func f() {"})
	if ic := decodeInto[isCompleteReply](t, rep); ic.Status != "incomplete" || ic.Indent != "\t" {
		t.Errorf("is_complete_reply = %s", rep.Content)
	}
	rep, _ = c.request(c.shell, "comm_info_request", commInfoRequest{})
	if ci := decodeInto[commInfoReply](t, rep); ci.Status != "ok" || ci.Comms == nil {
		t.Errorf("comm_info_reply = %s", rep.Content)
	}
	for _, code := range []string{"a := 1", "b := 2", "a + b"} {
		c.request(c.shell, "execute_request", executeRequest{Code: code})
	}
	rep, _ = c.request(c.shell, "history_request", historyRequest{HistAccessType: "tail", N: 2})
	if got := string(rep.Content); !strings.Contains(got, `[1,2,"b := 2"],[1,3,"a + b"]`) {
		t.Errorf("history tail = %s", got)
	}
	rep, _ = c.request(c.shell, "history_request", historyRequest{HistAccessType: "search", Pattern: "a*"})
	if got := string(rep.Content); !strings.Contains(got, `[1,1,"a := 1"],[1,3,"a + b"]`) || strings.Contains(got, "b := 2") {
		t.Errorf("history search = %s", got)
	}
	rep, _ = c.request(c.shell, "history_request", historyRequest{HistAccessType: "range", Start: 2, Stop: 3})
	if got := string(rep.Content); !strings.Contains(got, `"history":[[1,2,"b := 2"]]`) {
		t.Errorf("history range = %s", got)
	}
}

func TestHeartbeat(t *testing.T) {
	c, _ := startKernel(t, newFake(nil))
	if err := c.hb.Send(zmq4.NewMsgString("ping")); err != nil {
		t.Fatal(err)
	}
	m, err := c.hb.Recv()
	if err != nil || string(m.Frames[0]) != "ping" {
		t.Fatalf("heartbeat echo = %q, %v", m.Frames, err)
	}
}

func TestShutdown(t *testing.T) {
	ev := newFake(nil)
	c, done := startKernel(t, ev)
	id := c.send(c.control, "shutdown_request", shutdownRequest{Restart: false})
	rep := c.recv(c.control)
	if rep.Header.MsgType != "shutdown_reply" || rep.Parent.MsgID != id {
		t.Fatalf("got %s", rep.Header.MsgType)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the kernel did not stop")
	}
	ev.mu.Lock()
	closed := ev.closed
	ev.mu.Unlock()
	if !closed {
		t.Error("the evaluator was not closed")
	}
	done <- nil // for the cleanup
}

func TestHistoryWithOutput(t *testing.T) {
	text, _ := json.Marshal("3")
	c, _ := startKernel(t, newFake(func(ctx context.Context, c Cell, out Output, _ <-chan struct{}) Outcome {
		if c.Code == "1 + 2" {
			return Outcome{Result: &Bundle{Data: map[string]json.RawMessage{"text/plain": text}}}
		}
		return Outcome{}
	}))
	c.request(c.shell, "execute_request", executeRequest{Code: "1 + 2"})
	c.request(c.shell, "execute_request", executeRequest{Code: "x := 1"})
	rep, _ := c.request(c.shell, "history_request", historyRequest{HistAccessType: "tail", N: 5, Output: true})
	if got := string(rep.Content); !strings.Contains(got, `"history":[[1,1,["1 + 2","3"]],[1,2,["x := 1",null]]]`) {
		t.Errorf("history with output = %s", got)
	}
}
