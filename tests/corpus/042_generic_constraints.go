// compare: exact
package main

import (
	"cmp"
	"fmt"
	"sort"
)

type Celsius float64
type ID int

func MaxOf[T cmp.Ordered](xs ...T) T {
	m := xs[0]
	for _, x := range xs[1:] {
		if x > m {
			m = x
		}
	}
	return m
}

func Keys[K cmp.Ordered, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}

type Set[T comparable] map[T]struct{}

func (s Set[T]) Add(v T)      { s[v] = struct{}{} }
func (s Set[T]) Has(v T) bool { _, ok := s[v]; return ok }

func Uniq[T comparable](xs []T) []T {
	seen := Set[T]{}
	var out []T
	for _, x := range xs {
		if !seen.Has(x) {
			seen.Add(x)
			out = append(out, x)
		}
	}
	return out
}

func main() {
	fmt.Println(MaxOf(3, 9, 2), MaxOf("b", "a"), MaxOf[Celsius](-1, 20.5))
	fmt.Printf("%T\n", MaxOf(ID(1), ID(5)))
	fmt.Println(Keys(map[string]int{"z": 1, "m": 2, "a": 3}))
	fmt.Println(Uniq([]int{1, 2, 1, 3, 2, 4}))
	fmt.Println(Uniq([]string{"go", "go", "cell"}))
	fmt.Println(cmp.Compare(1, 2), cmp.Compare("b", "a"))
}
