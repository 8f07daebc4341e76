package eval

import (
	"go/token"
	"strings"
)

// Statuses returned by IsComplete.
const (
	StatusComplete   = "complete"
	StatusIncomplete = "incomplete"
	StatusInvalid    = "invalid"
)

// IsComplete reports whether code is a complete cell: "complete";
// "incomplete" when more lines are wanted (an open bracket, a raw string or
// block comment not terminated, a line ending in an operator, a comma, or a
// keyword that needs more), with indent the suggested indentation of the next
// line, one tab per line that opened a bracket still open; or "invalid", a
// syntax error that more input cannot fix, such as `x := )` or a "string not
// terminated on its line.
func IsComplete(code string) (status, indent string) {
	defer func() {
		if recover() != nil {
			status, indent = StatusInvalid, ""
		}
	}()
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(code))
	var sc scannerWithComments
	var scanErr string
	sc.s.Init(file, []byte(code), func(_ token.Position, msg string) {
		if scanErr == "" {
			scanErr = msg
		}
	}, 0)
	sc.file = file

	var open []int // lines of the open brackets
	last := token.ILLEGAL
	for {
		off, _, t := sc.next()
		if t == token.EOF {
			break
		}
		switch t {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			open = append(open, file.Line(file.Pos(off)))
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(open) == 0 {
				return StatusInvalid, ""
			}
			open = open[:len(open)-1]
		}
		last = t
	}
	switch {
	case scanErr == "raw string literal not terminated", scanErr == "comment not terminated":
		return StatusIncomplete, indentFor(open)
	case scanErr != "":
		return StatusInvalid, ""
	case len(open) > 0:
		return StatusIncomplete, indentFor(open)
	case last != token.ILLEGAL && !endsStatement(last):
		return StatusIncomplete, ""
	}
	if _, err := planCell(token.NewFileSet(), 1, code, nil, nil); err != nil {
		return StatusInvalid, ""
	}
	return StatusComplete, ""
}

// endsStatement reports whether a line ending with token t can end a
// statement: the tokens after which Go inserts a semicolon, and ';' itself.
func endsStatement(t token.Token) bool {
	switch t {
	case token.IDENT, token.INT, token.FLOAT, token.IMAG, token.CHAR, token.STRING,
		token.BREAK, token.CONTINUE, token.FALLTHROUGH, token.RETURN,
		token.INC, token.DEC, token.RPAREN, token.RBRACK, token.RBRACE, token.SEMICOLON:
		return true
	}
	return false
}

// indentFor returns one tab per distinct line holding an open bracket.
func indentFor(open []int) string {
	n := 0
	for i, l := range open {
		if i == 0 || l != open[i-1] {
			n++
		}
	}
	return strings.Repeat("\t", n)
}
