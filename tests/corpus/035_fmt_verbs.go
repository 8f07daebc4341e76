// compare: exact
package main

import "fmt"

type Point struct {
	X, Y int
}

type Temp float64

func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }

func main() {
	p := Point{1, 2}
	fmt.Printf("%v|%+v|%#v|%T\n", p, p, p, p)
	fmt.Printf("%d|%5d|%-5d|%05d|%x|%X|%o|%b\n", 42, 42, 42, 42, 255, 255, 8, 5)
	fmt.Printf("%f|%.2f|%8.3f|%e|%g\n", 3.14159, 3.14159, 3.14159, 1234.5678, 0.000012)
	fmt.Printf("%s|%q|%10s|%-10s|%.3s\n", "go", "go", "right", "left", "truncate")
	fmt.Printf("%c|%U|%q\n", 'G', 'G', 'G')
	fmt.Printf("%t|%v\n", true, false)
	fmt.Printf("%v|%d|%s\n", []int{1, 2}, []int{3, 4}, []string{"a", "b"})
	fmt.Printf("%x|% x|%X\n", "hi", []byte("hi"), "hi")
	fmt.Printf("%v|%s|%d\n", Temp(21.5), Temp(-3), 7)
	fmt.Printf("%6.2f%%\n", 99.5)
	fmt.Printf("%*d|%-*d|\n", 4, 7, 4, 7)
	var ip *int
	var e error
	fmt.Printf("%v|%v\n", ip, e)
	fmt.Printf("%v|%+v\n", &p, struct {
		A string
		B []int
	}{"x", nil})
	fmt.Printf("%d %d\n", 1)
	fmt.Printf("%d\n", "str")
	fmt.Println(fmt.Sprint("a", 1, 2, "b"), fmt.Sprintln("x", 3))
	fmt.Printf("%08.3f|%+d|% d\n", -3.5, 5, 5)
}
