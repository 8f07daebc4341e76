package eval

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"reflect"
	"strings"
	"sync"
)

// fmt prints a value whose type has a String or Error method with that
// method, also in a slice or a map of such values, or held in an any. yaegi
// builds the notebook's struct types with reflect.StructOf, which gives
// them no methods: fmt saw a Pair in []Pair, or in an any, as its fields.
// yaegi only wraps a value whose static type it knows, passed straight to
// fmt.Println.
//
// So before a cell's code runs, the session gives the runtime a function of
// the notebook (the formatter) that calls String or Error on a value of
// each struct type of the notebook that has one, and the printing functions
// of fmt (see fmtargs.go) replace such a value, in their arguments and in
// the slices, arrays and maps among them, by one that formats with the
// method's result. A struct type with the same fields as another is left
// out: yaegi cannot tell their values apart.

// formatKind tells which method formats a value.
const (
	formatNone   = 0
	formatString = 1
	formatError  = 2
)

// formatter is the notebook's formatter and what it said of each type.
type formatter struct {
	mu   sync.Mutex
	call func(v any) (string, int) // nil until the notebook has such a type
	sig  string                    // the types call knows, to tell when to make it again
	seq  int                       // formatters made, for their names
	// fields remembers renamedFields of the types printed.
	fields map[reflect.Type][]string
	known  map[reflect.Type]bool // types call formats
}

// SetFormatter installs the notebook's formatter (see above).
func (rt *cellRuntime) SetFormatter(call func(v any) (string, int)) {
	rt.format.mu.Lock()
	rt.format.call, rt.format.known = call, map[reflect.Type]bool{}
	rt.format.mu.Unlock()
}

// formatted returns v as a value that fmt formats with its String or Error
// method, if it has one (see above), and false otherwise.
func (f *formatter) formatted(v any) (any, bool) {
	t := reflect.TypeOf(v)
	if t == nil {
		return nil, false
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() != reflect.Struct || st.Name() != "" {
		return nil, false // not a struct type of the notebook
	}
	f.mu.Lock()
	call, known, seen := f.call, f.known[t], false
	if f.known != nil {
		_, seen = f.known[t]
	}
	f.mu.Unlock()
	if call == nil || (seen && !known) {
		return nil, false
	}
	s, kind := call(v)
	f.mu.Lock()
	if f.known != nil {
		f.known[t] = kind != formatNone
	}
	f.mu.Unlock()
	switch kind {
	case formatString:
		return &methodText{v: v, text: s}, true
	case formatError:
		return &errorText{methodText{v: v, text: s}}, true
	}
	return nil, false
}

// methodText formats as the result of a value's String method.
type methodText struct {
	v    any
	text string
}

func (m *methodText) String() string { return m.text }

// Format formats as fmt formats a Stringer: the text for %v, %s, %q, %x
// and %X, and the value itself for the other verbs and for %#v.
func (m *methodText) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		fmt.Fprintf(f, "%#v", m.v)
	case verb == 'v':
		fmt.Fprintf(f, strings.TrimSuffix(formatSpec(f, verb, true), "v")+"s", m.text)
	case strings.ContainsRune("sqxX", verb):
		fmt.Fprintf(f, formatSpec(f, verb, true), m.text)
	default:
		fmt.Fprintf(f, formatSpec(f, verb, true), m.v)
	}
}

// errorText formats as the result of a value's Error method.
type errorText struct{ methodText }

func (e *errorText) Error() string { return e.text }

// formatterSource returns the source of the call that installs the
// notebook's formatter, and the list of types it formats; "" if there are
// none.
func (nb *notebookTypes) formatterSource() (src, sig string) {
	var cases []string
	for _, name := range nb.concreteNames() {
		if _, ok := nb.types[name].spec.Type.(*ast.StructType); !ok || nb.ambiguous(name) != "" {
			continue
		}
		for _, ptr := range []bool{false, true} {
			set := nb.methodSet(concrete{name, ptr}, 0)
			typ := name
			if ptr {
				typ = "*" + name
			}
			switch {
			case set["Error"]:
				cases = append(cases, fmt.Sprintf("if t, ok := v.(%s); ok { return t.Error(), %d }", typ, formatError))
			case set["String"]:
				cases = append(cases, fmt.Sprintf("if t, ok := v.(%s); ok { return t.String(), %d }", typ, formatString))
			}
		}
	}
	if len(cases) == 0 {
		return "", ""
	}
	sig = strings.Join(cases, "\n")
	return fmt.Sprintf("(v any) (string, int) {\n%s\nreturn \"\", %d\n}", sig, formatNone), sig
}

// updateFormatter installs the notebook's formatter if the types it must
// know changed since it was last installed.
func (s *Session) updateFormatter(low lowering) error {
	src, sig := low.notebookTypes().formatterSource()
	s.rt.format.mu.Lock()
	same := sig == s.rt.format.sig
	s.rt.format.mu.Unlock()
	if same {
		return nil
	}
	if src == "" {
		s.rt.SetFormatter(nil)
	} else {
		// A function declared, under a name of its own each time: yaegi
		// runs a function literal called from native code in a frame
		// that does not fit it.
		s.rt.format.mu.Lock()
		s.rt.format.seq++
		name := fmt.Sprintf("%sformat%d", hiddenPrefix, s.rt.format.seq)
		s.rt.format.mu.Unlock()
		file := fmt.Sprintf("package main\nfunc %s%s\nfunc %s_set() { %s.SetFormatter(%s) }\n", name, src, name, hiddenPkg, name)
		f, err := parser.ParseFile(s.fset, "0.3/cell.go", file, 0)
		if err != nil {
			return fmt.Errorf("eval: formatter: %w", err)
		}
		decl, err := s.interp.CompileAST(f)
		if err != nil {
			return nil // a type the cell is about to declare again: next time
		}
		if _, err := s.interp.ExecuteWithContext(context.Background(), decl); err != nil {
			return nil
		}
		g, err := parser.ParseFile(s.fset, "0.3/cell.go", "package main; func main() {\n"+name+"_set()\n}", 0)
		if err != nil {
			return fmt.Errorf("eval: formatter: %w", err)
		}
		body := g.Decls[0].(*ast.FuncDecl).Body
		prog, err := s.interp.CompileAST(body)
		if err != nil {
			return nil
		}
		if _, err := s.interp.ExecuteWithContext(context.Background(), prog); err != nil {
			return nil
		}
	}
	s.rt.format.mu.Lock()
	s.rt.format.sig = sig
	s.rt.format.mu.Unlock()
	return nil
}
