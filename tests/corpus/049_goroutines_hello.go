// compare: lines
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			fmt.Printf("hello from goroutine %d\n", id)
		}(i)
	}
	wg.Wait()
	fmt.Println("all goroutines finished")
}
