// compare: exact
package main

import (
	"fmt"
	"sync"
)

// Many rounds of goroutines started from the same go statement: each
// round has its own WaitGroup and result slice, and each goroutine writes
// its own element.
func main() {
	total := 0
	for round := 1; round <= 200; round++ {
		var wg sync.WaitGroup
		squares := make([]int, 50)
		for i := 0; i < 50; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				squares[i] = i * i * round
			}()
		}
		wg.Wait()
		sum := 0
		for _, s := range squares {
			sum += s
		}
		if sum != 40425*round {
			fmt.Println("round", round, "lost a result: sum", sum)
		}
		total += sum
	}
	fmt.Println("total", total)

	// A goroutine per item of a slice, passing the item as an argument.
	words := []string{"alpha", "beta", "gamma", "delta"}
	lengths := make([]int, len(words))
	var wg sync.WaitGroup
	for r := 0; r < 100; r++ {
		for i, w := range words {
			wg.Add(1)
			go func(n int) {
				defer wg.Done()
				lengths[i] += n
			}(len(w))
		}
		wg.Wait()
	}
	fmt.Println(lengths)
}
