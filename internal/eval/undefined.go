package eval

import (
	"go/ast"
	"strings"
)

// undefinedPackage returns an error for the first selector pkg.Name under
// root whose pkg is the name of a standard library package that neither the
// cell nor the notebook imports, and that nothing declares: what Go reports
// as "undefined: pkg". yaegi takes such a name for a type it has yet to
// see, fails with an internal error, and keeps the half-declared name, so
// that later cells fail on it too. A package imported by a cell that ended
// the Go process (a panic in a goroutine, os.Exit) is not kept; the message
// says how to get it back.
func (l lowering) undefinedPackage(root ast.Node) error {
	local := map[string]bool{} // names the chunk declares somewhere
	ast.Inspect(root, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Obj != nil {
			local[id.Obj.Name] = true
		}
		return true
	})
	var err error
	ast.Inspect(root, func(n ast.Node) bool {
		if err != nil {
			return false
		}
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok || id.Obj != nil || local[id.Name] {
			return true
		}
		paths := stdIndexOnce().byName[id.Name]
		if len(paths) == 0 || l.known(id.Name) {
			return true
		}
		quoted := make([]string, len(paths))
		for i, p := range paths {
			quoted[i] = `"` + p + `"`
		}
		err = &loweringError{id.Pos(), "undefined: " + id.Name + " (the notebook does not import it: add import " +
			strings.Join(quoted, " or ") + " to this cell)"}
		return false
	})
	return err
}

// known reports whether name is imported by the cell or the notebook, or
// declared by the notebook.
func (l lowering) known(name string) bool {
	if l.pkgPath != nil && l.pkgPath(name) != "" {
		return true
	}
	if l.lookup != nil && l.lookup(name) != nil {
		return true
	}
	if l.isVar != nil && l.isVar(name) {
		return true
	}
	return l.declared != nil && l.declared(name)
}
