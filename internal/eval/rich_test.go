package eval

import (
	"maps"
	"strings"
	"testing"
)

// table is a host type with rich display, as a package made with
// Session.Use would export it.
type table struct{ rows int }

func (t *table) HTML() string     { return "<table></table>" }
func (t *table) Markdown() string { return "| rows |" }
func (t *table) String() string   { return "table" }

func TestRichResult(t *testing.T) {
	ts := newTestSession(t, nil)
	err := ts.Use("example.com/tables", map[string]any{
		"New":   func(rows int) *table { return &table{rows: rows} },
		"Table": (*table)(nil),
	})
	if err != nil {
		t.Fatal(err)
	}
	ts.mustRun(`import "example.com/tables"
import "fmt"
type Bold string
func (b Bold) HTML() string { return "<b>" + string(b) + "</b>" }
func (b Bold) String() string { return "bold " + string(b) }
type Circle struct{ R int }
func (c *Circle) SVG() string { return fmt.Sprintf("<svg><circle r=\"%d\"/></svg>", c.R) }
type Note struct{}
func (Note) Markdown() string { return "*note*" }
func (Note) HTML() string { return "<i>note</i>" }
func (Note) SVG() string { return "<svg/>" }
type Plain struct{ A int }
func two() (Bold, int) { return "t", 2 }`)
	for _, c := range []struct {
		code, text string
		data       map[string]string
	}{
		{`Bold("hi")`, "bold hi", map[string]string{mimeHTML: "<b>hi</b>"}},
		{`b := Bold("x")` + "\nb", "bold x", map[string]string{mimeHTML: "<b>x</b>"}},
		{`&Circle{R: 3}`, "&{3}", map[string]string{mimeSVG: `<svg><circle r="3"/></svg>`}},
		{`Note{}`, "{}", map[string]string{mimeHTML: "<i>note</i>", mimeSVG: "<svg/>", mimeMarkdown: "*note*"}},
		{`tables.New(2)`, "table", map[string]string{mimeHTML: "<table></table>", mimeMarkdown: "| rows |"}},
		{`func() *tables.Table { return nil }()`, "table", nil},
		{`Plain{1}`, "{1}", nil},
		{`42`, "42", nil},
		{`fmt.Sprint(Bold("s"))`, `"bold s"`, nil},
	} {
		res, err := ts.run(c.code)
		if err != nil {
			t.Errorf("%s: %v", c.code, err)
			continue
		}
		if !res.HasValue || res.Text != c.text || !maps.Equal(res.Data, c.data) {
			t.Errorf("%s: value %v %q, data %q; want %q, data %q", c.code, res.HasValue, res.Text, res.Data, c.text, c.data)
		}
	}
	// Cells that show nothing, or several values, have no rich data.
	for _, code := range []string{`fmt.Println(Bold("p"))`, `var n Note` + "\n_ = n", `two()`} {
		res, err := ts.run(code)
		if err != nil {
			t.Errorf("%s: %v", code, err)
			continue
		}
		if code == `two()` && !strings.HasSuffix(res.Text, " 2") {
			t.Errorf("%s: value %q", code, res.Text)
		}
		if len(res.Data) > 0 {
			t.Errorf("%s: data %q", code, res.Data)
		}
	}
}
