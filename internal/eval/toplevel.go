package eval

import (
	"go/ast"
	"go/token"
)

// Statements at top level run in yaegi's global frame, and yaegi v0.16.1
// gets the blocks nested in them wrong:
//
//   - a variable declared with := in a nested block is the notebook's
//     variable of the same name, if there is one, instead of a new one
//     (`x := i` in a loop body overwrites the x of an earlier cell, or fails
//     if that x has another type), and so are the variables declared by the
//     init statement of a top-level for, if or switch, which live on as
//     global variables: closures made in a loop body then share them;
//   - `v, err := f()` (several variables from one call, map index, type
//     assertion or receive) in a nested block declares nothing: "undefined:
//     v".
//
// Inside a function yaegi has none of these problems. So a top-level
// statement that opens blocks (if, for, switch, select, a block) is run as
// the body of a function literal called at once: the variables it declares
// are local to it, as in Go, while it still reads and sets the notebook's
// variables. The exceptions are statements that must act on the top level:
// a return, a defer, or a goto out of the statement or into its label.

// localize wraps the compound statements of block b, a statement chunk, in
// function literals called at once; it returns the statements it wrapped.
func localize(b *ast.BlockStmt) []ast.Stmt {
	// Labels a goto of the top level or of another statement jumps to.
	jumpedTo := map[string]bool{}
	for _, st := range b.List {
		for _, l := range gotoLabels(st) {
			if !definesLabel(st, l) {
				jumpedTo[l] = true
			}
		}
	}
	var wrapped []ast.Stmt
	for i, st := range b.List {
		if !compound(st) || actsOnTopLevel(st) {
			continue
		}
		if ls, ok := st.(*ast.LabeledStmt); ok && jumpedTo[ls.Label.Name] {
			continue
		}
		b.List[i] = callNow(st)
		wrapped = append(wrapped, st)
	}
	return wrapped
}

// compound reports whether st opens blocks of its own.
func compound(st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.BlockStmt, *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt,
		*ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
		return true
	case *ast.LabeledStmt:
		return compound(st.Stmt)
	}
	return false
}

// actsOnTopLevel reports whether st, outside the function literals in it,
// returns, defers a call, or jumps with goto to a label it does not define.
func actsOnTopLevel(st ast.Stmt) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt, *ast.DeferStmt:
			found = true
		case *ast.BranchStmt:
			found = found || n.Tok == token.GOTO && n.Label != nil && !definesLabel(st, n.Label.Name)
		}
		return !found
	})
	return found
}

// gotoLabels returns the labels of the goto statements in st, outside the
// function literals in it.
func gotoLabels(st ast.Stmt) []string {
	var labels []string
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			if n.Tok == token.GOTO && n.Label != nil {
				labels = append(labels, n.Label.Name)
			}
		}
		return true
	})
	return labels
}

// definesLabel reports whether st, outside the function literals in it,
// defines label.
func definesLabel(st ast.Stmt, label string) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			found = found || n.Label.Name == label
		}
		return !found
	})
	return found
}

// callNow returns the statement func() { st }(), at the position of st.
func callNow(st ast.Stmt) ast.Stmt {
	pos, end := st.Pos(), st.End()
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{st}, Rbrace: end},
	}
	return &ast.ExprStmt{X: &ast.CallExpr{Fun: lit, Lparen: end, Rparen: end}}
}

// within reports whether the cell position line:col lies in one of the
// statements of c that localize wrapped.
func (c *cell) within(fset *token.FileSet, line, col int) bool {
	for _, ch := range c.chunks {
		for _, st := range ch.wrapped {
			l0, c0 := cellPos(fset, st.Pos())
			l1, c1 := cellPos(fset, st.End())
			if (line > l0 || line == l0 && col >= c0) && (line < l1 || line == l1 && col < c1) {
				return true
			}
		}
	}
	return false
}
