// compare: exact
package main

import "fmt"

// Range values of types with methods, kept in interfaces: each element is
// its own iteration's value.

type Shape interface{ Area() int }

type Square struct{ Side int }
type Rect struct{ W, H int }

func (s Square) Area() int { return s.Side * s.Side }
func (r Rect) Area() int   { return r.W * r.H }

func total(shapes ...Shape) int {
	sum := 0
	for _, s := range shapes {
		sum += s.Area()
	}
	return sum
}

func main() {
	squares := []Square{{1}, {2}, {3}}
	var shapes []Shape
	var boxes []any
	byIndex := map[int]Shape{}
	ch := make(chan Shape, len(squares))
	for i, sq := range squares {
		shapes = append(shapes, sq)
		boxes = append(boxes, sq)
		byIndex[i] = sq
		ch <- sq
	}
	close(ch)
	for _, s := range shapes {
		fmt.Print(s.Area(), " ")
	}
	fmt.Println()
	fmt.Println(boxes, byIndex[0].Area(), byIndex[2].Area())
	for s := range ch {
		fmt.Print(s.Area(), " ")
	}
	fmt.Println()
	fmt.Println(total(shapes...), total(Rect{2, 3}, Square{4}))
	pairs := []struct {
		name  string
		shape Shape
	}{}
	for _, r := range []Rect{{1, 2}, {3, 4}} {
		pairs = append(pairs, struct {
			name  string
			shape Shape
		}{fmt.Sprint("rect", r.W), r})
	}
	for _, p := range pairs {
		fmt.Println(p.name, p.shape.Area())
	}
}
