package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedLogosAreCurrent fails when the PNGs next to kernelspec.go
// were not regenerated after a change to this program.
func TestCommittedLogosAreCurrent(t *testing.T) {
	for _, size := range Sizes {
		want, err := Encode(size)
		if err != nil {
			t.Fatal(err)
		}
		name := FileName(size)
		got, err := os.ReadFile(filepath.Join("..", "..", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is out of date: run `go generate ./kernel/kernelspec`", name)
		}
	}
}

func TestRenderShape(t *testing.T) {
	for _, size := range Sizes {
		img := Render(size)
		if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
			t.Fatalf("size %d: bounds %v", size, b)
		}
		// Corners are transparent (rounded), the middle of the left edge is
		// opaque cyan, and the first prompt square is opaque white.
		if a := img.NRGBAAt(0, 0).A; a != 0 {
			t.Errorf("size %d: corner alpha %d, want 0", size, a)
		}
		if c := img.NRGBAAt(0, size/2); c.A != 255 || c.R != 0x00 || c.G != 0xAD || c.B != 0xD8 {
			t.Errorf("size %d: edge pixel %v, want opaque #00ADD8", size, c)
		}
		u := size / grid
		if c := img.NRGBAAt(4*u, 5*u); c.A != 255 || c.R != 255 || c.G != 255 || c.B != 255 {
			t.Errorf("size %d: prompt pixel %v, want opaque white", size, c)
		}
	}
}
