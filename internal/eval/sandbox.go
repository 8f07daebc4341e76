package eval

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"strconv"

	"github.com/traefik/yaegi/interp"
)

// The sandbox package (gocell/sandbox) starts child processes that call a
// function or a Run method of the notebook in a fresh interpreter. A host
// function cannot learn the name of an interpreted function, nor the name of
// an interpreted type (yaegi gives neither to the host), so the lowering
// writes them down where the cell hands such a value to the sandbox:
//
//	sandbox.Command(task, 1)          -> sandbox.Command(sandbox.FuncOf("task", task), 1)
//	&sandbox.Process{Target: task}    -> &sandbox.Process{Target: sandbox.FuncOf("task", task)}
//	sandbox.New(Worker{Name: "a"})    -> sandbox.New(sandbox.RunnerOf("Worker", Worker{Name: "a"}))
//
// Anything else (a closure, a local func variable, a value of a type the
// lowering cannot tell) is left as it is; the sandbox then refuses it at
// Start with a message saying what it needs.

// SandboxPath is the import path of the sandbox package cells use.
const SandboxPath = "gocell/sandbox"

// sandboxName returns the name a cell importing imports (name to path)
// uses for the sandbox package, or "".
func (s *Session) sandboxName(imports map[string]string) string {
	for name, p := range imports {
		if p == SandboxPath {
			return name
		}
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for name, p := range s.imports {
		if p == SandboxPath {
			return name
		}
	}
	return ""
}

// nameSandboxArgs rewrites, under root, the values handed to the sandbox
// package pkg so that they carry their names (see above).
func (l lowering) nameSandboxArgs(root ast.Node) {
	pkg := l.sandbox
	if pkg == "" {
		return
	}
	isSandbox := func(x ast.Expr, name string) bool {
		sel, ok := x.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != name {
			return false
		}
		id, ok := sel.X.(*ast.Ident)
		return ok && id.Name == pkg && id.Obj == nil
	}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			switch {
			case len(n.Args) > 0 && isSandbox(n.Fun, "Command"):
				n.Args[0] = l.funcOf(pkg, n.Args[0])
			case len(n.Args) == 1 && isSandbox(n.Fun, "New"):
				n.Args[0] = l.runnerOf(pkg, n.Args[0])
			}
		case *ast.CompositeLit:
			if !isSandbox(n.Type, "Process") {
				return true
			}
			for _, e := range n.Elts {
				kv, ok := e.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Target" {
					kv.Value = l.funcOf(pkg, kv.Value)
				}
			}
		}
		return true
	})
}

// funcOf returns pkg.FuncOf("name", x) when x names a top-level function of
// the notebook, and x otherwise.
func (l lowering) funcOf(pkg string, x ast.Expr) ast.Expr {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok || id.Obj != nil && id.Obj.Kind != ast.Fun || !l.declared(id.Name) {
		return x
	}
	return sandboxCall(pkg, "FuncOf", id.Pos(), id.Name, x)
}

// runnerOf returns pkg.RunnerOf("T", x) when the type T of x can be told,
// and x otherwise.
func (l lowering) runnerOf(pkg string, x ast.Expr) ast.Expr {
	name := l.typeName(x, 0)
	if name == "" {
		return x
	}
	return sandboxCall(pkg, "RunnerOf", x.Pos(), name, x)
}

// typeName returns the name of the notebook type of x, or of the type x
// points to: from a composite literal, new(T), a conversion T(v), or the
// declaration of a variable.
func (l lowering) typeName(x ast.Expr, depth int) string {
	if depth > maxDepth {
		return ""
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.CompositeLit:
		return typeIdent(x.Type)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return l.typeName(x.X, depth+1)
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "new" && len(x.Args) == 1 {
			return typeIdent(x.Args[0])
		}
		if len(x.Args) == 1 {
			if name := typeIdent(x.Fun); name != "" && l.isType(name) {
				return name
			}
		}
	case *ast.Ident:
		if x.Obj != nil {
			switch d := x.Obj.Decl.(type) {
			case *ast.ValueSpec:
				if d.Type != nil {
					return typeIdent(d.Type)
				}
				for i, n := range d.Names {
					if n.Name == x.Name && i < len(d.Values) {
						return l.typeName(d.Values[i], depth+1)
					}
				}
			case *ast.AssignStmt:
				for i, lhs := range d.Lhs {
					if id, ok := lhs.(*ast.Ident); ok && id.Name == x.Name && len(d.Rhs) == len(d.Lhs) {
						return l.typeName(d.Rhs[i], depth+1)
					}
				}
			case *ast.Field:
				return typeIdent(d.Type)
			}
			return ""
		}
		if l.typeOf != nil {
			return l.typeOf(x)
		}
	}
	return ""
}

// typeIdent returns T for the type expressions T and *T.
func typeIdent(x ast.Expr) string {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		return x.Name
	case *ast.StarExpr:
		return typeIdent(x.X)
	}
	return ""
}

// sandboxCall returns pkg.fn("name", x) at pos.
func sandboxCall(pkg, fn string, pos token.Pos, name string, x ast.Expr) *ast.CallExpr {
	return &ast.CallExpr{
		Fun:    &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: pkg}, Sel: &ast.Ident{NamePos: pos, Name: fn}},
		Lparen: pos,
		Args:   []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(name)}, x},
		Rparen: pos,
	}
}

// Decls returns the declarations of the notebook, in order: what a fresh
// session needs (with Restore) to hold everything the notebook declared.
func (s *Session) Decls() []Decl {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]Decl(nil), s.decls...)
}

// Value evaluates expr, an expression over the notebook's declarations, and
// returns its value: for a function, one the host can call with reflect.
func (s *Session) Value(expr string) (v reflect.Value, err error) {
	s.run.Lock()
	defer s.run.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = newError(CompileError, fmt.Sprintf("internal interpreter error: %v", r), 0, 0)
		}
	}()
	v, err = s.interp.Eval(expr)
	if err != nil {
		return v, newError(CompileError, err.Error(), 0, 0)
	}
	return v, nil
}

// Call calls fn, a function got with Value, with args, as the main function
// of a program: it returns the exit status the program would have, and the
// error that ended it early: an "exit" error for os.Exit and log.Fatal, a
// "panic" error for a panic (status 2, as Go).
func (s *Session) Call(fn reflect.Value, args []reflect.Value) (status int, err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		v := r
		if p, ok := r.(interp.Panic); ok {
			v = p.Value
		}
		if rv, ok := v.(reflect.Value); ok {
			v = nil
			if rv.IsValid() && rv.CanInterface() {
				v = rv.Interface()
			}
		}
		if ex, ok := v.(exitRequest); ok {
			status, err = ex.code, newError(ExitError, ex.Error(), 0, 0)
			return
		}
		status, err = 2, newError(PanicError, panicMessage(v), 0, 0)
	}()
	fn.Call(args)
	return 0, nil
}
