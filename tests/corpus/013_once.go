// compare: exact
package main

import (
	"fmt"
	"sync"
)

type Config struct{ Name string }

var (
	once   sync.Once
	config *Config
	inits  int
)

func getConfig() *Config {
	once.Do(func() {
		inits++
		config = &Config{Name: "course"}
	})
	return config
}

func main() {
	var wg sync.WaitGroup
	ptrs := make([]*Config, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ptrs[i] = getConfig()
		}()
	}
	wg.Wait()
	same := true
	for _, p := range ptrs {
		same = same && p == ptrs[0]
	}
	fmt.Println("initialised", inits, "time(s)")
	fmt.Println("all the same pointer:", same)
	fmt.Println("name:", getConfig().Name)

	double := sync.OnceValue(func() int { inits++; return 21 * 2 })
	fmt.Println(double(), double(), "inits:", inits)
}
