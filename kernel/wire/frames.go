package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Delimiter separates the routing identities from the rest of a message.
const Delimiter = "<IDS|MSG>"

// Errors returned, wrapped with details, by [Decode] and [Encode].
var (
	// ErrNoDelimiter reports frames without the <IDS|MSG> delimiter.
	ErrNoDelimiter = errors.New("wire: no " + Delimiter + " delimiter")
	// ErrShortMessage reports fewer than five frames (signature, header,
	// parent_header, metadata, content) after the delimiter.
	ErrShortMessage = errors.New("wire: too few frames after delimiter")
	// ErrBadSignature reports a missing or wrong signature.
	ErrBadSignature = errors.New("wire: bad signature")
	// ErrMalformed reports a message part that is not a JSON object of the
	// expected shape, a header without msg_type, or an identity equal to
	// the delimiter.
	ErrMalformed = errors.New("wire: malformed message")
)

// partsAfterDelimiter counts the frames required after the delimiter.
const partsAfterDelimiter = 5

// Decode parses the frames of one multipart message:
//
//	identities..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers...
//
// It verifies the signature with s before decoding any JSON (a nil s, like
// one with an empty key, accepts any signature). The header and
// parent_header must be JSON objects, and the header must have a msg_type;
// unknown header fields are ignored. An empty parent_header ({}), or one
// whose known fields are all missing or empty, gives a nil Parent.
// Metadata and content must be valid JSON objects; they are kept raw for
// the caller to decode.
//
// The returned Message shares the byte slices of frames. Decode never
// panics, whatever the input.
func Decode(frames [][]byte, s *Signer) (Message, error) {
	delim := -1
	for i, f := range frames {
		if string(f) == Delimiter {
			delim = i
			break
		}
	}
	if delim < 0 {
		return Message{}, fmt.Errorf("%w in %d frames", ErrNoDelimiter, len(frames))
	}
	rest := frames[delim+1:]
	if len(rest) < partsAfterDelimiter {
		return Message{}, fmt.Errorf("%w: got %d, want at least %d", ErrShortMessage, len(rest), partsAfterDelimiter)
	}
	sig, header, parent, metadata, content := rest[0], rest[1], rest[2], rest[3], rest[4]
	if !s.Verify(sig, header, parent, metadata, content) {
		if len(sig) == 0 {
			return Message{}, fmt.Errorf("%w: missing signature", ErrBadSignature)
		}
		return Message{}, fmt.Errorf("%w: signature does not match", ErrBadSignature)
	}

	var m Message
	if err := decodeHeader(header, &m.Header); err != nil {
		return Message{}, fmt.Errorf("%w: header: %w", ErrMalformed, err)
	}
	if m.Header.MsgType == "" {
		return Message{}, fmt.Errorf("%w: header has no msg_type", ErrMalformed)
	}
	var p Header
	if err := decodeHeader(parent, &p); err != nil {
		return Message{}, fmt.Errorf("%w: parent_header: %w", ErrMalformed, err)
	}
	if p != (Header{}) {
		m.Parent = &p
	}
	if !isObject(metadata) {
		return Message{}, fmt.Errorf("%w: metadata is not a JSON object", ErrMalformed)
	}
	if !isObject(content) {
		return Message{}, fmt.Errorf("%w: content is not a JSON object", ErrMalformed)
	}
	m.Metadata = json.RawMessage(metadata)
	m.Content = json.RawMessage(content)
	if delim > 0 {
		m.Identities = append([][]byte(nil), frames[:delim]...)
	}
	if len(rest) > partsAfterDelimiter {
		m.Buffers = append([][]byte(nil), rest[partsAfterDelimiter:]...)
	}
	return m, nil
}

// errNotObject is wrapped by decodeHeader's errors.
var errNotObject = errors.New("not a JSON object")

// decodeHeader decodes the JSON object b into h.
func decodeHeader(b []byte, h *Header) error {
	if !startsObject(b) {
		return errNotObject
	}
	return json.Unmarshal(b, h)
}

// Encode returns the frames of m, signed with s (a nil s, like one with an
// empty key, signs with an empty signature):
//
//	identities..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers...
//
// A nil or zero Parent and a nil or empty Metadata or Content are written
// as {}, never as null. The header must have a msg_type. Metadata and
// Content must be JSON objects; to stay cheap on large content, Encode
// checks only that each starts with '{' and ends with '}', leaving full
// validation to whoever built them (see [Marshal]). Errors wrap
// [ErrMalformed].
//
// The returned frames share the byte slices of m's identities, metadata,
// content and buffers.
func Encode(m Message, s *Signer) ([][]byte, error) {
	if m.Header.MsgType == "" {
		return nil, fmt.Errorf("%w: header has no msg_type", ErrMalformed)
	}
	for i, id := range m.Identities {
		if string(id) == Delimiter {
			return nil, fmt.Errorf("%w: identity %d is the delimiter", ErrMalformed, i)
		}
	}
	header, err := json.Marshal(m.Header)
	if err != nil {
		return nil, fmt.Errorf("%w: header: %w", ErrMalformed, err)
	}
	parent := []byte("{}")
	if m.Parent != nil && *m.Parent != (Header{}) {
		if parent, err = json.Marshal(m.Parent); err != nil {
			return nil, fmt.Errorf("%w: parent_header: %w", ErrMalformed, err)
		}
	}
	metadata, err := objectFrame(m.Metadata, "metadata")
	if err != nil {
		return nil, err
	}
	content, err := objectFrame(m.Content, "content")
	if err != nil {
		return nil, err
	}

	frames := make([][]byte, 0, len(m.Identities)+1+partsAfterDelimiter+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames,
		[]byte(Delimiter),
		s.Sign(header, parent, metadata, content),
		header, parent, metadata, content,
	)
	frames = append(frames, m.Buffers...)
	return frames, nil
}

// objectFrame returns the frame for a metadata or content part: {} if raw
// is empty, else raw itself if it looks like a JSON object.
func objectFrame(raw json.RawMessage, part string) ([]byte, error) {
	if len(raw) == 0 {
		return []byte("{}"), nil
	}
	b := bytes.TrimRight(raw, " \t\n\r")
	if !startsObject(b) || b[len(b)-1] != '}' {
		return nil, fmt.Errorf("%w: %s is not a JSON object", ErrMalformed, part)
	}
	return raw, nil
}
