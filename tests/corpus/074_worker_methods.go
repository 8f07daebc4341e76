// compare: exact
package main

import (
	"fmt"
	"sort"
	"sync"
)

type Worker struct {
	ID   int
	Done int
}

func (w *Worker) Work(wg *sync.WaitGroup, mu *sync.Mutex, out *[]int) {
	defer wg.Done()
	w.Done++
	mu.Lock()
	*out = append(*out, w.ID)
	mu.Unlock()
}

func main() {
	workers := []*Worker{{ID: 1}, {ID: 2}, {ID: 3}}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var out []int
	for _, w := range workers {
		wg.Add(1)
		go w.Work(&wg, &mu, &out)
	}
	wg.Wait()
	sort.Ints(out)
	fmt.Println(out, workers[0].Done, workers[2].Done)
	vals := []Worker{{ID: 4}, {ID: 5}}
	out = nil
	for i := range vals {
		wg.Add(1)
		go vals[i].Work(&wg, &mu, &out)
	}
	wg.Wait()
	sort.Ints(out)
	fmt.Println(out, vals[0].Done, vals[1].Done)
}
