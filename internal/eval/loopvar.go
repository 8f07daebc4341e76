package eval

import (
	"go/ast"
	"go/token"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Go 1.22 loop variables.
//
// In Go, each iteration of a loop has its own variables: the loop's, and
// those its body declares. yaegi v0.16.1 has one variable for all
// iterations of a loop variable, and for a variable of the body it reuses
// the last iteration's when the declaration is `x := T{...}`, a receive,
// several values (`v, ok := m[k]`), a type switch guard or a select case:
// a closure or goroutine made in the body, or a pointer taken there, sees
// the value of a later iteration. When a loop body could keep a variable
// beyond its iteration (it has a function literal, a go statement or takes
// an address), the rewrites below give each iteration variables of its
// own: yaegi does make a new variable for `x := y` and `x, y := a, b` with
// identifiers on the right.

// perIterationRange gives the body of a range loop its own copies of the
// key and value when it could capture them:
//
//	for gocell_k, gocell_v := range x { k, v := gocell_k, gocell_v; { body } }
func perIterationRange(r *ast.RangeStmt) {
	if r.Tok != token.DEFINE || (!captures(r.Body) && !storesValue(r.Body, r.Value)) {
		return
	}
	var lhs, rhs []ast.Expr
	for _, x := range []*ast.Expr{&r.Key, &r.Value} {
		id, ok := (*x).(*ast.Ident)
		if !ok || id.Name == "_" || strings.HasPrefix(id.Name, hiddenPrefix) {
			continue
		}
		lhs = append(lhs, &ast.Ident{NamePos: id.NamePos, Name: id.Name, Obj: id.Obj})
		rhs = append(rhs, &ast.Ident{NamePos: id.NamePos, Name: hiddenPrefix + id.Name})
		*x = &ast.Ident{NamePos: id.NamePos, Name: hiddenPrefix + id.Name}
	}
	if len(lhs) > 0 {
		vars := map[string]bool{}
		for _, x := range lhs {
			vars[x.(*ast.Ident).Name] = true
		}
		bindClosures(r.Body, vars)
		r.Body = &ast.BlockStmt{Lbrace: r.Body.Lbrace, Rbrace: r.Body.Rbrace, List: []ast.Stmt{
			&ast.AssignStmt{Lhs: lhs, TokPos: r.For, Tok: token.DEFINE, Rhs: rhs},
			r.Body, // a block of its own: the body may declare k or v again
		}}
	}
}

// perIterationFor gives the body of a three-clause loop, labeled label (or
// ""), its own copies of the loop variables when it could capture them.
// The copies are copied back at the end of the iteration, continue
// included, for the post statement:
//
//	for gocell_i := 0; gocell_i < n; gocell_i++ {
//		i := gocell_i
//		{ body, continue being goto gocell_next_N }
//	gocell_next_N:
//		gocell_i = i
//	}
//
// As in Go, the post statement works on the next iteration's variable, made
// from the last value of the previous one.
func perIterationFor(f *ast.ForStmt, label string) {
	init, ok := f.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE || !captures(f.Body) {
		return
	}
	vars := map[string]bool{}
	for _, x := range init.Lhs {
		id, ok := x.(*ast.Ident)
		if !ok {
			return
		}
		if id.Name != "_" && !strings.HasPrefix(id.Name, hiddenPrefix) {
			vars[id.Name] = true
		}
	}
	if len(vars) == 0 {
		return
	}
	rename := func(n ast.Node) {
		if n == nil {
			return
		}
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.SelectorExpr:
				ast.Inspect(n.X, func(m ast.Node) bool {
					if id, ok := m.(*ast.Ident); ok && vars[id.Name] {
						id.Name = hiddenPrefix + id.Name
					}
					return true
				})
				return false
			case *ast.Ident:
				if vars[n.Name] {
					n.Name = hiddenPrefix + n.Name
				}
			}
			return true
		})
	}
	var names, hidden []ast.Expr
	for _, x := range init.Lhs {
		id := x.(*ast.Ident)
		if vars[id.Name] {
			names = append(names, &ast.Ident{NamePos: id.NamePos, Name: id.Name, Obj: id.Obj})
			hidden = append(hidden, &ast.Ident{NamePos: id.NamePos, Name: hiddenPrefix + id.Name})
		}
	}
	for _, x := range init.Lhs {
		rename(x)
	}
	rename(f.Cond)
	rename(f.Post)
	body := f.Body
	end := body.Rbrace
	var back ast.Stmt = &ast.AssignStmt{Lhs: cloneIdents(hidden, end), TokPos: end, Tok: token.ASSIGN, Rhs: cloneIdents(names, end)}
	next := hiddenPrefix + "next_" + strconv.Itoa(int(f.For))
	if continueToGoto(body, label, next) {
		back = &ast.LabeledStmt{Label: &ast.Ident{NamePos: end, Name: next}, Colon: end, Stmt: back}
	}
	bindClosures(body, vars)
	list := []ast.Stmt{
		&ast.AssignStmt{Lhs: names, TokPos: f.For, Tok: token.DEFINE, Rhs: hidden},
		body, // a block of its own: the body may declare the names again
		back,
	}
	f.Body = &ast.BlockStmt{Lbrace: body.Lbrace, Rbrace: body.Rbrace, List: list}
}

// cloneIdents returns new identifiers of the names of ids, at pos.
func cloneIdents(ids []ast.Expr, pos token.Pos) []ast.Expr {
	out := make([]ast.Expr, len(ids))
	for i, x := range ids {
		out[i] = &ast.Ident{NamePos: pos, Name: x.(*ast.Ident).Name}
	}
	return out
}

// continueToGoto turns the continue statements of body that continue its
// loop, labeled label (or ""), into jumps to label next; it reports whether
// there were any.
func continueToGoto(body *ast.BlockStmt, label, next string) bool {
	found := false
	var walk func(n ast.Node, inner bool)
	walk = func(n ast.Node, inner bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt:
				walk(m.Body, true)
				return false
			case *ast.RangeStmt:
				walk(m.Body, true)
				return false
			case *ast.BranchStmt:
				if m.Tok == token.CONTINUE && (m.Label == nil && !inner || m.Label != nil && label != "" && m.Label.Name == label) {
					m.Tok = token.GOTO
					m.Label = &ast.Ident{NamePos: m.TokPos, Name: next}
					found = true
				}
			}
			return true
		})
	}
	walk(body, false)
	return found
}

// captures reports whether body could keep a reference to a variable
// beyond its iteration: it has a function literal, a go statement or takes
// an address.
func captures(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt:
			found = true
		case *ast.UnaryExpr:
			found = found || n.Op == token.AND
		}
		return !found
	})
	return found
}

// storesValue reports whether body may keep the range loop's value v
// beyond its iteration as a whole value: passed to a call (append(q, v)),
// put in a composite literal, assigned, sent or returned. yaegi boxes a
// value of a type with methods, held in an interface, by reference to the
// loop's one variable: every element appended ended up the last one.
func storesValue(body *ast.BlockStmt, v ast.Expr) bool {
	id, ok := v.(*ast.Ident)
	if !ok || id.Name == "_" {
		return false
	}
	is := func(x ast.Expr) bool {
		y, ok := ast.Unparen(x).(*ast.Ident)
		return ok && y.Name == id.Name
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			found = slices.ContainsFunc(n.Args, is)
		case *ast.CompositeLit:
			for _, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					e = kv.Value
				}
				found = found || is(e)
			}
		case *ast.AssignStmt:
			found = slices.ContainsFunc(n.Rhs, is)
		case *ast.SendStmt:
			found = is(n.Value)
		case *ast.ReturnStmt:
			found = slices.ContainsFunc(n.Results, is)
		case *ast.ValueSpec:
			found = slices.ContainsFunc(n.Values, is)
		}
		return !found
	})
	return found
}

// capturedNames returns the names that body uses in function literals, or
// whose address it takes.
func capturedNames(body *ast.BlockStmt) map[string]bool {
	names := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			ast.Inspect(n.Body, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok {
					names[id.Name] = true
				}
				return true
			})
			return false
		case *ast.UnaryExpr:
			if n.Op != token.AND {
				break
			}
			x := n.X
			for {
				switch y := ast.Unparen(x).(type) {
				case *ast.SelectorExpr:
					x = y.X
					continue
				case *ast.IndexExpr:
					x = y.X
					continue
				case *ast.Ident:
					names[y.Name] = true
				}
				break
			}
		}
		return true
	})
	return names
}

// freshen makes the variables that the statements of a loop body declare,
// and that a closure or pointer could keep, new at each iteration, where
// yaegi would reuse them: the declaration declares hidden names, then
// `x := gocell_x` the variable. Loops in the body are left to their own
// rewrite, function literals are functions of their own.
func freshen(body *ast.BlockStmt) {
	captured := capturedNames(body)
	if len(captured) == 0 {
		return
	}
	fr := freshener{captured: captured}
	body.List = fr.list(body.List)
}

// A freshener rewrites the declarations of the captured names.
type freshener struct {
	captured map[string]bool
}

// list rewrites a statement list.
func (fr freshener) list(list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range list {
		out = append(out, fr.stmt(st)...)
	}
	return out
}

// block rewrites a statement that must stay one statement.
func (fr freshener) block(st ast.Stmt) ast.Stmt {
	list := fr.stmt(st)
	if len(list) == 1 {
		return list[0]
	}
	return &ast.BlockStmt{Lbrace: st.Pos(), List: list, Rbrace: st.End()}
}

// stmt returns the statements st becomes.
func (fr freshener) stmt(st ast.Stmt) []ast.Stmt {
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE {
			break
		}
		if rebind := fr.define(st, true); rebind != nil {
			return []ast.Stmt{st, rebind}
		}
	case *ast.DeclStmt:
		return fr.varDecl(st)
	case *ast.LabeledStmt:
		inner := st.Stmt
		list := fr.stmt(inner)
		if b, ok := list[0].(*ast.BlockStmt); ok && b != inner && len(b.List) > 0 && b.List[len(b.List)-1] == inner {
			// An if or switch moved into a block with its init:
			// the label stays on it.
			b.List[len(b.List)-1] = st
			return list
		}
		st.Stmt = list[0]
		return append([]ast.Stmt{st}, list[1:]...)
	case *ast.BlockStmt:
		st.List = fr.list(st.List)
	case *ast.IfStmt:
		st.Body.List = fr.list(st.Body.List)
		if st.Else != nil {
			st.Else = fr.block(st.Else)
		}
		return fr.init(st, &st.Init)
	case *ast.SwitchStmt:
		for _, c := range st.Body.List {
			c := c.(*ast.CaseClause)
			c.Body = fr.list(c.Body)
		}
		return fr.init(st, &st.Init)
	case *ast.TypeSwitchStmt:
		for _, c := range st.Body.List {
			c := c.(*ast.CaseClause)
			c.Body = fr.list(c.Body)
		}
		if as, ok := st.Assign.(*ast.AssignStmt); ok {
			if rebind := fr.define(as, false); rebind != nil {
				for _, c := range st.Body.List {
					c := c.(*ast.CaseClause)
					c.Body = append([]ast.Stmt{cloneDefine(rebind)}, c.Body...)
				}
			}
		}
		return fr.init(st, &st.Init)
	case *ast.SelectStmt:
		for _, c := range st.Body.List {
			c := c.(*ast.CommClause)
			c.Body = fr.list(c.Body)
			if as, ok := c.Comm.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
				if rebind := fr.define(as, false); rebind != nil {
					c.Body = append([]ast.Stmt{rebind}, c.Body...)
				}
			}
		}
	}
	return []ast.Stmt{st}
}

// init rewrites the init statement of an if or switch statement st: when
// it declares names to make new, st becomes a block of its own, init then
// st, as its scope is in Go.
func (fr freshener) init(st ast.Stmt, init *ast.Stmt) []ast.Stmt {
	as, ok := (*init).(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE {
		return []ast.Stmt{st}
	}
	rebind := fr.define(as, false)
	if rebind == nil {
		return []ast.Stmt{st}
	}
	*init = nil
	return []ast.Stmt{&ast.BlockStmt{Lbrace: st.Pos(), List: []ast.Stmt{as, rebind, st}, Rbrace: st.End()}}
}

// define renames in as, a := statement, the captured names it declares to
// hidden ones, and returns the statement declaring them from those; nil
// when none is renamed. For a statement of a list, checked tells to rename
// only the names declared by as: `a, err := f()` may assign err.
func (fr freshener) define(as *ast.AssignStmt, checked bool) ast.Stmt {
	if allIdents(as.Rhs) {
		return nil // yaegi makes new variables
	}
	var names, hidden []ast.Expr
	for i, x := range as.Lhs {
		id, ok := x.(*ast.Ident)
		if !ok || id.Name == "_" || !fr.captured[id.Name] || strings.HasPrefix(id.Name, hiddenPrefix) {
			continue
		}
		if checked && (id.Obj == nil || id.Obj.Decl != as) {
			continue
		}
		names = append(names, &ast.Ident{NamePos: id.NamePos, Name: id.Name, Obj: id.Obj})
		h := &ast.Ident{NamePos: id.NamePos, Name: hiddenPrefix + id.Name}
		hidden = append(hidden, h)
		as.Lhs[i] = &ast.Ident{NamePos: id.NamePos, Name: h.Name}
	}
	if len(names) == 0 {
		return nil
	}
	return &ast.AssignStmt{Lhs: names, TokPos: as.End(), Tok: token.DEFINE, Rhs: hidden}
}

// varDecl rewrites a var declaration statement: a spec with values that
// declares captured names declares hidden ones, followed by the
// declaration of the names from those.
func (fr freshener) varDecl(st *ast.DeclStmt) []ast.Stmt {
	gd, ok := st.Decl.(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR {
		return []ast.Stmt{st}
	}
	changed := false
	var out []ast.Stmt
	for _, sp := range gd.Specs {
		vs := sp.(*ast.ValueSpec)
		one := &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: gd.TokPos, Tok: token.VAR, Specs: []ast.Spec{vs}}}
		out = append(out, one)
		if len(vs.Values) == 0 || allIdents(vs.Values) {
			continue
		}
		var names, hidden []ast.Expr
		for i, id := range vs.Names {
			if id.Name == "_" || !fr.captured[id.Name] || strings.HasPrefix(id.Name, hiddenPrefix) {
				continue
			}
			names = append(names, &ast.Ident{NamePos: id.NamePos, Name: id.Name, Obj: id.Obj})
			h := &ast.Ident{NamePos: id.NamePos, Name: hiddenPrefix + id.Name}
			hidden = append(hidden, h)
			vs.Names[i] = &ast.Ident{NamePos: id.NamePos, Name: h.Name}
		}
		if len(names) > 0 {
			changed = true
			out = append(out, &ast.AssignStmt{Lhs: names, TokPos: vs.End(), Tok: token.DEFINE, Rhs: hidden})
		}
	}
	if !changed {
		return []ast.Stmt{st}
	}
	return out
}

// cloneDefine returns a copy of a := statement of identifiers.
func cloneDefine(st ast.Stmt) ast.Stmt {
	as := st.(*ast.AssignStmt)
	return &ast.AssignStmt{Lhs: cloneIdents(as.Lhs, as.TokPos), TokPos: as.TokPos, Tok: token.DEFINE, Rhs: cloneIdents(as.Rhs, as.TokPos)}
}

// allIdents reports whether xs are all identifiers.
func allIdents(xs []ast.Expr) bool {
	for _, x := range xs {
		if _, ok := x.(*ast.Ident); !ok {
			return false
		}
	}
	return true
}

// bindClosures gives each function literal of a loop body that is passed
// to a call (wg.Go(func() {...}), append(fs, func() {...})), and that uses
// the loop variables vars, variables of its own, bound when the literal is
// evaluated (a go statement copies the frame itself):
//
//	f(func() { use(i) })  ->  f(func() func() { i := i; return func() { use(i) } }())
//
// yaegi's closure shares the frame of the loop body, which the next
// iteration reuses; a function called once per literal has a frame of its
// own.
func bindClosures(body *ast.BlockStmt, vars map[string]bool) {
	bind := func(x ast.Expr) ast.Expr {
		fl, ok := x.(*ast.FuncLit)
		if !ok {
			return x
		}
		used := usedNames(fl.Body, vars)
		if len(used) == 0 {
			return x
		}
		pos := fl.Type.Func
		var list []ast.Stmt
		for _, name := range used {
			list = append(list, &ast.AssignStmt{
				Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: name}}, TokPos: pos, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: name}},
			})
		}
		list = append(list, &ast.ReturnStmt{Return: pos, Results: []ast.Expr{fl}})
		result := &ast.FuncType{Func: pos, Params: fl.Type.Params, Results: fl.Type.Results}
		outer := &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: result}}}},
			Body: &ast.BlockStmt{Lbrace: pos, List: list, Rbrace: pos},
		}
		return &ast.CallExpr{Fun: outer, Lparen: pos, Rparen: pos}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			for i, a := range n.Args {
				n.Args[i] = bind(a)
			}
		}
		return true
	})
}

// usedNames returns the names of vars that body uses, sorted.
func usedNames(body *ast.BlockStmt, vars map[string]bool) []string {
	seen := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok && vars[id.Name] {
					seen[id.Name] = true
				}
				return true
			})
			return false
		case *ast.Ident:
			if vars[n.Name] {
				seen[n.Name] = true
			}
		}
		return true
	})
	out := make([]string, 0, len(seen))
	for name := range seen {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}
