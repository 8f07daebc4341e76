package eval

import (
	"reflect"
	"strings"
	"testing"
)

// notebook is the session state completion and inspection tests run in.
const notebook = `import ("bufio"; "fmt"; "os"; "strings")
type Point struct{X, Y int; label strings.Builder}
func (p Point) Norm() int { return p.X*p.X + p.Y*p.Y }
pt := Point{}
myVariable := 1
var sb strings.Builder
r := bufio.NewReader(os.Stdin)
// add adds.
func add(a, b int) int { return a + b }
func origin() *Point { return &Point{} }
_ = fmt.Sprint`

func TestComplete(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun(notebook)
	tests := []struct {
		code       string
		cursor     int // -1: end of code
		want       []string
		contains   []string // when want is nil
		start, end int      // -1: cursor
	}{
		{code: "fmt.Pri", cursor: -1, want: []string{"Print", "Printf", "Println"}, start: 4, end: -1},
		{code: "fmt.Println", cursor: 6, want: []string{"Print", "Printf", "Println"}, start: 4, end: 6},
		{code: "x := 1\nfmt.Sprin", cursor: -1, want: []string{"Sprint", "Sprintf", "Sprintln"}, start: 11, end: -1},
		{code: "time.Sl", cursor: -1, want: []string{"Sleep"}, start: 5, end: -1},
		{code: "rand.Intn", cursor: -1, want: []string{"Intn"}, start: 5, end: -1},
		{code: "str", cursor: -1, contains: []string{"strconv", "string", "strings", "struct"}, start: 0, end: -1},
		{code: "fo", cursor: -1, contains: []string{"for"}, start: 0, end: -1},
		{code: "ap", cursor: -1, contains: []string{"append"}, start: 0, end: -1},
		{code: "myV", cursor: -1, want: []string{"myVariable"}, start: 0, end: -1},
		{code: "ad", cursor: -1, want: []string{"add", "adler32"}, start: 0, end: -1},
		{code: "counterX := 1\ncoun", cursor: -1, want: []string{"counterX"}, start: 14, end: -1},
		{code: "sb.WriteS", cursor: -1, want: []string{"WriteString"}, start: 3, end: -1},
		{code: "r.ReadS", cursor: -1, want: []string{"ReadSlice", "ReadString"}, start: 2, end: -1},
		{code: "pt.", cursor: -1, want: []string{"Norm", "X", "Y", "label"}, start: 3, end: -1},
		{code: "pt.label.Le", cursor: -1, want: []string{"Len"}, start: 9, end: -1},
		{code: "q := origin()\nq.N", cursor: -1, want: []string{"Norm"}, start: 16, end: -1},
		{code: "x := strings.NewReader(\"\")\nx.ReadR", cursor: -1, want: []string{"ReadRune"}, start: 29, end: -1},
		{code: "var w *bufio.Writer\nw.Fl", cursor: -1, want: []string{"Flush"}, start: 22, end: -1},
		{code: `import "encoding/j`, cursor: -1, want: []string{"encoding/json"}, start: 8, end: -1},
		{code: "import (\n\t\"fmt\"\n\t\"net/http/httpt", cursor: -1, want: []string{"net/http/httptest", "net/http/httptrace"}, start: 18, end: -1},
		{code: "// fmt.Pr", cursor: -1, want: nil, start: -1, end: -1},
		{code: `s := "fmt.Pr`, cursor: -1, want: nil, start: -1, end: -1},
		{code: "nothing.", cursor: -1, want: nil, start: 8, end: -1},
		{code: "_gocell", cursor: -1, want: nil, start: 0, end: -1},
	}
	for _, tt := range tests {
		cursor := tt.cursor
		if cursor < 0 {
			cursor = len(tt.code)
		}
		start, end := tt.start, tt.end
		if start < 0 {
			start = cursor
		}
		if end < 0 {
			end = cursor
		}
		got, gs, ge := ts.Complete(tt.code, cursor)
		if tt.contains != nil {
			for _, c := range tt.contains {
				if !contains(got, c) {
					t.Errorf("Complete(%q, %d) = %v lacks %q", tt.code, cursor, got, c)
				}
			}
		} else if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Complete(%q, %d) = %v, want %v", tt.code, cursor, got, tt.want)
		}
		if gs != start || ge != end {
			t.Errorf("Complete(%q, %d) range %d:%d, want %d:%d", tt.code, cursor, gs, ge, start, end)
		}
	}
}

func TestCompleteAnyInput(t *testing.T) {
	ts := newTestSession(t, nil)
	for _, code := range []string{"", ".", "..", "x.", "\"", "`", "import (", "((((", "é.", "1.", "日本.語"} {
		for cursor := -1; cursor <= len(code)+1; cursor++ {
			_, start, end := ts.Complete(code, cursor)
			if start < 0 || end > len(code) || start > end {
				t.Errorf("Complete(%q, %d) range %d:%d", code, cursor, start, end)
			}
			ts.Inspect(code, cursor, 0)
		}
	}
}

func TestInspect(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun(notebook)
	tests := []struct {
		code   string
		cursor int // -1: end of code
		detail int
		want   []string // parts of the text, in order
	}{
		{code: "fmt.Println", cursor: 6, want: []string{"func Println(a ...any) (n int, err error)", "Println formats"}},
		{code: "fmt.Println(\"x\", ", cursor: -1, want: []string{"func Println("}},
		{code: "fmt.Println(f(x), ", cursor: -1, want: []string{"func Println("}},
		{code: "strings.Builder", cursor: -1, want: []string{"type Builder struct", "A Builder is used"}},
		{code: "strings.Builder", cursor: -1, detail: 1, want: []string{"type Builder struct", "Methods:", "func (b *Builder) WriteString(s string) (int, error)"}},
		{code: "math.Pi", cursor: -1, want: []string{"const Pi = 3.14159"}},
		{code: "os.Args", cursor: -1, want: []string{"var Args []string"}},
		{code: "fmt", cursor: 1, want: []string{`package fmt // import "fmt"`, "Package fmt implements formatted I/O"}},
		{code: "len", cursor: 1, want: []string{"func len(v Type) int"}},
		{code: "add(1, 2)", cursor: 1, want: []string{"// add adds.\nfunc add(a, b int) int { return a + b }"}},
		{code: "add(1, ", cursor: -1, want: []string{"func add(a, b int) int"}},
		{code: "myVariable", cursor: 3, want: []string{"var myVariable = 1"}},
		{code: "sb.WriteString", cursor: -1, want: []string{"func (b *Builder) WriteString(s string) (int, error)", "WriteString appends"}},
		{code: "r.ReadString", cursor: -1, want: []string{"func (b *Reader) ReadString(delim byte) (string, error)"}},
		{code: "pt.Norm", cursor: -1, want: []string{"func (p Point) Norm() int"}},
		{code: "pt.X", cursor: -1, want: []string{"field X of type Point", "type Point struct"}},
		{code: "z := 5\nz", cursor: -1, want: []string{"z := 5"}},
		{code: "func local() {}\nlocal()", cursor: 17, want: []string{"func local() {}"}},
	}
	for _, tt := range tests {
		cursor := tt.cursor
		if cursor < 0 {
			cursor = len(tt.code)
		}
		text, found := ts.Inspect(tt.code, cursor, tt.detail)
		if !found {
			t.Errorf("Inspect(%q, %d): not found", tt.code, cursor)
			continue
		}
		rest := text
		for _, w := range tt.want {
			i := strings.Index(rest, w)
			if i < 0 {
				t.Errorf("Inspect(%q, %d) = %q, lacks %q", tt.code, cursor, text, w)
				break
			}
			rest = rest[i+len(w):]
		}
	}
	for _, code := range []string{"zzz", "for", "1234", "// fmt.Println", "fmt.NoSuchThing", ""} {
		if text, found := ts.Inspect(code, len(code)-1, 0); found {
			t.Errorf("Inspect(%q) found %q", code, text)
		}
	}
}

func TestInspectWithoutSource(t *testing.T) {
	// Without $GOROOT/src, help comes from yaegi's symbol table.
	ts := newTestSession(t, nil)
	for _, p := range []string{"fmt", "strings", "math"} {
		ts.docs[p] = nil
	}
	tests := []struct{ code, want string }{
		{"fmt.Println", "func fmt.Println(...interface {}) (int, error)"},
		{"strings.Builder", "type strings.Builder struct"},
		{"math.Pi", "const math.Pi = 3.14159"},
	}
	for _, tt := range tests {
		text, found := ts.Inspect(tt.code, len(tt.code), 0)
		if !found || !strings.HasPrefix(text, tt.want) {
			t.Errorf("Inspect(%q) = %q, %v; want prefix %q", tt.code, text, found, tt.want)
		}
	}
}

func TestIsComplete(t *testing.T) {
	tests := []struct {
		code   string
		status string
		indent string
	}{
		{"", StatusComplete, ""},
		{"x := 1", StatusComplete, ""},
		{"import \"fmt\"\nfmt.Println(1)", StatusComplete, ""},
		{"func f() {\n}", StatusComplete, ""},
		{"func f() {", StatusIncomplete, "\t"},
		{"for {\n\tif x {", StatusIncomplete, "\t\t"},
		{"fmt.Println(foo(", StatusIncomplete, "\t"},
		{"x := []int{\n\t1,", StatusIncomplete, "\t"},
		{"s := `abc", StatusIncomplete, ""},
		{"/* comment", StatusIncomplete, ""},
		{"x := 1 +", StatusIncomplete, ""},
		{"x :=", StatusIncomplete, ""},
		{"if x {\n} else", StatusIncomplete, ""},
		{"fmt.", StatusIncomplete, ""},
		{"x := )", StatusInvalid, ""},
		{"s := \"abc", StatusInvalid, ""},
		{"}", StatusInvalid, ""},
		{"x := 1 1", StatusInvalid, ""},
	}
	for _, tt := range tests {
		status, indent := IsComplete(tt.code)
		if status != tt.status || indent != tt.indent {
			t.Errorf("IsComplete(%q) = %q, %q; want %q, %q", tt.code, status, indent, tt.status, tt.indent)
		}
	}
}

func TestSplitCell(t *testing.T) {
	tests := []struct {
		code  string
		kinds string // one letter per segment: s statement, d declaration, i import, p package
	}{
		{"x := 1", "s"},
		{"package main\nimport \"fmt\"\nfunc main() {}", "pid"},
		{"import (\n\t\"fmt\"\n)\nvar x = 1\nconst c = 2\ntype T int", "iddd"},
		{"func f() {}\nfunc (T) M() {}\nfunc G[T any](x T) {}", "ddd"},
		{"func() {}()\nfunc(x int) int { return x }(1)", "ss"},
		{"go func() {}()\ndefer func() {}()", "ss"},
		{"if x {\n\ty := 1\n} else {\n}\nfor {\n}", "ss"},
		{"x := 1; func f() {}; f()", "sds"},
		{"var (\n\ta = 1\n\tb = 2\n)\nfmt.Println(a)", "ds"},
		{"x := map[string]int{\n\t\"a\": 1,\n}", "s"},
		{"// only a comment", ""},
		{"x := 1\npackage p", "sd"},
	}
	letters := map[segKind]string{segStmt: "s", segDecl: "d", segImport: "i", segPackage: "p"}
	for _, tt := range tests {
		var got string
		for _, sg := range splitCell(tt.code) {
			got += letters[sg.kind]
		}
		if got != tt.kinds {
			t.Errorf("splitCell(%q) = %q, want %q", tt.code, got, tt.kinds)
		}
	}
}
