// compare: exact
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	const limit = 3
	sem := make(chan struct{}, limit)
	var running, peak atomic.Int32
	var wg sync.WaitGroup
	done := make([]bool, 12)
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(10 * time.Millisecond)
			done[i] = true
			running.Add(-1)
		}()
	}
	wg.Wait()
	all := true
	for _, d := range done {
		all = all && d
	}
	fmt.Println("all done:", all)
	fmt.Println("peak within limit:", peak.Load() <= limit)
	fmt.Println("semaphore empty:", len(sem) == 0)
}
