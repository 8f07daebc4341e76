package eval

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
)

// Native integer loops. yaegi runs a loop such as
//
//	for i := 0; i < 10000000; i++ {
//		s += i * i
//	}
//
// about a hundred times slower than Go. A loop at the top level of a cell
// whose body only does integer arithmetic on variables (assignments, ++ and
// --, no calls) runs instead as host code, compiled from its source into
// closures over an array of registers:
//
//	if !_gocell.IntLoop("s\x00n\x00for i := 0; ...", &s, n) { the loop, as written }
//
// The host checks at run time that every variable is an int (a written one
// comes as a pointer); if one is not, IntLoop does nothing and returns
// false, and the loop runs as written. Integer overflow wraps, division by
// zero panics with Go's runtime error, as in Go. The loop polls the cell's
// context, so an interrupt stops it. Loops in functions are left alone: a
// function may run in a goroutine, which a cell's end stops in yaegi's
// way, not through the cell's context.

// nativeLoops rewrites the loops of the top-level statements list that
// qualify.
func nativeLoops(list []ast.Stmt) {
	for i, st := range list {
		f, ok := st.(*ast.ForStmt)
		if !ok {
			continue
		}
		spec, args, ok := intLoopSpec(f)
		if !ok {
			continue
		}
		pos := f.For
		call := hiddenCall(pos, "IntLoop", append([]ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(spec)}}, args...)...)
		list[i] = &ast.IfStmt{
			If:   pos,
			Cond: &ast.UnaryExpr{OpPos: pos, Op: token.NOT, X: call},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{f}, Rbrace: f.End()},
		}
	}
}

// intLoopSpec returns the spec of loop f for IntLoop (its variables'
// names, then its source) and the arguments giving the variables: &v for
// those the loop writes, v for the others. ok is false when f does not
// qualify.
func intLoopSpec(f *ast.ForStmt) (spec string, args []ast.Expr, ok bool) {
	init, ok := f.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE || len(init.Lhs) != 1 || len(init.Rhs) != 1 || f.Cond == nil || f.Post == nil {
		return "", nil, false
	}
	iv, ok := init.Lhs[0].(*ast.Ident)
	if !ok || iv.Name == "_" {
		return "", nil, false
	}
	written := map[string]bool{iv.Name: true}
	read := map[string]bool{}
	var order []string
	note := func(name string, w bool) {
		if name == iv.Name {
			return
		}
		if !written[name] && !read[name] {
			order = append(order, name)
		}
		if w {
			written[name] = true
		} else {
			read[name] = true
		}
	}
	var expr func(x ast.Expr) bool
	expr = func(x ast.Expr) bool {
		switch x := x.(type) {
		case *ast.Ident:
			if x.Name == "_" || x.Name == "true" || x.Name == "false" || x.Name == "nil" || x.Name == "iota" {
				return false
			}
			note(x.Name, false)
			return true
		case *ast.BasicLit:
			return x.Kind == token.INT
		case *ast.ParenExpr:
			return expr(x.X)
		case *ast.UnaryExpr:
			return (x.Op == token.SUB || x.Op == token.ADD || x.Op == token.XOR) && expr(x.X)
		case *ast.BinaryExpr:
			switch x.Op {
			case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR, token.SHL, token.SHR, token.AND_NOT:
				return expr(x.X) && expr(x.Y)
			}
		}
		return false
	}
	cond, ok := f.Cond.(*ast.BinaryExpr)
	if !ok || !expr(init.Rhs[0]) {
		return "", nil, false
	}
	switch cond.Op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ, token.NEQ, token.EQL:
	default:
		return "", nil, false
	}
	if !expr(cond.X) || !expr(cond.Y) {
		return "", nil, false
	}
	stmt := func(st ast.Stmt) bool {
		switch st := st.(type) {
		case *ast.IncDecStmt:
			id, ok := st.X.(*ast.Ident)
			if ok {
				note(id.Name, true)
			}
			return ok
		case *ast.AssignStmt:
			if len(st.Lhs) != 1 || len(st.Rhs) != 1 || st.Tok == token.DEFINE {
				return false
			}
			id, ok := st.Lhs[0].(*ast.Ident)
			if !ok || id.Name == "_" || !expr(st.Rhs[0]) {
				return false
			}
			note(id.Name, true)
			return true
		}
		return false
	}
	if !stmt(f.Post) || len(f.Body.List) == 0 {
		return "", nil, false
	}
	for _, st := range f.Body.List {
		if !stmt(st) {
			return "", nil, false
		}
	}
	var src bytes.Buffer
	if err := format.Node(&src, token.NewFileSet(), f); err != nil {
		return "", nil, false
	}
	for _, name := range order {
		var arg ast.Expr = &ast.Ident{NamePos: f.For, Name: name}
		if written[name] {
			arg = &ast.UnaryExpr{OpPos: f.For, Op: token.AND, X: arg}
		}
		args = append(args, arg)
	}
	return strings.Join(order, "\x00") + "\x00" + src.String(), args, true
}

// An intProgram is a loop compiled for IntLoop: registers 0..n-1 are the
// loop's variables in the order of the spec, register n its loop variable.
type intProgram struct {
	nvars int
	init  intExpr
	cond  func(r []int) bool
	post  func(r []int)
	body  []func(r []int)
	// upTo is set for the common loop `for i := ...; i < bound; i++`, which
	// then runs without calling cond and post: bound is a register
	// (boundReg >= 0) or the constant bound.
	upTo     bool
	boundReg int
	bound    int
}

type intExpr func(r []int) int

// compileIntLoop compiles the spec of a loop.
func compileIntLoop(spec string) (*intProgram, error) {
	parts := strings.Split(spec, "\x00")
	names, src := parts[:len(parts)-1], parts[len(parts)-1]
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p; func _() {"+src+"\n}", 0)
	if err != nil {
		return nil, err
	}
	loop, ok := f.Decls[0].(*ast.FuncDecl).Body.List[0].(*ast.ForStmt)
	if !ok {
		return nil, errors.New("not a loop")
	}
	reg := map[string]int{}
	for i, n := range names {
		reg[n] = i
	}
	init := loop.Init.(*ast.AssignStmt)
	reg[init.Lhs[0].(*ast.Ident).Name] = len(names)
	c := intCompiler{reg: reg}
	p := &intProgram{nvars: len(names), init: c.expr(init.Rhs[0])}
	p.cond = c.cond(loop.Cond.(*ast.BinaryExpr))
	p.post = c.stmt(loop.Post)
	p.upTo, p.boundReg, p.bound = c.upTo(loop, len(names))
	for _, st := range loop.Body.List {
		p.body = append(p.body, c.stmt(st))
	}
	if c.err != nil {
		return nil, c.err
	}
	return p, nil
}

// intCompiler compiles expressions and statements over registers.
type intCompiler struct {
	reg map[string]int
	err error
}

func (c *intCompiler) fail(format string, a ...any) intExpr {
	if c.err == nil {
		c.err = fmt.Errorf(format, a...)
	}
	return func([]int) int { return 0 }
}

func (c *intCompiler) expr(x ast.Expr) intExpr {
	switch x := x.(type) {
	case *ast.Ident:
		i, ok := c.reg[x.Name]
		if !ok {
			return c.fail("unknown %s", x.Name)
		}
		return func(r []int) int { return r[i] }
	case *ast.BasicLit:
		v, err := strconv.ParseInt(x.Value, 0, 64)
		if err != nil {
			return c.fail("constant %s: %v", x.Value, err)
		}
		n := int(v)
		return func([]int) int { return n }
	case *ast.ParenExpr:
		return c.expr(x.X)
	case *ast.UnaryExpr:
		e := c.expr(x.X)
		switch x.Op {
		case token.SUB:
			return func(r []int) int { return -e(r) }
		case token.XOR:
			return func(r []int) int { return ^e(r) }
		}
		return e
	case *ast.BinaryExpr:
		return c.binary(x.Op, x.X, x.Y)
	}
	return c.fail("unexpected %T", x)
}

// binary compiles a op b, with the common operand kinds (register,
// constant) specialised: one closure call per operation.
func (c *intCompiler) binary(op token.Token, a, b ast.Expr) intExpr {
	ra, aReg := c.regOf(a)
	rb, bReg := c.regOf(b)
	if aReg && bReg {
		switch op {
		case token.ADD:
			return func(r []int) int { return r[ra] + r[rb] }
		case token.SUB:
			return func(r []int) int { return r[ra] - r[rb] }
		case token.MUL:
			return func(r []int) int { return r[ra] * r[rb] }
		}
	}
	x, y := c.expr(a), c.expr(b)
	switch op {
	case token.ADD:
		return func(r []int) int { return x(r) + y(r) }
	case token.SUB:
		return func(r []int) int { return x(r) - y(r) }
	case token.MUL:
		return func(r []int) int { return x(r) * y(r) }
	case token.QUO:
		return func(r []int) int { return x(r) / y(r) }
	case token.REM:
		return func(r []int) int { return x(r) % y(r) }
	case token.AND:
		return func(r []int) int { return x(r) & y(r) }
	case token.OR:
		return func(r []int) int { return x(r) | y(r) }
	case token.XOR:
		return func(r []int) int { return x(r) ^ y(r) }
	case token.AND_NOT:
		return func(r []int) int { return x(r) &^ y(r) }
	case token.SHL:
		return func(r []int) int { return x(r) << y(r) }
	case token.SHR:
		return func(r []int) int { return x(r) >> y(r) }
	}
	return c.fail("unexpected %v", op)
}

// regOf returns the register of x when x is a variable.
func (c *intCompiler) regOf(x ast.Expr) (int, bool) {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return 0, false
	}
	i, ok := c.reg[id.Name]
	return i, ok
}

// upTo reports whether loop counts its variable (register n) up by one
// while it is below a bound that the body does not change: a register
// (reg >= 0) or a constant.
func (c *intCompiler) upTo(loop *ast.ForStmt, n int) (ok bool, reg, bound int) {
	inc, ok := loop.Post.(*ast.IncDecStmt)
	if !ok || inc.Tok != token.INC {
		return false, 0, 0
	}
	if i, ok := c.regOf(inc.X); !ok || i != n {
		return false, 0, 0
	}
	cond := loop.Cond.(*ast.BinaryExpr)
	if i, ok := c.regOf(cond.X); !ok || i != n || cond.Op != token.LSS {
		return false, 0, 0
	}
	if lit, ok := cond.Y.(*ast.BasicLit); ok {
		v, err := strconv.ParseInt(lit.Value, 0, 64)
		return err == nil, -1, int(v)
	}
	r, ok := c.regOf(cond.Y)
	if !ok {
		return false, 0, 0
	}
	for _, st := range loop.Body.List {
		var target ast.Expr
		switch st := st.(type) {
		case *ast.IncDecStmt:
			target = st.X
		case *ast.AssignStmt:
			target = st.Lhs[0]
		}
		if w, _ := c.regOf(target); w == r || w == n {
			return false, 0, 0 // the body moves the bound or the variable
		}
	}
	return true, r, 0
}

func (c *intCompiler) cond(x *ast.BinaryExpr) func(r []int) bool {
	ra, aReg := c.regOf(x.X)
	if aReg {
		if lit, ok := x.Y.(*ast.BasicLit); ok && x.Op == token.LSS {
			if v, err := strconv.ParseInt(lit.Value, 0, 64); err == nil {
				n := int(v)
				return func(r []int) bool { return r[ra] < n }
			}
		}
	}
	a, b := c.expr(x.X), c.expr(x.Y)
	switch x.Op {
	case token.LSS:
		return func(r []int) bool { return a(r) < b(r) }
	case token.LEQ:
		return func(r []int) bool { return a(r) <= b(r) }
	case token.GTR:
		return func(r []int) bool { return a(r) > b(r) }
	case token.GEQ:
		return func(r []int) bool { return a(r) >= b(r) }
	case token.NEQ:
		return func(r []int) bool { return a(r) != b(r) }
	}
	return func(r []int) bool { return a(r) == b(r) }
}

func (c *intCompiler) stmt(st ast.Stmt) func(r []int) {
	switch st := st.(type) {
	case *ast.IncDecStmt:
		i, _ := c.regOf(st.X)
		if st.Tok == token.INC {
			return func(r []int) { r[i]++ }
		}
		return func(r []int) { r[i]-- }
	case *ast.AssignStmt:
		i, _ := c.regOf(st.Lhs[0])
		if st.Tok == token.ASSIGN {
			e := c.expr(st.Rhs[0])
			return func(r []int) { r[i] = e(r) }
		}
		op := map[token.Token]token.Token{
			token.ADD_ASSIGN: token.ADD, token.SUB_ASSIGN: token.SUB, token.MUL_ASSIGN: token.MUL,
			token.QUO_ASSIGN: token.QUO, token.REM_ASSIGN: token.REM, token.AND_ASSIGN: token.AND,
			token.OR_ASSIGN: token.OR, token.XOR_ASSIGN: token.XOR, token.SHL_ASSIGN: token.SHL,
			token.SHR_ASSIGN: token.SHR, token.AND_NOT_ASSIGN: token.AND_NOT,
		}[st.Tok]
		if op == token.ADD {
			if b, ok := ast.Unparen(st.Rhs[0]).(*ast.BinaryExpr); ok && b.Op == token.MUL {
				ra, aReg := c.regOf(b.X)
				rb, bReg := c.regOf(b.Y)
				if aReg && bReg {
					return func(r []int) { r[i] += r[ra] * r[rb] }
				}
			}
			if ra, ok := c.regOf(st.Rhs[0]); ok {
				return func(r []int) { r[i] += r[ra] }
			}
			e := c.expr(st.Rhs[0])
			return func(r []int) { r[i] += e(r) }
		}
		e := c.binary(op, st.Lhs[0], st.Rhs[0])
		return func(r []int) { r[i] = e(r) }
	}
	c.fail("unexpected %T", st)
	return func([]int) {}
}

// IntLoop runs the loop of spec with the variables args (see nativeLoops),
// and reports whether it did.
func (rt *cellRuntime) IntLoop(spec string, args ...any) bool {
	rt.mu.Lock()
	p, ok := rt.loops[spec]
	done := rt.done
	rt.mu.Unlock()
	if !ok {
		var err error
		if p, err = compileIntLoop(spec); err != nil {
			return false
		}
		rt.mu.Lock()
		if rt.loops == nil {
			rt.loops = map[string]*intProgram{}
		}
		rt.loops[spec] = p
		rt.mu.Unlock()
	}
	if len(args) != p.nvars {
		return false
	}
	r := make([]int, p.nvars+1)
	for i, a := range args {
		switch v := a.(type) {
		case *int:
			r[i] = *v
		case int:
			r[i] = v
		default:
			return false // not an int: the loop runs as written
		}
	}
	// Written back however the loop ends: normally, interrupted, or by a
	// panic (division by zero).
	defer func() {
		for i, a := range args {
			if v, ok := a.(*int); ok {
				*v = r[i]
			}
		}
	}()
	n := p.nvars
	r[n] = p.init(r)
	if p.upTo {
		bound := p.bound
		if p.boundReg >= 0 {
			bound = r[p.boundReg]
		}
		for k := 0; r[n] < bound; k++ {
			for _, st := range p.body {
				st(r)
			}
			r[n]++
			if k&0xffff == 0xffff && done != nil {
				select {
				case <-done:
					return true
				default:
				}
			}
		}
		return true
	}
	for k := 0; p.cond(r); k++ {
		for _, st := range p.body {
			st(r)
		}
		p.post(r)
		if k&0xffff == 0xffff && done != nil {
			select {
			case <-done:
				return true // the cell is being interrupted: yaegi stops it next
			default:
			}
		}
	}
	return true
}
