// compare: lines
package main

import (
	"fmt"
	"time"
)

func talker(name string, n int, d time.Duration) <-chan string {
	c := make(chan string)
	go func() {
		for i := range n {
			c <- fmt.Sprintf("%s says %d", name, i)
			time.Sleep(d)
		}
		close(c)
	}()
	return c
}

func fanIn(a, b <-chan string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for a != nil || b != nil {
			select {
			case s, ok := <-a:
				if !ok {
					a = nil
					continue
				}
				out <- s
			case s, ok := <-b:
				if !ok {
					b = nil
					continue
				}
				out <- s
			}
		}
	}()
	return out
}

func main() {
	for s := range fanIn(talker("joe", 4, 3*time.Millisecond), talker("ann", 3, 5*time.Millisecond)) {
		fmt.Println(s)
	}
	fmt.Println("both quiet")
}
