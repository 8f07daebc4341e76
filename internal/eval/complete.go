package eval

import (
	"go/token"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Complete returns completion candidates for the identifier, or selector
// (`pkg.Pre`, `v.Fie`), ending at cursor, a byte offset into code;
// start..end is the byte range of code the chosen candidate replaces.
//
// After `pkg.` the candidates are the exported names of that standard
// library package; after `v.` the fields and methods of v's type when it can
// be told from v's declaration (in the notebook or in code). Otherwise they
// are Go keywords and predeclared names, standard library package names, the
// notebook's declarations and the identifiers in code. In an import's string
// they are standard library import paths.
func (s *Session) Complete(code string, cursor int) (matches []string, start, end int) {
	cursor = min(max(cursor, 0), len(code))
	defer func() {
		if recover() != nil {
			matches, start, end = nil, cursor, cursor
		}
	}()
	if prefix, ok := importPathPrefix(code, cursor); ok {
		return withPrefix(stdIndexOnce().paths, prefix), cursor - len(prefix), cursor
	}
	start = identStart(code, cursor)
	prefix := code[start:cursor]
	if inCommentOrString(code, start) {
		return nil, cursor, cursor
	}
	if start > 0 && code[start-1] == '.' {
		chain := selectorChain(code, start-1)
		if len(chain) == 0 {
			return nil, start, cursor
		}
		return withPrefix(s.members(chain, code), prefix), start, cursor
	}
	return withPrefix(s.names(code, start), prefix), start, cursor
}

// names returns the candidates for a plain identifier, sorted: keywords,
// predeclared names, package names, notebook declarations and the
// identifiers of code except the one starting at skip.
func (s *Session) names(code string, skip int) []string {
	set := map[string]bool{}
	for i := token.BREAK; i <= token.VAR; i++ {
		if token.IsKeyword(i.String()) {
			set[i.String()] = true
		}
	}
	for _, n := range predeclared {
		set[n] = true
	}
	for n := range stdIndexOnce().byName {
		set[n] = true
	}
	s.mu.RLock()
	for n := range s.imports {
		set[n] = true
	}
	for _, d := range s.decls {
		for _, n := range d.Names {
			if !strings.Contains(n, ".") {
				set[n] = true
			}
		}
	}
	s.mu.RUnlock()
	toks := scanTokens(code)
	for i, t := range toks {
		if t.tok == token.IDENT && t.off != skip && (i == 0 || toks[i-1].tok != token.PERIOD) {
			set[t.lit] = true
		}
	}
	delete(set, hiddenPkg)
	delete(set, "_")
	return sortedKeys(set)
}

// predeclared are Go's predeclared identifiers.
var predeclared = []string{
	"any", "bool", "byte", "comparable", "complex64", "complex128", "error",
	"float32", "float64", "int", "int8", "int16", "int32", "int64", "rune",
	"string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
	"true", "false", "iota", "nil",
	"append", "cap", "clear", "close", "complex", "copy", "delete", "imag",
	"len", "make", "max", "min", "new", "panic", "print", "println", "real",
	"recover",
}

// members returns the names that can follow chain (a.b.c) and a dot.
func (s *Session) members(chain []string, code string) []string {
	if len(chain) == 1 {
		if p, ok := s.packagePath(chain[0], code); ok && s.isPackage(chain[0], code) {
			return stdMembers(p)
		}
	}
	t := s.chainType(chain, code)
	return t.members(s)
}

// withPrefix returns the elements of sorted list that start with prefix.
func withPrefix(list []string, prefix string) []string {
	var out []string
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			out = append(out, s)
		}
	}
	return out
}

func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// isIdentRune reports whether r can be part of an identifier.
func isIdentRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// identStart returns where the identifier ending at i in code starts.
func identStart(code string, i int) int {
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(code[:i])
		if !isIdentRune(r) {
			break
		}
		i -= size
	}
	return i
}

// identEnd returns where the identifier starting at or containing i ends.
func identEnd(code string, i int) int {
	for i < len(code) {
		r, size := utf8.DecodeRuneInString(code[i:])
		if !isIdentRune(r) {
			break
		}
		i += size
	}
	return i
}

// selectorChain returns the identifiers of the selector expression whose
// last dot is at dot in code: "a.b." gives [a b]. It returns nil when what
// precedes is not a plain chain of identifiers.
func selectorChain(code string, dot int) []string {
	var chain []string
	for dot >= 0 && code[dot] == '.' {
		start := identStart(code, dot)
		if start == dot {
			return nil
		}
		chain = append([]string{code[start:dot]}, chain...)
		dot = start - 1
	}
	if r, _ := utf8.DecodeRuneInString(chain[0]); unicode.IsDigit(r) {
		return nil
	}
	return chain
}

// inCommentOrString reports whether offset i of code is inside a comment or
// a string or rune literal.
func inCommentOrString(code string, i int) bool {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(code))
	var sc scannerWithComments
	sc.init(file, code)
	for {
		off, end, t := sc.next()
		if t == token.EOF || off >= i {
			return false
		}
		switch t {
		case token.COMMENT, token.STRING, token.CHAR:
			if i > off && (i < end || end == len(code)) {
				return true
			}
		}
	}
}

// importPathPrefix reports whether cursor is in the path string of an
// import, and returns the part of the path before it.
func importPathPrefix(code string, cursor int) (string, bool) {
	lineStart := strings.LastIndexByte(code[:cursor], '\n') + 1
	line := code[lineStart:cursor]
	if strings.Count(line, `"`)%2 == 0 {
		return "", false
	}
	q := strings.LastIndexByte(line, '"')
	before := strings.Fields(line[:q])
	inBlock := func() bool {
		head := code[:lineStart]
		i := strings.LastIndex(head, "import")
		if i < 0 {
			return false
		}
		rest := strings.TrimSpace(head[i+len("import"):])
		return strings.HasPrefix(rest, "(") && !strings.Contains(rest, ")")
	}
	switch {
	case len(before) >= 1 && before[0] == "import" && len(before) <= 2,
		len(before) == 1 && before[0] == "import(",
		len(before) <= 1 && inBlock():
		return line[q+1:], true
	}
	return "", false
}
