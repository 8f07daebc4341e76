package assign

import (
	"fmt"
	"strings"

	"gocell/internal/notebook"
	"gocell/internal/runner"
)

// An Exercise is the grade of one test cell.
type Exercise struct {
	GradeID   string  `json:"grade_id"`
	Points    float64 `json:"points"`
	MaxPoints float64 `json:"max_points"`
	// Status is "passed", "failed", "timed out", "not run" or "missing".
	Status string `json:"status"`
	// Reason says why the points were not given, e.g. "CheckFailed: 1 of 3
	// checks failed ...".
	Reason string `json:"reason,omitempty"`
	// Cell is the test cell's 1-based position in the graded notebook, 0
	// when it is missing.
	Cell int `json:"cell,omitempty"`
}

// A Grade is the result of grading one submission.
type Grade struct {
	Exercises []Exercise `json:"exercises"`
	Score     float64    `json:"score"`
	MaxScore  float64    `json:"max_score"`
}

// Score grades the run of merged (from Merge, after runner.Run with
// KeepGoing) against source: each test cell of source, in order, earns its
// points when its cell in merged ran without error. rep may be nil when the
// run could not start: every exercise then gets 0.
func Score(source, merged *notebook.Notebook, rep *runner.Report) *Grade {
	results := map[int]runner.CellResult{}
	if rep != nil {
		for _, r := range rep.Cells {
			results[r.Index] = r
		}
	}
	where := map[string]int{}
	for i := range merged.Cells {
		if id := gradeID(&merged.Cells[i]); id != "" {
			if _, dup := where[id]; !dup {
				where[id] = i
			}
		}
	}
	g := &Grade{Exercises: []Exercise{}}
	for i := range source.Cells {
		c := &source.Cells[i]
		if !isGrade(c) {
			continue
		}
		ex := Exercise{GradeID: gradeID(c)}
		if p := c.Metadata.NBGrader.Points; p != nil {
			ex.MaxPoints = *p
		}
		g.MaxScore += ex.MaxPoints
		idx, ok := where[ex.GradeID]
		if !ok {
			ex.Status, ex.Reason = "missing", "the cell is missing from the submission"
			g.Exercises = append(g.Exercises, ex)
			continue
		}
		ex.Cell = idx + 1
		r, ran := results[idx]
		switch {
		case !ran || r.Status == runner.NotRun:
			ex.Status, ex.Reason = "not run", "the cell was not run"
		case r.Status == runner.Passed:
			ex.Status, ex.Points = "passed", ex.MaxPoints
		case r.Status == runner.TimedOut:
			ex.Status, ex.Reason = "timed out", r.Message
		default:
			ex.Status, ex.Reason = "failed", reason(r)
		}
		g.Score += ex.Points
		g.Exercises = append(g.Exercises, ex)
	}
	return g
}

// reason is why a cell failed, from its error: the error's name and value.
func reason(r runner.CellResult) string {
	if r.Err == nil {
		return r.Message
	}
	v := strings.TrimSpace(r.Err.Value)
	if r.Err.Name == "" {
		return v
	}
	return r.Err.Name + ": " + v
}

// Summary writes the grade as lines of text: one per exercise, then the
// total.
func (g *Grade) Summary() string {
	var b strings.Builder
	for _, e := range g.Exercises {
		fmt.Fprintf(&b, "%-24s %5s / %-5s %s\n", e.GradeID, num(e.Points), num(e.MaxPoints), e.Status)
		if e.Reason != "" {
			for _, l := range strings.Split(e.Reason, "\n") {
				fmt.Fprintf(&b, "    %s\n", l)
			}
		}
	}
	fmt.Fprintf(&b, "%-24s %5s / %-5s\n", "total", num(g.Score), num(g.MaxScore))
	return b.String()
}

func num(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", f), "0"), ".")
}
