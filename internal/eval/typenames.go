package eval

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// yaegi builds the struct types of the notebook with reflect.StructOf, which
// have no name: fmt's %T prints "struct { X int; Y int }" where Go prints
// "main.Point", and %#v "struct { X int; Y int }{X:1, Y:2}" where Go prints
// "main.Point{X:1, Y:2}". The session keeps the name of each struct type
// the notebook declares, and the lowering turns %T and %#v in a constant
// format of fmt.Printf, Sprintf, Fprintf and Errorf into %s of the value
// formatted by the session (_gocell.TypeName, _gocell.GoSyntax), which puts
// the names back. Other types print as they did: a type declared on a basic
// type (type Celsius float64) is the basic type for yaegi, and cannot be
// told from it.

// typeNames maps the struct types of the notebook to their names.
type typeNames struct {
	names map[reflect.Type]string
}

// add records that t is the notebook's type name.
func (tn *typeNames) add(t reflect.Type, name string) {
	if tn.names == nil {
		tn.names = map[reflect.Type]string{}
	}
	tn.names[t] = "main." + name
}

// rename replaces in s the layouts of the notebook's struct types with their
// names, longest first (a layout may contain another).
func (tn *typeNames) rename(s string) string {
	if len(tn.names) == 0 {
		return s
	}
	type pair struct{ layout, name string }
	var ps []pair
	for t, name := range tn.names {
		ps = append(ps, pair{t.String(), name})
	}
	sort.Slice(ps, func(i, j int) bool { return len(ps[i].layout) > len(ps[j].layout) })
	for _, p := range ps {
		s = strings.ReplaceAll(s, p.layout, p.name)
	}
	return s
}

// TypeName is %T of v, with the notebook's type names.
func (rt *cellRuntime) TypeName(v any) string {
	v = unbox(v)
	if in, ok := unwrapYaegi(v); ok {
		v = in // a wrapper yaegi made for error or fmt.Stringer
	}
	s := fmt.Sprintf("%T", v)
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return rt.types.rename(s)
}

// GoSyntax is %#v of v, with the notebook's type names.
func (rt *cellRuntime) GoSyntax(v any) string {
	v = unboxDeep(v)
	s := fmt.Sprintf("%#v", v)
	rt.mu.Lock()
	s = rt.types.rename(s)
	rt.mu.Unlock()
	for _, name := range renamedFields(reflect.TypeOf(v)) {
		s = strings.ReplaceAll(s, name+":", name[1:]+":")
	}
	return s
}

// registerTypes records the struct types decls declare, by evaluating a
// composite literal of each. It runs with s.run held.
func (s *Session) registerTypes(decls []Decl) {
	for _, d := range decls {
		if d.Kind != KindType {
			continue
		}
		for _, name := range d.Names {
			if !isStructDecl(d.Source, name) {
				continue
			}
			v, err := s.interp.Eval(name + "{}")
			if err != nil || !v.IsValid() || v.Kind() != reflect.Struct || v.Type().Name() != "" {
				continue
			}
			s.rt.mu.Lock()
			s.rt.types.add(v.Type(), name)
			s.rt.mu.Unlock()
		}
	}
}

// isStructDecl reports whether src declares name as a struct type, not a
// generic one.
func isStructDecl(src, name string) bool {
	found := false
	ast.Inspect(parseDecl(src), func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSpec); ok && ts.Name.Name == name && ts.TypeParams == nil && !ts.Assign.IsValid() {
			_, found = ts.Type.(*ast.StructType)
		}
		return !found
	})
	return found
}

// parseDecl parses the declaration src, or returns nil.
func parseDecl(src string) ast.Node {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+src, 0)
	if err != nil {
		return nil
	}
	return f
}

// fmtVerbs rewrites, under root, the %T and %#v verbs of constant formats of
// fmt's printing functions (see above). pkgPath tells the import path of a
// package name of the cell.
func fmtVerbs(root ast.Node, pkgPath func(string) string) {
	format := map[string]int{"Printf": 0, "Sprintf": 0, "Errorf": 0, "Fprintf": 1, "Appendf": 1}
	ast.Inspect(root, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Ellipsis.IsValid() {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok || pkg.Obj != nil || pkgPath(pkg.Name) != "fmt" {
			return true
		}
		i, ok := format[sel.Sel.Name]
		if !ok || len(call.Args) <= i {
			return true
		}
		lit, ok := call.Args[i].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		f, err := strconv.Unquote(lit.Value)
		if err != nil {
			return true
		}
		verbs, ok := scanVerbs(f)
		if !ok {
			return true
		}
		args := call.Args[i+1:]
		var b strings.Builder
		last := 0
		changed := false
		for k, v := range verbs {
			if k >= len(args) {
				break
			}
			var fn string
			switch {
			case v.verb == 'T':
				fn = "TypeName"
			case v.verb == 'v' && v.flags == "#":
				fn = "GoSyntax"
			default:
				continue
			}
			b.WriteString(f[last:v.start])
			b.WriteString("%" + strings.ReplaceAll(v.flags, "#", "") + v.width + "s")
			last = v.end
			args[k] = hiddenCall(args[k].Pos(), fn, args[k])
			changed = true
		}
		if changed {
			b.WriteString(f[last:])
			lit.Value = strconv.Quote(b.String())
		}
		return true
	})
}

// A verb is one formatting directive of a format, f[start:end].
type verb struct {
	start, end int
	flags      string // of "+-# 0"
	width      string // width and precision, digits and '.'
	verb       rune
}

// scanVerbs returns the directives of format f that consume an argument,
// in order; ok is false when f uses argument indexes or '*' (then the
// argument of each directive is harder to tell, and f is left alone).
func scanVerbs(f string) (vs []verb, ok bool) {
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		start := i
		i++
		if i < len(f) && f[i] == '%' {
			continue
		}
		v := verb{start: start}
		for i < len(f) && strings.IndexByte("+-# 0", f[i]) >= 0 {
			v.flags += string(f[i])
			i++
		}
		for i < len(f) && (f[i] >= '0' && f[i] <= '9' || f[i] == '.') {
			v.width += string(f[i])
			i++
		}
		if i >= len(f) {
			return vs, true
		}
		if f[i] == '[' || f[i] == '*' {
			return nil, false
		}
		v.verb, v.end = rune(f[i]), i+1
		vs = append(vs, v)
	}
	return vs, true
}
