package eval

import (
	"bytes"
	"strings"
)

// Frames of yaegi v0.16.1 that the goroutine dump shows.
const (
	// yaegiPkg prefixes every function of the interpreter.
	yaegiPkg = "github.com/traefik/yaegi/interp."
	// goLauncher creates the goroutine of a go statement calling an
	// interpreted function ("created by ...interp.call.func9").
	goLauncher = yaegiPkg + "call."
	// mainLauncher creates the goroutine running a chunk's top-level code.
	mainLauncher = yaegiPkg + "(*Interpreter).ExecuteWithContext"
)

// goroutine is one goroutine of a runtime.Stack(all) dump.
type goroutine struct {
	id        string
	state     string   // wait reason of the header: "chan receive", "sleep"...
	frames    []string // function of each frame, innermost first
	createdBy string   // function whose go statement started it
	parent    string   // id of the goroutine that started it
}

// interpreted reports whether g was started by a go statement of
// interpreted code calling an interpreted function.
func (g *goroutine) interpreted() bool {
	return strings.HasPrefix(g.createdBy, goLauncher)
}

// cellMain reports whether g runs a chunk's top-level code.
func (g *goroutine) cellMain() bool {
	return g.createdBy == mainLauncher
}

// parseGoroutines parses a dump of runtime.Stack(buf, true).
func parseGoroutines(dump []byte) []*goroutine {
	var gs []*goroutine
	for _, block := range bytes.Split(dump, []byte("\n\n")) {
		lines := strings.Split(strings.TrimSpace(string(block)), "\n")
		if len(lines) == 0 || !strings.HasPrefix(lines[0], "goroutine ") {
			continue
		}
		// goroutine 7 [chan receive, 2 minutes]:
		head := strings.TrimPrefix(lines[0], "goroutine ")
		id, rest, _ := strings.Cut(head, " ")
		g := &goroutine{id: id}
		if i, j := strings.IndexByte(rest, '['), strings.LastIndexByte(rest, ']'); i >= 0 && j > i {
			g.state = rest[i+1 : j]
			if k := strings.Index(g.state, ", "); k >= 0 && strings.Contains(g.state[k:], "minute") {
				g.state = g.state[:k]
			}
			// "(durable)", "(leaked)" and like annotations are not states.
			g.state, _, _ = strings.Cut(g.state, " (durable)")
		}
		for _, l := range lines[1:] {
			switch {
			case strings.HasPrefix(l, "\t"):
				// file:line of the frame above
			case strings.HasPrefix(l, "created by "):
				fn := strings.TrimPrefix(l, "created by ")
				fn, g.parent, _ = strings.Cut(fn, " in goroutine ")
				g.createdBy = fn
			case strings.HasPrefix(l, "..."):
			default:
				fn := l
				if i := strings.LastIndexByte(fn, '('); i > 0 && strings.HasSuffix(fn, ")") {
					fn = fn[:i]
				}
				g.frames = append(g.frames, fn)
			}
		}
		gs = append(gs, g)
	}
	return gs
}

// liveGoroutines returns the goroutines of the process.
func liveGoroutines() []*goroutine {
	return parseGoroutines(stacks(true))
}
