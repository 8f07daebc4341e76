package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
)

// ErrEmpty is returned by the Get methods of a Queue when no item arrived
// in time: at once for GetNowait, after the timeout for GetTimeout.
var ErrEmpty = errors.New("sandbox: queue is empty")

// ErrFull is returned by the Put methods of a Queue when no room was made
// in time: at once for PutNowait, after the timeout for PutTimeout.
var ErrFull = errors.New("sandbox: queue is full")

// ErrQueueClosed is returned (wrapped) by the methods of a Queue whose
// owner, the process that created it with NewQueue, has closed it or has
// exited.
var ErrQueueClosed = errors.New("sandbox: queue is closed")

// errTooManyTaskDone is returned by TaskDone when no item is unfinished.
var errTooManyTaskDone = errors.New("sandbox: TaskDone called too many times")

// waitForever is the wait duration of the blocking Put and Get.
const waitForever time.Duration = -1

// A Queue is a first-in, first-out queue shared by processes, like
// Python's multiprocessing.Queue.
//
// The process that calls NewQueue owns the queue and keeps its items.
// A *Queue passed to a child process (as an argument of its function, or
// as an item of another queue) refers to the same queue: the child's
// calls are sent to the owner over a local socket. The queue lives as
// long as its owner: once the owner exits or calls Close, the other
// processes get errors wrapping ErrQueueClosed.
//
// Items are copied: Put encodes the value and every Get returns a new
// copy, so changing an item after Put or after Get does not affect the
// queue. Items keep their types (an int comes back as an int, a struct as
// the same struct type), but channels and functions cannot be put in a
// queue (see ErrNotCopyable).
//
// A Queue is safe for use by several goroutines and processes at once.
type Queue struct {
	capacity int
	joinable bool
	addr     string // abstract Unix socket address of the owner
	pid      int    // owner process
	err      error  // the queue could not be created

	srv *queueServer // in the owner
	cl  *queueClient // in other processes
}

// NewQueue returns a new queue that holds at most capacity items.
// A capacity of zero or less means the queue is unbounded, as with
// Python's Queue(maxsize=0).
//
// The calling process owns the queue (see Queue). In the unlikely event
// that the queue cannot be served to other processes, every method of the
// returned queue reports the error.
func NewQueue(capacity int) *Queue {
	return newQueue(capacity, false)
}

func newQueue(capacity int, joinable bool) *Queue {
	if capacity < 0 {
		capacity = 0
	}
	q := &Queue{capacity: capacity, joinable: joinable, pid: os.Getpid()}
	srv, err := serveQueue(newQueueState(capacity, joinable))
	if err != nil {
		q.err = fmt.Errorf("sandbox: create queue: %w", err)
		return q
	}
	q.srv, q.addr = srv, srv.addr
	return q
}

// check reports whether q can be used.
func (q *Queue) check() error {
	switch {
	case q == nil || (q.srv == nil && q.cl == nil && q.err == nil):
		return errors.New("sandbox: queue not created by NewQueue")
	case q.err != nil:
		return q.err
	}
	return nil
}

// Put adds v at the end of the queue, waiting while the queue is full.
func (q *Queue) Put(v any) error {
	return q.put(v, waitForever)
}

// PutTimeout adds v at the end of the queue, waiting at most d while the
// queue is full. It returns ErrFull if the queue is still full after d.
// A d of zero or less does not wait, like PutNowait.
func (q *Queue) PutTimeout(v any, d time.Duration) error {
	return q.put(v, max(d, 0))
}

// PutNowait adds v at the end of the queue if there is room, and returns
// ErrFull otherwise.
func (q *Queue) PutNowait(v any) error {
	return q.put(v, 0)
}

func (q *Queue) put(v any, wait time.Duration) error {
	if err := q.check(); err != nil {
		return err
	}
	item, err := encodeValue(v)
	if err != nil {
		return fmt.Errorf("sandbox: put: %w", err)
	}
	if q.srv != nil {
		return q.srv.state.put(context.Background(), item, wait)
	}
	_, err = q.cl.call(queueRequest{Op: opPut, Item: item, Wait: int64(wait)})
	return err
}

// Get removes and returns the item at the front of the queue, waiting
// while the queue is empty.
func (q *Queue) Get() (any, error) {
	return q.get(waitForever)
}

// GetTimeout removes and returns the item at the front of the queue,
// waiting at most d while the queue is empty. It returns ErrEmpty if the
// queue is still empty after d. A d of zero or less does not wait, like
// GetNowait.
func (q *Queue) GetTimeout(d time.Duration) (any, error) {
	return q.get(max(d, 0))
}

// GetNowait removes and returns the item at the front of the queue if
// there is one, and returns ErrEmpty otherwise.
func (q *Queue) GetNowait() (any, error) {
	return q.get(0)
}

func (q *Queue) get(wait time.Duration) (any, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	var item []byte
	if q.srv != nil {
		var err error
		if item, err = q.srv.state.get(context.Background(), wait); err != nil {
			return nil, err
		}
	} else {
		rep, err := q.cl.call(queueRequest{Op: opGet, Wait: int64(wait)})
		if err != nil {
			return nil, err
		}
		item = rep.Item
	}
	v, err := decodeValue(item)
	if err != nil {
		return nil, fmt.Errorf("sandbox: get: %w", err)
	}
	return v, nil
}

// Qsize returns the number of items in the queue, or 0 if the queue
// cannot be reached.
//
// The answer is approximate: other goroutines and processes may put or
// get items between the moment the size is read and the moment the
// caller acts on it, so a Qsize of 1 does not guarantee that a following
// GetNowait succeeds. Use the Get and Put methods, which check and act in
// one step, to decide what to do.
func (q *Queue) Qsize() int {
	n, err := q.qsize()
	if err != nil {
		return 0
	}
	return n
}

func (q *Queue) qsize() (int, error) {
	if err := q.check(); err != nil {
		return 0, err
	}
	if q.srv != nil {
		return q.srv.state.size(), nil
	}
	rep, err := q.cl.call(queueRequest{Op: opSize})
	return rep.Size, err
}

// Empty reports whether the queue is empty. Like Qsize, the answer may be
// stale by the time the caller acts on it.
func (q *Queue) Empty() bool {
	return q.Qsize() == 0
}

// Full reports whether the queue is full. An unbounded queue is never
// full. Like Qsize, the answer may be stale by the time the caller acts
// on it.
func (q *Queue) Full() bool {
	return q.capacity > 0 && q.Qsize() >= q.capacity
}

// Close stops the queue. In the owner process, it stops serving the queue
// and drops its items: calls in progress or later, in any process, return
// errors wrapping ErrQueueClosed. In other processes, Close only releases
// the connections to the owner, and the queue stays usable.
// Close is not needed before the owner exits.
func (q *Queue) Close() error {
	if err := q.check(); err != nil {
		return err
	}
	if q.srv != nil {
		q.srv.close()
		return nil
	}
	q.cl.closeIdle()
	return nil
}

// String describes the queue, for example "Queue(cap 3, 1 item)".
func (q *Queue) String() string {
	var b strings.Builder
	if q != nil && q.joinable {
		b.WriteString("JoinableQueue(")
	} else {
		b.WriteString("Queue(")
	}
	if q == nil {
		b.WriteString("nil)")
		return b.String()
	}
	if q.capacity > 0 {
		fmt.Fprintf(&b, "cap %d, ", q.capacity)
	} else {
		b.WriteString("unbounded, ")
	}
	switch n, err := q.qsize(); {
	case err != nil && errors.Is(err, ErrQueueClosed):
		b.WriteString("closed)")
	case err != nil:
		b.WriteString("unusable)")
	case n == 1:
		b.WriteString("1 item)")
	default:
		fmt.Fprintf(&b, "%d items)", n)
	}
	return b.String()
}

// queueRef is the JSON form of a *Queue or *JoinableQueue.
type queueRef struct {
	Addr     string `json:"addr"`
	Cap      int    `json:"cap"`
	Joinable bool   `json:"joinable"`
	PID      int    `json:"pid"`
}

// MarshalJSON encodes a reference to the queue, which UnmarshalJSON turns
// back into a *Queue in another process.
func (q *Queue) MarshalJSON() ([]byte, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	return json.Marshal(queueRef{Addr: q.addr, Cap: q.capacity, Joinable: q.joinable, PID: q.pid})
}

// UnmarshalJSON decodes a reference made by MarshalJSON. The resulting
// queue sends its calls to the owner of the queue.
func (q *Queue) UnmarshalJSON(b []byte) error {
	var ref queueRef
	if err := json.Unmarshal(b, &ref); err != nil {
		return fmt.Errorf("sandbox: decode queue: %w", err)
	}
	if !strings.HasPrefix(ref.Addr, queueAddrPrefix) || ref.Cap < 0 || ref.PID <= 0 {
		return fmt.Errorf("sandbox: decode queue: bad reference %s", b)
	}
	*q = Queue{
		capacity: ref.Cap,
		joinable: ref.Joinable,
		addr:     ref.Addr,
		pid:      ref.PID,
		cl:       &queueClient{addr: ref.Addr, pid: ref.PID},
	}
	return nil
}

// A JoinableQueue is a Queue that also counts unfinished items, like
// Python's multiprocessing.JoinableQueue: every Put adds an unfinished
// item, and consumers call TaskDone once they have finished with each
// item they got. Join waits until no item is unfinished.
type JoinableQueue struct {
	*Queue
}

// NewJoinableQueue returns a new joinable queue that holds at most
// capacity items; a capacity of zero or less means unbounded.
// The calling process owns the queue, as with NewQueue.
func NewJoinableQueue(capacity int) *JoinableQueue {
	return &JoinableQueue{newQueue(capacity, true)}
}

// TaskDone marks one item got from the queue as finished. It returns an
// error if it is called more times than items were put.
func (q *JoinableQueue) TaskDone() error {
	if err := q.checkJoinable(); err != nil {
		return err
	}
	if q.srv != nil {
		return q.srv.state.taskDone()
	}
	_, err := q.cl.call(queueRequest{Op: opTaskDone})
	return err
}

// Join waits until every item put in the queue has been marked finished
// with TaskDone.
func (q *JoinableQueue) Join() error {
	if err := q.checkJoinable(); err != nil {
		return err
	}
	if q.srv != nil {
		return q.srv.state.join(context.Background())
	}
	_, err := q.cl.call(queueRequest{Op: opJoin, Wait: int64(waitForever)})
	return err
}

func (q *JoinableQueue) checkJoinable() error {
	if q == nil {
		return errors.New("sandbox: queue not created by NewJoinableQueue")
	}
	if err := q.Queue.check(); err != nil {
		return err
	}
	if !q.joinable {
		return errors.New("sandbox: queue is not joinable")
	}
	return nil
}

// UnmarshalJSON decodes a reference made by MarshalJSON for a
// JoinableQueue.
func (q *JoinableQueue) UnmarshalJSON(b []byte) error {
	inner := new(Queue)
	if err := inner.UnmarshalJSON(b); err != nil {
		return err
	}
	if !inner.joinable {
		return errors.New("sandbox: decode queue: not a joinable queue")
	}
	q.Queue = inner
	return nil
}

// queueState is the state of a queue, kept by its owner.
type queueState struct {
	mu         sync.Mutex
	capacity   int // 0: unbounded
	joinable   bool
	items      [][]byte // encoded items, front first
	unfinished int      // items put and not marked done (joinable)
	waiters    int      // calls waiting for a change
	closed     bool
	changed    chan struct{} // closed and replaced on every change
}

func newQueueState(capacity int, joinable bool) *queueState {
	return &queueState{capacity: capacity, joinable: joinable, changed: make(chan struct{})}
}

// notify wakes the waiters. s.mu must be held.
func (s *queueState) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// await waits until ready holds, for at most wait (forever if negative).
// It returns timeout if ready does not hold in time, ctx.Err() if ctx is
// done first, and an error wrapping ErrQueueClosed if the queue is closed.
// s.mu must be held; it is held again when await returns.
func (s *queueState) await(ctx context.Context, wait time.Duration, ready func() bool, timeout error) error {
	if s.closed {
		return fmt.Errorf("%w: closed by its owner (pid %d)", ErrQueueClosed, os.Getpid())
	}
	if ready() {
		return nil
	}
	if wait == 0 {
		return timeout
	}
	var expired <-chan time.Time
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		expired = t.C
	}
	s.waiters++
	s.notify()
	defer func() {
		s.waiters--
		s.notify()
	}()
	for {
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
			s.mu.Lock()
		case <-expired:
			s.mu.Lock()
			expired = nil
			wait = 0
		case <-ctx.Done():
			s.mu.Lock()
			if s.closed {
				return fmt.Errorf("%w: closed by its owner (pid %d)", ErrQueueClosed, os.Getpid())
			}
			return ctx.Err()
		}
		if s.closed {
			return fmt.Errorf("%w: closed by its owner (pid %d)", ErrQueueClosed, os.Getpid())
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if ready() {
			return nil
		}
		if wait == 0 {
			return timeout
		}
	}
}

func (s *queueState) put(ctx context.Context, item []byte, wait time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	notFull := func() bool { return s.capacity <= 0 || len(s.items) < s.capacity }
	if err := s.await(ctx, wait, notFull, ErrFull); err != nil {
		return err
	}
	s.items = append(s.items, item)
	if s.joinable {
		s.unfinished++
	}
	s.notify()
	return nil
}

func (s *queueState) get(ctx context.Context, wait time.Duration) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.await(ctx, wait, func() bool { return len(s.items) > 0 }, ErrEmpty); err != nil {
		return nil, err
	}
	item := s.items[0]
	s.items[0] = nil
	s.items = s.items[1:]
	s.notify()
	return item, nil
}

// unget puts back at the front an item that get returned but that could
// not be delivered.
func (s *queueState) unget(item []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.items = append([][]byte{item}, s.items...)
	s.notify()
}

func (s *queueState) size() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.items)
}

func (s *queueState) taskDone() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case !s.joinable:
		return errors.New("sandbox: queue is not joinable")
	case s.closed:
		return fmt.Errorf("%w: closed by its owner (pid %d)", ErrQueueClosed, os.Getpid())
	case s.unfinished == 0:
		return errTooManyTaskDone
	}
	s.unfinished--
	s.notify()
	return nil
}

func (s *queueState) join(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.joinable {
		return errors.New("sandbox: queue is not joinable")
	}
	return s.await(ctx, waitForever, func() bool { return s.unfinished == 0 }, nil)
}

func (s *queueState) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		s.items = nil
		s.notify()
	}
}
