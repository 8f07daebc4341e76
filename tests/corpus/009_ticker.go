// compare: exact
package main

import (
	"fmt"
	"time"
)

func main() {
	ticker := time.NewTicker(10 * time.Millisecond)
	defer ticker.Stop()
	stop := time.After(1 * time.Second)
	ticks := 0
loop:
	for {
		select {
		case <-ticker.C:
			ticks++
			fmt.Println("tick", ticks)
			if ticks == 5 {
				break loop
			}
		case <-stop:
			fmt.Println("too slow")
			break loop
		}
	}
	ticker.Stop()
	fmt.Println("ticker stopped after", ticks, "ticks")
}
