// compare: exact
package main

import (
	"fmt"
	"sync"
)

type Counter struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *Counter) Inc(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[key]++
}

func (c *Counter) Get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[key]
}

func main() {
	c := Counter{m: make(map[string]int)}
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				c.Inc("hits")
				if j%10 == 0 {
					c.Inc("tens")
				}
			}
		}()
	}
	wg.Wait()
	fmt.Println("hits:", c.Get("hits"))
	fmt.Println("tens:", c.Get("tens"))
	fmt.Println("misses:", c.Get("misses"))
}
