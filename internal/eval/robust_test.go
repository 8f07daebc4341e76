package eval

import (
	"context"
	"strings"
	"testing"
	"time"
)

// weird are inputs a student can type; none may panic or hang a session.
var weird = []string{
	"", " ", "\n\n", "}", "{", "(", ")", "[", "]", ";", ";;", ",", ".", "...",
	"package", "package main", "package main\npackage main", "import", "import (", "import ()", `import "`, `import "fmt"; import "fmt"`,
	"func", "func main", "func main() {}", "func (", "func () {}", "func() {}", "var", "var x", "type", "type T", "type T struct{",
	"const", "x :=", "x := 1 +", "go", "defer", "select", "select {\n}", "L:", "goto L", "L: goto L", "return", "return 1", "break", "continue",
	"\x00", "/*", "*/", "`", "'", `"`, "'ab'", "1e999999", "0x", "日本語", "x := 日本", strings.Repeat("(", 200), strings.Repeat("{", 200) + strings.Repeat("}", 200),
	"for range 0 {}", "for i := range -1 {}", "min()", "max(1)", "clear()", "clear(1)", "println()", "print()",
	"panic(nil)", "var e error; panic(e)", "defer println(\"deferred\")", "recover()", "_ = 1", "_ := 1", "x, y := 1",
	"type T[P any] struct{ v P }\nT[int]{1}", "func id[T any](x T) T { return x }\nid(3)", "main", "main()",
	"import \"os\"\nos.Exit(0)", "import \"unsafe\"", "import \"os/exec\"", "import \"syscall\"", "import _ \"embed\"", "import . \"fmt\"",
}

func TestWeirdInput(t *testing.T) {
	ts := newTestSession(t, nil)
	for _, code := range weird {
		// Any result, but no panic; those that block (select {}) are
		// interrupted.
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		ts.Execute(ctx, code)
		cancel()
		IsComplete(code)
		ts.Complete(code, len(code))
		ts.Inspect(code, len(code)/2, 1)
	}
	if res := ts.mustRun("1 + 1"); res.Text != "2" {
		t.Errorf("session broken after weird input: %q", res.Text)
	}
}

func FuzzIsComplete(f *testing.F) {
	for _, code := range weird {
		f.Add(code)
	}
	f.Fuzz(func(t *testing.T, code string) {
		status, _ := IsComplete(code)
		switch status {
		case StatusComplete, StatusIncomplete, StatusInvalid:
		default:
			t.Fatalf("IsComplete(%q) = %q", code, status)
		}
		for _, sg := range splitCell(code) {
			if sg.lead < 0 || sg.lead > sg.start || sg.start > sg.end || sg.end > len(code) {
				t.Fatalf("splitCell(%q): segment %+v", code, sg)
			}
		}
	})
}
