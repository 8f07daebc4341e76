package eval

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestNativeLoops runs loops that run as host code, and loops that must
// not, and checks what they leave against what Go computes.
func TestNativeLoops(t *testing.T) {
	for _, tc := range []struct {
		name, cell, want string
		native           bool // runs as host code
	}{
		{"sum of squares, wrapping as Go's int does", "s := 0\nfor i := 0; i < 10000000; i++ {\n\ts += i * i\n}\ns", "1291890006563070912", true},
		{"several variables and operators", "a, b, n := 1, 0, 30\nfor i := 0; i < n; i++ {\n\ta, b = a, a+b\n\tb = b ^ (i << 2) &^ 3\n\ta = (a*3 + b) % 1000003\n}\nfmt.Sprint(a, b)", "", false},
		{"fibonacci", "a, b := 0, 1\nfor k := 1; k <= 50; k++ {\n\tt := a\n\ta = b\n\tb = t + b\n}\na", "12586269025", false},
		{"counting down with a constant bound", "const n = 100\ncount := 0\nfor i := n; i > 0; i -= 7 {\n\tcount++\n\tcount += i % 3\n}\ncount", "", true},
		{"a conversion runs as written", "var s int64\nfor i := 0; i < 1000; i++ {\n\ts += int64(i)\n}\ns", "499500", false},
		{"an int64 variable runs as written", "var s int64\nvar d int64 = 2\nfor i := 0; i < 10; i++ {\n\ts += d\n}\ns", "20", true},
		{"a float variable runs as written", "f := 0.5\nfor i := 0; i < 4; i++ {\n\tf = f * 2\n}\nf", "8", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestSession(t, nil)
			ts.mustRun(`import "fmt"`)
			if res := ts.mustRun(tc.cell); tc.want != "" && res.Text != tc.want {
				t.Errorf("got %s, want %s", res.Text, tc.want)
			}
			ts.rt.mu.Lock()
			compiled := len(ts.rt.loops) > 0
			ts.rt.mu.Unlock()
			if compiled != tc.native {
				t.Errorf("compiled as a native loop: %v, want %v", compiled, tc.native)
			}
		})
	}
}

// TestNativeLoopAgreesWithInterpreter compares loops run natively at top
// level with the same loops run by the interpreter in a function.
func TestNativeLoopAgreesWithInterpreter(t *testing.T) {
	for _, loop := range []string{
		"for i := 0; i < 1000; i++ {\n\ta = (a*31 + i) % 1000003\n\tb += a ^ i\n\tb -= i >> 1\n}",
		"for i := 60; i >= 0; i-- {\n\ta = a<<1 | (b>>i)&1\n\tb = b &^ (1 << i)\n}",
		"for i := 1; i != 100; i += 3 {\n\ta += -i\n\tb *= 3\n\tb %= 1000000007\n}",
		"for i := 0; i < 1000; i++ {\n\ta += i * i\n}",
		"for i := 0; i < b; i++ {\n\ta += i * i\n\tb -= 1000000\n}",
		"for i := 0; i < b/1000000; i++ {\n\ta += i\n\ta += b\n}",
		"for i := 5; i < a; i++ {\n\tb += i * a\n}",
	} {
		ts := newTestSession(t, nil)
		ts.mustRun(`import "fmt"`)
		native := ts.mustRun("a, b := 7, 123456789\n" + loop + "\nfmt.Sprint(a, b)").Text
		interpreted := ts.mustRun("func f() string {\n\ta, b := 7, 123456789\n" + loop + "\n\treturn fmt.Sprint(a, b)\n}\nf()").Text
		if native != interpreted {
			t.Errorf("%s:\nnative %s, interpreted %s", loop, native, interpreted)
		}
	}
}

func TestNativeLoopSpec(t *testing.T) {
	for src, ok := range map[string]bool{
		"for i := 0; i < n; i++ { s += i * i }":       true,
		"for i := 0; i < n; i++ { s += f(i) }":        false, // a call
		"for i := 0; i < n; i++ { x := i; s += x }":   false, // a declaration
		"for i := 0; i < n; i++ { fmt.Println(i) }":   false,
		"for i := 0; i < len(xs); i++ { s += i }":     false,
		"for i := 0; i < n; i++ { s += 1.5 }":         false, // not an integer
		"for i := 0; i < n; i++ { if i > 3 { s++ } }": false,
	} {
		f := parseLoop(t, src)
		if _, _, got := intLoopSpec(f); got != ok {
			t.Errorf("%s: qualifies %v, want %v", src, got, ok)
		}
	}
}

func TestNativeLoopDivisionByZeroAndInterrupt(t *testing.T) {
	ts := newTestSession(t, nil)
	_, err := ts.run("z, s := 0, 0\nfor i := 0; i < 10; i++ {\n\ts += i / z\n}")
	var e *Error
	if !errors.As(err, &e) || e.Name != PanicError || !strings.Contains(e.Message, "integer divide by zero") {
		t.Errorf("division by zero: %v", err)
	}
	err, took := ts.interrupt("s = 0\nfor i := 0; i < 1<<62; i++ {\n\ts += i\n}", 50e6)
	if !errors.As(err, &e) || e.Name != Interrupted {
		t.Errorf("interrupt: %v after %v", err, took)
	}
	if res := ts.mustRun("s > 0"); res.Text != "true" {
		t.Errorf("the loop's work before the interrupt is kept: s > 0 is %s", res.Text)
	}
}

func parseLoop(t *testing.T, src string) *ast.ForStmt {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p; func _() {"+src+"}", 0)
	if err != nil {
		t.Fatal(err)
	}
	return f.Decls[0].(*ast.FuncDecl).Body.List[0].(*ast.ForStmt)
}
