package kernel

import (
	"errors"
	"fmt"
	"io"
	"net"
	"sync"

	"github.com/go-zeromq/zmq4"
)

// errSocketClosed reports that a socket was closed, so its reader should stop.
var errSocketClosed = errors.New("socket closed")

// A socket is one bound channel. Sends are serialised; receives happen on one goroutine.
type socket struct {
	name string
	zs   zmq4.Socket
	mu   sync.Mutex
}

func (s *socket) send(frames [][]byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.zs.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		return fmt.Errorf("send on %s: %w", s.name, err)
	}
	return nil
}

func (s *socket) recv() ([][]byte, error) {
	msg, err := s.zs.Recv()
	if err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || errors.Is(err, errors.ErrUnsupported) {
			return nil, fmt.Errorf("recv on %s: %w: %w", s.name, errSocketClosed, err)
		}
		return nil, fmt.Errorf("recv on %s: %w", s.name, err)
	}
	return msg.Frames, nil
}
