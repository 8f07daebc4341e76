// compare: lines
package main

import (
	"fmt"
	"sync"
)

type DB struct{ name string }

var (
	db     *DB
	dbOnce sync.Once
)

func connect() *DB {
	dbOnce.Do(func() {
		fmt.Println("connecting (once)")
		db = &DB{name: "primary"}
	})
	return db
}

func main() {
	var wg sync.WaitGroup
	for i := 1; i <= 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Printf("goroutine %d uses %s\n", i, connect().name)
		}()
	}
	wg.Wait()
}
