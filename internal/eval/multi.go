package eval

import (
	"go/ast"
	"go/token"
	"strconv"
)

// Assignments of several values.
//
// yaegi v0.16.1 stores a composite literal, a receive, or (in an assignment
// with =) a call straight into the variable it is assigned to, and then
// skips assigning the other values of the statement: `a, b := 1, []int{2}`
// leaves a at 0. Such statements are split: the values are first given to
// hidden variables, in order, then assigned from them.

// assignments rewrites the assignments of root, a declaration or the block
// of a statement chunk, that yaegi gets wrong: of several values, and of a
// comma-ok map index or type assertion (see commaOk and commaOkTop).
func assignments(root ast.Node) {
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			if n == root {
				n.List = multiAssign(commaOkTop(n.List))
				break
			}
			n.List = multiAssign(commaOk(n.List))
		case *ast.CaseClause:
			n.Body = multiAssign(commaOk(n.Body))
		case *ast.CommClause:
			n.Body = multiAssign(commaOk(n.Body))
		case *ast.GenDecl:
			splitSpecs(n)
		}
		return true
	})
}

// splitsAssign reports whether yaegi gets wrong the assignment of values to
// as many variables.
func splitsAssign(values []ast.Expr) bool {
	if len(values) < 2 {
		return false
	}
	for _, x := range values {
		switch x := ast.Unparen(x).(type) {
		case *ast.CompositeLit, *ast.CallExpr:
			return true
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				return true
			}
		}
	}
	return false
}

// multiAssign rewrites the assignments of several values of a statement
// list.
func multiAssign(list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range list {
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE && as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) || !splitsAssign(as.Rhs) {
			out = append(out, st)
			continue
		}
		for i, x := range as.Rhs {
			if isLiteral(x) {
				continue // a constant keeps its untyped kind
			}
			if _, ok := x.(*ast.Ident); ok {
				continue
			}
			id := &ast.Ident{NamePos: x.Pos(), Name: hiddenPrefix + "value" + strconv.Itoa(int(as.Pos())) + "_" + strconv.Itoa(i)}
			out = append(out, define(id, x))
			as.Rhs[i] = &ast.Ident{NamePos: x.Pos(), Name: id.Name}
		}
		out = append(out, as)
	}
	return out
}

// splitSpecs splits the var specs of d that give several variables values
// yaegi gets wrong into one spec a variable, when no value uses a name the
// spec declares.
func splitSpecs(d *ast.GenDecl) {
	if d.Tok != token.VAR {
		return
	}
	var specs []ast.Spec
	for _, sp := range d.Specs {
		vs := sp.(*ast.ValueSpec)
		if len(vs.Names) != len(vs.Values) || !splitsAssign(vs.Values) || usesNames(vs) {
			specs = append(specs, vs)
			continue
		}
		for i, n := range vs.Names {
			one := &ast.ValueSpec{Names: []*ast.Ident{n}, Type: vs.Type, Values: []ast.Expr{vs.Values[i]}}
			if i == 0 {
				one.Doc = vs.Doc
			}
			specs = append(specs, one)
		}
	}
	if len(specs) > len(d.Specs) && !d.Lparen.IsValid() {
		d.Lparen, d.Rparen = d.TokPos, d.End()
	}
	d.Specs = specs
}

// usesNames reports whether the values of vs use a name vs declares.
func usesNames(vs *ast.ValueSpec) bool {
	names := map[string]bool{}
	for _, n := range vs.Names {
		names[n.Name] = true
	}
	found := false
	for _, v := range vs.Values {
		ast.Inspect(v, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && names[id.Name] {
				found = true
			}
			return !found
		})
	}
	return found
}
