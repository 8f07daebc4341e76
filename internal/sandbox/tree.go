package sandbox

import (
	"fmt"
	"html"
	"sort"
	"strconv"
	"strings"
)

// fontFamily is the font list of the pictures; the CJK font comes first so that
// names in any script can be drawn.
const fontFamily = "Noto Sans CJK SC, DejaVu Sans, sans-serif"

// Sizes of the tree picture, in pixels.
const (
	treeBoxW   = 136.0 // width of a process box
	treeBoxH   = 56.0  // height of a process box
	treeGapX   = 16.0  // horizontal space between neighbouring subtrees
	treeGapY   = 36.0  // vertical space between generations
	treeMargin = 16.0  // space around the picture
	treeName   = 20    // width of a name in a box, in columns (see textWidth)
)

// A Tree is the process tree of a Table, for drawing. The table's first row is the
// root; rows whose parent is not in the table are drawn as extra roots.
type Tree struct {
	Table *Table
}

// Tree returns the process tree of t.
func (t *Table) Tree() *Tree {
	return &Tree{Table: t}
}

// rows returns the rows of the tree's table, or nil if there is none.
func (t *Tree) rows() []ProcessInfo {
	if t == nil {
		return nil
	}
	return t.Table.rows()
}

// buildForest returns the roots of rows and, for each row index, its children's row
// indices ordered by PID. Every row appears exactly once in the forest, even when
// PIDs repeat or parents form a cycle.
func buildForest(rows []ProcessInfo) (roots []int, kids [][]int) {
	byPid := make(map[int]int, len(rows))
	for i, p := range rows {
		if _, dup := byPid[p.Pid]; !dup {
			byPid[p.Pid] = i
		}
	}
	parentOf := make([][]int, len(rows))
	var candidates []int
	for i, p := range rows {
		j, ok := byPid[p.Ppid]
		if ok && j != i && byPid[p.Pid] == i {
			parentOf[j] = append(parentOf[j], i)
		} else {
			candidates = append(candidates, i)
		}
	}
	for _, k := range parentOf {
		sort.Slice(k, func(a, b int) bool { return rows[k[a]].Pid < rows[k[b]].Pid })
	}
	seen := make([]bool, len(rows))
	kids = make([][]int, len(rows))
	var walk func(i int)
	walk = func(i int) {
		seen[i] = true
		for _, k := range parentOf[i] {
			if !seen[k] {
				kids[i] = append(kids[i], k)
				walk(k)
			}
		}
	}
	// Rows caught in a parent cycle are reached by the second loop.
	for _, list := range [][]int{candidates, allIndices(len(rows))} {
		for _, i := range list {
			if !seen[i] {
				roots = append(roots, i)
				walk(i)
			}
		}
	}
	return roots, kids
}

// allIndices returns 0, 1, ..., n-1.
func allIndices(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// A treeBox is where one process is drawn.
type treeBox struct {
	Row        int // index in Table.Rows
	Parent     int // index in treeLayout.Boxes, or -1 for a root
	X, Y, W, H float64
}

// A treeLayout is the position of every box of a tree picture and the picture's size.
type treeLayout struct {
	Boxes         []treeBox
	Width, Height float64
}

// layoutTree places the boxes of rows: roots side by side at the top, each child
// generation a row lower, and each subtree as wide as its children together, with
// its root centred above its first and last child.
func layoutTree(rows []ProcessInfo) treeLayout {
	roots, kids := buildForest(rows)
	widths := make([]float64, len(rows))
	var measure func(i int) float64
	measure = func(i int) float64 {
		sum := 0.0
		for n, k := range kids[i] {
			if n > 0 {
				sum += treeGapX
			}
			sum += measure(k)
		}
		widths[i] = max(treeBoxW, sum)
		return widths[i]
	}
	var l treeLayout
	var place func(i, parent int, left float64, depth int)
	place = func(i, parent int, left float64, depth int) {
		y := treeMargin + float64(depth)*(treeBoxH+treeGapY)
		l.Boxes = append(l.Boxes, treeBox{
			Row: i, Parent: parent,
			X: left + (widths[i]-treeBoxW)/2, Y: y, W: treeBoxW, H: treeBoxH,
		})
		l.Height = max(l.Height, y+treeBoxH+treeMargin)
		me := len(l.Boxes) - 1
		sum := 0.0
		for n, k := range kids[i] {
			if n > 0 {
				sum += treeGapX
			}
			sum += widths[k]
		}
		x := left + (widths[i]-sum)/2
		first := len(l.Boxes)
		for _, k := range kids[i] {
			if k == kids[i][len(kids[i])-1] {
				last := len(l.Boxes)
				place(k, me, x, depth+1)
				// Centre the parent over its first and last child.
				l.Boxes[me].X = (l.Boxes[first].X + l.Boxes[last].X) / 2
				break
			}
			place(k, me, x, depth+1)
			x += widths[k] + treeGapX
		}
	}
	x := treeMargin
	for _, r := range roots {
		measure(r)
		place(r, -1, x, 0)
		x += widths[r] + treeGapX
	}
	l.Width = x - treeGapX + treeMargin
	return l
}

// SVG returns a standalone SVG picture of the tree: one box per process showing its
// name, PID and state, with lines from parents to children. The root has a heavy
// blue border and zombies a dashed red one.
func (t *Tree) SVG() string {
	rows := t.rows()
	if len(rows) == 0 {
		return messageSVG("no processes")
	}
	l := layoutTree(rows)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="%s">`,
		svgNum(l.Width), svgNum(l.Height), svgNum(l.Width), svgNum(l.Height), fontFamily)
	b.WriteString(`<g fill="none" stroke="#8a99a8" stroke-width="1.5">`)
	for _, box := range l.Boxes {
		if box.Parent < 0 {
			continue
		}
		p := l.Boxes[box.Parent]
		px, py := p.X+p.W/2, p.Y+p.H
		cx, cy := box.X+box.W/2, box.Y
		mid := (py + cy) / 2
		fmt.Fprintf(&b, `<path d="M%s %sV%sH%sV%s"/>`, svgNum(px), svgNum(py), svgNum(mid), svgNum(cx), svgNum(cy))
	}
	b.WriteString(`</g>`)
	for _, box := range l.Boxes {
		writeBox(&b, rows[box.Row], box, box.Row == 0)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// writeBox draws the box of process p.
func writeBox(b *strings.Builder, p ProcessInfo, box treeBox, root bool) {
	fill, stroke, width, dash := "#f6f8fb", "#5b7083", "1.2", ""
	switch {
	case p.State == "Z":
		fill, stroke, dash = "#fff1f0", "#c62828", ` stroke-dasharray="5 3"`
	case root:
		fill, stroke, width = "#e3edfb", "#1a56b0", "2.5"
	}
	if p.State == "Z" && root {
		width = "2.5"
	}
	cx := box.X + box.W/2
	fmt.Fprintf(b, `<g><title>%s</title>`, html.EscapeString(boxTitle(p, root)))
	fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" rx="8" fill="%s" stroke="%s" stroke-width="%s"%s/>`,
		svgNum(box.X), svgNum(box.Y), svgNum(box.W), svgNum(box.H), fill, stroke, width, dash)
	fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle" font-size="13" font-weight="bold" fill="#1d2733">%s</text>`,
		svgNum(cx), svgNum(box.Y+18), html.EscapeString(truncateWidth(p.Name, treeName)))
	fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle" font-size="11" fill="#3c4a57">pid %d</text>`,
		svgNum(cx), svgNum(box.Y+33), p.Pid)
	state, color := stateLabel(p.State), "#5b7083"
	switch p.State {
	case "Z":
		color = "#c62828"
	case "R":
		color = "#2e7d32"
	}
	if box.Parent < 0 && !root {
		state += " · ppid " + strconv.Itoa(p.Ppid)
	}
	fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle" font-size="11" fill="%s">%s</text></g>`,
		svgNum(cx), svgNum(box.Y+48), color, html.EscapeString(state))
}

// boxTitle returns the tooltip of a process box.
func boxTitle(p ProcessInfo, root bool) string {
	s := fmt.Sprintf("%s: pid %d, ppid %d, %s", p.Name, p.Pid, p.Ppid, stateText(p.State))
	if p.Command != "" {
		s += "\n" + p.Command
	}
	if root {
		s += "\n(root)"
	}
	return s
}

// stateLabel returns the word for a state letter, the letter itself if it has no
// word, or "?" if it is empty.
func stateLabel(letter string) string {
	if w := stateWord(letter); w != "" {
		return w
	}
	if letter == "" {
		return "?"
	}
	return letter
}

// String returns the tree as plain text, one process a line, drawn with "├─ " and "└─ ".
func (t *Tree) String() string {
	rows := t.rows()
	roots, kids := buildForest(rows)
	var b strings.Builder
	var walk func(i int, prefix, branch string)
	walk = func(i int, prefix, branch string) {
		b.WriteString(prefix + branch + nodeText(rows[i]))
		if i != 0 && branch == "" {
			fmt.Fprintf(&b, " [ppid %d]", rows[i].Ppid)
		}
		b.WriteByte('\n')
		switch branch {
		case "├─ ":
			prefix += "│  "
		case "└─ ":
			prefix += "   "
		}
		for n, k := range kids[i] {
			if n == len(kids[i])-1 {
				walk(k, prefix, "└─ ")
			} else {
				walk(k, prefix, "├─ ")
			}
		}
	}
	for _, r := range roots {
		walk(r, "", "")
	}
	return b.String()
}

// nodeText returns the line of process p in the plain-text tree.
func nodeText(p ProcessInfo) string {
	return fmt.Sprintf("%s (pid %d) %s", p.Name, p.Pid, stateLabel(p.State))
}

// messageSVG returns a small SVG picture that only shows msg.
func messageSVG(msg string) string {
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="240" height="40" viewBox="0 0 240 40" font-family="%s">`+
		`<text x="120" y="25" text-anchor="middle" font-size="13" fill="#5b7083">%s</text></svg>`,
		fontFamily, html.EscapeString(msg))
}

// svgNum formats a coordinate for SVG.
func svgNum(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// isWide reports whether r takes two columns, as CJK characters do.
func isWide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115f, // Hangul Jamo
		0x2e80 <= r && r <= 0xa4cf, // CJK radicals to Yi
		0xac00 <= r && r <= 0xd7a3, // Hangul syllables
		0xf900 <= r && r <= 0xfaff, // CJK compatibility ideographs
		0xfe30 <= r && r <= 0xfe4f, // CJK compatibility forms
		0xff00 <= r && r <= 0xff60, // fullwidth forms
		0xffe0 <= r && r <= 0xffe6,
		0x1f300 <= r && r <= 0x1f64f, // pictographs and emoticons
		0x20000 <= r && r <= 0x3fffd: // CJK extensions
		return true
	}
	return false
}

// textWidth returns how many columns s takes: two for wide characters, one for others.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if isWide(r) {
			n++
		}
	}
	return n
}

// truncateWidth shortens s to at most n columns, marking a cut with "…".
func truncateWidth(s string, n int) string {
	if textWidth(s) <= n {
		return s
	}
	w := 0
	for i, r := range s {
		rw := 1
		if isWide(r) {
			rw = 2
		}
		if w+rw > n-1 {
			return s[:i] + "…"
		}
		w += rw
	}
	return s
}
