// compare: exact
package main

import (
	"fmt"
	"sort"
	"sync"
)

type job struct{ id, n int }
type result struct{ id, fact int }

func worker(jobs <-chan job, results chan<- result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		f := 1
		for k := 2; k <= j.n; k++ {
			f *= k
		}
		results <- result{j.id, f}
	}
}

func main() {
	jobs := make(chan job)
	results := make(chan result)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go worker(jobs, results, &wg)
	}
	go func() {
		for i := 0; i < 10; i++ {
			jobs <- job{i, i}
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	var all []result
	for r := range results {
		all = append(all, r)
	}
	sort.Slice(all, func(a, b int) bool { return all[a].id < all[b].id })
	for _, r := range all {
		fmt.Printf("%d! = %d\n", r.id, r.fact)
	}
}
