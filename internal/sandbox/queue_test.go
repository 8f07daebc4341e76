package sandbox

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// Environment of the processes started by startRole.
const (
	roleEnv   = "GOCELL_SANDBOX_TEST_ROLE"
	valuesEnv = "GOCELL_SANDBOX_TEST_VALUES" // encodeValue of the role's []any arguments
)

// roleItems is the number of items the producer and consumer roles pass.
const roleItems = 20

// runTestRole runs role in a child process started by a test, and returns
// its exit status. Roles report failures on standard error.
func runTestRole(role string) int {
	args, err := roleArgs()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	var run func([]any) error
	switch role {
	case "queue-echo":
		run = roleEcho
	case "queue-producer":
		run = roleProducer
	case "queue-consumer":
		run = roleConsumer
	case "queue-worker":
		run = roleWorker
	case "queue-client-checks":
		run = roleClientChecks
	case "queue-getter":
		run = func(args []any) error {
			_, err := args[0].(*Queue).Get()
			return err
		}
	case "queue-owner":
		run = roleOwner
	default:
		fmt.Fprintf(os.Stderr, "unknown test role %q\n", role)
		return 2
	}
	if err := run(args); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", role, err)
		return 1
	}
	return 0
}

func roleArgs() ([]any, error) {
	v, err := decodeValue([]byte(os.Getenv(valuesEnv)))
	if err != nil {
		return nil, fmt.Errorf("decode arguments: %w", err)
	}
	args, _ := v.([]any)
	return args, nil
}

// startRole starts the test binary as a child process playing role, with
// args (encoded with encodeValue) as arguments. Its standard error goes to
// the returned buffer.
func startRole(t *testing.T, role string, args ...any) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd, stderr := roleCommand(t, role, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, stderr
}

func roleCommand(t *testing.T, role string, args ...any) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	enc, err := encodeValue(args)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	// Under the race detector, a process sleeps a second before exiting
	// unless told otherwise.
	gorace := strings.TrimSpace(os.Getenv("GORACE") + " atexit_sleep_ms=0")
	cmd.Env = append(os.Environ(), "GORACE="+gorace, roleEnv+"="+role, valuesEnv+"="+string(enc))
	stderr := new(bytes.Buffer)
	cmd.Stderr = stderr
	return cmd, stderr
}

// waitRole waits for a child started by startRole and fails the test if
// it failed.
func waitRole(t *testing.T, cmd *exec.Cmd, stderr *bytes.Buffer) {
	t.Helper()
	if err := cmd.Wait(); err != nil {
		t.Errorf("child %v: %v\n%s", cmd.Env[len(cmd.Env)-2], err, stderr)
	}
}

// personType is a struct type made the way the interpreter makes the
// types declared in cells.
func personType() reflect.Type {
	return reflect.StructOf([]reflect.StructField{
		{Name: "Name", Type: reflect.TypeOf("")},
		{Name: "Xage", Type: reflect.TypeOf(0)},
	})
}

func newPerson(name string, age int) any {
	v := reflect.New(personType()).Elem()
	v.Field(0).SetString(name)
	v.Field(1).SetInt(int64(age))
	return v.Interface()
}

// roleEcho gets items from args[0] and puts them on args[1] until it gets
// "stop".
func roleEcho(args []any) error {
	in, out := args[0].(*Queue), args[1].(*Queue)
	for {
		v, err := in.Get()
		if err != nil {
			return err
		}
		if v == "stop" {
			return nil
		}
		if err := out.Put([]any{fmt.Sprintf("%T", v), v}); err != nil {
			return err
		}
	}
}

func roleProducer(args []any) error {
	q := args[0].(*Queue)
	for i := range roleItems {
		if err := q.Put(i); err != nil {
			return err
		}
	}
	return q.Put(newPerson("Ada", 36))
}

func roleConsumer(args []any) error {
	q := args[0].(*Queue)
	for i := range roleItems {
		v, err := q.Get()
		if err != nil {
			return err
		}
		if v != i {
			return fmt.Errorf("item %d is %#v (%T)", i, v, v)
		}
	}
	v, err := q.Get()
	if err != nil {
		return err
	}
	if reflect.TypeOf(v) != personType() || !reflect.DeepEqual(v, newPerson("Ada", 36)) {
		return fmt.Errorf("last item is %#v (%T)", v, v)
	}
	return nil
}

// roleWorker gets every item of the joinable queue args[0] and marks all
// but the last done; it then reports on args[1] and waits for a go-ahead
// on args[2] before marking the last one done. Finally, it checks that
// one TaskDone too many fails.
func roleWorker(args []any) error {
	jq, progress, gate := args[0].(*JoinableQueue), args[1].(*Queue), args[2].(*Queue)
	for i := range roleItems {
		if _, err := jq.Get(); err != nil {
			return err
		}
		if i < roleItems-1 {
			if err := jq.TaskDone(); err != nil {
				return err
			}
		}
	}
	if err := progress.Put("all but one done"); err != nil {
		return err
	}
	if _, err := gate.Get(); err != nil {
		return err
	}
	if err := jq.TaskDone(); err != nil {
		return err
	}
	err := jq.TaskDone()
	if err == nil || !strings.Contains(err.Error(), "TaskDone called too many times") {
		return fmt.Errorf("extra TaskDone: %v, want too many times", err)
	}
	return nil
}

// roleClientChecks runs the non-blocking and timeout methods on a full
// queue args[0] (capacity 1) and an empty queue args[1].
func roleClientChecks(args []any) error {
	full, empty := args[0].(*Queue), args[1].(*Queue)
	if !full.Full() || full.Empty() || full.Qsize() != 1 {
		return fmt.Errorf("full queue: Full %v, Empty %v, Qsize %d", full.Full(), full.Empty(), full.Qsize())
	}
	if !empty.Empty() || empty.Full() || empty.Qsize() != 0 {
		return fmt.Errorf("empty queue: Full %v, Empty %v, Qsize %d", empty.Full(), empty.Empty(), empty.Qsize())
	}
	if err := full.PutNowait(1); !errors.Is(err, ErrFull) {
		return fmt.Errorf("PutNowait: %v, want ErrFull", err)
	}
	const d = 50 * time.Millisecond
	start := time.Now()
	if err := full.PutTimeout(1, d); !errors.Is(err, ErrFull) {
		return fmt.Errorf("PutTimeout: %v, want ErrFull", err)
	}
	if elapsed := time.Since(start); elapsed < d {
		return fmt.Errorf("PutTimeout returned after %v, before its timeout %v", elapsed, d)
	}
	if _, err := empty.GetNowait(); !errors.Is(err, ErrEmpty) {
		return fmt.Errorf("GetNowait: %v, want ErrEmpty", err)
	}
	start = time.Now()
	if _, err := empty.GetTimeout(d); !errors.Is(err, ErrEmpty) {
		return fmt.Errorf("GetTimeout: %v, want ErrEmpty", err)
	}
	if elapsed := time.Since(start); elapsed < d {
		return fmt.Errorf("GetTimeout returned after %v, before its timeout %v", elapsed, d)
	}
	if err := empty.Put(make(chan int)); !errors.Is(err, ErrNotCopyable) {
		return fmt.Errorf("Put(chan): %v, want ErrNotCopyable", err)
	}
	if got, want := full.String(), "Queue(cap 1, 1 item)"; got != want {
		return fmt.Errorf("String() = %q, want %q", got, want)
	}
	return nil
}

// roleOwner creates a queue holding one item, writes its reference on
// standard output, and exits when its standard input is closed.
func roleOwner([]any) error {
	q := NewQueue(2)
	if err := q.Put("from owner"); err != nil {
		return err
	}
	ref, err := q.MarshalJSON()
	if err != nil {
		return err
	}
	if _, err := fmt.Printf("%s\n", ref); err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, os.Stdin)
	return err
}

// clientOf returns a copy of q that reaches q through its socket, as in
// another process.
func clientOf[Q interface{ *Queue | *JoinableQueue }](t *testing.T, q Q) Q {
	t.Helper()
	b, err := json.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	c := Q(reflect.New(reflect.TypeOf(q).Elem()).Interface().(Q))
	if err := json.Unmarshal(b, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// awaitState waits until ok holds for the state of q, an owner's queue.
func awaitState(t *testing.T, q *Queue, what string, ok func(*queueState) bool) {
	t.Helper()
	s := q.srv.state
	timeout := time.NewTimer(time.Minute)
	defer timeout.Stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for !ok(s) {
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-timeout.C:
			s.mu.Lock()
			t.Fatalf("queue never reached state: %s", what)
		}
		s.mu.Lock()
	}
}

func waiters(n int) func(*queueState) bool {
	return func(s *queueState) bool { return s.waiters == n }
}

func TestQueueLocal(t *testing.T) {
	q := NewQueue(3)
	defer q.Close()
	if !q.Empty() || q.Full() || q.Qsize() != 0 {
		t.Errorf("new queue: Empty %v, Full %v, Qsize %d", q.Empty(), q.Full(), q.Qsize())
	}
	if _, err := q.GetNowait(); !errors.Is(err, ErrEmpty) {
		t.Errorf("GetNowait on empty queue: %v, want ErrEmpty", err)
	}
	for i := range 3 {
		if err := q.PutNowait(i); err != nil {
			t.Fatalf("PutNowait(%d): %v", i, err)
		}
	}
	if !q.Full() || q.Empty() || q.Qsize() != 3 {
		t.Errorf("full queue: Empty %v, Full %v, Qsize %d", q.Empty(), q.Full(), q.Qsize())
	}
	if err := q.PutNowait(3); !errors.Is(err, ErrFull) {
		t.Errorf("PutNowait on full queue: %v, want ErrFull", err)
	}
	const d = 30 * time.Millisecond
	start := time.Now()
	if err := q.PutTimeout(3, d); !errors.Is(err, ErrFull) {
		t.Errorf("PutTimeout on full queue: %v, want ErrFull", err)
	}
	if elapsed := time.Since(start); elapsed < d {
		t.Errorf("PutTimeout returned after %v, before its timeout %v", elapsed, d)
	}
	if got, want := q.String(), "Queue(cap 3, 3 items)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	for i := range 3 {
		v, err := q.Get()
		if err != nil || v != i {
			t.Errorf("Get() = %#v, %v, want %d", v, err, i)
		}
	}
	start = time.Now()
	if _, err := q.GetTimeout(d); !errors.Is(err, ErrEmpty) {
		t.Errorf("GetTimeout on empty queue: %v, want ErrEmpty", err)
	}
	if elapsed := time.Since(start); elapsed < d {
		t.Errorf("GetTimeout returned after %v, before its timeout %v", elapsed, d)
	}
	if got, want := NewQueue(0).String(), "Queue(unbounded, 0 items)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestQueueUnbounded(t *testing.T) {
	q := NewQueue(-1)
	defer q.Close()
	for i := range 1000 {
		if err := q.PutNowait(i); err != nil {
			t.Fatalf("PutNowait(%d): %v", i, err)
		}
	}
	if q.Full() || q.Qsize() != 1000 {
		t.Errorf("Full %v, Qsize %d", q.Full(), q.Qsize())
	}
}

func TestQueueCopiesItems(t *testing.T) {
	q := NewQueue(0)
	defer q.Close()
	s := []int{1, 2}
	if err := q.Put(s); err != nil {
		t.Fatal(err)
	}
	s[0] = 99
	v, err := q.Get()
	if err != nil {
		t.Fatal(err)
	}
	if got := v.([]int); got[0] != 1 {
		t.Errorf("item changed after Put: %v", got)
	}
}

func TestQueueTypesPreserved(t *testing.T) {
	q := NewQueue(0)
	defer q.Close()
	c := clientOf(t, q)
	defer c.Close()
	items := []any{42, int8(-3), uint64(1 << 63), 2.5, "s", []string{"a", "b"}, map[string]int{"a": 1}, newPerson("Ada", 36), nil, time.Second}
	for _, via := range []*Queue{q, c} {
		for _, v := range items {
			if err := via.Put(v); err != nil {
				t.Fatalf("Put(%#v): %v", v, err)
			}
			got, err := via.Get()
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if reflect.TypeOf(got) != reflect.TypeOf(v) || !reflect.DeepEqual(got, v) {
				t.Errorf("put %#v (%T), got %#v (%T)", v, v, got, got)
			}
		}
	}
}

func TestQueueNotCopyable(t *testing.T) {
	q := NewQueue(1)
	defer q.Close()
	type job struct {
		ID   int
		Done chan bool
	}
	err := q.Put(job{ID: 1})
	if !errors.Is(err, ErrNotCopyable) {
		t.Fatalf("Put(job): %v, want ErrNotCopyable", err)
	}
	if !strings.Contains(err.Error(), "field Done: chan bool") {
		t.Errorf("error %q does not name the field", err)
	}
	if q.Qsize() != 0 {
		t.Errorf("Qsize %d after a failed Put", q.Qsize())
	}
}

func TestQueueBlockingPutAndGet(t *testing.T) {
	q := NewQueue(1)
	defer q.Close()
	if err := q.Put("first"); err != nil {
		t.Fatal(err)
	}
	putDone := make(chan error, 1)
	go func() { putDone <- q.Put("second") }()
	awaitState(t, q, "Put waiting", waiters(1))
	select {
	case err := <-putDone:
		t.Fatalf("Put on a full queue returned %v without waiting", err)
	default:
	}
	if v, err := q.Get(); err != nil || v != "first" {
		t.Fatalf("Get() = %v, %v", v, err)
	}
	if err := <-putDone; err != nil {
		t.Fatal(err)
	}
	if v, err := q.Get(); err != nil || v != "second" {
		t.Fatalf("Get() = %v, %v", v, err)
	}
}

// TestQueueClientConcurrentCalls checks that a blocked call of a client
// does not hold up the other calls of the same process.
func TestQueueClientConcurrentCalls(t *testing.T) {
	q := NewQueue(0)
	defer q.Close()
	c := clientOf(t, q)
	defer c.Close()
	got := make(chan any, 1)
	go func() {
		v, err := c.Get()
		if err != nil {
			v = err
		}
		got <- v
	}()
	awaitState(t, q, "client Get waiting", waiters(1))
	if err := c.Put("hello"); err != nil {
		t.Fatal(err)
	}
	if v := <-got; v != "hello" {
		t.Errorf("Get() = %v, want hello", v)
	}
	if n := c.Qsize(); n != 0 {
		t.Errorf("Qsize() = %d, want 0", n)
	}
}

func TestQueueParentChild(t *testing.T) {
	in, out := NewQueue(2), NewQueue(2)
	defer in.Close()
	defer out.Close()
	cmd, stderr := startRole(t, "queue-echo", in, out)
	items := []any{42, "text", 1.5, []string{"a", "b"}, map[string]int{"a": 1}, newPerson("Ada", 36), []any{1, "x"}}
	for _, v := range items {
		if err := in.Put(v); err != nil {
			t.Fatal(err)
		}
		reply, err := out.Get()
		if err != nil {
			t.Fatal(err)
		}
		pair, ok := reply.([]any)
		if !ok || len(pair) != 2 {
			t.Fatalf("reply %#v", reply)
		}
		if want := fmt.Sprintf("%T", v); pair[0] != want {
			t.Errorf("child got a %v, want %v", pair[0], want)
		}
		if reflect.TypeOf(pair[1]) != reflect.TypeOf(v) || !reflect.DeepEqual(pair[1], v) {
			t.Errorf("echo of %#v is %#v", v, pair[1])
		}
	}
	if err := in.Put("stop"); err != nil {
		t.Fatal(err)
	}
	waitRole(t, cmd, stderr)
}

func TestQueueChildToChild(t *testing.T) {
	q := NewQueue(3)
	defer q.Close()
	consumer, cerr := startRole(t, "queue-consumer", q)
	producer, perr := startRole(t, "queue-producer", q)
	waitRole(t, producer, perr)
	waitRole(t, consumer, cerr)
	if n := q.Qsize(); n != 0 {
		t.Errorf("%d items left", n)
	}
}

func TestQueueClientNonBlocking(t *testing.T) {
	full, empty := NewQueue(1), NewQueue(1)
	defer full.Close()
	defer empty.Close()
	if err := full.Put("x"); err != nil {
		t.Fatal(err)
	}
	cmd, stderr := startRole(t, "queue-client-checks", full, empty)
	waitRole(t, cmd, stderr)
}

func TestJoinableQueue(t *testing.T) {
	jq := NewJoinableQueue(0)
	defer jq.Close()
	progress, gate := NewQueue(1), NewQueue(1)
	defer progress.Close()
	defer gate.Close()
	for i := range roleItems {
		if err := jq.Put(i); err != nil {
			t.Fatal(err)
		}
	}
	joined := make(chan error, 1)
	go func() { joined <- jq.Join() }()

	cmd, stderr := startRole(t, "queue-worker", jq, progress, gate)
	if _, err := progress.Get(); err != nil {
		t.Fatal(err)
	}
	// The worker has marked all items but one done, and waits for the gate.
	select {
	case err := <-joined:
		t.Fatalf("Join returned %v with one item unfinished", err)
	default:
	}
	if err := gate.Put("go"); err != nil {
		t.Fatal(err)
	}
	if err := <-joined; err != nil {
		t.Fatalf("Join: %v", err)
	}
	waitRole(t, cmd, stderr)
}

func TestJoinableQueueLocal(t *testing.T) {
	jq := NewJoinableQueue(2)
	defer jq.Close()
	if err := jq.Join(); err != nil {
		t.Errorf("Join on a new queue: %v", err)
	}
	err := jq.TaskDone()
	if err == nil || err.Error() != "sandbox: TaskDone called too many times" {
		t.Errorf("TaskDone on a new queue: %v", err)
	}
	c := clientOf(t, jq)
	if err := c.Put(1); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(); err != nil {
		t.Fatal(err)
	}
	if err := c.TaskDone(); err != nil {
		t.Errorf("TaskDone: %v", err)
	}
	if err := c.TaskDone(); err == nil || !strings.Contains(err.Error(), "too many times") {
		t.Errorf("client TaskDone too many times: %v", err)
	}
	if err := c.Join(); err != nil {
		t.Errorf("client Join: %v", err)
	}
	if got, want := c.String(), "JoinableQueue(cap 2, 0 items)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	// A JoinableQueue decodes as one, through the codec too.
	v, err := decodeValue(mustEncode(t, jq))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := v.(*JoinableQueue); !ok {
		t.Errorf("decoded a %T, want *JoinableQueue", v)
	}
	var plain Queue
	if err := json.Unmarshal(mustJSON(t, NewQueue(1)), new(JoinableQueue)); err == nil {
		t.Error("a plain queue decoded as a JoinableQueue")
	}
	if err := plain.Put(1); err == nil {
		t.Error("Put on a zero Queue succeeded")
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestQueueDisconnectedWaiter checks that a client that goes away while
// waiting in Get leaves no waiter that would take a later item.
func TestQueueDisconnectedWaiter(t *testing.T) {
	q := NewQueue(1)
	defer q.Close()
	cmd, _ := startRole(t, "queue-getter", q)
	awaitState(t, q, "child Get waiting", waiters(1))
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	awaitState(t, q, "no waiters", waiters(0))
	if err := q.Put("kept"); err != nil {
		t.Fatal(err)
	}
	if v, err := q.GetNowait(); err != nil || v != "kept" {
		t.Errorf("GetNowait() = %v, %v, want kept", v, err)
	}
}

func TestQueueOwnerGone(t *testing.T) {
	cmd, stderr := roleCommand(t, "queue-owner")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadBytes('\n')
	if err != nil {
		t.Fatalf("read queue reference: %v\n%s", err, stderr)
	}
	q := new(Queue)
	if err := json.Unmarshal(line, q); err != nil {
		t.Fatal(err)
	}
	if v, err := q.Get(); err != nil || v != "from owner" {
		t.Fatalf("Get() = %v, %v", v, err)
	}
	blocked := make(chan error, 1)
	go func() {
		_, err := q.Get()
		blocked <- err
	}()
	stdin.Close()
	waitRole(t, cmd, stderr)
	if err := <-blocked; !errors.Is(err, ErrQueueClosed) {
		t.Errorf("Get while the owner exits: %v, want ErrQueueClosed", err)
	}
	err = q.Put(1)
	if !errors.Is(err, ErrQueueClosed) {
		t.Fatalf("Put after the owner exited: %v, want ErrQueueClosed", err)
	}
	if want := fmt.Sprintf("owner (pid %d) is gone", cmd.Process.Pid); !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
	if got := q.String(); got != "Queue(cap 2, closed)" {
		t.Errorf("String() = %q", got)
	}
}

func TestQueueClose(t *testing.T) {
	q := NewQueue(1)
	c := clientOf(t, q)
	blocked := make(chan error, 1)
	go func() {
		_, err := c.Get()
		blocked <- err
	}()
	awaitState(t, q, "client Get waiting", waiters(1))
	if err := q.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-blocked; !errors.Is(err, ErrQueueClosed) {
		t.Errorf("blocked Get after Close: %v, want ErrQueueClosed", err)
	}
	if err := q.Put(1); !errors.Is(err, ErrQueueClosed) {
		t.Errorf("Put after Close: %v, want ErrQueueClosed", err)
	}
	if err := c.Put(1); !errors.Is(err, ErrQueueClosed) {
		t.Errorf("client Put after Close: %v, want ErrQueueClosed", err)
	}
	if err := q.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestQueueBadRequests sends malformed requests to the owner of a queue.
func TestQueueBadRequests(t *testing.T) {
	q := NewQueue(1)
	defer q.Close()
	conn, err := net.Dial("unix", q.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	r := bufio.NewReader(conn)
	roundTrip := func(line string) queueReply {
		t.Helper()
		if _, err := io.WriteString(conn, line+"\n"); err != nil {
			t.Fatal(err)
		}
		data, err := r.ReadBytes('\n')
		if err != nil {
			t.Fatalf("after %q: %v", line, err)
		}
		var rep queueReply
		if err := json.Unmarshal(data, &rep); err != nil {
			t.Fatal(err)
		}
		return rep
	}
	for _, line := range []string{
		``,
		`garbage`,
		`[1,2]`,
		`{}`,
		`{"op":"nope"}`,
		`{"op":"put"}`,
		`{"op":"put","item":null}`,
		`{"op":"get","item":1}`,
		`{"op":"get","extra":1}`,
		`{"op":"size"} {"op":"size"}`,
		`{"op":"get","wait":"forever"}`,
		`{"op":5}`,
	} {
		if rep := roundTrip(line); rep.Code != codeBadRequest || rep.Msg == "" {
			t.Errorf("request %q: reply %+v, want a bad_request", line, rep)
		}
	}
	if rep := roundTrip(`{"op":"task_done"}`); rep.Code != codeFailed || !strings.Contains(rep.Msg, "not joinable") {
		t.Errorf("task_done on a plain queue: reply %+v", rep)
	}
	if rep := roundTrip(`{"op":"get"}`); rep.Code != codeEmpty {
		t.Errorf("get: reply %+v, want empty", rep)
	}
	if rep := roundTrip(`{"op":"put","item":` + string(mustEncode(t, 7)) + `}`); rep.Code != "" {
		t.Errorf("put: reply %+v", rep)
	}
	if rep := roundTrip(`{"op":"size"}`); rep.Code != "" || rep.Size != 1 {
		t.Errorf("size: reply %+v, want 1", rep)
	}
	if v, err := q.GetNowait(); err != nil || v != 7 {
		t.Errorf("GetNowait() = %v, %v, want 7", v, err)
	}
}

func FuzzQueueRequest(f *testing.F) {
	f.Add([]byte(`{"op":"put","item":{"t":{"k":"int"},"v":1},"wait":-1}`))
	f.Add([]byte(`{"op":"get","wait":1000}`))
	f.Add([]byte(`{"op":"size"}`))
	f.Add([]byte(`{"op":"join"}`))
	f.Add([]byte(`{"op":"task_done"}`))
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // no request may wait
	f.Fuzz(func(t *testing.T, line []byte) {
		s := &queueServer{state: newQueueState(2, true)}
		rep := s.handle(ctx, line)
		if _, err := parseQueueRequest(line); err != nil && rep.Code != codeBadRequest {
			t.Errorf("bad request %q got reply %+v", line, rep)
		}
	})
}

// TestQueueManyClients has several goroutines of another process's view
// put and get at once.
func TestQueueManyClients(t *testing.T) {
	q := NewQueue(2)
	defer q.Close()
	c := clientOf(t, q)
	defer c.Close()
	const n = 50
	var wg sync.WaitGroup
	sums := make(chan int, 4)
	for range 4 {
		wg.Go(func() {
			sum := 0
			for range n {
				v, err := c.Get()
				if err != nil {
					t.Error(err)
					return
				}
				sum += v.(int)
			}
			sums <- sum
		})
	}
	for i := range 4 * n {
		if err := c.Put(i); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	close(sums)
	total := 0
	for s := range sums {
		total += s
	}
	if want := 4 * n * (4*n - 1) / 2; total != want {
		t.Errorf("sum of items got %d, want %d", total, want)
	}
}
