// compare: lines
package main

import (
	"fmt"
	"sync"
	"time"
)

func run(id int, d time.Duration) <-chan int {
	ch := make(chan int, 1)
	go func() {
		time.Sleep(d)
		ch <- id * 100
	}()
	return ch
}

func main() {
	durations := []time.Duration{1, 600, 2, 700, 3}
	var wg sync.WaitGroup
	for i, ms := range durations {
		wg.Add(1)
		go func() {
			defer wg.Done()
			timer := time.NewTimer(150 * time.Millisecond)
			defer timer.Stop()
			select {
			case v := <-run(i, ms*time.Millisecond):
				fmt.Printf("task %d returned %d\n", i, v)
			case <-timer.C:
				fmt.Printf("task %d timed out\n", i)
			}
		}()
	}
	wg.Wait()
	fmt.Println("all tasks accounted for")
}
