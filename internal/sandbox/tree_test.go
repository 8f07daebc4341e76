package sandbox

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// checkSVG decodes every token of svg, fails the test if it is not well formed or
// its root is not an <svg> with a size, and returns its character data.
func checkSVG(t *testing.T, svg string) string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var text strings.Builder
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well formed: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				checkSVGRoot(t, tok)
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			text.Write(tok)
			text.WriteByte('\n')
		}
	}
	return text.String()
}

// checkSVGRoot checks the outermost element of an SVG picture.
func checkSVGRoot(t *testing.T, e xml.StartElement) {
	t.Helper()
	if e.Name.Local != "svg" || e.Name.Space != "http://www.w3.org/2000/svg" {
		t.Errorf("root element %v, want svg in the SVG namespace", e.Name)
	}
	attrs := map[string]bool{}
	for _, a := range e.Attr {
		attrs[a.Name.Local] = a.Value != ""
	}
	for _, name := range []string{"width", "height", "viewBox", "font-family"} {
		if !attrs[name] {
			t.Errorf("svg element lacks %s", name)
		}
	}
}

// bigTree is one root, three children and five grandchildren, in depth-first order.
func bigTree() *Table {
	return &Table{Rows: []ProcessInfo{
		{Pid: 10, Ppid: 1, State: "S", Name: "root"},
		{Pid: 11, Ppid: 10, State: "S", Name: "a"},
		{Pid: 14, Ppid: 11, State: "S", Name: "a1"},
		{Pid: 15, Ppid: 11, State: "R", Name: "a2"},
		{Pid: 16, Ppid: 11, State: "Z", Name: "a3"},
		{Pid: 12, Ppid: 10, State: "S", Name: "b"},
		{Pid: 13, Ppid: 10, State: "T", Name: "c"},
		{Pid: 17, Ppid: 13, State: "S", Name: "c1"},
		{Pid: 18, Ppid: 13, State: "D", Name: "c2"},
	}}
}

func TestTreeLayout(t *testing.T) {
	tab := bigTree()
	l := layoutTree(tab.Rows)
	if len(l.Boxes) != len(tab.Rows) {
		t.Fatalf("%d boxes for %d rows", len(l.Boxes), len(tab.Rows))
	}
	seen := map[int]bool{}
	for i, a := range l.Boxes {
		seen[a.Row] = true
		if a.X < 0 || a.Y < 0 || a.X+a.W > l.Width || a.Y+a.H > l.Height {
			t.Errorf("box of pid %d at (%v,%v) is outside the %vx%v picture", tab.Rows[a.Row].Pid, a.X, a.Y, l.Width, l.Height)
		}
		for _, b := range l.Boxes[i+1:] {
			if a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H {
				t.Errorf("boxes of pids %d and %d overlap: %+v %+v", tab.Rows[a.Row].Pid, tab.Rows[b.Row].Pid, a, b)
			}
		}
		if a.Parent < 0 {
			if tab.Rows[a.Row].Pid != 10 {
				t.Errorf("pid %d drawn as a root", tab.Rows[a.Row].Pid)
			}
			continue
		}
		p := l.Boxes[a.Parent]
		if tab.Rows[p.Row].Pid != tab.Rows[a.Row].Ppid {
			t.Errorf("pid %d drawn under pid %d, want its parent %d", tab.Rows[a.Row].Pid, tab.Rows[p.Row].Pid, tab.Rows[a.Row].Ppid)
		}
		if a.Y <= p.Y+p.H {
			t.Errorf("pid %d is not below its parent", tab.Rows[a.Row].Pid)
		}
	}
	if len(seen) != len(tab.Rows) {
		t.Errorf("boxes cover %d rows, want %d", len(seen), len(tab.Rows))
	}
	// Each parent is centred over its children.
	for i, p := range l.Boxes {
		lo, hi, n := l.Width, 0.0, 0
		for _, c := range l.Boxes {
			if c.Parent == i {
				lo, hi, n = min(lo, c.X), max(hi, c.X+c.W), n+1
			}
		}
		if n > 0 && p.X+p.W/2 != (lo+hi)/2 {
			t.Errorf("pid %d centred at %v, its children at %v", tab.Rows[p.Row].Pid, p.X+p.W/2, (lo+hi)/2)
		}
	}
}

func TestTreeLayoutOrphansAndCycles(t *testing.T) {
	rows := []ProcessInfo{
		{Pid: 10, Ppid: 1, Name: "root"},
		{Pid: 20, Ppid: 1, Name: "orphan"},
		{Pid: 30, Ppid: 31, Name: "loop-a"},
		{Pid: 31, Ppid: 30, Name: "loop-b"},
		{Pid: 10, Ppid: 1, Name: "twin"},
		{Pid: 40, Ppid: 40, Name: "self"},
	}
	l := layoutTree(rows)
	if len(l.Boxes) != len(rows) {
		t.Fatalf("%d boxes for %d rows", len(l.Boxes), len(rows))
	}
	roots := 0
	for _, b := range l.Boxes {
		if b.Parent < 0 {
			roots++
		}
	}
	if roots != 5 {
		t.Errorf("%d roots, want 5 (root, orphan, one of the loop, twin, self)", roots)
	}
}

func TestTreeSVG(t *testing.T) {
	tab := bigTree()
	tab.Rows = append(tab.Rows, ProcessInfo{Pid: 99, Ppid: 1, State: "S", Name: "<orphan> & 孤儿进程的名字很长很长很长"})
	svg := tab.Tree().SVG()
	text := checkSVG(t, svg)
	for _, want := range []string{"root", "pid 10", "pid 16", "a3", "zombie", "running", "sleeping", "stopped", "disk sleep", "<orphan> & 孤儿进程", "ppid 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("SVG text lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(svg, ">&lt;orphan&gt; &amp; 孤儿进程…<") {
		t.Errorf("long CJK name not truncated:\n%s", svg)
	}
	if n := strings.Count(svg, "<rect"); n != len(tab.Rows) {
		t.Errorf("%d boxes, want %d", n, len(tab.Rows))
	}
	if n := strings.Count(svg, `stroke="#c62828" stroke-width="1.2" stroke-dasharray`); n != 1 {
		t.Errorf("%d dashed red boxes, want 1 for the zombie", n)
	}
	if n := strings.Count(svg, `stroke="#1a56b0" stroke-width="2.5"`); n != 1 {
		t.Errorf("%d root boxes, want 1", n)
	}
	if n := strings.Count(svg, "<path"); n != 8 {
		t.Errorf("%d lines, want 8 from parents to children", n)
	}
	if !strings.Contains(svg, fontFamily) {
		t.Errorf("SVG does not use the font list %q", fontFamily)
	}
}

func TestTreeEmpty(t *testing.T) {
	for _, tree := range []*Tree{nil, {}, (&Table{}).Tree()} {
		if text := checkSVG(t, tree.SVG()); !strings.Contains(text, "no processes") {
			t.Errorf("empty tree SVG text %q", text)
		}
		if s := tree.String(); s != "" {
			t.Errorf("empty tree String() = %q", s)
		}
	}
}

func TestTreeString(t *testing.T) {
	tab := bigTree()
	tab.Rows = append(tab.Rows, ProcessInfo{Pid: 99, Ppid: 1, State: "", Name: "orphan"})
	want := "" +
		"root (pid 10) sleeping\n" +
		"├─ a (pid 11) sleeping\n" +
		"│  ├─ a1 (pid 14) sleeping\n" +
		"│  ├─ a2 (pid 15) running\n" +
		"│  └─ a3 (pid 16) zombie\n" +
		"├─ b (pid 12) sleeping\n" +
		"└─ c (pid 13) stopped\n" +
		"   ├─ c1 (pid 17) sleeping\n" +
		"   └─ c2 (pid 18) disk sleep\n" +
		"orphan (pid 99) ? [ppid 1]\n"
	if got := tab.Tree().String(); got != want {
		t.Errorf("String():\n%s\nwant:\n%s", got, want)
	}
}

func TestTreeTruncateWidth(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly-10", 10, "exactly-10"},
		{"much-too-long", 10, "much-too-…"},
		{"进程进程进程", 12, "进程进程进程"},
		{"进程进程进程", 7, "进程进…"},
		{"a进程", 4, "a进…"},
	} {
		if got := truncateWidth(c.in, c.n); got != c.want {
			t.Errorf("truncateWidth(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
