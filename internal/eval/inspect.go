package eval

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
)

// Inspect returns help for the identifier at cursor (a byte offset into
// code), or for the function called when the cursor is in a call's
// arguments:
//
//   - for a standard library symbol such as fmt.Println, its declaration
//     and doc comment, read from $GOROOT/src when present, else its
//     signature from yaegi's symbol table;
//   - for a method or field of a variable whose type is known, the same;
//   - for a package name, the package's synopsis (its whole doc when detail
//     is above 0);
//   - for a notebook identifier, its declaration's source;
//   - for a predeclared identifier, its documentation from package builtin.
//
// With detail above 0 a type also lists its methods. found is false when
// nothing is known.
func (s *Session) Inspect(code string, cursor int, detail int) (text string, found bool) {
	cursor = min(max(cursor, 0), len(code))
	defer func() {
		if recover() != nil {
			text, found = "", false
		}
	}()
	chain, ok := chainAt(code, cursor)
	if !ok {
		chain, ok = calleeAt(code, cursor)
	}
	if !ok {
		return "", false
	}
	text = s.inspectChain(chain, code, detail)
	return text, text != ""
}

// chainAt returns the selector chain (a.b.c) whose last identifier contains
// or ends at cursor.
func chainAt(code string, cursor int) ([]string, bool) {
	start := identStart(code, cursor)
	end := identEnd(code, cursor)
	if start == end || inCommentOrString(code, start) {
		return nil, false
	}
	name := code[start:end]
	if r := name[0]; r >= '0' && r <= '9' {
		return nil, false
	}
	if start > 0 && code[start-1] == '.' {
		chain := selectorChain(code, start-1)
		if chain == nil {
			return []string{"", name}, true // (expr).name: unknown receiver
		}
		return append(chain, name), true
	}
	return []string{name}, true
}

// calleeAt returns the selector chain of the function whose call's
// arguments contain cursor: fmt.Println for `fmt.Println("x", |`.
func calleeAt(code string, cursor int) ([]string, bool) {
	depth := 0
	for i := cursor - 1; i >= 0; i-- {
		switch code[i] {
		case ')', ']', '}':
			depth++
		case '[', '{':
			if depth == 0 {
				return nil, false
			}
			depth--
		case '(':
			if depth > 0 {
				depth--
				continue
			}
			j := i
			for j > 0 && (code[j-1] == ' ' || code[j-1] == '\t') {
				j--
			}
			if j == 0 || j == identStart(code, j) {
				return nil, false
			}
			return chainAt(code, j)
		case '\n':
			if depth == 0 && i < cursor-1 && strings.TrimSpace(code[i:cursor]) == "" {
				return nil, false
			}
		}
	}
	return nil, false
}

// inspectChain returns help for the selector chain.
func (s *Session) inspectChain(chain []string, code string, detail int) string {
	name := chain[len(chain)-1]
	if len(chain) == 1 {
		if d := s.lookupDecl(name); d != nil {
			return d.Source
		}
		if src := declSourceIn(code, name); src != "" {
			return src
		}
		if s.isPackage(name, code) {
			p, _ := s.packagePath(name, code)
			return s.packageHelp(p, detail)
		}
		for _, n := range predeclared {
			if n == name {
				return s.symbolHelp("builtin", name, detail)
			}
		}
		return ""
	}
	if len(chain) == 2 && s.isPackage(chain[0], code) {
		p, _ := s.packagePath(chain[0], code)
		return s.symbolHelp(p, name, detail)
	}
	if chain[0] == "" {
		return ""
	}
	t := s.chainType(chain[:len(chain)-1], code)
	switch {
	case t.rt != nil:
		return s.memberHelp(t.rt, name, detail)
	case t.name != "":
		if d := s.lookupDecl(t.name + "." + name); d != nil {
			return d.Source
		}
		if st := s.structOf(t.name); st != nil {
			for _, f := range st.Fields.List {
				for _, n := range fieldNames(f) {
					if n == name {
						return fmt.Sprintf("field %s of type %s\n\n%s", name, t.name, s.lookupDecl(t.name).Source)
					}
				}
			}
		}
	}
	return ""
}

// declSourceIn returns the source of the declaration of name in code.
func declSourceIn(code, name string) string {
	for _, sg := range splitCell(code) {
		if sg.kind != segDecl {
			continue
		}
		text := code[sg.start:sg.end]
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+text, 0)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name == name {
					return text
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					for _, n := range specNames(sp) {
						if n == name {
							return text
						}
					}
				}
			}
		}
	}
	if _, _, _, ok := declIn(code, name); ok {
		for _, sg := range splitCell(code) {
			text := code[sg.start:sg.end]
			if _, _, _, ok := declIn(text, name); ok && sg.kind == segStmt {
				return text
			}
		}
	}
	return ""
}

// pkgDoc is the documentation of a standard library package, read from
// $GOROOT/src.
type pkgDoc struct {
	fset *token.FileSet
	pkg  *doc.Package
}

// loadDoc returns the documentation of package p, or nil when its source is
// not there. Results are cached in the session.
func (s *Session) loadDoc(p string) *pkgDoc {
	s.mu.RLock()
	d, ok := s.docs[p]
	s.mu.RUnlock()
	if ok {
		return d
	}
	d = readDoc(p)
	s.mu.Lock()
	s.docs[p] = d
	s.mu.Unlock()
	return d
}

// readDoc reads the documentation of package p from $GOROOT/src.
func readDoc(p string) *pkgDoc {
	ctx := build.Default
	if ctx.GOROOT == "" {
		return nil
	}
	dir := filepath.Join(ctx.GOROOT, "src", filepath.FromSlash(p))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if ok, err := ctx.MatchFile(dir, name); err != nil || !ok {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			continue
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil
	}
	mode := doc.Mode(0)
	if p == "builtin" {
		mode = doc.AllDecls
	}
	pkg, err := doc.NewFromFiles(fset, files, p, mode)
	if err != nil {
		return nil
	}
	return &pkgDoc{fset: fset, pkg: pkg}
}

// node prints a declaration.
func (d *pkgDoc) node(n any) string {
	var b bytes.Buffer
	if err := (&printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}).Fprint(&b, d.fset, n); err != nil {
		return ""
	}
	return b.String()
}

// help joins a declaration and its documentation.
func help(decl, docText string) string {
	docText = strings.TrimSpace(docText)
	if docText == "" {
		return decl
	}
	return decl + "\n\n" + docText
}

// packageHelp returns help for package p.
func (s *Session) packageHelp(p string, detail int) string {
	head := fmt.Sprintf("package %s // import %q", packageName(p), p)
	d := s.loadDoc(p)
	if d == nil {
		return head
	}
	if detail > 0 {
		return help(head, d.pkg.Doc)
	}
	return help(head, d.pkg.Synopsis(d.pkg.Doc))
}

// symbolHelp returns help for the package-level name of package p.
func (s *Session) symbolHelp(p, name string, detail int) string {
	if d := s.loadDoc(p); d != nil {
		if text := d.symbol(name, detail); text != "" {
			return text
		}
	}
	if p == "builtin" {
		return ""
	}
	v, ok := stdSymbols(p)[name]
	if !ok {
		return ""
	}
	qual := packageName(p) + "." + name
	switch kindOf(v) {
	case symFunc:
		return "func " + qual + strings.TrimPrefix(v.Type().String(), "func")
	case symType:
		t := v.Type().Elem()
		text := "type " + qual + " " + t.Kind().String()
		if detail > 0 {
			text += methodList(t)
		}
		return text
	case symVar:
		return "var " + qual + " " + v.Type().String()
	}
	return fmt.Sprintf("const %s = %v", qual, v.Interface())
}

// symbol returns help for a package-level name from the documentation.
func (d *pkgDoc) symbol(name string, detail int) string {
	for _, f := range d.pkg.Funcs {
		if f.Name == name {
			return help(d.node(f.Decl), f.Doc)
		}
	}
	for _, t := range d.pkg.Types {
		if t.Name == name {
			return d.typeHelp(t, detail)
		}
		for _, f := range t.Funcs {
			if f.Name == name {
				return help(d.node(f.Decl), f.Doc)
			}
		}
		if text := d.valueHelp(append(t.Consts, t.Vars...), name); text != "" {
			return text
		}
	}
	return d.valueHelp(append(d.pkg.Consts, d.pkg.Vars...), name)
}

// typeHelp returns help for a type; with detail, its methods too.
func (d *pkgDoc) typeHelp(t *doc.Type, detail int) string {
	text := help(d.node(t.Decl), t.Doc)
	if detail > 0 && len(t.Methods) > 0 {
		var b strings.Builder
		b.WriteString("\n\nMethods:\n")
		for _, m := range t.Methods {
			fmt.Fprintf(&b, "    %s\n", d.node(m.Decl))
		}
		text += strings.TrimRight(b.String(), "\n")
	}
	return text
}

// valueHelp returns help for the const or var name among values.
func (d *pkgDoc) valueHelp(values []*doc.Value, name string) string {
	for _, v := range values {
		for _, sp := range v.Decl.Specs {
			vs := sp.(*ast.ValueSpec)
			for _, n := range vs.Names {
				if n.Name != name {
					continue
				}
				if len(v.Decl.Specs) == 1 {
					return help(d.node(v.Decl), v.Doc)
				}
				// Only the spec of name, out of its group.
				one := &ast.GenDecl{Tok: v.Decl.Tok, Specs: []ast.Spec{&ast.ValueSpec{Names: vs.Names, Type: vs.Type, Values: vs.Values}}}
				text := d.node(one)
				if vs.Comment != nil {
					text += " // " + strings.TrimSpace(vs.Comment.Text())
				}
				if vs.Doc != nil {
					return help(text, vs.Doc.Text())
				}
				return help(text, v.Doc)
			}
		}
	}
	return ""
}

// memberHelp returns help for field or method name of standard library
// type t.
func (s *Session) memberHelp(t reflect.Type, name string, detail int) string {
	base := t
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	if d := s.loadDoc(base.PkgPath()); d != nil && base.Name() != "" {
		for _, dt := range d.pkg.Types {
			if dt.Name != base.Name() {
				continue
			}
			for _, m := range dt.Methods {
				if m.Name == name {
					return help(d.node(m.Decl), m.Doc)
				}
			}
			if st, ok := base.FieldByName(name); ok && st.IsExported() {
				return fmt.Sprintf("field %s %s of %s\n\n%s", name, st.Type, base, d.typeHelp(dt, 0))
			}
		}
	}
	mt := t
	if k := mt.Kind(); k != reflect.Pointer && k != reflect.Interface {
		mt = reflect.PointerTo(mt)
	}
	if m, ok := mt.MethodByName(name); ok {
		sig := m.Type.String()
		if mt.Kind() != reflect.Interface {
			// Drop the receiver from the method expression's type.
			in := make([]string, 0, m.Type.NumIn())
			for i := 1; i < m.Type.NumIn(); i++ {
				in = append(in, m.Type.In(i).String())
			}
			sig = "(" + strings.Join(in, ", ") + ")" + resultString(m.Type)
		} else {
			sig = strings.TrimPrefix(sig, "func")
		}
		return fmt.Sprintf("func (%s) %s%s", t, name, sig)
	}
	if base.Kind() == reflect.Struct {
		if f, ok := base.FieldByName(name); ok && f.IsExported() {
			return fmt.Sprintf("field %s %s of %s", name, f.Type, base)
		}
	}
	return ""
}

// resultString formats the results of function type t: " int" or
// " (int, error)".
func resultString(t reflect.Type) string {
	switch t.NumOut() {
	case 0:
		return ""
	case 1:
		return " " + t.Out(0).String()
	}
	out := make([]string, t.NumOut())
	for i := range out {
		out[i] = t.Out(i).String()
	}
	return " (" + strings.Join(out, ", ") + ")"
}

// methodList lists the methods of t (and *t), one per line.
func methodList(t reflect.Type) string {
	mt := t
	if k := mt.Kind(); k != reflect.Pointer && k != reflect.Interface {
		mt = reflect.PointerTo(mt)
	}
	if mt.NumMethod() == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n\nMethods:")
	for i := 0; i < mt.NumMethod(); i++ {
		b.WriteString("\n    " + mt.Method(i).Name)
	}
	return b.String()
}
