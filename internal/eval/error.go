package eval

import (
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// Error is a cell failure: compile error, runtime panic, or interruption.
type Error struct {
	Name      string   // "compile error", "panic", "interrupted", "exit"
	Message   string   // e.g. "undefined: x", or the panic value as Go prints it after "panic: "
	Line, Col int      // position in the cell (1-based), 0 when unknown
	Traceback []string // human-readable lines, the first one being Error()
}

// Names of errors.
const (
	CompileError = "compile error"
	PanicError   = "panic"
	Interrupted  = "interrupted"
	ExitError    = "exit"
)

// Error returns the error as the first line of its traceback, e.g.
// "cell:3:5: undefined: x" or "cell:2: panic: boom".
func (e *Error) Error() string {
	msg := e.Message
	if e.Name == PanicError {
		msg = "panic: " + msg
	}
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("cell:%d:%d: %s", e.Line, e.Col, msg)
	case e.Line > 0:
		return fmt.Sprintf("cell:%d: %s", e.Line, msg)
	}
	return msg
}

// newError returns an error with its one-line traceback.
func newError(name, msg string, line, col int) *Error {
	e := &Error{Name: name, Message: msg, Line: line, Col: col}
	e.Traceback = []string{e.Error()}
	return e
}

// syntaxError converts a go/parser error of a chunk of c.
func syntaxError(c *cell, err error) *Error {
	var list scanner.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		return newError(CompileError, err.Error(), 0, 0)
	}
	// Only the first error: later ones are often consequences of it.
	se := list[0]
	lines := strings.Count(c.src, "\n") + 1
	line, col := se.Pos.Line-1, se.Pos.Column
	if line > lines { // past the cell: the end of the wrapper
		line, col = lines, len(c.src)-strings.LastIndexByte(c.src, '\n')
	}
	if line < 1 {
		line, col = 1, 1
	}
	return newError(CompileError, cleanMessage(se.Msg, c), line, col)
}

// chunkPosition matches a position in a chunk file: seq, line, column.
var chunkPosition = regexp.MustCompile(`(\d+)\.\d+/cell\.go:(\d+):(\d+)`)

// compileError converts an error of yaegi's compiler (or any error without a
// better type) for a chunk of cell c.
func compileError(c *cell, err error) *Error {
	msg := err.Error()
	line, col := 0, 0
	if m := chunkPosition.FindStringSubmatchIndex(msg); m != nil && m[0] == 0 && strings.HasPrefix(msg[m[1]:], ": ") {
		seq, _ := strconv.Atoi(msg[m[2]:m[3]])
		if seq == c.seq {
			line, _ = strconv.Atoi(msg[m[4]:m[5]])
			col, _ = strconv.Atoi(msg[m[6]:m[7]])
			line--
			msg = msg[m[1]+2:]
		}
	}
	return newError(CompileError, cleanMessage(msg, c), line, col)
}

// yaegiKind matches the names of yaegi's type categories, such as intT,
// that its messages use for types.
var yaegiKind = regexp.MustCompile(`\b(bool|u?int(?:8|16|32|64)?|uintptr|float(?:32|64)|complex(?:64|128)|string|error|interface)T\b`)

// unknownImport matches yaegi's error for an import it cannot find.
var unknownImport = regexp.MustCompile(`unable to find source related to: ("[^"]*")`)

// cleanMessage rewrites a yaegi message for the student: positions in chunk
// files become cell positions, and names introduced by lowering disappear.
func cleanMessage(msg string, c *cell) string {
	msg = chunkPosition.ReplaceAllStringFunc(msg, func(p string) string {
		m := chunkPosition.FindStringSubmatch(p)
		s, _ := strconv.Atoi(m[1])
		l, _ := strconv.Atoi(m[2])
		return fmt.Sprintf("%s:%d:%s", c.name(s), l-1, m[3])
	})
	if m := unknownImport.FindStringSubmatch(msg); m != nil {
		switch m[1] {
		case `"os/exec"`, `"syscall"`, `"unsafe"`:
			// Left out of the interpreter on purpose.
			msg = fmt.Sprintf("cannot import %s: cells cannot use it; start processes with gocell/sandbox, run commands with ! lines", m[1])
		default:
			if p, err := strconv.Unquote(m[1]); err == nil && inGoroot(p) {
				msg = fmt.Sprintf("cannot import %s: gocell's interpreter has the standard library of Go 1.22, without this package", m[1])
				if p == "iter" {
					msg += " (and without range over functions)"
				}
				break
			}
			msg = fmt.Sprintf("cannot import %s: only standard library packages can be imported", m[1])
		}
	}
	if m := undefinedTypeParam.FindStringSubmatch(msg); m != nil {
		msg = strings.Replace(msg, m[0], fmt.Sprintf("gocell's interpreter cannot infer the type parameter %s of this generic function here: give the type arguments explicitly, as in Map[int, string](xs, f)", m[1]), 1)
	}
	msg = yaegiKind.ReplaceAllString(msg, "$1")
	msg = extraUse.ReplaceAllString(msg, "$1.$2")
	r := strings.NewReplacer(
		hiddenMain, "main",
		"gocell_min", "min",
		"gocell_max", "max",
		hiddenPkg+".Clear", "clear",
		hiddenPkg+".Println", "println",
		hiddenPkg+".Print", "print",
		"/cell.go", "",
	)
	return r.Replace(msg)
}

// panicError converts a panic of cell c's code. pos is the start of the
// top-level statement that was running, trace yaegi's lines for the
// interpreted frames the panic went through, innermost first.
func panicError(fset *token.FileSet, c *cell, p interp.Panic, pos token.Pos, trace []string) *Error {
	v := panicValue(p.Value)
	line, col := cellPos(fset, pos)
	if ex, ok := v.(exitRequest); ok {
		return newError(ExitError, ex.Error(), 0, 0)
	}
	e := newError(PanicError, panicMessage(v), line, col)
	for _, t := range trace {
		m := panicLine.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		fn := strings.TrimPrefix(m[4], "main.")
		seq, _ := strconv.Atoi(m[1])
		if strings.HasPrefix(fn, "func") && seq == c.seq {
			// A function literal at top level: the function lowering
			// runs a compound statement in is the top level too.
			line, _ := strconv.Atoi(m[2])
			col, _ := strconv.Atoi(m[3])
			if c.within(fset, line-1, col) {
				fn = strings.TrimPrefix(strings.TrimPrefix(fn, "func"), ".")
				if fn == "" {
					fn = "main"
				}
			}
		}
		if fn == "main" {
			continue // the top level, reported above
		}
		fn = strings.ReplaceAll(fn, hiddenMain, "main")
		frame := fmt.Sprintf("\tin %s (function defined in %s)", fn, c.name(seq))
		if frame != e.Traceback[len(e.Traceback)-1] { // yaegi writes some frames twice
			e.Traceback = append(e.Traceback, frame)
		}
	}
	return e
}

// panicValue returns the value a panic was raised with: yaegi raises the
// panics of interpreted code with a reflect.Value.
func panicValue(v any) any {
	if rv, ok := v.(reflect.Value); ok {
		if rv.IsValid() && rv.CanInterface() {
			return rv.Interface()
		}
		return nil
	}
	return v
}

// panicMessage returns what Go prints after "panic: " for value v. Messages
// of reflect, which yaegi uses to run cells, become the runtime's ones.
func panicMessage(v any) string {
	var msg string
	switch x := v.(type) {
	case nil:
		return "nil"
	case error:
		msg = x.Error()
	case fmt.Stringer:
		msg = x.String()
	default:
		msg = fmt.Sprint(v)
	}
	if m, ok := runtimeMessage(msg); ok {
		return m
	}
	if _, isErr := v.(error); !isErr {
		if _, isStr := v.(string); !isStr {
			if _, isStringer := v.(fmt.Stringer); !isStringer {
				msg = goPanicValue(v, msg)
			}
		}
	}
	return msg
}

// runtimeMessage returns the runtime's message for msg, the message of a
// panic of reflect (which yaegi uses to run cells) or of yaegi itself, and
// whether it is one.
func runtimeMessage(msg string) (string, bool) {
	switch {
	case strings.HasPrefix(msg, "reflect: ") && strings.HasSuffix(msg, "index out of range"):
		return "runtime error: index out of range", true
	case strings.HasPrefix(msg, "reflect: ") && strings.Contains(msg, "bounds out of range"),
		strings.HasPrefix(msg, "reflect.Value.Slice: ") && strings.Contains(msg, "out of bounds"):
		return "runtime error: slice bounds out of range", true
	case strings.HasPrefix(msg, "reflect: call of reflect.Value.") && strings.HasSuffix(msg, "on zero Value"),
		strings.HasPrefix(msg, "reflect: call of nil function"):
		return "runtime error: invalid memory address or nil pointer dereference", true
	}
	// yaegi's own panics start with the position in its file: the cell
	// line is reported apart.
	if loc := yaegiPosPrefix.FindString(msg); loc != "" {
		return msg[len(loc):], true
	}
	return msg, false
}

// undefinedTypeParam matches yaegi's failure to infer a type parameter.
var undefinedTypeParam = regexp.MustCompile(`undefined type for (\w+)`)

// inGoroot reports whether the import path p is a package of the Go
// installation's standard library.
func inGoroot(p string) bool {
	root := runtime.GOROOT()
	if root == "" || p == "" || strings.Contains(p, "..") {
		return false
	}
	fi, err := os.Stat(filepath.Join(root, "src", filepath.FromSlash(p)))
	return err == nil && fi.IsDir()
}

// yaegiPosPrefix matches the position yaegi puts before some panic
// messages, "7.2/cell.go:3:6: ".
var yaegiPosPrefix = regexp.MustCompile(`^\d+\.\d+/cell\.go:\d+:\d+: `)

// runtimeError is a panic value of reflect or yaegi as recover() gives it
// in a cell: an error of the runtime, as Go's is.
type runtimeError struct{ msg string }

func (e *runtimeError) Error() string { return e.msg }

// RuntimeError makes it a runtime.Error.
func (e *runtimeError) RuntimeError() {}

// recoveredValue returns what recover() gives a cell for v, yaegi's
// recovered value: the panic's value, with the runtime's error in place of
// one of reflect's.
func recoveredValue(v any) any {
	v = panicValue(v)
	var msg string
	switch x := v.(type) {
	case error:
		msg = x.Error()
	case string:
		msg = x
	default:
		return v
	}
	if m, ok := runtimeMessage(msg); ok && m != msg {
		return &runtimeError{m}
	}
	return v
}

// goPanicValue formats a non-error, non-string panic value like Go does for
// basic kinds: panic(42) prints "42"; a value of a named basic type prints as
// a conversion, main.T(42).
func goPanicValue(v any, plain string) string {
	t := reflect.TypeOf(v)
	if t.PkgPath() == "" || t.Name() == "" || t.Kind() > reflect.Complex128 && t.Kind() != reflect.String {
		return plain
	}
	return fmt.Sprintf("%s(%s)", t.String(), plain)
}
