package eval

import (
	"slices"
	"strings"
	"testing"
)

// TestPrograms runs small programs as cells and compares their output with
// what `go run` printed for the same program (the cell's statements in func
// main; the expectations were taken from go run with Go 1.26). Where
// goroutines print in any order, lines are compared sorted.
func TestPrograms(t *testing.T) {
	tests := []struct {
		name      string
		cell      string
		want      string
		sortLines bool
	}{
		{
			name: "multi-value := in a three-clause loop body",
			cell: `import "fmt"
import "strconv"
for i := 0; i < 2; i++ { v, err := strconv.Atoi("1"); fmt.Println(v, err) }`,
			want: "1 <nil>\n1 <nil>\n",
		},
		{
			name: "if with a multi-value init in a loop body",
			cell: `import (
	"fmt"
	"strconv"
)
for _, s := range []string{"1", "x", "3"} {
	if n, err := strconv.Atoi(s); err == nil {
		fmt.Println("ok", n)
	} else {
		fmt.Println("bad", s)
	}
}`,
			want: "ok 1\nbad x\nok 3\n",
		},
		{
			name: "comma-ok forms in range, switch and select bodies",
			cell: `import "fmt"
m := map[string]int{"a": 1}
var xs []any = []any{1, "two", 3.0}
ch := make(chan int, 1)
for _, k := range []string{"a", "b"} {
	v, ok := m[k]
	fmt.Println(k, v, ok)
}
for _, x := range xs {
	switch {
	case true:
		s, ok := x.(string)
		fmt.Printf("%q %v\n", s, ok)
	}
}
ch <- 5
select {
case v, ok := <-ch:
	w, ok2 := m["a"]
	fmt.Println(v, ok, w, ok2)
}`,
			want: "a 1 true\nb 0 false\n\"\" false\n\"two\" true\n\"\" false\n5 true 1 true\n",
		},
		{
			name: "nested blocks declaring several values",
			cell: `import "fmt"
func pair(i int) (int, string) { return i * i, fmt.Sprint("#", i) }
for i := 0; i < 3; i++ {
	{
		if i > 0 {
			sq, label := pair(i)
			{
				sq, extra := sq+1, label+"!"
				fmt.Println(sq, extra)
			}
			fmt.Println(sq, label)
		}
	}
}`,
			want: "2 #1!\n1 #1\n5 #2!\n4 #2\n",
		},
		{
			name: "a goroutine at top level declaring several values",
			cell: `import (
	"fmt"
	"strconv"
)
done := make(chan []string)
go func() {
	var out []string
	for i := 0; i < 3; i++ {
		n, err := strconv.Atoi(strconv.Itoa(i * 7))
		out = append(out, fmt.Sprint(n, err))
	}
	done <- out
}()
fmt.Println(<-done)`,
			want: "[0 <nil> 7 <nil> 14 <nil>]\n",
		},
		{
			name: "closures capture each iteration's variable",
			cell: `import "fmt"
var fs []func()
for i := 0; i < 3; i++ { fs = append(fs, func(){ fmt.Print(i) }) }
for _, f := range fs { f() }
fmt.Println()`,
			want: "012\n",
		},
		{
			name: "goroutines and a WaitGroup",
			cell: `import (
	"fmt"
	"sync"
	"time"
)
var wg sync.WaitGroup
res := make([]int, 5)
for i := 0; i < 5; i++ {
	wg.Add(1)
	go func() {
		defer wg.Done()
		time.Sleep(time.Duration(5-i) * time.Millisecond)
		res[i] = i * i
	}()
}
wg.Wait()
fmt.Println(res)`,
			want: "[0 1 4 9 16]\n",
		},
		{
			name: "defer in a function's loop",
			cell: `import "fmt"
func countdown() {
	for i := 0; i < 3; i++ {
		defer fmt.Print(i, " ")
		defer func() { fmt.Print("[", i, "] ") }()
	}
}
countdown()
fmt.Println()`,
			want: "[2] 2 [1] 1 [0] 0 \n",
		},
		{
			name: "loops inside function bodies",
			cell: `import "fmt"
func makers(n int) []func() int {
	var fs []func() int
	for i := 0; i < n; i++ {
		sq := i * i
		fs = append(fs, func() int { return sq + i })
	}
	return fs
}
for _, f := range makers(4) {
	fmt.Print(f(), " ")
}
fmt.Println()`,
			want: "0 2 6 12 \n",
		},
		{
			name: "continue, and a body that changes the loop variable",
			cell: `import "fmt"
var fs []func() int
for i := 0; i < 10; i++ {
	if i%3 == 0 {
		i++ // skip one more
		continue
	}
	fs = append(fs, func() int { return i })
}
for _, f := range fs {
	fmt.Print(f(), " ")
}
fmt.Println()`,
			want: "2 5 8 \n",
		},
		{
			name: "a closure changes its iteration's variable",
			cell: `import "fmt"
var gets []func() int
for i := 0; i < 6; i++ {
	bump := func() { i += 2 }
	bump()
	gets = append(gets, func() int { return i })
}
for _, g := range gets {
	fmt.Print(g(), " ")
}
fmt.Println()`,
			want: "2 5 \n",
		},
		{
			name: "labeled continue from a nested loop",
			cell: `import "fmt"
var fs []func() string
outer:
for i := 0; i < 3; i++ {
	for j := 0; j < 3; j++ {
		if j > i {
			continue outer
		}
		fs = append(fs, func() string { return fmt.Sprint(i, j) })
	}
}
for _, f := range fs {
	fmt.Print(f(), " ")
}
fmt.Println()`,
			want: "0 0 1 0 1 1 2 0 2 1 2 2 \n",
		},
		{
			name: "two loop variables",
			cell: `import "fmt"
var fs []func() string
for i, j := 0, 10; i < j; i, j = i+2, j-3 {
	fs = append(fs, func() string { return fmt.Sprint(i, ":", j) })
}
for _, f := range fs {
	fmt.Print(f(), " ")
}
fmt.Println()`,
			want: "0:10 2:7 \n",
		},
		{
			name: "range over a slice with closures and pointers",
			cell: `import "fmt"
var fs []func() string
var ps []*string
for i, s := range []string{"a", "b", "c"} {
	fs = append(fs, func() string { return fmt.Sprint(i, s) })
	ps = append(ps, &s)
}
for k, f := range fs {
	fmt.Print(f(), *ps[k], " ")
}
fmt.Println()`,
			want: "0aa 1bb 2cc \n",
		},
		{
			name: "range over a map with goroutines",
			cell: `import (
	"fmt"
	"sort"
	"sync"
)
m := map[string]int{"x": 1, "y": 2, "z": 3}
var mu sync.Mutex
var wg sync.WaitGroup
var got []string
for k, v := range m {
	wg.Add(1)
	go func() {
		defer wg.Done()
		mu.Lock()
		got = append(got, fmt.Sprint(k, "=", v))
		mu.Unlock()
	}()
}
wg.Wait()
sort.Strings(got)
fmt.Println(got)`,
			want: "[x=1 y=2 z=3]\n",
		},
		{
			name: "range over a channel with closures",
			cell: `import "fmt"
ch := make(chan string, 3)
for _, s := range []string{"p", "q", "r"} {
	ch <- s
}
close(ch)
var fs []func() string
for s := range ch {
	fs = append(fs, func() string { return s + s })
}
for _, f := range fs {
	fmt.Print(f(), " ")
}
fmt.Println()`,
			want: "pp qq rr \n",
		},
		{
			name: "range over an int with goroutines",
			cell: `import "fmt"
results := make(chan int, 4)
for i := range 4 {
	go func() { results <- i * 10 }()
}
sum := 0
for range 4 {
	sum += <-results
}
fmt.Println(sum)`,
			want: "60\n",
		},
		{
			name: "select with break to a label",
			cell: `import (
	"fmt"
	"time"
)
tick := make(chan int)
quit := make(chan struct{})
go func() {
	for i := 1; i <= 3; i++ {
		tick <- i
	}
	close(quit)
}()
total := 0
loop:
for {
	select {
	case n := <-tick:
		total += n
	case <-quit:
		break loop
	case <-time.After(time.Second):
		fmt.Println("timeout")
		break loop
	}
}
fmt.Println("total", total)`,
			want: "total 6\n",
		},
		{
			name: "min, max and clear",
			cell: `import "fmt"
a, b := 7, 3
fmt.Println(min(a, b), max(a, b, 9), min(2.5, 1.5), max("go", "gopher"))
s := []int{1, 2, 3}
m := map[string]bool{"k": true}
clear(s)
clear(m)
fmt.Println(s, len(m))`,
			want: "3 9 1.5 gopher\n[0 0 0] 0\n",
		},
		{
			name: "range over integers",
			cell: `import "fmt"
n := 3
for i := range n {
	fmt.Print(i)
}
for i := range len("ab") {
	fmt.Print(i)
}
for range 2 {
	fmt.Print("!")
}
fmt.Println()`,
			want: "01201!!\n",
		},
		{
			name: "assignments of several values",
			cell: `import "fmt"
type P struct{ X, Y int }
func two() (int, int) { return 4, 5 }
a, b := 1, []int{2}
c, d := P{1, 2}, "s"
x, y := 0, 0
x, y = two()
u, v := 10, 20
u, v = v, u
ch := make(chan int, 1)
ch <- 9
r, k := <-ch, 3
var e, f = "e", map[string]int{"f": 6}
fmt.Println(a, b, c, d, x, y, u, v, r, k, e, f)`,
			want: "1 [2] {1 2} s 4 5 20 10 9 3 e map[f:6]\n",
		},
		{
			name: "Fibonacci with a tuple assignment",
			cell: `import "fmt"
a, b := 0, 1
for i := 0; i < 10; i++ {
	a, b = b, a+b
}
fmt.Println(a, b)`,
			want: "55 89\n",
		},
		{
			name: "shadowing in nested blocks",
			cell: `import "fmt"
x := 1
for i := 0; i < 2; i++ {
	x := x + 10*i
	if x := x * 2; x > 0 {
		fmt.Print(x, " ")
	}
	fmt.Print(x, " ")
}
{
	x := "inner"
	fmt.Print(x, " ")
}
fmt.Println(x)`,
			want: "2 1 22 11 inner 1\n",
		},
		{
			name: "deferred arguments are evaluated at the defer",
			cell: `import "fmt"
func show() {
	x := 1
	defer fmt.Println("deferred x =", x)
	x = 2
	fmt.Println("x =", x)
}
show()`,
			want: "x = 2\ndeferred x = 1\n",
		},
		{
			name: "variables declared in a loop body, captured",
			cell: `import "fmt"
var fs []func() string
m := map[int]string{0: "zero", 1: "one", 2: "two"}
for i := 0; i < 3; i++ {
	parts := []int{i, i * i}
	name, ok := m[i]
	fs = append(fs, func() string { return fmt.Sprint(parts, name, ok) })
}
for _, f := range fs {
	fmt.Println(f())
}`,
			want: "[0 0]zerotrue\n[1 1]onetrue\n[2 4]twotrue\n",
		},
		{
			name: "type switch and select variables captured in a loop",
			cell: `import "fmt"
var fs []func() string
ch := make(chan int, 1)
for i, x := range []any{1, "a", 2.5} {
	switch v := x.(type) {
	case int, float64:
		fs = append(fs, func() string { return fmt.Sprint("num ", v) })
	default:
		fs = append(fs, func() string { return fmt.Sprint("other ", v) })
	}
	ch <- i
	select {
	case got := <-ch:
		fs = append(fs, func() string { return fmt.Sprint("got ", got) })
	}
}
for _, f := range fs {
	fmt.Println(f())
}`,
			want: "num 1\ngot 0\nother a\ngot 1\nnum 2.5\ngot 2\n",
		},
		{
			name: "a whole program with func main",
			cell: `package main

import (
	"fmt"
	"sync"
)

type result struct {
	id, square int
}

func worker(id int, jobs <-chan int, out chan<- result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		out <- result{j, j * j}
	}
	_ = id
}

func main() {
	jobs := make(chan int, 10)
	out := make(chan result, 10)
	var wg sync.WaitGroup
	for w := 1; w <= 3; w++ {
		wg.Add(1)
		go worker(w, jobs, out, &wg)
	}
	for j := 1; j <= 6; j++ {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	close(out)
	squares := make([]int, 7)
	for r := range out {
		squares[r.id] = r.square
	}
	fmt.Println(squares)
}`,
			want: "[0 1 4 9 16 25 36]\n",
		},
		{
			name: "closures over a counter",
			cell: `import "fmt"
func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}
c1, c2 := counter(), counter()
fmt.Println(c1(), c1(), c2(), c1())`,
			want: "1 2 1 3\n",
		},
		{
			name: "a struct loop variable changed through a field",
			cell: `import "fmt"
type pt struct{ x, y int }
var fs []func() string
for p := (pt{0, 0}); p.x < 5; p.x++ {
	p.y = p.x * 2
	if p.x == 2 {
		p.x++
	}
	fs = append(fs, func() string { return fmt.Sprint(p) })
}
for _, f := range fs {
	fmt.Print(f(), " ")
}
fmt.Println()`,
			want: "{0 0} {1 2} {3 4} {4 8} \n",
		},
		{
			name: "recover in a deferred function literal",
			cell: `import (
	"errors"
	"fmt"
)
func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New(fmt.Sprint("recovered: ", r))
		}
	}()
	return a / b, nil
}
for _, d := range []int{2, 0} {
	fmt.Println(safeDiv(10, d))
}`,
			want: "5 <nil>\n0 recovered: runtime error: integer divide by zero\n",
		},
		{
			name: "a mutex unlocked by defer",
			cell: `import (
	"fmt"
	"sync"
)
type account struct {
	mu      sync.Mutex
	balance int
}
func (a *account) deposit(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += n
}
acct := &account{}
var wg sync.WaitGroup
for i := 1; i <= 100; i++ {
	wg.Add(1)
	go func() {
		defer wg.Done()
		acct.deposit(i)
	}()
}
wg.Wait()
fmt.Println(acct.balance)`,
			want: "5050\n",
		},
		{
			name:      "goroutines printing in any order",
			sortLines: true,
			cell: `import (
	"fmt"
	"sync"
)
var wg sync.WaitGroup
for i, name := range []string{"ann", "bob", "cy"} {
	wg.Add(1)
	go func() {
		defer wg.Done()
		fmt.Println(i, name)
	}()
}
wg.Wait()
`,
			want: "0 ann\n1 bob\n2 cy\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestSession(t, nil)
			ts.mustRun(tt.cell)
			got, _ := ts.output()
			want := tt.want
			if tt.sortLines {
				got, want = sortedLines(got), sortedLines(want)
			}
			if got != want {
				t.Errorf("stdout\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// sortedLines returns the lines of s in order.
func sortedLines(s string) string {
	lines := strings.SplitAfter(s, "\n")
	slices.Sort(lines)
	return strings.Join(lines, "")
}
