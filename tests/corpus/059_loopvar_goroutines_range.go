// compare: lines
package main

import (
	"fmt"
	"strings"
	"sync"
)

type task struct {
	name string
	cost int
}

func main() {
	tasks := []task{{"parse", 3}, {"check", 2}, {"emit", 1}}
	var wg sync.WaitGroup
	for _, t := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Printf("%s costs %s\n", t.name, strings.Repeat("*", t.cost))
		}()
	}
	wg.Wait()

	results := make(chan string)
	for i, word := range strings.Fields("alpha beta gamma delta") {
		go func() { results <- fmt.Sprint(i, " ", strings.ToUpper(word)) }()
	}
	for range 4 {
		fmt.Println(<-results)
	}
}
