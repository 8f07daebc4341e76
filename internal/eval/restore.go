package eval

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
)

// Restore evaluates declarations of earlier cells in this session, normally
// a fresh one: imports, types, funcs, consts and vars. When a name was
// declared several times, the last declaration wins.
//
// A var whose initializer could have side effects (contains a function call
// other than make, new, len, cap, append, complex, real, imag, min, max and
// conversions, or a channel receive) is not run again: it is declared with
// its zero value when its type is written explicitly, and lost otherwise.
//
// reset lists the variables declared again: their values are those of their
// initializer (or zero), changes later cells made are gone. lost lists the
// names that are undefined now: such vars, and any declaration that failed
// to compile, for instance because it used a lost var. err describes those
// failures; the session stays usable whatever it says.
func (s *Session) Restore(decls []Decl) (reset, lost []string, err error) {
	return s.restoreLocked(decls, false)
}

// Replay is Restore for a child process of the notebook: it runs the
// initializer of every var declaration again, side effects and all, as a
// Python child started with spawn runs its main module's top level again.
// A variable declared by a top-level := statement is restored as Restore
// does: top-level statements do not run again in a child.
func (s *Session) Replay(decls []Decl) (reset, lost []string, err error) {
	return s.restoreLocked(decls, true)
}

func (s *Session) restoreLocked(decls []Decl, rerun bool) (reset, lost []string, err error) {
	s.run.Lock()
	defer s.run.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("eval: restore: internal interpreter error: %v", r)
		}
	}()
	return s.restore(decls, rerun)
}

// restore is Restore (or Replay, when rerun), with s.run held.
func (s *Session) restore(decls []Decl, rerun bool) (reset, lost []string, err error) {
	for _, d := range decls {
		if hasGoStatement(d.Source) {
			s.goroutines.started = true
		}
	}
	decls = lastOfEach(decls)
	aliases, types := map[string]string{}, map[string]bool{}
	for _, d := range decls {
		switch d.Kind {
		case KindImport:
			if len(d.Names) > 0 {
				aliases[d.Names[0]] = importPath(d.Source)
			}
		case KindType:
			for _, n := range d.Names {
				types[n] = true
			}
		}
	}
	isType := func(x ast.Expr) bool { return s.isTypeExpr(x, aliases, types) }
	funcs := map[string]string{} // function name -> its source, for typedVar
	for _, d := range decls {
		if d.Kind == KindFunc && len(d.Names) == 1 {
			funcs[d.Names[0]] = d.Source
		}
	}

	var errs []error
	var rest []Decl
	for _, d := range decls {
		switch d.Kind {
		case KindImport:
			if err := s.restoreOne(d.Source); err != nil {
				lost = append(lost, d.Names...)
				errs = append(errs, fmt.Errorf("%s: %w", d.Source, err))
			}
		case KindVar:
			src, ok := d.Source, true
			if !rerun || d.Stmt {
				src, ok = restorableVar(d.Source, isType)
			}
			if !ok {
				src, ok = s.typedVar(d.Source, aliases, funcs)
			}
			if !ok {
				lost = append(lost, d.Names...)
				continue
			}
			d.Source = src
			rest = append(rest, d)
		default:
			rest = append(rest, d)
		}
	}

	// Drop what uses names declared nowhere (lost vars), until none does.
	known := map[string]bool{}
	for _, n := range predeclared {
		known[n] = true
	}
	for n := range aliases {
		known[n] = true
	}
	s.mu.RLock()
	for _, d := range s.decls {
		for _, n := range d.Names {
			known[n] = true
		}
	}
	s.mu.RUnlock()
	for _, d := range rest {
		for _, n := range d.Names {
			known[n] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for i := 0; i < len(rest); i++ {
			d := rest[i]
			if u := unknownName(d.Source, known); u != "" {
				lost = append(lost, d.Names...)
				errs = append(errs, fmt.Errorf("%s: undefined: %s", strings.Join(d.Names, ", "), u))
				for _, n := range d.Names {
					delete(known, n)
				}
				rest = append(rest[:i], rest[i+1:]...)
				changed = true
				i--
			}
		}
	}

	// All at once first: Go allows any order at package level. If that
	// fails, one at a time, as long as some succeed.
	var all strings.Builder
	for _, d := range rest {
		all.WriteString(d.Source)
		all.WriteString("\n")
	}
	if len(rest) > 0 && s.restoreOne(all.String()) != nil {
		pending := rest
		var passErrs []error
		for {
			var next []Decl
			passErrs = nil
			for _, d := range pending {
				if err := s.restoreOne(d.Source); err != nil {
					next = append(next, d)
					passErrs = append(passErrs, fmt.Errorf("%s: %w", strings.Join(d.Names, ", "), err))
				}
			}
			progress := len(next) < len(pending)
			pending = next
			if !progress || len(pending) == 0 {
				break
			}
		}
		errs = append(errs, passErrs...)
		for _, d := range pending {
			lost = append(lost, d.Names...)
		}
		rest = without(rest, pending)
	}
	for _, d := range rest {
		if d.Kind == KindVar {
			reset = append(reset, d.Names...)
		}
	}
	return reset, lost, errors.Join(errs...)
}

// without returns the decls of all that are not in some (same Kind, Names
// and Source).
func without(all, some []Decl) []Decl {
	drop := map[string]bool{}
	for _, d := range some {
		drop[d.Kind+"\x00"+d.Source] = true
	}
	var keep []Decl
	for _, d := range all {
		if !drop[d.Kind+"\x00"+d.Source] {
			keep = append(keep, d)
		}
	}
	return keep
}

// restoreOne runs declarations as a cell, without running a func main.
func (s *Session) restoreOne(src string) error {
	_, err := s.runCell(context.Background(), src, cellOpts{record: true})
	return err
}

// lastOfEach keeps, of declarations of the same kind and names, the last.
func lastOfEach(decls []Decl) []Decl {
	last := map[string]int{}
	key := func(d Decl) string {
		if d.Kind == KindImport || len(d.Names) == 0 {
			return d.Kind + "\x00" + d.Source
		}
		return d.Kind + "\x00" + strings.Join(d.Names, ",")
	}
	for i, d := range decls {
		last[key(d)] = i
	}
	var out []Decl
	for i, d := range decls {
		if last[key(d)] == i {
			out = append(out, d)
		}
	}
	return out
}

// restorableVar returns the source to restore a var declaration with: src
// itself when its initializer has no side effects, or the declaration with
// the zero value of its explicit type; ok is false when neither works.
func restorableVar(src string, isType func(ast.Expr) bool) (out string, ok bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package p;"+src, 0)
	if err != nil || len(f.Decls) != 1 {
		return "", false
	}
	gd, _ := f.Decls[0].(*ast.GenDecl)
	if gd == nil || gd.Tok != token.VAR {
		return "", false
	}
	pure := true
	for _, sp := range gd.Specs {
		for _, v := range sp.(*ast.ValueSpec).Values {
			pure = pure && !hasSideEffects(v, isType)
		}
	}
	if pure {
		return src, true
	}
	var b strings.Builder
	b.WriteString("var (\n")
	for _, sp := range gd.Specs {
		vs := sp.(*ast.ValueSpec)
		if vs.Type == nil {
			return "", false
		}
		off := len("package p;")
		names := src[int(vs.Names[0].Pos())-1-off : int(vs.Names[len(vs.Names)-1].End())-1-off]
		typ := src[int(vs.Type.Pos())-1-off : int(vs.Type.End())-1-off]
		fmt.Fprintf(&b, "\t%s %s\n", names, typ)
	}
	b.WriteString(")")
	return b.String(), true
}

// hasSideEffects reports whether evaluating x could do more than compute a
// value: call a function other than a pure builtin or a conversion, or
// receive from a channel. Function literals are not looked into.
func hasSideEffects(x ast.Expr, isType func(ast.Expr) bool) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW
		case *ast.CallExpr:
			found = found || !(isPureBuiltin(n.Fun) || isType(n.Fun))
		}
		return !found
	})
	return found
}

// isPureBuiltin reports whether fun names a builtin function without side
// effects.
func isPureBuiltin(fun ast.Expr) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	switch id.Name {
	case "make", "new", "len", "cap", "append", "complex", "real", "imag", "min", "max":
		return true
	}
	return false
}

// isTypeExpr reports whether x denotes a type, given the notebook's imports
// (name -> path) and type names.
func (s *Session) isTypeExpr(x ast.Expr, imports map[string]string, types map[string]bool) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.StructType:
		return true
	case *ast.StarExpr:
		return s.isTypeExpr(x.X, imports, types)
	case *ast.IndexExpr:
		return s.isTypeExpr(x.X, imports, types)
	case *ast.IndexListExpr:
		return s.isTypeExpr(x.X, imports, types)
	case *ast.Ident:
		if types[x.Name] || basicTypes[x.Name] {
			return true
		}
		d := s.lookupDecl(x.Name)
		return d != nil && d.Kind == KindType
	case *ast.SelectorExpr:
		pkg, ok := x.X.(*ast.Ident)
		if !ok {
			return false
		}
		p, ok := imports[pkg.Name]
		if !ok {
			p, ok = s.importedPath(pkg.Name)
		}
		return ok && stdType(p, x.Sel.Name) != nil
	}
	return false
}

// importedPath returns the path of the package the notebook imported as name.
func (s *Session) importedPath(name string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.imports[name]
	return p, ok
}

// basicTypes are the predeclared type names.
var basicTypes = map[string]bool{
	"bool": true, "byte": true, "complex64": true, "complex128": true, "error": true,
	"float32": true, "float64": true, "int": true, "int8": true, "int16": true,
	"int32": true, "int64": true, "rune": true, "string": true, "uint": true,
	"uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"any": true,
}

// unknownName returns a name that declaration src uses and that is not
// known, or "".
func unknownName(src string, known map[string]bool) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+src, 0)
	if err != nil {
		return ""
	}
	for _, id := range f.Unresolved {
		if !known[id.Name] {
			return id.Name
		}
	}
	return ""
}

// typedVar returns the declaration of the vars of src with the zero values
// of their types, when src has no explicit type but the types can be told
// from the initializers (see typeText); ok is false otherwise. It restores
// a var whose initializer is not run again.
func (s *Session) typedVar(src string, aliases, funcs map[string]string) (out string, ok bool) {
	const prefix = "package p;"
	f, err := parser.ParseFile(token.NewFileSet(), "", prefix+src, 0)
	if err != nil || len(f.Decls) != 1 {
		return "", false
	}
	gd, _ := f.Decls[0].(*ast.GenDecl)
	if gd == nil || gd.Tok != token.VAR {
		return "", false
	}
	text := func(n ast.Node) string { return src[int(n.Pos())-1-len(prefix) : int(n.End())-1-len(prefix)] }
	var b strings.Builder
	b.WriteString("var (\n")
	for _, sp := range gd.Specs {
		vs := sp.(*ast.ValueSpec)
		for i, name := range vs.Names {
			if name.Name == "_" {
				continue
			}
			var typ string
			switch {
			case vs.Type != nil:
				typ = text(vs.Type)
			case len(vs.Values) == len(vs.Names):
				typ = s.typeText(vs.Values[i], 0, text, aliases, funcs)
			case len(vs.Values) == 1:
				typ = s.typeText(vs.Values[0], i, text, aliases, funcs)
			}
			if typ == "" {
				return "", false
			}
			fmt.Fprintf(&b, "\t%s %s\n", name.Name, typ)
		}
	}
	b.WriteString(")")
	return b.String(), true
}

// typeText returns the source of the type of the i-th value of x, or "":
// from a composite literal, new(T), a function of the notebook with
// declared results, or the symbol tables of the packages the notebook
// imported (aliases: import name to path; funcs: function name to source).
func (s *Session) typeText(x ast.Expr, i int, text func(ast.Node) string, aliases, funcs map[string]string) string {
	switch x := ast.Unparen(x).(type) {
	case *ast.CompositeLit:
		if x.Type != nil {
			return text(x.Type)
		}
	case *ast.UnaryExpr:
		if lit, ok := ast.Unparen(x.X).(*ast.CompositeLit); ok && x.Op == token.AND && lit.Type != nil {
			return "*" + text(lit.Type)
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok {
			if id.Name == "new" && len(x.Args) == 1 {
				return "*" + text(x.Args[0])
			}
			if src, ok := funcs[id.Name]; ok {
				return resultText(src, i)
			}
		}
	}
	t := s.exprType(x, i, "", 0)
	if t.rt == nil {
		return ""
	}
	return s.reflectText(t.rt, aliases, 0)
}

// resultText returns the source of the type of the i-th result of the
// function declared by src, or "".
func resultText(src string, i int) string {
	const prefix = "package p;"
	f, err := parser.ParseFile(token.NewFileSet(), "", prefix+src, 0)
	if err != nil || len(f.Decls) == 0 {
		return ""
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok || fd.Type.Results == nil {
		return ""
	}
	k := 0
	for _, r := range fd.Type.Results.List {
		n := max(len(r.Names), 1)
		if i < k+n {
			return src[int(r.Type.Pos())-1-len(prefix) : int(r.Type.End())-1-len(prefix)]
		}
		k += n
	}
	return ""
}

// reflectText returns Go source naming type t, with the packages of
// aliases (import name to path), or "" when t cannot be named so.
func (s *Session) reflectText(t reflect.Type, aliases map[string]string, depth int) string {
	if depth > maxDepth {
		return ""
	}
	if t.Name() != "" {
		if t.PkgPath() == "" {
			return t.Name()
		}
		for alias, p := range aliases {
			for name, v := range s.symbols(p) {
				if kindOf(v) == symType && v.Type().Elem() == t {
					return alias + "." + name
				}
			}
		}
		return ""
	}
	elem := func() string { return s.reflectText(t.Elem(), aliases, depth+1) }
	switch t.Kind() {
	case reflect.Pointer:
		if e := elem(); e != "" {
			return "*" + e
		}
	case reflect.Slice:
		if e := elem(); e != "" {
			return "[]" + e
		}
	case reflect.Array:
		if e := elem(); e != "" {
			return fmt.Sprintf("[%d]%s", t.Len(), e)
		}
	case reflect.Map:
		k, e := s.reflectText(t.Key(), aliases, depth+1), elem()
		if k != "" && e != "" {
			return "map[" + k + "]" + e
		}
	case reflect.Chan:
		if e := elem(); e != "" {
			return "chan " + e
		}
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return "any"
		}
	}
	return ""
}
