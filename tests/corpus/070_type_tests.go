// compare: exact
package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

type Shape interface{ Area() float64 }
type Scaler interface{ Scale(f float64) }

type Rect struct{ W, H float64 }
type Circle struct{ R float64 }
type Base struct{ ID int }
type Job struct {
	Base
	Name string
}
type NotFound struct{ Key string }
type reader struct{}

func (r Rect) Area() float64      { return r.W * r.H }
func (r *Rect) Scale(f float64)   { r.W *= f; r.H *= f }
func (c Circle) Area() float64    { return 3 * c.R * c.R }
func (c Circle) String() string   { return fmt.Sprintf("Circle(%g)", c.R) }
func (b Base) Describe() string   { return fmt.Sprint("item ", b.ID) }
func (e *NotFound) Error() string { return e.Key + " not found" }
func (reader) Read(p []byte) (int, error) {
	return 0, io.EOF
}

func kind(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case error:
		return "error: " + x.Error()
	case fmt.Stringer:
		return "stringer: " + x.String()
	case Scaler:
		x.Scale(2)
		return "scaler"
	case Shape:
		return fmt.Sprint("shape with area ", x.Area())
	case io.Reader:
		n, err := x.Read(make([]byte, 4))
		return fmt.Sprint("reader ", n, err)
	case interface{ Describe() string }:
		return "describer: " + x.Describe()
	case int, string:
		return fmt.Sprintf("int or string %v", x)
	default:
		return fmt.Sprintf("other %v", x)
	}
}

func lookup(key string) error {
	if key == "" {
		return errors.New("empty key")
	}
	return &NotFound{key}
}

func main() {
	vals := []any{nil, Rect{2, 3}, &Rect{1, 1}, Circle{1}, errors.New("plain"), &NotFound{"k"},
		reader{}, Job{Base{7}, "build"}, &Job{Base{8}, "test"}, 42, "hi", 2.5, time.Second, []int{1}}
	for i, v := range vals {
		fmt.Println(i, kind(v))
	}

	// Comma-ok assertions.
	var s Shape = Rect{1, 2}
	_, ok := s.(Scaler)
	fmt.Println("Rect is a Scaler:", ok)
	s = &Rect{1, 2}
	sc, ok := s.(Scaler)
	fmt.Println("*Rect is a Scaler:", ok)
	sc.Scale(3)
	fmt.Println(s.Area())
	var none Shape
	_, ok = none.(fmt.Stringer)
	fmt.Println("nil is a Stringer:", ok)
	if st, ok := any(Circle{2}).(fmt.Stringer); ok {
		fmt.Println("Circle is a Stringer:", st.String())
	}
	var sb strings.Builder
	sb.WriteString("built")
	var w any = &sb
	fmt.Println(w.(fmt.Stringer).String())

	// An error's concrete type.
	for _, key := range []string{"", "cfg"} {
		err := lookup(key)
		var nf *NotFound
		switch e := err.(type) {
		case *NotFound:
			nf = e
			fmt.Println("not found:", e.Key)
		default:
			fmt.Println("other error:", e)
		}
		fmt.Println(nf != nil)
	}

	// A failed assertion panics with Go's message.
	defer func() {
		fmt.Println("recovered:", recover())
	}()
	var a any = Rect{1, 1}
	_ = a.(Scaler)
}
