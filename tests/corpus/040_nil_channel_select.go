// compare: exact
package main

import (
	"fmt"
	"sort"
)

func emit(vals ...int) <-chan int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, v := range vals {
			ch <- v
		}
	}()
	return ch
}

func main() {
	a, b := emit(1, 3, 5), emit(2, 4, 6, 8)
	var got []int
	closed := 0
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				closed++
				continue
			}
			got = append(got, v)
		case v, ok := <-b:
			if !ok {
				b = nil
				closed++
				continue
			}
			got = append(got, v)
		}
	}
	fmt.Println("closed:", closed)
	sort.Ints(got)
	fmt.Println(got)

	var nilCh chan int
	select {
	case v := <-nilCh:
		fmt.Println("impossible", v)
	default:
		fmt.Println("a nil channel is never ready")
	}
}
