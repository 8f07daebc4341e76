package eval

import (
	"go/ast"
	"go/token"
)

// yaegi v0.16.1 takes `for k, v := range xs` for a range over a channel when
// v is a channel (it looks at the wrong child of the statement), so ranging
// over a slice of channels panics ("call of reflect.Value.Len on int
// Value"): the fan-in idiom of every concurrency course. A loop whose value
// variable the body uses as a channel ranges over a slice, an array or a
// map (a string's elements are runes), so it is rewritten to index it:
//
//	for k, v := range xs { body }  ->  for k := range xs { v := xs[k]; body }
//
// with xs evaluated once, first, when it is not a plain name.

// rangeChannels applies the rewrite under root.
func rangeChannels(root ast.Node) {
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			n.List = rangeChannelList(n.List)
		case *ast.CaseClause:
			n.Body = rangeChannelList(n.Body)
		case *ast.CommClause:
			n.Body = rangeChannelList(n.Body)
		}
		return true
	})
}

// rangeChannelList rewrites the loops of a statement list.
func rangeChannelList(list []ast.Stmt) []ast.Stmt {
	for i, st := range list {
		inner := st
		if l, ok := st.(*ast.LabeledStmt); ok {
			inner = l.Stmt
		}
		r, ok := inner.(*ast.RangeStmt)
		if !ok || r.Tok != token.DEFINE || r.Value == nil {
			continue
		}
		v, ok := r.Value.(*ast.Ident)
		if !ok || v.Name == "_" || !usedAsChannel(r.Body, v.Name) {
			continue
		}
		x := r.X
		var hoist ast.Stmt
		if _, plain := x.(*ast.Ident); !plain {
			name := &ast.Ident{NamePos: r.For, Name: hiddenPrefix + "range"}
			hoist = &ast.AssignStmt{Lhs: []ast.Expr{name}, TokPos: r.For, Tok: token.DEFINE, Rhs: []ast.Expr{x}}
			x = &ast.Ident{NamePos: r.For, Name: name.Name}
			r.X = x
		}
		key, ok := r.Key.(*ast.Ident)
		if !ok || key.Name == "_" {
			key = &ast.Ident{NamePos: r.For, Name: hiddenPrefix + "k"}
			r.Key = key
		}
		r.Value = nil
		get := &ast.AssignStmt{
			Lhs:    []ast.Expr{&ast.Ident{NamePos: v.NamePos, Name: v.Name, Obj: v.Obj}},
			TokPos: v.NamePos,
			Tok:    token.DEFINE,
			Rhs:    []ast.Expr{&ast.IndexExpr{X: x, Lbrack: v.NamePos, Index: &ast.Ident{NamePos: v.NamePos, Name: key.Name}, Rbrack: v.NamePos}},
		}
		r.Body = &ast.BlockStmt{Lbrace: r.Body.Lbrace, Rbrace: r.Body.Rbrace, List: []ast.Stmt{get, r.Body}}
		if hoist != nil {
			list[i] = &ast.BlockStmt{Lbrace: r.For, Rbrace: r.End(), List: []ast.Stmt{hoist, st}}
		}
	}
	return list
}

// usedAsChannel reports whether body sends on, receives from, closes or
// ranges over the variable name.
func usedAsChannel(body *ast.BlockStmt, name string) bool {
	is := func(x ast.Expr) bool {
		id, ok := ast.Unparen(x).(*ast.Ident)
		return ok && id.Name == name
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			found = found || is(n.Chan)
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW && is(n.X)
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "close" && len(n.Args) == 1 {
				found = found || is(n.Args[0])
			}
		case *ast.RangeStmt:
			found = found || is(n.X)
		}
		return !found
	})
	return found
}
