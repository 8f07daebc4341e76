package eval

import (
	"reflect"
	"strings"
	"testing"
)

func TestExecuteValue(t *testing.T) {
	tests := []struct {
		name  string
		setup []string
		cell  string
		has   bool
		want  string
	}{
		{name: "int", cell: "1+2", has: true, want: "3"},
		{name: "string quoted", cell: `"hi"`, has: true, want: `"hi"`},
		{name: "float", cell: "1.5 * 2", has: true, want: "3"},
		{name: "struct", cell: "type P struct{X, Y int; name string}\nP{1, 2, \"a\"}", has: true, want: "{1 2 a}"},
		{name: "pointer to struct", setup: []string{"type P struct{X, Y int}"}, cell: "&P{1, 2}", has: true, want: "&{1 2}"},
		{name: "slice", cell: "[]string{\"a\", \"b\"}", has: true, want: "[a b]"},
		{name: "map", cell: `map[string]int{"b": 2, "a": 1}`, has: true, want: "map[a:1 b:2]"},
		{name: "call with no results", cell: "func f() {}\nf()", has: false},
		{name: "call with a result", cell: "func f() int { return 7 }\nf()", has: true, want: "7"},
		{name: "call with results", cell: "func f() (int, string) { return 1, \"a\" }\nf()", has: true, want: `1 "a"`},
		{name: "fmt.Println", cell: "import \"fmt\"\nfmt.Println(\"x\")", has: false},
		{name: "fmt.Printf", cell: "import \"fmt\"\nfmt.Printf(\"%d\\n\", 1)", has: false},
		{name: "Fprintln", cell: "import (\"fmt\"; \"os\")\nfmt.Fprintln(os.Stderr, \"x\")", has: false},
		{name: "WriteString", cell: "import \"strings\"\nvar sb strings.Builder\nsb.WriteString(\"x\")", has: false},
		{name: "nil error result", cell: "func check() error { return nil }\ncheck()", has: false},
		{name: "error result", cell: "import \"errors\"\nfunc check() error { return errors.New(\"bad\") }\ncheck()", has: true, want: "bad"},
		{name: "Sscan failing shows its error", cell: "import \"fmt\"\nvar n int\nfmt.Sscan(\"x\", &n)", has: true, want: "0 expected integer"},
		{name: "short var decl", cell: "x := 1", has: false},
		{name: "assignment", setup: []string{"x := 1"}, cell: "x = 2", has: false},
		{name: "statement", cell: "for i := 0; i < 2; i++ {}", has: false},
		{name: "declaration last", cell: "1+1\nfunc f() {}", has: false},
		{name: "variable", setup: []string{"x := 41"}, cell: "x + 1", has: true, want: "42"},
		{name: "Stringer from stdlib", cell: "import \"time\"\n2 * time.Second", has: true, want: "2s"},
		{name: "interpreted Stringer", cell: "type T struct{}\nfunc (T) String() string { return \"T!\" }\nT{}", has: true, want: "T!"},
		{name: "nil", cell: "var p *int\np == nil", has: true, want: "true"},
		{name: "after statements", cell: "x := 2\ny := 3\nx * y", has: true, want: "6"},
		{name: "parenthesized call", cell: "func f() int { return 5 }\n(f())", has: true, want: "5"},
		{name: "trailing expression after decl in one cell", cell: "x := 5\nfunc g() int { return x }\ng()", has: true, want: "5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newSessionAfter(t, tt.setup)
			res := ts.mustRun(tt.cell)
			if res.HasValue != tt.has || res.Text != tt.want {
				t.Errorf("cell %q: got HasValue=%v Text=%q, want %v %q", tt.cell, res.HasValue, res.Text, tt.has, tt.want)
			}
		})
	}
}

func TestExecuteState(t *testing.T) {
	tests := []struct {
		name   string
		cells  []string
		want   string // value of the last cell
		stdout string // all output of the cells
	}{
		{name: "short var decl persists", cells: []string{"x := 1", "x += 41", "x"}, want: "42"},
		{name: "redeclare with another type", cells: []string{"x := 1", `x := "s"`, "x"}, want: `"s"`},
		{name: "rerun a cell", cells: []string{"n := 1", "n := 1", "n"}, want: "1"},
		{name: "functions across cells", cells: []string{"func sq(n int) int { return n * n }", "sq(7)"}, want: "49"},
		{name: "types across cells", cells: []string{"type P struct{X int}", "func (p P) Twice() int { return 2 * p.X }", "P{4}.Twice()"}, want: "8"},
		{name: "vars across cells", cells: []string{"var total int", "for i := 1; i <= 4; i++ { total += i }", "total"}, want: "10"},
		{name: "redefined function", cells: []string{"func f() int { return 1 }", "func f() int { return 2 }", "f()"}, want: "2"},
		{name: "import twice", cells: []string{`import "strings"`, "import \"strings\"\nstrings.ToUpper(\"a\")"}, want: `"A"`},
		{name: "import group again", cells: []string{"import (\n\t\"fmt\"\n\t\"strings\"\n)", "import (\n\t\"fmt\"\n\t\"strings\"\n)\nfmt.Sprint(strings.Repeat(\"a\", 2))"}, want: `"aa"`},
		{name: "import alias", cells: []string{"import m \"math\"\nm.Sqrt(16)"}, want: "4"},
		{
			name:   "mixed order",
			cells:  []string{"x := 2\nfunc double(n int) int { return n * 2 }\nimport \"fmt\"\nfmt.Println(double(x))\ntype T int\nvar y T = 3\ny"},
			want:   "3",
			stdout: "4\n",
		},
		{
			name:   "one line mix",
			cells:  []string{"import \"fmt\"; var a = 1; fmt.Println(a); func f() {}; a + 1"},
			want:   "2",
			stdout: "1\n",
		},
		{
			name:   "package clause and main run like go run",
			cells:  []string{"package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"main ran\")\n}", `fmt.Println("next")`},
			stdout: "main ran\nnext\n",
		},
		{
			name:   "main can be called again",
			cells:  []string{"import \"fmt\"\nfunc main() { fmt.Println(\"m\") }", "main()"},
			stdout: "m\nm\n",
		},
		{
			name:   "func literal statement",
			cells:  []string{"import \"fmt\"\nfunc() { fmt.Println(\"lit\") }()"},
			stdout: "lit\n",
		},
		{
			name:   "goroutine and channel",
			cells:  []string{"ch := make(chan int)\ngo func() { ch <- 42 }()\n<-ch"},
			want:   "42",
			stdout: "",
		},
		{
			name:   "comments and blank lines",
			cells:  []string{"// a comment\n\nx := 1 // trailing\n\n/* block */\nx"},
			want:   "1",
			stdout: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestSession(t, nil)
			var res Result
			for _, c := range tt.cells {
				res = ts.mustRun(c)
			}
			if res.Text != tt.want {
				t.Errorf("value %q, want %q", res.Text, tt.want)
			}
			if out, _ := ts.output(); out != tt.stdout {
				t.Errorf("stdout %q, want %q", out, tt.stdout)
			}
		})
	}
}

func TestExecuteErrors(t *testing.T) {
	tests := []struct {
		name      string
		setup     []string
		cell      string
		errName   string
		message   string
		line, col int
		traceback string // a line the traceback must contain
		stdout    string
	}{
		{name: "undefined", cell: "x := 1\ny := undefinedThing", errName: CompileError, message: "undefined: undefinedThing", line: 2, col: 6},
		{name: "compile error runs nothing of the chunk", cell: "import \"fmt\"\nfmt.Println(\"a\")\nundefinedThing", errName: CompileError, message: "undefined: undefinedThing", line: 3, col: 1},
		{name: "syntax error", cell: "x := )", errName: CompileError, message: "expected operand, found ')'", line: 1, col: 6},
		{name: "syntax error runs nothing", cell: "import \"fmt\"\nfmt.Println(\"a\")\nfunc f() {\n\tx := \n}", errName: CompileError, line: 5, col: 1},
		{name: "error in a later declaration", cell: "x := 1\n\nfunc f() int {\n\treturn y\n}", errName: CompileError, message: "undefined: y", line: 4, col: 9},
		{name: "type mismatch", cell: "var s string = 1", errName: CompileError, line: 1},
		{name: "unknown import", cell: "import \"github.com/x/y\"", errName: CompileError, message: `cannot import "github.com/x/y": only standard library packages can be imported`, line: 1, col: 8},
		{name: "restricted import", cell: "import \"os/exec\"", errName: CompileError, message: `cannot import "os/exec": cells cannot use it; start processes with gocell/sandbox, run commands with ! lines`, line: 1, col: 8},
		{name: "traceback first line", cell: "\n  foo()", errName: CompileError, message: "undefined: foo", line: 2, col: 3, traceback: "cell:2:3: undefined: foo"},
		{name: "index out of range", cell: "a := []int{1, 2, 3}\ni := 5\n_ = a[i]", errName: PanicError, message: "runtime error: index out of range", line: 3, col: 1},
		{name: "divide by zero", cell: "x := 0\ny := 1 / x\n_ = y", errName: PanicError, message: "runtime error: integer divide by zero", line: 2, col: 1},
		{name: "panic string", cell: `panic("boom")`, errName: PanicError, message: "boom", line: 1, col: 1, traceback: "cell:1:1: panic: boom"},
		{name: "panic error", cell: "import \"fmt\"\npanic(fmt.Errorf(\"e%d\", 1))", errName: PanicError, message: "e1", line: 2},
		{name: "panic int", cell: "panic(42)", errName: PanicError, message: "42", line: 1},
		{name: "nil map", cell: "var m map[string]int\nm[\"a\"] = 1", errName: PanicError, message: "assignment to entry in nil map", line: 2},
		{name: "nil pointer", cell: "type P struct{X int}\nvar p *P\n_ = p.X", errName: PanicError, message: "runtime error: invalid memory address or nil pointer dereference", line: 3},
		{
			name:      "panic in a function",
			setup:     []string{"func inner() { panic(\"deep\") }", "func outer() { inner() }"},
			cell:      "import \"fmt\"\nfmt.Println(1)\nouter()\nfmt.Println(2)",
			errName:   PanicError,
			message:   "deep",
			line:      3,
			traceback: "\tin inner (function defined in cell[1])",
			stdout:    "1\n",
		},
		{name: "panic in this cell's function", cell: "func boom() { panic(\"x\") }\nboom()", errName: PanicError, message: "x", line: 2, traceback: "\tin boom (function defined in cell)"},
		{name: "os.Exit", cell: "import (\"fmt\"; \"os\")\nos.Exit(3)\nfmt.Println(\"not reached\")", errName: ExitError, message: "exit status 3"},
		{name: "log.Fatal", cell: "import \"log\"\nlog.Fatal(\"bad\")", errName: ExitError, message: "exit status 1"},
		{name: "log.Fatalf", cell: "import \"log\"\nlog.Fatalf(\"bad %d\", 2)", errName: ExitError, message: "exit status 1"},
		{name: "range over an unknown integer", cell: "m := map[string]int{\"a\": 2}\nfor i := range m[\"a\"] {\n\t_ = i\n}", errName: CompileError, message: `cannot range over m["a"]: gocell cannot tell its type (for an integer n, write for i := 0; i < n; i++)`, line: 2, col: 16},
		{name: "panic in var initializer", cell: "func f() int { panic(\"init\") }\nvar v = f()", errName: PanicError, message: "init", line: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newSessionAfter(t, tt.setup)
			_, err := ts.run(tt.cell)
			if err == nil {
				t.Fatalf("cell %q: no error", tt.cell)
			}
			e := asError(t, err)
			if e.Name != tt.errName || (tt.message != "" && e.Message != tt.message) || (tt.line != 0 && e.Line != tt.line) || (tt.col != 0 && e.Col != tt.col) {
				t.Errorf("got %q: Name=%q Message=%q Line=%d Col=%d\nwant Name=%q Message=%q Line=%d Col=%d",
					e.Error(), e.Name, e.Message, e.Line, e.Col, tt.errName, tt.message, tt.line, tt.col)
			}
			if len(e.Traceback) == 0 || e.Traceback[0] != e.Error() {
				t.Errorf("traceback %q does not start with %q", e.Traceback, e.Error())
			}
			if tt.traceback != "" && !contains(e.Traceback, tt.traceback) {
				t.Errorf("traceback %q lacks %q", e.Traceback, tt.traceback)
			}
			out, _ := ts.output()
			if out != tt.stdout {
				t.Errorf("stdout %q, want %q", out, tt.stdout)
			}
			// The session goes on working.
			if res := ts.mustRun("40 + 2"); res.Text != "42" {
				t.Errorf("next cell: %q", res.Text)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{Name: CompileError, Message: "undefined: x", Line: 3, Col: 5}, "cell:3:5: undefined: x"},
		{Error{Name: PanicError, Message: "boom", Line: 2}, "cell:2: panic: boom"},
		{Error{Name: Interrupted, Message: "interrupted"}, "interrupted"},
		{Error{Name: ExitError, Message: "exit status 2"}, "exit status 2"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.e, got, tt.want)
		}
	}
}

func TestExecuteOutput(t *testing.T) {
	tests := []struct {
		name           string
		cell           string
		stdout, stderr string
	}{
		{name: "fmt", cell: "import \"fmt\"\nfmt.Print(\"a\")\nfmt.Printf(\"%d\", 1)\nfmt.Println(\"b\")", stdout: "a1b\n"},
		{name: "os.Stdout", cell: "import \"os\"\nos.Stdout.WriteString(\"direct\\n\")", stdout: "direct\n"},
		{name: "os.Stderr", cell: "import (\"fmt\"; \"os\")\nfmt.Fprintln(os.Stderr, \"err\")", stderr: "err\n"},
		{name: "println goes to stderr", cell: "println(\"hello\", 1, true)", stderr: "hello 1 true\n"},
		{name: "print has no spaces", cell: "print(\"a\", 1, \"\\n\")", stderr: "a1\n"},
		{name: "println float like the runtime", cell: "println(1.5, -2.0)", stderr: "+1.500000e+000 -2.000000e+000\n"},
		{name: "log", cell: "import \"log\"\nlog.SetFlags(0)\nlog.Println(\"logged\")", stderr: "logged\n"},
		{name: "log.Fatal prints", cell: "import \"log\"\nlog.SetFlags(0)\nlog.Fatal(\"bad\")", stderr: "bad\n"},
		{name: "recovered panic prints nothing", cell: "func safe() (err any) {\n\tdefer func() { err = recover() }()\n\tpanic(\"x\")\n}\nsafe()"},
		{name: "panic prints nothing", cell: "func f() { panic(\"x\") }\nf()"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestSession(t, nil)
			ts.run(tt.cell)
			stdout, stderr := ts.output()
			if stdout != tt.stdout || stderr != tt.stderr {
				t.Errorf("stdout %q stderr %q, want %q %q", stdout, stderr, tt.stdout, tt.stderr)
			}
		})
	}
}

func TestExecuteStdin(t *testing.T) {
	in := &lineReader{lines: []string{"12 abc\n", "line two\n", "third\n"}}
	ts := newTestSession(t, in)
	ts.mustRun(`import ("bufio"; "fmt"; "os")`)
	ts.mustRun("var n int\nvar w string\nfmt.Scan(&n, &w)\nfmt.Println(n + 1, w)")
	// The rest of the first line is dropped when the next cell starts.
	ts.mustRun("r := bufio.NewReader(os.Stdin)\nl, _ := r.ReadString('\\n')\nfmt.Printf(\"%q\\n\", l)")
	ts.mustRun("sc := bufio.NewScanner(os.Stdin)\nfor sc.Scan() { fmt.Println(\"scanned\", sc.Text()) }")
	ts.mustRun("buf := make([]byte, 10)\nk, err := os.Stdin.Read(buf)\nfmt.Println(k, err)")
	stdout, _ := ts.output()
	want := "13 abc\n\"line two\\n\"\nscanned third\n0 EOF\n"
	if stdout != want {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
	if res := ts.mustRun("os.Stdin.Name()"); res.Text != `"/dev/stdin"` {
		t.Errorf("os.Stdin.Name() = %s", res.Text)
	}
}

func TestExecuteDecls(t *testing.T) {
	ts := newTestSession(t, nil)
	res := ts.mustRun(`import ("fmt"; m "math")
x := 1
var y, z = 2, 3
var (
	a = 1
	b string
)
const (
	A = iota
	B
)
type T struct{}
// M does nothing.
func (*T) M() {}
func f() { fmt.Println(m.Pi) }
k, _ := 4, 5
fmt.Println(x)`)
	want := []Decl{
		{Kind: "import", Names: []string{"fmt"}, Source: `import "fmt"`},
		{Kind: "import", Names: []string{"m"}, Source: `import m "math"`},
		{Kind: "var", Names: []string{"x"}, Source: "var x = 1", Stmt: true},
		{Kind: "var", Names: []string{"y", "z"}, Source: "var y, z = 2, 3"},
		{Kind: "var", Names: []string{"a"}, Source: "var a = 1"},
		{Kind: "var", Names: []string{"b"}, Source: "var b string"},
		{Kind: "const", Names: []string{"A", "B"}, Source: "const (\n\tA = iota\n\tB\n)"},
		{Kind: "type", Names: []string{"T"}, Source: "type T struct{}"},
		{Kind: "func", Names: []string{"T.M"}, Source: "// M does nothing.\nfunc (*T) M() {}"},
		{Kind: "func", Names: []string{"f"}, Source: "func f() { fmt.Println(m.Pi) }"},
		{Kind: "var", Names: []string{"k"}, Source: "var k, _ = 4, 5", Stmt: true},
	}
	if !reflect.DeepEqual(res.Decls, want) {
		t.Errorf("decls:\n%+v\nwant\n%+v", res.Decls, want)
	}
	// Each source stands alone.
	ts2 := newTestSession(t, nil)
	for _, d := range res.Decls {
		if _, err := ts2.run(d.Source); err != nil {
			t.Errorf("%q: %v", d.Source, err)
		}
	}
}

func TestExecuteDeclsOnError(t *testing.T) {
	ts := newTestSession(t, nil)
	res, err := ts.run("x := 1\nfunc f() {}\npanic(\"after\")")
	if err == nil {
		t.Fatal("no error")
	}
	var names []string
	for _, d := range res.Decls {
		names = append(names, d.Names...)
	}
	if strings.Join(names, " ") != "x f" {
		t.Errorf("decls %v", res.Decls)
	}
}

// What the interpreter lacks of Go is named, not reported as the
// interpreter's own words.
func TestUnsupportedIsNamed(t *testing.T) {
	ts := newTestSession(t, nil)
	for _, c := range []struct{ cell, want string }{
		{"import \"iter\"", `cannot import "iter": gocell's interpreter has the standard library of Go 1.22, without this package`},
		{"func Map[T, U any](xs []T, f func(T) U) []U {\n\tvar out []U\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}\nimport \"strconv\"\nMap([]int{1}, strconv.Itoa)", "cannot infer the type parameter U of this generic function"},
	} {
		_, err := ts.run(c.cell)
		if err == nil {
			t.Errorf("%s: no error", c.cell)
			continue
		}
		if e := asError(t, err); !strings.Contains(e.Message, c.want) {
			t.Errorf("%s: %q, want %q in it", c.cell, e.Message, c.want)
		}
	}
}
