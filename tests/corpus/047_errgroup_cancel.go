// compare: exact
package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

type Group struct {
	wg     sync.WaitGroup
	once   sync.Once
	err    error
	cancel context.CancelFunc
}

func WithContext(ctx context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	return &Group{cancel: cancel}, ctx
}

func (g *Group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.once.Do(func() { g.err = err; g.cancel() })
		}
	}()
}

func (g *Group) Wait() error { g.wg.Wait(); g.cancel(); return g.err }

func main() {
	g, ctx := WithContext(context.Background())
	stopped := make([]bool, 4)
	for i := range 4 {
		g.Go(func() error {
			if i == 2 {
				time.Sleep(10 * time.Millisecond)
				return fmt.Errorf("task %d: %w", i, errors.ErrUnsupported)
			}
			select {
			case <-ctx.Done():
				stopped[i] = true
				return ctx.Err()
			case <-time.After(time.Second):
				return nil
			}
		})
	}
	err := g.Wait()
	fmt.Println("first error:", err)
	fmt.Println("unsupported:", errors.Is(err, errors.ErrUnsupported))
	fmt.Println("stopped early:", stopped)
	fmt.Println("ctx:", ctx.Err())
}
