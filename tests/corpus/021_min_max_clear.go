// compare: exact
package main

import "fmt"

func main() {
	fmt.Println(min(3, 1, 2), max(3, 1, 2))
	fmt.Println(min(2.5, 1.5), max(2.5, 7))
	fmt.Println(min("pear", "apple", "fig"), max("pear", "apple", "fig"))
	a, b := 10, -4
	fmt.Println(min(a, b), max(a, b, 0))
	var x int8 = 5
	fmt.Printf("%T %v\n", max(x, 9), max(x, 9))

	m := map[string]int{"a": 1, "b": 2}
	clear(m)
	fmt.Println(len(m), m)
	m["c"] = 3
	fmt.Println(m)

	s := []int{1, 2, 3}
	clear(s)
	fmt.Println(len(s), s)

	lo, hi := 0, 100
	for _, v := range []int{42, -7, 300} {
		fmt.Println(v, "clamped:", max(lo, min(v, hi)))
	}
}
