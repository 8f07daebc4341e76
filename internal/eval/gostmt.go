package eval

import (
	"go/ast"
	"go/token"
	"strconv"
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
	eachStmt(root, rewrite)
}

// A go statement calling a method of a notebook type, go j.Run(out), gets
// its receiver when the goroutine calls the method in yaegi, not when the
// statement runs: goroutines started in a loop over jobs all ran the last
// job. bindGoMethods evaluates the receiver and the arguments first, for a
// method the notebook declares. A receiver that is a variable or a field
// of one is bound by its address (w may be a *Worker or a Worker variable:
// (*gocell_recv).Work works for both, and a variable of a loop is its
// iteration's own):
//
//	{
//		gocell_recv := &w
//		gocell_arg0 := out
//		go func() { (*gocell_recv).Work(gocell_arg0) }()
//	}
//
// Go would copy the receiver of a value method; binding by address instead
// shows changes made to it after the go statement, but never copies a
// value of the standard library whose method has the same name (wg.Done).
// Another receiver (a call's result) is copied, for a method the notebook
// declares with value receivers only.
//
// A receiver xs[i] with a pointer receiver is bound as the collection and
// the index, the lowering not knowing a slice from a map; an array would
// be copied. Constants stay as they are: a variable would give them a
// default type.

// bindGoMethods rewrites the go statements under root that call such a
// method (see above).
func (l lowering) bindGoMethods(root ast.Node) {
	if l.allFuncs == nil {
		return
	}
	funcs := l.lazyFuncs()
	// receivers tells whether the notebook declares methods named name,
	// and whether one has a pointer receiver.
	receivers := func(name string) (found, pointer bool) {
		for _, d := range funcs() {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Name.Name != name || len(fd.Recv.List) != 1 {
				continue
			}
			found = true
			if _, ptr := fd.Recv.List[0].Type.(*ast.StarExpr); ptr {
				pointer = true
			}
		}
		return found, pointer
	}
	rewrite := func(st ast.Stmt) ast.Stmt {
		g, ok := st.(*ast.GoStmt)
		if !ok || g.Call.Ellipsis.IsValid() {
			return st
		}
		sel, ok := ast.Unparen(g.Call.Fun).(*ast.SelectorExpr)
		if !ok {
			return st
		}
		if id, ok := sel.X.(*ast.Ident); ok && l.pkgPath != nil && l.pkgPath(id.Name) != "" {
			return st // a package's function
		}
		found, pointer := receivers(sel.Sel.Name)
		index, isIndex := ast.Unparen(sel.X).(*ast.IndexExpr)
		if !found || (pointer && !isIndex && !addressable(sel.X, l.pkgPath)) {
			return st
		}
		// A variable is bound by its address whatever the receiver: the
		// method may be one of a type of the standard library with the
		// same name (wg.Done), whose value must not be copied.
		if !isIndex && addressable(sel.X, l.pkgPath) {
			pointer = true
		}
		pos := g.Go
		define := func(name string, x ast.Expr) ast.Stmt {
			return &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: name}}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{x}}
		}
		recv := sel.X
		var callRecv ast.Expr = &ast.Ident{NamePos: sel.X.Pos(), Name: hiddenRecv}
		var block []ast.Stmt
		switch {
		case pointer && isIndex:
			// xs[i].Work(): the collection and the index, as the
			// lowering cannot tell a slice from a map (&m[k] is no Go).
			block = append(block, define(hiddenRecv, index.X), define(hiddenIndex, index.Index))
			callRecv = &ast.IndexExpr{X: callRecv, Lbrack: index.Lbrack,
				Index: &ast.Ident{NamePos: index.Index.Pos(), Name: hiddenIndex}, Rbrack: index.Rbrack}
		case pointer:
			// The receiver's address, as Go takes it for a pointer
			// receiver; through it, a pointer receiver is read then.
			recv = &ast.UnaryExpr{OpPos: sel.X.Pos(), Op: token.AND, X: sel.X}
			callRecv = &ast.ParenExpr{Lparen: sel.X.Pos(), X: &ast.StarExpr{Star: sel.X.Pos(), X: callRecv}, Rparen: sel.X.End()}
			block = append(block, define(hiddenRecv, recv))
		default:
			block = append(block, define(hiddenRecv, recv))
		}
		args := make([]ast.Expr, len(g.Call.Args))
		for i, a := range g.Call.Args {
			if l.constant(a) {
				args[i] = a
				continue
			}
			name := hiddenArg + strconv.Itoa(i)
			block = append(block, define(name, a))
			args[i] = &ast.Ident{NamePos: a.Pos(), Name: name}
		}
		call := &ast.CallExpr{
			Fun:    &ast.SelectorExpr{X: callRecv, Sel: sel.Sel},
			Lparen: g.Call.Lparen, Args: args, Rparen: g.Call.Rparen,
		}
		lit := &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: call}}, Rbrace: g.End()},
		}
		block = append(block, &ast.GoStmt{Go: pos, Call: &ast.CallExpr{Fun: lit, Lparen: pos, Rparen: pos}})
		return &ast.BlockStmt{Lbrace: pos, List: block, Rbrace: g.End()}
	}
	eachStmt(root, rewrite)
}

// addressable reports whether x is a variable or a field of one, as far
// as the syntax tells (an index may be of a map, which is not).
func addressable(x ast.Expr, pkgPath func(string) string) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		return x.Name != "_" && (pkgPath == nil || pkgPath(x.Name) == "")
	case *ast.SelectorExpr:
		return addressable(x.X, pkgPath)
	case *ast.StarExpr:
		return true
	}
	return false
}

// Names of bindGoMethods's variables.
const (
	hiddenRecv  = hiddenPrefix + "recv"
	hiddenIndex = hiddenPrefix + "index"
	hiddenArg   = hiddenPrefix + "arg"
)

// constant reports whether x is a constant expression as far as the
// syntax tells: literals, constants of the notebook or of the function,
// and operations on them.
func (l lowering) constant(x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		if x.Obj != nil {
			return x.Obj.Kind == ast.Con
		}
		if x.Name == "true" || x.Name == "false" || x.Name == "iota" {
			return true
		}
		return l.lookupConst(x.Name)
	case *ast.BinaryExpr:
		return l.constant(x.X) && l.constant(x.Y)
	case *ast.UnaryExpr:
		return x.Op != token.AND && x.Op != token.ARROW && l.constant(x.X)
	}
	return false
}

// lookupConst reports whether name is a constant of the notebook.
func (l lowering) lookupConst(name string) bool {
	if l.lookup == nil {
		return false
	}
	d := l.lookup(name)
	return d != nil && d.Kind == KindConst
}
