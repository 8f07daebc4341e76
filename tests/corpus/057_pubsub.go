// compare: lines
package main

import (
	"fmt"
	"sync"
)

type Broker struct {
	mu   sync.Mutex
	subs []chan string
}

func (b *Broker) Subscribe() <-chan string {
	b.mu.Lock()
	defer b.mu.Unlock()
	ch := make(chan string, 8)
	b.subs = append(b.subs, ch)
	return ch
}

func (b *Broker) Publish(msg string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.subs {
		s <- msg
	}
}

func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.subs {
		close(s)
	}
}

func main() {
	var b Broker
	var wg sync.WaitGroup
	for id := 1; id <= 3; id++ {
		ch := b.Subscribe()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range ch {
				fmt.Printf("subscriber %d got %q\n", id, m)
			}
		}()
	}
	for _, m := range []string{"news", "sports", "weather"} {
		b.Publish(m)
	}
	b.Close()
	wg.Wait()
}
