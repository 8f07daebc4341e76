// compare: exact
package main

import "fmt"

func gen(nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		for _, n := range nums {
			out <- n
		}
		close(out)
	}()
	return out
}

func sq(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		for n := range in {
			out <- n * n
		}
		close(out)
	}()
	return out
}

func sum(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		total := 0
		for n := range in {
			total += n
		}
		out <- total
		close(out)
	}()
	return out
}

func main() {
	for v := range sq(gen(1, 2, 3, 4)) {
		fmt.Println("square", v)
	}
	fmt.Println("sum of squares:", <-sum(sq(gen(1, 2, 3, 4, 5))))
	fmt.Println("fourth powers:", <-sum(sq(sq(gen(1, 2, 3)))))
}
