package eval

// The notebook index: what earlier cells declared and imported, kept by the
// session for lowering, completion and inspection.

import "strings"

// imported reports whether the import spec with Decl source src was done.
func (s *Session) imported(src string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.done[src]
}

// addDecls adds declarations to the notebook's index.
func (s *Session) addDecls(ds []Decl) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range ds {
		if d.Kind == KindImport {
			s.done[d.Source] = true
			s.imports[d.Names[0]] = importPath(d.Source)
		}
		s.decls = append(s.decls, d)
	}
}

// importPath returns the path of an import Decl's source.
func importPath(src string) string {
	i := strings.IndexByte(src, '"')
	if i < 0 {
		return ""
	}
	return strings.Trim(src[i:], `"`)
}

// isVar reports whether name is a variable of the notebook.
func (s *Session) isVar(name string) bool {
	d := s.lookupDecl(name)
	return d != nil && d.Kind == KindVar
}

// lookupDecl returns the latest declaration of name, or nil.
func (s *Session) lookupDecl(name string) *Decl {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for i := len(s.decls) - 1; i >= 0; i-- {
		for _, n := range s.decls[i].Names {
			if n == name && s.decls[i].Kind != KindImport {
				d := s.decls[i]
				return &d
			}
		}
	}
	return nil
}
