// compare: exact
package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

func main() {
	names := []string{"ada", "bob", "cy"}
	var greet []func() string
	for i, n := range names {
		greet = append(greet, func() string { return fmt.Sprint(i, ":", n) })
	}
	for _, g := range greet {
		fmt.Println(g())
	}

	var mu sync.Mutex
	var seen []string
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			seen = append(seen, strings.ToUpper(n))
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.Strings(seen)
	fmt.Println(seen)

	m := map[string]int{"x": 1, "y": 2, "z": 3}
	var ptrs []*int
	for _, v := range m {
		ptrs = append(ptrs, &v)
	}
	sum := 0
	for _, p := range ptrs {
		sum += *p
	}
	fmt.Println("sum through pointers:", sum)
}
