// compare: lines
package main

import (
	"fmt"
	"sync"
	"time"
)

type Registry struct {
	mu      sync.RWMutex
	version int
	names   []string
}

func (r *Registry) Snapshot() (int, int) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	time.Sleep(2 * time.Millisecond)
	return r.version, len(r.names)
}

func (r *Registry) Add(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.names = append(r.names, name)
	r.version++
}

func main() {
	r := &Registry{}
	r.Add("first")
	var wg sync.WaitGroup
	for i := 1; i <= 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, n := r.Snapshot()
			fmt.Printf("reader %d: consistent=%v\n", i, v == n)
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.Add("second")
		fmt.Println("writer added second")
	}()
	wg.Wait()
	v, n := r.Snapshot()
	fmt.Println("final version", v, "names", n)
}
