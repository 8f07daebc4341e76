// compare: exact
package main

import (
	"fmt"
	"sync"
)

func square(n int) int { return n * n }

func main() {
	results := make([]int, 10)
	var wg sync.WaitGroup
	for i := 0; i < len(results); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = square(i)
		}()
	}
	wg.Wait()
	fmt.Println(results)
	total := 0
	for _, r := range results {
		total += r
	}
	fmt.Println("total:", total)
}
