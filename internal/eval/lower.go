package eval

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
)

// Rewrites of a chunk's syntax tree before yaegi compiles it. They keep every
// original node's position, so errors still point into the cell.

// lowering holds what the rewrites need to know about the notebook.
type lowering struct {
	declared func(name string) bool  // the notebook or the cell declares a func name
	isVar    func(name string) bool  // name is a variable of the notebook
	lookup   func(name string) *Decl // the latest declaration of name
	// intTypeOf returns the name of the integer type of an expression
	// such as cfg.N or f(), as far as completion can tell it, or "".
	intTypeOf func(x ast.Expr) string
	// sandbox is the name the cell uses for the sandbox package, or "";
	// isType tells a notebook type name; typeOf returns the name of the
	// notebook type of a variable, or "" (see sandbox.go).
	sandbox string
	isType  func(name string) bool
	typeOf  func(x ast.Expr) string
	// pkgPath returns the import path of a package name of the cell, or "".
	pkgPath func(name string) string
	// usesExtras is set when the chunk uses what extraSource declares.
	usesExtras *bool
	// allDecls returns the type and method declarations of the notebook
	// and of the cell, in order; symbols returns the symbols of an
	// imported package (see typetest.go).
	allDecls func() []ast.Decl
	symbols  func(path string) map[string]reflect.Value
	// allFuncs returns the function and method declarations of the
	// notebook and of the cell.
	allFuncs func() []ast.Decl
}

// lower rewrites ch in place: the compound statements of a statement chunk
// run in functions of their own (see localize), func main is renamed, the
// builtins print and println write to standard error as in Go, deferred
// calls get their arguments when the defer runs (see deferrals), loops and
// builtins get their Go 1.22 semantics (see modernize), and the top-level
// statements of a statement chunk record their position as they start. It
// fails on what gocell cannot run as Go would, such as a defer at top level.
func (l lowering) lower(ch *chunk) error {
	var roots []ast.Node
	switch n := ch.node.(type) {
	case *ast.File:
		for _, d := range n.Decls {
			roots = append(roots, d)
		}
	case *ast.BlockStmt:
		nativeLoops(n.List)
		ch.wrapped = localize(n)
		roots = append(roots, n)
	default:
		roots = append(roots, n)
	}
	for _, root := range roots {
		if err := l.undefinedPackage(root); err != nil {
			return err
		}
		if err := l.typeTests(root); err != nil {
			return err
		}
		l.interfaceArgs(root)
		// Before the loops' rewrite: a bound method value is a
		// function literal, which gives the loop's variables their
		// iterations.
		l.bindMethodValues(root)
	}
	for _, root := range roots {
		ast.Inspect(root, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if n.Name == "main" {
					n.Name = hiddenMain
				}
			case *ast.CallExpr:
				if id, ok := n.Fun.(*ast.Ident); ok {
					switch {
					case id.Name == "println" && id.Obj == nil && !l.declared(id.Name):
						n.Fun = hiddenSel(id.Pos(), "Println")
					case id.Name == "print" && id.Obj == nil && !l.declared(id.Name):
						n.Fun = hiddenSel(id.Pos(), "Print")
					}
				}
			}
			return true
		})
	}
	for _, root := range roots {
		l.nameSandboxArgs(root)
		if l.pkgPath != nil {
			if useExtras(root, l.pkgPath) && l.usesExtras != nil {
				*l.usesExtras = true
			}
			fmtVerbs(root, l.pkgPath)
		}
		l.recovered(root)
		rangeChannels(root)
	}
	for _, root := range roots {
		assignments(root)
		zeroResults(root)
	}
	for _, root := range roots {
		if err := l.deferrals(root); err != nil {
			return err
		}
	}
	for _, root := range roots {
		l.modernize(root)
	}
	for _, root := range roots {
		l.bindGoMethods(root)
		guardGoroutines(root)
		privateGoFuncs(root)
	}
	if ch.kind == chunkStmt {
		markStatements(ch.node.(*ast.BlockStmt))
	}
	return nil
}

// eachStmt calls f on each statement of the statement lists under root
// (blocks, and the clauses of switch and select statements) and puts what
// f returns in its place, f returning st to leave it. What f returns is
// visited in turn.
func eachStmt(root ast.Node, f func(st ast.Stmt) ast.Stmt) {
	list := func(sts []ast.Stmt) {
		for i, st := range sts {
			sts[i] = f(st)
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
		}
		return true
	})
}

// markStatements puts a call recording the cell position before each
// top-level statement of a block that has more than one, so that a panic at
// top level can be given a line.
func markStatements(b *ast.BlockStmt) {
	if len(b.List) < 2 {
		return
	}
	list := make([]ast.Stmt, 0, 2*len(b.List))
	for _, st := range b.List {
		pos := st.Pos()
		list = append(list, &ast.ExprStmt{X: hiddenCall(pos, "Mark", &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: strconv.Itoa(int(pos))})}, st)
	}
	b.List = list
}

// hiddenSel returns the selector _gocell.name at pos.
func hiddenSel(pos token.Pos, name string) *ast.SelectorExpr {
	return &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: hiddenPkg}, Sel: &ast.Ident{NamePos: pos, Name: name}}
}

// hiddenCall returns the call _gocell.name(args...) at pos.
func hiddenCall(pos token.Pos, name string, args ...ast.Expr) *ast.CallExpr {
	return &ast.CallExpr{Fun: hiddenSel(pos, name), Lparen: pos, Args: args, Rparen: pos}
}

// captureMode tells how a trailing expression statement is compiled.
type captureMode int

const (
	captureNone  captureMode = iota // as it is
	capturePlain                    // its values handed to the session (capture)
	captureRich                     // and its rich display too (richCapture)
)

// capture makes a trailing expression statement hand its values to the
// session; it returns a function undoing the change.
func capture(es *ast.ExprStmt) (undo func()) {
	x := es.X
	es.X = hiddenCall(x.Pos(), "Capture", x)
	return func() { es.X = x }
}

// redeclare turns the top-level declarations of b that declare again
// variables of the notebook into assignments: `x := 1` run again must set
// the x that functions of earlier cells use, not declare a new one. It
// returns a function undoing the change (nil when nothing changed) and the
// names assigned. The caller compiles without the change when it does not
// compile, e.g. because the new value has another type.
func (l lowering) redeclare(b *ast.BlockStmt) (undo func(), assigned []string) {
	if l.isVar == nil || l.lookup == nil {
		return nil, nil
	}
	orig := append([]ast.Stmt(nil), b.List...)
	for i, st := range b.List {
		var lhs, rhs []ast.Expr
		var pos token.Pos
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE || !l.sameConstKinds(st.Lhs, st.Rhs) {
				continue
			}
			lhs, rhs, pos = st.Lhs, st.Rhs, st.TokPos
		case *ast.DeclStmt:
			gd := st.Decl.(*ast.GenDecl)
			if gd.Tok != token.VAR || len(gd.Specs) != 1 {
				continue
			}
			vs := gd.Specs[0].(*ast.ValueSpec)
			for _, n := range vs.Names {
				lhs = append(lhs, n)
			}
			pos = vs.Pos()
			if vs.Type != nil {
				t := types.ExprString(vs.Type)
				same := true
				for _, n := range vs.Names {
					same = same && l.varType(n.Name) == t
				}
				if !same {
					continue
				}
			}
			switch {
			case len(vs.Values) > 0:
				if vs.Type == nil && !l.sameConstKinds(lhs, vs.Values) {
					continue
				}
				rhs = vs.Values
			default: // var x T: the zero value, *new(T); nil for an interface
				// (yaegi's *new(I) of a notebook interface I is not nil)
				iface := l.isInterfaceType(l.notebookTypes(), vs.Type)
				for range vs.Names {
					if iface {
						rhs = append(rhs, &ast.Ident{NamePos: pos, Name: "nil"})
						continue
					}
					rhs = append(rhs, &ast.StarExpr{Star: pos, X: &ast.CallExpr{
						Fun: &ast.Ident{NamePos: pos, Name: "new"}, Lparen: pos, Args: []ast.Expr{vs.Type}, Rparen: pos}})
				}
			}
		default:
			continue
		}
		var names []string
		all := true
		for _, x := range lhs {
			id, ok := x.(*ast.Ident)
			switch {
			case !ok:
				all = false
			case id.Name != "_":
				all = all && l.isVar(id.Name)
				names = append(names, id.Name)
			}
		}
		if !all || len(names) == 0 {
			continue
		}
		b.List[i] = &ast.AssignStmt{Lhs: lhs, TokPos: pos, Tok: token.ASSIGN, Rhs: rhs}
		assigned = append(assigned, names...)
	}
	if len(assigned) == 0 {
		return nil, nil
	}
	return func() { copy(b.List, orig) }, assigned
}

// sameConstKinds reports whether the untyped constants among values (1,
// 2.5, 'x', "s") are of the kind of the constants the variables lhs were
// declared with: assigning 1.0 to an int compiles, but `x := 1.0` declares
// a float64.
func (l lowering) sameConstKinds(lhs, values []ast.Expr) bool {
	if len(values) != len(lhs) {
		return true // values of a call: their types decide
	}
	for i, v := range values {
		k := constKind(v)
		if k == token.ILLEGAL {
			continue
		}
		id, ok := lhs[i].(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		if l.varConstKind(id.Name) != k {
			return false
		}
	}
	return true
}

// constKind returns the kind of literal an untyped constant expression is
// made of (INT, FLOAT, IMAG, CHAR, STRING), or ILLEGAL if x is not one.
func constKind(x ast.Expr) token.Token {
	switch x := x.(type) {
	case *ast.BasicLit:
		return x.Kind
	case *ast.ParenExpr:
		return constKind(x.X)
	case *ast.UnaryExpr:
		return constKind(x.X)
	case *ast.BinaryExpr:
		a, b := constKind(x.X), constKind(x.Y)
		switch {
		case a == token.ILLEGAL || b == token.ILLEGAL:
			return token.ILLEGAL
		case x.Op == token.SHL || x.Op == token.SHR:
			return a
		}
		return max(a, b) // INT < FLOAT < IMAG < CHAR < STRING
	}
	return token.ILLEGAL
}

// varSpec returns the spec that declares variable name in its latest
// declaration, and the index of name in it.
func (l lowering) varSpec(name string) (*ast.ValueSpec, int) {
	d := l.lookup(name)
	if d == nil || d.Kind != KindVar {
		return nil, 0
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+d.Source, parser.SkipObjectResolution)
	if err != nil {
		return nil, 0
	}
	for _, dd := range f.Decls {
		for _, sp := range dd.(*ast.GenDecl).Specs {
			vs := sp.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if n.Name == name {
					return vs, i
				}
			}
		}
	}
	return nil, 0
}

// varType returns the type written in the latest declaration of variable
// name, or "".
func (l lowering) varType(name string) string {
	vs, _ := l.varSpec(name)
	if vs == nil || vs.Type == nil {
		return ""
	}
	return types.ExprString(vs.Type)
}

// varConstKind returns the kind of untyped constant variable name was
// declared with, or ILLEGAL.
func (l lowering) varConstKind(name string) token.Token {
	vs, i := l.varSpec(name)
	if vs == nil || vs.Type != nil || len(vs.Values) != len(vs.Names) {
		return token.ILLEGAL
	}
	return constKind(vs.Values[i])
}
