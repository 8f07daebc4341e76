// compare: exact
package main

import (
	"fmt"
	"strconv"
)

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Filter[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

func Reduce[T, A any](xs []T, init A, f func(A, T) A) A {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

type Number interface {
	~int | ~int64 | ~float64
}

func Sum[T Number](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

func main() {
	nums := []int{1, 2, 3, 4, 5, 6}
	evens := Filter(nums, func(n int) bool { return n%2 == 0 })
	fmt.Println(evens)
	strs := Map(evens, strconv.Itoa)
	fmt.Printf("%q\n", strs)
	fmt.Println(Reduce(strs, "", func(a, s string) string { return a + s }))
	fmt.Println(Sum(nums...), Sum(1.5, 2.25))
	fmt.Println(Map[int, float64](nums[:3], func(n int) float64 { return float64(n) / 2 }))
}
