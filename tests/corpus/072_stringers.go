// compare: exact
package main

import (
	"errors"
	"fmt"
	"sort"
)

// String and Error methods used by fmt wherever the value is: in a slice,
// a map, an any, a variadic argument, with width and verbs.

type Task struct {
	ID   int
	Name string
}

func (t Task) String() string { return fmt.Sprintf("#%d %s", t.ID, t.Name) }

type Node struct{ Val int }

func (n *Node) String() string { return fmt.Sprint("node ", n.Val) }

type Timeout struct{ After int }

func (e Timeout) Error() string { return fmt.Sprintf("timeout after %d ms", e.After) }

type Plain struct{ A, B int }

func logAll(items ...any) {
	for _, it := range items {
		fmt.Println("log:", it)
	}
}

func main() {
	tasks := []Task{{1, "fetch"}, {2, "parse"}}
	fmt.Println(tasks)
	fmt.Printf("%v|%s|%q\n", tasks[0], tasks[1], tasks[0])
	fmt.Printf("[%-12v][%12s]\n", tasks[0], tasks[1])
	byID := map[int]Task{2: tasks[1], 1: tasks[0]}
	fmt.Println(byID)
	var queue []any
	for _, t := range tasks {
		queue = append(queue, t)
	}
	fmt.Println(queue, len(queue))
	logAll(tasks[0], Plain{1, 2}, &Node{3}, Node{4})

	nodes := []*Node{{5}, {6}}
	fmt.Println(nodes)
	values := []Node{{7}, {8}}
	fmt.Println(values)

	var err error = Timeout{50}
	fmt.Println(err)
	errs := []error{Timeout{10}, errors.New("plain")}
	fmt.Println(errs)
	wrapped := fmt.Errorf("step 2: %w", err)
	fmt.Println(wrapped, errors.Unwrap(wrapped) != nil)
	var anyErr any = Timeout{20}
	fmt.Printf("%v / %s\n", anyErr, anyErr)

	grid := [][]Task{{tasks[0]}, {tasks[1], tasks[0]}}
	fmt.Println(grid)
	names := make([]string, 0)
	for _, t := range tasks {
		names = append(names, fmt.Sprint(t))
	}
	sort.Strings(names)
	fmt.Println(names, fmt.Sprintf("%d", tasks[0].ID))
	fmt.Printf("%+v %d\n", Plain{3, 4}, Plain{5, 6})
	fmt.Printf("%v %T %T %d\n", tasks[0], err, &Node{9}, Level(2))
	fmt.Println(&Node{11}, Level(1), []*Node{{12}})
}

type Level int

func (l Level) String() string { return [...]string{"low", "mid", "high"}[l] }
