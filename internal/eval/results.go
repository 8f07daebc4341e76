package eval

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// Values yaegi v0.16.1 leaves over from before.
//
// A function's results start as the values they had at the end of the
// previous call from the same place: `func f(x int) (r int) { if x > 0 { r
// = x }; return }` called in a loop with 5 then -1 returns 5 twice, and so
// does a function whose panic a deferred call recovers. So a function with
// named results sets them to their zero values first; one whose results
// are not named, and that defers a call, gets names for them.
//
// `v, ok := m[k]` on a missing key and `s, ok := x.(T)` on a failed
// assertion leave v or s as they were, where Go sets them to the zero
// value: in a loop, to the value of an earlier iteration. Such statements
// are given the zero value explicitly.

// zeroResults makes the functions of root start with zero results.
func zeroResults(root ast.Node) {
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				zeroResultsOf(n.Type, n.Body)
			}
		case *ast.FuncLit:
			zeroResultsOf(n.Type, n.Body)
		}
		return true
	})
}

// zeroResultsOf sets the results of a function of type ft to zero at the
// start of its body.
func zeroResultsOf(ft *ast.FuncType, body *ast.BlockStmt) {
	if ft.Results == nil || len(ft.Results.List) == 0 {
		return
	}
	if len(ft.Results.List[0].Names) == 0 {
		if !defers(body) {
			return
		}
		k := 0
		for _, f := range ft.Results.List {
			f.Names = []*ast.Ident{{NamePos: f.Pos(), Name: hiddenPrefix + "result" + strconv.Itoa(k)}}
			k++
		}
	}
	pos := body.Lbrace
	var zero []ast.Stmt
	for _, f := range ft.Results.List {
		for _, n := range f.Names {
			if n.Name == "_" {
				continue
			}
			zero = append(zero, &ast.AssignStmt{
				Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: n.Name}}, TokPos: pos, Tok: token.ASSIGN,
				Rhs: []ast.Expr{zeroValue(f.Type, pos)},
			})
		}
	}
	body.List = append(zero, body.List...)
}

// zeroValue returns the expression *new(t), at pos.
func zeroValue(t ast.Expr, pos token.Pos) ast.Expr {
	return &ast.StarExpr{Star: pos, X: &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: "new"}, Lparen: pos, Args: []ast.Expr{t}, Rparen: pos}}
}

// defers reports whether a function body has a defer statement of its own.
func defers(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			found = true
		}
		return !found
	})
	return found
}

// commaOk rewrites the statements `v, ok := m[k]` and `v, ok := x.(T)` of a
// statement list (and those in the init of an if or switch) so that v is
// the zero value when ok is false:
//
//	gocell_v, gocell_ok := m[k]        // or x.(T)
//	if !gocell_ok { gocell_v = m[k] }  // or *new(T)
//	v, ok := gocell_v, gocell_ok
//
// with m and k first copied to hidden variables unless they are
// identifiers or constants.
func commaOk(list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range list {
		out = append(out, commaOkStmt(st)...)
	}
	return out
}

// commaOkTop rewrites the comma-ok map index and type assertion statements
// of the top-level statement list of a statement chunk: yaegi fails on them
// at top level ("nil type"). The variables get their values by statements
// of one value each, and ok from a function literal:
//
//	v := m[k]                          // or *new(T)
//	ok := false
//	func() { _, ok = m[k] }()          // or v, ok = x.(T) when it holds
//
// with m, k and x first copied to hidden variables unless they are
// identifiers or constants.
func commaOkTop(list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range list {
		as, ok := st.(*ast.AssignStmt)
		if vs := commaOkSpec(st); vs != nil {
			// var v, ok = m[k]: the same as v, ok := m[k] at top level.
			as, ok = &ast.AssignStmt{Lhs: []ast.Expr{vs.Names[0], vs.Names[1]}, TokPos: vs.Pos(), Tok: token.DEFINE, Rhs: vs.Values}, true
		}
		if !ok || as.Tok != token.DEFINE && as.Tok != token.ASSIGN || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
			out = append(out, st)
			continue
		}
		pos := as.Pos()
		name := func(what string) *ast.Ident {
			return &ast.Ident{NamePos: pos, Name: hiddenPrefix + what + strconv.Itoa(int(pos))}
		}
		hoist := func(what string, x ast.Expr) (ast.Expr, []ast.Stmt) {
			if _, isIdent := x.(*ast.Ident); isIdent || isLiteral(x) {
				return x, nil
			}
			id := name(what)
			return &ast.Ident{NamePos: pos, Name: id.Name}, []ast.Stmt{define(id, x)}
		}
		blank := func(x ast.Expr) bool {
			id, ok := x.(*ast.Ident)
			return ok && id.Name == "_"
		}
		v, okVar := as.Lhs[0], as.Lhs[1]
		var value ast.Expr
		var inner []ast.Stmt // the body of the function literal
		switch x := ast.Unparen(as.Rhs[0]).(type) {
		case *ast.IndexExpr:
			m, list1 := hoist("map", x.X)
			k, list2 := hoist("key", x.Index)
			out = append(append(out, list1...), list2...)
			value = &ast.IndexExpr{X: m, Lbrack: pos, Index: k, Rbrack: pos}
			if !blank(okVar) {
				inner = []ast.Stmt{&ast.AssignStmt{
					Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: "_"}, okVar}, TokPos: pos, Tok: token.ASSIGN,
					Rhs: []ast.Expr{&ast.IndexExpr{X: m, Lbrack: pos, Index: k, Rbrack: pos}},
				}}
			}
		case *ast.TypeAssertExpr:
			if x.Type == nil {
				out = append(out, st)
				continue
			}
			y, list1 := hoist("value", x.X)
			out = append(out, list1...)
			value = zeroValue(x.Type, pos)
			got, holds := name("got"), name("holds")
			var set []ast.Stmt
			if !blank(v) {
				set = append(set, &ast.AssignStmt{Lhs: []ast.Expr{v}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: got.Name}}})
			}
			if !blank(okVar) {
				set = append(set, &ast.AssignStmt{Lhs: []ast.Expr{okVar}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: "true"}}})
			}
			inner = []ast.Stmt{
				&ast.AssignStmt{Lhs: []ast.Expr{got, holds}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.TypeAssertExpr{X: y, Lparen: pos, Type: x.Type, Rparen: pos}}},
				&ast.IfStmt{If: pos, Cond: &ast.Ident{NamePos: pos, Name: holds.Name}, Body: &ast.BlockStmt{Lbrace: pos, List: set, Rbrace: pos}},
			}
		default:
			out = append(out, st)
			continue
		}
		if !blank(v) {
			out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{v}, TokPos: as.TokPos, Tok: as.Tok, Rhs: []ast.Expr{value}})
		}
		if !blank(okVar) {
			out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{okVar}, TokPos: as.TokPos, Tok: as.Tok, Rhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: "false"}}})
		}
		if len(inner) > 0 {
			lit := &ast.FuncLit{Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}}, Body: &ast.BlockStmt{Lbrace: pos, List: inner, Rbrace: pos}}
			out = append(out, &ast.ExprStmt{X: &ast.CallExpr{Fun: lit, Lparen: pos, Rparen: pos}})
		}
	}
	return out
}

// commaOkSpec returns the spec of st when it is `var v, ok = x` with one
// value and no type, or nil.
func commaOkSpec(st ast.Stmt) *ast.ValueSpec {
	ds, ok := st.(*ast.DeclStmt)
	if !ok {
		return nil
	}
	gd, ok := ds.Decl.(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 {
		return nil
	}
	vs := gd.Specs[0].(*ast.ValueSpec)
	if vs.Type != nil || len(vs.Names) != 2 || len(vs.Values) != 1 {
		return nil
	}
	return vs
}

// commaOkStmt returns what st becomes.
func commaOkStmt(st ast.Stmt) []ast.Stmt {
	switch s := st.(type) {
	case *ast.AssignStmt:
		if list := commaOkAssign(s); list != nil {
			return list
		}
	case *ast.LabeledStmt:
		list := commaOkStmt(s.Stmt)
		if b, ok := list[0].(*ast.BlockStmt); ok && len(list) == 1 && b != s.Stmt && len(b.List) > 0 && b.List[len(b.List)-1] == s.Stmt {
			b.List[len(b.List)-1] = s // the label stays on the if or switch
			return list
		}
		s.Stmt = list[0]
		return append([]ast.Stmt{s}, list[1:]...)
	case *ast.IfStmt:
		return commaOkInit(st, &s.Init)
	case *ast.SwitchStmt:
		return commaOkInit(st, &s.Init)
	case *ast.TypeSwitchStmt:
		return commaOkInit(st, &s.Init)
	}
	return []ast.Stmt{st}
}

// commaOkInit rewrites the init statement of st, an if or switch: st then
// becomes a block of its own, the init then st, as its scope is in Go.
func commaOkInit(st ast.Stmt, init *ast.Stmt) []ast.Stmt {
	as, ok := (*init).(*ast.AssignStmt)
	if !ok {
		return []ast.Stmt{st}
	}
	list := commaOkAssign(as)
	if list == nil {
		return []ast.Stmt{st}
	}
	*init = nil
	return []ast.Stmt{&ast.BlockStmt{Lbrace: st.Pos(), List: append(list, st), Rbrace: st.End()}}
}

// commaOkAssign returns the statements as becomes, or nil if it is not a
// comma-ok map index or type assertion with a value.
func commaOkAssign(as *ast.AssignStmt) []ast.Stmt {
	if as.Tok != token.DEFINE && as.Tok != token.ASSIGN || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
		return nil
	}
	if id, ok := as.Lhs[0].(*ast.Ident); ok && (id.Name == "_" || strings.HasPrefix(id.Name, hiddenPrefix)) {
		return nil // no value to set, or rewritten already
	}
	pos := as.Pos()
	name := func(what string) *ast.Ident {
		return &ast.Ident{NamePos: pos, Name: hiddenPrefix + what + strconv.Itoa(int(pos))}
	}
	ref := func(id *ast.Ident) *ast.Ident { return &ast.Ident{NamePos: pos, Name: id.Name} }
	val, ok := name("value"), name("ok")
	var list []ast.Stmt
	var zero ast.Expr
	switch x := ast.Unparen(as.Rhs[0]).(type) {
	case *ast.IndexExpr:
		m, k := x.X, x.Index
		if _, isIdent := m.(*ast.Ident); !isIdent {
			id := name("map")
			list = append(list, define(id, m))
			m = ref(id)
		}
		if _, isIdent := k.(*ast.Ident); !isIdent && !isLiteral(k) {
			id := name("key")
			list = append(list, define(id, k))
			k = ref(id)
		}
		x.X, x.Index = m, k
		zero = &ast.IndexExpr{X: m, Lbrack: pos, Index: k, Rbrack: pos}
	case *ast.TypeAssertExpr:
		if x.Type == nil {
			return nil
		}
		zero = zeroValue(x.Type, pos)
	default:
		return nil
	}
	list = append(list,
		&ast.AssignStmt{Lhs: []ast.Expr{val, name("ok")}, TokPos: as.TokPos, Tok: token.DEFINE, Rhs: as.Rhs},
		&ast.IfStmt{If: pos, Cond: &ast.UnaryExpr{OpPos: pos, Op: token.NOT, X: ref(ok)}, Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
			&ast.AssignStmt{Lhs: []ast.Expr{ref(val)}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{zero}},
		}}},
	)
	// The statement itself stays: it still declares the variables.
	as.Rhs = []ast.Expr{ref(val), ref(ok)}
	return append(list, as)
}
