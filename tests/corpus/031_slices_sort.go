// compare: exact
package main

import (
	"fmt"
	"slices"
	"sort"
)

type Person struct {
	Name string
	Age  int
}

func main() {
	s := []int{5, 2, 8, 1, 9, 3}
	t := slices.Clone(s)
	sort.Ints(s)
	fmt.Println(s, t)
	fmt.Println(slices.Contains(s, 8), slices.Index(s, 9), slices.Max(t), slices.Min(t))
	i, found := slices.BinarySearch(s, 5)
	fmt.Println(i, found)
	slices.Reverse(t)
	fmt.Println(t)

	people := []Person{{"Alice", 30}, {"Bob", 25}, {"Carol", 30}, {"Dan", 20}}
	sort.SliceStable(people, func(a, b int) bool { return people[a].Age > people[b].Age })
	fmt.Println(people)
	slices.SortFunc(people, func(a, b Person) int { return len(a.Name) - len(b.Name) })
	fmt.Println(people[0].Name, people[len(people)-1].Name)

	a := make([]int, 3, 10)
	b := append(a, 4)
	a = append(a, 5)
	fmt.Println(b[3], len(a), cap(a))
	c := s[1:3]
	fmt.Println(c, len(c), cap(c))
	c = s[1:3:3]
	fmt.Println(len(c), cap(c))
	m := [][]int{{1, 2}, {3}}
	m[1] = append(m[1], 4, 5)
	fmt.Println(m, copy(s, []int{0, 0}), s)
}
