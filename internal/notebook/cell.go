package notebook

import (
	"encoding/json"
	"errors"
)

// Cell types.
const (
	CodeCell     = "code"
	MarkdownCell = "markdown"
	RawCell      = "raw"
)

// A Cell is one cell of a notebook.
type Cell struct {
	// CellType is "code", "markdown" or "raw".
	CellType string
	// ID is the cell's id (nbformat 4.5 and later); empty when it has none.
	ID       string
	Source   Text
	Metadata CellMetadata
	// Outputs and ExecutionCount belong to code cells only. ExecutionCount is nil
	// for a cell not run.
	Outputs        []Output
	ExecutionCount *int
	// Attachments are the files a markdown or raw cell embeds, kept as read.
	Attachments json.RawMessage
}

// cellJSON is the JSON form of a Cell. Its fields are in the order Jupyter
// writes them: sorted by key.
type cellJSON struct {
	Attachments    json.RawMessage `json:"attachments,omitempty"`
	CellType       string          `json:"cell_type"`
	ExecutionCount *int            `json:"execution_count,omitempty"`
	ID             string          `json:"id,omitempty"`
	Metadata       CellMetadata    `json:"metadata"`
	Outputs        *[]Output       `json:"outputs,omitempty"`
	Source         Text            `json:"source"`
}

// codeCellJSON is cellJSON for code cells, which always have an execution count
// (maybe null) and outputs.
type codeCellJSON struct {
	CellType       string       `json:"cell_type"`
	ExecutionCount *int         `json:"execution_count"`
	ID             string       `json:"id,omitempty"`
	Metadata       CellMetadata `json:"metadata"`
	Outputs        []Output     `json:"outputs"`
	Source         Text         `json:"source"`
}

// MarshalJSON writes the cell with the keys its type has.
func (c Cell) MarshalJSON() ([]byte, error) {
	if c.CellType == CodeCell {
		outs := c.Outputs
		if outs == nil {
			outs = []Output{}
		}
		return marshal(codeCellJSON{
			CellType:       c.CellType,
			ExecutionCount: c.ExecutionCount,
			ID:             c.ID,
			Metadata:       c.Metadata,
			Outputs:        outs,
			Source:         c.Source,
		})
	}
	var att json.RawMessage
	if len(c.Attachments) > 0 && json.Valid(c.Attachments) {
		att = c.Attachments
	}
	return marshal(cellJSON{
		Attachments: att,
		CellType:    c.CellType,
		ID:          c.ID,
		Metadata:    c.Metadata,
		Source:      c.Source,
	})
}

// UnmarshalJSON reads a cell of any type.
func (c *Cell) UnmarshalJSON(b []byte) error {
	var j cellJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	if j.CellType == "" {
		return errors.New("cell without cell_type")
	}
	*c = Cell{
		CellType:       j.CellType,
		ID:             j.ID,
		Source:         j.Source,
		Metadata:       j.Metadata,
		ExecutionCount: j.ExecutionCount,
		Attachments:    j.Attachments,
	}
	if j.Outputs != nil {
		c.Outputs = *j.Outputs
	}
	return nil
}
