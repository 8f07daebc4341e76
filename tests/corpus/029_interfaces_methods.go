// compare: exact
package main

import (
	"fmt"
	"math"
)

type Shape interface {
	Area() float64
	Perimeter() float64
}

type Rect struct{ W, H float64 }
type Circle struct{ R float64 }

func (r Rect) Area() float64        { return r.W * r.H }
func (r Rect) Perimeter() float64   { return 2 * (r.W + r.H) }
func (c Circle) Area() float64      { return math.Pi * c.R * c.R }
func (c Circle) Perimeter() float64 { return 2 * math.Pi * c.R }
func (c Circle) String() string     { return fmt.Sprintf("Circle(r=%g)", c.R) }

type Scaler interface{ Scale(f float64) }

func (r *Rect) Scale(f float64) { r.W *= f; r.H *= f }

func describe(s Shape) string {
	switch v := s.(type) {
	case Rect:
		return fmt.Sprintf("rect %gx%g", v.W, v.H)
	case *Rect:
		return fmt.Sprintf("rect pointer %gx%g", v.W, v.H)
	case fmt.Stringer:
		return v.String()
	}
	return "unknown"
}

func main() {
	r := &Rect{3, 4}
	shapes := []Shape{Rect{2, 5}, Circle{1}, r}
	for _, s := range shapes {
		fmt.Printf("%-22s area=%7.3f perim=%7.3f\n", describe(s), s.Area(), s.Perimeter())
	}
	var sc Scaler = r
	sc.Scale(2)
	fmt.Println(describe(r), r.Area())
	if _, ok := shapes[0].(Scaler); !ok {
		fmt.Println("a Rect value is not a Scaler")
	}
	var s Shape
	fmt.Println(s == nil)
}
