package eval

import (
	"strings"
	"testing"
)

// splitImport returns the first line of cell when it is an import, and the
// rest.
func splitImport(cell string) (imports, rest string) {
	if strings.HasPrefix(cell, "import") {
		line, rest, _ := strings.Cut(cell, "\n")
		return line + "\n", rest
	}
	return "", cell
}

// TestStandardLibraryAdditions runs what extraSource and the rewrites add,
// against the output the same code gives compiled by Go.
func TestStandardLibraryAdditions(t *testing.T) {
	for _, tc := range []struct{ name, cell, want string }{
		{"OnceValue", `import "sync"
n := 0
f := sync.OnceValue(func() int { n++; return 42 })
fmt.Println(f(), f(), n)`, "42 42 1\n"},
		{"OnceValues", `import "sync"
g := sync.OnceValues(func() (string, error) { return "v", nil })
s, err := g()
fmt.Println(s, err)`, "v <nil>\n"},
		{"OnceFunc", `import "sync"
calls := 0
h := sync.OnceFunc(func() { calls++ })
h(); h()
fmt.Println(calls)`, "1\n"},
		{"atomic.Pointer", `import "sync/atomic"
type conf struct{ N int }
var p atomic.Pointer[conf]
fmt.Println(p.Load() == nil)
p.Store(&conf{1})
old := p.Swap(&conf{2})
fmt.Println(old.N, p.Load().N, p.CompareAndSwap(old, &conf{3}), p.Load().N)`, "true\n1 2 false 2\n"},
		{"slices", `import "slices"
s := []int{5, 2, 8, 1}
c := slices.Clone(s)
slices.Sort(s)
i, ok := slices.BinarySearch(s, 5)
slices.Reverse(c)
fmt.Println(s, c, slices.Max(s), slices.Min(s), i, ok, slices.IsSorted(s), slices.Contains(s, 8), slices.Index(s, 8))
words := []string{"ccc", "a", "bb", "dd"}
slices.SortStableFunc(words, func(a, b string) int { return len(a) - len(b) })
fmt.Println(words)`, "[1 2 5 8] [1 8 2 5] 8 1 2 true true true 3\n[a bb dd ccc]\n"},
		{"recover gives the value", `import "errors"
try := func() (err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(error)
			err = fmt.Errorf("recovered %v %v", e, ok)
		}
	}()
	panic(errors.New("boom"))
}
fmt.Println(try())`, "recovered boom true\n"},
		{"range over a slice of channels", `chs := []chan int{make(chan int, 1), make(chan int, 1)}
for i, c := range chs {
	c <- i * 10
}
for _, c := range chs {
	fmt.Println(<-c)
}
m := map[string]chan string{"a": make(chan string, 1)}
for k, c := range m {
	c <- k
	close(c)
}
for v := range m["a"] {
	fmt.Println(v)
}`, "0\n10\na\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestSession(t, nil)
			ts.mustRun(`import "fmt"`)
			// In a function: yaegi cannot give a variable of the notebook
			// (top level) the type a generic function's result has.
			imports, body := splitImport(tc.cell)
			ts.mustRun(imports + "func run() {\n" + body + "\n}\nrun()")
			if out, _ := ts.output(); out != tc.want {
				t.Errorf("output %q, want %q", out, tc.want)
			}
		})
	}
}

// TestGenericResultAtTopLevel checks the message for what yaegi cannot do:
// give a notebook variable the result of a generic function.
func TestGenericResultAtTopLevel(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun(`import "slices"`)
	_, err := ts.run("xs := []int{1, 3, 2}\nm := slices.Max(xs)")
	if err == nil || !strings.Contains(err.Error(), "cannot keep the result of slices.Max(xs) in a variable of the notebook") {
		t.Errorf("got %v", err)
	}
	if res := ts.mustRun("xs := []int{1, 3, 2}\nm := int(slices.Max(xs))\nm"); res.Text != "3" {
		t.Errorf("with a conversion: %s", res.Text)
	}
}
