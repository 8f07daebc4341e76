package eval

import (
	"testing"
)

func TestGo122(t *testing.T) {
	tests := []struct {
		name   string
		setup  []string
		cell   string
		want   string // value
		stdout string
	}{
		{
			name:   "closures in a three-clause loop",
			cell:   "import \"fmt\"\nvar fns []func()\nfor i := 0; i < 3; i++ {\n\tfns = append(fns, func() { fmt.Print(i, \" \") })\n}\nfor _, f := range fns {\n\tf()\n}",
			stdout: "0 1 2 ",
		},
		{
			name:   "closures in a loop in a function",
			cell:   "import \"fmt\"\nfunc loops() {\n\tvar fns []func()\n\tfor i, j := 0, 10; i < 3; i, j = i+1, j-1 {\n\t\tfns = append(fns, func() { fmt.Print(i, j, \" \") })\n\t}\n\tfor _, f := range fns {\n\t\tf()\n\t}\n}\nloops()",
			stdout: "0 10 1 9 2 8 ",
		},
		{
			name:   "goroutines in a range loop",
			cell:   "import (\"fmt\"; \"sync\")\nvar wg sync.WaitGroup\nvar mu sync.Mutex\nseen := map[string]bool{}\nfor _, s := range []string{\"a\", \"b\", \"c\"} {\n\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\tmu.Lock()\n\t\tseen[s] = true\n\t\tmu.Unlock()\n\t}()\n}\nwg.Wait()\nfmt.Println(len(seen))",
			stdout: "3\n",
		},
		{
			name: "closures passed to a function in loops",
			cell: "import \"sync\"\nvar fs []func() int\nfor i := 0; i < 3; i++ {\n\tfs = append(fs, func() int { return i })\n}\nvar wg sync.WaitGroup\nvar mu sync.Mutex\nsum := 0\nfor _, v := range []int{1, 2, 3} {\n\twg.Go(func() { mu.Lock(); sum += v * 100; mu.Unlock() })\n}\nwg.Wait()\nfs[0]() + fs[1]()*10 + fs[2]()*100 + sum*1000",
			want: "600210",
		},
		{
			name: "address of a range variable",
			cell: "var ps []*int\nfor _, v := range []int{1, 2, 3} {\n\tps = append(ps, &v)\n}\n*ps[0] + *ps[1]*10 + *ps[2]*100",
			want: "321",
		},
		{
			name: "loop variable changed by the body",
			cell: "n := 0\nfor i := 0; i < 10; i++ {\n\ti++\n\tn++\n\tfunc() {}()\n}\nn",
			want: "5",
		},
		{
			name:   "range over an int",
			cell:   "import \"fmt\"\nfor i := range 3 {\n\tfmt.Print(i)\n}\nfor range 2 {\n\tfmt.Print(\"x\")\n}",
			stdout: "012xx",
		},
		{
			name:   "range over an int variable",
			setup:  []string{"n := 4", "const workers = 2"},
			cell:   "import \"fmt\"\nfor i := range n {\n\tfmt.Print(i)\n}\nfor w := range workers {\n\tfmt.Print(w)\n}\nfunc count(k int64) (s int64) {\n\tfor i := range k {\n\t\ts += i\n\t}\n\treturn s\n}\ncount(5)",
			want:   "10",
			stdout: "012301",
		},
		{
			name:   "range over len",
			cell:   "import \"fmt\"\nwords := []string{\"a\", \"b\"}\nfor i := range len(words) {\n\tfmt.Print(i, words[i])\n}",
			stdout: "0a1b",
		},
		{
			name: "range over an int with closures",
			cell: "var fns []func() int\nfor i := range 3 {\n\tfns = append(fns, func() int { return i })\n}\nfns[0]() + fns[1]()*10 + fns[2]()*100",
			want: "210",
		},
		{
			name:   "range over a field and a call",
			setup:  []string{"type Config struct{ Workers int }", "cfg := Config{2}", "func three() int { return 3 }"},
			cell:   "import \"fmt\"\nfor i := range cfg.Workers {\n\tfmt.Print(i)\n}\nfor i := range three() {\n\tfmt.Print(i)\n}",
			stdout: "01012",
		},
		{name: "min", cell: "min(3, 1, 2)", want: "1"},
		{name: "max of floats", cell: "max(2.5, 1)", want: "2.5"},
		{name: "min of typed values", cell: "x := 7\ny := 3\nmin(x, y, 5)", want: "3"},
		{name: "max with a constant first", cell: "f := 1.5\nmax(1, f)", want: "1.5"},
		{name: "min of strings", cell: `min("b", "a", "c")`, want: `"a"`},
		{name: "clear a map", cell: "m := map[string]int{\"a\": 1}\nclear(m)\nlen(m)", want: "0"},
		{name: "clear a slice", cell: "s := []int{1, 2}\nclear(s)\ns", want: "[0 0]"},
		{name: "own min", cell: "func min(a, b string) string { return a }\nmin(\"x\", \"y\")", want: `"x"`},
		{
			name:   "break label from a select",
			cell:   "import (\"fmt\"; \"time\")\ndone := make(chan bool)\ngo func() {\n\ttime.Sleep(10 * time.Millisecond)\n\tclose(done)\n}()\nn := 0\nloop:\n\tfor {\n\t\tselect {\n\t\tcase <-done:\n\t\t\tbreak loop\n\t\tdefault:\n\t\t\tn++\n\t\t\ttime.Sleep(time.Millisecond)\n\t\t}\n\t}\nfmt.Println(\"out\", n > 0)",
			stdout: "out true\n",
		},
		{
			name: "break label from a select in a function",
			cell: "func drain(ch chan int) (sum int) {\nloop:\n\tfor {\n\t\tselect {\n\t\tcase v, ok := <-ch:\n\t\t\tif !ok {\n\t\t\t\tbreak loop\n\t\t\t}\n\t\t\tsum += v\n\t\t}\n\t}\n\treturn sum\n}\nch := make(chan int, 3)\nch <- 1\nch <- 2\nclose(ch)\ndrain(ch)",
			want: "3",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newSessionAfter(t, tt.setup)
			res := ts.mustRun(tt.cell)
			if res.Text != tt.want {
				t.Errorf("value %q, want %q", res.Text, tt.want)
			}
			if out, _ := ts.output(); out != tt.stdout {
				t.Errorf("stdout %q, want %q", out, tt.stdout)
			}
		})
	}
}
