package eval

import "testing"

// errors.Is and errors.As with errors of notebook types, through the
// chains native code follows.
func TestErrorsOfNotebookTypes(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun(`import (
	"errors"
	"fmt"
	"io"
)
type NotFound struct{ Key string }
func (e *NotFound) Error() string { return e.Key + " not found" }
var ErrGone = &NotFound{"gone"}
func find(k string) error { return fmt.Errorf("find: %w", &NotFound{k}) }`)
	for _, c := range []struct{ code, want string }{
		{"var nf *NotFound\nok := errors.As(find(\"cfg\"), &nf)\nfmt.Sprint(ok, \" \", nf.Key)", `"true cfg"`},
		{"var nf *NotFound\nerrors.As(io.EOF, &nf)", "false"},
		{"errors.Is(fmt.Errorf(\"x: %w\", ErrGone), ErrGone)", "true"},
		{"errors.Is(find(\"gone\"), ErrGone)", "false"},
		{"j := errors.Join(io.EOF, &NotFound{\"j\"})\nvar nf *NotFound\nfmt.Sprint(errors.As(j, &nf), \" \", nf.Key, \" \", errors.Is(j, io.EOF))", `"true j true"`},
	} {
		if res := ts.mustRun(c.code); res.Text != c.want {
			t.Errorf("%s\n= %s, want %s", c.code, res.Text, c.want)
		}
	}
}
