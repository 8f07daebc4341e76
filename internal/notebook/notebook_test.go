package notebook

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sample is a notebook as Jupyter writes it, with metadata the package does not
// model at every level.
const sample = `{
 "cells": [
  {
   "attachments": {
    "a.png": {
     "image/png": "iVBORw0KGgo="
    }
   },
   "cell_type": "markdown",
   "id": "m1",
   "metadata": {
    "editable": false,
    "jupyter": {
     "source_hidden": true
    }
   },
   "source": [
    "# Title <b>&</b>\n",
    "\n",
    "text 状态"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 3,
   "id": "c1",
   "metadata": {
    "collapsed": false,
    "execution": {
     "iopub.status.busy": "2026-11-25T23:08:32.654899Z"
    },
    "nbgrader": {
     "cell_type": "code",
     "grade": true,
     "grade_id": "sum",
     "locked": false,
     "points": 2.5,
     "schema_version": 3,
     "solution": true,
     "task": false
    },
    "tags": [
     "raises-exception",
     "other"
    ]
   },
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "one\n",
      "two\n"
     ]
    },
    {
     "data": {
      "image/svg+xml": [
       "<svg>\n",
       "</svg>"
      ],
      "text/plain": [
       "<image/svg+xml>"
      ]
     },
     "metadata": {
      "isolated": true
     },
     "output_type": "display_data"
    },
    {
     "data": {
      "application/json": {
       "a": [
        1,
        2
       ]
      },
      "text/plain": [
       "3"
      ]
     },
     "execution_count": 3,
     "metadata": {},
     "output_type": "execute_result"
    },
    {
     "ename": "panic",
     "evalue": "boom",
     "output_type": "error",
     "traceback": [
      "\u001b[1;31mcell:2: panic: boom\u001b[0m",
      "goroutine 1"
     ]
    }
   ],
   "source": [
    "fmt.Println(\"one\")\n",
    "x := 1"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {
    "tags": []
   },
   "outputs": [],
   "source": []
  },
  {
   "cell_type": "raw",
   "metadata": {
    "format": "text/x-go"
   },
   "source": [
    "raw"
   ]
  }
 ],
 "metadata": {
  "kernelspec": {
   "display_name": "Go (gocell)",
   "language": "go",
   "name": "gocell"
  },
  "my_tool": {
   "nested": [
    1,
    {
     "deep": null
    }
   ]
  }
 },
 "nbformat": 4,
 "nbformat_minor": 5
}
`

func TestRoundTripIsExact(t *testing.T) {
	nb, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != sample {
		t.Errorf("written notebook differs from the one read:\n%s", diff(sample, string(out)))
	}
}

func TestReadTypedFields(t *testing.T) {
	nb, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 4 || nb.NBFormat != 4 || nb.NBFormatMinor != 5 {
		t.Fatalf("got %d cells, nbformat %d.%d", len(nb.Cells), nb.NBFormat, nb.NBFormatMinor)
	}
	md := nb.Cells[0]
	if md.CellType != MarkdownCell || md.Source != "# Title <b>&</b>\n\ntext 状态" || md.ID != "m1" {
		t.Errorf("markdown cell: %+v", md)
	}
	code := nb.Cells[1]
	if code.Source != "fmt.Println(\"one\")\nx := 1" {
		t.Errorf("source %q", code.Source)
	}
	if !code.Metadata.HasTag("raises-exception") || code.Metadata.HasTag("raises") {
		t.Errorf("tags %q", code.Metadata.Tags)
	}
	g := code.Metadata.NBGrader
	if g == nil || !g.Grade || !g.Solution || g.Locked || g.Task || g.GradeID != "sum" || g.Points == nil || *g.Points != 2.5 {
		t.Fatalf("nbgrader %+v", g)
	}
	if string(g.Other["schema_version"]) != "3" || string(g.Other["cell_type"]) != `"code"` {
		t.Errorf("nbgrader other keys %q", g.Other)
	}
	if _, ok := code.Metadata.Other["execution"]; !ok {
		t.Errorf("metadata lost the execution key: %q", code.Metadata.Other)
	}
	if code.ExecutionCount == nil || *code.ExecutionCount != 3 {
		t.Errorf("execution count %v", code.ExecutionCount)
	}
	outs := code.Outputs
	if len(outs) != 4 {
		t.Fatalf("%d outputs", len(outs))
	}
	if outs[0].OutputType != StreamOutput || outs[0].Name != "stdout" || outs[0].Text != "one\ntwo\n" {
		t.Errorf("stream %+v", outs[0])
	}
	if s, ok := outs[1].PlainText(); !ok || s != "<image/svg+xml>" {
		t.Errorf("display text/plain %q %v", s, ok)
	}
	if svg, err := DecodeText(outs[1].Data["image/svg+xml"]); err != nil || svg != "<svg>\n</svg>" {
		t.Errorf("svg %q %v", svg, err)
	}
	if outs[2].ExecutionCount == nil || *outs[2].ExecutionCount != 3 {
		t.Errorf("execute_result count %v", outs[2].ExecutionCount)
	}
	if outs[3].Ename != "panic" || outs[3].Evalue != "boom" || len(outs[3].Traceback) != 2 || !strings.HasPrefix(outs[3].Traceback[0], "\x1b[1;31m") {
		t.Errorf("error %+v", outs[3])
	}
	if nb.Cells[2].ExecutionCount != nil || nb.Cells[2].Source != "" || nb.Cells[2].ID != "" {
		t.Errorf("empty cell %+v", nb.Cells[2])
	}
}

func TestSourceStringOrList(t *testing.T) {
	for _, tc := range []struct {
		json string
		want Text
	}{
		{`"a\nb\n"`, "a\nb\n"},
		{`["a\n", "b\n"]`, "a\nb\n"},
		{`["a", "b"]`, "ab"},
		{`[]`, ""},
		{`""`, ""},
		{`null`, ""},
	} {
		var got Text
		if err := json.Unmarshal([]byte(tc.json), &got); err != nil {
			t.Errorf("%s: %v", tc.json, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.json, got, tc.want)
		}
	}
	for _, bad := range []string{`1`, `{}`, `[1]`, `["a", 2]`, `true`} {
		var got Text
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("%s: no error, got %q", bad, got)
		}
	}
}

func TestTextWrittenAsLines(t *testing.T) {
	for _, tc := range []struct {
		text Text
		want string
	}{
		{"", `[]`},
		{"a", `["a"]`},
		{"a\n", `["a\n"]`},
		{"a\nb", `["a\n","b"]`},
		{"a\n\nb\n", `["a\n","\n","b\n"]`},
		{"<&>", `["<&>"]`},
	} {
		b, err := json.Marshal(tc.text)
		if err != nil {
			t.Fatal(err)
		}
		// json.Marshal escapes HTML in what MarshalJSON returns; compare decoded.
		var got []string
		var want []string
		json.Unmarshal(b, &got)
		json.Unmarshal([]byte(tc.want), &want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %s, want %s", tc.text, b, tc.want)
		}
	}
}

func TestSourceGivenAsStringIsWrittenAsLines(t *testing.T) {
	in := `{"cells":[{"cell_type":"code","metadata":{},"source":"a := 1\nb := 2\n","outputs":[],"execution_count":null}],"metadata":{},"nbformat":4,"nbformat_minor":4}`
	nb, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "\"source\": [\n    \"a := 1\\n\",\n    \"b := 2\\n\"\n   ]") {
		t.Errorf("source not written as lines:\n%s", out)
	}
	if strings.Contains(string(out), `"id"`) {
		t.Errorf("an id was added to an nbformat 4.4 cell:\n%s", out)
	}
}

func TestCodeCellKeys(t *testing.T) {
	nb := &Notebook{NBFormat: 4, NBFormatMinor: 5, Cells: []Cell{
		{CellType: CodeCell, Source: "1"},
		{CellType: MarkdownCell, Source: "m", Outputs: []Output{{OutputType: StreamOutput}}},
	}}
	out, err := Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Cells []map[string]json.RawMessage `json:"cells"`
	}
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	code, md := raw.Cells[0], raw.Cells[1]
	if string(code["execution_count"]) != "null" || string(code["outputs"]) != "[]" {
		t.Errorf("code cell: %s", out)
	}
	if _, ok := md["outputs"]; ok {
		t.Errorf("markdown cell has outputs: %s", out)
	}
	if _, ok := md["execution_count"]; ok {
		t.Errorf("markdown cell has an execution count: %s", out)
	}
}

func TestOutputKeysByType(t *testing.T) {
	n := 7
	for _, tc := range []struct {
		out  Output
		want string
	}{
		{Output{OutputType: StreamOutput, Name: "stderr", Text: "x\n"}, `{"name":"stderr","output_type":"stream","text":["x\n"]}`},
		{Output{OutputType: DisplayDataOutput, Data: map[string]json.RawMessage{
			"text/html":        json.RawMessage(`"\u003cb\u003e\nx"`),
			"image/svg+xml":    json.RawMessage(`"<svg/>"`),
			"image/png":        json.RawMessage(`"iVBO\nRw=="`),
			"application/json": json.RawMessage(`"a\nb"`),
			"text/markdown":    json.RawMessage(`["# a\n", "b"]`),
		}}, `{"data":{"application/json":"a\nb","image/png":"iVBO\nRw==","image/svg+xml":["<svg/>"],"text/html":["<b>\n","x"],"text/markdown":["# a\n","b"]},"metadata":{},"output_type":"display_data"}`},
		{Output{OutputType: ExecuteResultOutput, ExecutionCount: &n, Data: map[string]json.RawMessage{"text/plain": json.RawMessage(`"3"`)}}, `{"data":{"text/plain":["3"]},"execution_count":7,"metadata":{},"output_type":"execute_result"}`},
		{Output{OutputType: ErrorOutput, Ename: "e", Evalue: "v"}, `{"ename":"e","evalue":"v","output_type":"error","traceback":[]}`},
	} {
		got, err := tc.out.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
	if _, err := (Output{OutputType: "bogus"}).MarshalJSON(); err == nil {
		t.Error("unknown output type written without error")
	}
}

func TestParseErrors(t *testing.T) {
	for _, bad := range []string{
		``,
		`[]`,
		`{}`,
		`{"nbformat": 3, "cells": []}`,
		`{"nbformat": 4, "cells": [{"source": "x"}]}`,
		`{"nbformat": 4, "cells": [{"cell_type": "code", "source": 1}]}`,
		`{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "weird"}]}]}`,
		`{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "metadata": {"tags": "one"}}]}`,
		`{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "metadata": {"nbgrader": {"grade": 1}}}]}`,
	} {
		if nb, err := Parse([]byte(bad)); err == nil {
			t.Errorf("%s: no error, got %+v", bad, nb)
		}
	}
}

func TestWriteFile(t *testing.T) {
	nb, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "nb.ipynb")
	if err := WriteFile(name, nb); err != nil {
		t.Fatal(err)
	}
	again, err := ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(nb, again) {
		t.Errorf("notebook changed through a file:\n%+v\n%+v", nb, again)
	}
	entries, _ := os.ReadDir(filepath.Dir(name))
	if len(entries) != 1 {
		t.Errorf("files left beside the notebook: %v", entries)
	}
}

func TestReadsTheProjectsNotebooks(t *testing.T) {
	names, _ := filepath.Glob("../../notebooks/*.ipynb")
	if len(names) == 0 {
		t.Fatal("no notebooks found in ../../notebooks")
	}
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		nb, err := Parse(b)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		out, err := Marshal(nb)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, b) {
			t.Errorf("%s: written differently from how Jupyter wrote it:\n%s", name, diff(string(b), string(out)))
		}
	}
}

// diff shows the first line where a and b differ.
func diff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + itoa(i+1) + ":\n  want " + al[i] + "\n  got  " + bl[i]
		}
	}
	return "lengths differ: " + itoa(len(al)) + " and " + itoa(len(bl)) + " lines"
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
