// compare: exact
package main

import "fmt"

type ball struct{ hits int }

func player(name string, table chan *ball, done chan struct{}) {
	for {
		b, ok := <-table
		if !ok {
			return
		}
		b.hits++
		fmt.Println(name, b.hits)
		if b.hits == 6 {
			close(done)
			return
		}
		table <- b
	}
}

func main() {
	table := make(chan *ball)
	done := make(chan struct{})
	go player("ping", table, done)
	go player("pong", table, done)
	table <- new(ball)
	<-done
	fmt.Println("game over")
}
