package eval

import "testing"

// A method value binds its receiver when it is evaluated, as in Go.
func TestMethodValuesBindTheirReceiver(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun("import \"sync\"\ntype W struct{ ID int }\nfunc (w W) Get() int { return w.ID }\nfunc (w *W) PGet() int { return w.ID }\nfunc (w *W) Inc() { w.ID++ }")
	for _, c := range []struct{ code, want string }{
		{"var fs []func() int\nfor _, w := range []W{{1}, {2}} {\n\tfs = append(fs, w.Get)\n}\n[]int{fs[0](), fs[1]()}", "[1 2]"},
		{"var fs []func() int\nfor _, w := range []*W{{1}, {2}} {\n\tfs = append(fs, w.PGet)\n}\n[]int{fs[0](), fs[1]()}", "[1 2]"},
		// A variable is bound by its address: a WaitGroup's Done is not
		// copied, although the notebook declares a value method Done.
		{"type Task struct{}\nfunc (Task) Done() {}\nvar wg2 sync.WaitGroup\nwg2.Add(1)\nf := wg2.Done\nf()\nwg2.Wait()\n\"released\"", `"released"`},
		{"v := W{5}\ninc := v.Inc\ninc()\ninc()\nv.ID", "7"},
		{"ws := []W{{1}, {2}}\nvar wg sync.WaitGroup\nfor i := range ws {\n\twg.Go(ws[i].Inc)\n}\nwg.Wait()\n[]int{ws[0].ID, ws[1].ID}", "[2 3]"},
	} {
		if res := ts.mustRun(c.code); res.Text != c.want {
			t.Errorf("%s\n= %s, want %s", c.code, res.Text, c.want)
		}
	}
}
