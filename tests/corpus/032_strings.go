// compare: exact
package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

func main() {
	s := "  Hello, Gophers of the World  "
	t := strings.TrimSpace(s)
	fmt.Printf("%q\n", t)
	fmt.Println(strings.ToUpper(t), strings.ToLower(t))
	fmt.Println(strings.Contains(t, "Go"), strings.HasPrefix(t, "Hello"), strings.Index(t, "of"))
	fmt.Println(strings.Split("a,b,,c", ","), len(strings.Split("a,b,,c", ",")))
	fmt.Println(strings.Join([]string{"x", "y", "z"}, "-"))
	fmt.Println(strings.Repeat("ab", 3), strings.ReplaceAll(t, "o", "0"))
	fmt.Println(strings.Fields(" a  b   c "), strings.Count("cheese", "e"))
	before, after, ok := strings.Cut("key=value", "=")
	fmt.Println(before, after, ok)

	var b strings.Builder
	for i := range 3 {
		fmt.Fprintf(&b, "[%d]", i)
	}
	b.WriteString("!")
	fmt.Println(b.String(), b.Len())

	word := "héllo, 世界"
	fmt.Println(len(word), len([]rune(word)))
	for i, r := range "aé世" {
		fmt.Println(i, string(r), unicode.IsLetter(r))
	}
	n, err := strconv.Atoi("123")
	fmt.Println(n+1, err)
	_, err = strconv.Atoi("12a")
	fmt.Println(err)
	fmt.Println(strconv.Quote("tab\there"), strconv.FormatInt(255, 2))
	f, _ := strconv.ParseFloat("3.25", 64)
	fmt.Println(f * 2)
}
