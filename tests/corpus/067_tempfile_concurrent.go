// compare: lines
package main

import (
	"bufio"
	"fmt"
	"os"
	"sync"
)

func main() {
	f, err := os.CreateTemp(os.TempDir(), "gocell-corpus-*.txt")
	if err != nil {
		fmt.Println("create:", err)
		return
	}
	defer os.Remove(f.Name())
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 1; i <= 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(f, "line from writer %d\n", i)
		}()
	}
	wg.Wait()
	f.Close()

	r, err := os.Open(f.Name())
	if err != nil {
		fmt.Println("open:", err)
		return
	}
	defer r.Close()
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		fmt.Println("read:", sc.Text())
		n++
	}
	fmt.Println("lines read:", n)
}
