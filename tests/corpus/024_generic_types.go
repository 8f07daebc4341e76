// compare: exact
package main

import "fmt"

type Stack[T any] struct {
	items []T
}

func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}

func (s *Stack[T]) Len() int { return len(s.items) }

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func (p Pair[K, V]) String() string { return fmt.Sprintf("%v=%v", p.Key, p.Val) }

func main() {
	var s Stack[int]
	for i := range 4 {
		s.Push(i * i)
	}
	fmt.Println("len", s.Len())
	for {
		v, ok := s.Pop()
		if !ok {
			break
		}
		fmt.Print(v, " ")
	}
	fmt.Println()

	words := &Stack[string]{}
	words.Push("go")
	words.Push("gocell")
	w, _ := words.Pop()
	fmt.Println(w, words.Len())

	p := Pair[string, int]{"answer", 42}
	fmt.Println(p)
	ps := []Pair[int, bool]{{1, true}, {2, false}}
	fmt.Println(ps)
}
