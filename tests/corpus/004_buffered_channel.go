// compare: exact
package main

import "fmt"

func main() {
	ch := make(chan string, 3)
	fmt.Println("len", len(ch), "cap", cap(ch))
	ch <- "a"
	ch <- "b"
	fmt.Println("len", len(ch), "cap", cap(ch))
	ch <- "c"
	select {
	case ch <- "d":
		fmt.Println("sent d")
	default:
		fmt.Println("buffer full")
	}
	for len(ch) > 0 {
		fmt.Println("got", <-ch)
	}
	close(ch)
	v, ok := <-ch
	fmt.Printf("after close: %q %v\n", v, ok)
}
