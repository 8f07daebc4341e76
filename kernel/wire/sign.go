package wire

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"sync"
)

// SchemeHMACSHA256 is the only signature scheme supported, and the one
// Jupyter uses by default.
const SchemeHMACSHA256 = "hmac-sha256"

// ErrUnsupportedScheme reports a signature scheme other than
// [SchemeHMACSHA256].
var ErrUnsupportedScheme = errors.New("wire: unsupported signature scheme")

// sigLen is the length of a signature in lowercase hex.
const sigLen = 2 * sha256.Size

// checkScheme reports whether scheme is supported.
func checkScheme(scheme string) error {
	switch scheme {
	case SchemeHMACSHA256, "":
		return nil
	}
	return fmt.Errorf("%w: %q", ErrUnsupportedScheme, scheme)
}

// Signer computes and checks message signatures. A Signer with an empty key
// signs with "" and accepts any signature (Jupyter's convention for
// no-auth); so does a nil *Signer.
//
// A Signer is safe for concurrent use. It must not be copied after first
// use.
type Signer struct {
	key  []byte
	pool sync.Pool // of hash.Hash, each an HMAC keyed with key
}

// NewSigner returns a Signer for the given scheme and key, as found in a
// connection file. The scheme must be "hmac-sha256" or empty; an empty
// scheme with a non-empty key means "hmac-sha256", as in jupyter_client.
// An empty key disables signing whatever the scheme. Any other scheme is
// an error wrapping [ErrUnsupportedScheme].
func NewSigner(scheme, key string) (*Signer, error) {
	if err := checkScheme(scheme); err != nil {
		return nil, err
	}
	return &Signer{key: []byte(key)}, nil
}

// Enabled reports whether s signs messages, that is whether its key is not
// empty.
func (s *Signer) Enabled() bool {
	return s != nil && len(s.key) > 0
}

// Sign returns the signature of a message made of the given header,
// parent_header, metadata and content frames: the lowercase hex HMAC-SHA256
// of their concatenation, or an empty slice if s is not [Signer.Enabled].
func (s *Signer) Sign(header, parent, metadata, content []byte) []byte {
	if !s.Enabled() {
		return []byte{}
	}
	sig := make([]byte, sigLen)
	s.sum((*[sigLen]byte)(sig), header, parent, metadata, content)
	return sig
}

// Verify reports whether sig is the signature of the given frames. The
// comparison takes constant time. If s is not [Signer.Enabled], Verify
// accepts any signature.
func (s *Signer) Verify(sig, header, parent, metadata, content []byte) bool {
	if !s.Enabled() {
		return true
	}
	if len(sig) != sigLen {
		return false
	}
	var want [sigLen]byte
	s.sum(&want, header, parent, metadata, content)
	return hmac.Equal(want[:], sig)
}

// sum writes the hex signature of the frames into dst.
func (s *Signer) sum(dst *[sigLen]byte, header, parent, metadata, content []byte) {
	h, ok := s.pool.Get().(hash.Hash)
	if !ok {
		h = hmac.New(sha256.New, s.key)
	}
	h.Write(header)
	h.Write(parent)
	h.Write(metadata)
	h.Write(content)
	var mac [sha256.Size]byte
	h.Sum(mac[:0])
	h.Reset()
	s.pool.Put(h)
	hex.Encode(dst[:], mac[:])
}
