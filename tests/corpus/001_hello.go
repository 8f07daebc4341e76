// compare: exact
package main

import "fmt"

func main() {
	fmt.Println("hello, gocell")
	fmt.Printf("%d + %d = %d\n", 2, 3, 2+3)
}
