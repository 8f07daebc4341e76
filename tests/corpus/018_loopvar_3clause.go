// compare: exact
package main

import (
	"fmt"
	"sync"
)

func main() {
	var funcs []func() int
	for i := 0; i < 4; i++ {
		funcs = append(funcs, func() int { return i * 10 })
	}
	for _, f := range funcs {
		fmt.Print(f(), " ")
	}
	fmt.Println()

	var ptrs []*int
	for i := 0; i < 3; i++ {
		ptrs = append(ptrs, &i)
	}
	fmt.Println(*ptrs[0], *ptrs[1], *ptrs[2], ptrs[0] != ptrs[1])

	// The loop body may change i; the next iteration starts from the change.
	for i := 0; i < 10; i++ {
		defer func() { fmt.Println("deferred", i) }()
		i += 3
	}

	out := make([]int, 5)
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = i * i
		}()
	}
	wg.Wait()
	fmt.Println(out)
}
