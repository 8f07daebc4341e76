package eval

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strconv"
	"strings"
)

// What completion and inspection know of types, without running anything:
// the type of a variable is told from its declaration when that is simple
// (`var v T`, `v := T{}`, `v := &T{}`, `v := new(T)`, `v := pkg.F()`,
// `v := f()` with f a notebook function, `v := w.M()`, ...).

// typeRef is a type known to completion: a standard library type, or a
// notebook type by name. The zero typeRef is an unknown type.
type typeRef struct {
	rt   reflect.Type
	name string
}

// maxDepth bounds the chains of declarations followed.
const maxDepth = 8

// members returns the fields and methods of t, sorted.
func (t typeRef) members(s *Session) []string {
	set := map[string]bool{}
	switch {
	case t.rt != nil:
		mt := t.rt
		if k := mt.Kind(); k != reflect.Pointer && k != reflect.Interface {
			mt = reflect.PointerTo(mt)
		}
		for i := 0; i < mt.NumMethod(); i++ {
			set[mt.Method(i).Name] = true
		}
		st := t.rt
		if st.Kind() == reflect.Pointer {
			st = st.Elem()
		}
		if st.Kind() == reflect.Struct {
			for _, f := range reflect.VisibleFields(st) {
				if f.IsExported() {
					set[f.Name] = true
				}
			}
		}
	case t.name != "":
		if st := s.structOf(t.name); st != nil {
			for _, f := range st.Fields.List {
				for _, n := range fieldNames(f) {
					set[n] = true
				}
			}
		}
		s.mu.RLock()
		for _, d := range s.decls {
			for _, n := range d.Names {
				if m, ok := strings.CutPrefix(n, t.name+"."); ok {
					set[m] = true
				}
			}
		}
		s.mu.RUnlock()
	}
	return sortedKeys(set)
}

// fieldNames returns the names of a struct field: its names, or for an
// embedded field its type's name.
func fieldNames(f *ast.Field) []string {
	if len(f.Names) == 0 {
		x := f.Type
		if st, ok := x.(*ast.StarExpr); ok {
			x = st.X
		}
		switch x := x.(type) {
		case *ast.Ident:
			return []string{x.Name}
		case *ast.SelectorExpr:
			return []string{x.Sel.Name}
		}
		return nil
	}
	var names []string
	for _, n := range f.Names {
		names = append(names, n.Name)
	}
	return names
}

// structOf returns the struct type of notebook type name, or nil.
func (s *Session) structOf(name string) *ast.StructType {
	d := s.lookupDecl(name)
	if d == nil || d.Kind != KindType {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+d.Source, 0)
	if err != nil {
		return nil
	}
	for _, dd := range f.Decls {
		if gd, ok := dd.(*ast.GenDecl); ok {
			for _, sp := range gd.Specs {
				if ts, ok := sp.(*ast.TypeSpec); ok && ts.Name.Name == name {
					st, _ := ts.Type.(*ast.StructType)
					return st
				}
			}
		}
	}
	return nil
}

// chainType returns the type of the selector chain a.b.c.
func (s *Session) chainType(chain []string, code string) typeRef {
	t := s.varType(chain[0], code, 0)
	for _, f := range chain[1:] {
		t = s.fieldType(t, f)
	}
	return t
}

// fieldType returns the type of field name of t.
func (s *Session) fieldType(t typeRef, name string) typeRef {
	switch {
	case t.rt != nil:
		st := t.rt
		if st.Kind() == reflect.Pointer {
			st = st.Elem()
		}
		if st.Kind() == reflect.Struct {
			if f, ok := st.FieldByName(name); ok && f.IsExported() {
				return typeRef{rt: f.Type}
			}
		}
	case t.name != "":
		if st := s.structOf(t.name); st != nil {
			for _, f := range st.Fields.List {
				for _, n := range fieldNames(f) {
					if n == name {
						return s.resolveType(f.Type, "")
					}
				}
			}
		}
	}
	return typeRef{}
}

// varType returns the type of variable name, declared in code or in the
// notebook.
func (s *Session) varType(name, code string, depth int) typeRef {
	if depth > maxDepth {
		return typeRef{}
	}
	if typ, val, i, ok := declIn(code, name); ok {
		return s.declType(typ, val, i, code, depth)
	}
	if d := s.lookupDecl(name); d != nil && d.Kind == KindVar {
		if typ, val, i, ok := declIn(d.Source, name); ok {
			return s.declType(typ, val, i, code, depth)
		}
	}
	return typeRef{}
}

// declType returns the type of the i-th value of a declaration with
// explicit type typ or value val.
func (s *Session) declType(typ, val ast.Expr, i int, code string, depth int) typeRef {
	if typ != nil {
		return s.resolveType(typ, code)
	}
	return s.exprType(val, i, code, depth+1)
}

// declIn finds the last top-level declaration of variable name in src:
// `var name T = v`, `name := v`, `a, name := f()`. It returns the explicit
// type or the value expression, and the index of name among the values.
func declIn(src, name string) (typ, val ast.Expr, index int, ok bool) {
	for _, sg := range splitCell(src) {
		text := src[sg.start:sg.end]
		switch sg.kind {
		case segDecl:
			f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+text, 0)
			if err != nil {
				continue
			}
			for _, d := range f.Decls {
				gd, isGen := d.(*ast.GenDecl)
				if !isGen || gd.Tok != token.VAR {
					continue
				}
				for _, sp := range gd.Specs {
					vs := sp.(*ast.ValueSpec)
					for j, n := range vs.Names {
						if n.Name != name {
							continue
						}
						typ, val, index, ok = vs.Type, nil, j, true
						if len(vs.Values) == len(vs.Names) {
							val, index = vs.Values[j], 0
						} else if len(vs.Values) == 1 {
							val = vs.Values[0]
						}
					}
				}
			}
		case segStmt:
			f, err := parser.ParseFile(token.NewFileSet(), "", "package p; func _() {"+text+"\n}", 0)
			if err != nil {
				continue
			}
			for _, st := range f.Decls[0].(*ast.FuncDecl).Body.List {
				as, isAssign := st.(*ast.AssignStmt)
				if !isAssign || as.Tok != token.DEFINE {
					continue
				}
				for j, l := range as.Lhs {
					if id, isIdent := l.(*ast.Ident); !isIdent || id.Name != name {
						continue
					}
					typ, ok = nil, true
					if len(as.Rhs) == len(as.Lhs) {
						val, index = as.Rhs[j], 0
					} else {
						val, index = as.Rhs[0], j
					}
				}
			}
		}
	}
	return typ, val, index, ok
}

// resolveType returns the type denoted by the type expression x.
func (s *Session) resolveType(x ast.Expr, code string) typeRef {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		if s.isNotebookType(x.Name, code) {
			return typeRef{name: x.Name}
		}
		if t, ok := basicReflectTypes[x.Name]; ok {
			return typeRef{rt: t}
		}
	case *ast.StarExpr:
		t := s.resolveType(x.X, code)
		if t.rt != nil {
			t.rt = reflect.PointerTo(t.rt)
		}
		return t
	case *ast.IndexExpr:
		return s.resolveType(x.X, code)
	case *ast.IndexListExpr:
		return s.resolveType(x.X, code)
	case *ast.SelectorExpr:
		if pkg, ok := x.X.(*ast.Ident); ok {
			if p, ok := s.packagePath(pkg.Name, code); ok {
				if t := stdType(p, x.Sel.Name); t != nil {
					return typeRef{rt: t}
				}
			}
		}
	}
	return typeRef{}
}

// isNotebookType reports whether name is a type declared in the notebook or
// in code.
func (s *Session) isNotebookType(name, code string) bool {
	if d := s.lookupDecl(name); d != nil && d.Kind == KindType {
		return true
	}
	for _, sg := range splitCell(code) {
		text := code[sg.start:sg.end]
		if sg.kind == segDecl && strings.HasPrefix(text, "type") {
			f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+text, 0)
			if err != nil {
				continue
			}
			for _, sp := range f.Decls[0].(*ast.GenDecl).Specs {
				if sp.(*ast.TypeSpec).Name.Name == name {
					return true
				}
			}
		}
	}
	return false
}

// exprType returns the type of the i-th value of expression x.
func (s *Session) exprType(x ast.Expr, i int, code string, depth int) typeRef {
	if depth > maxDepth || x == nil {
		return typeRef{}
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.CompositeLit:
		return s.resolveType(x.Type, code)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			t := s.exprType(x.X, 0, code, depth+1)
			if t.rt != nil {
				t.rt = reflect.PointerTo(t.rt)
			}
			return t
		}
	case *ast.Ident:
		return s.varType(x.Name, code, depth+1)
	case *ast.SelectorExpr:
		if pkg, ok := x.X.(*ast.Ident); ok && s.isPackage(pkg.Name, code) {
			if p, ok := s.packagePath(pkg.Name, code); ok {
				if v, ok := s.symbols(p)[x.Sel.Name]; ok && kindOf(v) == symVar {
					return typeRef{rt: v.Type()}
				}
			}
			return typeRef{}
		}
		return s.fieldType(s.exprType(x.X, 0, code, depth+1), x.Sel.Name)
	case *ast.CallExpr:
		return s.callType(x, i, code, depth)
	}
	return typeRef{}
}

// callType returns the type of the i-th result of call x (or of a
// conversion).
func (s *Session) callType(x *ast.CallExpr, i int, code string, depth int) typeRef {
	switch fun := ast.Unparen(x.Fun).(type) {
	case *ast.Ident:
		switch fun.Name {
		case "new":
			if len(x.Args) == 1 {
				return s.resolveType(&ast.StarExpr{X: x.Args[0]}, code)
			}
		case "make":
			if len(x.Args) > 0 {
				return s.resolveType(x.Args[0], code)
			}
		}
		if s.isNotebookType(fun.Name, code) {
			return typeRef{name: fun.Name}
		}
		if d := s.lookupDecl(fun.Name); d != nil && d.Kind == KindFunc {
			return s.resultType(d.Source, i, code)
		}
	case *ast.SelectorExpr:
		if pkg, ok := fun.X.(*ast.Ident); ok && s.isPackage(pkg.Name, code) {
			p, _ := s.packagePath(pkg.Name, code)
			v, ok := s.symbols(p)[fun.Sel.Name]
			if !ok {
				return typeRef{}
			}
			switch kindOf(v) {
			case symFunc:
				if i < v.Type().NumOut() {
					return typeRef{rt: v.Type().Out(i)}
				}
			case symType:
				return typeRef{rt: v.Type().Elem()}
			}
			return typeRef{}
		}
		recv := s.exprType(fun.X, 0, code, depth+1)
		switch {
		case recv.rt != nil:
			mt := recv.rt
			if k := mt.Kind(); k != reflect.Pointer && k != reflect.Interface {
				mt = reflect.PointerTo(mt)
			}
			if m, ok := mt.MethodByName(fun.Sel.Name); ok {
				ft := m.Type
				if i < ft.NumOut() {
					return typeRef{rt: ft.Out(i)}
				}
			}
		case recv.name != "":
			if d := s.lookupDecl(recv.name + "." + fun.Sel.Name); d != nil {
				return s.resultType(d.Source, i, code)
			}
		}
	}
	return typeRef{}
}

// resultType returns the type of the i-th result of the function declared
// by src.
func (s *Session) resultType(src string, i int, code string) typeRef {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+src, 0)
	if err != nil || len(f.Decls) == 0 {
		return typeRef{}
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok || fd.Type.Results == nil {
		return typeRef{}
	}
	k := 0
	for _, r := range fd.Type.Results.List {
		n := max(len(r.Names), 1)
		if i < k+n {
			return s.resolveType(r.Type, code)
		}
		k += n
	}
	return typeRef{}
}

// isPackage reports whether name, in code, denotes a package rather than a
// notebook declaration.
func (s *Session) isPackage(name, code string) bool {
	if _, ok := s.codeImports(code)[name]; ok {
		return true
	}
	if _, ok := s.importedPath(name); ok {
		return true
	}
	if d := s.lookupDecl(name); d != nil {
		return false
	}
	if _, _, _, ok := declIn(code, name); ok {
		return false
	}
	_, ok := stdIndexOnce().byName[name]
	return ok
}

// packagePath returns the import path of the package named name in code:
// imported by code, by the notebook, or else the standard library package
// of that name (the shortest path, e.g. math/rand for rand).
func (s *Session) packagePath(name, code string) (string, bool) {
	if p, ok := s.codeImports(code)[name]; ok {
		return p, true
	}
	if p, ok := s.importedPath(name); ok {
		return p, true
	}
	paths := stdIndexOnce().byName[name]
	if len(paths) == 0 {
		return "", false
	}
	best := paths[0]
	for _, p := range paths[1:] {
		if n, m := strings.Count(p, "/"), strings.Count(best, "/"); n < m || n == m && p > best {
			best = p
		}
	}
	return best, true
}

// codeImports returns the packages code imports, by name.
func (s *Session) codeImports(code string) map[string]string {
	m := map[string]string{}
	for _, sg := range splitCell(code) {
		if sg.kind != segImport {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+code[sg.start:sg.end], parser.ImportsOnly)
		if err != nil {
			continue
		}
		for _, is := range f.Imports {
			p, err := strconv.Unquote(is.Path.Value)
			if err != nil {
				continue
			}
			name := packageName(p)
			if is.Name != nil {
				name = is.Name.Name
			}
			m[name] = p
		}
	}
	return m
}

// basicReflectTypes are the predeclared types with no methods.
var basicReflectTypes = map[string]reflect.Type{
	"bool": reflect.TypeFor[bool](), "string": reflect.TypeFor[string](),
	"int": reflect.TypeFor[int](), "int8": reflect.TypeFor[int8](), "int16": reflect.TypeFor[int16](),
	"int32": reflect.TypeFor[int32](), "rune": reflect.TypeFor[rune](), "int64": reflect.TypeFor[int64](),
	"uint": reflect.TypeFor[uint](), "uint8": reflect.TypeFor[uint8](), "byte": reflect.TypeFor[byte](),
	"uint16": reflect.TypeFor[uint16](), "uint32": reflect.TypeFor[uint32](), "uint64": reflect.TypeFor[uint64](),
	"uintptr": reflect.TypeFor[uintptr](), "float32": reflect.TypeFor[float32](), "float64": reflect.TypeFor[float64](),
	"complex64": reflect.TypeFor[complex64](), "complex128": reflect.TypeFor[complex128](),
}
