package eval

import (
	"strings"
	"testing"
)

func TestRedefine(t *testing.T) {
	type step struct {
		cell    string
		want    string // value
		warning string // part of a warning, "" for none
		err     string // error, "" for none
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{name: "rerun keeps the variable", steps: []step{
			{cell: "count := 0"},
			{cell: "func inc() { count++ }"},
			{cell: "inc(); inc(); count", want: "2"},
			{cell: "count := 0"},
			{cell: "inc(); count", want: "1"},
		}},
		{name: "var declared again", steps: []step{
			{cell: "var v = 1"},
			{cell: "func g() int { return v }"},
			{cell: "var v = 2"},
			{cell: "g()", want: "2"},
			{cell: "var v int"},
			{cell: "g()", want: "0"},
		}},
		{name: "variable of another type", steps: []step{
			{cell: "x := 1"},
			{cell: "func f() int { return x }"},
			{cell: `x := "s"`, warning: "f does not compile since x changed: cannot use x (type string) as type int in return argument; run its cell again once fixed"},
			{cell: "x", want: `"s"`},
			{cell: "f()", err: "cell:1:1: panic: f does not compile since x changed"},
		}},
		{name: "failed redefinition keeps the old function", steps: []step{
			{cell: "func f() int { return 1 }"},
			{cell: "func f() int { return undefinedThing }", err: "cell:1:23: undefined: undefinedThing"},
			{cell: "f()", want: "1"},
		}},
		{name: "constant kinds are kept", steps: []step{
			{cell: "x := 1"},
			{cell: "x := 1.5"},
			{cell: "x * 2", want: "3"},
			{cell: "y := 'a'"},
			{cell: "y := 'b'"},
			{cell: "y", want: "98"},
		}},
		{name: "function declared again", steps: []step{
			{cell: "func f() int { return 1 }"},
			{cell: "func g() int { return f() }"},
			{cell: "func h() int { return g() * 10 }"},
			{cell: "h()", want: "10"},
			{cell: "func f() int { return 2 }\nh()", want: "20"},
		}},
		{name: "constant declared again", steps: []step{
			{cell: "const C = 1"},
			{cell: "func useC() int { return C }"},
			{cell: "const C = 2"},
			{cell: "useC()", want: "2"},
		}},
		{name: "method declared again", steps: []step{
			{cell: "type T struct{}"},
			{cell: "func (T) M() int { return 1 }"},
			{cell: "n := 5"},
			{cell: "n = 6"},
			{cell: "func (T) M() int { return 2 }", warning: "gocell started a new interpreter to redefine method T.M; variables back at their initial value: n"},
			{cell: "T{}.M()", want: "2"},
			{cell: "n", want: "5"},
		}},
		{name: "type declared again", steps: []step{
			{cell: "type P struct{A int}"},
			{cell: "func (p P) Sum() int { return p.A }"},
			{cell: "type P struct{A, B int}\nfunc (p P) Sum() int { return p.A + p.B }", warning: "to redefine type P"},
			{cell: "P{1, 2}.Sum()", want: "3"},
		}},
		{name: "function used by a method declared again", steps: []step{
			{cell: "func twice(n int) int { return 2 * n }"},
			{cell: "type N int\nfunc (n N) Twice() int { return twice(int(n)) }"},
			{cell: "func twice(n int) int { return n + n + 1 }", warning: "which method N.Twice uses"},
			{cell: "N(3).Twice()", want: "7"},
		}},
		{name: "same cell again changes nothing", steps: []step{
			{cell: "type T struct{ A int }\nfunc (t T) Get() int { return t.A }\nfunc f() int { return 1 }\nv := T{4}"},
			{cell: "v.A = 5"},
			{cell: "type T struct{ A int }\nfunc (t T) Get() int { return t.A }\nfunc f() int { return 1 }"},
			{cell: "v.Get()", want: "5"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestSession(t, nil)
			for _, st := range tt.steps {
				res, err := ts.run(st.cell)
				if err != nil && (st.err == "" || !strings.HasPrefix(err.Error(), st.err)) || err == nil && st.err != "" {
					t.Errorf("%q: error %v, want %q", st.cell, err, st.err)
				}
				if res.Text != st.want {
					t.Errorf("%q = %q, want %q", st.cell, res.Text, st.want)
				}
				w := strings.Join(res.Warnings, "\n")
				if st.warning == "" && w != "" || !strings.Contains(w, st.warning) {
					t.Errorf("%q: warnings %q, want %q", st.cell, res.Warnings, st.warning)
				}
			}
		})
	}
}

func TestUseSurvivesRebuild(t *testing.T) {
	ts := newTestSession(t, nil)
	if err := ts.Use("example.com/greet", map[string]any{"Hello": func(s string) string { return "hello " + s }}); err != nil {
		t.Fatal(err)
	}
	ts.mustRun("import \"example.com/greet\"\ntype T struct{}")
	ts.mustRun("type T struct{ A int }") // rebuilds the interpreter
	if res := ts.mustRun("greet.Hello(\"you\")"); res.Text != `"hello you"` {
		t.Errorf("got %q", res.Text)
	}
}

func TestRebuildStopsGoroutines(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun("import (\"fmt\"; \"time\")\ntype T struct{}\ngo func() {\n\tfor {\n\t\tfmt.Println(\"tick\")\n\t\ttime.Sleep(5 * time.Millisecond)\n\t}\n}()")
	ts.mustRun("type T struct{ A int }")
	ts.output()
	ts.mustRun("time.Sleep(50 * time.Millisecond)")
	if out, _ := ts.output(); out != "" {
		t.Errorf("goroutine of the old interpreter still prints %q", out)
	}
}

// A variable of an interface type of the notebook declared again without a
// value is nil again, as any variable declared again is its zero value.
func TestInterfaceVarDeclaredAgainIsNil(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun("type Shape interface{ Area() float64 }\ntype Circle struct{ R float64 }\nfunc (c Circle) Area() float64 { return c.R }")
	ts.mustRun("var s Shape = &Circle{}")
	if res := ts.mustRun("var s Shape\ns == nil"); res.Text != "true" {
		t.Errorf("s == nil: %s, want true", res.Text)
	}
}
