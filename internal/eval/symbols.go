package eval

import (
	"path"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/traefik/yaegi/stdlib"
)

// An index of the standard library packages yaegi provides, built once from
// stdlib.Symbols (whose keys are "import/path/name") and never changed.
type stdIndex struct {
	names  map[string]string   // import path -> package name
	byName map[string][]string // package name -> import paths, sorted
	paths  []string            // import paths, sorted
}

var stdIndexOnce = sync.OnceValue(func() *stdIndex {
	ix := &stdIndex{names: map[string]string{}, byName: map[string][]string{}}
	for key := range stdlib.Symbols {
		p, name := path.Dir(key), path.Base(key)
		if p == "." || strings.Contains(p, "internal") {
			continue
		}
		ix.names[p] = name
		ix.byName[name] = append(ix.byName[name], p)
		ix.paths = append(ix.paths, p)
	}
	sort.Strings(ix.paths)
	for _, ps := range ix.byName {
		sort.Strings(ps)
	}
	return ix
})

// stdPackages returns the standard library's import paths and package names.
func stdPackages() map[string]string { return stdIndexOnce().names }

// stdSymbols returns the symbols of the standard library package at import
// path p, or nil.
func stdSymbols(p string) map[string]reflect.Value {
	name, ok := stdPackages()[p]
	if !ok {
		return nil
	}
	return stdlib.Symbols[p+"/"+name]
}

// symbols returns the symbols of package p: of the standard library, or of
// a package of the host program made importable with Use.
func (s *Session) symbols(p string) map[string]reflect.Value {
	if m := stdSymbols(p); m != nil {
		return m
	}
	for _, ex := range s.uses {
		if m, ok := ex[p+"/"+path.Base(p)]; ok {
			return m
		}
	}
	return nil
}

// stdMembers returns the exported names of package p, sorted. yaegi's
// interface wrappers (named "_...") are left out.
func stdMembers(p string) []string {
	var names []string
	for n := range stdSymbols(p) {
		if n != "" && n[0] != '_' {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// symbolKind tells what a standard library symbol is: yaegi registers a type
// T as a nil *T, a variable as an addressable value, a function as a func
// and a constant as a constant value.
type symbolKind int

const (
	symConst symbolKind = iota
	symVar
	symFunc
	symType
)

func kindOf(v reflect.Value) symbolKind {
	switch {
	case v.CanAddr():
		return symVar
	case v.Kind() == reflect.Func:
		return symFunc
	case v.Kind() == reflect.Pointer && v.IsNil():
		return symType
	}
	return symConst
}

// stdType returns the type named name in package p, or nil.
func stdType(p, name string) reflect.Type {
	v, ok := stdSymbols(p)[name]
	if !ok || kindOf(v) != symType {
		return nil
	}
	return v.Type().Elem()
}
