package eval

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
)

// yaegi v0.16.1 loses a value of a notebook type with methods that is
// passed straight to a parameter of interface type of a function of the
// notebook, show(Task{2}) or show(tasks[0]) for func show(v any): the
// function gets nil, or a zero reflect.Value it panics on, once the type
// has been used by an earlier chunk. A variable, or a conversion to the
// parameter's type first, gets through. So the lowering converts the
// arguments of such parameters to the parameter's type:
//
//	show(Task{2})  ->  show(any(Task{2}))

// interfaceArgs converts the arguments of the calls under root that go to
// a parameter of interface type of a function or method of the notebook.
func (l lowering) interfaceArgs(root ast.Node) {
	if l.allFuncs == nil {
		return
	}
	funcs := l.lazyFuncs()
	var nb *notebookTypes // read once, if needed
	ast.Inspect(root, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		var name string
		method := false
		switch f := ast.Unparen(call.Fun).(type) {
		case *ast.Ident:
			if f.Obj != nil && f.Obj.Kind != ast.Fun {
				return true // a local variable
			}
			name = f.Name
		case *ast.SelectorExpr:
			if id, ok := f.X.(*ast.Ident); ok && l.pkgPath != nil && l.pkgPath(id.Name) != "" {
				l.errorArgs(call, l.pkgPath(id.Name), f.Sel.Name)
				return true
			}
			name, method = f.Sel.Name, true
		default:
			return true
		}
		params := paramTypes(funcs(), name, method)
		if params == nil {
			return true
		}
		for i, arg := range call.Args {
			var typ ast.Expr
			switch {
			case i < len(params.fixed):
				typ = params.fixed[i]
			case params.variadic != nil && !call.Ellipsis.IsValid():
				typ = params.variadic
			}
			if nb == nil && typ != nil {
				nb = l.notebookTypes()
			}
			if typ == nil || !l.isInterfaceType(nb, typ) {
				continue
			}
			if fun := conversion(typ, arg.Pos()); fun != nil {
				call.Args[i] = &ast.CallExpr{Fun: fun, Lparen: arg.Pos(), Args: []ast.Expr{arg}, Rparen: arg.End()}
			}
		}
		return true
	})
}

// errorArgs converts to error the arguments of call, a call of the
// function name of the package at path, that go to a parameter of type
// error: yaegi does not wrap a value of a notebook type for a variadic one
// (errors.Join(err, &MyErr{}) panicked in reflect), but it does a function's
// result of type error.
func (l lowering) errorArgs(call *ast.CallExpr, path, name string) {
	if l.symbols == nil || l.known("error") {
		return
	}
	fn, ok := l.symbols(path)[name]
	if !ok || !fn.IsValid() || fn.Kind() != reflect.Func {
		return
	}
	t := fn.Type()
	errType := reflect.TypeFor[error]()
	for i, arg := range call.Args {
		var p reflect.Type
		switch {
		case t.IsVariadic() && i >= t.NumIn()-1:
			if call.Ellipsis.IsValid() {
				return
			}
			p = t.In(t.NumIn() - 1).Elem()
		case i < t.NumIn():
			p = t.In(i)
		default:
			return
		}
		if p != errType || !compositeValue(arg) {
			continue
		}
		// func() error { return arg }(): a conversion, error(arg), does
		// not get through either.
		pos := arg.Pos()
		lit := &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos},
				Results: &ast.FieldList{List: []*ast.Field{{Type: &ast.Ident{NamePos: pos, Name: "error"}}}}},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{arg}}}, Rbrace: arg.End()},
		}
		call.Args[i] = &ast.CallExpr{Fun: lit, Lparen: pos, Rparen: arg.End()}
	}
}

// compositeValue reports whether x is a composite literal or its address:
// a value of a concrete type for sure. (A variable may already be an
// error, and yaegi fails to copy an error of a value type into another
// error variable.)
func compositeValue(x ast.Expr) bool {
	x = ast.Unparen(x)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = ast.Unparen(u.X)
	}
	_, ok := x.(*ast.CompositeLit)
	return ok
}

// lazyFuncs returns a function that gives l.allFuncs(), read once.
func (l lowering) lazyFuncs() func() []ast.Decl {
	var funcs []ast.Decl
	loaded := false
	return func() []ast.Decl {
		if !loaded {
			funcs, loaded = l.allFuncs(), true
		}
		return funcs
	}
}

// params are the parameter types of a function.
type params struct {
	fixed    []ast.Expr
	variadic ast.Expr // the element type of a final ...T, or nil
}

// paramTypes returns the parameter types of the function (or, with method,
// of every method) name among funcs, if there is one and all agree; nil
// otherwise, and for a generic function.
func paramTypes(funcs []ast.Decl, name string, method bool) *params {
	var found *params
	for _, d := range funcs {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != name || (fd.Recv != nil) != method {
			continue
		}
		if fd.Type.TypeParams != nil {
			return nil
		}
		p := &params{}
		for _, f := range fd.Type.Params.List {
			typ := f.Type
			if el, ok := typ.(*ast.Ellipsis); ok {
				p.variadic = el.Elt
				continue
			}
			n := max(len(f.Names), 1)
			for range n {
				p.fixed = append(p.fixed, typ)
			}
		}
		if found != nil && !sameParams(found, p) {
			return nil
		}
		found = p
	}
	return found
}

// sameParams reports whether a and b have the same parameter types.
func sameParams(a, b *params) bool {
	if len(a.fixed) != len(b.fixed) || (a.variadic == nil) != (b.variadic == nil) {
		return false
	}
	for i := range a.fixed {
		if types.ExprString(a.fixed[i]) != types.ExprString(b.fixed[i]) {
			return false
		}
	}
	return a.variadic == nil || types.ExprString(a.variadic) == types.ExprString(b.variadic)
}

// isInterfaceType reports whether typ is an interface type: any, error,
// an interface literal, an interface of the notebook or of an imported
// package.
func (l lowering) isInterfaceType(nb *notebookTypes, typ ast.Expr) bool {
	switch t := typ.(type) {
	case *ast.InterfaceType:
		return true
	case *ast.Ident:
		if (t.Name == "any" || t.Name == "error") && !l.known(t.Name) {
			return true
		}
		info := nb.types[t.Name]
		return info != nil && info.iface
	case *ast.SelectorExpr:
		rt := nb.hostType(t)
		return rt != nil && rt.Kind() == reflect.Interface
	}
	return false
}

// conversion returns the function of a conversion to typ at pos: a new
// node, as typ has positions of another file; nil for an interface literal
// with methods.
func conversion(typ ast.Expr, pos token.Pos) ast.Expr {
	switch t := typ.(type) {
	case *ast.Ident:
		return &ast.Ident{NamePos: pos, Name: t.Name}
	case *ast.SelectorExpr:
		if x, ok := t.X.(*ast.Ident); ok {
			return &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: x.Name}, Sel: &ast.Ident{NamePos: pos, Name: t.Sel.Name}}
		}
	case *ast.InterfaceType:
		if len(t.Methods.List) == 0 {
			return &ast.Ident{NamePos: pos, Name: "any"}
		}
	}
	return nil
}
