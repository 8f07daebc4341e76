package sandbox

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// atMs returns t0 plus n milliseconds.
func atMs(t0 time.Time, n int) time.Time {
	return t0.Add(time.Duration(n) * time.Millisecond)
}

// demoTimeline has a sequential, a lock-holding and an open lane.
func demoTimeline() *Timeline {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	return &Timeline{
		Title: "demo",
		Now:   atMs(t0, 300),
		Spans: []Span{
			{Row: "child-1 (pid 101)", Kind: "run", Label: "first", Start: t0, End: atMs(t0, 100)},
			{Row: "child-2 (pid 102)", Kind: "wait", Start: t0, End: atMs(t0, 100)},
			{Row: "child-2 (pid 102)", Kind: "run", Start: atMs(t0, 100), End: atMs(t0, 200)},
			{Row: "child-2 (pid 102)", Kind: "lock", Label: "mu", Start: atMs(t0, 120), End: atMs(t0, 180)},
			{Row: "a goroutine with a very long name indeed", Kind: "sleep", Label: "<zz>", Start: atMs(t0, 50)},
		},
	}
}

func TestTimelineNiceStep(t *testing.T) {
	for total := 0.003; total < 1e7; total *= 1.37 {
		step, decimals := niceStep(total, tlTicks)
		mant := step / math.Pow10(int(math.Floor(math.Log10(step)+1e-9)))
		if !nearlyEqual(mant, 1) && !nearlyEqual(mant, 2) && !nearlyEqual(mant, 5) {
			t.Errorf("niceStep(%v) = %v, not 1, 2 or 5 times a power of ten", total, step)
		}
		if n := total / step; n > tlTicks*(1+1e-9) || n < 2 {
			t.Errorf("niceStep(%v) = %v: %v steps", total, step, n)
		}
		label := tickLabel(3*step, decimals)
		v, err := strconv.ParseFloat(label, 64)
		if err != nil || !nearlyEqual(v, 3*step) || (decimals > 0 && strings.HasSuffix(label, "0")) {
			t.Errorf("tick label %q for 3 steps of %v", label, step)
		}
	}
	for _, c := range []struct {
		total, step float64
		decimals    int
	}{{300, 50, 0}, {1000, 200, 0}, {60, 10, 0}, {1, 0.2, 1}, {0.05, 0.01, 2}, {7, 2, 0}} {
		step, decimals := niceStep(c.total, tlTicks)
		if !nearlyEqual(step, c.step) || decimals != c.decimals {
			t.Errorf("niceStep(%v) = %v, %d; want %v, %d", c.total, step, decimals, c.step, c.decimals)
		}
	}
}

// nearlyEqual reports whether a and b are equal but for rounding.
func nearlyEqual(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

func TestTimelineLayout(t *testing.T) {
	l := demoTimeline().layout()
	want := []string{"child-1 (pid 101)", "child-2 (pid 102)", "a goroutine with a very long name indeed"}
	if strings.Join(l.Lanes, "|") != strings.Join(want, "|") {
		t.Errorf("lanes %q, want %q", l.Lanes, want)
	}
	if l.Total != 300 || l.Step != 50 || l.Axis != 300 || !l.Open {
		t.Errorf("axis total %v step %v end %v open %v, want 300, 50, 300, true", l.Total, l.Step, l.Axis, l.Open)
	}
	if x0, x1 := plotX(l, 0), plotX(l, l.Axis); x0 != tlLabels || x1 != tlWidth-tlRight {
		t.Errorf("axis from x %v to %v", x0, x1)
	}
}

func TestTimelineSVG(t *testing.T) {
	svg := demoTimeline().SVG()
	text := checkSVG(t, svg)
	for _, want := range []string{
		"demo", "child-1 (pid 101)", "child-2 (pid 102)", "a goroutine with a very…",
		"0", "50", "100", "300", "time (ms)", "first", "mu", "<zz>",
		"running", "holding a lock", "waiting", "sleeping", "still going on",
	} {
		if !strings.Contains(text, "\n"+want+"\n") && !strings.HasPrefix(text, want+"\n") {
			t.Errorf("SVG lacks the text %q:\n%s", want, text)
		}
	}
	for _, want := range []string{`width="720"`, "hatch)", "fade3)", "#f28c28", "#3b7dd8"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if strings.Contains(svg, "<zz>") {
		t.Errorf("SVG does not escape labels")
	}
}

func TestTimelineSVGSequentialAndConcurrent(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	seq := &Timeline{Spans: []Span{
		{Row: "a", Kind: "run", Start: t0, End: atMs(t0, 100)},
		{Row: "b", Kind: "run", Start: atMs(t0, 100), End: atMs(t0, 200)},
	}}
	con := &Timeline{Spans: []Span{
		{Row: "a", Kind: "run", Start: t0, End: atMs(t0, 200)},
		{Row: "b", Kind: "run", Start: t0, End: atMs(t0, 200)},
	}}
	// On the same axis, sequential bars meet halfway; concurrent ones both span it.
	if got := runBars(t, seq.SVG()); got != "170+263 433+263" {
		t.Errorf("sequential bars at %s, want 170+263 433+263", got)
	}
	if got := runBars(t, con.SVG()); got != "170+526 170+526" {
		t.Errorf("concurrent bars at %s, want 170+526 170+526", got)
	}
}

// runBars returns the x and width of the run bars in svg, as "x+width" separated by spaces.
func runBars(t *testing.T, svg string) string {
	t.Helper()
	checkSVG(t, svg)
	barRect := regexp.MustCompile(`<rect x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)" height="18" rx="2"`)
	var out []string
	for _, m := range barRect.FindAllStringSubmatch(svg, -1) {
		out = append(out, m[1]+"+"+m[2])
	}
	return strings.Join(out, " ")
}

func TestTimelineEmpty(t *testing.T) {
	for _, tl := range []*Timeline{{}, {Spans: []Span{{Row: "no start", Kind: "run"}}}} {
		if text := checkSVG(t, tl.SVG()); !strings.Contains(text, "no events recorded") {
			t.Errorf("empty timeline SVG text %q", text)
		}
		if s := tl.String(); s != "no events recorded\n" {
			t.Errorf("empty timeline String() = %q", s)
		}
	}
}

func TestTimelineInstant(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tl := &Timeline{Spans: []Span{{Row: "x", Kind: "odd", Start: t0, End: t0}, {Row: "y", Kind: "run", Start: t0, End: t0.Add(-time.Second)}}}
	checkSVG(t, tl.SVG())
	want := "" +
		"x |▒" + strings.Repeat(" ", 59) + "| 0.0 – 0.0 ms\n" +
		"y |█" + strings.Repeat(" ", 59) + "| 0.0 – 0.0 ms\n" +
		"   █ running  ▒ odd\n"
	if got := tl.String(); got != want {
		t.Errorf("String():\n%s\nwant:\n%s", got, want)
	}
}

func TestTimelineString(t *testing.T) {
	r := strings.Repeat
	want := "demo\n" +
		"child-1 (pid 101)        |" + r("█", 20) + r(" ", 40) + "| 0.0 – 100.0 ms\n" +
		"child-2 (pid 102)        |" + r("░", 20) + r("█", 4) + r("▓", 12) + r("█", 4) + r(" ", 20) + "| 0.0 – 200.0 ms\n" +
		"a goroutine with a very… |" + r(" ", 10) + r("·", 50) + "| 50.0 ms – running\n" +
		r(" ", 26) + "█ running  ▓ holding a lock  ░ waiting  · sleeping\n"
	if got := demoTimeline().String(); got != want {
		t.Errorf("String():\n%s\nwant:\n%s", got, want)
	}
}
