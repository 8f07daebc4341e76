// compare: exact
package main

import (
	"fmt"
	"sync"
)

type Animal struct{ Name string }

func (a Animal) Speak() string    { return a.Name + " makes a sound" }
func (a *Animal) Rename(n string) { a.Name = n }

type Dog struct {
	Animal
	Breed string
}

func (d Dog) Speak() string { return d.Name + " barks" }

type SafeList struct {
	sync.Mutex
	items []string
}

func (l *SafeList) Add(s string) {
	l.Lock()
	defer l.Unlock()
	l.items = append(l.items, s)
}

type Speaker interface{ Speak() string }

func main() {
	d := Dog{Animal{"Rex"}, "collie"}
	fmt.Println(d.Speak())
	fmt.Println(d.Animal.Speak())
	d.Rename("Max")
	fmt.Println(d.Name, d.Breed)
	var s Speaker = d
	fmt.Println(s.Speak())
	fmt.Printf("%+v\n", d)

	var l SafeList
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() { defer wg.Done(); l.Add("x") }()
	}
	wg.Wait()
	fmt.Println(len(l.items))
}
