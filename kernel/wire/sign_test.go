package wire

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

// Computed with Python's hmac module:
// hmac.new(b"secret-key", digestmod=hashlib.sha256), updated with each part.
var signVector = struct {
	key                               string
	header, parent, metadata, content string
	sig                               string
}{
	key:      "secret-key",
	header:   `{"msg_id":"1"}`,
	parent:   `{}`,
	metadata: `{}`,
	content:  `{"code":"1+1"}`,
	sig:      "f29edc2ae347e99e996cf426a9068abd72bbac08f131d7b7d863f0430600434a",
}

func TestSignKnownVector(t *testing.T) {
	v := signVector
	s, err := NewSigner(SchemeHMACSHA256, v.key)
	if err != nil {
		t.Fatal(err)
	}
	got := s.Sign([]byte(v.header), []byte(v.parent), []byte(v.metadata), []byte(v.content))
	if string(got) != v.sig {
		t.Errorf("Sign = %s, want %s", got, v.sig)
	}
}

func TestVerify(t *testing.T) {
	v := signVector
	s, err := NewSigner(SchemeHMACSHA256, v.key)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		sig     string
		content string
		want    bool
	}{
		{"good", v.sig, v.content, true},
		{"tampered content", v.sig, `{"code":"1+2"}`, false},
		{"wrong signature", strings.Repeat("0", 64), v.content, false},
		{"missing signature", "", v.content, false},
		{"truncated", v.sig[:63], v.content, false},
		{"too long", v.sig + "0", v.content, false},
		{"uppercase", strings.ToUpper(v.sig), v.content, false},
	}
	for _, tt := range tests {
		got := s.Verify([]byte(tt.sig), []byte(v.header), []byte(v.parent), []byte(v.metadata), []byte(tt.content))
		if got != tt.want {
			t.Errorf("%s: Verify = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSignerEmptyKey(t *testing.T) {
	signers := map[string]*Signer{"nil": nil}
	for _, scheme := range []string{"", SchemeHMACSHA256} {
		s, err := NewSigner(scheme, "")
		if err != nil {
			t.Fatalf("NewSigner(%q, \"\"): %v", scheme, err)
		}
		signers["scheme "+scheme] = s
	}
	for name, s := range signers {
		if s.Enabled() {
			t.Errorf("%s: Enabled = true", name)
		}
		if sig := s.Sign([]byte("{}"), nil, nil, nil); sig == nil || len(sig) != 0 {
			t.Errorf("%s: Sign = %q, want empty non-nil", name, sig)
		}
		for _, sig := range []string{"", "anything", signVector.sig} {
			if !s.Verify([]byte(sig), []byte("{}"), nil, nil, nil) {
				t.Errorf("%s: Verify(%q) = false, want true", name, sig)
			}
		}
	}
}

func TestNewSignerSchemes(t *testing.T) {
	tests := []struct {
		scheme, key string
		ok          bool
	}{
		{"hmac-sha256", "k", true},
		{"hmac-sha256", "", true},
		{"", "", true},
		{"", "k", true}, // jupyter_client's default scheme
		{"hmac-sha512", "k", false},
		{"hmac-md5", "", false},
		{"HMAC-SHA256", "k", false},
	}
	for _, tt := range tests {
		s, err := NewSigner(tt.scheme, tt.key)
		if tt.ok {
			if err != nil || s == nil {
				t.Errorf("NewSigner(%q, %q) = %v, %v; want a signer", tt.scheme, tt.key, s, err)
			} else if s.Enabled() != (tt.key != "") {
				t.Errorf("NewSigner(%q, %q).Enabled() = %v", tt.scheme, tt.key, s.Enabled())
			}
			continue
		}
		if !errors.Is(err, ErrUnsupportedScheme) {
			t.Errorf("NewSigner(%q, %q) err = %v, want ErrUnsupportedScheme", tt.scheme, tt.key, err)
		}
	}
}

func TestSignerConcurrent(t *testing.T) {
	v := signVector
	s, err := NewSigner(SchemeHMACSHA256, v.key)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Go(func() {
			for range 200 {
				sig := s.Sign([]byte(v.header), []byte(v.parent), []byte(v.metadata), []byte(v.content))
				if string(sig) != v.sig {
					errs <- string(sig)
					return
				}
				if !s.Verify(sig, []byte(v.header), []byte(v.parent), []byte(v.metadata), []byte(v.content)) {
					errs <- "verify failed"
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("concurrent Sign/Verify: %s", e)
	}
}
