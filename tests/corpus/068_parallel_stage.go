// compare: lines
package main

import (
	"fmt"
	"sync"
)

type pair struct{ in, out int }

func main() {
	src := make(chan int)
	go func() {
		defer close(src)
		for i := 1; i <= 8; i++ {
			src <- i
		}
	}()
	squares := make(chan pair)
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range src {
				squares <- pair{n, n * n}
			}
		}()
	}
	go func() { wg.Wait(); close(squares) }()
	sum := 0
	for p := range squares {
		fmt.Printf("square(%d) = %d\n", p.in, p.out)
		sum += p.out
	}
	fmt.Println("sum =", sum)
}
