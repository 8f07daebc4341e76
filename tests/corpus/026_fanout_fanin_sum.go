// compare: exact
package main

import (
	"fmt"
	"sync"
)

func producer(n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 1; i <= n; i++ {
			out <- i
		}
	}()
	return out
}

func square(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for v := range in {
			out <- v * v
		}
	}()
	return out
}

func merge(cs ...<-chan int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	wg.Add(len(cs))
	for _, c := range cs {
		go func() {
			defer wg.Done()
			for v := range c {
				out <- v
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()
	return out
}

func main() {
	in := producer(100)
	workers := make([]<-chan int, 5)
	for i := range workers {
		workers[i] = square(in)
	}
	total, count := 0, 0
	for v := range merge(workers...) {
		total += v
		count++
	}
	fmt.Println("count:", count, "sum of squares 1..100:", total)
}
