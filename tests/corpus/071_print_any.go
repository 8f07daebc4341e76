// compare: exact
package main

import (
	"fmt"
	"os"
	"strings"
)

// Values of types with methods, printed through variables and
// parameters of type any, and inside slices and maps of them.

type Account struct {
	Owner   string
	Balance int
}

func (a *Account) Deposit(n int) { a.Balance += n }
func (a Account) Rich() bool     { return a.Balance > 100 }

type Event struct {
	Seq  int
	Kind string
}

func (e Event) Valid() bool { return e.Seq > 0 }

func show(v any) {
	fmt.Println("show:", v)
	fmt.Printf("%v|%+v|%T\n", v, v, v)
}

func describe(items ...any) string {
	var b strings.Builder
	for i, it := range items {
		fmt.Fprintf(&b, "%d=%v ", i, it)
	}
	return b.String()
}

func main() {
	acc := Account{"ann", 50}
	acc.Deposit(70)
	show(acc)
	show(&acc)
	show(Event{1, "start"})

	var box any = Event{2, "stop"}
	copyOf := box
	fmt.Println(box, copyOf)
	fmt.Println(describe(acc, Event{3, "tick"}, 7, "x"))

	list := []any{acc, Event{4, "end"}, nil, 1.5}
	fmt.Println(list)
	fmt.Printf("%v\n", list)
	byName := map[string]any{"acc": acc, "ev": Event{5, "log"}}
	fmt.Println(byName)
	fmt.Fprintln(os.Stdout, "to stdout:", box)
	err := fmt.Errorf("bad event %v", box)
	fmt.Println(err)
	s := fmt.Sprint(box, " ", acc.Rich())
	fmt.Println(s, len(s))

	// Unexported fields keep their names.
	c := counter{name: "hits", n: 3, Total: 10}
	fmt.Printf("%+v %v\n", c, c)
	fmt.Printf("%#v\n", c)
	fmt.Printf("%+v\n", []counter{c, {name: "misses"}})
	fmt.Println(fmt.Sprintf("%+v", &c))
}

type counter struct {
	name  string
	n     int
	Total int
}
