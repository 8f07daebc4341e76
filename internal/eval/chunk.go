package eval

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// chunkKind tells how yaegi is given a chunk.
type chunkKind int

const (
	chunkImport chunkKind = iota // one import spec
	chunkDecl                    // package-level declarations, compiled as a file
	chunkStmt                    // statements, compiled as a block in the global frame
)

// A chunk is a part of a cell that yaegi compiles and runs in one go.
//
// Its source is the cell with everything outside the chunk blanked (newlines
// kept), behind a one-line prefix: a position in the chunk's file is the
// cell's line plus one, in the same column.
type chunk struct {
	kind chunkKind
	name string    // file name in the interpreter's FileSet
	file *ast.File // the parsed file
	node ast.Node  // what is compiled: file, or block for statements

	spec     *ast.ImportSpec // chunkImport
	trailing *ast.ExprStmt   // chunkStmt: the cell's trailing expression
	wrapped  []ast.Stmt      // chunkStmt: the statements lowering ran in a function (see localize)
}

const (
	declPrefix = "package main;\n"
	stmtPrefix = "package main; func main() {\n"
	stmtSuffix = "\n}"

	// hiddenMain is what a cell's func main is renamed to, so that yaegi
	// does not run it after every later compilation.
	hiddenMain = "gocell_main"
)

// A cell is a parsed cell, ready to run.
type cell struct {
	seq       int
	src       string
	chunks    []*chunk
	declsMain bool                 // the cell declares func main: call it at the end
	label     func(seq int) string // names other cells in messages; may be nil
}

// name names the cell of chunk files of sequence number seq in messages
// about c: "cell" for c itself.
func (c *cell) name(seq int) string {
	switch {
	case seq == c.seq:
		return "cell"
	case c.label != nil:
		return c.label(seq)
	}
	return fmt.Sprintf("cell[%d]", seq)
}

// planCell splits src and parses every chunk; it fails, running nothing, when
// the cell has a syntax error. isVar tells whether a name is a variable of
// the notebook, label names other cells; both may be nil.
func planCell(fset *token.FileSet, seq int, src string, isVar func(string) bool, label func(int) string) (*cell, error) {
	c := &cell{seq: seq, src: src, label: label}
	segs := splitCell(src)
	if len(segs) > 0 && segs[0].kind == segPackage {
		segs = segs[1:]
	}
	lowerVars(src, segs, isVar)
	// Imports first, one chunk per spec, whatever their place in the cell.
	for _, sg := range segs {
		if sg.kind != segImport {
			continue
		}
		ch, err := c.parse(fset, chunkDecl, sg.lead, sg.end)
		if err != nil {
			return nil, err
		}
		for _, d := range ch.file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.IMPORT {
				continue
			}
			for _, sp := range gd.Specs {
				is := sp.(*ast.ImportSpec)
				one := *gd
				one.Specs = []ast.Spec{is}
				one.Lparen, one.Rparen = token.NoPos, token.NoPos
				f := *ch.file
				f.Decls = []ast.Decl{&one}
				c.chunks = append(c.chunks, &chunk{kind: chunkImport, name: ch.name, file: &f, node: &f, spec: is})
			}
		}
	}
	// Then declarations and statements in order, grouping neighbours.
	var rest []segment
	for _, sg := range segs {
		if sg.kind != segImport {
			rest = append(rest, sg)
		}
	}
	for i := 0; i < len(rest); {
		j := i + 1
		for j < len(rest) && rest[j].kind == rest[i].kind {
			j++
		}
		kind := chunkDecl
		if rest[i].kind == segStmt {
			kind = chunkStmt
		}
		ch, err := c.parse(fset, kind, rest[i].lead, rest[j-1].end)
		if err != nil {
			return nil, err
		}
		c.chunks = append(c.chunks, ch)
		i = j
	}
	if n := len(c.chunks); n > 0 {
		if last := c.chunks[n-1]; last.kind == chunkStmt {
			if list := last.node.(*ast.BlockStmt).List; len(list) > 0 {
				if es, ok := list[len(list)-1].(*ast.ExprStmt); ok {
					last.trailing = es
				}
			}
		}
	}
	for _, ch := range c.chunks {
		if ch.kind != chunkDecl {
			continue
		}
		for _, d := range ch.file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
				c.declsMain = true
			}
		}
	}
	return c, nil
}

// parse parses src[start:end] as a chunk of the given kind.
func (c *cell) parse(fset *token.FileSet, kind chunkKind, start, end int) (*chunk, error) {
	ch := &chunk{kind: kind, name: fmt.Sprintf("%d.%d/cell.go", c.seq, len(c.chunks)+1)}
	var b strings.Builder
	prefix := declPrefix
	if kind == chunkStmt {
		prefix = stmtPrefix
	}
	b.Grow(len(prefix) + len(c.src) + len(stmtSuffix))
	b.WriteString(prefix)
	for i := 0; i < len(c.src); i++ {
		switch {
		case i >= start && i < end, c.src[i] == '\n':
			b.WriteByte(c.src[i])
		default:
			b.WriteByte(' ')
		}
	}
	if kind == chunkStmt {
		b.WriteString(stmtSuffix)
	}
	f, err := parser.ParseFile(fset, ch.name, b.String(), parser.DeclarationErrors|parser.ParseComments)
	if err != nil {
		return nil, syntaxError(c, err)
	}
	ch.file = f
	ch.node = f
	if kind == chunkStmt {
		ch.node = f.Decls[0].(*ast.FuncDecl).Body
	}
	return ch, nil
}

// cellPos maps a position in a chunk file back to the cell's line and
// column; it returns 0, 0 for positions outside any cell text.
func cellPos(fset *token.FileSet, pos token.Pos) (line, col int) {
	if !pos.IsValid() {
		return 0, 0
	}
	p := fset.Position(pos)
	if p.Line < 2 {
		return 0, 0
	}
	return p.Line - 1, p.Column
}

// chunkSeq returns the cell sequence number encoded in a chunk file name, or
// 0 when name is not one.
func chunkSeq(name string) int {
	var seq, k int
	var rest string
	if n, _ := fmt.Sscanf(name, "%d.%d/%s", &seq, &k, &rest); n != 3 || rest != "cell.go" {
		return 0
	}
	return seq
}

// lowerVars turns into statements the var declarations whose initializer
// uses a variable declared by an earlier yaegi compilation: yaegi v0.16.1
// fails on those at package level ("variable definition loop"), while a var
// statement at top level declares the same global variable. Variables of
// the same chunk are fine. So do declarations of variables the notebook
// has already.
func lowerVars(src string, segs []segment, isVar func(string) bool) {
	earlier := map[string]bool{} // variables of earlier chunks of the cell
	cur := map[string]bool{}     // variables of the current chunk
	curKind := segPackage        // kind of the current chunk
	next := func(kind segKind) {
		if kind != curKind {
			for n := range cur {
				earlier[n] = true
			}
			cur, curKind = map[string]bool{}, kind
		}
	}
	for i, sg := range segs {
		if sg.kind != segDecl && sg.kind != segStmt {
			continue
		}
		text := src[sg.start:sg.end]
		toks := scanTokens(text)
		if sg.kind == segStmt {
			next(segStmt)
			// IDENT {, IDENT} := ...
			for j := 0; j+1 < len(toks) && toks[j].tok == token.IDENT; j += 2 {
				if toks[j+1].tok == token.DEFINE {
					for k := 0; k <= j; k += 2 {
						cur[toks[k].lit] = true
					}
					break
				}
				if toks[j+1].tok != token.COMMA {
					break
				}
			}
			continue
		}
		if len(toks) == 0 || toks[0].tok != token.VAR {
			next(segDecl)
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+text, parser.SkipObjectResolution)
		if err != nil || len(f.Decls) != 1 {
			next(segDecl)
			continue
		}
		uses := false
		var names []string
		for _, sp := range f.Decls[0].(*ast.GenDecl).Specs {
			vs := sp.(*ast.ValueSpec)
			for _, v := range vs.Values {
				ast.Inspect(v, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok && (earlier[id.Name] || curKind != segDecl && cur[id.Name] || isVar != nil && isVar(id.Name)) {
						uses = true
					}
					return !uses
				})
			}
			for _, n := range vs.Names {
				names = append(names, n.Name)
				// Declared again: as a statement it can become an
				// assignment to the variable (see lowering.redeclare).
				uses = uses || isVar != nil && isVar(n.Name)
			}
		}
		if uses {
			segs[i].kind = segStmt
		}
		next(segs[i].kind)
		for _, n := range names {
			cur[n] = true
		}
	}
}
