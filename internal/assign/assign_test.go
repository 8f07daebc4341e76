package assign

import (
	"errors"
	"strings"
	"testing"

	"gocell/internal/notebook"
	"gocell/internal/runner"
)

func TestStubSolutions(t *testing.T) {
	src := "func f() int {\n\t// BEGIN SOLUTION\n\treturn 42\n\t// END SOLUTION\n}\n// BEGIN SOLUTION\nvar x = 1\n// END SOLUTION\nvar y = 2"
	got, err := StubSolutions(src)
	want := "func f() int {\n\t// YOUR CODE HERE\n\tpanic(\"not implemented\")\n}\n// YOUR CODE HERE\nvar y = 2"
	if err != nil || got != want {
		t.Errorf("StubSolutions = %q, %v\nwant %q", got, err, want)
	}
	for _, bad := range []string{
		"// BEGIN SOLUTION\nx",
		"x\n// END SOLUTION",
		"// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION",
		"// BEGIN SOLUTION\n// BEGIN HIDDEN TESTS\n// END SOLUTION",
	} {
		_, err := StubSolutions(bad)
		var re *RegionError
		if !errors.As(err, &re) {
			t.Errorf("StubSolutions(%q) = %v, want a RegionError", bad, err)
		}
	}
}

func TestRemoveHidden(t *testing.T) {
	got, err := RemoveHidden("a\n  // BEGIN HIDDEN TESTS  \nsecret\n// END HIDDEN TESTS\nb")
	if err != nil || got != "a\nb" {
		t.Errorf("RemoveHidden = %q, %v", got, err)
	}
}

func FuzzRegions(f *testing.F) {
	f.Add("func f() {\n\t// BEGIN SOLUTION\n\tx\n\t// END SOLUTION\n}")
	f.Add("// BEGIN HIDDEN TESTS\n// END HIDDEN TESTS\n")
	f.Fuzz(func(t *testing.T, src string) {
		out, err := StubSolutions(src)
		if err == nil && strings.Contains(out, BeginSolution) && !strings.Contains(src, BeginSolution+BeginSolution) {
			for _, l := range strings.Split(out, "\n") {
				if markerOf(l) == BeginSolution {
					t.Fatalf("marker left in %q", out)
				}
			}
		}
		RemoveHidden(src)
	})
}

func pts(p float64) *float64 { return &p }

func cell(src string, g *notebook.NBGrader) notebook.Cell {
	return notebook.Cell{CellType: notebook.CodeCell, Source: notebook.Text(src), Metadata: notebook.CellMetadata{NBGrader: g}}
}

func source() *notebook.Notebook {
	one := 1
	c0 := cell("import \"gocell/check\"", nil)
	c0.ExecutionCount = &one
	c0.Outputs = []notebook.Output{{OutputType: "stream", Name: "stdout", Text: "x"}}
	return &notebook.Notebook{NBFormat: 4, NBFormatMinor: 5, Cells: []notebook.Cell{
		c0,
		cell("func f() int {\n\t// BEGIN SOLUTION\n\treturn 42\n\t// END SOLUTION\n}", &notebook.NBGrader{Solution: true, GradeID: "sol"}),
		cell("check.Equal(f(), 42)\n// BEGIN HIDDEN TESTS\ncheck.True(f() > 0, \"positive\")\n// END HIDDEN TESTS", &notebook.NBGrader{Grade: true, GradeID: "t1", Points: pts(2)}),
		cell("check.True(true, \"free\")", &notebook.NBGrader{Grade: true, GradeID: "t2", Points: pts(1)}),
	}}
}

func TestStudentAndMerge(t *testing.T) {
	src := source()
	st, err := Student(src)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(st.Cells[1].Source); strings.Contains(s, "42") || !strings.Contains(s, StubPanic) {
		t.Errorf("solution not stubbed: %q", s)
	}
	if s := string(st.Cells[2].Source); strings.Contains(s, "positive") || !strings.Contains(s, "check.Equal") {
		t.Errorf("hidden tests not removed: %q", s)
	}
	if st.Cells[0].Outputs != nil || st.Cells[0].ExecutionCount != nil {
		t.Error("outputs kept")
	}
	if !strings.Contains(string(src.Cells[1].Source), "42") || src.Cells[0].Outputs == nil {
		t.Error("source changed")
	}
	// The student answers and edits a test; grading puts the tests back.
	st.Cells[1].Source = "func f() int { return 42 }"
	st.Cells[2].Source = "// nothing to see"
	m, err := Merge(src, st)
	if err != nil {
		t.Fatal(err)
	}
	if string(m.Cells[1].Source) != "func f() int { return 42 }" || !strings.Contains(string(m.Cells[2].Source), "positive") {
		t.Errorf("merged: %q / %q", m.Cells[1].Source, m.Cells[2].Source)
	}
}

func TestValidate(t *testing.T) {
	for name, change := range map[string]func(nb *notebook.Notebook){
		"no points":        func(nb *notebook.Notebook) { nb.Cells[3].Metadata.NBGrader.Points = nil },
		"duplicate id":     func(nb *notebook.Notebook) { nb.Cells[3].Metadata.NBGrader.GradeID = "t1" },
		"stray marker":     func(nb *notebook.Notebook) { nb.Cells[0].Source += "\n// BEGIN SOLUTION\n// END SOLUTION" },
		"unclosed":         func(nb *notebook.Notebook) { nb.Cells[2].Source += "\n// BEGIN HIDDEN TESTS" },
		"hidden elsewhere": func(nb *notebook.Notebook) { nb.Cells[1].Source += "\n// BEGIN HIDDEN TESTS\n// END HIDDEN TESTS" },
		"no nbgrader":      func(nb *notebook.Notebook) { nb.Cells = nb.Cells[:1] },
	} {
		nb := source()
		change(nb)
		if _, err := Student(nb); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if err := Validate(source()); err != nil {
		t.Errorf("valid source: %v", err)
	}
}

func TestScore(t *testing.T) {
	src := source()
	merged, _ := Merge(src, src)
	rep := &runner.Report{Cells: []runner.CellResult{
		{Index: 0, Status: runner.Passed},
		{Index: 1, Status: runner.Passed},
		{Index: 2, Status: runner.Failed, Err: &runner.CellError{Name: "CheckFailed", Value: "1 of 2 checks failed\nFAIL check.True: positive"}},
		{Index: 3, Status: runner.Passed},
	}}
	g := Score(src, merged, rep)
	if g.Score != 1 || g.MaxScore != 3 || len(g.Exercises) != 2 {
		t.Fatalf("grade %+v", g)
	}
	if e := g.Exercises[0]; e.Status != "failed" || !strings.Contains(e.Reason, "FAIL check.True: positive") || e.Cell != 3 {
		t.Errorf("exercise %+v", e)
	}
	rep.Cells[3] = runner.CellResult{Index: 3, Status: runner.TimedOut, Message: "cell 4 timed out after 1s"}
	if g := Score(src, merged, rep); g.Score != 0 || g.Exercises[1].Reason != "cell 4 timed out after 1s" {
		t.Errorf("timeout grade %+v", g)
	}
	// A submission without the test cell.
	sub := &notebook.Notebook{NBFormat: 4, Cells: src.Cells[:3]}
	m2, _ := Merge(src, sub)
	g = Score(src, m2, &runner.Report{})
	if e := g.Exercises[1]; e.Status != "missing" || g.Score != 0 {
		t.Errorf("missing %+v", e)
	}
	if !strings.Contains(g.Summary(), "total                        0 / 3") {
		t.Errorf("summary:\n%s", g.Summary())
	}
}
