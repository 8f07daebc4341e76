// compare: exact
package main

import (
	"fmt"
	"sync"
)

func safeGo(wg *sync.WaitGroup, errs chan<- string, id int, f func()) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer func() {
			if r := recover(); r != nil {
				errs <- fmt.Sprintf("task %d panicked: %v", id, r)
			}
		}()
		f()
	}()
}

func main() {
	var wg sync.WaitGroup
	errs := make(chan string, 10)
	var arr []int
	safeGo(&wg, errs, 1, func() { _ = arr[3] })
	wg.Wait()
	safeGo(&wg, errs, 2, func() { panic("explicit") })
	wg.Wait()
	safeGo(&wg, errs, 3, func() {})
	wg.Wait()
	safeGo(&wg, errs, 4, func() {
		var m map[string]int
		m["a"] = 1
	})
	wg.Wait()
	close(errs)
	for e := range errs {
		fmt.Println(e)
	}
	fmt.Println("main still alive")
}
