package kernelspec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "spec") // Write creates missing directories
	const binary = "/opt/gocell/bin/gocell"
	if err := Write(dir, binary); err != nil {
		t.Fatal(err)
	}

	data, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Argv          []string       `json:"argv"`
		DisplayName   string         `json:"display_name"`
		Language      string         `json:"language"`
		InterruptMode string         `json:"interrupt_mode"`
		Metadata      map[string]any `json:"metadata"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&spec); err != nil {
		t.Fatalf("kernel.json: %v\n%s", err, data)
	}
	wantArgv := []string{binary, "kernel", "--connection-file", "{connection_file}"}
	if !reflect.DeepEqual(spec.Argv, wantArgv) {
		t.Errorf("argv = %q, want %q", spec.Argv, wantArgv)
	}
	if spec.DisplayName != "Go (gocell)" {
		t.Errorf("display_name = %q", spec.DisplayName)
	}
	if spec.Language != "go" {
		t.Errorf("language = %q", spec.Language)
	}
	if spec.InterruptMode != "message" {
		t.Errorf("interrupt_mode = %q", spec.InterruptMode)
	}
	if !bytes.HasPrefix(data, []byte("{\n  \"argv\"")) {
		t.Errorf("kernel.json is not indented:\n%s", data)
	}

	for _, size := range []int{32, 64} {
		name := filepath.Join(dir, fmt.Sprintf("logo-%dx%d.png", size, size))
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if cfg.Width != size || cfg.Height != size {
			t.Errorf("%s: %dx%d, want %dx%d", name, cfg.Width, cfg.Height, size, size)
		}
		f, _ = os.Open(name)
		_, err = png.Decode(f)
		f.Close()
		if err != nil {
			t.Errorf("%s: decode: %v", name, err)
		}
	}
}

func TestWriteTwiceReplaces(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, "/first/gocell"); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, "/second/gocell"); err != nil {
		t.Fatal(err)
	}
	var spec Spec
	data, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		t.Fatal(err)
	}
	if spec.Argv[0] != "/second/gocell" {
		t.Errorf("argv[0] = %q after second Write", spec.Argv[0])
	}
}

func TestWriteMakesRelativePathAbsolute(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, filepath.Join("bin", "gocell")); err != nil {
		t.Fatal(err)
	}
	var spec Spec
	data, _ := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err := json.Unmarshal(data, &spec); err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(spec.Argv[0]) {
		t.Errorf("argv[0] = %q, want an absolute path", spec.Argv[0])
	}
}

func TestWriteRejectsEmpty(t *testing.T) {
	if err := Write("", "/bin/gocell"); err == nil {
		t.Error("Write with empty dir succeeded")
	}
	if err := Write(t.TempDir(), ""); err == nil {
		t.Error("Write with empty binary succeeded")
	}
}
