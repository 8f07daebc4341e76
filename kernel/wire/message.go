package wire

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// ProtocolVersion is the version of the messaging protocol implemented,
// as written in [Header.Version].
const ProtocolVersion = "5.3"

// DateLayout is the time layout of [Header.Date]: ISO 8601 with
// microseconds and a time zone, as written by [NewHeader].
const DateLayout = "2006-01-02T15:04:05.000000Z07:00"

// Header is a message header (also used as parent_header).
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"` // ISO 8601 with time zone, see DateLayout
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"` // ProtocolVersion
}

// Message is one decoded message.
//
// A Message returned by [Decode] shares the byte slices of the frames it
// was decoded from; a Message passed to [Encode] shares its byte slices
// with the frames returned.
type Message struct {
	Identities [][]byte // routing prefix before the <IDS|MSG> delimiter
	Header     Header
	Parent     *Header         // nil (or a zero Header) encodes as {}
	Metadata   json.RawMessage // a JSON object; nil encodes as {}
	Content    json.RawMessage // a JSON object; nil encodes as {}
	Buffers    [][]byte        // raw binary buffers after the content
}

// NewID returns a fresh random identifier in the text form of a version 4
// UUID, such as Jupyter uses for msg_id and session ids.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails.
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], b[10:16])
	return string(s[:])
}

// NewHeader returns a header for a new message of type msgType, with a
// fresh msg_id (see [NewID]), the current date and [ProtocolVersion].
func NewHeader(msgType, session, username string) Header {
	return Header{
		MsgID:    NewID(),
		Session:  session,
		Username: username,
		Date:     time.Now().UTC().Format(DateLayout),
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
}

// NewMessage returns a message with no parent, such as the kernel's first
// status message, with a header from [NewHeader] and content marshalled by
// [Marshal].
func NewMessage(msgType, session, username string, content any) (Message, error) {
	c, err := Marshal(content)
	if err != nil {
		return Message{}, err
	}
	return Message{Header: NewHeader(msgType, session, username), Content: c}, nil
}

// Reply returns a message answering m on the socket m came from: its
// parent is m's header, its header is new (see [NewHeader]) with m's
// session and username, its identities are a copy of m's so that it routes
// back to the sender, and its content is marshalled by [Marshal].
func (m Message) Reply(msgType string, content any) (Message, error) {
	r, err := m.Child(msgType, content)
	if err != nil {
		return Message{}, err
	}
	if m.Identities != nil {
		r.Identities = make([][]byte, len(m.Identities))
		for i, id := range m.Identities {
			r.Identities[i] = bytes.Clone(id)
		}
	}
	return r, nil
}

// Child is like [Message.Reply] but leaves the identities empty. It suits
// messages published on IOPub on behalf of m, whose caller sets the topic
// as the only identity.
func (m Message) Child(msgType string, content any) (Message, error) {
	c, err := Marshal(content)
	if err != nil {
		return Message{}, err
	}
	parent := m.Header
	return Message{
		Header:  NewHeader(msgType, m.Header.Session, m.Header.Username),
		Parent:  &parent,
		Content: c,
	}, nil
}

// Marshal returns the JSON encoding of v for use as [Message.Content] or
// [Message.Metadata]. HTML characters are not escaped. A nil v, or one that
// encodes as null, gives {}. A [json.RawMessage] is returned as is once
// checked. The result must be a JSON object: anything else is an error
// wrapping [ErrMalformed].
func Marshal(v any) (json.RawMessage, error) {
	switch v := v.(type) {
	case nil:
		return json.RawMessage("{}"), nil
	case json.RawMessage:
		if len(v) == 0 {
			return json.RawMessage("{}"), nil
		}
		if !isObject(v) {
			return nil, fmt.Errorf("%w: raw message is not a JSON object", ErrMalformed)
		}
		return v, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("wire: marshal %T: %w", v, err)
	}
	b := bytes.TrimRight(buf.Bytes(), "\n")
	if string(b) == "null" {
		return json.RawMessage("{}"), nil
	}
	if len(b) == 0 || b[0] != '{' {
		return nil, fmt.Errorf("%w: %T does not encode as a JSON object", ErrMalformed, v)
	}
	return b, nil
}

// isObject reports whether b holds exactly one JSON object, possibly
// surrounded by white space.
func isObject(b []byte) bool {
	return startsObject(b) && json.Valid(b)
}

// startsObject reports whether the first byte of b other than JSON white
// space opens an object.
func startsObject(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '{':
			return true
		}
		return false
	}
	return false
}
