package kernelspec

//go:generate go run ./internal/genlogo -dir .

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Name is the name under which install.sh registers the kernelspec.
const Name = "gocell"

// DisplayName is the name front ends show in their kernel menus.
const DisplayName = "Go (gocell)"

// Language is the language_info name the kernel announces.
const Language = "go"

// ConnectionFilePlaceholder is replaced by Jupyter with the path of the
// connection file when it starts the kernel.
const ConnectionFilePlaceholder = "{connection_file}"

//go:embed logo-32x32.png
var logo32 []byte

//go:embed logo-64x64.png
var logo64 []byte

// Spec is the content of kernel.json, as described in the Jupyter client
// documentation ("Kernel specs").
type Spec struct {
	Argv          []string       `json:"argv"`
	DisplayName   string         `json:"display_name"`
	Language      string         `json:"language"`
	InterruptMode string         `json:"interrupt_mode"`
	Metadata      map[string]any `json:"metadata,omitempty"`
}

// New returns the kernelspec that starts binary as the kernel.
// The kernel is interrupted by an interrupt_request message on the control
// channel, so interrupting works the same whoever started the kernel.
func New(binary string) Spec {
	return Spec{
		Argv:          []string{binary, "kernel", "--connection-file", ConnectionFilePlaceholder},
		DisplayName:   DisplayName,
		Language:      Language,
		InterruptMode: "message",
		Metadata:      map[string]any{"debugger": false},
	}
}

// Write writes kernel.json and the logos into dir, creating dir if needed.
// Existing files of the same names are replaced, so writing twice is safe.
//
// binary is the program Jupyter runs. A path that contains a separator is
// made absolute, because Jupyter starts kernels from any working directory;
// a bare name ("gocell") is kept and looked up in PATH when the kernel starts.
func Write(dir, binary string) error {
	if dir == "" {
		return errors.New("kernelspec: empty directory")
	}
	if binary == "" {
		return errors.New("kernelspec: empty binary path")
	}
	if strings.ContainsRune(binary, filepath.Separator) {
		abs, err := filepath.Abs(binary)
		if err != nil {
			return fmt.Errorf("kernelspec: %w", err)
		}
		binary = abs
	}
	data, err := json.MarshalIndent(New(binary), "", "  ")
	if err != nil {
		return fmt.Errorf("kernelspec: %w", err)
	}
	data = append(data, '\n')
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("kernelspec: %w", err)
	}
	files := []struct {
		name string
		data []byte
	}{
		{"kernel.json", data},
		{"logo-32x32.png", logo32},
		{"logo-64x64.png", logo64},
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o644); err != nil {
			return fmt.Errorf("kernelspec: %w", err)
		}
	}
	return nil
}
