package eval

import (
	"context"
	"io"
	"os"
	"sync"
	"testing"
	"time"
)

// testSession is a Session writing to temporary files.
type testSession struct {
	*Session
	t                *testing.T
	stdout, stderr   *os.File
	outSeen, errSeen int
}

func newTestSession(t *testing.T, stdin io.Reader) *testSession {
	t.Helper()
	dir := t.TempDir()
	stdout, err := os.CreateTemp(dir, "stdout")
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := os.CreateTemp(dir, "stderr")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdout.Close(); stderr.Close() })
	s, err := New(Options{Stdout: stdout, Stderr: stderr, Stdin: stdin})
	if err != nil {
		t.Fatal(err)
	}
	return &testSession{Session: s, t: t, stdout: stdout, stderr: stderr}
}

// newSessionAfter returns a session that has run the cells of setup.
func newSessionAfter(t *testing.T, setup []string) *testSession {
	t.Helper()
	ts := newTestSession(t, nil)
	for _, c := range setup {
		ts.mustRun(c)
	}
	return ts
}

// run executes a cell, failing the test if it takes more than 10 seconds.
func (ts *testSession) run(code string) (Result, error) {
	ts.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := ts.Execute(ctx, code)
	if ctx.Err() != nil {
		ts.t.Fatalf("cell %q timed out", code)
	}
	return res, err
}

// mustRun executes a cell that must succeed.
func (ts *testSession) mustRun(code string) Result {
	ts.t.Helper()
	res, err := ts.run(code)
	if err != nil {
		ts.t.Fatalf("cell %q: %v", code, err)
	}
	return res
}

// output returns what the cells wrote since the last call.
func (ts *testSession) output() (stdout, stderr string) {
	ts.t.Helper()
	o, err := os.ReadFile(ts.stdout.Name())
	if err != nil {
		ts.t.Fatal(err)
	}
	e, err := os.ReadFile(ts.stderr.Name())
	if err != nil {
		ts.t.Fatal(err)
	}
	stdout, stderr = string(o[ts.outSeen:]), string(e[ts.errSeen:])
	ts.outSeen, ts.errSeen = len(o), len(e)
	return stdout, stderr
}

// lineReader returns one line per Read, as the worker's input does.
type lineReader struct {
	mu    sync.Mutex
	lines []string
	reads int
}

func (r *lineReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.lines) == 0 {
		return 0, io.EOF
	}
	r.reads++
	n := copy(p, r.lines[0])
	r.lines[0] = r.lines[0][n:]
	if r.lines[0] == "" {
		r.lines = r.lines[1:]
	}
	return n, nil
}

// asError returns err as an *Error, failing the test if it is not one.
func asError(t *testing.T, err error) *Error {
	t.Helper()
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	return e
}
