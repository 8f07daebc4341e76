package sandbox

import (
	"fmt"
	"hash/fnv"
	"html"
	"math"
	"strings"
	"time"
)

// A Span is one bar of a timeline: Row names the lane (a process "child-1 (pid 123)"
// or a goroutine), Label is text inside or next to the bar (may be empty), and Kind
// says how to draw it: "run" (running), "lock" (holding a lock), "wait" (blocked
// waiting) or "sleep". An End of zero means the span was still going on when the
// timeline was drawn. Spans with a zero Start are ignored.
type Span struct {
	Row, Label string
	Kind       string
	Start, End time.Time
}

// A Timeline is a picture of spans, one lane per Row, on a common time axis.
type Timeline struct {
	Spans []Span
	Title string
	// Now is the moment of drawing, where spans still going on are drawn to.
	// Zero means time.Now().
	Now time.Time
}

// Sizes of the timeline picture, in pixels.
const (
	tlWidth   = 720.0 // picture width
	tlLabels  = 170.0 // left of the time axis: lane labels
	tlRight   = 24.0  // right of the time axis
	tlLaneH   = 30.0  // height of a lane
	tlBarH    = 18.0  // height of a bar
	tlLockH   = 10.0  // height of a lock bar, drawn over the run bar
	tlFade    = 28.0  // length of the fading end of an open bar
	tlLabelW  = 24    // width of a lane label, in columns (see textWidth)
	tlTicks   = 6     // at most about this many tick steps on the axis
	textCols  = 60    // width of the bars of the plain-text timeline
	charWidth = 6.5   // average width of a character at font size 11
)

// A kindStyle says how spans of one kind are drawn.
type kindStyle struct {
	order  int     // drawing order in a lane: higher is drawn later, on top
	fill   string  // bar colour
	stroke string  // bar outline colour, or ""
	text   string  // colour of a label inside the bar
	height float64 // bar height
	legend string  // name in the legend
	char   string  // character of the plain-text bar
}

// styleOf returns the style of spans of the given kind.
func styleOf(kind string) kindStyle {
	switch kind {
	case "run":
		return kindStyle{2, "#3b7dd8", "#2a5ea8", "#ffffff", tlBarH, "running", "█"}
	case "lock":
		return kindStyle{3, "#f28c28", "#b35900", "#3d1f00", tlLockH, "holding a lock", "▓"}
	case "wait":
		return kindStyle{0, "#e3e6ea", "#9aa3ad", "#333d47", tlBarH, "waiting", "░"}
	case "sleep":
		return kindStyle{0, "#e9e3f6", "#b9a8dd", "#333d47", tlBarH, "sleeping", "·"}
	}
	return kindStyle{1, "#8796a5", "#5b6a78", "#ffffff", tlBarH, kind, "▒"}
}

// A timelineLayout is the time axis of a timeline and the order of its lanes.
type timelineLayout struct {
	Lanes    []string  // lane names in order of first appearance
	Spans    []Span    // the spans drawn, open ones still with a zero End
	Origin   time.Time // the earliest Start: 0 ms on the axis
	Total    float64   // ms from Origin to the latest time shown
	Step     float64   // ms between ticks
	Decimals int       // decimals of tick labels
	Axis     float64   // ms at the right end of the axis: a multiple of Step
	Open     bool      // whether some span is still going on
}

// layout returns the lanes and time axis of t.
func (t *Timeline) layout() timelineLayout {
	var l timelineLayout
	seen := make(map[string]bool)
	var last time.Time
	for _, s := range t.Spans {
		if s.Start.IsZero() {
			continue
		}
		l.Spans = append(l.Spans, s)
		if !seen[s.Row] {
			seen[s.Row] = true
			l.Lanes = append(l.Lanes, s.Row)
		}
		if l.Origin.IsZero() || s.Start.Before(l.Origin) {
			l.Origin = s.Start
		}
		last = latestTime(last, s.Start, s.End)
		l.Open = l.Open || s.End.IsZero()
	}
	if l.Open {
		now := t.Now
		if now.IsZero() {
			now = time.Now()
		}
		last = latestTime(last, now)
	}
	l.Total = millis(last.Sub(l.Origin))
	if l.Total <= 0 {
		l.Total = 1
	}
	l.Step, l.Decimals = niceStep(l.Total, tlTicks)
	l.Axis = math.Ceil(l.Total/l.Step-1e-9) * l.Step
	return l
}

// latestTime returns the latest of times.
func latestTime(times ...time.Time) time.Time {
	var m time.Time
	for _, t := range times {
		if t.After(m) {
			m = t
		}
	}
	return m
}

// millis returns d in milliseconds.
func millis(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond)
}

// niceStep returns a tick step of 1, 2 or 5 times a power of ten milliseconds that
// divides total into at most about n steps, and how many decimals its labels need.
func niceStep(total float64, n int) (step float64, decimals int) {
	if total <= 0 || n <= 0 || math.IsNaN(total) || math.IsInf(total, 0) {
		return 1, 0
	}
	raw := total / float64(n)
	exp := int(math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		step = m * math.Pow10(exp)
		if step >= raw*(1-1e-9) {
			break
		}
	}
	if step >= 10*math.Pow10(exp) {
		exp++
	}
	return step, max(0, -exp)
}

// spanMs returns the start and end of s in ms from origin; an open span ends at end.
func spanMs(s Span, origin time.Time, end float64) (float64, float64) {
	a := millis(s.Start.Sub(origin))
	if s.End.IsZero() {
		return a, end
	}
	return a, max(a, millis(s.End.Sub(origin)))
}

// SVG returns a standalone SVG picture of the timeline: one lane per row, bars
// coloured by kind on a time axis in milliseconds, and a legend. Lock bars are drawn
// over the run bars they belong to, so that lock holders taking turns show as
// orange bars that never overlap in time.
func (t *Timeline) SVG() string {
	l := t.layout()
	if len(l.Spans) == 0 {
		return messageSVG("no events recorded")
	}
	id := t.idPrefix()
	top := 10.0
	if t.Title != "" {
		top = 34
	}
	lanesTop := top + 26
	height := lanesTop + float64(len(l.Lanes))*tlLaneH + 40

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="%s" font-size="11">`,
		svgNum(tlWidth), svgNum(height), svgNum(tlWidth), svgNum(height), fontFamily)
	writeDefs(&b, id, l.Spans)
	if t.Title != "" {
		fmt.Fprintf(&b, `<text x="%s" y="22" font-size="14" font-weight="bold" fill="#1d2733">%s</text>`,
			svgNum(tlLabels), html.EscapeString(t.Title))
	}
	writeLegend(&b, id, l, top+8)
	writeLanes(&b, l, lanesTop)
	writeAxis(&b, l, lanesTop, lanesTop+float64(len(l.Lanes))*tlLaneH)
	for i, lane := range l.Lanes {
		writeBars(&b, id, l, lane, lanesTop+float64(i)*tlLaneH)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// idPrefix returns a prefix for the ids of the picture's patterns and gradients that
// differs between pictures, since a notebook page holds many pictures in one document.
func (t *Timeline) idPrefix() string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%q %v", t.Title, t.Spans)
	return fmt.Sprintf("tl%x-", h.Sum64())
}

// plotX returns the x coordinate of ms on the axis of l.
func plotX(l timelineLayout, ms float64) float64 {
	return tlLabels + ms/l.Axis*(tlWidth-tlLabels-tlRight)
}

// kindsOf returns the kinds of spans, each once, in drawing order.
func kindsOf(spans []Span) []string {
	var kinds []string
	seen := make(map[string]bool)
	for _, order := range []int{2, 3, 0, 1} {
		for _, s := range spans {
			if styleOf(s.Kind).order == order && !seen[s.Kind] {
				seen[s.Kind] = true
				kinds = append(kinds, s.Kind)
			}
		}
	}
	return kinds
}

// writeDefs writes the hatching of waiting bars and the fading ends of open bars.
func writeDefs(b *strings.Builder, id string, spans []Span) {
	b.WriteString(`<defs>`)
	fmt.Fprintf(b, `<pattern id="%shatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`+
		`<rect width="6" height="6" fill="#e3e6ea"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9aa3ad" stroke-width="2"/></pattern>`, id)
	for i, kind := range kindsOf(spans) {
		st := styleOf(kind)
		fmt.Fprintf(b, `<linearGradient id="%sfade%d"><stop offset="0" stop-color="%s"/><stop offset="1" stop-color="%s" stop-opacity="0"/></linearGradient>`,
			id, i, st.fill, st.fill)
	}
	b.WriteString(`</defs>`)
}

// barPaint returns the paint of a bar of the given kind.
func barPaint(id, kind string) string {
	if kind == "wait" {
		return "url(#" + id + "hatch)"
	}
	return styleOf(kind).fill
}

// writeLegend writes a swatch and a name for every kind of span present, and one
// for open bars if there are any.
func writeLegend(b *strings.Builder, id string, l timelineLayout, y float64) {
	x := tlLabels
	item := func(paint, stroke, name string, h float64) {
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="16" height="%s" fill="%s" stroke="%s" stroke-width="0.8"/>`,
			svgNum(x), svgNum(y+5-h/2), svgNum(h), paint, stroke)
		fmt.Fprintf(b, `<text x="%s" y="%s" fill="#3c4a57">%s</text>`, svgNum(x+21), svgNum(y+9), html.EscapeString(name))
		x += 21 + float64(textWidth(name))*charWidth + 16
	}
	kinds := kindsOf(l.Spans)
	for _, kind := range kinds {
		st := styleOf(kind)
		item(barPaint(id, kind), st.stroke, st.legend, min(st.height, 10))
	}
	for _, s := range l.Spans {
		if s.End.IsZero() {
			item(fmt.Sprintf("url(#%sfade%d)", id, indexOfKind(kinds, s.Kind)), "none", "still going on", 10)
			return
		}
	}
}

// writeLanes writes the lane labels and the stripes behind every other lane.
func writeLanes(b *strings.Builder, l timelineLayout, top float64) {
	for i, lane := range l.Lanes {
		y := top + float64(i)*tlLaneH
		if i%2 == 0 {
			fmt.Fprintf(b, `<rect x="0" y="%s" width="%s" height="%s" fill="#f5f7fa"/>`, svgNum(y), svgNum(tlWidth), svgNum(tlLaneH))
		}
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end" fill="#1d2733"><title>%s</title>%s</text>`,
			svgNum(tlLabels-8), svgNum(y+tlLaneH/2+4), html.EscapeString(lane), html.EscapeString(truncateWidth(lane, tlLabelW)))
	}
}

// writeAxis writes the time axis below the lanes, with a grid line at every tick.
func writeAxis(b *strings.Builder, l timelineLayout, top, bottom float64) {
	fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#5b7083"/>`,
		svgNum(tlLabels), svgNum(bottom), svgNum(plotX(l, l.Axis)), svgNum(bottom))
	for k := 0; float64(k)*l.Step <= l.Axis*(1+1e-9); k++ {
		v := float64(k) * l.Step
		x := plotX(l, v)
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#d5dbe1" stroke-dasharray="2 3"/>`,
			svgNum(x), svgNum(top), svgNum(x), svgNum(bottom))
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#5b7083"/>`, svgNum(x), svgNum(bottom), svgNum(x), svgNum(bottom+4))
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle" fill="#3c4a57">%s</text>`,
			svgNum(x), svgNum(bottom+16), tickLabel(v, l.Decimals))
	}
	fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end" fill="#3c4a57">time (ms)</text>`,
		svgNum(tlLabels-8), svgNum(bottom+16))
}

// tickLabel formats a tick value with the given number of decimals.
func tickLabel(v float64, decimals int) string {
	return fmt.Sprintf("%.*f", decimals, v)
}

// writeBars writes the bars of one lane whose top is at y, lower kinds first.
func writeBars(b *strings.Builder, id string, l timelineLayout, lane string, y float64) {
	var spans []Span
	for _, s := range l.Spans {
		if s.Row == lane {
			spans = append(spans, s)
		}
	}
	kinds := kindsOf(l.Spans)
	for _, order := range []int{0, 1, 2, 3} {
		for _, s := range spans {
			if styleOf(s.Kind).order == order {
				writeBar(b, id, l, s, spans, y, indexOfKind(kinds, s.Kind))
			}
		}
	}
}

// indexOfKind returns the index of s in list, or -1.
func indexOfKind(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// writeBar writes the bar of span s in a lane whose top is at y; lane holds all the
// lane's spans, to find room for a label next to the bar.
func writeBar(b *strings.Builder, id string, l timelineLayout, s Span, lane []Span, y float64, kind int) {
	st := styleOf(s.Kind)
	a, e := spanMs(s, l.Origin, l.Axis)
	x0, x1 := plotX(l, a), max(plotX(l, e), plotX(l, a)+2)
	top := y + (tlLaneH-st.height)/2
	b.WriteString(`<g>`)
	fmt.Fprintf(b, `<title>%s</title>`, html.EscapeString(spanTitle(s, a, e)))
	if s.End.IsZero() {
		solid := max(x0, x1-tlFade)
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`,
			svgNum(x0), svgNum(top), svgNum(solid-x0), svgNum(st.height), barPaint(id, s.Kind))
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="url(#%sfade%d)"/>`,
			svgNum(solid), svgNum(top), svgNum(x1-solid), svgNum(st.height), id, kind)
	} else {
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" rx="2" fill="%s" stroke="%s" stroke-width="0.8"/>`,
			svgNum(x0), svgNum(top), svgNum(x1-x0), svgNum(st.height), barPaint(id, s.Kind), st.stroke)
	}
	writeBarLabel(b, l, s, lane, x0, x1, top, st)
	b.WriteString(`</g>`)
}

// writeBarLabel writes the label of span s inside its bar if it fits, else next to
// the bar if nothing else in the lane is in the way, else not at all (the bar's
// tooltip still has it).
func writeBarLabel(b *strings.Builder, l timelineLayout, s Span, lane []Span, x0, x1, top float64, st kindStyle) {
	if s.Label == "" {
		return
	}
	size := 11.0
	if st.height < tlBarH {
		size = 9
	}
	w := float64(textWidth(s.Label)) * charWidth * size / 11
	mid := top + st.height/2 + size*0.35
	if w+8 <= x1-x0 {
		fmt.Fprintf(b, `<text x="%s" y="%s" font-size="%s" fill="%s">%s</text>`,
			svgNum(x0+4), svgNum(mid), svgNum(size), st.text, html.EscapeString(s.Label))
		return
	}
	room := plotX(l, l.Axis) + tlRight - x1
	for _, o := range lane {
		if a, _ := spanMs(o, l.Origin, l.Axis); plotX(l, a) >= x1 {
			room = min(room, plotX(l, a)-x1)
		}
	}
	if w+8 <= room {
		fmt.Fprintf(b, `<text x="%s" y="%s" font-size="%s" fill="#333d47">%s</text>`,
			svgNum(x1+4), svgNum(mid), svgNum(size), html.EscapeString(s.Label))
	}
}

// spanTitle returns the tooltip of a bar.
func spanTitle(s Span, start, end float64) string {
	var b strings.Builder
	b.WriteString(s.Row + ": ")
	if s.Label != "" {
		b.WriteString(s.Label + ", ")
	}
	b.WriteString(styleOf(s.Kind).legend)
	if s.End.IsZero() {
		fmt.Fprintf(&b, " from %.1f ms on", start)
	} else {
		fmt.Fprintf(&b, " %.1f–%.1f ms", start, end)
	}
	return b.String()
}

// String returns the timeline as plain text: one line per lane with a bar scaled to
// 60 columns ('█' running, '▓' holding a lock, '░' waiting, '·' sleeping) and the
// lane's first start and last end in ms.
func (t *Timeline) String() string {
	var b strings.Builder
	if t.Title != "" {
		b.WriteString(t.Title + "\n")
	}
	l := t.layout()
	if len(l.Spans) == 0 {
		b.WriteString("no events recorded\n")
		return b.String()
	}
	width := 0
	for _, lane := range l.Lanes {
		width = max(width, textWidth(truncateWidth(lane, tlLabelW)))
	}
	for _, lane := range l.Lanes {
		label := truncateWidth(lane, tlLabelW)
		b.WriteString(label + strings.Repeat(" ", width-textWidth(label)))
		b.WriteString(" |" + laneBar(l, lane) + "| " + laneTimes(l, lane) + "\n")
	}
	var key []string
	for _, kind := range kindsOf(l.Spans) {
		st := styleOf(kind)
		key = append(key, st.char+" "+st.legend)
	}
	b.WriteString(strings.Repeat(" ", width) + "  " + strings.Join(key, "  ") + "\n")
	return b.String()
}

// laneBar returns the plain-text bar of one lane, textCols characters wide.
func laneBar(l timelineLayout, lane string) string {
	cols := make([]string, textCols)
	for i := range cols {
		cols[i] = " "
	}
	for _, order := range []int{0, 1, 2, 3} {
		for _, s := range l.Spans {
			st := styleOf(s.Kind)
			if s.Row != lane || st.order != order {
				continue
			}
			a, e := spanMs(s, l.Origin, l.Total)
			c0 := min(textCols-1, int(math.Floor(a/l.Total*textCols)))
			c1 := min(textCols, int(math.Ceil(e/l.Total*textCols-1e-9)))
			for c := c0; c < max(c1, c0+1); c++ {
				cols[c] = st.char
			}
		}
	}
	return strings.Join(cols, "")
}

// laneTimes returns the first start and the last end of one lane's spans.
func laneTimes(l timelineLayout, lane string) string {
	first, last, open := math.Inf(1), 0.0, false
	for _, s := range l.Spans {
		if s.Row != lane {
			continue
		}
		a, e := spanMs(s, l.Origin, l.Total)
		first, last = min(first, a), max(last, e)
		open = open || s.End.IsZero()
	}
	if open {
		return fmt.Sprintf("%.1f ms – running", first)
	}
	return fmt.Sprintf("%.1f – %.1f ms", first, last)
}
