package assign

import (
	"fmt"
	"strings"
)

// Markers of regions in cell sources.
const (
	BeginSolution = "// BEGIN SOLUTION"
	EndSolution   = "// END SOLUTION"
	BeginHidden   = "// BEGIN HIDDEN TESTS"
	EndHidden     = "// END HIDDEN TESTS"
	// StubComment begins the code that replaces a solution region.
	StubComment = "// YOUR CODE HERE"
	// StubPanic ends it inside a function body.
	StubPanic = `panic("not implemented")`
)

// A RegionError is a mistake in a cell's markers.
type RegionError struct {
	Line int // 1-based line of the cell
	Msg  string
}

func (e *RegionError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// markerOf returns the marker a line is, or "".
func markerOf(line string) string {
	t := strings.TrimSpace(line)
	switch t {
	case BeginSolution, EndSolution, BeginHidden, EndHidden:
		return t
	}
	return ""
}

// HasMarkers reports whether src has a line that is one of begin or end.
func hasMarkers(src, begin, end string) bool {
	for _, l := range strings.Split(src, "\n") {
		if m := markerOf(l); m == begin || m == end {
			return true
		}
	}
	return false
}

// replaceRegions replaces each region of src between begin and end lines
// (both included) with what stub returns for the begin line's indentation.
// Markers of the other kind inside a region, unmatched markers and nested
// regions are errors.
func replaceRegions(src, begin, end string, stub func(indent string) []string) (string, error) {
	lines := strings.Split(src, "\n")
	out := make([]string, 0, len(lines))
	in, start := false, 0
	for i, l := range lines {
		m := markerOf(l)
		switch {
		case m == begin && in:
			return "", &RegionError{i + 1, fmt.Sprintf("%q inside the region begun on line %d", begin, start+1)}
		case m == begin:
			in, start = true, i
			indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
			out = append(out, stub(indent)...)
		case m == end && !in:
			return "", &RegionError{i + 1, fmt.Sprintf("%q without %q", end, begin)}
		case m == end:
			in = false
		case m != "" && in:
			return "", &RegionError{i + 1, fmt.Sprintf("%q inside the region begun on line %d", m, start+1)}
		case !in:
			out = append(out, l)
		}
	}
	if in {
		return "", &RegionError{start + 1, fmt.Sprintf("%q without %q", begin, end)}
	}
	return strings.Join(out, "\n"), nil
}

// StubSolutions replaces the solution regions of src with stubs.
func StubSolutions(src string) (string, error) {
	return replaceRegions(src, BeginSolution, EndSolution, func(indent string) []string {
		if indent == "" {
			return []string{StubComment}
		}
		return []string{indent + StubComment, indent + StubPanic}
	})
}

// RemoveHidden removes the hidden test regions of src, markers included.
func RemoveHidden(src string) (string, error) {
	return replaceRegions(src, BeginHidden, EndHidden, func(string) []string { return nil })
}
