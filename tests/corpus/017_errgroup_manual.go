// compare: exact
package main

import (
	"errors"
	"fmt"
	"sync"
)

// Group runs functions in goroutines and keeps the first error.
type Group struct {
	wg      sync.WaitGroup
	errOnce sync.Once
	err     error
}

func (g *Group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.errOnce.Do(func() { g.err = err })
		}
	}()
}

func (g *Group) Wait() error {
	g.wg.Wait()
	return g.err
}

var errOdd = errors.New("odd input")

func check(n int) error {
	if n%2 == 1 {
		return fmt.Errorf("check(%d): %w", n, errOdd)
	}
	return nil
}

func main() {
	var g Group
	for _, n := range []int{2, 4, 6} {
		g.Go(func() error { return check(n) })
	}
	fmt.Println("evens:", g.Wait())

	var g2 Group
	g2.Go(func() error { return check(8) })
	g2.Go(func() error { return check(7) })
	err := g2.Wait()
	fmt.Println("mixed:", err)
	fmt.Println("is errOdd:", errors.Is(err, errOdd))
}
