package eval

import (
	"fmt"
	"io"
	"reflect"
	"unsafe"
)

// yaegi hands a host function a value of a notebook type that has methods,
// held in a variable of type any, as the interpreter's own box for it (an
// unexported struct, interp.valueInterface, with the value in a field): fmt
// then prints the box, "{0xc000123 {0xc000456 0xc000789 409}}", where Go
// prints the value. So cells call fmt's printing functions through
// versions that take the values out of their boxes first, in the arguments
// and in the elements of slices, arrays and maps of them, and %T and %#v
// (TypeName, GoSyntax) do the same. A value whose type has a String or
// Error method still prints as its fields: the box says nothing a host
// function can call.

// valueBox is yaegi's box: its type name and the field holding the value.
const (
	valueBoxPkg   = "github.com/traefik/yaegi/interp"
	valueBoxName  = "valueInterface"
	valueBoxField = "value"
)

// unbox returns the value in v if v is a box, and v otherwise.
func unbox(v any) any {
	for range 8 {
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Struct || rv.Type().Name() != valueBoxName || rv.Type().PkgPath() != valueBoxPkg {
			return v
		}
		f, ok := rv.Type().FieldByName(valueBoxField)
		if !ok || f.Type != reflect.TypeFor[reflect.Value]() {
			return v
		}
		box := reflect.New(rv.Type()).Elem()
		box.Set(rv)
		// The field is unexported: read it through its address.
		inner := *(*reflect.Value)(unsafe.Pointer(box.FieldByIndex(f.Index).UnsafeAddr()))
		if !inner.IsValid() {
			return nil
		}
		if !inner.CanInterface() {
			return v
		}
		v = inner.Interface()
	}
	return v
}

// prepare returns the arguments of a printing function of fmt as fmt must
// see them: out of their boxes, and formatted with their String or Error
// method (see formatter.go); args itself if none changed.
func (f *formatter) prepare(args []any) []any {
	var out []any
	for i, a := range args {
		v, changed := f.value(a, 0)
		if changed && out == nil {
			out = append(make([]any, 0, len(args)), args[:i]...)
		}
		if out != nil {
			out = append(out, v)
		}
	}
	if out == nil {
		return args
	}
	return out
}

// value returns v as fmt must see it, and whether that is not v: out of
// its box, formatted with its method, and so the elements of a slice, an
// array or a map of interfaces or of the notebook's struct types.
func (f *formatter) value(v any, depth int) (any, bool) {
	u := unbox(v)
	boxed := reflect.TypeOf(u) != reflect.TypeOf(v)
	if w, ok := f.formatted(u); ok {
		return w, true
	}
	if w, ok := f.wrapped(u); ok {
		return w, true
	}
	if depth == 0 && u != nil {
		// The outermost value only: fieldsText formats what is inside.
		if renamed := f.renamed(reflect.TypeOf(u)); len(renamed) > 0 {
			if inner, _ := f.value(u, 1); inner != nil {
				return &fieldsText{v: inner, renamed: renamed}, true
			}
		}
	}
	if depth > 3 || u == nil {
		return u, boxed
	}
	rv := reflect.ValueOf(u)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		if !f.elemMayChange(rv.Type().Elem()) {
			return u, boxed
		}
		elems := make([]any, rv.Len())
		changed := false
		for i := range rv.Len() {
			e := rv.Index(i)
			if !e.CanInterface() {
				return u, boxed
			}
			var c bool
			elems[i], c = f.value(e.Interface(), depth+1)
			changed = changed || c
		}
		if !changed {
			return u, boxed
		}
		return elems, true
	case reflect.Map:
		if !f.elemMayChange(rv.Type().Elem()) || rv.IsNil() {
			return u, boxed
		}
		out := reflect.MakeMapWithSize(reflect.MapOf(rv.Type().Key(), reflect.TypeFor[any]()), rv.Len())
		changed := false
		for it := rv.MapRange(); it.Next(); {
			if !it.Value().CanInterface() {
				return u, boxed
			}
			e, c := f.value(it.Value().Interface(), depth+1)
			changed = changed || c
			ev := reflect.New(reflect.TypeFor[any]()).Elem()
			if e != nil {
				ev.Set(reflect.ValueOf(e))
			}
			out.SetMapIndex(it.Key(), ev)
		}
		if !changed {
			return u, boxed
		}
		return out.Interface(), true
	}
	return u, boxed
}

// wrapped returns, for u a wrapper yaegi made for fmt.Stringer or error
// (a value of a notebook type with that method, passed straight to fmt),
// a value that formats with the method for %v, %s, %q, %x and %X, and as
// the value in the wrapper for the other verbs: yaegi's wrapper printed its
// own fields for %d (Color(1) gave {1 5323104}). The value in the wrapper
// is right for a type declared on a basic type or a pointer; for a struct
// value yaegi keeps one of its fields there. It returns false for anything
// else.
func (f *formatter) wrapped(u any) (any, bool) {
	in, ok := unwrapYaegi(u)
	if !ok {
		return nil, false
	}
	switch x := u.(type) {
	case error:
		return &errorText{methodText{v: in, text: x.Error()}}, true
	case fmt.Stringer:
		return &methodText{v: in, text: x.String()}, true
	}
	return nil, false
}

// renamed returns renamedFields(t), remembered for each type.
func (f *formatter) renamed(t reflect.Type) []string {
	switch t.Kind() {
	case reflect.Struct, reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map, reflect.Chan:
	default:
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	names, ok := f.fields[t]
	if !ok {
		names = renamedFields(t)
		if f.fields == nil {
			f.fields = map[reflect.Type][]string{}
		}
		f.fields[t] = names
	}
	return names
}

// elemMayChange reports whether value may change an element of type t.
func (f *formatter) elemMayChange(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Interface, reflect.Slice, reflect.Array, reflect.Map:
		return true
	case reflect.Pointer:
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t.Name() != "" {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.call != nil
}

// unboxDeep returns v out of its box, and the elements of a slice, an
// array or a map of interfaces out of theirs, for %#v.
func unboxDeep(v any) any {
	var none formatter
	u, _ := none.value(v, 0)
	return u
}

// fmtExports returns fmt's printing functions, which prepare their
// arguments with f; Print, Println and Printf write to stdout, the
// interpreter's.
func fmtExports(stdout io.Writer, f *formatter) map[string]reflect.Value {
	p := f.prepare
	return map[string]reflect.Value{
		"Print":    reflect.ValueOf(func(a ...any) (int, error) { return fmt.Fprint(stdout, p(a)...) }),
		"Println":  reflect.ValueOf(func(a ...any) (int, error) { return fmt.Fprintln(stdout, p(a)...) }),
		"Printf":   reflect.ValueOf(func(format string, a ...any) (int, error) { return fmt.Fprintf(stdout, format, p(a)...) }),
		"Sprint":   reflect.ValueOf(func(a ...any) string { return fmt.Sprint(p(a)...) }),
		"Sprintln": reflect.ValueOf(func(a ...any) string { return fmt.Sprintln(p(a)...) }),
		"Sprintf":  reflect.ValueOf(func(format string, a ...any) string { return fmt.Sprintf(format, p(a)...) }),
		"Fprint":   reflect.ValueOf(func(w io.Writer, a ...any) (int, error) { return fmt.Fprint(w, p(a)...) }),
		"Fprintln": reflect.ValueOf(func(w io.Writer, a ...any) (int, error) { return fmt.Fprintln(w, p(a)...) }),
		"Fprintf": reflect.ValueOf(func(w io.Writer, format string, a ...any) (int, error) {
			return fmt.Fprintf(w, format, p(a)...)
		}),
		"Errorf": reflect.ValueOf(func(format string, a ...any) error { return fmt.Errorf(format, p(a)...) }),
	}
}
