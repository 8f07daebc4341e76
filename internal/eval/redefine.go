package eval

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// Students declare things again all the time; yaegi v0.16.1 does not make
// that work by itself:
//
//   - code compiled earlier keeps using the function, constant or variable
//     it was compiled with: after a cell declares f again, the functions of
//     earlier cells that call f are compiled again (refresh);
//   - declaring a type or a method again is silently ignored: the session
//     then gets a new interpreter into which the notebook's declarations are
//     restored, with the new ones (rebuild); variables go back to their
//     initial values, and Result.Warnings says so. The same happens when a
//     function used by a method is declared again, methods not being
//     compiled again either.

// needsRebuild returns what cell c declares again that the interpreter
// cannot take, or "".
func (s *Session) needsRebuild(c *cell) string {
	changed := map[string]bool{}
	for _, ch := range c.chunks {
		if ch.kind != chunkDecl {
			continue
		}
		for _, d := range c.declsOf(s.fset, ch) {
			for _, n := range d.Names {
				p := s.lookupDecl(n)
				if p == nil || p.Kind != d.Kind || stripDoc(p.Source) == stripDoc(d.Source) {
					continue
				}
				switch {
				case d.Kind == KindType:
					return "type " + n
				case strings.Contains(n, "."):
					return "method " + n
				case d.Kind == KindFunc || d.Kind == KindConst:
					changed[n] = true
				}
			}
		}
	}
	for _, d := range s.dependents(changed, declaredIn(s.fset, c)) {
		if strings.Contains(d.Names[0], ".") {
			return fmt.Sprintf("%s, which method %s uses", strings.Join(sortedKeys(changed), ", "), d.Names[0])
		}
	}
	return ""
}

// rebuild gives the session a new interpreter into which it restores the
// notebook's declarations and the type, func and const declarations of
// cell c, which redefines what. It returns a warning for the student.
func (s *Session) rebuild(c *cell, what string) string {
	s.mu.RLock()
	decls := append([]Decl(nil), s.decls...)
	s.mu.RUnlock()
	for _, ch := range c.chunks {
		if ch.kind != chunkDecl {
			continue
		}
		for _, d := range c.declsOf(s.fset, ch) {
			if d.Kind != KindVar {
				decls = append(decls, d)
			}
		}
	}
	s.stopAll()
	if err := s.start(); err != nil {
		return fmt.Sprintf("gocell could not rebuild its interpreter to redefine %s: %v", what, err)
	}
	reset, lost, _ := s.restore(decls, false)
	msg := fmt.Sprintf("gocell started a new interpreter to redefine %s", what)
	if len(reset) > 0 {
		msg += "; variables back at their initial value: " + strings.Join(reset, ", ")
	}
	if len(lost) > 0 {
		msg += "; no longer defined: " + strings.Join(lost, ", ")
	}
	return msg
}

// refresh compiles again the functions of earlier cells that use names,
// which cell c declared again, so that they use the new declarations.
func (s *Session) refresh(ctx context.Context, c *cell, names []string) []string {
	changed := map[string]bool{}
	for _, n := range names {
		changed[n] = true
	}
	var funcs, methods []string
	var src strings.Builder
	for _, d := range s.dependents(changed, declaredIn(s.fset, c)) {
		if strings.Contains(d.Names[0], ".") {
			methods = append(methods, d.Names[0])
			continue
		}
		funcs = append(funcs, d.Names[0])
		src.WriteString(d.Source)
		src.WriteString("\n")
	}
	var warnings []string
	if len(methods) > 0 {
		warnings = append(warnings, fmt.Sprintf("methods %s still use the previous %s: run their cells again",
			strings.Join(methods, ", "), strings.Join(names, ", ")))
	}
	if len(funcs) == 0 {
		return warnings
	}
	if _, err := s.runCell(ctx, src.String(), cellOpts{}); err == nil {
		return warnings
	}
	// One at a time, to find those that do not compile any more. A failed
	// compilation leaves a function broken in yaegi: replace each by one
	// that panics with an explanation.
	for _, d := range s.dependents(changed, declaredIn(s.fset, c)) {
		if strings.Contains(d.Names[0], ".") {
			continue
		}
		_, err := s.runCell(ctx, d.Source, cellOpts{})
		if err == nil {
			continue
		}
		why := err.Error()
		if e, ok := err.(*Error); ok {
			why = e.Message
		}
		msg := fmt.Sprintf("%s does not compile since %s changed: %s", d.Names[0], strings.Join(names, ", "), why)
		warnings = append(warnings, msg+"; run its cell again once fixed")
		if stub, ok := panicStub(d.Source, msg); ok {
			s.runCell(ctx, stub, cellOpts{})
		}
	}
	return warnings
}

// panicStub returns the function declared by src with a body that panics
// with msg.
func panicStub(src, msg string) (string, bool) {
	const prefix = "package p;"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", prefix+src, parser.SkipObjectResolution)
	if err != nil || len(f.Decls) != 1 {
		return "", false
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok || fd.Body == nil {
		return "", false
	}
	i := fset.Position(fd.Body.Lbrace).Offset - len(prefix)
	return src[:i] + "{ panic(" + strconv.Quote(msg) + ") }", true
}

// unbreak compiles again the previous declarations of the functions that a
// chunk which failed to compile declared: yaegi leaves them broken.
func (s *Session) unbreak(ctx context.Context, previous map[string]*Decl) {
	for n, p := range previous {
		if p.Kind == KindFunc && !strings.Contains(n, ".") {
			s.runCell(ctx, p.Source, cellOpts{})
		}
	}
}

// dependents returns the latest declarations of the notebook's functions
// and methods that use, directly or through one another, the names in
// changed, except those named in exclude.
func (s *Session) dependents(changed, exclude map[string]bool) []Decl {
	if len(changed) == 0 {
		return nil
	}
	s.mu.RLock()
	var funcs []Decl
	latest := map[string]int{}
	for _, d := range s.decls {
		if d.Kind == KindFunc && len(d.Names) == 1 && !exclude[d.Names[0]] {
			if i, ok := latest[d.Names[0]]; ok {
				funcs[i] = d
				continue
			}
			latest[d.Names[0]] = len(funcs)
			funcs = append(funcs, d)
		}
	}
	s.mu.RUnlock()
	uses := map[string]bool{}
	for n := range changed {
		uses[n] = true
	}
	var deps []Decl
	taken := make([]bool, len(funcs))
	for more := true; more; {
		more = false
		for i, d := range funcs {
			if taken[i] || !usesAny(d.Source, uses) {
				continue
			}
			taken[i], more = true, true
			deps = append(deps, d)
			if !strings.Contains(d.Names[0], ".") {
				uses[d.Names[0]] = true
			}
		}
	}
	return deps
}

// usesAny reports whether the source of a declaration mentions one of names
// other than as a selector.
func usesAny(src string, names map[string]bool) bool {
	toks := scanTokens(src)
	for i, t := range toks {
		if t.tok == token.IDENT && names[t.lit] && (i == 0 || toks[i-1].tok != token.PERIOD) {
			return true
		}
	}
	return false
}

// declaredIn returns the names cell c declares.
func declaredIn(fset *token.FileSet, c *cell) map[string]bool {
	names := map[string]bool{}
	for _, ch := range c.chunks {
		for _, d := range c.declsOf(fset, ch) {
			for _, n := range d.Names {
				names[n] = true
			}
		}
	}
	return names
}

// stripDoc returns a declaration's source without its doc comment.
func stripDoc(src string) string {
	for strings.HasPrefix(src, "//") {
		i := strings.IndexByte(src, '\n')
		if i < 0 {
			return ""
		}
		src = src[i+1:]
	}
	return src
}

// stopInterp stops the goroutines that cells left running in an
// interpreter given up: a cancelled ExecuteWithContext makes yaegi stop all
// the code it runs.
func stopInterp(in *interp.Interpreter, fset *token.FileSet) {
	defer func() { recover() }()
	f, err := parser.ParseFile(fset, "0.2/cell.go", "package main; func main() {\n_ = 0\n}", 0)
	if err != nil {
		return
	}
	prog, err := in.CompileAST(f.Decls[0].(*ast.FuncDecl).Body)
	if err != nil || prog == nil {
		return
	}
	// Chunks of the interpreter blocked for good (deadlocked in a lock)
	// are not waited for.
	stuck := chunkGoroutines()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// yaegi picks at random between the cancelled context and the end of
	// the program: insist until it has stopped.
	for range 100 {
		if _, err := in.ExecuteWithContext(ctx, prog); err != nil {
			waitChunkGone(stuck, -1)
			return
		}
	}
}
