// compare: lines
package main

import "fmt"

func main() {
	a := make(chan string, 5)
	b := make(chan string, 5)
	for i := range 5 {
		a <- fmt.Sprint("a", i)
		b <- fmt.Sprint("b", i)
	}
	close(a)
	close(b)
	countA, countB := 0, 0
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			countA++
			fmt.Println("got", v)
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			countB++
			fmt.Println("got", v)
		}
	}
	fmt.Println("from a:", countA, "from b:", countB)
}
