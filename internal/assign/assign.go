package assign

import (
	"errors"
	"fmt"

	"gocell/internal/notebook"
)

// A CellError is a problem with one cell of a notebook.
type CellError struct {
	Cell int // 1-based, counting every cell
	Err  error
}

func (e *CellError) Error() string { return fmt.Sprintf("cell %d: %v", e.Cell, e.Err) }
func (e *CellError) Unwrap() error { return e.Err }

// clone returns a deep copy of nb.
func clone(nb *notebook.Notebook) (*notebook.Notebook, error) {
	b, err := notebook.Marshal(nb)
	if err != nil {
		return nil, fmt.Errorf("assign: %w", err)
	}
	c, err := notebook.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("assign: %w", err)
	}
	return c, nil
}

func isSolution(c *notebook.Cell) bool {
	return c.Metadata.NBGrader != nil && c.Metadata.NBGrader.Solution
}
func isGrade(c *notebook.Cell) bool { return c.Metadata.NBGrader != nil && c.Metadata.NBGrader.Grade }

func gradeID(c *notebook.Cell) string {
	if c.Metadata.NBGrader == nil {
		return ""
	}
	return c.Metadata.NBGrader.GradeID
}

// Validate checks the instructor's notebook: grade_ids are there and unique
// in the cells nbgrader marks, test cells have points, and markers appear
// only in the cells they belong to and are well formed.
func Validate(source *notebook.Notebook) error {
	ids := map[string]int{}
	var errs []error
	for i := range source.Cells {
		c := &source.Cells[i]
		fail := func(format string, a ...any) {
			errs = append(errs, &CellError{Cell: i + 1, Err: fmt.Errorf(format, a...)})
		}
		src := string(c.Source)
		if c.Metadata.NBGrader != nil {
			id := c.Metadata.NBGrader.GradeID
			switch {
			case id == "" && (isSolution(c) || isGrade(c) || c.Metadata.NBGrader.Locked):
				fail("nbgrader cell without grade_id")
			case id != "" && ids[id] > 0:
				fail("grade_id %q is also cell %d's", id, ids[id])
			case id != "":
				ids[id] = i + 1
			}
			if isGrade(c) && !isSolution(c) && c.Metadata.NBGrader.Points == nil {
				fail("test cell %q without points", id)
			}
			if p := c.Metadata.NBGrader.Points; p != nil && *p < 0 {
				fail("test cell %q has negative points", id)
			}
		}
		if c.CellType != notebook.CodeCell {
			continue
		}
		if hasMarkers(src, BeginSolution, EndSolution) {
			if !isSolution(c) {
				fail("solution markers in a cell that is not a solution cell (nbgrader.solution)")
			} else if _, err := StubSolutions(src); err != nil {
				fail("%w", err)
			}
		}
		if hasMarkers(src, BeginHidden, EndHidden) {
			if !isGrade(c) {
				fail("hidden test markers in a cell that is not a test cell (nbgrader.grade)")
			} else if _, err := RemoveHidden(src); err != nil {
				fail("%w", err)
			}
		}
	}
	if len(ids) == 0 && len(errs) == 0 {
		errs = append(errs, errors.New("no cell has nbgrader metadata: nothing to assign"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("assign: %w", err)
	}
	return nil
}

// Student returns the student's version of the instructor's notebook:
// solution regions stubbed, hidden tests removed, outputs and execution
// counts cleared. The source is not changed.
func Student(source *notebook.Notebook) (*notebook.Notebook, error) {
	if err := Validate(source); err != nil {
		return nil, err
	}
	nb, err := clone(source)
	if err != nil {
		return nil, err
	}
	for i := range nb.Cells {
		c := &nb.Cells[i]
		if c.CellType != notebook.CodeCell {
			continue
		}
		src := string(c.Source)
		if isSolution(c) {
			if src, err = StubSolutions(src); err != nil {
				return nil, fmt.Errorf("assign: %w", &CellError{Cell: i + 1, Err: err})
			}
		}
		if isGrade(c) {
			if src, err = RemoveHidden(src); err != nil {
				return nil, fmt.Errorf("assign: %w", &CellError{Cell: i + 1, Err: err})
			}
		}
		c.Source = notebook.Text(src)
		c.Outputs, c.ExecutionCount = nil, nil
	}
	return nb, nil
}

// Merge returns the notebook to run to grade submission: the submission's
// cells, with each cell that has the grade_id of a source cell that is not
// a solution cell (test cells, locked cells) replaced by the source's, so
// that hidden tests are back and edited tests do not count. Outputs are
// cleared. Test cells missing from the submission are not added: Score
// gives them 0.
func Merge(source, submission *notebook.Notebook) (*notebook.Notebook, error) {
	if err := Validate(source); err != nil {
		return nil, err
	}
	nb, err := clone(submission)
	if err != nil {
		return nil, err
	}
	fixed := map[string]*notebook.Cell{}
	for i := range source.Cells {
		c := &source.Cells[i]
		if id := gradeID(c); id != "" && !isSolution(c) {
			fixed[id] = c
		}
	}
	for i := range nb.Cells {
		c := &nb.Cells[i]
		if src, ok := fixed[gradeID(c)]; ok {
			c.CellType, c.Source, c.Metadata = src.CellType, src.Source, src.Metadata
		}
		c.Outputs, c.ExecutionCount = nil, nil
	}
	return nb, nil
}
