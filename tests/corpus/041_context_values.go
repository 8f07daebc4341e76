// compare: exact
package main

import (
	"context"
	"fmt"
)

type ctxKey string

const userKey ctxKey = "user"
const reqKey ctxKey = "request-id"

func handle(ctx context.Context) {
	user, ok := ctx.Value(userKey).(string)
	if !ok {
		user = "anonymous"
	}
	id, _ := ctx.Value(reqKey).(int)
	fmt.Printf("request %d by %s\n", id, user)
}

func main() {
	base := context.Background()
	handle(base)
	ctx := context.WithValue(base, userKey, "ada")
	ctx = context.WithValue(ctx, reqKey, 7)
	handle(ctx)

	child, cancel := context.WithCancel(ctx)
	results := make(chan string)
	go func() {
		<-child.Done()
		results <- fmt.Sprint("worker for ", child.Value(userKey), " stopped: ", child.Err())
	}()
	cancel()
	fmt.Println(<-results)
	fmt.Println("parent err:", ctx.Err())
	fmt.Println(context.WithoutCancel(child).Err())
}
