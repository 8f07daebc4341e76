package notebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// A Notebook is an nbformat 4 notebook.
type Notebook struct {
	Cells []Cell
	// Metadata is the notebook's metadata (kernelspec, language_info, ...), kept
	// as read.
	Metadata      map[string]json.RawMessage
	NBFormat      int
	NBFormatMinor int
}

type notebookJSON struct {
	Cells         []Cell                     `json:"cells"`
	Metadata      map[string]json.RawMessage `json:"metadata"`
	NBFormat      int                        `json:"nbformat"`
	NBFormatMinor int                        `json:"nbformat_minor"`
}

// Parse decodes a notebook. It accepts nbformat 4 only.
func Parse(b []byte) (*Notebook, error) {
	var j struct {
		Cells         []Cell                     `json:"cells"`
		Metadata      map[string]json.RawMessage `json:"metadata"`
		NBFormat      *int                       `json:"nbformat"`
		NBFormatMinor int                        `json:"nbformat_minor"`
	}
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, fmt.Errorf("notebook: %w", err)
	}
	if j.NBFormat == nil {
		return nil, errors.New("notebook: no nbformat: not a Jupyter notebook")
	}
	if *j.NBFormat != 4 {
		return nil, fmt.Errorf("notebook: nbformat %d is not supported (only 4)", *j.NBFormat)
	}
	return &Notebook{Cells: j.Cells, Metadata: j.Metadata, NBFormat: *j.NBFormat, NBFormatMinor: j.NBFormatMinor}, nil
}

// Read decodes a notebook from r.
func Read(r io.Reader) (*Notebook, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("notebook: %w", err)
	}
	return Parse(b)
}

// ReadFile reads the notebook in the named file.
func ReadFile(name string) (*Notebook, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	nb, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return nb, nil
}

// Marshal encodes nb as Jupyter writes notebooks: indented by one space, keys
// sorted, text as lists of lines, ending in a newline.
func Marshal(nb *Notebook) ([]byte, error) {
	j := notebookJSON{Cells: nb.Cells, Metadata: nb.Metadata, NBFormat: nb.NBFormat, NBFormatMinor: nb.NBFormatMinor}
	if j.Cells == nil {
		j.Cells = []Cell{}
	}
	if j.Metadata == nil {
		j.Metadata = map[string]json.RawMessage{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(j); err != nil {
		return nil, fmt.Errorf("notebook: %w", err)
	}
	return buf.Bytes(), nil
}

// Write encodes nb to w as Marshal does.
func Write(w io.Writer, nb *Notebook) error {
	b, err := Marshal(nb)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// WriteFile writes nb to the named file, replacing it only once the whole
// notebook is written.
func WriteFile(name string, nb *Notebook) error {
	b, err := Marshal(nb)
	if err != nil {
		return err
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(name); err == nil {
		mode = fi.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".notebook-*.ipynb")
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, mode)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}
