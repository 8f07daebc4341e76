// compare: exact
package main

import (
	"fmt"
	"sort"
	"strings"
)

func main() {
	text := "the quick brown fox jumps over the lazy dog the end"
	freq := map[string]int{}
	for _, w := range strings.Fields(text) {
		freq[w]++
	}
	keys := make([]string, 0, len(freq))
	for k := range freq {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("%s:%d ", k, freq[k])
	}
	fmt.Println()

	if n, ok := freq["the"]; ok {
		fmt.Println("the appears", n, "times")
	}
	delete(freq, "the")
	_, ok := freq["the"]
	fmt.Println("after delete:", ok, len(freq))

	// fmt prints maps sorted by key
	fmt.Println(map[int]string{3: "c", 1: "a", 2: "b"})

	groups := map[int][]string{}
	for _, k := range keys {
		groups[len(k)] = append(groups[len(k)], k)
	}
	fmt.Println(groups)

	type point struct{ x, y int }
	visited := map[point]bool{{1, 2}: true}
	fmt.Println(visited[point{1, 2}], visited[point{2, 1}])
}
