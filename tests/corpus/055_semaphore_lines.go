// compare: lines
package main

import (
	"fmt"
	"sync"
	"time"
)

type Semaphore chan struct{}

func (s Semaphore) Acquire() { s <- struct{}{} }
func (s Semaphore) Release() { <-s }

func main() {
	sem := make(Semaphore, 2)
	var wg sync.WaitGroup
	for i := 1; i <= 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem.Acquire()
			defer sem.Release()
			fmt.Println("start task", i)
			time.Sleep(5 * time.Millisecond)
			fmt.Println("end task", i)
		}()
	}
	wg.Wait()
	fmt.Println("done; slots in use:", len(sem))
}
