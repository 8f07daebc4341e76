// compare: exact
package main

import (
	"errors"
	"fmt"
	"strings"
)

type Celsius float64

func classify(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case int, int64:
		return fmt.Sprintf("integer %v", x)
	case float64:
		return fmt.Sprintf("float %.2f", x)
	case Celsius:
		return fmt.Sprintf("temperature %.1f", float64(x))
	case string:
		return "string of length " + fmt.Sprint(len(x))
	case error:
		return "error: " + x.Error()
	case []int:
		return fmt.Sprintf("slice with %d ints", len(x))
	case func() string:
		return "func returning " + x()
	case fmt.Stringer:
		return "stringer " + x.String()
	default:
		return fmt.Sprintf("other %T", x)
	}
}

func main() {
	vals := []any{nil, 3, int64(4), 2.5, Celsius(36.6), "hello", errors.New("bad"),
		[]int{1, 2}, func() string { return "hi" }, &strings.Builder{}, struct{}{}, map[string]int{}}
	for i, v := range vals {
		fmt.Println(i, classify(v))
	}
	var s fmt.Stringer
	_, ok := s.(fmt.Stringer)
	fmt.Println(ok)
}
