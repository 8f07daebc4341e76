package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

const testKey = "a0436f6c-1916-498b-8eb9-e81ab9368e84"

func mustSigner(tb testing.TB, key string) *Signer {
	tb.Helper()
	s, err := NewSigner(SchemeHMACSHA256, key)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func equalFrames(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// equalMessages reports whether a and b are equal, byte for byte.
func equalMessages(a, b Message) bool {
	if (a.Parent == nil) != (b.Parent == nil) || a.Parent != nil && *a.Parent != *b.Parent {
		return false
	}
	return a.Header == b.Header &&
		equalFrames(a.Identities, b.Identities) &&
		bytes.Equal(a.Metadata, b.Metadata) &&
		bytes.Equal(a.Content, b.Content) &&
		equalFrames(a.Buffers, b.Buffers)
}

// normalized returns m as Decode returns it after Encode: empty parts
// become {} and a zero parent becomes nil.
func normalized(m Message) Message {
	if m.Parent != nil && *m.Parent == (Header{}) {
		m.Parent = nil
	}
	if len(m.Metadata) == 0 {
		m.Metadata = json.RawMessage("{}")
	}
	if len(m.Content) == 0 {
		m.Content = json.RawMessage("{}")
	}
	if len(m.Identities) == 0 {
		m.Identities = nil
	}
	if len(m.Buffers) == 0 {
		m.Buffers = nil
	}
	return m
}

func formatMessage(m Message) string {
	parent := "nil"
	if m.Parent != nil {
		parent = fmt.Sprintf("%+v", *m.Parent)
	}
	return fmt.Sprintf("ids=%q header=%+v parent=%s metadata=%s content=%s buffers=%q",
		m.Identities, m.Header, parent, m.Metadata, m.Content, m.Buffers)
}

func testHeader(msgType string) Header {
	return Header{
		MsgID:    "b2a4d43c-2cf8-4e8c-9d7a-5e4c2f0f3f3a",
		Session:  "3c8b8f0e-7f0e-4a2b-8d3a-0b1b5a7d9e61",
		Username: "alice",
		Date:     "2024-05-01T12:34:56.789012Z",
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	parent := testHeader("execute_request")
	tests := []struct {
		name string
		msg  Message
	}{
		{"minimal", Message{Header: testHeader("kernel_info_request")}},
		{"content", Message{
			Header:  testHeader("execute_request"),
			Content: json.RawMessage(`{"code":"x := 1 <2 && y>3","silent":false}`),
		}},
		{"parent and metadata", Message{
			Header:   testHeader("execute_reply"),
			Parent:   &parent,
			Metadata: json.RawMessage(`{"started":"2024-05-01T12:34:56.789012Z"}`),
			Content:  json.RawMessage(`{"status":"ok","execution_count":1}`),
		}},
		{"zero parent", Message{Header: testHeader("status"), Parent: &Header{}}},
		{"identities", Message{
			Identities: [][]byte{{0, 0x80, 0, 0x41, 0xa7}, []byte("client"), {}},
			Header:     testHeader("execute_request"),
			Content:    json.RawMessage(`{}`),
		}},
		{"buffers", Message{
			Identities: [][]byte{[]byte("comm")},
			Header:     testHeader("comm_msg"),
			Parent:     &parent,
			Content:    json.RawMessage(`{"comm_id":"c","data":{}}`),
			Buffers:    [][]byte{{1, 2, 3}, {}, []byte(Delimiter), bytes.Repeat([]byte{0xff}, 1000)},
		}},
		{"whitespace kept", Message{
			Header:   testHeader("x"),
			Metadata: json.RawMessage(" { } \n"),
			Content:  json.RawMessage("\t{\"a\": [1, 2]}\r\n"),
		}},
		{"unicode header", Message{Header: Header{MsgType: "stream", Username: "žluťoučký \u2028 <&>"}}},
	}
	signers := map[string]*Signer{
		"keyed": mustSigner(t, testKey),
		"empty": mustSigner(t, ""),
		"nil":   nil,
	}
	for _, tt := range tests {
		for sname, s := range signers {
			t.Run(tt.name+"/"+sname, func(t *testing.T) {
				frames, err := Encode(tt.msg, s)
				if err != nil {
					t.Fatalf("Encode: %v", err)
				}
				for i, part := range frames[len(tt.msg.Identities)+2 : len(tt.msg.Identities)+6] {
					if !startsObject(part) {
						t.Errorf("frame %d = %q, want a JSON object", i, part)
					}
				}
				got, err := Decode(frames, s)
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				if want := normalized(tt.msg); !equalMessages(got, want) {
					t.Errorf("round trip:\n got %s\nwant %s", formatMessage(got), formatMessage(want))
				}
			})
		}
	}
}

func TestEncodeFrames(t *testing.T) {
	m := Message{
		Identities: [][]byte{[]byte("id1"), []byte("id2")},
		Header:     testHeader("status"),
		Buffers:    [][]byte{[]byte("buf")},
	}
	s := mustSigner(t, testKey)
	frames, err := Encode(m, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(frames) != 2+1+5+1 {
		t.Fatalf("got %d frames, want 9", len(frames))
	}
	want := map[int]string{0: "id1", 1: "id2", 2: Delimiter, 5: "{}", 6: "{}", 7: "{}", 8: "buf"}
	for i, w := range want {
		if string(frames[i]) != w {
			t.Errorf("frame %d = %q, want %q", i, frames[i], w)
		}
	}
	if !s.Verify(frames[3], frames[4], frames[5], frames[6], frames[7]) {
		t.Errorf("signature frame %q does not verify", frames[3])
	}
	var h map[string]string
	if err := json.Unmarshal(frames[4], &h); err != nil {
		t.Fatalf("header frame: %v", err)
	}
	for _, k := range []string{"msg_id", "session", "username", "date", "msg_type", "version"} {
		if _, ok := h[k]; !ok {
			t.Errorf("header frame %s lacks %q", frames[4], k)
		}
	}

	frames, err = Encode(m, mustSigner(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	if len(frames[3]) != 0 {
		t.Errorf("unsigned signature frame = %q, want empty", frames[3])
	}
}

// TestDecodeJupyterClient decodes a message as jupyter_client writes it,
// with its signature computed by Python's hmac module.
func TestDecodeJupyterClient(t *testing.T) {
	frames := [][]byte{
		[]byte("\x00k\x8bEg"),
		[]byte(Delimiter),
		[]byte("0b3b91765e7ae4ecd93a8d3a574bab992eec09e58b49a4ff2561531af164ed65"),
		[]byte(`{"msg_id": "c7d4e0a2-5f29-4a43-9d8a-1f1d0b6b9a11_1234_1", "msg_type": "execute_request", "username": "alice", "session": "c7d4e0a2-5f29-4a43-9d8a-1f1d0b6b9a11", "date": "2024-05-01T12:34:56.789012Z", "version": "5.3", "subshell_id": null}`),
		[]byte(`{}`),
		[]byte(`{}`),
		[]byte(`{"code": "fmt.Println(\"hi\")", "silent": false, "store_history": true, "user_expressions": {}, "allow_stdin": true, "stop_on_error": true}`),
	}
	m, err := Decode(frames, mustSigner(t, testKey))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	want := Header{
		MsgID:    "c7d4e0a2-5f29-4a43-9d8a-1f1d0b6b9a11_1234_1",
		Session:  "c7d4e0a2-5f29-4a43-9d8a-1f1d0b6b9a11",
		Username: "alice",
		Date:     "2024-05-01T12:34:56.789012Z",
		MsgType:  "execute_request",
		Version:  "5.3",
	}
	if m.Header != want {
		t.Errorf("Header = %+v, want %+v", m.Header, want)
	}
	if m.Parent != nil {
		t.Errorf("Parent = %+v, want nil", *m.Parent)
	}
	if !equalFrames(m.Identities, frames[:1]) {
		t.Errorf("Identities = %q", m.Identities)
	}
	if m.Buffers != nil {
		t.Errorf("Buffers = %q, want nil", m.Buffers)
	}
	var content struct {
		Code   string `json:"code"`
		Silent bool   `json:"silent"`
	}
	if err := json.Unmarshal(m.Content, &content); err != nil || content.Code != `fmt.Println("hi")` {
		t.Errorf("Content = %s (%v)", m.Content, err)
	}

	frames[6] = []byte(`{"code": "os.Exit(1)", "silent": false, "store_history": true, "user_expressions": {}, "allow_stdin": true, "stop_on_error": true}`)
	if _, err := Decode(frames, mustSigner(t, testKey)); !errors.Is(err, ErrBadSignature) {
		t.Errorf("tampered content: err = %v, want ErrBadSignature", err)
	}
}

func TestDecodeParent(t *testing.T) {
	tests := []struct {
		name   string
		parent string
		want   *Header
	}{
		{"empty", `{}`, nil},
		{"empty with space", " {\n} ", nil},
		{"unknown fields only", `{"subshell_id":null,"foo":[1]}`, nil},
		{"full", `{"msg_id":"m","session":"s","username":"u","date":"d","msg_type":"execute_request","version":"5.3","extra":{}}`,
			&Header{MsgID: "m", Session: "s", Username: "u", Date: "d", MsgType: "execute_request", Version: "5.3"}},
		{"partial", `{"msg_id":"m"}`, &Header{MsgID: "m"}},
	}
	for _, tt := range tests {
		frames := [][]byte{[]byte(Delimiter), nil, []byte(`{"msg_type":"x"}`), []byte(tt.parent), []byte(`{}`), []byte(`{}`)}
		m, err := Decode(frames, nil)
		if err != nil {
			t.Errorf("%s: Decode: %v", tt.name, err)
			continue
		}
		if (m.Parent == nil) != (tt.want == nil) || m.Parent != nil && *m.Parent != *tt.want {
			t.Errorf("%s: Parent = %v, want %v", tt.name, m.Parent, tt.want)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	keyed := mustSigner(t, testKey)
	// valid returns signed frames with the given parts.
	valid := func(header, parent, metadata, content string) [][]byte {
		h, p, md, c := []byte(header), []byte(parent), []byte(metadata), []byte(content)
		return [][]byte{[]byte("id"), []byte(Delimiter), keyed.Sign(h, p, md, c), h, p, md, c}
	}
	good := valid(`{"msg_type":"x"}`, `{}`, `{}`, `{}`)
	if _, err := Decode(good, keyed); err != nil {
		t.Fatalf("valid frames: %v", err)
	}
	with := func(i int, f []byte) [][]byte {
		frames := append([][]byte(nil), good...)
		frames[i] = f
		return frames
	}

	tests := []struct {
		name   string
		frames [][]byte
		want   error
	}{
		{"nil", nil, ErrNoDelimiter},
		{"no delimiter", [][]byte{[]byte("id"), []byte("sig"), []byte("{}"), []byte("{}"), []byte("{}"), []byte("{}")}, ErrNoDelimiter},
		{"delimiter prefix", with(1, []byte("<IDS|MSG")), ErrNoDelimiter},
		{"delimiter only", [][]byte{[]byte(Delimiter)}, ErrShortMessage},
		{"four after delimiter", good[:6], ErrShortMessage},
		{"missing signature", with(2, nil), ErrBadSignature},
		{"wrong signature", with(2, bytes.Repeat([]byte("a"), 64)), ErrBadSignature},
		{"signed with other key", func() [][]byte {
			f := append([][]byte(nil), good...)
			f[2] = mustSigner(t, "other").Sign(f[3], f[4], f[5], f[6])
			return f
		}(), ErrBadSignature},
		{"bad JSON in header", valid(`{"msg_type":"x"`, `{}`, `{}`, `{}`), ErrMalformed},
		{"header trailing garbage", valid(`{"msg_type":"x"} x`, `{}`, `{}`, `{}`), ErrMalformed},
		{"header null", valid(`null`, `{}`, `{}`, `{}`), ErrMalformed},
		{"header array", valid(`[]`, `{}`, `{}`, `{}`), ErrMalformed},
		{"header empty", valid(``, `{}`, `{}`, `{}`), ErrMalformed},
		{"header field type", valid(`{"msg_type":"x","msg_id":5}`, `{}`, `{}`, `{}`), ErrMalformed},
		{"header without msg_type", valid(`{"msg_id":"m"}`, `{}`, `{}`, `{}`), ErrMalformed},
		{"bad parent", valid(`{"msg_type":"x"}`, `{`, `{}`, `{}`), ErrMalformed},
		{"parent null", valid(`{"msg_type":"x"}`, `null`, `{}`, `{}`), ErrMalformed},
		{"parent empty frame", valid(`{"msg_type":"x"}`, ``, `{}`, `{}`), ErrMalformed},
		{"bad metadata", valid(`{"msg_type":"x"}`, `{}`, `{"a":}`, `{}`), ErrMalformed},
		{"metadata array", valid(`{"msg_type":"x"}`, `{}`, `[]`, `{}`), ErrMalformed},
		{"bad content", valid(`{"msg_type":"x"}`, `{}`, `{}`, `{"code":"x"`), ErrMalformed},
		{"content null", valid(`{"msg_type":"x"}`, `{}`, `{}`, `null`), ErrMalformed},
		{"content string", valid(`{"msg_type":"x"}`, `{}`, `{}`, `"{}"`), ErrMalformed},
		{"content two objects", valid(`{"msg_type":"x"}`, `{}`, `{}`, `{}{}`), ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Decode(tt.frames, keyed)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !equalMessages(m, Message{}) {
				t.Errorf("got non-zero message on error: %s", formatMessage(m))
			}
		})
	}
}

func TestDecodeVerifiesBeforeJSON(t *testing.T) {
	frames := [][]byte{[]byte(Delimiter), []byte("bad"), []byte("not json"), []byte("{}"), []byte("{}"), []byte("{}")}
	if _, err := Decode(frames, mustSigner(t, testKey)); !errors.Is(err, ErrBadSignature) {
		t.Errorf("err = %v, want ErrBadSignature", err)
	}
}

func TestDecodeUnsignedAcceptsAnySignature(t *testing.T) {
	frames := [][]byte{[]byte(Delimiter), []byte("whatever"), []byte(`{"msg_type":"x"}`), []byte("{}"), []byte("{}"), []byte("{}")}
	for _, s := range []*Signer{nil, mustSigner(t, "")} {
		if _, err := Decode(frames, s); err != nil {
			t.Errorf("Decode with %v: %v", s, err)
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name string
		msg  Message
	}{
		{"no msg_type", Message{Header: Header{MsgID: "m"}}},
		{"identity is delimiter", Message{Header: testHeader("x"), Identities: [][]byte{[]byte("a"), []byte(Delimiter)}}},
		{"content null", Message{Header: testHeader("x"), Content: json.RawMessage("null")}},
		{"content array", Message{Header: testHeader("x"), Content: json.RawMessage("[{}]")}},
		{"content unterminated", Message{Header: testHeader("x"), Content: json.RawMessage(`{"a":1`)}},
		{"content blank", Message{Header: testHeader("x"), Content: json.RawMessage("  ")}},
		{"metadata string", Message{Header: testHeader("x"), Metadata: json.RawMessage(`"x"`)}},
	}
	for _, tt := range tests {
		frames, err := Encode(tt.msg, mustSigner(t, testKey))
		if !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", tt.name, err)
		}
		if frames != nil {
			t.Errorf("%s: frames = %q, want nil", tt.name, frames)
		}
	}
}

func TestEncodeNeverNull(t *testing.T) {
	m := Message{Header: testHeader("status"), Parent: nil, Metadata: nil, Content: json.RawMessage{}}
	frames, err := Encode(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range frames[2:] {
		if strings.Contains(string(f), "null") {
			t.Errorf("frame %d = %s contains null", i+2, f)
		}
	}
	for i := 3; i < 6; i++ {
		if string(frames[i]) != "{}" {
			t.Errorf("frame %d = %s, want {}", i, frames[i])
		}
	}
}

func BenchmarkEncodeDecode(b *testing.B) {
	parent := testHeader("execute_request")
	small, err := Marshal(map[string]any{"name": "stdout", "text": "hello, world\n"})
	if err != nil {
		b.Fatal(err)
	}
	large, err := Marshal(map[string]any{
		"data":     map[string]string{"image/png": strings.Repeat("iVBORw0KGgo", 64<<10/11)},
		"metadata": map[string]any{},
	})
	if err != nil {
		b.Fatal(err)
	}
	s := mustSigner(b, testKey)
	for _, bc := range []struct {
		name    string
		content json.RawMessage
	}{{"stream", small}, {"display_data_64KiB", large}} {
		m := Message{
			Identities: [][]byte{[]byte("\x00k\x8bEg")},
			Header:     testHeader("stream"),
			Parent:     &parent,
			Content:    bc.content,
		}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.content)))
			for b.Loop() {
				frames, err := Encode(m, s)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := Decode(frames, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
