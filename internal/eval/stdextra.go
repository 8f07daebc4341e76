package eval

import (
	"fmt"
	"go/ast"
	"go/parser"
	"regexp"
)

// Standard-library functions and types of Go 1.21 to 1.23 that yaegi v0.16.1
// lacks: generic ones, which the host cannot give the interpreter as
// compiled code. They are written here in Go, compiled into every
// interpreter, and a selector naming one (sync.OnceValue, slices.Max,
// atomic.Pointer) is rewritten to it.

// extraSource declares them. Names are gocell_<package>_<name>.
const extraSource = `package main

import (
	gocell_sync "sync"
)

func gocell_sync_OnceValue[gocell_T any](f func() gocell_T) func() gocell_T {
	var once gocell_sync.Once
	var v gocell_T
	return func() gocell_T {
		once.Do(func() { v = f() })
		return v
	}
}

func gocell_sync_OnceValues[gocell_T1, gocell_T2 any](f func() (gocell_T1, gocell_T2)) func() (gocell_T1, gocell_T2) {
	var once gocell_sync.Once
	var v1 gocell_T1
	var v2 gocell_T2
	return func() (gocell_T1, gocell_T2) {
		once.Do(func() { v1, v2 = f() })
		return v1, v2
	}
}

type gocell_atomic_Pointer[gocell_T any] struct {
	mu gocell_sync.Mutex
	p  *gocell_T
}

func (x *gocell_atomic_Pointer[gocell_T]) Load() *gocell_T {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.p
}

func (x *gocell_atomic_Pointer[gocell_T]) Store(v *gocell_T) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.p = v
}

func (x *gocell_atomic_Pointer[gocell_T]) Swap(v *gocell_T) *gocell_T {
	x.mu.Lock()
	defer x.mu.Unlock()
	old := x.p
	x.p = v
	return old
}

func (x *gocell_atomic_Pointer[gocell_T]) CompareAndSwap(old, v *gocell_T) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.p != old {
		return false
	}
	x.p = v
	return true
}

func gocell_slices_Max[gocell_T gocell_ordered](s []gocell_T) gocell_T {
	if len(s) == 0 {
		panic("slices.Max: empty list")
	}
	m := s[0]
	for _, v := range s[1:] {
		if v > m {
			m = v
		}
	}
	return m
}

func gocell_slices_Min[gocell_T gocell_ordered](s []gocell_T) gocell_T {
	if len(s) == 0 {
		panic("slices.Min: empty list")
	}
	m := s[0]
	for _, v := range s[1:] {
		if v < m {
			m = v
		}
	}
	return m
}

func gocell_slices_MaxFunc[gocell_T any](s []gocell_T, cmp func(a, b gocell_T) int) gocell_T {
	if len(s) == 0 {
		panic("slices.MaxFunc: empty list")
	}
	m := s[0]
	for _, v := range s[1:] {
		if cmp(v, m) > 0 {
			m = v
		}
	}
	return m
}

func gocell_slices_MinFunc[gocell_T any](s []gocell_T, cmp func(a, b gocell_T) int) gocell_T {
	if len(s) == 0 {
		panic("slices.MinFunc: empty list")
	}
	m := s[0]
	for _, v := range s[1:] {
		if cmp(v, m) < 0 {
			m = v
		}
	}
	return m
}

func gocell_slices_Clone[gocell_T any](s []gocell_T) []gocell_T {
	if s == nil {
		return nil
	}
	return append([]gocell_T{}, s...)
}

func gocell_slices_Reverse[gocell_T any](s []gocell_T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

func gocell_slices_Contains[gocell_T comparable](s []gocell_T, v gocell_T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func gocell_slices_Index[gocell_T comparable](s []gocell_T, v gocell_T) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// gocell_sortFunc sorts s stably with cmp: a merge sort, in O(n log n).
func gocell_sortFunc[gocell_T any](s []gocell_T, cmp func(a, b gocell_T) int) {
	if len(s) < 2 {
		return
	}
	tmp := make([]gocell_T, len(s))
	for width := 1; width < len(s); width *= 2 {
		for lo := 0; lo < len(s); lo += 2 * width {
			mid, hi := gocell_min(lo+width, len(s)), gocell_min(lo+2*width, len(s))
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				if cmp(s[j], s[i]) < 0 {
					tmp[k] = s[j]
					j++
				} else {
					tmp[k] = s[i]
					i++
				}
				k++
			}
			for ; i < mid; i, k = i+1, k+1 {
				tmp[k] = s[i]
			}
			for ; j < hi; j, k = j+1, k+1 {
				tmp[k] = s[j]
			}
		}
		copy(s, tmp)
	}
}

func gocell_slices_SortFunc[gocell_T any](s []gocell_T, cmp func(a, b gocell_T) int) { gocell_sortFunc(s, cmp) }

func gocell_slices_SortStableFunc[gocell_T any](s []gocell_T, cmp func(a, b gocell_T) int) { gocell_sortFunc(s, cmp) }

func gocell_slices_Sort[gocell_T gocell_ordered](s []gocell_T) {
	gocell_sortFunc(s, func(a, b gocell_T) int {
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	})
}

func gocell_slices_IsSorted[gocell_T gocell_ordered](s []gocell_T) bool {
	for i := 1; i < len(s); i++ {
		if s[i] < s[i-1] {
			return false
		}
	}
	return true
}

func gocell_slices_IsSortedFunc[gocell_T any](s []gocell_T, cmp func(a, b gocell_T) int) bool {
	for i := 1; i < len(s); i++ {
		if cmp(s[i], s[i-1]) < 0 {
			return false
		}
	}
	return true
}

func gocell_slices_BinarySearch[gocell_T gocell_ordered](s []gocell_T, target gocell_T) (int, bool) {
	lo, hi := 0, len(s)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s[m] < target {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(s) && s[lo] == target
}

func gocell_slices_BinarySearchFunc[gocell_E, gocell_T any](s []gocell_E, target gocell_T, cmp func(gocell_E, gocell_T) int) (int, bool) {
	lo, hi := 0, len(s)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if cmp(s[m], target) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(s) && cmp(s[lo], target) == 0
}
`

// extraNames maps an import path to the names extraSource declares for it.
var extraNames = map[string]map[string]bool{
	"sync":        {"OnceValue": true, "OnceValues": true},
	"sync/atomic": {"Pointer": true},
	"slices": {
		"Max": true, "Min": true, "MaxFunc": true, "MinFunc": true, "Clone": true,
		"Reverse": true, "Contains": true, "Index": true, "Sort": true, "SortFunc": true,
		"SortStableFunc": true, "IsSorted": true, "IsSortedFunc": true,
		"BinarySearch": true, "BinarySearchFunc": true,
	},
}

// extraName returns the name extraSource declares for path.name, or "".
func extraName(path, name string) string {
	if !extraNames[path][name] {
		return ""
	}
	return hiddenPrefix + packageName(path) + "_" + name
}

// useExtras rewrites, under root, the selectors naming what extraSource
// declares, and reports whether it rewrote one. pkgPath returns the import
// path of a package name of the cell, or "".
func useExtras(root ast.Node, pkgPath func(name string) string) (used bool) {
	ast.Inspect(root, func(n ast.Node) bool {
		replace := func(x *ast.Expr) {
			sel, ok := (*x).(*ast.SelectorExpr)
			if !ok {
				return
			}
			pkg, ok := sel.X.(*ast.Ident)
			if !ok || pkg.Obj != nil {
				return
			}
			if name := extraName(pkgPath(pkg.Name), sel.Sel.Name); name != "" {
				*x = &ast.Ident{NamePos: pkg.NamePos, Name: name}
				used = true
			}
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			replace(&n.Fun)
		case *ast.IndexExpr:
			replace(&n.X)
		case *ast.IndexListExpr:
			replace(&n.X)
		}
		return true
	})
	return used
}

// loadExtras compiles extraSource into the interpreter, the first time a
// chunk uses it: compiling generic code takes a few milliseconds, which
// every fresh interpreter (a child process's) would pay otherwise.
func (s *Session) loadExtras() error {
	if s.extras {
		return nil
	}
	x, err := parser.ParseFile(s.fset, "0.2/cell.go", extraSource, 0)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if _, err := s.interp.CompileAST(x); err != nil {
		return fmt.Errorf("eval: declaring the standard library's additions: %w", err)
	}
	s.extras = true
	return nil
}

// extraUse matches the names of extraSource in messages, to be written as
// the student wrote them.
var extraUse = regexp.MustCompile(`gocell_(sync|atomic|slices)_(\w+)`)

// recovered makes, under root, each call of the builtin recover give the
// panic value itself: yaegi's gives a reflect.Value holding it, on which
// a type assertion such as r.(error) fails.
func (l lowering) recovered(root ast.Node) {
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if isHiddenSel(n.Fun, "Recovered") {
				return false // rewritten already
			}
			for i, a := range n.Args {
				n.Args[i] = l.wrapRecover(a)
			}
		case *ast.AssignStmt:
			for i, r := range n.Rhs {
				n.Rhs[i] = l.wrapRecover(r)
			}
		case *ast.ValueSpec:
			for i, v := range n.Values {
				n.Values[i] = l.wrapRecover(v)
			}
		case *ast.ExprStmt:
			n.X = l.wrapRecover(n.X)
		case *ast.ReturnStmt:
			for i, r := range n.Results {
				n.Results[i] = l.wrapRecover(r)
			}
		case *ast.BinaryExpr:
			n.X, n.Y = l.wrapRecover(n.X), l.wrapRecover(n.Y)
		case *ast.KeyValueExpr:
			n.Value = l.wrapRecover(n.Value)
		case *ast.CompositeLit:
			for i, e := range n.Elts {
				n.Elts[i] = l.wrapRecover(e)
			}
		}
		return true
	})
}

// wrapRecover returns _gocell.Recovered(x) when x is a call of the builtin
// recover, and x otherwise.
func (l lowering) wrapRecover(x ast.Expr) ast.Expr {
	call, ok := x.(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return x
	}
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Name != "recover" || id.Obj != nil || l.declared("recover") {
		return x
	}
	return hiddenCall(id.Pos(), "Recovered", call)
}

// isHiddenSel reports whether x is _gocell.name.
func isHiddenSel(x ast.Expr, name string) bool {
	sel, ok := x.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == hiddenPkg
}
