// compare: exact
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type Settings struct {
	Level   int
	Verbose bool
}

func main() {
	var cfg atomic.Value
	cfg.Store(Settings{Level: 1})
	var ptr atomic.Pointer[Settings]
	ptr.Store(&Settings{Level: 10})

	var wg sync.WaitGroup
	var reads atomic.Uint64
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 250 {
				s := cfg.Load().(Settings)
				if s.Level >= 1 {
					reads.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	cfg.Store(Settings{Level: 2, Verbose: true})
	fmt.Printf("%+v reads=%d\n", cfg.Load(), reads.Load())

	old := ptr.Swap(&Settings{Level: 11})
	fmt.Println(old.Level, ptr.Load().Level)
	cur := ptr.Load()
	fmt.Println(ptr.CompareAndSwap(cur, &Settings{Level: 12}), ptr.Load().Level)
	fmt.Println(ptr.CompareAndSwap(cur, nil), ptr.Load().Level)

	var ops atomic.Int32
	ops.Store(5)
	fmt.Println(ops.Add(-2), ops.Load())
}
