// compare: lines
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var wg sync.WaitGroup
	for w := 1; w <= 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(time.Duration(w) * 4 * time.Millisecond)
			defer t.Stop()
			for k := 1; k <= 3; k++ {
				<-t.C
				fmt.Printf("worker %d tick %d\n", w, k)
			}
		}()
	}
	wg.Wait()
	fmt.Println("all tickers stopped")
}
