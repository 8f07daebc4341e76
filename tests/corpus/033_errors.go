// compare: exact
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

var ErrNotFound = errors.New("not found")

type ValidationError struct {
	Field string
	Value int
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("invalid %s: %d", e.Field, e.Value)
}

func lookup(id int) error {
	switch {
	case id < 0:
		return &ValidationError{"id", id}
	case id > 100:
		return fmt.Errorf("lookup %d: %w", id, ErrNotFound)
	}
	return nil
}

func main() {
	for _, id := range []int{5, -3, 200} {
		err := lookup(id)
		fmt.Printf("id=%d err=%v\n", id, err)
		fmt.Println("  is ErrNotFound:", errors.Is(err, ErrNotFound))
		var ve *ValidationError
		if errors.As(err, &ve) {
			fmt.Println("  validation field:", ve.Field)
		}
	}
	wrapped := fmt.Errorf("outer: %w", fmt.Errorf("middle: %w", ErrNotFound))
	fmt.Println(wrapped)
	fmt.Println(errors.Unwrap(wrapped))
	fmt.Println(errors.Is(wrapped, ErrNotFound))

	joined := errors.Join(ErrNotFound, &ValidationError{"age", -1})
	fmt.Println(joined)
	fmt.Println(errors.Is(joined, ErrNotFound))

	_, err := os.Open("/definitely/not/here")
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	var pe *fs.PathError
	fmt.Println(errors.As(err, &pe), pe.Op)
}
