package eval

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"sync"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// Options configure a Session.
type Options struct {
	// Stdout and Stderr are where cells write: fmt.Print*, log, os.Stdout,
	// os.Stderr, and the builtins print and println (to Stderr, as in Go).
	// They default to os.Stdout and os.Stderr.
	Stdout, Stderr *os.File
	// Stdin is what fmt.Scan* and os.Stdin in cells read from. Each Read
	// should block until input is available (the worker asks the front end
	// for a line). Input a cell leaves unread is dropped when the next cell
	// starts. Nil means no input: reads return io.EOF.
	Stdin io.Reader
	// GoroutinePanic is called when a goroutine a cell started panics and
	// does not recover: with the panic value as Message, the interpreted
	// frames it went through in Traceback, as the Go runtime reports them
	// ("panic: <value>", "goroutine N [running]:", then a function and its
	// cell position per frame, innermost first), and Line and Col set when
	// the innermost of them is in the cell running. The goroutine ends when
	// it returns. Nil means as in Go: the report is written to Stderr and
	// the process exits with status 2 (os.Exit in a goroutine exits with
	// its code). See gopanic.go for the go statements this covers.
	GoroutinePanic func(*Error)
}

// Session is one interpreter holding a notebook's state.
//
// A Session runs one cell at a time: Execute and Restore wait for each
// other. Complete and Inspect may be called at any time.
type Session struct {
	stdout *os.File
	stdin  *stdinFile
	stderr *os.File // os.Stderr in cells
	// goPanic is Options.GoroutinePanic.
	goPanic func(*Error)

	run     sync.Mutex // held by Execute and Restore
	interp  *interp.Interpreter
	fset    *token.FileSet
	rt      *cellRuntime
	seq     int         // chunk files are named after it: one per cell run
	cells   int         // calls of Execute
	labels  map[int]int // seq -> number of the Execute call, for messages, guarded by labelMu
	current int         // seq of the latest cell run by Execute, guarded by labelMu
	labelMu sync.Mutex
	uses    []interp.Exports

	goroutines goroutineSet // goroutines cells started, see runProgram
	extras     bool         // extraSource is compiled in (see loadExtras)

	mu      sync.RWMutex
	imports map[string]string // imported package name -> import path
	done    map[string]bool   // import specs done, as their Decl source
	decls   []Decl            // declarations of the notebook, in order
	docs    map[string]*pkgDoc

	parseMu sync.Mutex
	parsed  map[string][]ast.Decl // declarations parsed from a Decl's source, by source, guarded by parseMu

	shellUsed bool            // the hidden package has the function of ! lines
	shellMu   sync.Mutex      // guards shellCtx
	shellCtx  context.Context // of the cell running, for ! lines (see magic.go)
}

// Result is the outcome of a cell that ran.
type Result struct {
	// HasValue reports whether the cell ended in an expression with a
	// value to show, and Text is that value: formatted as fmt.Println
	// would print it (%v), except strings, quoted as with %q; several
	// results are separated by spaces. A cell ending in a statement, in a
	// call with no results, or in fmt.Println & co. has no value (see
	// formatResult for the exact rule).
	HasValue bool
	Text     string
	// Data holds rich representations of the value, by MIME type, besides
	// Text (text/plain): when the value's type has a method HTML() string,
	// SVG() string or Markdown() string, what the method returns is under
	// "text/html", "image/svg+xml" or "text/markdown". It is nil when
	// there are none, and when the cell ended in several values.
	Data map[string]string
	// Decls are the declarations this cell added, in order, also when the
	// cell failed after adding them.
	Decls []Decl
	// Warnings are notes for the student about what the cell did besides
	// its output: that functions of earlier cells could not be updated to
	// use what the cell redefined, or that redefining a type or method
	// rebuilt the interpreter and which variables that reset.
	Warnings []string
	// Reset reports that the cell was %reset: the notebook's declarations
	// and variables, of this and earlier cells, are gone.
	Reset bool
}

// New returns a session with a fresh interpreter, with yaegi's restricted
// standard library: os.Exit and log.Fatal end the cell with an "exit" error,
// and os/exec, syscall and unsafe are not available.
func New(opts Options) (*Session, error) {
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	s := &Session{
		stdout:  opts.Stdout,
		stdin:   newStdin(opts.Stdin),
		stderr:  opts.Stderr,
		goPanic: opts.GoroutinePanic,
		labels:  map[int]int{},
		docs:    map[string]*pkgDoc{},
	}
	if err := s.start(); err != nil {
		return nil, err
	}
	return s, nil
}

// start gives the session a fresh interpreter and an empty notebook.
func (s *Session) start() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("eval: starting the interpreter: %v", r)
		}
	}()
	rt := &cellRuntime{stderr: s.stderr, goPanic: s.goPanic, cellName: s.goroutineCell}
	in := interp.New(interp.Options{
		GoPath:               "/gocell-has-no-gopath",
		SourcecodeFilesystem: emptyFS{},
		Stdin:                s.stdin,
		Stdout:               s.stdout,
		Stderr:               &traceWriter{w: s.stderr, rt: rt},
		Args:                 []string{"gocell"},
		Env:                  os.Environ(),
	})
	rt.fset = in.FileSet()
	if err := in.Use(stdlib.Symbols); err != nil {
		return fmt.Errorf("eval: loading the standard library: %w", err)
	}
	if err := in.Use(rt.exports(in, s.stdout, &s.stdin, &s.stderr)); err != nil {
		return fmt.Errorf("eval: loading gocell symbols: %w", err)
	}
	for _, ex := range s.uses {
		if err := in.Use(ex); err != nil {
			return fmt.Errorf("eval: %w", err)
		}
	}
	f, err := parser.ParseFile(in.FileSet(), "0.0/cell.go", fmt.Sprintf("package main; import %s %q", hiddenPkg, hiddenPath), 0)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	prog, err := in.CompileAST(f)
	if err != nil {
		return fmt.Errorf("eval: importing gocell symbols: %w", err)
	}
	h, err := parser.ParseFile(in.FileSet(), "0.1/cell.go", helperSource+richHelper, 0)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if _, err := in.CompileAST(h); err != nil {
		return fmt.Errorf("eval: declaring gocell helpers: %w", err)
	}

	// Run it through ExecuteWithContext: that turns on yaegi's cancellable
	// channel operations, which statement chunks get when compiled.
	if _, err := in.ExecuteWithContext(context.Background(), prog); err != nil {
		return fmt.Errorf("eval: importing gocell symbols: %w", err)
	}
	s.interp, s.fset, s.rt, s.extras = in, in.FileSet(), rt, false
	s.mu.Lock()
	s.imports, s.done, s.decls = map[string]string{}, map[string]bool{}, nil
	s.mu.Unlock()
	return nil
}

// Execute runs one cell and returns when its top-level code has finished.
//
// Errors are *Error values. When ctx is cancelled, the cell is stopped and
// Execute returns an error named "interrupted" once the cell's code no
// longer runs: if it is blocked in a native call (sync.WaitGroup.Wait,
// sync.Mutex.Lock; not time.Sleep), that is when the call returns, and
// the rest of the cell does not run. A cell that never returns from such a
// call blocks Execute for good; the caller must end the process.
// Cancelling also stops the goroutines that earlier cells left running.
func (s *Session) Execute(ctx context.Context, code string) (res Result, err error) {
	code, background := cutBackground(code)
	if ok, res, err := s.magic(ctx, code); ok {
		return res, err
	}
	s.run.Lock()
	defer s.run.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = newError(CompileError, fmt.Sprintf("internal interpreter error: %v", r), 0, 0)
		}
	}()
	s.cells++
	s.stdin.reset()
	return s.runProgram(ctx, code, background)
}

// cellOpts tell how to run a cell.
type cellOpts struct {
	main    bool // call a func main the cell declares, as go run does
	record  bool // add the cell's declarations to the notebook
	refresh bool // update earlier code to what the cell redefines
}

// runCell runs one cell: a student's, or one made of notebook declarations.
func (s *Session) runCell(ctx context.Context, code string, o cellOpts) (res Result, err error) {
	c, err := s.plan(code, o)
	if err != nil {
		return res, err
	}
	if err := ctx.Err(); err != nil {
		return res, newError(Interrupted, Interrupted, 0, 0)
	}
	if o.refresh {
		if what := s.needsRebuild(c); what != "" {
			res.Warnings = append(res.Warnings, s.rebuild(c, what))
			if c, err = s.plan(code, o); err != nil {
				return res, err
			}
		}
	}
	low := s.lowering(c)
	for _, ch := range c.chunks {
		redeclared, err := s.runChunk(ctx, c, ch, low, o, &res)
		if err != nil {
			return res, err
		}
		if o.refresh && len(redeclared) > 0 {
			res.Warnings = append(res.Warnings, s.refresh(ctx, c, redeclared)...)
		}
	}
	if c.declsMain && o.main {
		if err := s.runMain(ctx, c); err != nil {
			return res, err
		}
	}
	return res, nil
}

// plan parses a cell for the current interpreter.
func (s *Session) plan(code string, o cellOpts) (*cell, error) {
	s.seq++
	if o.record && o.main {
		s.labelMu.Lock()
		s.labels[s.seq], s.current = s.cells, s.seq
		s.labelMu.Unlock()
	}
	return planCell(s.fset, s.seq, code, s.isVar, s.label)
}

// label names the cell that chunk files of sequence number seq belong to:
// "cell[3]" for the third cell run, "an earlier cell" for declarations
// restored or updated by gocell.
func (s *Session) label(seq int) string {
	s.labelMu.Lock()
	n := s.labels[seq]
	s.labelMu.Unlock()
	if n > 0 {
		return fmt.Sprintf("cell[%d]", n)
	}
	return "an earlier cell"
}

// goroutineCell names the cell of chunk files of sequence number seq in the
// report of a goroutine's panic: "cell" for the latest cell run, which may
// be running, as errors name it.
func (s *Session) goroutineCell(seq int) string {
	s.labelMu.Lock()
	current := s.current
	s.labelMu.Unlock()
	if seq == current {
		return "cell"
	}
	return s.label(seq)
}
