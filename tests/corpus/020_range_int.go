// compare: exact
package main

import "fmt"

const N = 4

func main() {
	for i := range 3 {
		fmt.Print(i, " ")
	}
	fmt.Println()

	n := 5
	total := 0
	for i := range n {
		total += i
	}
	fmt.Println("total", total)

	count := 0
	for range N {
		count++
	}
	fmt.Println("count", count)

	var u uint8 = 3
	for i := range u {
		fmt.Printf("%T %v\n", i, i)
	}

	for i := range 0 {
		fmt.Println("never", i)
	}

	var fs []func() int
	for i := range 3 {
		fs = append(fs, func() int { return i })
	}
	for _, f := range fs {
		fmt.Print(f())
	}
	fmt.Println()
}
