package kernel

import (
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

type emitted struct {
	mu   sync.Mutex
	msgs [][2]string
}

func (e *emitted) emit(name, text string) {
	e.mu.Lock()
	e.msgs = append(e.msgs, [2]string{name, text})
	e.mu.Unlock()
}

func (e *emitted) all() [][2]string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([][2]string(nil), e.msgs...)
}

func TestStreamNeverSplitsACharacter(t *testing.T) {
	var e emitted
	// An interval this long never fires during the test: only explicit flushes emit.
	s := newStreamBuffer(time.Hour, 1<<20, e.emit)
	word := "日本語"
	b := []byte(word)
	s.Write("stdout", b[:4]) // 日 and the first byte of 本
	s.flushLockedForTest(false)
	s.Write("stdout", b[4:])
	s.End()
	msgs := e.all()
	if len(msgs) != 2 {
		t.Fatalf("messages = %q", msgs)
	}
	for _, m := range msgs {
		if !utf8.ValidString(m[1]) {
			t.Errorf("message %q is not valid UTF-8", m[1])
		}
	}
	if msgs[0][1]+msgs[1][1] != word {
		t.Errorf("got %q", msgs)
	}
}

func TestStreamTimerFlush(t *testing.T) {
	got := make(chan string, 10)
	s := newStreamBuffer(10*time.Millisecond, 1<<20, func(name, text string) { got <- text })
	s.Write("stdout", []byte("a"))
	s.Write("stdout", []byte("b"))
	select {
	case text := <-got:
		if text != "ab" {
			t.Errorf("flushed %q", text)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the timer never flushed")
	}
}

func TestStreamKeepsOrderAcrossNames(t *testing.T) {
	var e emitted
	s := newStreamBuffer(time.Hour, 1<<20, e.emit)
	s.Write("stdout", []byte("1"))
	s.Write("stdout", []byte("2"))
	s.Write("stderr", []byte("3"))
	s.Write("stdout", []byte("4"))
	s.End()
	var got []string
	for _, m := range e.all() {
		got = append(got, m[0]+":"+m[1])
	}
	if strings.Join(got, " ") != "stdout:12 stderr:3 stdout:4" {
		t.Errorf("got %v", got)
	}
}

func TestStreamLimit(t *testing.T) {
	var e emitted
	s := newStreamBuffer(time.Hour, 10, e.emit)
	s.Write("stdout", []byte("0123456789abcdef"))
	s.Write("stdout", []byte("more"))
	s.End()
	msgs := e.all()
	if len(msgs) != 2 || msgs[0][1] != "0123456789" {
		t.Fatalf("got %q", msgs)
	}
	if msgs[1][0] != "stderr" || !strings.Contains(msgs[1][1], "10 bytes were not shown") {
		t.Errorf("notice = %q", msgs[1][1])
	}
}

func TestStreamSplitsHugeOutput(t *testing.T) {
	var e emitted
	s := newStreamBuffer(time.Hour, 8<<20, e.emit)
	big := strings.Repeat("é", maxStreamMessage) // 2 bytes each: several messages
	s.Write("stdout", []byte(big))
	s.End()
	var b strings.Builder
	for _, m := range e.all() {
		if len(m[1]) > maxStreamMessage || !utf8.ValidString(m[1]) {
			t.Fatalf("message of %d bytes, valid %v", len(m[1]), utf8.ValidString(m[1]))
		}
		b.WriteString(m[1])
	}
	if b.String() != big {
		t.Error("output differs")
	}
}

func (s *streamBuffer) flushLockedForTest(all bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushLocked(all)
}
