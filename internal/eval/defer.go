package eval

import (
	"fmt"
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// Deferred calls.
//
// yaegi v0.16.1 keeps references to the arguments of a deferred call, not
// their values: `x := 1; defer fmt.Println(x); x = 2` prints 2, and
// `for i := 0; i < 3; i++ { defer fmt.Println(i) }` prints 3 three times.
// A deferred function literal runs with the variables of the function as
// they are when it returns, so one deferred in a loop sees the variables of
// the last iteration. So, in a function:
//
//   - the arguments of a deferred call that are not constants are first
//     copied to new hidden variables, which the call is given instead;
//   - a deferred function literal that uses variables of the loop it is
//     deferred in is made by a function that copies them first, and the
//     result is deferred:
//
//	gocell_defer := func() func() { i := i; return func() { ... i ... } }()
//	defer gocell_defer()
//
//   - so is a deferred method call on a variable of the loop (yaegi reads
//     the receiver of a method of the cell's types when the function
//     returns), through a pointer to the variable taken at the defer.
//
// The copy is made when the defer runs, while Go shares the variable: a
// loop that changes the variable after the defer, or a literal that calls
// recover (it would no longer be the deferred function), fails with an
// error telling to pass the variable as an argument instead.
//
// A defer or a return at the top level of a cell has no function to end:
// yaegi runs such a defer at the end of every later cell, and fails on such
// a return. Both are errors.

// deferrals rewrites the deferred calls of root, a declaration or the block
// of a statement chunk, and reports the statements gocell cannot run.
func (l lowering) deferrals(root ast.Node) error {
	if b, ok := root.(*ast.BlockStmt); ok {
		if err := topLevelExits(b); err != nil {
			return err
		}
	}
	var bodies []*ast.BlockStmt
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				bodies = append(bodies, n.Body)
			}
		case *ast.FuncLit:
			bodies = append(bodies, n.Body)
		}
		return true
	})
	for _, b := range bodies {
		d := deferRewriter{l: l}
		b.List = d.list(b.List, nil)
		if d.err != nil {
			return d.err
		}
	}
	return nil
}

// loweringError is the error for a statement gocell cannot run.
type loweringError struct {
	pos token.Pos
	msg string
}

func (e *loweringError) Error() string { return e.msg }

// topLevelExits returns an error for a defer or return statement of block
// b, a statement chunk, outside function literals.
func topLevelExits(b *ast.BlockStmt) error {
	var err error
	ast.Inspect(b, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			err = &loweringError{n.Pos(), "defer outside a function is not supported in a cell (gocell has no function to end); put the code in a function"}
		case *ast.ReturnStmt:
			err = &loweringError{n.Pos(), "return outside a function is not supported in a cell; put the code in a function"}
		}
		return err == nil
	})
	return err
}

// A deferRewriter rewrites the deferred calls of one function body.
type deferRewriter struct {
	l   lowering
	n   int // hidden names made
	err error
}

// list rewrites the statements of a list inside the loops loops, outermost
// first.
func (d *deferRewriter) list(list []ast.Stmt, loops []ast.Stmt) []ast.Stmt {
	for i, st := range list {
		list[i] = d.stmt(st, loops)
	}
	return list
}

// stmt returns what st becomes.
func (d *deferRewriter) stmt(st ast.Stmt, loops []ast.Stmt) ast.Stmt {
	switch st := st.(type) {
	case *ast.DeferStmt:
		return d.deferStmt(st, loops)
	case *ast.LabeledStmt:
		st.Stmt = d.stmt(st.Stmt, loops)
	case *ast.BlockStmt:
		st.List = d.list(st.List, loops)
	case *ast.IfStmt:
		st.Body.List = d.list(st.Body.List, loops)
		if st.Else != nil {
			st.Else = d.stmt(st.Else, loops)
		}
	case *ast.ForStmt:
		st.Body.List = d.list(st.Body.List, append(loops, st))
	case *ast.RangeStmt:
		st.Body.List = d.list(st.Body.List, append(loops, st))
	case *ast.SwitchStmt:
		for _, c := range st.Body.List {
			c := c.(*ast.CaseClause)
			c.Body = d.list(c.Body, loops)
		}
	case *ast.TypeSwitchStmt:
		for _, c := range st.Body.List {
			c := c.(*ast.CaseClause)
			c.Body = d.list(c.Body, loops)
		}
	case *ast.SelectStmt:
		for _, c := range st.Body.List {
			c := c.(*ast.CommClause)
			c.Body = d.list(c.Body, loops)
		}
	}
	return st
}

// hidden returns a new hidden name.
func (d *deferRewriter) hidden(what string, pos token.Pos) *ast.Ident {
	d.n++
	return &ast.Ident{NamePos: pos, Name: hiddenPrefix + what + strconv.Itoa(d.n)}
}

// deferStmt returns what a defer statement inside loops becomes.
func (d *deferRewriter) deferStmt(st *ast.DeferStmt, loops []ast.Stmt) ast.Stmt {
	call := st.Call
	pos := st.Pos()
	if lit, ok := call.Fun.(*ast.FuncLit); ok && len(loops) > 0 {
		if vars := d.loopVars(lit, loops[0]); len(vars) > 0 {
			return d.deferLiteral(st, lit, vars, loops[0])
		}
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok && len(loops) > 0 {
		if x, ok := sel.X.(*ast.Ident); ok && varIn(x, loops[0]) {
			return d.deferMethod(st, sel, x, loops[0])
		}
	}
	// Copy the arguments that may change.
	var list []ast.Stmt
	for i, a := range call.Args {
		if d.constant(a) {
			continue
		}
		id := d.hidden("arg", pos)
		if !reusesVariable(a) {
			list = append(list, define(id, a))
		} else {
			tmp := d.hidden("arg", pos)
			list = append(list, define(tmp, a), define(id, &ast.Ident{NamePos: pos, Name: tmp.Name}))
		}
		call.Args[i] = &ast.Ident{NamePos: a.Pos(), Name: id.Name}
	}
	if len(list) == 0 {
		return st
	}
	return &ast.BlockStmt{Lbrace: pos, Rbrace: st.End(), List: append(list, st)}
}

// reusesVariable reports whether yaegi stores the value of x into the
// variable it declares with := without making a new one: a composite
// literal or a receive.
func reusesVariable(x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.UnaryExpr:
		return x.Op == token.ARROW
	}
	return false
}

// define returns the statement id := x.
func define(id *ast.Ident, x ast.Expr) ast.Stmt {
	return &ast.AssignStmt{Lhs: []ast.Expr{id}, TokPos: id.Pos(), Tok: token.DEFINE, Rhs: []ast.Expr{x}}
}

// deferLiteral returns what `defer func() {...}(args)` becomes when the
// literal uses the variables vars of loop.
func (d *deferRewriter) deferLiteral(st *ast.DeferStmt, lit *ast.FuncLit, vars []*ast.Ident, loop ast.Stmt) ast.Stmt {
	pos := st.Pos()
	names := make([]string, len(vars))
	for i, v := range vars {
		names[i] = v.Name
	}
	if d.callsRecover(lit) {
		list := strings.Join(names, ", ")
		d.fail(pos, fmt.Sprintf("a deferred function literal that calls recover and uses %s of the loop: gocell cannot give it this iteration's %s; pass %s as %s", list, plural(len(names), "variable", "variables"), list, plural(len(names), "an argument", "arguments")))
		return st
	}
	for _, v := range vars {
		if changed(loop, v.Obj) {
			d.fail(pos, fmt.Sprintf("a deferred function literal that uses %s, which the loop changes: gocell cannot share the variable with it; pass %s as an argument", v.Name, v.Name))
			return st
		}
	}
	// func() func() { x := x; return lit }()
	var prefix []ast.Stmt
	for _, v := range vars {
		prefix = append(prefix, define(&ast.Ident{NamePos: pos, Name: v.Name}, &ast.Ident{NamePos: pos, Name: v.Name}))
	}
	return d.deferMade(st, prefix)
}

// deferMethod returns what `defer x.m(args)` becomes when x is a variable
// of loop: yaegi reads x when the function returns, for a method of a type
// of the cell. The method is called on x through a pointer taken now, as Go
// does for a method with a pointer receiver (Go would copy x for a value
// receiver).
func (d *deferRewriter) deferMethod(st *ast.DeferStmt, sel *ast.SelectorExpr, x *ast.Ident, loop ast.Stmt) ast.Stmt {
	pos := st.Pos()
	if changed(loop, x.Obj) {
		d.fail(pos, fmt.Sprintf("a deferred method call on %s, which the loop changes: gocell cannot give it this iteration's value; defer a function literal taking %s as an argument", x.Name, x.Name))
		return st
	}
	// func() func() { p := &x; return func() { (*p).m(args) } }()
	p := d.hidden("recv", pos)
	prefix := []ast.Stmt{define(p, &ast.UnaryExpr{OpPos: pos, Op: token.AND, X: &ast.Ident{NamePos: x.NamePos, Name: x.Name}})}
	sel.X = &ast.ParenExpr{Lparen: pos, X: &ast.StarExpr{Star: pos, X: &ast.Ident{NamePos: pos, Name: p.Name}}, Rparen: pos}
	return d.deferMade(st, prefix)
}

// deferMade returns the statements deferring st's call through a function
// made when the defer runs, by a function literal that runs prefix and
// copies the arguments first:
//
//	gocell_defer := func() func() { prefix; a := arg; return func() { f(a) } }()
//	defer gocell_defer()
func (d *deferRewriter) deferMade(st *ast.DeferStmt, prefix []ast.Stmt) ast.Stmt {
	pos := st.Pos()
	body := prefix
	for i, a := range st.Call.Args {
		if d.constant(a) {
			continue
		}
		id := d.hidden("arg", pos)
		body = append(body, define(id, a))
		st.Call.Args[i] = &ast.Ident{NamePos: a.Pos(), Name: id.Name}
	}
	var result ast.Expr
	if lit, ok := st.Call.Fun.(*ast.FuncLit); ok && len(st.Call.Args) == 0 {
		result = lit
	} else {
		result = &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: st.Call}}, Rbrace: st.End()},
		}
	}
	body = append(body, &ast.ReturnStmt{Return: pos, Results: []ast.Expr{result}})
	funcType := &ast.FuncType{Func: pos, Params: &ast.FieldList{}}
	maker := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: funcType}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: body, Rbrace: st.End()},
	}
	fn := d.hidden("defer", pos)
	return &ast.BlockStmt{Lbrace: pos, Rbrace: st.End(), List: []ast.Stmt{
		define(fn, &ast.CallExpr{Fun: maker, Lparen: pos, Rparen: pos}),
		&ast.DeferStmt{Defer: pos, Call: &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: fn.Name}, Lparen: pos, Rparen: st.End()}},
	}}
}

// fail records the first error.
func (d *deferRewriter) fail(pos token.Pos, msg string) {
	if d.err == nil {
		d.err = &loweringError{pos, msg}
	}
}

// varIn reports whether id is a variable declared in node.
func varIn(id *ast.Ident, node ast.Node) bool {
	if id.Obj == nil || id.Obj.Kind != ast.Var {
		return false
	}
	decl, ok := id.Obj.Decl.(ast.Node)
	return ok && decl.Pos() >= node.Pos() && decl.Pos() < node.End()
}

// loopVars returns the variables declared in loop (its own or its body's)
// that lit uses, one identifier each.
func (d *deferRewriter) loopVars(lit *ast.FuncLit, loop ast.Stmt) []*ast.Ident {
	seen := map[*ast.Object]bool{}
	var vars []*ast.Ident
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || seen[id.Obj] || !varIn(id, loop) || varIn(id, lit) {
			return true
		}
		seen[id.Obj] = true
		vars = append(vars, id)
		return true
	})
	return vars
}

// callsRecover reports whether lit calls the builtin recover.
func (d *deferRewriter) callsRecover(lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "recover" && id.Obj == nil && !d.l.declared("recover") {
				found = true
			}
		}
		return !found
	})
	return found
}

// constant reports whether x is a constant expression, or a function
// literal, which a deferred call may be given as it is.
func (d *deferRewriter) constant(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BasicLit:
		return true
	case *ast.FuncLit:
		// A function value made now: yaegi deadlocks when a deferred
		// call calls a copy of it.
		return true
	case *ast.ParenExpr:
		return d.constant(x.X)
	case *ast.UnaryExpr:
		return x.Op != token.ARROW && x.Op != token.AND && d.constant(x.X)
	case *ast.BinaryExpr:
		return d.constant(x.X) && d.constant(x.Y)
	case *ast.CallExpr:
		// A conversion of a constant to a predeclared type.
		id, ok := x.Fun.(*ast.Ident)
		return ok && id.Obj == nil && len(x.Args) == 1 && predeclaredType(id.Name) && d.constant(x.Args[0])
	case *ast.Ident:
		switch {
		case x.Obj != nil:
			return x.Obj.Kind == ast.Con
		case x.Name == "nil" || x.Name == "true" || x.Name == "false" || x.Name == "iota":
			return true
		case d.l.lookup != nil:
			decl := d.l.lookup(x.Name)
			return decl != nil && decl.Kind == KindConst
		}
	}
	return false
}

// predeclaredType reports whether name is a predeclared basic type.
func predeclaredType(name string) bool {
	switch name {
	case "bool", "string", "float32", "float64", "complex64", "complex128":
		return true
	}
	return intTypes[name]
}

// changed reports whether loop assigns to, increments or takes the address
// of the variable obj, apart from declaring it.
func changed(loop ast.Stmt, obj *ast.Object) bool {
	is := func(x ast.Expr) bool {
		id, ok := ast.Unparen(x).(*ast.Ident)
		return ok && id.Obj == obj
	}
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, x := range n.Lhs {
				found = found || is(x) && (n.Tok != token.DEFINE || obj.Decl != n)
			}
		case *ast.RangeStmt:
			found = found || n.Tok == token.ASSIGN && (is(n.Key) || is(n.Value))
		case *ast.IncDecStmt:
			found = found || is(n.X)
		case *ast.UnaryExpr:
			found = found || n.Op == token.AND && is(n.X)
		}
		return !found
	})
	return found
}

// plural returns one or many after n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
