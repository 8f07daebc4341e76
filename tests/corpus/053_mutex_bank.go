// compare: lines
package main

import (
	"fmt"
	"sync"
)

type Account struct {
	mu      sync.Mutex
	balance int
}

func (a *Account) Deposit(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += n
}

func (a *Account) Withdraw(n int) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.balance < n {
		return false
	}
	a.balance -= n
	return true
}

func main() {
	acct := &Account{balance: 100}
	var wg sync.WaitGroup
	for i := 1; i <= 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			acct.Deposit(i * 10)
			fmt.Printf("deposited %d\n", i*10)
		}()
	}
	wg.Wait()
	for _, amt := range []int{200, 50} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok := acct.Withdraw(amt)
			fmt.Printf("withdrawal of %d ok: %v\n", amt, ok)
		}()
	}
	wg.Wait()
	fmt.Println("final balance:", acct.balance)
	fmt.Println("overdraw refused:", !acct.Withdraw(1))
}
