// compare: exact
package main

import "fmt"

func count(n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 1; i <= n; i++ {
			out <- i
		}
	}()
	return out
}

func main() {
	sum := 0
	for v := range count(5) {
		fmt.Println("received", v)
		sum += v
	}
	fmt.Println("sum", sum)

	letters := make(chan rune, 5)
	for _, r := range "gopher" {
		if r == 'h' {
			break
		}
		letters <- r
	}
	close(letters)
	for r := range letters {
		fmt.Printf("%c", r)
	}
	fmt.Println()
}
