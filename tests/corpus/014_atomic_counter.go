// compare: exact
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var plain int64
	var typed atomic.Int64
	var flag atomic.Bool
	var wg sync.WaitGroup
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				atomic.AddInt64(&plain, 1)
				typed.Add(2)
			}
			flag.Store(true)
		}()
	}
	wg.Wait()
	fmt.Println("plain:", atomic.LoadInt64(&plain))
	fmt.Println("typed:", typed.Load())
	fmt.Println("flag:", flag.Load())

	var v int32 = 10
	fmt.Println("cas 10->20:", atomic.CompareAndSwapInt32(&v, 10, 20), v)
	fmt.Println("cas 10->30:", atomic.CompareAndSwapInt32(&v, 10, 30), v)
	old := atomic.SwapInt32(&v, 5)
	fmt.Println("swap:", old, v)
}
