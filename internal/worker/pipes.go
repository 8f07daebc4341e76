package worker

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// outputPipes reads the worker's standard output and error. Reads happen only with mu
// held, so Drain can promise that every byte written before it was called has been
// delivered: an event the worker sends after printing is handled only after what it
// printed.
type outputPipes struct {
	fds     [2]int // read ends: stdout, stderr
	names   [2]string
	wake    [2]int // a pipe that interrupts poll when the reader must stop
	deliver func(name string, p []byte)

	mu   sync.Mutex
	open [2]bool
	buf  []byte
	done chan struct{}
}

// newOutputPipes makes the two pipes; the returned files are the write ends to hand to
// the worker, to be closed by the caller once the worker has started.
func newOutputPipes(deliver func(name string, p []byte)) (*outputPipes, *os.File, *os.File, error) {
	o := &outputPipes{names: [2]string{"stdout", "stderr"}, deliver: deliver, buf: make([]byte, 64<<10), done: make(chan struct{})}
	var w [2]*os.File
	for i := range 2 {
		var p [2]int
		if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
			o.closeAll()
			return nil, nil, nil, fmt.Errorf("pipe: %w", err)
		}
		if err := unix.SetNonblock(p[0], true); err != nil {
			unix.Close(p[0])
			unix.Close(p[1])
			o.closeAll()
			return nil, nil, nil, fmt.Errorf("pipe: %w", err)
		}
		o.fds[i], o.open[i] = p[0], true
		w[i] = os.NewFile(uintptr(p[1]), o.names[i])
	}
	if err := unix.Pipe2(o.wake[:], unix.O_CLOEXEC|unix.O_NONBLOCK); err != nil {
		o.closeAll()
		return nil, nil, nil, fmt.Errorf("pipe: %w", err)
	}
	return o, w[0], w[1], nil
}

func (o *outputPipes) closeAll() {
	for i := range 2 {
		if o.open[i] {
			unix.Close(o.fds[i])
			o.open[i] = false
		}
	}
}

// run reads until both pipes reach end of file or Stop is called.
func (o *outputPipes) run() {
	defer close(o.done)
	for {
		o.mu.Lock()
		var pfds []unix.PollFd
		for i := range 2 {
			if o.open[i] {
				pfds = append(pfds, unix.PollFd{Fd: int32(o.fds[i]), Events: unix.POLLIN})
			}
		}
		o.mu.Unlock()
		if len(pfds) == 0 {
			return
		}
		pfds = append(pfds, unix.PollFd{Fd: int32(o.wake[0]), Events: unix.POLLIN})
		if _, err := unix.Poll(pfds, -1); err != nil && !errors.Is(err, unix.EINTR) {
			return
		}
		if pfds[len(pfds)-1].Revents != 0 {
			return
		}
		o.Drain()
	}
}

// Drain delivers everything that can be read now without waiting.
func (o *outputPipes) Drain() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i := range 2 {
		for o.open[i] {
			n, err := unix.Read(o.fds[i], o.buf)
			if n > 0 {
				o.deliver(o.names[i], o.buf[:n])
				continue
			}
			if errors.Is(err, unix.EAGAIN) || errors.Is(err, unix.EINTR) {
				break
			}
			// End of file, or an error: nothing more will come.
			unix.Close(o.fds[i])
			o.open[i] = false
		}
	}
}

// Stop ends the reader and closes the pipes. Output still unread is lost.
func (o *outputPipes) Stop() {
	unix.Write(o.wake[1], []byte{0})
	<-o.done
	o.mu.Lock()
	o.closeAll()
	o.mu.Unlock()
	unix.Close(o.wake[0])
	unix.Close(o.wake[1])
}
