package eval

import (
	"fmt"
	"go/ast"
	"strconv"
	"strings"
)

// formatResult returns the text of a cell's trailing expression x whose
// values are vals, and whether there is anything to show.
//
// Values print as fmt.Println prints them (%v: a struct shows as {1 x}, a
// pointer to it as &{1 x}, values with a String or Error method through it),
// except that strings are quoted (%q). Several values are separated by
// spaces. A call shows nothing when it has no results, when all its results
// are nil (a successful w.Flush(), os.WriteFile(...)), or when it is a
// Print/Write/Scan-style call (fmt.Println, w.Write, sb.WriteString,
// fmt.Sscan, ...) returning a count and a nil error.
func formatResult(x ast.Expr, vals []any) (string, bool) {
	if len(vals) == 0 {
		return "", false
	}
	if call, ok := ast.Unparen(x).(*ast.CallExpr); ok {
		allNil := true
		for _, v := range vals {
			allNil = allNil && v == nil
		}
		if allNil {
			return "", false
		}
		if len(vals) == 2 && vals[1] == nil && isCount(vals[0]) && isWriterName(calleeName(call.Fun)) {
			return "", false
		}
	}
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = formatValue(v)
	}
	return strings.Join(parts, " "), true
}

// formatValue formats one value: strings quoted, the rest with %v.
func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "<nil>"
	case string:
		return strconv.Quote(x)
	}
	return fmt.Sprintf("%v", v)
}

// isCount reports whether v is a byte or item count, as Write returns.
func isCount(v any) bool {
	switch v.(type) {
	case int, int64:
		return true
	}
	return false
}

// isWriterName reports whether a function or method named name is one whose
// (n int, err error) results are noise in a notebook.
func isWriterName(name string) bool {
	for _, p := range []string{"Print", "Fprint", "Write", "Scan", "Fscan", "Sscan", "Copy"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// calleeName returns the name of the function called: f for f(), M for x.M().
func calleeName(fun ast.Expr) string {
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.IndexExpr: // generic instantiation f[T]()
		return calleeName(f.X)
	case *ast.IndexListExpr:
		return calleeName(f.X)
	}
	return ""
}
