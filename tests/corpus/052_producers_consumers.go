// compare: lines
package main

import (
	"fmt"
	"sync"
)

type Item struct {
	Producer, Seq int
}

func main() {
	queue := make(chan Item, 4)
	var producers, consumers sync.WaitGroup
	for p := 1; p <= 2; p++ {
		producers.Add(1)
		go func() {
			defer producers.Done()
			for s := 1; s <= 4; s++ {
				queue <- Item{p, s}
			}
		}()
	}
	var mu sync.Mutex
	total := 0
	for range 3 {
		consumers.Add(1)
		go func() {
			defer consumers.Done()
			for it := range queue {
				fmt.Printf("consumed item %d-%d\n", it.Producer, it.Seq)
				mu.Lock()
				total++
				mu.Unlock()
			}
		}()
	}
	producers.Wait()
	close(queue)
	consumers.Wait()
	fmt.Println("total consumed:", total)
}
