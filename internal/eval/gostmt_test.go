package eval

import "testing"

// Goroutines started from one go statement in a loop, round after round:
// each must run its own closure, with its round's variables. Without
// privateGoFuncs, a goroutine that ends writes an older closure back where
// the go statement reads the next one, and results go to an older round's
// slice (or a nil function is called).
func TestGoStatementInLoopRunsItsOwnClosure(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun(`import "sync"`)
	ts.mustRun(`func rounds() (lost int) {
	for round := 1; round <= 300; round++ {
		var wg sync.WaitGroup
		got := make([]int, 40)
		for i := 0; i < 40; i++ {
			wg.Add(1)
			go func(r int) {
				defer wg.Done()
				got[i] = i * r
			}(round)
		}
		wg.Wait()
		for i, v := range got {
			if v != i*round {
				lost++
			}
		}
	}
	return lost
}`)
	res := ts.mustRun(`rounds()`)
	if res.Text != "0" {
		t.Fatalf("rounds() = %s results lost or misplaced, want 0", res.Text)
	}
}

// go j.Run(...) in a loop runs each iteration's j, with the arguments of
// its iteration, constants keeping their type.
func TestGoStatementCallingAMethodBindsItsReceiver(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun(`import "sync"
type Job struct{ ID int }
func (j Job) Run(wg *sync.WaitGroup, out []float64, i int, scale float64) {
	defer wg.Done()
	out[i] = float64(j.ID) * scale
}`)
	res := ts.mustRun(`out := make([]float64, 3)
var wg sync.WaitGroup
for i, j := range []Job{{1}, {2}, {3}} {
	wg.Add(1)
	go j.Run(&wg, out, i, 2)
}
wg.Wait()
out`)
	if res.Text != "[2 4 6]" {
		t.Errorf("out = %s, want [2 4 6]", res.Text)
	}
}

// The same with a pointer receiver: a range variable holding a pointer,
// an element of a slice, an element of a map of pointers.
func TestGoStatementCallingAPointerMethod(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun(`import "sync"
type Worker struct{ ID, Done int }
func (w *Worker) Work(wg *sync.WaitGroup, mu *sync.Mutex, sum *int) {
	defer wg.Done()
	w.Done++
	mu.Lock()
	*sum += w.ID
	mu.Unlock()
}
var wg sync.WaitGroup
var mu sync.Mutex`)
	for _, c := range []struct{ code, want string }{
		{"ws := []*Worker{{ID: 1}, {ID: 2}, {ID: 4}}\nsum := 0\nfor _, w := range ws {\n\twg.Add(1)\n\tgo w.Work(&wg, &mu, &sum)\n}\nwg.Wait()\n[]int{sum, ws[0].Done, ws[1].Done, ws[2].Done}", "[7 1 1 1]"},
		{"vs := []Worker{{ID: 1}, {ID: 2}}\nsum := 0\nfor i := range vs {\n\twg.Add(1)\n\tgo vs[i].Work(&wg, &mu, &sum)\n}\nwg.Wait()\n[]int{sum, vs[0].Done, vs[1].Done}", "[3 1 1]"},
		{"m := map[string]*Worker{\"a\": {ID: 8}, \"b\": {ID: 16}}\nsum := 0\nfor _, k := range []string{\"a\", \"b\"} {\n\twg.Add(1)\n\tgo m[k].Work(&wg, &mu, &sum)\n}\nwg.Wait()\n[]int{sum, m[\"a\"].Done, m[\"b\"].Done}", "[24 1 1]"},
	} {
		if res := ts.mustRun(c.code); res.Text != c.want {
			t.Errorf("%s\n= %s, want %s", c.code, res.Text, c.want)
		}
	}
}
