// compare: lines
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println("i =", i)
		}()
	}
	wg.Wait()

	done := make(chan bool)
	for i, j := 0, 10; i < 3; i, j = i+1, j-1 {
		go func() {
			fmt.Println("pair", i, j)
			done <- true
		}()
	}
	for range 3 {
		<-done
	}
}
