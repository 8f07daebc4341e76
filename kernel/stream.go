package kernel

import (
	"fmt"
	"sync"
	"time"
	"unicode/utf8"
)

// maxStreamMessage is the largest text sent in one stream message; more is split.
const maxStreamMessage = 512 << 10

// A streamBuffer coalesces one cell's stdout and stderr bytes into few stream messages.
// Bytes wait at most one flush interval. A change of stream name flushes the other name
// first, so the order of stdout and stderr is kept. A UTF-8 character split across two
// writes is never split across two messages. Past the limit, bytes are counted and
// dropped.
type streamBuffer struct {
	interval time.Duration
	limit    int
	emit     func(name, text string) // called with mu held, so messages keep their order

	mu      sync.Mutex
	name    string
	buf     []byte
	timer   *time.Timer
	kept    int // bytes accepted so far
	dropped int // bytes dropped past the limit
}

func newStreamBuffer(interval time.Duration, limit int, emit func(name, text string)) *streamBuffer {
	return &streamBuffer{interval: interval, limit: limit, emit: emit}
}

// Write adds p to stream name.
func (s *streamBuffer) Write(name string, p []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(p) == 0 {
		return
	}
	if s.name != name && len(s.buf) > 0 {
		s.flushLocked(true)
	}
	s.name = name
	if room := s.limit - s.kept; len(p) > room {
		if room < 0 {
			room = 0
		}
		s.dropped += len(p) - room
		p = p[:room]
	}
	s.kept += len(p)
	s.buf = append(s.buf, p...)
	if len(s.buf) >= maxStreamMessage {
		s.flushLocked(false)
	}
	if len(s.buf) > 0 && s.timer == nil {
		s.timer = time.AfterFunc(s.interval, s.timerFlush)
	}
}

func (s *streamBuffer) timerFlush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.timer = nil
	s.flushLocked(false)
	if len(s.buf) > 0 {
		// Only an incomplete UTF-8 character is left: give it one more interval.
		s.timer = time.AfterFunc(s.interval, s.timerFlush)
	}
}

// Flush publishes everything buffered, including an incomplete character.
func (s *streamBuffer) Flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushLocked(true)
}

// End publishes everything buffered and, if output was dropped, says how much.
func (s *streamBuffer) End() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushLocked(true)
	if s.dropped > 0 {
		s.emit("stderr", fmt.Sprintf("\n[output limit: the cell printed more than %s; %s were not shown]\n",
			byteCount(s.limit), byteCount(s.dropped)))
		s.dropped = 0
	}
}

// flushLocked emits the buffer. Unless all is set, an incomplete UTF-8 character at the
// end stays for the next flush.
func (s *streamBuffer) flushLocked(all bool) {
	if s.timer != nil && all {
		s.timer.Stop()
		s.timer = nil
	}
	for len(s.buf) > 0 {
		n := len(s.buf)
		if n > maxStreamMessage {
			n = maxStreamMessage
		}
		if n < len(s.buf) || !all {
			n = completeUTF8(s.buf[:n])
			if n == 0 {
				if all {
					n = len(s.buf)
				} else {
					return
				}
			}
		}
		s.emit(s.name, string(s.buf[:n]))
		s.buf = s.buf[n:]
	}
	s.buf = nil
}

// completeUTF8 returns the length of the longest prefix of p that does not end inside a
// UTF-8 character.
func completeUTF8(p []byte) int {
	// Look back over at most UTFMax-1 bytes for the start of the last character.
	for i := len(p) - 1; i >= 0 && i >= len(p)-utf8.UTFMax; i-- {
		c := p[i]
		if c < utf8.RuneSelf {
			return len(p) // ASCII ends the buffer cleanly
		}
		if utf8.RuneStart(c) {
			if utf8.FullRune(p[i:]) {
				return len(p)
			}
			return i
		}
	}
	return len(p) // not valid UTF-8 at all: nothing to wait for
}

func byteCount(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
