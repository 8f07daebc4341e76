// compare: exact
package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.NewTimer(time.Hour)
	fmt.Println("stopped before firing:", t.Stop())

	t2 := time.NewTimer(10 * time.Millisecond)
	<-t2.C
	fmt.Println("timer fired")
	fmt.Println("stop after firing:", t2.Stop())

	t3 := time.NewTimer(time.Hour)
	t3.Reset(5 * time.Millisecond)
	<-t3.C
	fmt.Println("reset timer fired")

	done := make(chan string)
	af := time.AfterFunc(5*time.Millisecond, func() { done <- "afterfunc ran" })
	fmt.Println(<-done)
	af.Stop()
}
