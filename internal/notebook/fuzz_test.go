package notebook

import (
	"bytes"
	"testing"
)

// FuzzRead checks that decoding never panics, and that whatever decodes is
// written, and read back and written again to the same bytes.
func FuzzRead(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte(`{"cells":[{"cell_type":"code","source":"x","outputs":[{"output_type":"stream","name":"stdout","text":"a"}]}],"nbformat":4}`))
	f.Add([]byte(`{"nbformat":4,"cells":[{"cell_type":"markdown","source":["a\n","b"],"metadata":{"tags":["x"],"nbgrader":{"points":null}}}]}`))
	f.Add([]byte(`{"nbformat":4,"cells":null,"metadata":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		nb, err := Parse(b)
		if err != nil {
			return
		}
		out, err := Marshal(nb)
		if err != nil {
			return // e.g. an output of unknown type made up by hand: refused, not panicked
		}
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("cannot read what was written: %v\n%s", err, out)
		}
		out2, err := Marshal(again)
		if err != nil {
			t.Fatalf("cannot write again: %v", err)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("writing is not stable:\n%s\n%s", out, out2)
		}
	})
}
