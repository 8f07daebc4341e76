package eval

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Type switches and type assertions to interface types.
//
// yaegi v0.16.1 answers some of them wrongly. A value of a notebook type is
// not a fmt.Stringer or an error to it, depending on how the value came into
// the interface; a Rect value is a Scaler although Scale has a pointer
// receiver; a type switch with several cases misses `case error` for an
// error of the standard library; and an assertion on a nil interface
// panics. Its assertions to a concrete type are right, but for one thing:
// it keeps no name on a value, so it cannot tell a notebook type from
// another with the same underlying type (type Celsius float64 from
// float64, or two struct types with the same fields).
//
// So the lowering answers a test against an interface type itself, from the
// method sets of the notebook's types, which it reads from their
// declarations: a value of a notebook type implements the interface if its
// type's method set has the interface's methods; any other value is asked
// to yaegi, which is right for the standard library's types. A type switch
// with an interface case becomes a switch without a tag whose cases call
// such tests, in order:
//
//	switch x := e.(type) {        switch gocell_ts := e; {
//	case nil:                     case any(gocell_ts) == nil:
//	case Rect:                    case func(v any) bool { ... v.(Rect) ... }(gocell_ts):
//	                                      x := gocell_ts.(Rect)
//	case fmt.Stringer:            case func(v any) bool { ... }(gocell_ts):
//	                                      x := func(v any) fmt.Stringer { ... }(gocell_ts)
//	default:                      default:
//	}                                     x := gocell_ts
//
// and an assertion e.(I) to an interface I a call of a function literal
// that returns the value as an I (and ok, in a comma-ok assignment). Where
// the answer would depend on a notebook type that yaegi cannot tell from
// another (a case Celsius, a type declared on float64), the lowering fails
// with an error that says so rather than give a wrong answer.

// hiddenSwitch is the variable holding the value of a rewritten type
// switch, and hiddenSwitchAny a pointer to it unwrapped, as an any.
const (
	hiddenSwitch      = hiddenPrefix + "ts"
	hiddenSwitchAny   = hiddenPrefix + "tsa"
	hiddenSwitchIndex = hiddenPrefix + "tsk" // the index of the clause that matches
)

// typeTests rewrites the type switches and type assertions under root that
// test against an interface type (see above).
func (l lowering) typeTests(root ast.Node) error {
	if !hasTypeTest(root) {
		return nil
	}
	tt := &typeTester{l: l, nb: l.notebookTypes(), made: map[*ast.TypeAssertExpr]bool{}}
	if err := tt.assertions(root); err != nil {
		return err
	}
	return tt.switches(root)
}

// hasTypeTest reports whether root has a type switch or a type assertion.
func hasTypeTest(root ast.Node) bool {
	found := false
	ast.Inspect(root, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.TypeAssertExpr, *ast.TypeSwitchStmt:
			found = true
		}
		return !found
	})
	return found
}

// typeTester rewrites the type tests of a chunk.
type typeTester struct {
	l    lowering
	nb   *notebookTypes
	made map[*ast.TypeAssertExpr]bool // the assertions of the generated code
}

// target is a type a value is tested against.
type target struct {
	expr    ast.Expr
	iface   bool     // a non-empty interface type
	methods []string // its methods, for an interface
	name    string   // the type as Go prints it (main.Scaler, fmt.Stringer)
	// notebook tells an interface the notebook declares (or a literal).
	notebook bool
}

// classify describes the type x.
func (tt *typeTester) classify(x ast.Expr) target {
	t := target{expr: x, name: types.ExprString(x)}
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		if x.Name == "error" && !tt.l.known("error") {
			t.iface, t.methods = true, []string{"Error"}
			return t
		}
		if info := tt.nb.types[x.Name]; info != nil {
			t.name = "main." + x.Name
			if info.iface {
				t.methods = tt.nb.interfaceMethods(x.Name, 0)
				t.iface, t.notebook = len(t.methods) > 0, true
			}
		}
	case *ast.InterfaceType:
		t.methods = tt.nb.literalMethods(x, 0)
		t.iface, t.notebook = len(t.methods) > 0, true
	case *ast.SelectorExpr:
		if rt := tt.nb.hostType(x); rt != nil && rt.Kind() == reflect.Interface && rt.NumMethod() > 0 {
			t.iface = true
			for i := range rt.NumMethod() {
				t.methods = append(t.methods, rt.Method(i).Name)
			}
		}
	}
	return t
}

// concrete is a notebook type T or *T whose values a test may meet.
type concrete struct {
	name string
	ptr  bool
}

func (c concrete) expr(pos token.Pos) ast.Expr {
	id := &ast.Ident{NamePos: pos, Name: c.name}
	if c.ptr {
		return &ast.StarExpr{Star: pos, X: id}
	}
	return id
}

// split returns the notebook types whose values implement t, and the
// others, or an error if the answer for one of them would be yaegi's guess.
func (tt *typeTester) split(t target, pos token.Pos) (impl, not []concrete, err error) {
	for _, name := range tt.nb.concreteNames() {
		for _, ptr := range []bool{false, true} {
			c := concrete{name, ptr}
			if tt.nb.implements(c, t.methods) {
				if why := tt.nb.ambiguous(name); why != "" {
					return nil, nil, &loweringError{pos, fmt.Sprintf("gocell cannot test for %s here: %s implements it, and %s", t.name, name, why)}
				}
				impl = append(impl, c)
			} else {
				not = append(not, c)
			}
		}
	}
	return impl, not, nil
}

// checkConcrete returns an error if x is a notebook type that yaegi cannot
// tell from another.
func (tt *typeTester) checkConcrete(x ast.Expr) error {
	name := ""
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		name = x.Name
	case *ast.StarExpr:
		if id, ok := ast.Unparen(x.X).(*ast.Ident); ok {
			name = id.Name
		}
	}
	if info := tt.nb.types[name]; info != nil && !info.iface {
		if why := tt.nb.ambiguous(name); why != "" {
			return &loweringError{x.Pos(), fmt.Sprintf("gocell cannot test for %s: %s", types.ExprString(x), why)}
		}
	}
	return nil
}

// Generated code.

func ident(pos token.Pos, name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }

// okAssign returns `name, ok := v.(typ)`, with name "_" for none.
func (tt *typeTester) okAssign(pos token.Pos, name string, typ ast.Expr) *ast.AssignStmt {
	return tt.okAssignOf(pos, "v", name, typ)
}

// okAssignOf returns `name, ok := x.(typ)`.
func (tt *typeTester) okAssignOf(pos token.Pos, x, name string, typ ast.Expr) *ast.AssignStmt {
	return &ast.AssignStmt{
		Lhs: []ast.Expr{ident(pos, name), ident(pos, "ok")}, TokPos: pos, Tok: token.DEFINE,
		Rhs: []ast.Expr{tt.assert(ident(pos, x), typ, pos)},
	}
}

// assert returns x.(typ), which the rewrites leave as it is.
func (tt *typeTester) assert(x, typ ast.Expr, pos token.Pos) *ast.TypeAssertExpr {
	ta := &ast.TypeAssertExpr{X: x, Lparen: pos, Type: typ, Rparen: pos}
	tt.made[ta] = true
	return ta
}

// ifOK returns `if init; ok { then }`.
func ifOK(pos token.Pos, init ast.Stmt, then ...ast.Stmt) *ast.IfStmt {
	return &ast.IfStmt{If: pos, Init: init, Cond: ident(pos, "ok"), Body: &ast.BlockStmt{Lbrace: pos, List: then, Rbrace: pos}}
}

// unwrapped returns the statements that set a to v as an any, unwrapped:
//
//	a := any(v)
//	if u, ok := _gocell.Unwrap(v); ok { a = u }
func unwrapped(pos token.Pos) []ast.Stmt {
	return []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{ident(pos, "a")}, TokPos: pos, Tok: token.DEFINE,
			Rhs: []ast.Expr{&ast.CallExpr{Fun: ident(pos, "any"), Lparen: pos, Args: []ast.Expr{ident(pos, "v")}, Rparen: pos}}},
		&ast.IfStmt{If: pos,
			Init: &ast.AssignStmt{Lhs: []ast.Expr{ident(pos, "u"), ident(pos, "ok")}, TokPos: pos, Tok: token.DEFINE,
				Rhs: []ast.Expr{hiddenCall(pos, "Unwrap", ident(pos, "v"))}},
			Cond: ident(pos, "ok"),
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
				&ast.AssignStmt{Lhs: []ast.Expr{ident(pos, "a")}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{ident(pos, "u")}}}}},
	}
}

// ifNil returns `if v == nil { then }`.
func ifNil(pos token.Pos, then ...ast.Stmt) *ast.IfStmt {
	return &ast.IfStmt{If: pos,
		Cond: &ast.BinaryExpr{X: ident(pos, "v"), OpPos: pos, Op: token.EQL, Y: ident(pos, "nil")},
		Body: &ast.BlockStmt{Lbrace: pos, List: then, Rbrace: pos}}
}

func ret(pos token.Pos, xs ...ast.Expr) *ast.ReturnStmt {
	return &ast.ReturnStmt{Return: pos, Results: xs}
}

// testFunc returns the call of a function literal with results results
// whose body is `v := arg` then body. arg is evaluated in the literal,
// not passed to it: yaegi loses the dynamic type of some values (an error
// of a notebook type) when they are converted to another interface type.
func testFunc(pos token.Pos, results []ast.Expr, body []ast.Stmt, arg ast.Expr) *ast.CallExpr {
	var fields []*ast.Field
	for _, r := range results {
		fields = append(fields, &ast.Field{Type: r})
	}
	def := &ast.AssignStmt{Lhs: []ast.Expr{ident(pos, "v")}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{arg}}
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos},
			Results: &ast.FieldList{Opening: pos, List: fields, Closing: pos}},
		Body: &ast.BlockStmt{Lbrace: pos, List: append([]ast.Stmt{def}, body...), Rbrace: pos},
	}
	return &ast.CallExpr{Fun: lit, Lparen: pos, Rparen: pos}
}

// testBody returns the statements that test v against t, an interface:
// found(t) for a value of a notebook type that implements t, and fail()
// for nil and a value of another notebook type; other values are asserted
// by yaegi, with found(x) and fail() as the result.
func (tt *typeTester) testBody(t target, pos token.Pos, found func(x ast.Expr) []ast.Stmt, fail func() []ast.Stmt) ([]ast.Stmt, error) {
	impl, not, err := tt.split(t, pos)
	if err != nil {
		return nil, err
	}
	// yaegi panics on an assertion of nil: nil first. The notebook's types
	// are asserted on the value unwrapped, as an any: on v, whose static
	// type may be an interface, yaegi refuses an assertion to a type that
	// does not implement it, and it cannot see the value in the wrapper it
	// makes for an interface of the standard library (error, fmt.Stringer).
	body := []ast.Stmt{ifNil(pos, fail()...)}
	if len(impl)+len(not) > 0 {
		body = append(body, unwrapped(pos)...)
	}
	for _, c := range impl {
		body = append(body, ifOK(pos, tt.okAssignOf(pos, "a", "t", c.expr(pos)), found(ident(pos, "t"))...))
	}
	for _, c := range not {
		body = append(body, ifOK(pos, tt.okAssignOf(pos, "a", "_", c.expr(pos)), fail()...))
	}
	body = append(body, ifOK(pos, tt.okAssign(pos, "t", t.expr), found(ident(pos, "t"))...))
	if t.notebook {
		// yaegi does not find the methods of a value of the standard
		// library for an interface of the notebook: say so rather than
		// answer no.
		body = append(body, &ast.IfStmt{If: pos,
			Cond: hiddenCall(pos, "HasMethods", ident(pos, "v"), strLit(pos, strings.Join(t.methods, " "))),
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{
				Fun: ident(pos, "panic"), Lparen: pos, Rparen: pos,
				Args: []ast.Expr{hiddenCall(pos, "HostToNotebook", ident(pos, "v"), strLit(pos, t.name))}}}}}})
	}
	return append(body, fail()...), nil
}

// converter returns x as a t, an interface, panicking as Go does if it
// is not one (ok == false), or as a t and whether it is one (ok == true).
func (tt *typeTester) converter(x ast.Expr, t target, pos token.Pos, withOK bool) (ast.Expr, error) {
	results := []ast.Expr{t.expr}
	found := func(v ast.Expr) []ast.Stmt { return []ast.Stmt{ret(pos, v)} }
	fail := func() []ast.Stmt {
		return []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{Fun: ident(pos, "panic"), Lparen: pos, Rparen: pos,
			Args: []ast.Expr{hiddenCall(pos, "NotInterface", ident(pos, "v"), strLit(pos, t.name), strLit(pos, strings.Join(t.methods, " ")))}}}}
	}
	if withOK {
		results = append(results, ident(pos, "bool"))
		found = func(v ast.Expr) []ast.Stmt { return []ast.Stmt{ret(pos, v, ident(pos, "true"))} }
		fail = func() []ast.Stmt {
			return []ast.Stmt{
				&ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR, Specs: []ast.Spec{
					&ast.ValueSpec{Names: []*ast.Ident{ident(pos, "zero")}, Type: t.expr}}}},
				ret(pos, ident(pos, "zero"), ident(pos, "false")),
			}
		}
	}
	body, err := tt.testBody(t, pos, found, fail)
	if err != nil {
		return nil, err
	}
	return testFunc(pos, results, body, x), nil
}

func strLit(pos token.Pos, s string) *ast.BasicLit {
	return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: fmt.Sprintf("%q", s)}
}

// assertions rewrites the type assertions to interface types under root.
func (tt *typeTester) assertions(root ast.Node) error {
	var err error
	convert := func(x ast.Expr, withOK bool) ast.Expr {
		ta, ok := ast.Unparen(x).(*ast.TypeAssertExpr)
		if !ok || ta.Type == nil || tt.made[ta] || err != nil {
			return nil
		}
		t := tt.classify(ta.Type)
		if !t.iface {
			if e := tt.checkConcrete(ta.Type); e != nil {
				err = e
			}
			return nil
		}
		call, e := tt.converter(ta.X, t, ta.Lparen, withOK)
		if e != nil {
			err = e
			return nil
		}
		return call
	}
	// Comma-ok forms first: v, ok := x.(I), v, ok = x.(I), var v, ok = x.(I).
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
				if call := convert(n.Rhs[0], true); call != nil {
					n.Rhs[0] = call
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == 2 && len(n.Values) == 1 {
				if call := convert(n.Values[0], true); call != nil {
					n.Values[0] = call
				}
			}
		}
		return err == nil
	})
	if err != nil {
		return err
	}
	replaceExprs(root, func(x ast.Expr) ast.Expr { return convert(x, false) })
	return err
}

// switches rewrites the type switches under root that have a case of an
// interface type or of a notebook type (yaegi's misses a case of a
// notebook type on an error, for one). A switch on types of the standard
// library only (int, string, []byte) is yaegi's, five times as fast.
func (tt *typeTester) switches(root ast.Node) error {
	var err error
	rewrite := func(st ast.Stmt) ast.Stmt {
		var label *ast.Ident
		if ls, ok := st.(*ast.LabeledStmt); ok {
			label = ls.Label
			st = ls.Stmt
		}
		ts, ok := st.(*ast.TypeSwitchStmt)
		if !ok || err != nil || !tt.needsRewrite(ts) {
			return nil
		}
		var out ast.Stmt
		if out, err = tt.switchStmt(ts, label); err != nil {
			return nil
		}
		return out
	}
	eachStmt(root, func(st ast.Stmt) ast.Stmt {
		if out := rewrite(st); out != nil {
			return out
		}
		return st
	})
	return err
}

// switchStmt returns the rewrite of ts, labeled label or not (see above):
// a switch on the index of the clause that matches, which one function
// literal computes with a chain of tests on the value, unwrapped once:
//
//	{
//		gocell_ts := e
//		gocell_tsa := new(any)
//		gocell_tsk := func() int { ... }()
//		label: switch gocell_tsk {
//		case 0:
//			x := (*gocell_tsa).(Rect)
//			body
//		...
//		}
//	}
func (tt *typeTester) switchStmt(ts *ast.TypeSwitchStmt, label *ast.Ident) (ast.Stmt, error) {
	var name *ast.Ident // x of switch x := e.(type)
	var guard ast.Expr
	switch a := ts.Assign.(type) {
	case *ast.AssignStmt:
		name = a.Lhs[0].(*ast.Ident)
		guard = a.Rhs[0]
	case *ast.ExprStmt:
		guard = a.X
	}
	e := ast.Unparen(guard).(*ast.TypeAssertExpr).X
	pos := ts.Switch
	id := func(name string) *ast.Ident { return ident(pos, name) }
	boxed := func() ast.Expr { return &ast.StarExpr{Star: pos, X: id(hiddenSwitchAny)} }

	// The tests, in the order of the clauses and of their types.
	tests := append([]ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{id("v")}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{id(hiddenSwitch)}},
	}, unwrapped(pos)...)
	tests = append(tests, &ast.AssignStmt{Lhs: []ast.Expr{boxed()}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{id("a")}})
	defaultIndex := -1
	out := &ast.SwitchStmt{Switch: pos, Body: &ast.BlockStmt{Lbrace: ts.Body.Lbrace, Rbrace: ts.Body.Rbrace}}
	for i, s := range ts.Body.List {
		cc := s.(*ast.CaseClause)
		index := &ast.BasicLit{ValuePos: cc.Case, Kind: token.INT, Value: strconv.Itoa(i)}
		nc := &ast.CaseClause{Case: cc.Case, Colon: cc.Colon, List: []ast.Expr{index}}
		if cc.List == nil {
			defaultIndex = i
		}
		for _, typ := range cc.List {
			test, err := tt.clauseTest(typ, i)
			if err != nil {
				return nil, err
			}
			tests = append(tests, test)
		}
		if name != nil {
			var val ast.Expr = id(hiddenSwitch)
			if len(cc.List) == 1 && !isNilIdent(cc.List[0]) {
				typ := cc.List[0]
				t := tt.classify(typ)
				if t.iface {
					c, err := tt.converter(id(hiddenSwitch), t, typ.Pos(), false)
					if err != nil {
						return nil, err
					}
					val = c
				} else {
					val = tt.assert(boxed(), typ, typ.Pos())
				}
			}
			x := ident(name.NamePos, name.Name)
			nc.Body = append(nc.Body,
				&ast.AssignStmt{Lhs: []ast.Expr{x}, TokPos: cc.Colon, Tok: token.DEFINE, Rhs: []ast.Expr{val}},
				&ast.AssignStmt{Lhs: []ast.Expr{ident(cc.Colon, "_")}, TokPos: cc.Colon, Tok: token.ASSIGN, Rhs: []ast.Expr{ident(name.NamePos, name.Name)}})
		}
		nc.Body = append(nc.Body, cc.Body...)
		out.Body.List = append(out.Body.List, nc)
	}
	tests = append(tests, ret(pos, &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: strconv.Itoa(defaultIndex)}))
	define := func(name string, x ast.Expr) ast.Stmt {
		return &ast.AssignStmt{Lhs: []ast.Expr{id(name)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{x}}
	}
	var block []ast.Stmt
	if ts.Init != nil {
		block = append(block, ts.Init)
	}
	block = append(block,
		define(hiddenSwitch, e),
		define(hiddenSwitchAny, &ast.CallExpr{Fun: id("new"), Lparen: pos, Args: []ast.Expr{id("any")}, Rparen: pos}),
		define(hiddenSwitchIndex, &ast.CallExpr{Fun: &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos},
				Results: &ast.FieldList{List: []*ast.Field{{Type: id("int")}}}},
			Body: &ast.BlockStmt{Lbrace: pos, List: tests, Rbrace: pos},
		}, Lparen: pos, Rparen: pos}))
	out.Tag = id(hiddenSwitchIndex)
	var sw ast.Stmt = out
	if label != nil {
		sw = &ast.LabeledStmt{Label: label, Colon: pos, Stmt: out}
	}
	return &ast.BlockStmt{Lbrace: pos, List: append(block, sw), Rbrace: ts.End()}, nil
}

// clauseTest returns the statement that returns index if v (a, unwrapped)
// is of type typ, a case of a type switch.
func (tt *typeTester) clauseTest(typ ast.Expr, index int) (ast.Stmt, error) {
	pos := typ.Pos()
	found := []ast.Stmt{ret(pos, &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: strconv.Itoa(index)})}
	isNil := &ast.BinaryExpr{X: ident(pos, "v"), OpPos: pos, Op: token.EQL, Y: ident(pos, "nil")}
	if isNilIdent(typ) {
		return &ast.IfStmt{If: pos, Cond: isNil, Body: &ast.BlockStmt{Lbrace: pos, List: found, Rbrace: pos}}, nil
	}
	// if v == nil {} else if t1 {return} else if t2 {return} ... else if n1 {} ...
	var chain []*ast.IfStmt
	add := func(init ast.Stmt, cond ast.Expr, then []ast.Stmt) {
		chain = append(chain, &ast.IfStmt{If: pos, Init: init, Cond: cond, Body: &ast.BlockStmt{Lbrace: pos, List: then, Rbrace: pos}})
	}
	add(nil, isNil, nil)
	t := tt.classify(typ)
	if !t.iface {
		if err := tt.checkConcrete(typ); err != nil {
			return nil, err
		}
		add(tt.okAssignOf(pos, "a", "_", typ), ident(pos, "ok"), found)
	} else {
		impl, not, err := tt.split(t, pos)
		if err != nil {
			return nil, err
		}
		for _, c := range impl {
			add(tt.okAssignOf(pos, "a", "_", c.expr(pos)), ident(pos, "ok"), found)
		}
		for _, c := range not {
			add(tt.okAssignOf(pos, "a", "_", c.expr(pos)), ident(pos, "ok"), nil)
		}
		add(tt.okAssign(pos, "_", t.expr), ident(pos, "ok"), found)
		if t.notebook {
			add(nil, hiddenCall(pos, "HasMethods", ident(pos, "v"), strLit(pos, strings.Join(t.methods, " "))),
				[]ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{Fun: ident(pos, "panic"), Lparen: pos, Rparen: pos,
					Args: []ast.Expr{hiddenCall(pos, "HostToNotebook", ident(pos, "v"), strLit(pos, t.name))}}}})
		}
	}
	for i := len(chain) - 1; i > 0; i-- {
		chain[i-1].Else = chain[i]
	}
	return chain[0], nil
}

// needsRewrite reports whether a case of ts is an interface type, or a
// type of the notebook or a pointer to one.
func (tt *typeTester) needsRewrite(ts *ast.TypeSwitchStmt) bool {
	for _, s := range ts.Body.List {
		for _, typ := range s.(*ast.CaseClause).List {
			if tt.classify(typ).iface {
				return true
			}
			x := ast.Unparen(typ)
			if st, ok := x.(*ast.StarExpr); ok {
				x = ast.Unparen(st.X)
			}
			if id, ok := x.(*ast.Ident); ok && tt.nb.types[id.Name] != nil {
				return true
			}
		}
	}
	return false
}

func isNilIdent(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == "nil"
}

// replaceExprs replaces, under root, each expression x for which f returns
// a non-nil expression by that expression (the replacement is not
// visited).
func replaceExprs(root ast.Node, f func(ast.Expr) ast.Expr) {
	exprType := reflect.TypeFor[ast.Expr]()
	var walk func(v reflect.Value)
	visitField := func(fv reflect.Value) {
		switch {
		case fv.Type() == exprType:
			if fv.IsNil() {
				return
			}
			if r := f(fv.Interface().(ast.Expr)); r != nil {
				fv.Set(reflect.ValueOf(r))
				return
			}
			walk(fv)
		case fv.Kind() == reflect.Slice && fv.Type().Elem() == exprType:
			for i := range fv.Len() {
				el := fv.Index(i)
				if el.IsNil() {
					continue
				}
				if r := f(el.Interface().(ast.Expr)); r != nil {
					el.Set(reflect.ValueOf(r))
					continue
				}
				walk(el)
			}
		case fv.Kind() == reflect.Interface || fv.Kind() == reflect.Pointer:
			walk(fv)
		case fv.Kind() == reflect.Slice:
			for i := range fv.Len() {
				walk(fv.Index(i))
			}
		}
	}
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Pointer:
			if v.IsNil() {
				return
			}
			if _, ok := v.Interface().(*ast.Object); ok {
				return // resolution data, not syntax
			}
			if _, ok := v.Interface().(*ast.Scope); ok {
				return
			}
			walk(v.Elem())
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					visitField(v.Field(i))
				}
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		}
	}
	walk(reflect.ValueOf(root))
}

// notebookTypes describes the types the notebook and the cell declare, as
// far as type tests need: which are interfaces, their method names, and the
// method sets of the others.
type notebookTypes struct {
	types   map[string]*typeInfo
	hostPkg func(name string) string // import path of a package name
	symbols func(path string) map[string]reflect.Value
}

// typeInfo is one declared type.
type typeInfo struct {
	spec     *ast.TypeSpec
	iface    bool
	methods  map[string]bool // declared methods with a value receiver
	pmethods map[string]bool // declared methods with a pointer receiver
}

// notebookTypes reads the declarations of the notebook and of the cell.
func (l lowering) notebookTypes() *notebookTypes {
	nb := &notebookTypes{types: map[string]*typeInfo{}, hostPkg: l.pkgPath, symbols: l.symbols}
	var decls []ast.Decl
	if l.allDecls != nil {
		decls = l.allDecls()
	}
	info := func(name string) *typeInfo {
		if nb.types[name] == nil {
			nb.types[name] = &typeInfo{methods: map[string]bool{}, pmethods: map[string]bool{}}
		}
		return nb.types[name]
	}
	for _, d := range decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			if d.Tok != token.TYPE {
				continue
			}
			for _, s := range d.Specs {
				ts := s.(*ast.TypeSpec)
				ti := info(ts.Name.Name)
				ti.spec = ts
				_, ti.iface = ts.Type.(*ast.InterfaceType)
			}
		case *ast.FuncDecl:
			if d.Recv == nil || len(d.Recv.List) != 1 {
				continue
			}
			recv := d.Recv.List[0].Type
			ptr := false
			if st, ok := recv.(*ast.StarExpr); ok {
				recv, ptr = st.X, true
			}
			if ix, ok := recv.(*ast.IndexExpr); ok {
				recv = ix.X
			}
			if ix, ok := recv.(*ast.IndexListExpr); ok {
				recv = ix.X
			}
			id, ok := recv.(*ast.Ident)
			if !ok {
				continue
			}
			if ptr {
				info(id.Name).pmethods[d.Name.Name] = true
			} else {
				info(id.Name).methods[d.Name.Name] = true
			}
		}
	}
	for name, ti := range nb.types {
		if ti.spec == nil {
			delete(nb.types, name) // methods of a type declared elsewhere
		}
	}
	return nb
}

// parseDecls parses the Go source of declarations, each once: the
// lowering reads them for most cells, and does not change them.
func (s *Session) parseDecls(srcs []string) []ast.Decl {
	s.parseMu.Lock()
	defer s.parseMu.Unlock()
	if s.parsed == nil {
		s.parsed = map[string][]ast.Decl{}
	}
	var out []ast.Decl
	for _, src := range srcs {
		ds, ok := s.parsed[src]
		if !ok {
			if f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+src, 0); err == nil {
				ds = f.Decls
			}
			s.parsed[src] = ds
		}
		out = append(out, ds...)
	}
	return out
}

// concreteNames returns the names of the declared types that are not
// interfaces, sorted.
func (nb *notebookTypes) concreteNames() []string {
	var names []string
	for name, ti := range nb.types {
		if !ti.iface && ti.spec.TypeParams == nil {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// ambiguous says why yaegi cannot tell a value of type name from others,
// or returns "".
func (nb *notebookTypes) ambiguous(name string) string {
	ti := nb.types[name]
	st, ok := ti.spec.Type.(*ast.StructType)
	if !ok {
		return fmt.Sprintf("a %s cannot be told from a %s: the interpreter keeps no type name on values of a type declared on another type (use a struct type)", name, types.ExprString(ti.spec.Type))
	}
	layout := structLayout(st)
	for other, oti := range nb.types {
		if other == name || oti.iface {
			continue
		}
		if ost, ok := oti.spec.Type.(*ast.StructType); ok && structLayout(ost) == layout {
			return fmt.Sprintf("a %s cannot be told from a %s: the interpreter tells struct types apart by their fields only", name, other)
		}
	}
	return ""
}

// structLayout returns the names and types of a struct's fields, in order.
func structLayout(st *ast.StructType) string {
	var b strings.Builder
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			b.WriteString(n.Name + " ")
		}
		b.WriteString(types.ExprString(f.Type) + ";")
	}
	return b.String()
}

// hostType returns the type pkg.Name of an imported package, or nil.
func (nb *notebookTypes) hostType(sel *ast.SelectorExpr) reflect.Type {
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || nb.hostPkg == nil || nb.symbols == nil {
		return nil
	}
	p := nb.hostPkg(pkg.Name)
	if p == "" {
		return nil
	}
	v, ok := nb.symbols(p)[sel.Sel.Name]
	if !ok || !v.IsValid() || v.Kind() != reflect.Pointer || !v.IsNil() {
		return nil // not a type: yaegi's symbols hold (*T)(nil) for a type T
	}
	return v.Type().Elem()
}

// interfaceMethods returns the methods of the declared interface name.
func (nb *notebookTypes) interfaceMethods(name string, depth int) []string {
	ti := nb.types[name]
	if ti == nil || !ti.iface || depth > 8 {
		return nil
	}
	return nb.literalMethods(ti.spec.Type.(*ast.InterfaceType), depth)
}

// literalMethods returns the methods of an interface type literal,
// embedded interfaces included; nil if it has a type constraint.
func (nb *notebookTypes) literalMethods(it *ast.InterfaceType, depth int) []string {
	set := map[string]bool{}
	for _, f := range it.Methods.List {
		if len(f.Names) > 0 {
			for _, n := range f.Names {
				set[n.Name] = true
			}
			continue
		}
		var ms []string
		switch x := f.Type.(type) {
		case *ast.Ident:
			if x.Name == "error" {
				ms = []string{"Error"}
			} else {
				ms = nb.interfaceMethods(x.Name, depth+1)
			}
		case *ast.SelectorExpr:
			if rt := nb.hostType(x); rt != nil && rt.Kind() == reflect.Interface {
				for i := range rt.NumMethod() {
					ms = append(ms, rt.Method(i).Name)
				}
			}
		}
		if ms == nil {
			return nil // a constraint, or an interface gocell does not know
		}
		for _, m := range ms {
			set[m] = true
		}
	}
	out := make([]string, 0, len(set))
	for m := range set {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// methodSet returns the methods of c's method set: the methods declared
// on it and those its embedded fields promote.
func (nb *notebookTypes) methodSet(c concrete, depth int) map[string]bool {
	set := map[string]bool{}
	ti := nb.types[c.name]
	if ti == nil || depth > 8 {
		return set
	}
	for m := range ti.methods {
		set[m] = true
	}
	if c.ptr {
		for m := range ti.pmethods {
			set[m] = true
		}
	}
	st, ok := ti.spec.Type.(*ast.StructType)
	if !ok {
		return set
	}
	for _, f := range st.Fields.List {
		if len(f.Names) > 0 {
			continue
		}
		typ, ptr := f.Type, false
		if s, ok := typ.(*ast.StarExpr); ok {
			typ, ptr = s.X, true
		}
		var promoted []string
		switch x := typ.(type) {
		case *ast.Ident:
			if et := nb.types[x.Name]; et != nil && et.iface {
				promoted = nb.interfaceMethods(x.Name, depth+1)
			} else {
				for m := range nb.methodSet(concrete{x.Name, ptr || c.ptr}, depth+1) {
					promoted = append(promoted, m)
				}
			}
		case *ast.SelectorExpr:
			if rt := nb.hostType(x); rt != nil {
				if rt.Kind() != reflect.Interface && (ptr || c.ptr) {
					rt = reflect.PointerTo(rt)
				}
				for i := range rt.NumMethod() {
					promoted = append(promoted, rt.Method(i).Name)
				}
			}
		}
		for _, m := range promoted {
			set[m] = true
		}
	}
	return set
}

// implements reports whether c's method set has methods.
func (nb *notebookTypes) implements(c concrete, methods []string) bool {
	set := nb.methodSet(c, 0)
	for _, m := range methods {
		if !set[m] {
			return false
		}
	}
	return true
}

// conversionError is the panic of a failed type assertion, as Go's
// *runtime.TypeAssertionError says it.
type conversionError struct{ msg string }

func (e *conversionError) Error() string { return e.msg }

// RuntimeError makes it a runtime.Error, as Go's is.
func (e *conversionError) RuntimeError() {}

// NotInterface is the panic value of an assertion of v to the interface
// iface, whose methods are listed in methods, separated by spaces.
func (rt *cellRuntime) NotInterface(v any, iface, methods string) error {
	if v == nil {
		return &conversionError{"interface conversion: interface is nil, not " + iface}
	}
	missing, _, _ := strings.Cut(methods, " ")
	return &conversionError{fmt.Sprintf("interface conversion: %s is not %s: missing method %s", rt.TypeName(v), iface, missing)}
}

// HasMethods reports whether v, a value of a type of the standard library,
// has the methods listed in methods, separated by spaces.
func (rt *cellRuntime) HasMethods(v any, methods string) bool {
	t := reflect.TypeOf(v)
	if t == nil {
		return false
	}
	for _, m := range strings.Fields(methods) {
		if _, ok := t.MethodByName(m); !ok {
			return false
		}
	}
	return true
}

// HostToNotebook is the panic value of a test of v, of a type of the
// standard library, against iface, an interface the notebook declares,
// which yaegi cannot answer.
func (rt *cellRuntime) HostToNotebook(v any, iface string) error {
	return fmt.Errorf("gocell cannot convert a %T to %s, an interface of the notebook, although it has its methods: declare the variable with an interface of the standard library (such as fmt.Stringer), or test the concrete type", v, iface)
}

// unwrapYaegi returns the value in v and true if v is a wrapper yaegi made for
// an interface of the standard library (a struct of its own with the value
// in a field IValue), and false otherwise.
func unwrapYaegi(v any) (any, bool) {
	unwrapped := false
	for range 8 {
		switch m := v.(type) {
		case *methodText:
			v, unwrapped = m.v, true
			continue
		case *errorText:
			v, unwrapped = m.v, true
			continue
		}
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Struct || !strings.HasPrefix(rv.Type().PkgPath(), "github.com/traefik/yaegi/") {
			break
		}
		f := rv.FieldByName("IValue")
		if !f.IsValid() || f.Kind() != reflect.Interface || f.IsNil() {
			break
		}
		v, unwrapped = f.Interface(), true
	}
	return v, unwrapped
}
