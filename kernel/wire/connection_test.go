package wire

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

const sampleConnection = `{
  "shell_port": 53794,
  "iopub_port": 53795,
  "stdin_port": 53796,
  "control_port": 53797,
  "hb_port": 53798,
  "ip": "127.0.0.1",
  "key": "a0436f6c-1916-498b-8eb9-e81ab9368e84",
  "transport": "tcp",
  "signature_scheme": "hmac-sha256",
  "kernel_name": "gocell",
  "jupyter_session": "/home/alice/Untitled.ipynb"
}`

func TestParseConnectionInfo(t *testing.T) {
	c, err := ParseConnectionInfo([]byte(sampleConnection))
	if err != nil {
		t.Fatalf("ParseConnectionInfo: %v", err)
	}
	want := ConnectionInfo{
		Transport:       "tcp",
		IP:              "127.0.0.1",
		ShellPort:       53794,
		ControlPort:     53797,
		StdinPort:       53796,
		IOPubPort:       53795,
		HBPort:          53798,
		Key:             "a0436f6c-1916-498b-8eb9-e81ab9368e84",
		SignatureScheme: "hmac-sha256",
		KernelName:      "gocell",
	}
	if c != want {
		t.Errorf("got %+v\nwant %+v", c, want)
	}
}

func TestParseConnectionInfoDefaults(t *testing.T) {
	c, err := ParseConnectionInfo([]byte(`{"ip":"127.0.0.1","shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5,"key":"","signature_scheme":""}`))
	if err != nil {
		t.Fatalf("ParseConnectionInfo: %v", err)
	}
	if c.Transport != "tcp" {
		t.Errorf("Transport = %q, want tcp", c.Transport)
	}
	s, err := c.Signer()
	if err != nil {
		t.Fatalf("Signer: %v", err)
	}
	if s.Enabled() {
		t.Error("signer with empty key is enabled")
	}
}

func TestParseConnectionInfoErrors(t *testing.T) {
	const ports = `"shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4`
	tests := []struct {
		name string
		json string
		want error // besides ErrInvalidConnection
	}{
		{"not JSON", `{"ip":`, nil},
		{"port not a number", `{"ip":"127.0.0.1",` + ports + `,"hb_port":"5"}`, nil},
		{"bad transport", `{"transport":"udp","ip":"127.0.0.1",` + ports + `,"hb_port":5}`, nil},
		{"empty ip", `{"ip":"",` + ports + `,"hb_port":5}`, nil},
		{"missing ip", `{` + ports + `,"hb_port":5}`, nil},
		{"port zero", `{"ip":"127.0.0.1",` + ports + `,"hb_port":0}`, nil},
		{"missing port", `{"ip":"127.0.0.1",` + ports + `}`, nil},
		{"negative port", `{"ip":"127.0.0.1",` + ports + `,"hb_port":-5}`, nil},
		{"tcp port too large", `{"ip":"127.0.0.1",` + ports + `,"hb_port":65536}`, nil},
		{"ipc port zero", `{"transport":"ipc","ip":"/tmp/k",` + ports + `,"hb_port":0}`, nil},
		{"duplicate ports", `{"ip":"127.0.0.1",` + ports + `,"hb_port":1}`, nil},
		{"unsupported scheme", `{"ip":"127.0.0.1",` + ports + `,"hb_port":5,"key":"k","signature_scheme":"hmac-md5"}`, ErrUnsupportedScheme},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseConnectionInfo([]byte(tt.json))
			if !errors.Is(err, ErrInvalidConnection) {
				t.Fatalf("err = %v, want ErrInvalidConnection (got info %+v)", err, c)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestParseConnectionInfoIPCLargePort(t *testing.T) {
	c, err := ParseConnectionInfo([]byte(`{"transport":"ipc","ip":"/tmp/kernel","shell_port":70001,"control_port":70002,"stdin_port":70003,"iopub_port":70004,"hb_port":70005,"key":"k","signature_scheme":"hmac-sha256"}`))
	if err != nil {
		t.Fatalf("ParseConnectionInfo: %v", err)
	}
	if got, want := c.Endpoint(c.HBPort), "ipc:///tmp/kernel-70005"; got != want {
		t.Errorf("Endpoint = %q, want %q", got, want)
	}
}

func TestReadConnectionFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kernel-1.json")
	if err := os.WriteFile(path, []byte(sampleConnection), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := ReadConnectionFile(path)
	if err != nil {
		t.Fatalf("ReadConnectionFile: %v", err)
	}
	if c.ShellPort != 53794 || c.Key == "" {
		t.Errorf("unexpected info %+v", c)
	}

	_, err = ReadConnectionFile(filepath.Join(dir, "missing.json"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: err = %v, want fs.ErrNotExist", err)
	}

	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"ip":""}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err = ReadConnectionFile(bad); !errors.Is(err, ErrInvalidConnection) {
		t.Errorf("invalid file: err = %v, want ErrInvalidConnection", err)
	}
}

func TestEndpoint(t *testing.T) {
	tests := []struct {
		transport, ip string
		port          int
		want          string
	}{
		{"tcp", "127.0.0.1", 5555, "tcp://127.0.0.1:5555"},
		{"", "127.0.0.1", 5555, "tcp://127.0.0.1:5555"},
		{"tcp", "0.0.0.0", 1, "tcp://0.0.0.0:1"},
		{"tcp", "*", 65535, "tcp://*:65535"},
		{"tcp", "localhost", 80, "tcp://localhost:80"},
		{"tcp", "::1", 5555, "tcp://[::1]:5555"},
		{"tcp", "[::1]", 5555, "tcp://[::1]:5555"},
		{"tcp", "fe80::1%eth0", 9, "tcp://[fe80::1%eth0]:9"},
		{"ipc", "/tmp/kernel-abc", 1, "ipc:///tmp/kernel-abc-1"},
		{"ipc", "kernel-ipc", 42, "ipc://kernel-ipc-42"},
	}
	for _, tt := range tests {
		c := ConnectionInfo{Transport: tt.transport, IP: tt.ip}
		if got := c.Endpoint(tt.port); got != tt.want {
			t.Errorf("Endpoint(%q, %q, %d) = %q, want %q", tt.transport, tt.ip, tt.port, got, tt.want)
		}
	}
}
