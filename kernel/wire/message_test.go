package wire

import (
	"encoding/json"
	"errors"
	"regexp"
	"testing"
	"time"
)

var uuid4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestNewID(t *testing.T) {
	seen := make(map[string]bool)
	for range 1000 {
		id := NewID()
		if !uuid4.MatchString(id) {
			t.Fatalf("NewID() = %q, not a UUID4", id)
		}
		if seen[id] {
			t.Fatalf("NewID() repeated %q", id)
		}
		seen[id] = true
	}
}

func TestNewHeader(t *testing.T) {
	before := time.Now()
	h := NewHeader("kernel_info_reply", "sess", "user")
	if !uuid4.MatchString(h.MsgID) {
		t.Errorf("MsgID = %q, not a UUID4", h.MsgID)
	}
	if h.Session != "sess" || h.Username != "user" || h.MsgType != "kernel_info_reply" || h.Version != "5.3" {
		t.Errorf("unexpected header %+v", h)
	}
	d, err := time.Parse(time.RFC3339Nano, h.Date)
	if err != nil {
		t.Fatalf("Date %q: %v", h.Date, err)
	}
	if d.Before(before.Truncate(time.Microsecond)) || d.After(time.Now()) {
		t.Errorf("Date %v not between %v and now", d, before)
	}
	if want := `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`; !regexp.MustCompile(want).MatchString(h.Date) {
		t.Errorf("Date = %q, want match %s", h.Date, want)
	}
}

func TestNewMessage(t *testing.T) {
	m, err := NewMessage("status", "sess", "kernel", map[string]string{"execution_state": "starting"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Parent != nil || m.Identities != nil || m.Header.MsgType != "status" || m.Header.Session != "sess" {
		t.Errorf("unexpected message %s", formatMessage(m))
	}
	if string(m.Content) != `{"execution_state":"starting"}` {
		t.Errorf("Content = %s", m.Content)
	}
	if _, err := NewMessage("status", "s", "u", []int{1}); !errors.Is(err, ErrMalformed) {
		t.Errorf("non-object content: err = %v, want ErrMalformed", err)
	}
}

func TestReplyAndChild(t *testing.T) {
	req := Message{
		Identities: [][]byte{[]byte("client-1"), []byte("client-2")},
		Header:     testHeader("execute_request"),
		Content:    json.RawMessage(`{"code":"1"}`),
	}
	type reply struct {
		Status string `json:"status"`
		Count  int    `json:"execution_count"`
	}
	r, err := req.Reply("execute_reply", reply{"ok", 3})
	if err != nil {
		t.Fatal(err)
	}
	if r.Parent == nil || *r.Parent != req.Header {
		t.Errorf("Parent = %v, want %+v", r.Parent, req.Header)
	}
	if r.Header.MsgType != "execute_reply" || r.Header.Session != req.Header.Session ||
		r.Header.Username != req.Header.Username || r.Header.Version != ProtocolVersion ||
		r.Header.MsgID == req.Header.MsgID || r.Header.MsgID == "" {
		t.Errorf("reply header = %+v", r.Header)
	}
	if !equalFrames(r.Identities, req.Identities) {
		t.Errorf("Identities = %q, want %q", r.Identities, req.Identities)
	}
	req.Identities[0][0] = 'X'
	if string(r.Identities[0]) != "client-1" {
		t.Errorf("reply identities alias the request's")
	}
	if string(r.Content) != `{"status":"ok","execution_count":3}` {
		t.Errorf("Content = %s", r.Content)
	}
	r.Parent.MsgID = "changed"
	if req.Header.MsgID == "changed" {
		t.Errorf("reply parent aliases the request header")
	}

	c, err := req.Child("status", map[string]string{"execution_state": "busy"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Identities != nil {
		t.Errorf("child Identities = %q, want nil", c.Identities)
	}
	if c.Parent == nil || *c.Parent != req.Header || c.Header.Session != req.Header.Session {
		t.Errorf("child = %s", formatMessage(c))
	}
	if _, err := req.Reply("x", make(chan int)); err == nil {
		t.Errorf("Reply with unmarshalable content: no error")
	}
}

func TestMarshal(t *testing.T) {
	var nilMap map[string]int
	var nilPtr *struct{ A int }
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"nil", nil, `{}`},
		{"nil map", nilMap, `{}`},
		{"nil pointer", nilPtr, `{}`},
		{"empty raw", json.RawMessage(nil), `{}`},
		{"raw kept as is", json.RawMessage(` {"a": 1} `), ` {"a": 1} `},
		{"struct", struct {
			A string `json:"a"`
		}{"<b>&</b>"}, `{"a":"<b>&</b>"}`},
		{"map", map[string]int{"b": 2, "a": 1}, `{"a":1,"b":2}`},
	}
	for _, tt := range tests {
		got, err := Marshal(tt.v)
		if err != nil {
			t.Errorf("%s: Marshal: %v", tt.name, err)
			continue
		}
		if string(got) != tt.want {
			t.Errorf("%s: Marshal = %s, want %s", tt.name, got, tt.want)
		}
	}

	for name, v := range map[string]any{
		"slice":       []int{1},
		"string":      "x",
		"raw array":   json.RawMessage(`[]`),
		"raw invalid": json.RawMessage(`{"a":`),
		"raw null":    json.RawMessage(`null`),
	} {
		if _, err := Marshal(v); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", name, err)
		}
	}
	if _, err := Marshal(func() {}); err == nil {
		t.Errorf("func: no error")
	}
}
