// compare: exact
package main

import (
	"context"
	"errors"
	"fmt"
)

func generate(ctx context.Context) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for n := 1; ; n++ {
			select {
			case out <- n:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	for n := range generate(ctx) {
		fmt.Println(n)
		if n == 5 {
			cancel()
			break
		}
	}
	<-ctx.Done()
	fmt.Println("err:", ctx.Err())
	fmt.Println("is Canceled:", errors.Is(ctx.Err(), context.Canceled))

	parent, pcancel := context.WithCancel(context.Background())
	child, ccancel := context.WithCancel(parent)
	defer ccancel()
	pcancel()
	<-child.Done()
	fmt.Println("child sees:", child.Err())
}
