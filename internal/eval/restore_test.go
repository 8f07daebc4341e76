package eval

import (
	"go/ast"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestRestore(t *testing.T) {
	old := newTestSession(t, nil)
	var decls []Decl
	for _, c := range []string{
		"import (\"fmt\"; \"time\"; \"math/rand\")",
		"x := 1",
		"x = 5", // not a declaration: lost on restore
		"var n int = len(\"abc\")",
		"type P struct{X int}",
		"func (p P) Double() int { return p.X * 2 }",
		"p := P{3}",
		"var t0 time.Time = time.Now()", // side effect, explicit type: zero
		"r := rand.Intn(10)",            // side effect, type told from rand.Intn: zero
		"func useR() int { return r }",  // uses it: restored
		"const C = 7",
		"m := make(map[string]int)",
		"s := []int{1, 2}",
		"y := x + 1",
		"func f() int { return 1 }",
		"func f() int { return 2 }", // redefined: the last one wins
		"d := time.Duration(5)",     // conversion: no side effect
		"ch := make(chan int, 1)\nch <- 3",
		"v := <-ch", // receive: side effect
		"package main\nfunc main() { fmt.Println(\"main ran\") }",
	} {
		decls = append(decls, old.mustRun(c).Decls...)
	}
	old.output()

	ts := newTestSession(t, nil)
	reset, lost, err := ts.Restore(decls)
	sort.Strings(reset)
	sort.Strings(lost)
	if want := []string{"ch", "d", "m", "n", "p", "r", "s", "t0", "x", "y"}; !reflect.DeepEqual(reset, want) {
		t.Errorf("reset %v, want %v", reset, want)
	}
	if want := []string{"v"}; !reflect.DeepEqual(lost, want) {
		t.Errorf("lost %v, want %v", lost, want)
	}
	if err != nil {
		t.Errorf("restore: %v", err)
	}
	for cell, want := range map[string]string{
		"x":           "1", // its initial value
		"y":           "2",
		"n":           "3",
		"p.Double()":  "6",
		"t0.IsZero()": "true",
		"f()":         "2",
		"C":           "7",
		"len(m)":      "0",
		"s":           "[1 2]",
		"d":           "5ns",
		"len(ch)":     "0",
		"r":           "0",
		"useR()":      "0",
	} {
		if res := ts.mustRun(cell); res.Text != want {
			t.Errorf("%s = %q, want %q", cell, res.Text, want)
		}
	}
	for _, cell := range []string{"v"} {
		if _, err := ts.run(cell); err == nil {
			t.Errorf("%s is defined", cell)
		}
	}
	if out, _ := ts.output(); out != "" {
		t.Errorf("restore printed %q (main must not run)", out)
	}
	// The restored declarations are known to completion.
	if m, _, _ := ts.Complete("useR; p.Dou", 11); !reflect.DeepEqual(m, []string{"Double"}) {
		t.Errorf("completion after restore: %v", m)
	}
}

func TestRestoreOrder(t *testing.T) {
	// A function that uses a later declaration, and mutually recursive
	// functions, restore whatever their order.
	ts := newTestSession(t, nil)
	_, lost, err := ts.Restore([]Decl{
		{Kind: KindFunc, Names: []string{"even"}, Source: "func even(n int) bool { if n == 0 { return true }; return odd(n - 1) }"},
		{Kind: KindFunc, Names: []string{"odd"}, Source: "func odd(n int) bool { if n == 0 { return false }; return even(n - 1) }"},
		{Kind: KindVar, Names: []string{"limit"}, Source: "var limit = len(\"abcd\")"},
	})
	if err != nil || len(lost) != 0 {
		t.Fatalf("lost %v, err %v", lost, err)
	}
	if res := ts.mustRun("odd(limit + 3)"); res.Text != "true" {
		t.Errorf("odd(7) = %s", res.Text)
	}
}

func TestRestorableVar(t *testing.T) {
	ts := newTestSession(t, nil)
	isType := func(x ast.Expr) bool {
		return ts.isTypeExpr(x, map[string]string{"pkg": "time"}, map[string]bool{"MyInt": true})
	}
	tests := []struct {
		src  string
		want string
		ok   bool
	}{
		{"var x = 1", "var x = 1", true},
		{"var x = []int{len(\"ab\"), cap(make([]int, 2))}", "var x = []int{len(\"ab\"), cap(make([]int, 2))}", true},
		{"var x = MyInt(3)", "var x = MyInt(3)", true},
		{"var b = []byte(\"s\")", "var b = []byte(\"s\")", true},
		{"var f = func() int { return g() }", "var f = func() int { return g() }", true},
		{"var x int = g()", "var (\n\tx int\n)", true},
		{"var a, b int = g()", "var (\n\ta, b int\n)", true},
		{"var x = g()", "", false},
		{"var x = <-ch", "", false},
		{"var x = pkg.Now()", "", false},
		{"var x = pkg.Duration(3)", "var x = pkg.Duration(3)", true},
		{"var x = y.M()", "", false},
	}
	for _, tt := range tests {
		got, ok := restorableVar(tt.src, isType)
		if got != tt.want || ok != tt.ok {
			t.Errorf("restorableVar(%q) = %q, %v; want %q, %v", tt.src, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLastOfEach(t *testing.T) {
	in := []Decl{
		{Kind: KindImport, Names: []string{"fmt"}, Source: `import "fmt"`},
		{Kind: KindFunc, Names: []string{"f"}, Source: "func f() {}"},
		{Kind: KindImport, Names: []string{"fmt"}, Source: `import "fmt"`},
		{Kind: KindFunc, Names: []string{"f"}, Source: "func f() { println() }"},
		{Kind: KindVar, Names: nil, Source: "var _ = 1"},
		{Kind: KindVar, Names: nil, Source: "var _ = 2"},
	}
	want := []Decl{in[2], in[3], in[4], in[5]}
	if got := lastOfEach(in); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

// TestReplayTypesStatementVars checks that a child process, replaying the
// notebook, declares the variables of top-level := statements with the zero
// values of their types, told from their initializers, so that the
// functions using them compile; and that it runs var initializers again.
func TestReplayTypesStatementVars(t *testing.T) {
	a := newTestSession(t, nil)
	var decls []Decl
	for _, cell := range []string{
		"import (\"fmt\"; \"strings\")",
		"type Box struct{ N int }\nfunc newBox() *Box { fmt.Println(\"newBox ran\"); return &Box{N: 7} }",
		"r := strings.NewReader(\"abc\")\nb := newBox()\nc := &Box{N: 2}\nvar up = strings.ToUpper(\"go\")",
		"func use() string { return fmt.Sprint(r == nil, b == nil, c == nil, up) }",
	} {
		decls = append(decls, a.mustRun(cell).Decls...)
	}
	b := newTestSession(t, nil)
	_, lost, err := b.Replay(decls)
	if err != nil || len(lost) > 0 {
		t.Fatalf("Replay: lost %v, err %v", lost, err)
	}
	// c's initializer has no side effects: it runs again.
	if res := b.mustRun("use()"); res.Text != `"true true falseGO"` {
		t.Errorf("use() = %s, want %q", res.Text, "true true falseGO")
	}
	if out, _ := b.output(); strings.Contains(out, "newBox ran") {
		t.Errorf("a top-level statement ran again in the replay: %q", out)
	}
}
