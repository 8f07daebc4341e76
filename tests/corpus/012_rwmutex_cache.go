// compare: exact
package main

import (
	"fmt"
	"sync"
)

type Cache struct {
	mu   sync.RWMutex
	data map[int]int
}

func (c *Cache) Load(k int) (int, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.data[k]
	return v, ok
}

func (c *Cache) Store(k, v int) {
	c.mu.Lock()
	c.data[k] = v
	c.mu.Unlock()
}

func main() {
	c := &Cache{data: map[int]int{}}
	var wg sync.WaitGroup
	var hitMu sync.Mutex
	hits, misses := 0, 0
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 20; k++ {
				if _, ok := c.Load(k); ok {
					hitMu.Lock()
					hits++
					hitMu.Unlock()
				} else {
					c.Store(k, k*k)
					hitMu.Lock()
					misses++
					hitMu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	fmt.Println("entries:", len(c.data))
	v, ok := c.Load(7)
	fmt.Println("7 ->", v, ok)
	_, ok = c.Load(99)
	fmt.Println("99 present:", ok)
	fmt.Println("lookups:", hits+misses, "misses >= entries:", misses >= len(c.data))
}
