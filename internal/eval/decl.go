package eval

import (
	"go/ast"
	"go/token"
	"path"
	"strconv"
)

// Decl is one top-level declaration of a cell, kept so that a fresh
// interpreter can be given the notebook's declarations again (after a worker
// crash, and later for child processes).
type Decl struct {
	Kind string // "import", "type", "func", "const", "var"
	// Names declared: for a method, "T.M" with T the receiver's base type.
	// Blank identifiers are left out.
	Names  []string
	Source string // Go source of the declaration, self-contained
	// Stmt reports a var declared by a := statement at the top level of a
	// cell: a statement, which a child process does not run again (see
	// Session.Replay), unlike the initializer of a var declaration.
	Stmt bool `json:",omitempty"`
}

// Kinds of declarations.
const (
	KindImport = "import"
	KindType   = "type"
	KindFunc   = "func"
	KindConst  = "const"
	KindVar    = "var"
)

// source returns the text of the cell between two positions of chunk ch.
func (c *cell) source(fset *token.FileSet, ch *chunk, from, to token.Pos) string {
	prefix := len(declPrefix)
	if ch.kind == chunkStmt {
		prefix = len(stmtPrefix)
	}
	start := fset.Position(from).Offset - prefix
	end := fset.Position(to).Offset - prefix
	if start < 0 || end > len(c.src) || start > end {
		return ""
	}
	return c.src[start:end]
}

// importDecl returns the declaration of an import spec.
func importDecl(spec *ast.ImportSpec) Decl {
	p, _ := strconv.Unquote(spec.Path.Value)
	name := packageName(p)
	src := "import " + strconv.Quote(p)
	if spec.Name != nil {
		name = spec.Name.Name
		src = "import " + name + " " + strconv.Quote(p)
	}
	return Decl{Kind: KindImport, Names: []string{name}, Source: src}
}

// packageName returns the name of the standard library package at path p.
func packageName(p string) string {
	if name, ok := stdPackages()[p]; ok {
		return name
	}
	return path.Base(p)
}

// declsOf returns the declarations chunk ch of cell c adds: those of a
// declaration chunk, and `x := ...` at the top level of a statement chunk,
// recorded as `var x = ...`. It must be called before ch is lowered.
func (c *cell) declsOf(fset *token.FileSet, ch *chunk) []Decl {
	var ds []Decl
	switch ch.kind {
	case chunkImport:
		ds = append(ds, importDecl(ch.spec))
	case chunkDecl:
		for _, d := range ch.file.Decls {
			ds = append(ds, c.declsOfDecl(fset, ch, d)...)
		}
	case chunkStmt:
		for _, st := range ch.node.(*ast.BlockStmt).List {
			if dst, ok := st.(*ast.DeclStmt); ok {
				ds = append(ds, c.declsOfDecl(fset, ch, dst.Decl)...)
				continue
			}
			as, ok := st.(*ast.AssignStmt)
			if !ok || as.Tok != token.DEFINE {
				continue
			}
			var names []string
			for _, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					names = append(names, id.Name)
				}
			}
			if len(names) == 0 {
				continue
			}
			lhs := c.source(fset, ch, as.Lhs[0].Pos(), as.Lhs[len(as.Lhs)-1].End())
			rhs := c.source(fset, ch, as.Rhs[0].Pos(), as.Rhs[len(as.Rhs)-1].End())
			ds = append(ds, Decl{Kind: KindVar, Names: names, Source: "var " + lhs + " = " + rhs, Stmt: true})
		}
	}
	return ds
}

func (c *cell) declsOfDecl(fset *token.FileSet, ch *chunk, d ast.Decl) []Decl {
	switch d := d.(type) {
	case *ast.FuncDecl:
		name := d.Name.Name
		if d.Recv != nil && len(d.Recv.List) > 0 {
			name = receiverType(d.Recv.List[0].Type) + "." + name
		}
		from := d.Pos()
		if d.Doc != nil {
			from = d.Doc.Pos()
		}
		return []Decl{{Kind: KindFunc, Names: []string{name}, Source: c.source(fset, ch, from, d.End())}}
	case *ast.GenDecl:
		kind := d.Tok.String()
		from := d.Pos()
		if d.Doc != nil {
			from = d.Doc.Pos()
		}
		if d.Tok == token.CONST || !d.Lparen.IsValid() {
			// A const group stays whole (iota); so does an ungrouped decl.
			var names []string
			for _, sp := range d.Specs {
				names = append(names, specNames(sp)...)
			}
			return []Decl{{Kind: kind, Names: names, Source: c.source(fset, ch, from, d.End())}}
		}
		var ds []Decl
		for _, sp := range d.Specs {
			ds = append(ds, Decl{Kind: kind, Names: specNames(sp), Source: kind + " " + c.source(fset, ch, sp.Pos(), sp.End())})
		}
		return ds
	}
	return nil
}

// specNames returns the non-blank names a spec declares.
func specNames(sp ast.Spec) []string {
	var names []string
	switch sp := sp.(type) {
	case *ast.ValueSpec:
		for _, n := range sp.Names {
			if n.Name != "_" {
				names = append(names, n.Name)
			}
		}
	case *ast.TypeSpec:
		names = append(names, sp.Name.Name)
	}
	return names
}

// receiverType returns the base type name of a method receiver: T for T,
// *T, T[K] and *T[K].
func receiverType(x ast.Expr) string {
	for {
		switch t := x.(type) {
		case *ast.StarExpr:
			x = t.X
		case *ast.ParenExpr:
			x = t.X
		case *ast.IndexExpr:
			x = t.X
		case *ast.IndexListExpr:
			x = t.X
		case *ast.Ident:
			return t.Name
		default:
			return "?"
		}
	}
}
