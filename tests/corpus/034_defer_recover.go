// compare: exact
package main

import (
	"errors"
	"fmt"
)

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return a / b, nil
}

func order() {
	for i := range 3 {
		defer fmt.Println("deferred", i)
	}
	fmt.Println("body done")
}

func deferredValue() (n int) {
	defer func() { n *= 2 }()
	n = 5
	return n + 1
}

func main() {
	defer fmt.Println("main's deferred print runs last")
	defer func() {
		r := recover()
		fmt.Println("recovered in main:", r)
		if err, ok := r.(error); ok {
			fmt.Println("it is an error:", errors.Unwrap(err) == nil)
		}
	}()
	fmt.Println(safeDiv(10, 2))
	fmt.Println(safeDiv(1, 0))
	order()
	fmt.Println("deferredValue:", deferredValue())
	var m map[string]int
	fmt.Println("reading a nil map:", m["x"])
	panic(fmt.Errorf("custom failure %d", 42))
}
