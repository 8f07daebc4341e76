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

// unboxDeep returns v with the boxes taken out, also from the elements of
// a slice, an array or a map with elements of an interface type.
func unboxDeep(v any, depth int) any {
	v = unbox(v)
	if depth > 3 || v == nil {
		return v
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		if rv.Type().Elem().Kind() != reflect.Interface || (rv.Kind() == reflect.Slice && rv.IsNil()) {
			return v
		}
		out := reflect.New(rv.Type()).Elem()
		if rv.Kind() == reflect.Slice {
			out = reflect.MakeSlice(rv.Type(), rv.Len(), rv.Len())
		}
		for i := range rv.Len() {
			out.Index(i).Set(unboxValue(rv.Index(i), depth))
		}
		return out.Interface()
	case reflect.Map:
		t := rv.Type()
		if (t.Elem().Kind() != reflect.Interface && t.Key().Kind() != reflect.Interface) || rv.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(t, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			out.SetMapIndex(unboxValue(it.Key(), depth), unboxValue(it.Value(), depth))
		}
		return out.Interface()
	}
	return v
}

// unboxValue returns x, an element of type T, unboxed, as a T.
func unboxValue(x reflect.Value, depth int) reflect.Value {
	if x.Kind() != reflect.Interface || x.IsNil() || !x.CanInterface() {
		return x
	}
	u := unboxDeep(x.Interface(), depth+1)
	out := reflect.New(x.Type()).Elem()
	if u != nil {
		uv := reflect.ValueOf(u)
		if !uv.Type().AssignableTo(x.Type()) {
			return x
		}
		out.Set(uv)
	}
	return out
}

// unboxAll returns args unboxed, in a new slice if one changed.
func unboxAll(args []any) []any {
	var out []any
	for i, a := range args {
		u := unboxDeep(a, 0)
		if out == nil && !sameValue(u, a) {
			out = append(make([]any, 0, len(args)), args[:i]...)
		}
		if out != nil {
			out = append(out, u)
		}
	}
	if out == nil {
		return args
	}
	return out
}

// sameValue reports whether unboxing left a as it was. Values of types
// that cannot be compared are taken as changed.
func sameValue(u, a any) bool {
	if u == nil || a == nil {
		return u == nil && a == nil
	}
	ut, at := reflect.TypeOf(u), reflect.TypeOf(a)
	if ut != at {
		return false
	}
	switch at.Kind() {
	case reflect.Slice, reflect.Map, reflect.Array:
		return at.Kind() != reflect.Array && reflect.ValueOf(u).Pointer() == reflect.ValueOf(a).Pointer() && at.Elem().Kind() != reflect.Interface
	case reflect.Func, reflect.Struct:
		return at.Comparable() && u == a
	}
	return at.Comparable() && u == a
}

// fmtExports returns fmt's printing functions with unboxed arguments;
// Print, Println and Printf write to stdout, the interpreter's.
func fmtExports(stdout io.Writer) map[string]reflect.Value {
	return map[string]reflect.Value{
		"Print":    reflect.ValueOf(func(a ...any) (int, error) { return fmt.Fprint(stdout, unboxAll(a)...) }),
		"Println":  reflect.ValueOf(func(a ...any) (int, error) { return fmt.Fprintln(stdout, unboxAll(a)...) }),
		"Printf":   reflect.ValueOf(func(f string, a ...any) (int, error) { return fmt.Fprintf(stdout, f, unboxAll(a)...) }),
		"Sprint":   reflect.ValueOf(func(a ...any) string { return fmt.Sprint(unboxAll(a)...) }),
		"Sprintln": reflect.ValueOf(func(a ...any) string { return fmt.Sprintln(unboxAll(a)...) }),
		"Sprintf":  reflect.ValueOf(func(f string, a ...any) string { return fmt.Sprintf(f, unboxAll(a)...) }),
		"Fprint":   reflect.ValueOf(func(w io.Writer, a ...any) (int, error) { return fmt.Fprint(w, unboxAll(a)...) }),
		"Fprintln": reflect.ValueOf(func(w io.Writer, a ...any) (int, error) { return fmt.Fprintln(w, unboxAll(a)...) }),
		"Fprintf": reflect.ValueOf(func(w io.Writer, f string, a ...any) (int, error) {
			return fmt.Fprintf(w, f, unboxAll(a)...)
		}),
		"Errorf": reflect.ValueOf(func(f string, a ...any) error { return fmt.Errorf(f, unboxAll(a)...) }),
	}
}
