// compare: exact
package main

import "fmt"

func tryRecv(ch chan int) {
	select {
	case v := <-ch:
		fmt.Println("received", v)
	default:
		fmt.Println("nothing ready")
	}
}

func trySend(ch chan int, v int) bool {
	select {
	case ch <- v:
		return true
	default:
		return false
	}
}

func main() {
	ch := make(chan int, 2)
	tryRecv(ch)
	for i := 1; i <= 3; i++ {
		fmt.Println("send", i, trySend(ch, i))
	}
	tryRecv(ch)
	tryRecv(ch)
	tryRecv(ch)
}
