package eval

import (
	"fmt"
	"path"
	"reflect"

	"github.com/traefik/yaegi/interp"
)

// Use makes a package of the host program importable by cells under importPath.
// symbols maps each exported name to a function, or to a pointer for a variable.
func (s *Session) Use(importPath string, symbols map[string]any) error {
	pkg := map[string]reflect.Value{}
	for name, v := range symbols {
		pkg[name] = reflect.ValueOf(v)
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
