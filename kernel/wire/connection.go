package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
)

// ErrInvalidConnection reports a connection file or [ConnectionInfo] that
// cannot be used. Errors returned by [ReadConnectionFile],
// [ParseConnectionInfo] and [ConnectionInfo.Validate] wrap it.
var ErrInvalidConnection = errors.New("wire: invalid connection info")

// Transports named in a connection file.
const (
	TransportTCP = "tcp"
	TransportIPC = "ipc"
)

// ConnectionInfo is the content of a Jupyter connection file.
type ConnectionInfo struct {
	Transport       string `json:"transport"` // "tcp" or "ipc"
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	StdinPort       int    `json:"stdin_port"`
	IOPubPort       int    `json:"iopub_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"` // "hmac-sha256" or "" (no signing when Key is empty)
	KernelName      string `json:"kernel_name,omitempty"`
}

// ReadConnectionFile reads and validates the connection file at path.
// See [ParseConnectionInfo].
func ReadConnectionFile(path string) (ConnectionInfo, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return ConnectionInfo{}, fmt.Errorf("wire: read connection file: %w", err)
	}
	c, err := ParseConnectionInfo(data)
	if err != nil {
		return ConnectionInfo{}, fmt.Errorf("%w (file %s)", err, path)
	}
	return c, nil
}

// ParseConnectionInfo decodes and validates the JSON content of a
// connection file. An empty transport defaults to "tcp". Unknown fields are
// ignored. The returned error, if any, wraps [ErrInvalidConnection].
func ParseConnectionInfo(data []byte) (ConnectionInfo, error) {
	var c ConnectionInfo
	if err := json.Unmarshal(data, &c); err != nil {
		return ConnectionInfo{}, fmt.Errorf("%w: %w", ErrInvalidConnection, err)
	}
	if c.Transport == "" {
		c.Transport = TransportTCP
	}
	if err := c.Validate(); err != nil {
		return ConnectionInfo{}, err
	}
	return c, nil
}

// Validate reports whether c can be used: the transport is "tcp" or "ipc"
// (empty means "tcp"), the ip is not empty, every port is valid for the
// transport (1 to 65535 for tcp, positive for ipc) and distinct from the
// others, and the signature scheme is supported (see [NewSigner]).
// The returned error, if any, wraps [ErrInvalidConnection].
func (c ConnectionInfo) Validate() error {
	var maxPort int
	switch c.Transport {
	case "", TransportTCP:
		maxPort = 65535
	case TransportIPC:
		maxPort = int(^uint(0) >> 1)
	default:
		return fmt.Errorf("%w: unsupported transport %q", ErrInvalidConnection, c.Transport)
	}
	if c.IP == "" {
		return fmt.Errorf("%w: empty ip", ErrInvalidConnection)
	}
	ports := [...]struct {
		name string
		port int
	}{
		{"shell_port", c.ShellPort},
		{"control_port", c.ControlPort},
		{"stdin_port", c.StdinPort},
		{"iopub_port", c.IOPubPort},
		{"hb_port", c.HBPort},
	}
	for i, p := range ports {
		if p.port < 1 || p.port > maxPort {
			return fmt.Errorf("%w: %s %d out of range", ErrInvalidConnection, p.name, p.port)
		}
		for _, q := range ports[:i] {
			if q.port == p.port {
				return fmt.Errorf("%w: %s and %s are both %d", ErrInvalidConnection, q.name, p.name, p.port)
			}
		}
	}
	if err := checkScheme(c.SignatureScheme); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidConnection, err)
	}
	return nil
}

// Signer returns a [Signer] for the connection's key and signature scheme.
func (c ConnectionInfo) Signer() (*Signer, error) {
	return NewSigner(c.SignatureScheme, c.Key)
}

// Endpoint returns the ZeroMQ endpoint for one of the connection's ports.
// For tcp it is "tcp://<ip>:<port>", with an IPv6 address in brackets
// ("tcp://[::1]:5555"). For ipc it is "ipc://<ip>-<port>": following
// jupyter_client, the ip field is then a path prefix. Any transport other
// than "ipc", including an empty one, is taken as tcp.
func (c ConnectionInfo) Endpoint(port int) string {
	p := strconv.Itoa(port)
	if c.Transport == TransportIPC {
		return "ipc://" + c.IP + "-" + p
	}
	host := c.IP
	if len(host) >= 2 && host[0] == '[' && host[len(host)-1] == ']' {
		host = host[1 : len(host)-1]
	}
	return "tcp://" + net.JoinHostPort(host, p)
}
