package notebook

import (
	"encoding/json"
	"fmt"
	"slices"
)

// CellMetadata is a cell's metadata. Tags and the nbgrader object are typed;
// every other key is kept in Other as it was read.
type CellMetadata struct {
	Tags     []string
	NBGrader *NBGrader
	// Other holds the keys not modelled above, such as "execution", "collapsed"
	// or "scrolled", by name.
	Other map[string]json.RawMessage
}

// HasTag reports whether the cell is tagged tag.
func (m CellMetadata) HasTag(tag string) bool { return slices.Contains(m.Tags, tag) }

// MarshalJSON writes the metadata as one object; "tags" is left out when Tags
// is nil.
func (m CellMetadata) MarshalJSON() ([]byte, error) {
	obj := make(map[string]any, len(m.Other)+2)
	for k, v := range m.Other {
		if k != "tags" && k != "nbgrader" {
			obj[k] = v
		}
	}
	if m.Tags != nil {
		obj["tags"] = m.Tags
	}
	if m.NBGrader != nil {
		obj["nbgrader"] = m.NBGrader
	}
	return marshal(obj)
}

// UnmarshalJSON reads the metadata object.
func (m *CellMetadata) UnmarshalJSON(b []byte) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return err
	}
	*m = CellMetadata{}
	if raw, ok := obj["tags"]; ok {
		if err := json.Unmarshal(raw, &m.Tags); err != nil {
			return fmt.Errorf("tags: %w", err)
		}
		delete(obj, "tags")
	}
	if raw, ok := obj["nbgrader"]; ok {
		if err := json.Unmarshal(raw, &m.NBGrader); err != nil {
			return fmt.Errorf("nbgrader: %w", err)
		}
		delete(obj, "nbgrader")
	}
	if len(obj) > 0 {
		m.Other = obj
	}
	return nil
}

// NBGrader is the "nbgrader" object of a cell's metadata, as nbgrader's schema
// version 3 defines it.
type NBGrader struct {
	// Grade marks a cell whose output or answer is graded.
	Grade bool
	// Solution marks a cell the student answers in.
	Solution bool
	// Locked marks a cell the student may not change.
	Locked bool
	// Task marks a markdown cell that describes a task graded by hand.
	Task bool
	// GradeID names the cell uniquely within the notebook.
	GradeID string
	// Points is what the cell is worth; nil when the object has no "points".
	Points *float64
	// Other holds the keys not modelled above, such as "schema_version".
	Other map[string]json.RawMessage
}

// nbgraderFields is the JSON form of the modelled fields of NBGrader.
type nbgraderFields struct {
	Grade    bool     `json:"grade"`
	Solution bool     `json:"solution"`
	Locked   bool     `json:"locked"`
	Task     bool     `json:"task"`
	GradeID  string   `json:"grade_id"`
	Points   *float64 `json:"points"`
}

// MarshalJSON writes grade, solution, locked, task and grade_id always, as
// nbgrader does, points when it is set, and the other keys as they were read.
func (g NBGrader) MarshalJSON() ([]byte, error) {
	obj := make(map[string]any, len(g.Other)+6)
	for k, v := range g.Other {
		obj[k] = v
	}
	obj["grade"] = g.Grade
	obj["solution"] = g.Solution
	obj["locked"] = g.Locked
	obj["task"] = g.Task
	obj["grade_id"] = g.GradeID
	if g.Points != nil {
		obj["points"] = *g.Points
	} else {
		delete(obj, "points")
	}
	return marshal(obj)
}

// UnmarshalJSON reads the nbgrader object.
func (g *NBGrader) UnmarshalJSON(b []byte) error {
	var f nbgraderFields
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return err
	}
	for _, k := range []string{"grade", "solution", "locked", "task", "grade_id", "points"} {
		delete(obj, k)
	}
	*g = NBGrader{Grade: f.Grade, Solution: f.Solution, Locked: f.Locked, Task: f.Task, GradeID: f.GradeID, Points: f.Points}
	if len(obj) > 0 {
		g.Other = obj
	}
	return nil
}
