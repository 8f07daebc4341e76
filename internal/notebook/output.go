package notebook

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Output types.
const (
	StreamOutput        = "stream"
	DisplayDataOutput   = "display_data"
	ExecuteResultOutput = "execute_result"
	ErrorOutput         = "error"
)

// An Output is one output of a code cell. Which fields are used depends on
// OutputType: Name and Text for "stream"; Data and Metadata for "display_data"
// and "execute_result", the latter with ExecutionCount; Ename, Evalue and
// Traceback for "error".
type Output struct {
	OutputType string
	// Name is "stdout" or "stderr".
	Name string
	Text Text
	// Data maps MIME types to their content: a string (or a list of lines) for
	// text and base64 formats, any JSON value for JSON formats.
	Data     map[string]json.RawMessage
	Metadata map[string]json.RawMessage
	// ExecutionCount is the count of the cell that produced an execute_result.
	ExecutionCount *int
	Ename          string
	Evalue         string
	// Traceback holds the error's lines, which may contain ANSI colour codes.
	Traceback []string
}

// PlainText returns the text/plain content of Data, if there is one.
func (o Output) PlainText() (string, bool) {
	raw, ok := o.Data["text/plain"]
	if !ok {
		return "", false
	}
	s, err := DecodeText(raw)
	if err != nil {
		return string(raw), true
	}
	return s, true
}

type outputJSON struct {
	Data           map[string]json.RawMessage `json:"data,omitempty"`
	Ename          string                     `json:"ename,omitempty"`
	Evalue         string                     `json:"evalue,omitempty"`
	ExecutionCount *int                       `json:"execution_count,omitempty"`
	Metadata       map[string]json.RawMessage `json:"metadata,omitempty"`
	Name           string                     `json:"name,omitempty"`
	OutputType     string                     `json:"output_type"`
	Text           *Text                      `json:"text,omitempty"`
	Traceback      []string                   `json:"traceback,omitempty"`
}

type streamJSON struct {
	Name       string `json:"name"`
	OutputType string `json:"output_type"`
	Text       Text   `json:"text"`
}

type displayJSON struct {
	Data       map[string]json.RawMessage `json:"data"`
	Metadata   map[string]json.RawMessage `json:"metadata"`
	OutputType string                     `json:"output_type"`
}

type resultJSON struct {
	Data           map[string]json.RawMessage `json:"data"`
	ExecutionCount *int                       `json:"execution_count"`
	Metadata       map[string]json.RawMessage `json:"metadata"`
	OutputType     string                     `json:"output_type"`
}

type errorJSON struct {
	Ename      string   `json:"ename"`
	Evalue     string   `json:"evalue"`
	OutputType string   `json:"output_type"`
	Traceback  []string `json:"traceback"`
}

// MarshalJSON writes the keys nbformat requires for the output's type. Text
// formats given as one string in Data are written as lists of lines, as
// Jupyter writes them.
func (o Output) MarshalJSON() ([]byte, error) {
	data, meta := splitText(o.Data), o.Metadata
	if meta == nil {
		meta = map[string]json.RawMessage{}
	}
	switch o.OutputType {
	case StreamOutput:
		return marshal(streamJSON{Name: o.Name, OutputType: o.OutputType, Text: o.Text})
	case DisplayDataOutput:
		return marshal(displayJSON{Data: data, Metadata: meta, OutputType: o.OutputType})
	case ExecuteResultOutput:
		return marshal(resultJSON{Data: data, ExecutionCount: o.ExecutionCount, Metadata: meta, OutputType: o.OutputType})
	case ErrorOutput:
		tb := o.Traceback
		if tb == nil {
			tb = []string{}
		}
		return marshal(errorJSON{Ename: o.Ename, Evalue: o.Evalue, OutputType: o.OutputType, Traceback: tb})
	}
	return nil, fmt.Errorf("unknown output_type %q", o.OutputType)
}

// UnmarshalJSON reads an output of any of the four types.
func (o *Output) UnmarshalJSON(b []byte) error {
	var j outputJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	switch j.OutputType {
	case StreamOutput, DisplayDataOutput, ExecuteResultOutput, ErrorOutput:
	default:
		return fmt.Errorf("unknown output_type %q", j.OutputType)
	}
	*o = Output{
		OutputType:     j.OutputType,
		Name:           j.Name,
		Data:           j.Data,
		Metadata:       j.Metadata,
		ExecutionCount: j.ExecutionCount,
		Ename:          j.Ename,
		Evalue:         j.Evalue,
		Traceback:      j.Traceback,
	}
	if j.Text != nil {
		o.Text = *j.Text
	}
	return nil
}

// splitText returns data with each text value (of a text/* type, SVG or
// JavaScript) given as one string turned into a list of lines.
func splitText(data map[string]json.RawMessage) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(data))
	for mime, raw := range data {
		out[mime] = raw
		if !strings.HasPrefix(mime, "text/") && mime != "image/svg+xml" && mime != "application/javascript" {
			continue
		}
		var s string
		if json.Unmarshal(raw, &s) != nil {
			continue // a list of lines already, or not text
		}
		if b, err := Text(s).MarshalJSON(); err == nil {
			out[mime] = b
		}
	}
	return out
}
