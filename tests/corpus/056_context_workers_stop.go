// compare: lines
package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

func worker(ctx context.Context, id int, wg *sync.WaitGroup) {
	defer wg.Done()
	busy := time.NewTicker(2 * time.Millisecond)
	defer busy.Stop()
	rounds := 0
	for {
		select {
		case <-ctx.Done():
			fmt.Printf("worker %d stopped: %v\n", id, ctx.Err())
			_ = rounds
			return
		case <-busy.C:
			rounds++
		}
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := 1; i <= 4; i++ {
		wg.Add(1)
		go worker(ctx, i, &wg)
	}
	time.Sleep(50 * time.Millisecond)
	cancel()
	wg.Wait()

	ctx2, cancel2 := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel2()
	wg.Add(2)
	go worker(ctx2, 5, &wg)
	go worker(ctx2, 6, &wg)
	wg.Wait()
	fmt.Println("main done")
}
