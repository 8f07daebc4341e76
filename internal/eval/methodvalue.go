package eval

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
)

// A method value, fs = append(fs, w.Get), gets its receiver in yaegi when
// it is called, not when the expression is evaluated: method values
// collected in a loop all called the last w. For a method of the notebook
// whose declarations agree on its signature, the lowering binds the
// receiver in a function of its own, as bindGoMethods does: a variable by
// its address (a loop's variable is its iteration's own),
//
//	w.Get  ->  func() func() int { gocell_recv := &w; return (*gocell_recv).Get }()
//
// an element xs[i] as the collection and the index, and another receiver
// by a copy, for a method with value receivers only.

// bindMethodValues rewrites the method values under root (see above).
func (l lowering) bindMethodValues(root ast.Node) {
	if l.allFuncs == nil {
		return
	}
	calls := map[ast.Expr]bool{} // selectors that are called, or not values
	methods := false
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			calls[ast.Unparen(n.Fun)] = true
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				calls[ast.Unparen(n.X)] = true
			}
		case *ast.AssignStmt:
			for _, x := range n.Lhs {
				calls[ast.Unparen(x)] = true
			}
		case *ast.IncDecStmt:
			calls[ast.Unparen(n.X)] = true
		case *ast.SelectorExpr:
			methods = true
		}
		return true
	})
	if !methods {
		return
	}
	funcs := l.lazyFuncs()
	replaceExprs(root, func(x ast.Expr) ast.Expr {
		sel, ok := x.(*ast.SelectorExpr)
		if !ok || calls[sel] {
			return nil
		}
		if id, ok := sel.X.(*ast.Ident); ok {
			if l.pkgPath != nil && l.pkgPath(id.Name) != "" {
				return nil // a package's member
			}
			if l.lookup != nil {
				if d := l.lookup(id.Name); d != nil && d.Kind == KindType {
					return nil // a method expression, T.M
				}
			}
		}
		sig, pointer := methodSignature(funcs(), sel.Sel.Name)
		if sig == "" {
			return nil
		}
		typ, err := parser.ParseExpr(sig)
		if err != nil {
			return nil
		}
		return l.boundMethod(sel, typ, pointer)
	})
}

// methodSignature returns the signature of the methods named name of the
// notebook, as a func type, if they agree on it, and whether one has a
// pointer receiver; "" if there are none, or they differ.
func methodSignature(funcs []ast.Decl, name string) (sig string, pointer bool) {
	for _, d := range funcs {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || fd.Name.Name != name || len(fd.Recv.List) != 1 {
			continue
		}
		if fd.Type.TypeParams != nil {
			return "", false
		}
		s := types.ExprString(fd.Type)
		if sig != "" && s != sig {
			return "", false
		}
		sig = s
		if _, ptr := fd.Recv.List[0].Type.(*ast.StarExpr); ptr {
			pointer = true
		}
	}
	return sig, pointer
}

// boundMethod returns the method value sel, of type typ, with its receiver
// bound now; nil if it cannot be.
func (l lowering) boundMethod(sel *ast.SelectorExpr, typ ast.Expr, pointer bool) ast.Expr {
	pos := sel.Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	define := func(name string, x ast.Expr) ast.Stmt {
		return &ast.AssignStmt{Lhs: []ast.Expr{id(name)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{x}}
	}
	var body []ast.Stmt
	var recv ast.Expr = id(hiddenRecv)
	index, isIndex := ast.Unparen(sel.X).(*ast.IndexExpr)
	if !isIndex && addressable(sel.X, l.pkgPath) {
		pointer = true // see bindGoMethods
	}
	switch {
	case pointer && isIndex:
		body = append(body, define(hiddenRecv, index.X), define(hiddenIndex, index.Index))
		recv = &ast.IndexExpr{X: recv, Lbrack: pos, Index: id(hiddenIndex), Rbrack: pos}
	case pointer:
		if !addressable(sel.X, l.pkgPath) {
			return nil
		}
		body = append(body, define(hiddenRecv, &ast.UnaryExpr{OpPos: pos, Op: token.AND, X: sel.X}))
		recv = &ast.ParenExpr{Lparen: pos, X: &ast.StarExpr{Star: pos, X: recv}, Rparen: pos}
	default:
		body = append(body, define(hiddenRecv, sel.X))
	}
	body = append(body, &ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.SelectorExpr{X: recv, Sel: sel.Sel}}})
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos},
			Results: &ast.FieldList{List: []*ast.Field{{Type: typ}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: body, Rbrace: sel.End()},
	}
	return &ast.CallExpr{Fun: lit, Lparen: pos, Rparen: sel.End()}
}
