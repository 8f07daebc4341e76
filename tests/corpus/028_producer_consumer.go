// compare: exact
package main

import (
	"fmt"
	"strings"
)

type Item struct {
	ID   int
	Name string
}

func producer(names []string, out chan<- Item) {
	for i, n := range names {
		out <- Item{ID: i + 1, Name: n}
	}
	close(out)
}

func consumer(in <-chan Item, done chan<- int) {
	count := 0
	for it := range in {
		fmt.Printf("consumed #%d %s\n", it.ID, strings.ToUpper(it.Name))
		count++
	}
	done <- count
}

func main() {
	queue := make(chan Item, 2)
	done := make(chan int)
	go producer([]string{"apple", "banana", "cherry", "date", "elder"}, queue)
	go consumer(queue, done)
	fmt.Println("consumed", <-done, "items")
}
