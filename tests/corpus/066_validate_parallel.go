// compare: lines
package main

import (
	"errors"
	"fmt"
	"strings"
	"sync"
)

var ErrEmpty = errors.New("empty")

func validate(s string) error {
	switch {
	case s == "":
		return ErrEmpty
	case strings.ContainsAny(s, " \t"):
		return fmt.Errorf("%q has whitespace", s)
	}
	return nil
}

func main() {
	inputs := []string{"gopher", "", "two words", "ok", "tab\there"}
	errs := make([]error, len(inputs))
	var wg sync.WaitGroup
	for i, in := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = validate(in)
			if errs[i] != nil {
				fmt.Printf("invalid %q: %v\n", in, errs[i])
			} else {
				fmt.Printf("valid %q\n", in)
			}
		}()
	}
	wg.Wait()
	all := errors.Join(errs...)
	fmt.Println("has ErrEmpty:", errors.Is(all, ErrEmpty))
	fmt.Println("error lines:", len(strings.Split(all.Error(), "\n")))
}
