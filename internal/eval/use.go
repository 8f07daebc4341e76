package eval

import (
	"fmt"
	"path"
	"reflect"

	"github.com/traefik/yaegi/interp"
)

// Use makes a package of the host program importable by cells under importPath.
// symbols maps each exported name to a function or a constant value, to a
// nil pointer of a type for that type, or to a pointer to a variable.
func (s *Session) Use(importPath string, symbols map[string]any) error {
	pkg := map[string]reflect.Value{}
	for name, v := range symbols {
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Pointer && !rv.IsNil() {
			rv = rv.Elem() // a variable: yaegi wants it addressable
		}
		pkg[name] = rv
	}
	ex := interp.Exports{importPath + "/" + path.Base(importPath): pkg}
	s.run.Lock()
	defer s.run.Unlock()
	if err := s.interp.Use(ex); err != nil {
		return fmt.Errorf("eval: using %s: %w", importPath, err)
	}
	s.uses = append(s.uses, ex) // for a new interpreter
	return nil
}
