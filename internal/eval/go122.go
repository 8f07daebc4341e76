package eval

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
)

// Rewrites giving cells the Go 1.22 semantics that yaegi v0.16.1 lacks:
//
//   - each iteration of a loop has its own loop variables, and own
//     variables of its body, so closures and goroutines started in the
//     body see that iteration's values (see loopvar.go);
//   - `for i := range n` ranges over an integer;
//   - the builtins min, max and clear;
//   - `break L` inside a select (or switch) in a loop labeled L ends the
//     loop (yaegi only leaves the select).
//
// What the rewrites cannot decide from the syntax is left alone: a range
// over an expression whose integer type the rewrite cannot tell.

// helperSource declares the generic functions min and max are rewritten to.
// Their type parameter has a name no cell uses: yaegi mixes up a type
// parameter with a package-level type of the same name.
const helperSource = `package main
type gocell_ordered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string
}
func gocell_min[gocell_T gocell_ordered](x gocell_T, y ...gocell_T) gocell_T {
	for _, v := range y {
		if v < x {
			x = v
		}
	}
	return x
}
func gocell_max[gocell_T gocell_ordered](x gocell_T, y ...gocell_T) gocell_T {
	for _, v := range y {
		if v > x {
			x = v
		}
	}
	return x
}
`

// hidden names the rewrites introduce.
const (
	hiddenPrefix = "gocell_"
	hiddenN      = "gocell_n"
	hiddenI      = "gocell_i"
)

// modernize applies the Go 1.22 rewrites to root, a declaration or block of
// a chunk.
func (l lowering) modernize(root ast.Node) {
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			n.List = l.loops(n.List)
		case *ast.CaseClause:
			n.Body = l.loops(n.Body)
		case *ast.CommClause:
			n.Body = l.loops(n.Body)
		case *ast.CallExpr:
			l.builtin(n)
		}
		return true
	})
}

// loops rewrites the loops of a statement list.
func (l lowering) loops(list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range list {
		loop, label := st, (*ast.LabeledStmt)(nil)
		if ls, ok := st.(*ast.LabeledStmt); ok {
			loop, label = ls.Stmt, ls
		}
		switch x := loop.(type) {
		case *ast.RangeStmt:
			body, fresh := x.Body, captures(x.Body)
			if f := l.rangeInt(x); f != nil {
				loop = f
			} else {
				perIterationRange(x)
			}
			if fresh {
				freshen(body)
			}
		case *ast.ForStmt:
			body, fresh := x.Body, captures(x.Body)
			name := ""
			if label != nil {
				name = label.Label.Name
			}
			perIterationFor(x, name)
			if fresh {
				freshen(body)
			}
		default:
			out = append(out, st)
			continue
		}
		if label == nil {
			out = append(out, loop)
			continue
		}
		label.Stmt = loop
		out = append(out, label)
		if end := breakToGoto(loop, label.Label.Name); end != nil {
			out = append(out, end)
		}
	}
	return out
}

// breakToGoto turns `break label` statements in loop into jumps to a label
// right after it, which it returns; nil when there are none.
func breakToGoto(loop ast.Stmt, label string) ast.Stmt {
	end := hiddenPrefix + label + "_end"
	found := false
	ast.Inspect(loop, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			if n.Tok == token.BREAK && n.Label != nil && n.Label.Name == label {
				n.Tok = token.GOTO
				n.Label = &ast.Ident{NamePos: n.Label.NamePos, Name: end}
				found = true
			}
		}
		return true
	})
	if !found {
		return nil
	}
	pos := loop.End()
	return &ast.LabeledStmt{Label: &ast.Ident{NamePos: pos, Name: end}, Colon: pos, Stmt: &ast.EmptyStmt{Semicolon: pos, Implicit: true}}
}

// rangeInt rewrites `for i := range n`, n an integer, into a three-clause
// loop with the same semantics; it returns nil when x is not such a loop.
func (l lowering) rangeInt(x *ast.RangeStmt) *ast.ForStmt {
	if x.Tok == token.ASSIGN {
		return nil
	}
	typ := l.intType(x.X, 0)
	if typ == "" {
		return nil
	}
	pos := x.For
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	body := x.Body
	if id, ok := x.Key.(*ast.Ident); ok && id.Name != "_" {
		if captures(x.Body) {
			// wg.Go(func() { use(i) }): the closure's own i (see
			// bindClosures).
			bindClosures(x.Body, map[string]bool{id.Name: true})
		}
		// The body in a block of its own, so that it may declare the
		// name again, as it may in Go.
		body = &ast.BlockStmt{Lbrace: body.Lbrace, Rbrace: body.Rbrace, List: []ast.Stmt{
			&ast.AssignStmt{Lhs: []ast.Expr{id}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{ident(hiddenI)}},
			body,
		}}
	}
	return &ast.ForStmt{
		For: pos,
		Init: &ast.AssignStmt{
			Lhs:    []ast.Expr{ident(hiddenN), ident(hiddenI)},
			TokPos: pos,
			Tok:    token.DEFINE,
			Rhs:    []ast.Expr{x.X, &ast.CallExpr{Fun: ident(typ), Lparen: pos, Args: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "0"}}, Rparen: pos}},
		},
		Cond: &ast.BinaryExpr{X: ident(hiddenI), OpPos: pos, Op: token.LSS, Y: ident(hiddenN)},
		Post: &ast.IncDecStmt{X: ident(hiddenI), TokPos: pos, Tok: token.INC},
		Body: body,
	}
}

// intTypes are the predeclared integer types.
var intTypes = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true,
	"uintptr": true, "byte": true, "rune": true,
}

// intType returns the name of the integer type of expression x when the
// syntax tells it ("int" for an untyped integer constant), or "".
func (l lowering) intType(x ast.Expr, depth int) string {
	if depth > maxDepth {
		return ""
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.BasicLit:
		if x.Kind == token.INT {
			return "int"
		}
	case *ast.UnaryExpr:
		if x.Op == token.ADD || x.Op == token.SUB || x.Op == token.XOR {
			return l.intType(x.X, depth+1)
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.SHL, token.SHR:
			return l.intType(x.X, depth+1)
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR, token.AND_NOT:
			a, b := l.intType(x.X, depth+1), l.intType(x.Y, depth+1)
			switch {
			case a == "" || b == "":
				return ""
			case isLiteral(x.X):
				return b
			}
			return a
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok {
			switch {
			case id.Name == "len" || id.Name == "cap":
				return "int"
			case intTypes[id.Name] && len(x.Args) == 1:
				return id.Name
			}
		}
		if l.intTypeOf != nil {
			return l.intTypeOf(x)
		}
	case *ast.SelectorExpr:
		if l.intTypeOf != nil {
			return l.intTypeOf(x)
		}
	case *ast.Ident:
		if x.Obj != nil {
			return l.declIntType(x.Name, x.Obj.Decl, depth)
		}
		if l.lookup == nil {
			return ""
		}
		d := l.lookup(x.Name)
		if d == nil || d.Kind != KindVar && d.Kind != KindConst {
			return ""
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+d.Source, 0)
		if err != nil || len(f.Decls) != 1 {
			return ""
		}
		for _, sp := range f.Decls[0].(*ast.GenDecl).Specs {
			if t := l.declIntType(x.Name, sp, depth); t != "" {
				return t
			}
		}
	}
	return ""
}

// declIntType returns the integer type of name as declared by decl.
func (l lowering) declIntType(name string, decl any, depth int) string {
	switch d := decl.(type) {
	case *ast.Field:
		if id, ok := d.Type.(*ast.Ident); ok && intTypes[id.Name] {
			return id.Name
		}
	case *ast.ValueSpec:
		for i, n := range d.Names {
			if n.Name != name {
				continue
			}
			if d.Type != nil {
				if id, ok := d.Type.(*ast.Ident); ok && intTypes[id.Name] {
					return id.Name
				}
				return ""
			}
			if len(d.Values) == len(d.Names) {
				return l.intType(d.Values[i], depth+1)
			}
		}
	case *ast.AssignStmt:
		if len(d.Lhs) != len(d.Rhs) {
			return ""
		}
		for i, x := range d.Lhs {
			if id, ok := x.(*ast.Ident); ok && id.Name == name {
				return l.intType(d.Rhs[i], depth+1)
			}
		}
	}
	return ""
}

// isLiteral reports whether x is an untyped constant made of literals.
func isLiteral(x ast.Expr) bool { return constKind(x) != token.ILLEGAL }

// builtin rewrites a call of min, max or clear, which yaegi lacks.
func (l lowering) builtin(call *ast.CallExpr) {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Obj != nil || len(call.Args) == 0 || call.Ellipsis.IsValid() {
		return
	}
	switch id.Name {
	case "min", "max":
		if l.declared(id.Name) {
			return
		}
		if v, typ, ok := foldMinMax(id.Name, call.Args); ok {
			// All constants: the result is a constant of their default
			// type (Go keeps it untyped).
			call.Fun = &ast.Ident{NamePos: id.NamePos, Name: typ}
			call.Args = []ast.Expr{v}
			return
		}
		// Typed argument first: the helper infers its type from it.
		for i, a := range call.Args {
			if !isLiteral(a) {
				call.Args[0], call.Args[i] = call.Args[i], call.Args[0]
				break
			}
		}
		id.Name = hiddenPrefix + id.Name
	case "clear":
		if l.declared(id.Name) {
			return
		}
		call.Fun = hiddenSel(id.NamePos, "Clear")
	}
}

// foldMinMax computes min or max of constant literals args, and returns it
// with the name of its default type.
func foldMinMax(name string, args []ast.Expr) (lit *ast.BasicLit, typ string, ok bool) {
	var best constant.Value
	kind := token.ILLEGAL
	for _, a := range args {
		v := constValue(a)
		if v == nil {
			return nil, "", false
		}
		kind = max(kind, constKind(a))
		switch {
		case best == nil,
			name == "min" && constant.Compare(v, token.LSS, best),
			name == "max" && constant.Compare(v, token.GTR, best):
			best = v
		}
	}
	lit = &ast.BasicLit{ValuePos: args[0].Pos(), Kind: token.INT}
	switch kind {
	case token.INT:
		typ = "int"
	case token.FLOAT:
		lit.Kind, typ = token.FLOAT, "float64"
		best = constant.ToFloat(best)
	case token.CHAR:
		typ = "rune"
	case token.STRING:
		lit.Kind, typ = token.STRING, "string"
	default:
		return nil, "", false
	}
	lit.Value = best.ExactString()
	if lit.Kind == token.FLOAT {
		f, _ := constant.Float64Val(best)
		lit.Value = strconv.FormatFloat(f, 'g', -1, 64)
		if !strings.ContainsAny(lit.Value, ".eInf") {
			lit.Value += ".0"
		}
	}
	return lit, typ, true
}

// constValue returns the value of an untyped constant expression of
// literals, or nil.
func constValue(x ast.Expr) constant.Value {
	switch x := x.(type) {
	case *ast.BasicLit:
		v := constant.MakeFromLiteral(x.Value, x.Kind, 0)
		if v.Kind() == constant.Unknown {
			return nil
		}
		return v
	case *ast.ParenExpr:
		return constValue(x.X)
	case *ast.UnaryExpr:
		v := constValue(x.X)
		if v == nil || x.Op != token.SUB && x.Op != token.ADD {
			return nil
		}
		return constant.UnaryOp(x.Op, v, 0)
	}
	return nil
}
