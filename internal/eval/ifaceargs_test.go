package eval

import "testing"

// A value of a notebook type with methods, passed straight to a parameter
// of interface type of a notebook function after an earlier chunk used
// the type, reached the function as nil or panicked there.
func TestValuesReachInterfaceParameters(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun(`import "fmt"
type Task struct{ ID int }
func (t Task) String() string { return fmt.Sprint("task ", t.ID) }
type Shape interface{ Area() int }
type Sq struct{ S int }
func (s Sq) Area() int { return s.S * s.S }
type Log struct{ lines []string }
func (l *Log) Add(v any) { l.lines = append(l.lines, fmt.Sprint(v)) }
func show(v any) string { return fmt.Sprint(v) }
func all(vs ...interface{}) string { return fmt.Sprint(vs...) }
func area(s Shape) int { return s.Area() }`)
	ts.mustRun("x := Task{1}\ny := Sq{1}\n_, _ = x, y")
	for _, c := range []struct{ code, want string }{
		{"show(Task{2})", `"task 2"`},
		{"ts := []Task{{3}}\nshow(ts[0])", `"task 3"`},
		{"all(Task{4}, Task{5})", `"task 4 task 5"`},
		{"area(Sq{6})", "36"},
		{"var l Log\nl.Add(Task{7})\nl.lines[0]", `"task 7"`},
	} {
		if res := ts.mustRun(c.code); res.Text != c.want {
			t.Errorf("%s\n= %s, want %s", c.code, res.Text, c.want)
		}
	}
}
