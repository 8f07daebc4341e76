package check

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// maxDiffs is how many differences Diff lists before it stops.
const maxDiffs = 8

// maxDepth is how deep Diff follows nested values (and pointer cycles).
const maxDepth = 10

// Diff describes how got differs from want in one line: for slices, arrays,
// maps and structs, the elements, keys or fields that differ, e.g.
// "[2]: got 5, want 6; len: got 4, want 3". It is meant for values that are
// not deeply equal.
func Diff(got, want any) string {
	d := &differ{}
	d.diff("", reflect.ValueOf(got), reflect.ValueOf(want), 0)
	if len(d.lines) == 0 {
		return fmt.Sprintf("got %s, want %s (equal-looking values that are not deeply equal)", short(format(reflect.ValueOf(got))), short(format(reflect.ValueOf(want))))
	}
	s := strings.Join(d.lines, "; ")
	if d.more > 0 {
		s += fmt.Sprintf("; and %d more", d.more)
	}
	return s
}

type differ struct {
	lines []string
	more  int
}

func (d *differ) add(path, msg string) {
	if len(d.lines) >= maxDiffs {
		d.more++
		return
	}
	if path == "" {
		d.lines = append(d.lines, msg)
		return
	}
	d.lines = append(d.lines, path+": "+msg)
}

func (d *differ) gotWant(path string, got, want reflect.Value) {
	d.add(path, fmt.Sprintf("got %s, want %s", short(format(got)), short(format(want))))
}

func (d *differ) diff(path string, got, want reflect.Value, depth int) {
	switch {
	case !got.IsValid() || !want.IsValid():
		if got.IsValid() != want.IsValid() {
			d.gotWant(path, got, want)
		}
		return
	case got.Type() != want.Type():
		d.add(path, fmt.Sprintf("got %s of type %s, want %s of type %s", short(format(got)), got.Type(), short(format(want)), want.Type()))
		return
	case depth > maxDepth:
		d.gotWant(path, got, want)
		return
	}
	switch got.Kind() {
	case reflect.Slice, reflect.Array:
		if got.Kind() == reflect.Slice && got.IsNil() != want.IsNil() {
			d.gotWant(path, got, want)
			return
		}
		n := min(got.Len(), want.Len())
		for i := range n {
			if !deepEqual(got.Index(i), want.Index(i)) {
				d.diff(fmt.Sprintf("%s[%d]", path, i), got.Index(i), want.Index(i), depth+1)
			}
		}
		if got.Len() != want.Len() {
			msg := fmt.Sprintf("got %d elements, want %d", got.Len(), want.Len())
			switch {
			case got.Len() > want.Len():
				msg += "; extra: " + short(formatElems(got, want.Len()))
			default:
				msg += "; missing: " + short(formatElems(want, got.Len()))
			}
			d.add(lenPath(path), msg)
		}
	case reflect.Map:
		if got.IsNil() != want.IsNil() {
			d.gotWant(path, got, want)
			return
		}
		keys := map[string]reflect.Value{}
		for _, k := range got.MapKeys() {
			keys[format(k)] = k
		}
		for _, k := range want.MapKeys() {
			keys[format(k)] = k
		}
		names := make([]string, 0, len(keys))
		for n := range keys {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			k := keys[n]
			g, w := got.MapIndex(k), want.MapIndex(k)
			p := fmt.Sprintf("%s[%s]", path, n)
			switch {
			case !g.IsValid():
				d.add(p, "missing, want "+short(format(w)))
			case !w.IsValid():
				d.add(p, "unexpected key, got "+short(format(g)))
			case !deepEqual(g, w):
				d.diff(p, g, w, depth+1)
			}
		}
	case reflect.Struct:
		t := got.Type()
		for i := range t.NumField() {
			if !deepEqual(got.Field(i), want.Field(i)) {
				d.diff(path+"."+t.Field(i).Name, got.Field(i), want.Field(i), depth+1)
			}
		}
	case reflect.Pointer, reflect.Interface:
		if got.IsNil() || want.IsNil() {
			d.gotWant(path, got, want)
			return
		}
		p := path
		if got.Kind() == reflect.Pointer && p != "" {
			p = "(*" + p + ")"
		}
		d.diff(p, got.Elem(), want.Elem(), depth+1)
	default:
		d.gotWant(path, got, want)
	}
}

func lenPath(path string) string {
	if path == "" {
		return "length"
	}
	return "len(" + path + ")"
}

// deepEqual is reflect.DeepEqual of two values that may hold unexported
// fields.
func deepEqual(a, b reflect.Value) bool {
	if a.CanInterface() && b.CanInterface() {
		return reflect.DeepEqual(a.Interface(), b.Interface())
	}
	// reflect.DeepEqual of the values themselves compares the Value structs;
	// unexported fields are compared through a copy that can be interfaced.
	ca, cb := reflect.New(a.Type()).Elem(), reflect.New(b.Type()).Elem()
	if !copyValue(ca, a) || !copyValue(cb, b) {
		return format(a) == format(b)
	}
	return reflect.DeepEqual(ca.Interface(), cb.Interface())
}

// copyValue copies v into dst when the language allows it (v is not from an
// unexported field); otherwise it reports false.
func copyValue(dst, v reflect.Value) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	dst.Set(v)
	return true
}

// format writes a value as a student would: strings quoted, other values
// with %v; invalid (nil interface) values as nil.
func format(v reflect.Value) string {
	if !v.IsValid() {
		return "nil"
	}
	switch v.Kind() {
	case reflect.String:
		return fmt.Sprintf("%q", v.String())
	case reflect.Pointer:
		if v.IsNil() {
			return "nil"
		}
		if e := v.Elem(); e.Kind() == reflect.Struct {
			return "&" + format(e)
		}
	}
	return fmt.Sprintf("%+v", v)
}

// formatElems formats the elements of v from index i on.
func formatElems(v reflect.Value, i int) string {
	parts := make([]string, 0, v.Len()-i)
	for j := i; j < v.Len() && len(parts) < 10; j++ {
		parts = append(parts, format(v.Index(j)))
	}
	s := "[" + strings.Join(parts, " ") + "]"
	if v.Len()-i > 10 {
		s = strings.TrimSuffix(s, "]") + " …]"
	}
	return s
}
