package wire

import (
	"bytes"
	"encoding/json"
	"testing"
)

// fuzzSep separates frames in fuzz inputs. It never occurs in UTF-8 text,
// so seeds made of JSON frames split back into the same frames.
const fuzzSep = 0xff

func joinFrames(frames [][]byte) []byte {
	return bytes.Join(frames, []byte{fuzzSep})
}

func FuzzDecode(f *testing.F) {
	noAuth := mustSigner(f, "")
	keyed := mustSigner(f, testKey)

	parent := testHeader("execute_request")
	seeds := []Message{
		{Header: testHeader("kernel_info_request")},
		{
			Identities: [][]byte{[]byte("\x00k\x8bEg"), []byte("x")},
			Header:     testHeader("execute_reply"),
			Parent:     &parent,
			Metadata:   json.RawMessage(`{"engine":"e"}`),
			Content:    json.RawMessage(`{"status":"ok","execution_count":1,"user_expressions":{}}`),
		},
		{
			Header:  testHeader("comm_msg"),
			Content: json.RawMessage(`{"comm_id":"c","data":{"a":[1,2.5,null,true,"\u00e9"]}}`),
			Buffers: [][]byte{[]byte("buf"), {}},
		},
	}
	for _, m := range seeds {
		for _, s := range []*Signer{noAuth, keyed} {
			frames, err := Encode(m, s)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(joinFrames(frames))
		}
	}
	broken := [][][]byte{
		nil,
		{[]byte(Delimiter)},
		{[]byte("id"), []byte("sig"), []byte(`{"msg_type":"x"}`)},
		{[]byte(Delimiter), nil, []byte(`{"msg_type":"x"`), []byte(`{}`), []byte(`{}`), []byte(`{}`)},
		{[]byte(Delimiter), nil, []byte(`{"msg_type":"x"}`), []byte(`null`), []byte(`{}`), []byte(`{}`)},
		{[]byte(Delimiter), nil, []byte(`{"msg_type":"x","MSG_TYPE":""}`), []byte(`{"x":1}`), []byte(` {} `), []byte(`{}`)},
		{[]byte(Delimiter), nil, []byte(`{"msg_type":"\ud800"}`), []byte(`{"msg_id":"\u00e9"}`), []byte(`{}`), []byte(`[]`)},
		{[]byte(Delimiter), []byte("deadbeef"), []byte(`{"msg_type":"x"}`), []byte(`{}`), []byte(`{}`), []byte(`{}`), []byte(Delimiter)},
	}
	for _, frames := range broken {
		f.Add(joinFrames(frames))
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		frames := bytes.Split(data, []byte{fuzzSep})
		_, _ = Decode(frames, keyed)
		_, _ = Decode(frames, nil)
		m, err := Decode(frames, noAuth)
		if err != nil {
			return
		}
		for _, s := range []*Signer{noAuth, keyed} {
			out, err := Encode(m, s)
			if err != nil {
				t.Fatalf("Encode of decoded message: %v\n%s", err, formatMessage(m))
			}
			m2, err := Decode(out, s)
			if err != nil {
				t.Fatalf("Decode of re-encoded message: %v\nframes %q", err, out)
			}
			if !equalMessages(m, m2) {
				t.Fatalf("round trip changed message:\n got %s\nwant %s", formatMessage(m2), formatMessage(m))
			}
		}
	})
}
