package eval

import "testing"

// TestTypeNamesInFormats checks %T and %#v of the notebook's struct types
// against what Go prints for the same code.
func TestTypeNamesInFormats(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun(`import "fmt"
type Point struct{ X, Y int }
p := Point{1, 2}
fmt.Printf("%T|%#v|%v\n", p, p, p)`)
	ts.mustRun(`type Line struct{ A, B Point }
s := fmt.Sprintf("%T %#v %-8T|", []Point{{1, 2}}, &Line{B: Point{3, 4}}, p)
fmt.Println(s)
fmt.Printf("%d%%|%*d|%T\n", 5, 3, 7, p)`)
	want := "main.Point|main.Point{X:1, Y:2}|{1 2}\n" +
		"[]main.Point &main.Line{A:main.Point{X:0, Y:0}, B:main.Point{X:3, Y:4}} main.Point|\n" +
		// A format with '*' is left alone.
		"5%|  7|struct { X int; Y int }\n"
	if out, _ := ts.output(); out != want {
		t.Errorf("output\n%q\nwant\n%q", out, want)
	}
}

func TestScanVerbs(t *testing.T) {
	vs, ok := scanVerbs("a %d %% %-5.2f %#v %T")
	if !ok || len(vs) != 4 || vs[2].flags != "#" || vs[3].verb != 'T' || vs[1].width != "5.2" {
		t.Errorf("scanVerbs = %+v, %v", vs, ok)
	}
	if _, ok := scanVerbs("%[1]d %*d"); ok {
		t.Error("indexed formats are not scanned")
	}
}
