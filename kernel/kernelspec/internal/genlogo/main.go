// Command genlogo draws the gocell kernel logos, logo-32x32.png and
// logo-64x64.png: a rounded square in Go's cyan (#00ADD8) with three
// white notebook cells, each a small prompt square and a bar.
//
// It is run by `go generate` in kernel/kernelspec:
//
//	go run ./internal/genlogo -dir .
//
// The drawing is defined on a 16×16 grid, so every straight edge falls on a
// pixel boundary at both 32 and 64 pixels; rounded corners are anti-aliased
// by supersampling each pixel.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
)

// Sizes are the logo sizes Jupyter looks for in a kernelspec.
var Sizes = []int{32, 64}

// grid is the number of drawing units across the logo.
const grid = 16

// samples is the number of subsamples per pixel along each axis.
const samples = 16

// rrect is a rectangle with rounded corners, in grid units.
type rrect struct {
	x0, y0, x1, y1, r float64
}

// inside reports whether the point (x, y) lies inside the rectangle.
func (q rrect) inside(x, y float64) bool {
	if x < q.x0 || x > q.x1 || y < q.y0 || y > q.y1 {
		return false
	}
	// Distance to the inner rectangle shrunk by r; inside when ≤ r.
	dx := math.Max(math.Max(q.x0+q.r-x, x-(q.x1-q.r)), 0)
	dy := math.Max(math.Max(q.y0+q.r-y, y-(q.y1-q.r)), 0)
	return dx*dx+dy*dy <= q.r*q.r
}

var (
	cyan  = [3]float64{0x00, 0xAD, 0xD8}
	white = [3]float64{0xFF, 0xFF, 0xFF}

	background = rrect{0, 0, 16, 16, 3.5}

	// Three cells: a prompt square at the left and a bar of varying length.
	cells = []rrect{
		{3, 4, 5, 6, 0.5}, {6, 4, 13, 6, 0.5},
		{3, 7, 5, 9, 0.5}, {6, 7, 11, 9, 0.5},
		{3, 10, 5, 12, 0.5}, {6, 10, 12, 12, 0.5},
	}
)

// coverage returns the fraction of pixel (px, py) covered by any of shapes,
// for a logo of size pixels.
func coverage(size, px, py int, shapes []rrect) float64 {
	scale := float64(grid) / float64(size)
	n := 0
	for sy := 0; sy < samples; sy++ {
		y := (float64(py) + (float64(sy)+0.5)/samples) * scale
		for sx := 0; sx < samples; sx++ {
			x := (float64(px) + (float64(sx)+0.5)/samples) * scale
			for _, s := range shapes {
				if s.inside(x, y) {
					n++
					break
				}
			}
		}
	}
	return float64(n) / (samples * samples)
}

// Render draws the logo at size×size pixels.
func Render(size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			bg := coverage(size, px, py, []rrect{background})
			fg := coverage(size, px, py, cells)
			// Premultiplied "over": white cells on the cyan square.
			alpha := fg + bg*(1-fg)
			if alpha == 0 {
				continue
			}
			var c [3]uint8
			for i := range c {
				v := (white[i]*fg + cyan[i]*bg*(1-fg)) / alpha
				c[i] = uint8(math.Round(v))
			}
			img.SetNRGBA(px, py, color.NRGBA{c[0], c[1], c[2], uint8(math.Round(alpha * 255))})
		}
	}
	return img
}

// Encode returns the PNG encoding of the logo at size pixels.
func Encode(size int) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, Render(size)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// FileName returns the kernelspec file name of the logo at size pixels.
func FileName(size int) string {
	return fmt.Sprintf("logo-%dx%d.png", size, size)
}

func main() {
	dir := flag.String("dir", ".", "directory to write the logos into")
	flag.Parse()
	for _, size := range Sizes {
		data, err := Encode(size)
		if err != nil {
			fmt.Fprintln(os.Stderr, "genlogo:", err)
			os.Exit(1)
		}
		name := filepath.Join(*dir, FileName(size))
		if err := os.WriteFile(name, data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "genlogo:", err)
			os.Exit(1)
		}
	}
}
