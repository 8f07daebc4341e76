package sandbox

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
)

// The owner of a queue serves it on a Unix socket in the abstract
// namespace (no file to clean up). Requests and replies are JSON objects,
// one per line. A connection carries one call at a time; a client keeps a
// few idle connections to reuse, and opens more for concurrent calls.

// queueAddrPrefix starts the socket address of every queue.
const queueAddrPrefix = "@gocell-queue-"

const (
	// maxQueueLine bounds the length of a request or reply line.
	maxQueueLine = 1 << 28
	// maxIdleConns is the number of idle connections a client keeps.
	maxIdleConns = 4
)

// Operations of a queueRequest.
const (
	opPut      = "put"
	opGet      = "get"
	opSize     = "size"
	opTaskDone = "task_done"
	opJoin     = "join"
)

// Error codes of a queueReply.
const (
	codeEmpty      = "empty"
	codeFull       = "full"
	codeTaskDone   = "task_done"
	codeClosed     = "closed"
	codeBadRequest = "bad_request"
	codeFailed     = "failed"
)

// queueRequest is a call from a client to the owner of a queue.
type queueRequest struct {
	Op   string          `json:"op"`
	Item json.RawMessage `json:"item,omitempty"` // opPut: encoded value
	// Wait is how long opPut and opGet may wait, in nanoseconds: zero
	// means no wait, a negative value means no limit.
	Wait int64 `json:"wait,omitempty"`
}

// queueReply is the owner's answer to a queueRequest.
type queueReply struct {
	Item json.RawMessage `json:"item,omitempty"` // opGet: encoded value
	Size int             `json:"size,omitempty"` // opSize
	Code string          `json:"code,omitempty"` // empty on success
	Msg  string          `json:"msg,omitempty"`  // details of an error
}

// parseQueueRequest decodes and checks a request line.
func parseQueueRequest(line []byte) (queueRequest, error) {
	var req queueRequest
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return queueRequest{}, fmt.Errorf("bad request: %w", err)
	}
	if dec.More() {
		return queueRequest{}, errors.New("bad request: data after the request")
	}
	switch req.Op {
	case opPut:
		if len(req.Item) == 0 || isNull(req.Item) {
			return queueRequest{}, errors.New("bad request: put without an item")
		}
	case opGet, opSize, opTaskDone, opJoin:
		if len(req.Item) != 0 {
			return queueRequest{}, fmt.Errorf("bad request: %s with an item", req.Op)
		}
	default:
		return queueRequest{}, fmt.Errorf("bad request: unknown operation %q", req.Op)
	}
	return req, nil
}

// queueServer serves a queueState to other processes.
type queueServer struct {
	state  *queueState
	addr   string
	ln     net.Listener
	ctx    context.Context // done when the server closes
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu    sync.Mutex
	conns map[net.Conn]bool
}

// serveQueue starts serving state on a new abstract socket.
func serveQueue(state *queueState) (*queueServer, error) {
	var random [8]byte
	if _, err := rand.Read(random[:]); err != nil {
		return nil, err
	}
	addr := fmt.Sprintf("%s%d-%s", queueAddrPrefix, os.Getpid(), hex.EncodeToString(random[:]))
	ln, err := net.Listen("unix", addr)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &queueServer{state: state, addr: addr, ln: ln, ctx: ctx, cancel: cancel, conns: make(map[net.Conn]bool)}
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

func (s *queueServer) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			if s.ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return
			}
			// Out of file descriptors or similar: retry a little later.
			t := time.NewTimer(10 * time.Millisecond)
			select {
			case <-t.C:
			case <-s.ctx.Done():
				t.Stop()
				return
			}
			continue
		}
		if !samePeerUser(c) || !s.track(c) {
			c.Close()
			continue
		}
		s.wg.Add(1)
		go s.serveConn(c)
	}
}

// samePeerUser reports whether the process at the other end of c runs as
// the same user as this one. Abstract sockets have no file permissions,
// so the credentials of the peer are checked instead.
func samePeerUser(c net.Conn) bool {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return false
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return false
	}
	var cred *syscall.Ucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil || credErr != nil {
		return false
	}
	return int(cred.Uid) == os.Getuid()
}

// track records c to close it with the server; it returns false if the
// server is closed.
func (s *queueServer) track(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx.Err() != nil {
		return false
	}
	s.conns[c] = true
	return true
}

func (s *queueServer) untrack(c net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
}

// serveConn answers the requests of one connection. Its context is
// cancelled when the client disconnects, so that a client that gives up
// while waiting leaves no waiter behind.
func (s *queueServer) serveConn(c net.Conn) {
	defer s.wg.Done()
	defer s.untrack(c)
	defer c.Close()
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()

	lines := make(chan []byte)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer cancel()
		defer close(lines)
		sc := bufio.NewScanner(c)
		sc.Buffer(make([]byte, 0, 4096), maxQueueLine)
		for sc.Scan() {
			select {
			case lines <- bytes.Clone(sc.Bytes()):
			case <-ctx.Done():
				return
			}
		}
	}()

	for line := range lines {
		rep := s.handle(ctx, line)
		data, err := json.Marshal(rep)
		if err == nil {
			_, err = c.Write(append(data, '\n'))
		}
		if err != nil {
			if rep.Item != nil {
				s.state.unget(rep.Item)
			}
			return
		}
	}
}

// handle performs one request.
func (s *queueServer) handle(ctx context.Context, line []byte) queueReply {
	req, err := parseQueueRequest(line)
	if err != nil {
		return queueReply{Code: codeBadRequest, Msg: err.Error()}
	}
	var rep queueReply
	switch req.Op {
	case opPut:
		err = s.state.put(ctx, req.Item, time.Duration(req.Wait))
	case opGet:
		rep.Item, err = s.state.get(ctx, time.Duration(req.Wait))
	case opSize:
		rep.Size = s.state.size()
	case opTaskDone:
		err = s.state.taskDone()
	case opJoin:
		err = s.state.join(ctx)
	}
	if err != nil {
		return errorReply(err)
	}
	return rep
}

func errorReply(err error) queueReply {
	switch {
	case errors.Is(err, ErrEmpty):
		return queueReply{Code: codeEmpty}
	case errors.Is(err, ErrFull):
		return queueReply{Code: codeFull}
	case errors.Is(err, errTooManyTaskDone):
		return queueReply{Code: codeTaskDone}
	case errors.Is(err, ErrQueueClosed):
		return queueReply{Code: codeClosed}
	}
	return queueReply{Code: codeFailed, Msg: err.Error()}
}

// close stops the server and wakes its waiters.
func (s *queueServer) close() {
	// Closed first: a waiting request then answers that the queue is
	// closed, not that its context was cancelled.
	s.state.close()
	s.mu.Lock()
	s.cancel()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.ln.Close()
	s.wg.Wait()
}

// queueClient sends the calls of a *Queue to its owner.
type queueClient struct {
	addr string
	pid  int

	mu   sync.Mutex
	idle []*clientConn
}

// clientConn is one connection to the owner.
type clientConn struct {
	c  net.Conn
	sc *bufio.Scanner
}

// call sends req to the owner and returns its reply, or an error for
// an error reply.
func (cl *queueClient) call(req queueRequest) (queueReply, error) {
	cc, err := cl.conn()
	if err != nil {
		return queueReply{}, cl.gone(err)
	}
	data, err := json.Marshal(req)
	if err != nil {
		cc.c.Close()
		return queueReply{}, fmt.Errorf("sandbox: queue request: %w", err)
	}
	if _, err := cc.c.Write(append(data, '\n')); err != nil {
		cc.c.Close()
		return queueReply{}, cl.gone(err)
	}
	if !cc.sc.Scan() {
		cc.c.Close()
		err := cc.sc.Err()
		if err == nil {
			err = io.EOF
		}
		return queueReply{}, cl.gone(err)
	}
	var rep queueReply
	if err := json.Unmarshal(cc.sc.Bytes(), &rep); err != nil {
		cc.c.Close()
		return queueReply{}, fmt.Errorf("sandbox: bad reply from the queue owner (pid %d): %w", cl.pid, err)
	}
	cl.release(cc)
	switch rep.Code {
	case "":
		return rep, nil
	case codeEmpty:
		return rep, ErrEmpty
	case codeFull:
		return rep, ErrFull
	case codeTaskDone:
		return rep, errTooManyTaskDone
	case codeClosed:
		return rep, fmt.Errorf("%w: closed by its owner (pid %d)", ErrQueueClosed, cl.pid)
	}
	return rep, fmt.Errorf("sandbox: queue owner (pid %d): %s", cl.pid, rep.Msg)
}

// conn returns an idle connection or a new one.
func (cl *queueClient) conn() (*clientConn, error) {
	cl.mu.Lock()
	if n := len(cl.idle); n > 0 {
		cc := cl.idle[n-1]
		cl.idle = cl.idle[:n-1]
		cl.mu.Unlock()
		return cc, nil
	}
	cl.mu.Unlock()
	c, err := net.Dial("unix", cl.addr)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(c)
	sc.Buffer(make([]byte, 0, 4096), maxQueueLine)
	return &clientConn{c: c, sc: sc}, nil
}

// release keeps cc for reuse, or closes it if enough are idle.
func (cl *queueClient) release(cc *clientConn) {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	if len(cl.idle) < maxIdleConns {
		cl.idle = append(cl.idle, cc)
		return
	}
	cc.c.Close()
}

func (cl *queueClient) closeIdle() {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	for _, cc := range cl.idle {
		cc.c.Close()
	}
	cl.idle = nil
}

// gone describes a failure to reach the owner.
func (cl *queueClient) gone(err error) error {
	if errors.Is(syscall.Kill(cl.pid, 0), syscall.ESRCH) {
		return fmt.Errorf("%w: the owner (pid %d) is gone", ErrQueueClosed, cl.pid)
	}
	return fmt.Errorf("%w: the owner (pid %d) closed it or is exiting (%v)", ErrQueueClosed, cl.pid, err)
}
