package notebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// Text is a multi-line string. In JSON it is either one string or a list of
// strings to be joined; it is written as a list of lines, each but the last
// ending in "\n", as Jupyter writes sources and stream text.
type Text string

// Lines splits t after each "\n". The empty text has no lines.
func (t Text) Lines() []string {
	if t == "" {
		return []string{}
	}
	return strings.SplitAfter(string(t), "\n")
}

// MarshalJSON writes t as a list of lines.
func (t Text) MarshalJSON() ([]byte, error) {
	lines := t.Lines()
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	return marshal(lines)
}

// UnmarshalJSON accepts a string or a list of strings.
func (t *Text) UnmarshalJSON(b []byte) error {
	s, err := decodeText(b)
	if err != nil {
		return err
	}
	*t = Text(s)
	return nil
}

// DecodeText decodes a JSON string or list of strings, as nbformat stores
// text: a source, stream text, or a text value of a MIME bundle.
func DecodeText(raw json.RawMessage) (string, error) { return decodeText(raw) }

func decodeText(b []byte) (string, error) {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return "", nil
	}
	if len(b) > 0 && b[0] == '[' {
		var lines []string
		if err := json.Unmarshal(b, &lines); err != nil {
			return "", err
		}
		return strings.Join(lines, ""), nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		err := json.Unmarshal(b, &s)
		return s, err
	}
	return "", errors.New("want a string or a list of strings")
}

// marshal encodes v as JSON without escaping <, > and &, as Jupyter writes them.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
