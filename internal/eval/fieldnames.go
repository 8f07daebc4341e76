package eval

import (
	"fmt"
	"reflect"
	"strings"
)

// yaegi builds a struct type of the notebook with reflect.StructOf, which
// only takes exported fields: it names an unexported field state
// "Xstate". %+v printed {Xstate:1 Pub:2} where Go prints {state:1 Pub:2},
// and %#v the same. So fmt's arguments whose type has such fields (also
// inside, and as elements of slices and maps, see fmtargs.go) format
// through fieldsText, which gives the fields their names back for %+v and
// %#v. A field of the notebook really named X followed by a lower-case
// letter would lose its X: Go style does not name fields so.

// renamedFields returns the names yaegi gave to unexported fields in t and
// in the types it is made of.
func renamedFields(t reflect.Type) []string {
	seen := map[reflect.Type]bool{}
	var names []string
	var walk func(t reflect.Type, depth int)
	walk = func(t reflect.Type, depth int) {
		if t == nil || depth > 6 || seen[t] {
			return
		}
		seen[t] = true
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
			walk(t.Elem(), depth+1)
		case reflect.Map:
			walk(t.Key(), depth+1)
			walk(t.Elem(), depth+1)
		case reflect.Struct:
			if t.Name() != "" {
				return // a type of the standard library: its names are right
			}
			for i := range t.NumField() {
				f := t.Field(i)
				if len(f.Name) > 1 && f.Name[0] == 'X' && (f.Name[1] == '_' || f.Name[1] >= 'a' && f.Name[1] <= 'z') {
					names = append(names, f.Name)
				}
				walk(f.Type, depth+1)
			}
		}
	}
	walk(t, 0)
	return names
}

// fieldsText formats v with the names of its fields given back.
type fieldsText struct {
	v       any
	renamed []string
}

func (ft *fieldsText) Format(f fmt.State, verb rune) {
	s := fmt.Sprintf(formatSpec(f, verb, false), ft.v)
	if verb == 'v' && (f.Flag('+') || f.Flag('#')) {
		for _, name := range ft.renamed {
			s = strings.ReplaceAll(s, name+":", name[1:]+":")
		}
	}
	fmt.Fprint(f, s)
}

// formatSpec returns the format of verb with the flags, width and
// precision of f; without the + and # flags of %v if plainV.
func formatSpec(f fmt.State, verb rune, plainV bool) string {
	var spec strings.Builder
	spec.WriteByte('%')
	for _, flag := range "+-# 0" {
		if f.Flag(int(flag)) && !(plainV && verb == 'v' && (flag == '+' || flag == '#')) {
			spec.WriteRune(flag)
		}
	}
	if w, ok := f.Width(); ok {
		fmt.Fprint(&spec, w)
	}
	if p, ok := f.Precision(); ok {
		fmt.Fprintf(&spec, ".%d", p)
	}
	spec.WriteRune(verb)
	return spec.String()
}
