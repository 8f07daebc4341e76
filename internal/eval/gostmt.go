package eval

import (
	"go/ast"
	"go/token"
)

// A go statement whose function is a function literal,
//
//	go func(x int) { body }(v)
//
// races in yaegi v0.16.1. Evaluating a function literal stores the closure
// in a slot of the enclosing frame, where the go statement reads it; and
// each call of the closure, when it returns, writes back into that slot
// what the slot held before the literal was evaluated. When a loop starts
// goroutines from one go statement, a goroutine that ends writes back into
// the slot between the next evaluation of the literal and its read: the
// next goroutine runs an older closure, with an older iteration's
// variables (a result written to the previous round's slice, a variable of
// a later iteration), or a nil function, which ends the process ("call of
// nil function").
//
// privateGoFuncs rewrites such a go statement so that the literal is
// evaluated in a frame of its own, made for this statement only, whose slot
// nobody else reads:
//
//	{
//		gocell_go := func() func(x int) { return func(x int) { body } }()
//		go gocell_go(v)
//	}
//
// The closure sees the variables as they are when the go statement runs,
// as before: yaegi's closure copies the frame it is evaluated in, so each
// iteration's variables are its own and the others are shared. The
// arguments are still evaluated by the go statement. The callee must be a
// variable: yaegi evaluates a call that gives the function of a go
// statement (go f()(v)) in the new goroutine, not before it starts.

// hiddenGo is the variable holding the closure of a go statement.
const hiddenGo = hiddenPrefix + "go"

// privateGoFuncs rewrites the go statements under root whose function is a
// function literal (see above).
func privateGoFuncs(root ast.Node) {
	rewrite := func(st ast.Stmt) ast.Stmt {
		g, ok := st.(*ast.GoStmt)
		if !ok {
			return st
		}
		lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit)
		if !ok || lit.Body == nil {
			return st
		}
		pos := g.Go
		litType := *lit.Type
		maker := &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos},
				Results: &ast.FieldList{List: []*ast.Field{{Type: &litType}}}},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{lit}}}, Rbrace: pos},
		}
		return &ast.BlockStmt{Lbrace: pos, Rbrace: g.End(), List: []ast.Stmt{
			&ast.AssignStmt{
				Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: hiddenGo}}, TokPos: pos, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.CallExpr{Fun: maker, Lparen: pos, Rparen: pos}},
			},
			&ast.GoStmt{Go: pos, Call: &ast.CallExpr{
				Fun: &ast.Ident{NamePos: g.Call.Fun.Pos(), Name: hiddenGo}, Lparen: g.Call.Lparen,
				Args: g.Call.Args, Ellipsis: g.Call.Ellipsis, Rparen: g.Call.Rparen,
			}},
		}}
	}
	list := func(sts []ast.Stmt) {
		for i, st := range sts {
			sts[i] = rewrite(st)
		}
	}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			list(n.List)
		case *ast.CaseClause:
			list(n.Body)
		case *ast.CommClause:
			list(n.Body)
		case *ast.LabeledStmt:
			n.Stmt = rewrite(n.Stmt)
		}
		return true
	})
}
