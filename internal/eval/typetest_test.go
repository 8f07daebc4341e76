package eval

import (
	"strings"
	"testing"
)

// What yaegi answered wrongly (see typetest.go), answered as Go does.
func TestTypeTestsAgainstInterfaces(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun(`import (
	"errors"
	"fmt"
)
type Shape interface{ Area() float64 }
type Scaler interface{ Scale(f float64) }
type Rect struct{ W, H float64 }
type Circle struct{ R float64 }
type NotFound struct{ Key string }
func (r Rect) Area() float64      { return r.W * r.H }
func (r *Rect) Scale(f float64)   { r.W *= f }
func (c Circle) Area() float64    { return c.R }
func (c Circle) String() string   { return "circle" }
func (e *NotFound) Error() string { return e.Key + " not found" }
func find(k string) error         { return &NotFound{k} }
func kind(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case *NotFound:
		return "not found " + x.Key
	case error:
		return "error " + x.Error()
	case fmt.Stringer:
		return "stringer " + x.String()
	case Scaler, Shape:
		return fmt.Sprintf("%T", x)
	}
	return "other"
}`)
	cases := []struct{ code, want string }{
		{`kind(nil)`, `"nil"`},
		{`kind(find("k"))`, `"not found k"`},
		{`kind(errors.New("plain"))`, `"error plain"`},
		{`kind(Circle{1})`, `"stringer circle"`},
		{`kind(&Rect{})`, `"*main.Rect"`},
		{`kind(Rect{})`, `"main.Rect"`},
		{`kind(3)`, `"other"`},
		// The pointer method set: a Rect value has no Scale.
		{"var s Shape = Rect{}\n_, ok := s.(Scaler)\nok", "false"},
		{"var s Shape = &Rect{}\n_, ok := s.(Scaler)\nok", "true"},
		// A nil interface is no Stringer, and no panic.
		{"var none Shape\n_, ok := none.(fmt.Stringer)\nok", "false"},
		{"err := find(\"x\")\n_, ok := err.(*NotFound)\nok", "true"},
	}
	for _, c := range cases {
		if res := ts.mustRun(c.code); res.Text != c.want {
			t.Errorf("%s\n= %s, want %s", c.code, res.Text, c.want)
		}
	}
	_, err := ts.run("var a any = Rect{}\n_ = a.(Scaler)")
	if e := asError(t, err); !strings.Contains(e.Message, "interface conversion: main.Rect is not main.Scaler: missing method Scale") {
		t.Errorf("failed assertion: %q", e.Message)
	}
}

// Where the answer would be yaegi's guess, the cell fails and says why.
func TestTypeTestsYaegiCannotAnswer(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun("import \"fmt\"\ntype Celsius float64\nfunc (c Celsius) String() string { return \"c\" }\ntype P struct{ X, Y int }\ntype Q struct{ X, Y int }")
	for _, c := range []struct{ code, want string }{
		{"var a any = 2.5\n_, ok := a.(fmt.Stringer)\nok", "Celsius implements it, and a Celsius cannot be told from a float64"},
		{"var a any = 2.5\nswitch a.(type) {\ncase Celsius:\n}", "cannot test for Celsius"},
		{"var a any = Q{}\n_, ok := a.(P)\nok", "a P cannot be told from a Q"},
	} {
		_, err := ts.run(c.code)
		if err == nil {
			t.Errorf("%s: no error", c.code)
			continue
		}
		if e := asError(t, err); e.Name != CompileError || !strings.Contains(e.Message, c.want) {
			t.Errorf("%s: %s %q, want a compile error with %q", c.code, e.Name, e.Message, c.want)
		}
	}
}
