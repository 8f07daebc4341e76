package sandbox

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"

	"golang.org/x/sys/unix"
)

// Default limits.
const (
	DefaultChildren = 64        // live child processes per kernel
	DefaultMemory   = 512 << 20 // bytes of memory per child
)

// ErrLimit is the error of a Start that would go beyond the limit on live
// child processes.
var ErrLimit = errors.New("sandbox: too many child processes")

// Limits bound what children may use. Zero fields mean the defaults.
type Limits struct {
	// Children is the most child processes alive at a time, counting the
	// children of children: all processes started by the kernel's sandbox.
	Children int `json:"children,omitempty"`
	// Memory is the most memory, in bytes, a child may allocate beyond what
	// it had when it started.
	Memory int64 `json:"memory,omitempty"`
}

func (l Limits) children() int {
	if l.Children <= 0 {
		return DefaultChildren
	}
	return l.Children
}

func (l Limits) memory() int64 {
	if l.Memory <= 0 {
		return DefaultMemory
	}
	return l.Memory
}

// stateEnv names the environment variable holding the state directory, for
// the processes a child starts.
const stateEnv = "GOCELL_SANDBOX_STATE"

// takeSlot takes one of n process slots of the kernel: an flock(2) lock on a
// file of the state directory, held by the returned file. The lock goes when
// the process exits, however it exits, so a slot can't leak.
func takeSlot(state string, n int) (*os.File, error) {
	dir := filepath.Join(state, "slots")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	for i := range n {
		f, err := os.OpenFile(filepath.Join(dir, strconv.Itoa(i)), os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("sandbox: %w", err)
		}
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return f, nil
		}
		f.Close()
		if !errors.Is(err, unix.EWOULDBLOCK) {
			return nil, fmt.Errorf("sandbox: taking a process slot: %w", err)
		}
	}
	return nil, fmt.Errorf("%w: %d are running, the limit (see sandbox.SetLimits)", ErrLimit, n)
}

// slotFree reports whether one of n process slots looks free now: Start
// checks it before starting a process that would only find the limit.
func slotFree(state string, n int) bool {
	dir := filepath.Join(state, "slots")
	for i := range n {
		f, err := os.OpenFile(filepath.Join(dir, strconv.Itoa(i)), os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return true // let the child find out, and say why
		}
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		f.Close() // releases the lock, if taken
		if err == nil {
			return true
		}
	}
	return false
}

// setMemoryLimit limits the address space of this process to what it has
// now plus limit bytes.
func setMemoryLimit(limit int64) error {
	size, err := vmSize()
	if err != nil {
		return err
	}
	v := uint64(size + limit)
	var old unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_AS, &old); err == nil && old.Max < v {
		// A child of a child inherits its parent's limit, and may not raise it.
		v = old.Max
	}
	debug.SetMemoryLimit(limit)
	if err := unix.Setrlimit(unix.RLIMIT_AS, &unix.Rlimit{Cur: v, Max: v}); err != nil {
		return fmt.Errorf("sandbox: limiting memory: %w", err)
	}
	return nil
}

// vmSize returns the size of this process's address space, in bytes.
func vmSize() (int64, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, fmt.Errorf("sandbox: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if v, ok := bytes.CutPrefix(sc.Bytes(), []byte("VmSize:")); ok {
			f := bytes.Fields(v)
			if len(f) > 0 {
				kb, err := strconv.ParseInt(string(f[0]), 10, 64)
				if err == nil {
					return kb << 10, nil
				}
			}
		}
	}
	return 0, errors.New("sandbox: no VmSize in /proc/self/status")
}

// setProcessName sets the name ps shows for this process: the comm of its
// main thread, at most 15 bytes.
func setProcessName(name string) {
	if name == "" {
		return
	}
	if len(name) > 15 {
		name = name[:15]
	}
	os.WriteFile("/proc/self/task/"+strconv.Itoa(os.Getpid())+"/comm", []byte(name), 0)
}
