package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"

	"gocell/kernel/wire"
)

// Config says how to run a kernel.
type Config struct {
	// Connection names the transport, addresses, ports and key. A tcp port of 0 binds
	// any free port; Kernel.Connection reports the ports chosen.
	Connection wire.ConnectionInfo
	// Evaluator runs the cells.
	Evaluator Evaluator
	// Version is the implementation version reported by kernel_info.
	Version string
	// LanguageVersion is the Go version reported by kernel_info.
	LanguageVersion string
	// Banner is shown by consoles.
	Banner string
	// FlushInterval bounds how long stream output waits before it is published.
	// Zero means 50 ms.
	FlushInterval time.Duration
	// OutputLimit is the number of bytes of stream output kept per cell; the rest is
	// dropped and the cell says how much. Zero means 4 MiB.
	OutputLimit int
	// Logger receives the kernel's own log; nil discards it.
	Logger *slog.Logger
}

// A Kernel serves one connection file until it is told to shut down.
type Kernel struct {
	cfg    Config
	conn   wire.ConnectionInfo
	signer *wire.Signer
	log    *slog.Logger
	eval   Evaluator
	sessID string

	shell, control, stdin, iopub, hb *socket

	// shellQueue carries shell requests, in order, from the socket to the executor.
	shellQueue chan *request
	// inputReplies carries input_reply messages from the stdin socket.
	inputReplies chan *wire.Message
	// inputMu lets one cell at a time wait for input.
	inputMu sync.Mutex

	// Guarded by mu.
	mu             sync.Mutex
	executionCount int
	history        []historyEntry
	// abortBefore is when the last failed cell ended; execute requests sent before then
	// are aborted when stop_on_error is set.
	abortBefore time.Time

	shutdownOnce sync.Once
	shutdown     chan shutdownRequest
}

// A request is one decoded incoming message and the socket it came in on.
type request struct {
	msg  *wire.Message
	sock *socket
}

// New checks cfg and makes a kernel. It binds nothing yet.
func New(cfg Config) (*Kernel, error) {
	if cfg.Evaluator == nil {
		return nil, errors.New("kernel: no evaluator")
	}
	signer, err := wire.NewSigner(cfg.Connection.SignatureScheme, cfg.Connection.Key)
	if err != nil {
		return nil, fmt.Errorf("kernel: %w", err)
	}
	if cfg.FlushInterval <= 0 {
		cfg.FlushInterval = 50 * time.Millisecond
	}
	if cfg.OutputLimit <= 0 {
		cfg.OutputLimit = 4 << 20
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Kernel{
		cfg:          cfg,
		conn:         cfg.Connection,
		signer:       signer,
		log:          logger,
		eval:         cfg.Evaluator,
		sessID:       wire.NewID(),
		shellQueue:   make(chan *request, 1024),
		inputReplies: make(chan *wire.Message, 1),
		shutdown:     make(chan shutdownRequest, 1),
	}, nil
}

// Connection returns the connection information, with the ports actually bound once
// Listen has returned.
func (k *Kernel) Connection() wire.ConnectionInfo { return k.conn }

// Listen binds the five sockets.
func (k *Kernel) Listen(ctx context.Context) error {
	type binding struct {
		dst  **socket
		name string
		mk   func(context.Context, ...zmq4.Option) zmq4.Socket
		port *int
	}
	bindings := []binding{
		{&k.shell, "shell", zmq4.NewRouter, &k.conn.ShellPort},
		{&k.control, "control", zmq4.NewRouter, &k.conn.ControlPort},
		{&k.stdin, "stdin", zmq4.NewRouter, &k.conn.StdinPort},
		{&k.iopub, "iopub", zmq4.NewPub, &k.conn.IOPubPort},
		{&k.hb, "heartbeat", zmq4.NewRep, &k.conn.HBPort},
	}
	for _, b := range bindings {
		zs := b.mk(ctx)
		ep := k.conn.Endpoint(*b.port)
		if k.conn.Transport == "ipc" {
			// A socket file left by a kernel that died would make the bind fail.
			os.Remove(strings.TrimPrefix(ep, "ipc://"))
		}
		if err := zs.Listen(ep); err != nil {
			zs.Close()
			k.closeSockets()
			return fmt.Errorf("kernel: bind %s on %s: %w", b.name, ep, err)
		}
		if k.conn.Transport != "ipc" && *b.port == 0 {
			if a, ok := zs.Addr().(*net.TCPAddr); ok {
				*b.port = a.Port
			}
		}
		*b.dst = &socket{name: b.name, zs: zs}
	}
	return nil
}

func (k *Kernel) closeSockets() {
	for _, s := range []*socket{k.shell, k.control, k.stdin, k.iopub, k.hb} {
		if s != nil {
			s.zs.Close()
		}
	}
}

// Run serves requests until a shutdown_request arrives or ctx is done. It calls Listen
// first if that has not been done. Run closes the evaluator before it returns.
func (k *Kernel) Run(ctx context.Context) error {
	if k.shell == nil {
		if err := k.Listen(ctx); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		k.closeSockets()
		wg.Wait()
	}()

	start := func(f func(context.Context)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(ctx)
		}()
	}
	start(k.serveHeartbeat)
	start(k.readShell)
	start(k.serveControl)
	start(k.readStdin)
	start(k.executeLoop)

	k.publish(nil, "status", statusContent{ExecutionState: "starting"})

	var err error
	select {
	case <-ctx.Done():
		err = ctx.Err()
	case <-k.shutdown:
	}
	if cerr := k.eval.Close(); cerr != nil {
		k.log.Warn("closing the evaluator", "err", cerr)
	}
	return err
}

// readLoop reads messages from s and passes each to f until f returns false, the socket
// is closed or ctx is done. Messages that do not decode or verify were logged by receive
// and are skipped.
func (k *Kernel) readLoop(ctx context.Context, s *socket, f func(*wire.Message) bool) {
	for {
		m, err := k.receive(s)
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, errSocketClosed) {
				return
			}
			continue
		}
		if !f(m) {
			return
		}
	}
}

// readShell moves shell requests from the socket to the executor, in order. Requests are
// queued rather than handled here so that a failed cell can abort those that wait.
func (k *Kernel) readShell(ctx context.Context) {
	defer close(k.shellQueue)
	k.readLoop(ctx, k.shell, func(m *wire.Message) bool {
		select {
		case k.shellQueue <- &request{msg: m, sock: k.shell}:
			return true
		case <-ctx.Done():
			return false
		}
	})
}

// executeLoop handles shell requests one at a time.
func (k *Kernel) executeLoop(ctx context.Context) {
	for r := range k.shellQueue {
		k.handle(ctx, r)
	}
}

// serveControl handles control requests as they come, also while a cell runs.
func (k *Kernel) serveControl(ctx context.Context) {
	k.readLoop(ctx, k.control, func(m *wire.Message) bool {
		k.handle(ctx, &request{msg: m, sock: k.control})
		return true
	})
}

// readStdin passes input replies to the cell waiting for one.
func (k *Kernel) readStdin(ctx context.Context) {
	k.readLoop(ctx, k.stdin, func(m *wire.Message) bool {
		if m.Header.MsgType != "input_reply" {
			k.log.Warn("unexpected message on stdin", "type", m.Header.MsgType)
			return true
		}
		select {
		case k.inputReplies <- m:
		default:
			k.log.Warn("input_reply with no input_request waiting")
		}
		return true
	})
}

// A handler serves one request type.
type handler func(k *Kernel, ctx context.Context, r *request) error

// handlerFor is the dispatch table: one handler per request type.
func handlerFor(msgType string) handler {
	switch msgType {
	case "kernel_info_request":
		return (*Kernel).kernelInfo
	case "execute_request":
		return (*Kernel).execute
	case "complete_request":
		return (*Kernel).complete
	case "inspect_request":
		return (*Kernel).inspect
	case "is_complete_request":
		return (*Kernel).isComplete
	case "history_request":
		return (*Kernel).historyRequest
	case "comm_info_request":
		return (*Kernel).commInfo
	case "shutdown_request":
		return (*Kernel).shutdownRequest
	case "interrupt_request":
		return (*Kernel).interrupt
	}
	return nil
}

// handle serves one request with busy and idle status around it. A panic in a handler
// is logged and answered with an error reply; it never stops the kernel.
func (k *Kernel) handle(ctx context.Context, r *request) {
	typ := r.msg.Header.MsgType
	h := handlerFor(typ)
	if h == nil {
		if strings.HasPrefix(typ, "comm_") {
			return // no comms are registered: messages to them are dropped, as the spec allows
		}
		k.log.Warn("unknown request", "type", typ, "channel", r.sock.name)
		if strings.HasSuffix(typ, "_request") {
			k.reply(r, strings.TrimSuffix(typ, "_request")+"_reply", errorReply{
				Status:       "error",
				errorContent: errorContent{EName: "UnknownRequest", EValue: typ},
			})
		}
		return
	}
	k.publish(r.msg, "status", statusContent{ExecutionState: "busy"})
	defer k.publish(r.msg, "status", statusContent{ExecutionState: "idle"})
	defer func() {
		if p := recover(); p != nil {
			k.log.Error("handler panicked", "type", typ, "panic", p)
			k.reply(r, strings.TrimSuffix(typ, "_request")+"_reply", errorReply{
				Status:       "error",
				errorContent: errorContent{EName: "KernelError", EValue: fmt.Sprint(p)},
			})
		}
	}()
	if err := h(k, ctx, r); err != nil {
		k.log.Error("handling request", "type", typ, "err", err)
	}
}

// decode unmarshals a request's content into v.
func decode(r *request, v any) error {
	if len(r.msg.Content) == 0 {
		return nil
	}
	if err := json.Unmarshal(r.msg.Content, v); err != nil {
		return fmt.Errorf("decoding %s content: %w", r.msg.Header.MsgType, err)
	}
	return nil
}

// reply answers r on the socket it came in on.
func (k *Kernel) reply(r *request, msgType string, content any) error {
	return k.sendTo(r.sock, r.msg.Identities, r.msg, msgType, content)
}

// publish sends a message on iopub with parent as its parent (nil for none).
func (k *Kernel) publish(parent *wire.Message, msgType string, content any) error {
	return k.sendTo(k.iopub, [][]byte{[]byte(msgType)}, parent, msgType, content)
}

func (k *Kernel) sendTo(s *socket, ids [][]byte, parent *wire.Message, msgType string, content any) error {
	body, err := json.Marshal(content)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", msgType, err)
	}
	session := k.sessID
	var ph *wire.Header
	if parent != nil {
		h := parent.Header
		ph = &h
	}
	m := wire.Message{
		Identities: ids,
		Header:     wire.NewHeader(msgType, session, "kernel"),
		Parent:     ph,
		Content:    body,
	}
	frames, err := wire.Encode(m, k.signer)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", msgType, err)
	}
	return s.send(frames)
}

// receive reads and verifies one message. Messages that fail to decode or whose
// signature does not verify are logged and reported as errors: they are never handled.
func (k *Kernel) receive(s *socket) (*wire.Message, error) {
	frames, err := s.recv()
	if err != nil {
		return nil, err
	}
	m, err := wire.Decode(frames, k.signer)
	if err != nil {
		k.log.Warn("dropped a message", "channel", s.name, "err", err)
		return nil, err
	}
	return &m, nil
}

func (k *Kernel) requestShutdown(req shutdownRequest) {
	k.shutdownOnce.Do(func() { k.shutdown <- req })
}
