// compare: exact
package main

import "fmt"

func fib(c chan<- int, quit <-chan struct{}) {
	x, y := 0, 1
	for {
		select {
		case c <- x:
			x, y = y, x+y
		case <-quit:
			fmt.Println("fib: quit")
			close(c)
			return
		}
	}
}

func main() {
	c := make(chan int)
	quit := make(chan struct{})
	go func() {
		for range 10 {
			fmt.Print(<-c, " ")
		}
		fmt.Println()
		quit <- struct{}{}
	}()
	fib(c, quit)
	_, ok := <-c
	fmt.Println("channel open:", ok)
}
