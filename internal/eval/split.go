package eval

import (
	"go/scanner"
	"go/token"
)

// segKind classifies a top-level segment of a cell.
type segKind int

const (
	segStmt    segKind = iota // a statement, run in the global frame
	segDecl                   // a const, type, var or func declaration
	segImport                 // an import declaration
	segPackage                // a package clause, ignored
)

// A segment is one top-level statement or declaration of a cell.
type segment struct {
	kind       segKind
	start, end int // byte range in the cell, end excludes the terminating semicolon
	lead       int // start of the comments and spaces before start
}

// A tok is one token of a cell.
type tok struct {
	off int
	tok token.Token
	lit string
}

// scanTokens returns the tokens of src, with automatic semicolons, without
// comments. Scan errors are ignored: the parser reports them later.
func scanTokens(src string) []tok {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		toks = append(toks, tok{off: file.Offset(pos), tok: t, lit: lit})
	}
	return toks
}

// splitCell splits a cell into its top-level statements and declarations, in
// source order. Splitting never fails; malformed input yields segments that
// fail to parse later, with a position.
func splitCell(src string) []segment {
	toks := scanTokens(src)
	var segs []segment
	depth := 0
	first := -1 // index of the first token of the current segment
	lead := 0
	emit := func(end int) {
		segs = append(segs, segment{kind: classify(toks, first), start: toks[first].off, end: end, lead: lead})
		first = -1
		lead = end
		if end < len(src) && src[end] == ';' {
			lead++
		}
	}
	for i, t := range toks {
		if first < 0 {
			if t.tok == token.SEMICOLON {
				continue
			}
			first = i
		}
		switch t.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if depth > 0 {
				depth--
			}
		case token.SEMICOLON:
			if depth == 0 {
				emit(t.off)
			}
		}
	}
	if first >= 0 {
		emit(len(src))
	}
	if len(segs) > 0 && segs[0].kind != segPackage {
		for i := range segs {
			if segs[i].kind == segPackage {
				segs[i].kind = segDecl // misplaced: let the parser complain
			}
		}
	}
	return segs
}

// classify tells what kind of segment starts at toks[i].
func classify(toks []tok, i int) segKind {
	switch toks[i].tok {
	case token.PACKAGE:
		return segPackage
	case token.IMPORT:
		return segImport
	case token.CONST, token.TYPE, token.VAR:
		return segDecl
	case token.FUNC:
		if isFuncDecl(toks, i) {
			return segDecl
		}
	}
	return segStmt
}

// isFuncDecl reports whether the func keyword at toks[i] starts a function or
// method declaration rather than a function literal.
func isFuncDecl(toks []tok, i int) bool {
	i++
	if i >= len(toks) {
		return false
	}
	switch toks[i].tok {
	case token.IDENT:
		return true // func name(
	case token.LPAREN:
		// func (r T) name( is a method; func (x int) T { is a literal.
		depth := 0
		for ; i < len(toks); i++ {
			switch toks[i].tok {
			case token.LPAREN:
				depth++
			case token.RPAREN:
				depth--
			}
			if depth == 0 {
				break
			}
		}
		if i+2 >= len(toks) {
			return false
		}
		next := toks[i+2].tok
		return toks[i+1].tok == token.IDENT && (next == token.LPAREN || next == token.LBRACK)
	}
	return false
}

// scannerWithComments scans a cell's tokens with their end offsets,
// comments included.
type scannerWithComments struct {
	file *token.File
	s    scanner.Scanner
}

func (sc *scannerWithComments) init(file *token.File, src string) {
	sc.file = file
	sc.s.Init(file, []byte(src), func(token.Position, string) {}, scanner.ScanComments)
}

// next returns the next token and its byte range; automatic semicolons are
// skipped.
func (sc *scannerWithComments) next() (off, end int, t token.Token) {
	for {
		pos, t, lit := sc.s.Scan()
		off = sc.file.Offset(pos)
		if t == token.SEMICOLON && lit == "\n" {
			continue
		}
		switch {
		case t == token.EOF:
			return off, off, t
		case lit != "":
			return off, off + len(lit), t
		}
		return off, off + len(t.String()), t
	}
}
