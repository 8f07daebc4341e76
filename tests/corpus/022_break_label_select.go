// compare: exact
package main

import "fmt"

func main() {
	data := make(chan int)
	quit := make(chan struct{})
	go func() {
		for i := 1; i <= 3; i++ {
			data <- i
		}
		close(quit)
	}()
	sum := 0
Loop:
	for {
		select {
		case v := <-data:
			fmt.Println("value", v)
			sum += v
		case <-quit:
			fmt.Println("quit")
			break Loop
		}
	}
	fmt.Println("sum", sum)

	ch := make(chan int, 10)
	for i := range 10 {
		ch <- i
	}
	close(ch)
Outer:
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				break Outer
			}
			if v%2 == 0 {
				continue Outer
			}
			if v > 6 {
				break Outer
			}
			fmt.Println("odd", v)
		}
	}
	fmt.Println("left in channel:", len(ch))
}
