// compare: exact
package main

import (
	"fmt"
	"time"
)

func slow(d time.Duration, v string) <-chan string {
	ch := make(chan string, 1)
	go func() {
		time.Sleep(d)
		ch <- v
	}()
	return ch
}

func fetch(d time.Duration) {
	select {
	case v := <-slow(d, "data"):
		fmt.Println("got", v)
	case <-time.After(100 * time.Millisecond):
		fmt.Println("timeout")
	}
}

func main() {
	fetch(5 * time.Millisecond)
	fetch(400 * time.Millisecond)
	never := make(chan int)
	select {
	case <-never:
		fmt.Println("impossible")
	case <-time.After(20 * time.Millisecond):
		fmt.Println("gave up waiting")
	}
}
