package sandbox

import (
	"encoding/json"
	"testing"
)

func TestExtends(t *testing.T) {
	d := func(names ...string) string {
		b, _ := json.Marshal(struct {
			Names  []string
			Source string
		}{names, "src of " + names[0]})
		return string(b)
	}
	arr := func(ds ...string) json.RawMessage {
		s := "["
		for i, x := range ds {
			if i > 0 {
				s += ","
			}
			s += x
		}
		return json.RawMessage(s + "]")
	}
	prepared := arr(d("fmt"), d("task"))
	for _, tc := range []struct {
		name     string
		cur      json.RawMessage
		rest     string
		extended bool
	}{
		{"same", arr(d("fmt"), d("task")), "", true},
		{"more", arr(d("fmt"), d("task"), d("p"), d("q")), "[" + d("p") + "," + d("q") + "]", true},
		{"declared again", arr(d("fmt"), d("task"), d("task")), "", false},
		{"changed", arr(d("fmt"), d("other")), "", false},
		{"fewer (a reset)", arr(d("fmt")), "", false},
		{"not an array", json.RawMessage(`{}`), "", false},
	} {
		rest, ok := extends(prepared, tc.cur)
		if ok != tc.extended || string(rest) != tc.rest {
			t.Errorf("%s: extends = %s, %v; want %s, %v", tc.name, rest, ok, tc.rest, tc.extended)
		}
	}
	if _, ok := extends(nil, prepared); ok {
		t.Error("a child prepared with nothing extends to anything")
	}
}
