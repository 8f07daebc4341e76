// compare: exact
package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

func work(ctx context.Context, d time.Duration) error {
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return fmt.Errorf("work of %v: %w", d, ctx.Err())
	}
}

func main() {
	for _, d := range []time.Duration{5 * time.Millisecond, 500 * time.Millisecond} {
		ctx, cancel := context.WithTimeout(context.Background(), 80*time.Millisecond)
		err := work(ctx, d)
		cancel()
		if err == nil {
			fmt.Println(d, "finished")
			continue
		}
		fmt.Println("error:", err)
		fmt.Println("deadline exceeded:", errors.Is(err, context.DeadlineExceeded))
	}
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, hasDeadline := ctx.Deadline()
	fmt.Println("past deadline:", ctx.Err(), hasDeadline)
}
