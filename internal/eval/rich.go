package eval

import (
	"go/ast"
	"path"
	"reflect"
)

// Rich display of a cell's trailing value: when its type has a method
// HTML() string, SVG() string or Markdown() string, the result carries what
// they return under the MIME types text/html, image/svg+xml and
// text/markdown (see Result.Data).
//
// The host cannot call a method of an interpreted type: yaegi builds those
// types with reflect, without their methods. So the lowering hands the
// value to a host function per method (RichHTML, RichSVG, RichMarkdown of
// the hidden package), and yaegi, told so with MapTypes, passes an
// interpreted value that has the method wrapped in a host type that
// forwards the call to the interpreter. Host types need no wrapper.

// MIME types of the rich results.
const (
	mimeHTML     = "text/html"
	mimeSVG      = "image/svg+xml"
	mimeMarkdown = "text/markdown"
)

// The interfaces of the rich results.
type (
	htmler     interface{ HTML() string }
	svger      interface{ SVG() string }
	markdowner interface{ Markdown() string }
)

// The wrappers yaegi makes an interpreted value into, when it implements
// one of the interfaces above and is handed to the host function whose
// MapTypes entry names that interface. yaegi finds a wrapper by the name of
// its interface, with a leading underscore, in the package of the
// interface's path; its first field holds the value, the others the
// methods, named after them behind one more letter.
type (
	_htmler struct {
		IValue any
		WHTML  func() string
	}
	_svger struct {
		IValue any
		WSVG   func() string
	}
	_markdowner struct {
		IValue    any
		WMarkdown func() string
	}
)

func (w _htmler) HTML() string         { return w.WHTML() }
func (w _svger) SVG() string           { return w.WSVG() }
func (w _markdowner) Markdown() string { return w.WMarkdown() }

// RichHTML records the HTML of v, if it has an HTML method.
func (rt *cellRuntime) RichHTML(v any) {
	if x, ok := v.(htmler); ok && !isNil(v) {
		rt.setData(mimeHTML, x.HTML())
	}
}

// RichSVG records the SVG of v, if it has an SVG method.
func (rt *cellRuntime) RichSVG(v any) {
	if x, ok := v.(svger); ok && !isNil(v) {
		rt.setData(mimeSVG, x.SVG())
	}
}

// RichMarkdown records the Markdown of v, if it has a Markdown method.
func (rt *cellRuntime) RichMarkdown(v any) {
	if x, ok := v.(markdowner); ok && !isNil(v) {
		rt.setData(mimeMarkdown, x.Markdown())
	}
}

// isNil reports whether v is a nil pointer: its methods are not called.
func isNil(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

func (rt *cellRuntime) setData(mime, content string) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.data == nil {
		rt.data = map[string]string{}
	}
	rt.data[mime] = content
}

// richExports returns the symbols of rich display: the hidden package's
// functions, in hidden, the wrappers, in the package yaegi looks them up
// in, and the MapTypes entries of the functions.
func (rt *cellRuntime) richExports(hidden map[string]reflect.Value) (wrappers map[string]reflect.Value, mapTypes map[reflect.Value][]reflect.Type) {
	mapTypes = map[reflect.Value][]reflect.Type{}
	wrappers = map[string]reflect.Value{}
	for _, r := range []struct {
		name    string
		fn      any
		iface   any
		wrapper any
	}{
		{"RichHTML", rt.RichHTML, (*htmler)(nil), (*_htmler)(nil)},
		{"RichSVG", rt.RichSVG, (*svger)(nil), (*_svger)(nil)},
		{"RichMarkdown", rt.RichMarkdown, (*markdowner)(nil), (*_markdowner)(nil)},
	} {
		fn, it := reflect.ValueOf(r.fn), reflect.TypeOf(r.iface).Elem()
		hidden[r.name] = fn
		wrappers[it.Name()] = reflect.ValueOf(r.iface)
		wrappers["_"+it.Name()] = reflect.ValueOf(r.wrapper)
		mapTypes[fn] = []reflect.Type{it}
	}
	return wrappers, mapTypes
}

// richPath returns the key of the wrappers in interp.Exports: the path of
// this package, where yaegi looks for them.
func richPath() string {
	p := reflect.TypeFor[htmler]().PkgPath()
	return p + "/" + path.Base(p)
}

// richHelper declares the function richCapture calls: it hands the value
// to the capture and to the rich display functions, keeping its type. Being
// a call with one argument, it does not compile when the trailing
// expression is not a single value. (An assignment would: yaegi takes the
// first result of a call with several.)
const richHelper = `
func gocell_show[gocell_V any](v gocell_V) {
	_gocell.Capture(v)
	_gocell.RichHTML(v)
	_gocell.RichSVG(v)
	_gocell.RichMarkdown(v)
}
`

// richCapture makes a trailing expression statement x hand its value to the
// session with its rich display, as gocell_show(x) (see richHelper). It
// returns a function undoing the change.
func richCapture(es *ast.ExprStmt) (undo func()) {
	x := es.X
	pos := x.Pos()
	es.X = &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: hiddenShow}, Lparen: pos, Args: []ast.Expr{x}, Rparen: pos}
	return func() { es.X = x }
}

// hiddenShow is the function of richHelper.
const hiddenShow = "gocell_show"
