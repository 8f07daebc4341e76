package eval

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/traefik/yaegi/interp"
)

// runChunk compiles and runs one chunk of cell c, adding to res. It returns
// the names of functions, constants and variables of the notebook that the
// chunk declared again, so that the code using them can be updated.
func (s *Session) runChunk(ctx context.Context, c *cell, ch *chunk, low lowering, o cellOpts, res *Result) (redeclared []string, err error) {
	if err := ctx.Err(); err != nil {
		return nil, newError(Interrupted, Interrupted, 0, 0)
	}
	decls := c.declsOf(s.fset, ch)
	if ch.kind == chunkImport && s.imported(decls[0].Source) {
		if o.record {
			res.Decls = append(res.Decls, decls...)
		}
		return nil, nil
	}
	previous := map[string]*Decl{}
	for _, d := range decls {
		for _, n := range d.Names {
			if p := s.lookupDecl(n); p != nil {
				previous[n] = p
			}
		}
	}
	usesExtras := false
	low.usesExtras = &usesExtras
	err = low.lower(ch)
	if err == nil && usesExtras {
		err = s.loadExtras()
	}
	if err != nil {
		var te *loweringError
		if errors.As(err, &te) {
			line, col := cellPos(s.fset, te.pos)
			return nil, newError(CompileError, te.msg, line, col)
		}
		return nil, newError(CompileError, err.Error(), 0, 0)
	}

	// Compile with the rewrites that may not fit, then without them: an
	// assignment to a variable declared again (it fails if the type
	// changed), and the capture of a trailing expression, with its rich
	// display (it fails for a call with no or several results) or without
	// (it fails for a call with no results).
	var block *ast.BlockStmt
	if ch.kind == chunkStmt {
		block = ch.node.(*ast.BlockStmt)
	}
	var undoAssign, undoCapture func()
	var assigned []string
	var trailing ast.Expr // the trailing expression, before capture
	if ch.trailing != nil {
		trailing = ch.trailing.X
	}
	setAssign := func(on bool) {
		switch {
		case on && undoAssign == nil && block != nil:
			undoAssign, assigned = low.redeclare(block)
		case !on && undoAssign != nil:
			undoAssign()
			undoAssign, assigned = nil, nil
		}
	}
	setCapture := func(mode captureMode) {
		if undoCapture != nil {
			undoCapture()
			undoCapture = nil
		}
		switch {
		case ch.trailing == nil:
		case mode == captureRich:
			undoCapture = richCapture(ch.trailing)
		case mode == capturePlain:
			undoCapture = capture(ch.trailing)
		}
	}
	setAssign(true)
	canAssign := undoAssign != nil

	var prog *interp.Program
	for _, a := range []struct {
		assign  bool
		capture captureMode
	}{
		{true, captureRich}, {true, capturePlain}, {true, captureNone},
		{false, captureRich}, {false, capturePlain}, {false, captureNone},
	} {
		if a.assign && !canAssign || a.capture != captureNone && ch.trailing == nil {
			continue
		}
		setAssign(a.assign)
		setCapture(a.capture)
		if prog, err = s.compile(c, ch.node); err == nil {
			break
		}
	}
	if err != nil {
		if ch.kind == chunkDecl && o.refresh {
			s.unbreak(ctx, previous)
		}
		return nil, err
	}

	// The declarations exist once compiled, even if running them fails.
	if o.record {
		s.addDecls(decls)
		res.Decls = append(res.Decls, decls...)
	}
	s.registerTypes(decls)
	for _, d := range decls {
		for _, n := range d.Names {
			p := previous[n]
			switch {
			case p == nil || slices.Contains(assigned, n):
			case d.Kind == KindVar, stripDoc(p.Source) != stripDoc(d.Source):
				redeclared = append(redeclared, n)
			}
		}
	}
	if ch.kind == chunkStmt {
		if err := s.updateFormatter(low); err != nil {
			return redeclared, err
		}
	}
	if err := s.execute(ctx, c, ch, prog); err != nil {
		return redeclared, err
	}
	if undoCapture != nil {
		if vals, captured, _, _ := s.rt.state(); captured {
			res.Text, res.HasValue = formatResult(trailing, vals)
			if res.HasValue {
				res.Data = s.rt.richData()
			}
		}
	}
	return redeclared, nil
}

// lowering returns the lowering for cell c given the notebook so far.
func (s *Session) lowering(c *cell) lowering {
	declared := func(name string) bool {
		if s.lookupDecl(name) != nil {
			return true
		}
		for _, ch := range c.chunks {
			if ch.kind != chunkDecl {
				continue
			}
			for _, d := range ch.file.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name {
					return true
				}
			}
		}
		return false
	}
	intTypeOf := func(x ast.Expr) string {
		t := s.exprType(x, 0, c.src, 0)
		if t.rt == nil {
			return ""
		}
		switch t.rt.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			return t.rt.String()
		}
		return ""
	}
	isType := func(name string) bool {
		d := s.lookupDecl(name)
		return d != nil && d.Kind == KindType
	}
	typeOf := func(x ast.Expr) string { return s.exprType(x, 0, c.src, 0).name }
	imports := s.codeImports(c.src)
	pkgPath := func(name string) string {
		if p, ok := imports[name]; ok {
			return p
		}
		p, _ := s.importedPath(name)
		return p
	}
	declsOf := func(keep func(d Decl) bool) func() []ast.Decl {
		return func() []ast.Decl {
			var srcs []string
			s.mu.RLock()
			for _, d := range s.decls {
				if keep(d) {
					srcs = append(srcs, d.Source)
				}
			}
			s.mu.RUnlock()
			decls := s.parseDecls(srcs)
			for _, ch := range c.chunks {
				if ch.kind == chunkDecl {
					decls = append(decls, ch.file.Decls...)
				}
			}
			return decls
		}
	}
	allDecls := declsOf(func(d Decl) bool {
		return d.Kind == KindType || (d.Kind == KindFunc && len(d.Names) == 1 && strings.Contains(d.Names[0], "."))
	})
	allFuncs := declsOf(func(d Decl) bool { return d.Kind == KindFunc })
	return lowering{declared: declared, isVar: s.isVar, lookup: s.lookupDecl, intTypeOf: intTypeOf,
		sandbox: s.sandboxName(imports), isType: isType, typeOf: typeOf, pkgPath: pkgPath,
		allDecls: allDecls, symbols: s.symbols, allFuncs: allFuncs}
}

// runMain calls the func main cell c declared, as go run would.
func (s *Session) runMain(ctx context.Context, c *cell) error {
	var pos token.Pos
	for _, ch := range c.chunks {
		if ch.kind != chunkDecl {
			continue
		}
		for _, d := range ch.file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == hiddenMain {
				pos = fd.Name.Pos()
			}
		}
	}
	body := &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
		&ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: hiddenMain}, Lparen: pos, Rparen: pos}},
	}}
	prog, err := s.compile(c, body)
	if err != nil {
		return err
	}
	if err := s.updateFormatter(s.lowering(c)); err != nil {
		return err
	}
	return s.execute(ctx, c, &chunk{kind: chunkStmt, node: body}, prog)
}

// compile compiles a chunk's syntax tree.
func (s *Session) compile(c *cell, n ast.Node) (prog *interp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			prog, err = nil, s.compilePanic(c, n, r)
		}
	}()
	prog, err = s.interp.CompileAST(n)
	if err != nil {
		return nil, s.compileError(c, err)
	}
	return prog, nil
}

// compilePanic converts a panic of yaegi's compiler on n, of cell c.
func (s *Session) compilePanic(c *cell, n ast.Node, r any) *Error {
	msg := fmt.Sprint(r)
	if msg == "nil type" {
		// yaegi's failure on a range over an integer the lowering could
		// not recognize as one.
		var rs *ast.RangeStmt
		ast.Inspect(n, func(n ast.Node) bool {
			if x, ok := n.(*ast.RangeStmt); ok && rs == nil {
				rs = x
			}
			return rs == nil
		})
		if rs != nil {
			line, col := cellPos(s.fset, rs.X.Pos())
			return newError(CompileError, fmt.Sprintf("cannot range over %s: gocell cannot tell its type (for an integer n, write for i := 0; i < n; i++)", types.ExprString(rs.X)), line, col)
		}
	}
	if msg == "nil reflect type" || strings.Contains(msg, "reflect.Type is nil") {
		// yaegi's failure on a notebook variable given the result of a
		// generic function (m := slices.Max(xs)).
		if as := genericResultAssign(n); as != nil {
			line, col := cellPos(s.fset, as.Pos())
			return newError(CompileError, fmt.Sprintf("cannot keep the result of %s in a variable of the notebook: the interpreter cannot tell its type there; convert it (v := int(...)) or use it inside a function", extraUse.ReplaceAllString(types.ExprString(as.Rhs[0]), "$1.$2")), line, col)
		}
	}
	return newError(CompileError, "internal interpreter error: "+msg, 0, 0)
}

// genericResultAssign returns the first top-level := of n whose value is a
// call, the likely cause of yaegi's failure on a generic result.
func genericResultAssign(n ast.Node) *ast.AssignStmt {
	b, ok := n.(*ast.BlockStmt)
	if !ok {
		return nil
	}
	for _, st := range b.List {
		if as, ok := st.(*ast.AssignStmt); ok && as.Tok == token.DEFINE && len(as.Rhs) == 1 {
			if _, ok := as.Rhs[0].(*ast.CallExpr); ok {
				return as
			}
		}
	}
	return nil
}

// compileError converts an error of yaegi's compiler for cell c.
func (s *Session) compileError(c *cell, err error) *Error {
	e := compileError(c, err)
	if e.Message == "constant definition loop" {
		// yaegi's message for an undefined name in a global initializer.
		if id := s.undefinedName(c); id != nil {
			line, col := cellPos(s.fset, id.Pos())
			e = newError(CompileError, "undefined: "+id.Name, line, col)
		}
	}
	return e
}

// undefinedName returns an identifier that cell c uses and that is declared
// nowhere, or nil.
func (s *Session) undefinedName(c *cell) *ast.Ident {
	known := map[string]bool{hiddenPkg: true, hiddenMain: true}
	for _, n := range predeclared {
		known[n] = true
	}
	s.mu.RLock()
	for n := range s.imports {
		known[n] = true
	}
	for _, d := range s.decls {
		for _, n := range d.Names {
			known[n] = true
		}
	}
	s.mu.RUnlock()
	for _, ch := range c.chunks {
		for _, d := range c.declsOf(s.fset, ch) {
			for _, n := range d.Names {
				known[n] = true
			}
		}
		if ch.kind == chunkDecl {
			for n := range ch.file.Scope.Objects {
				known[n] = true
			}
		}
	}
	for _, ch := range c.chunks {
		for _, id := range ch.file.Unresolved {
			if !known[id.Name] {
				return id
			}
		}
	}
	return nil
}

// execute runs a compiled chunk.
func (s *Session) execute(ctx context.Context, c *cell, ch *chunk, prog *interp.Program) error {
	if prog == nil {
		return nil
	}
	s.rt.begin(firstRun(ch.node))
	wctx, deadlocked := s.watchDeadlock(ctx)
	s.rt.running(wctx.Done())
	_, err := s.interp.ExecuteWithContext(wctx, prog)
	blocked := deadlocked()
	if err == nil {
		return nil
	}
	if blocked != nil && ctx.Err() == nil && errors.Is(err, context.Canceled) {
		// yaegi stopped the cell; its main flow ends unless it is blocked
		// in a native call (a lock, a wait group) that nothing can end.
		s.rt.haltAll()
		if !s.waitCellGoneFor(250 * time.Millisecond) {
			s.markStuck(blocked)
		}
		_, _, pos, _ := s.rt.state()
		line, _ := cellPos(s.fset, pos)
		return deadlockError(blocked, line, len(s.goroutines.halted) > 0)
	}
	if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
		s.rt.haltAll()
		s.waitCellGone()
		_, _, pos, _ := s.rt.state()
		line, _ := cellPos(s.fset, pos)
		return newError(Interrupted, Interrupted, line, 0)
	}
	var p interp.Panic
	if errors.As(err, &p) {
		_, _, pos, trace := s.rt.state()
		return panicError(s.fset, c, p, pos, trace)
	}
	return s.compileError(c, err)
}

// firstRun returns the position of the first code a chunk's syntax tree
// runs: its first statement, or its first var declaration with a value.
func firstRun(n ast.Node) token.Pos {
	switch n := n.(type) {
	case *ast.BlockStmt:
		if len(n.List) > 0 {
			return n.List[0].Pos()
		}
	case *ast.File:
		for _, d := range n.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				for _, sp := range gd.Specs {
					if vs := sp.(*ast.ValueSpec); len(vs.Values) > 0 {
						return vs.Pos()
					}
				}
			}
		}
		if len(n.Decls) > 0 {
			return n.Decls[0].Pos()
		}
	}
	return n.Pos()
}
