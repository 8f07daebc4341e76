package eval

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// A panic in a goroutine of interpreted code ends the process, as in Go, but
// what the runtime would print says nothing about the cell: yaegi panics
// again with its own value (a reflect.Value for panic(v)) from its own
// frames, and writes the interpreted frames the panic went through on the
// interpreter's standard error, which the session keeps out of the cell's
// output.
//
// So the lowering makes the function of a go statement recover its panic
// (guardGoroutines):
//
//	go func(x int) { body }(v)
//
// becomes
//
//	go func(x int) {
//		var gocell_at int
//		defer gocell_goPanic(&gocell_at)
//		body, each statement preceded by gocell_at = its position
//	}(v)
//
// gocell_goPanic hands the recovered value and the position of the
// statement that panicked to GoPanic, with the lines yaegi wrote for the
// interpreted frames the panic went through (goroutineTraces, by
// goroutine). GoPanic reports them as the Go runtime reports a panic,
// "panic: <value>" then "goroutine N [running]:" and one function and cell
// position per frame, innermost first, and the process exits with status 2
// (see Options.GoroutinePanic).
//
// go statements calling a named function or a method are left as they are:
// their arguments must be evaluated where the go statement is, and the
// lowering does not know their types. Such a panic ends the process with
// the runtime's report, as before.

// guardGoroutines rewrites the go statements under root whose function is a
// function literal (see above).
func guardGoroutines(root ast.Node) {
	ast.Inspect(root, func(n ast.Node) bool {
		g, ok := n.(*ast.GoStmt)
		if !ok {
			return true
		}
		lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit)
		if !ok || lit.Body == nil {
			return true
		}
		pos := lit.Body.Lbrace
		id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
		markPositions(lit.Body)
		lit.Body.List = append([]ast.Stmt{
			&ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR, Specs: []ast.Spec{
				&ast.ValueSpec{Names: []*ast.Ident{id(hiddenAt)}, Type: id("int")}}}},
			&ast.DeferStmt{Defer: pos, Call: &ast.CallExpr{Fun: &ast.FuncLit{
				Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}},
				Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
					&ast.ExprStmt{X: hiddenCall(pos, "GoPanic", &ast.CallExpr{Fun: id("recover"), Lparen: pos, Rparen: pos}, id(hiddenAt))},
				}},
			}, Lparen: pos, Rparen: pos}},
		}, lit.Body.List...)
		return true
	})
}

// markPositions puts, before each statement of body and of the blocks in
// it (function literals aside), an assignment of its position to the
// variable of guardGoroutines: yaegi's panic lines give the position of a
// function's first statement, not of the one that panicked.
func markPositions(body *ast.BlockStmt) {
	mark := func(list []ast.Stmt) []ast.Stmt {
		out := make([]ast.Stmt, 0, 2*len(list))
		for _, st := range list {
			pos := st.Pos()
			out = append(out, &ast.AssignStmt{
				Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: hiddenAt}}, TokPos: pos, Tok: token.ASSIGN,
				Rhs: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: strconv.Itoa(int(pos))}},
			}, st)
		}
		return out
	}
	clauses := map[*ast.BlockStmt]bool{} // bodies of switch and select: lists of clauses
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SwitchStmt:
			clauses[n.Body] = true
		case *ast.TypeSwitchStmt:
			clauses[n.Body] = true
		case *ast.SelectStmt:
			clauses[n.Body] = true
		case *ast.BlockStmt:
			if !clauses[n] {
				n.List = mark(n.List)
			}
		case *ast.CaseClause:
			n.Body = mark(n.Body)
		case *ast.CommClause:
			n.Body = mark(n.Body)
		}
		return true
	})
}

// hiddenAt is the variable holding the position of the statement a
// goroutine runs, in the function guardGoroutines adds.
const hiddenAt = "gocell_at"

// goroutineTraces keeps yaegi's panic lines by goroutine, for GoPanic. A
// goroutine that recovers a panic itself leaves its lines behind; so that
// they do not pile up, a goroutine keeps its latest lines only, and all are
// dropped when too many goroutines have some.
type goroutineTraces struct {
	lines map[string][]string // goroutine id -> panic lines, innermost first
}

const (
	maxTraceLines      = 32
	maxTraceGoroutines = 256
)

func (t *goroutineTraces) add(id, line string) {
	if t.lines == nil || len(t.lines) >= maxTraceGoroutines && t.lines[id] == nil {
		t.lines = map[string][]string{}
	}
	l := append(t.lines[id], line)
	if len(l) > maxTraceLines {
		l = l[len(l)-maxTraceLines:]
	}
	t.lines[id] = l
}

func (t *goroutineTraces) take(id string) []string {
	l := t.lines[id]
	delete(t.lines, id)
	return l
}

// addGoTrace records a panic line written by a goroutine that is not a
// cell's top-level code.
func (rt *cellRuntime) addGoTrace(line string) {
	id := currentGoroutine()
	rt.mu.Lock()
	rt.goTraces.add(id, line)
	rt.mu.Unlock()
}

// currentGoroutine returns the id of the calling goroutine.
func currentGoroutine() string {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	id, _, _ := bytes.Cut(b, []byte(" "))
	return string(id)
}

// GoPanic receives what recover returned in the function lowering runs a
// go statement's function in. When it is a panic, the session's
// GoroutinePanic handler gets it as an *Error: the value, and the cell
// position of each interpreted frame the panic went through.
func (rt *cellRuntime) GoPanic(r any, at int) {
	if r == nil {
		return
	}
	id := currentGoroutine()
	rt.mu.Lock()
	lines := rt.goTraces.take(id)
	handle, name := rt.goPanic, rt.cellName
	rt.mu.Unlock()
	e := goroutineError(r, id, lines, rt.position(token.Pos(at), name), name)
	if handle == nil {
		handle = func(e *Error) {
			exitAfterPanic(rt.stderr, e)
		}
	}
	handle(e)
}

// A goPosition is where a goroutine's function was when it panicked.
type goPosition struct {
	where     string // the cell, as goroutineCell names it
	line, col int
}

// position returns where pos is, naming cells with name; the zero
// goPosition when pos is not in a chunk file.
func (rt *cellRuntime) position(pos token.Pos, name func(seq int) string) goPosition {
	if !pos.IsValid() || rt.fset == nil {
		return goPosition{}
	}
	p := rt.fset.Position(pos)
	m := chunkPosition.FindStringSubmatch(fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column))
	if m == nil {
		return goPosition{}
	}
	seq, _ := strconv.Atoi(m[1])
	where := "cell"
	if name != nil {
		where = name(seq)
	}
	return goPosition{where: where, line: p.Line - 1, col: p.Column}
}

// goroutineError converts the panic value r of goroutine id. lines are
// yaegi's lines for the interpreted frames the panic went through,
// innermost first, the last one being the goroutine's function, which was
// at at; name names the cell of chunk files of a sequence number.
func goroutineError(r any, id string, lines []string, at goPosition, name func(seq int) string) *Error {
	v := panicValue(r)
	if ex, ok := v.(exitRequest); ok {
		return newError(ExitError, ex.Error(), 0, 0)
	}
	e := newError(PanicError, panicMessage(v), 0, 0)
	if at.where == "cell" {
		e.Line, e.Col = at.line, at.col
	}
	e.Traceback = []string{"panic: " + e.Message, "", "goroutine " + id + " [running]:"}
	type frame struct {
		fn  string
		seq int
	}
	var frames []frame
	for _, l := range lines {
		if m := panicLine.FindStringSubmatch(l); m != nil {
			seq, _ := strconv.Atoi(m[1])
			frames = append(frames, frame{m[4], seq})
		}
	}
	// yaegi writes a line for each function the panic left; the
	// goroutine's own function recovers it, and is the last frame.
	for _, f := range frames {
		e.Traceback = append(e.Traceback, strings.ReplaceAll(f.fn, hiddenMain, "main")+"()")
		if name != nil {
			// yaegi tells the function, not the line in it.
			e.Traceback = append(e.Traceback, "\t(function defined in "+name(f.seq)+")")
		}
	}
	if at.where != "" {
		e.Traceback = append(e.Traceback, "main.func()", fmt.Sprintf("\t%s:%d:%d", at.where, at.line, at.col))
	}
	return e
}

// exitAfterPanic writes e as the Go runtime reports a panic and ends the
// process with status 2, as a panic does; an os.Exit in a goroutine ends
// it with its code.
func exitAfterPanic(w io.Writer, e *Error) {
	if e.Name == ExitError {
		code := 1
		fmt.Sscanf(e.Message, "exit status %d", &code)
		os.Exit(code)
	}
	io.WriteString(w, strings.Join(e.Traceback, "\n")+"\n")
	os.Exit(2)
}
