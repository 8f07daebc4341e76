package eval

import (
	"strings"
	"testing"
)

// The expected output of these tests is what `go run` prints for the same
// code in func main (Go 1.26).

func TestTopLevelBlocks(t *testing.T) {
	tests := []struct {
		name   string
		setup  []string
		cell   string
		stdout string
	}{
		{
			// yaegi skipped `v, err := f()` in a block nested in
			// top-level code: "undefined: v".
			name:   "several values declared in a loop body",
			cell:   "import \"fmt\"\nimport \"strconv\"\nfor i := 0; i < 2; i++ { v, err := strconv.Atoi(\"1\"); fmt.Println(v, err) }",
			stdout: "1 <nil>\n1 <nil>\n",
		},
		{
			name:   "if with several values in a loop body",
			cell:   "import \"fmt\"\nimport \"os\"\nfor i := 0; i < 2; i++ { if _, err := os.Stat(\"/tmp\"); err == nil { fmt.Println(\"ok\") } }",
			stdout: "ok\nok\n",
		},
		{
			// The i of the earlier loop was a global variable, which
			// the per-iteration i of this loop then was: 222.
			name:   "closures after a loop of an earlier cell",
			setup:  []string{"for i := 0; i < 2; i++ {}"},
			cell:   "import \"fmt\"\nvar fs []func()\nfor i := 0; i < 3; i++ { fs = append(fs, func(){ fmt.Print(i) }) }\nfor _, f := range fs { f() }\nfmt.Println()",
			stdout: "012\n",
		},
		{
			// `x := i` in a nested block set the notebook's x.
			name:   "a block declares a notebook variable again",
			setup:  []string{"import \"fmt\"", "x := 10"},
			cell:   "for i := 0; i < 2; i++ { x := i; _ = x }\nif true { x := \"s\"; _ = x }\nfmt.Println(x)",
			stdout: "10\n",
		},
		{
			name:   "comma-ok at top level",
			cell:   "import \"fmt\"\nm := map[string]int{\"a\": 1}\nvar h1, h2 = m[\"a\"]\nfmt.Println(h1, h2)\nvar h3, h4 = m[\"z\"]\nfmt.Println(h3, h4)\nvar y any = 2.5\nf, isF := y.(float64)\ns, isS := y.(string)\nfmt.Println(f, isF, s == \"\", isS)",
			stdout: "1 true\n0 false\n2.5 true true false\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newSessionAfter(t, tt.setup)
			ts.output()
			ts.mustRun(tt.cell)
			if out, _ := ts.output(); out != tt.stdout {
				t.Errorf("stdout %q, want %q", out, tt.stdout)
			}
		})
	}
}

func TestYaegiValues(t *testing.T) {
	tests := []struct {
		name   string
		cell   string
		stdout string
	}{
		{
			// yaegi kept references to the arguments: 3 3 3.
			name:   "deferred arguments in loops",
			cell:   "import \"fmt\"\nfunc countdown() {\n\tfor i := 0; i < 3; i++ {\n\t\tdefer fmt.Println(i)\n\t}\n\tfor _, s := range []string{\"a\", \"b\"} {\n\t\tdefer fmt.Println(s)\n\t}\n\tfor i := range 2 {\n\t\tdefer fmt.Println(i * 10)\n\t}\n}\ncountdown()",
			stdout: "10\n0\nb\na\n2\n1\n0\n",
		},
		{
			// yaegi read the receiver of a method of the cell's
			// types when the function returned: PT 20, T 2 thrice.
			name:   "deferred method calls in a loop",
			cell:   "import (\n\t\"fmt\"\n\t\"log\"\n\t\"os\"\n)\ntype T struct{ n int }\nfunc (t T) Show() { fmt.Println(\"T\", t.n) }\nfunc (t *T) PShow() { fmt.Println(\"PT\", t.n) }\nfunc f() {\n\tfor i := 0; i < 3; i++ {\n\t\tl := log.New(os.Stdout, fmt.Sprint(\"L\", i, \" \"), 0)\n\t\tdefer l.Println(\"x\")\n\t\tt := T{i}\n\t\tdefer t.Show()\n\t\tp := &T{i * 10}\n\t\tdefer p.PShow()\n\t}\n}\nf()",
			stdout: "PT 20\nT 2\nL2 x\nPT 10\nT 1\nL1 x\nPT 0\nT 0\nL0 x\n",
		},
		{
			// Results started as the previous call left them.
			name:   "results start at zero",
			cell:   "import \"fmt\"\nfunc f(x int) (r int) {\n\tif x > 0 {\n\t\tr = x\n\t}\n\treturn\n}\nfunc g(x int) int {\n\tdefer func() { recover() }()\n\tif x == 0 {\n\t\tpanic(\"zero\")\n\t}\n\treturn x\n}\nfor _, x := range []int{5, -1} {\n\tfmt.Println(f(x), g(x+1))\n}",
			stdout: "5 6\n0 0\n",
		},
		{
			// A miss left the value of the previous iteration.
			name:   "comma-ok in loops",
			cell:   "import \"fmt\"\nm := map[string]int{\"a\": 1}\nfor _, k := range []string{\"a\", \"b\"} {\n\tv, ok := m[k]\n\tfmt.Println(v, ok)\n}\nfor _, x := range []any{\"s\", 1} {\n\ts, ok := x.(string)\n\tfmt.Printf(\"%q %v\\n\", s, ok)\n}\nv := 5\nv, _ = m[\"none\"]\nfmt.Println(v)",
			stdout: "1 true\n0 false\n\"s\" true\n\"\" false\n0\n",
		},
		{
			// a was 0 and y was 0.
			name:   "several values with a composite literal or a call",
			cell:   "import \"fmt\"\nfunc one() int { return 1 }\na, b := 1, []int{2}\nvar x, y int\nx, y = one(), 2\nfmt.Println(a, b, x, y)",
			stdout: "1 [2] 1 2\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestSession(t, nil)
			ts.mustRun(tt.cell)
			if out, _ := ts.output(); out != tt.stdout {
				t.Errorf("stdout %q, want %q", out, tt.stdout)
			}
		})
	}
}

func TestUnsupportedDefer(t *testing.T) {
	tests := []struct {
		name string
		cell string
		line int
		msg  string
	}{
		{
			name: "defer at top level",
			cell: "import \"fmt\"\ndefer fmt.Println(1)",
			line: 2,
			msg:  "defer outside a function is not supported",
		},
		{
			name: "defer in a top-level loop",
			cell: "import \"fmt\"\nfor i := 0; i < 2; i++ {\n\tdefer fmt.Println(i)\n}",
			line: 3,
			msg:  "defer outside a function is not supported",
		},
		{
			name: "return at top level",
			cell: "for i := 0; i < 3; i++ {\n\tif i == 1 {\n\t\treturn\n\t}\n}",
			line: 3,
			msg:  "return outside a function is not supported",
		},
		{
			name: "deferred recover using a loop variable",
			cell: "func f() (err any) {\n\tfor i := 0; i < 2; i++ {\n\t\tdefer func() { err = recover(); _ = i }()\n\t}\n\treturn\n}",
			line: 3,
			msg:  "calls recover and uses i of the loop",
		},
		{
			name: "deferred literal using a variable the loop changes",
			cell: "import \"fmt\"\nfunc g() {\n\tfor i := 0; i < 2; i++ {\n\t\tx := i\n\t\tdefer func() { fmt.Println(x) }()\n\t\tx++\n\t}\n}",
			line: 5,
			msg:  "uses x, which the loop changes",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestSession(t, nil)
			_, err := ts.run(tt.cell)
			if err == nil {
				t.Fatal("no error")
			}
			e := asError(t, err)
			if e.Name != CompileError || e.Line != tt.line || !strings.Contains(e.Message, tt.msg) {
				t.Errorf("error %q (%s, line %d), want a compile error at line %d containing %q", e.Message, e.Name, e.Line, tt.line, tt.msg)
			}
			if out, _ := ts.output(); out != "" {
				t.Errorf("stdout %q, want none", out)
			}
		})
	}
}

func TestLocalizedTraceback(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun(`func h() { panic("deep") }`)
	for _, c := range []struct {
		cell  string
		trace []string
	}{
		{"for i := 0; i < 3; i++ { if i == 1 { h() } }", []string{"cell:1:1: panic: deep", "\tin h (function defined in cell[1])"}},
		{"for i := 0; i < 3; i++ { func() { if i == 1 { h() } }() }", []string{"cell:1:1: panic: deep", "\tin h (function defined in cell[1])", "\tin func (function defined in cell)"}},
	} {
		_, err := ts.run(c.cell)
		if err == nil {
			t.Fatalf("cell %q: no error", c.cell)
		}
		e := asError(t, err)
		if strings.Join(e.Traceback, "\n") != strings.Join(c.trace, "\n") {
			t.Errorf("cell %q: traceback %q, want %q", c.cell, e.Traceback, c.trace)
		}
	}
}

// A closure handed to a function in a loop over an integer has its own
// iteration's variable, as in a three-clause loop.
func TestRangeIntClosurePassedToCall(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun("import \"sync\"")
	res := ts.mustRun("res := make([]int, 3)\nvar wg sync.WaitGroup\nfor i := range 3 {\n\twg.Go(func() { res[i] = i + 1 })\n}\nwg.Wait()\nres")
	if res.Text != "[1 2 3]" {
		t.Errorf("res = %s, want [1 2 3]", res.Text)
	}
}
