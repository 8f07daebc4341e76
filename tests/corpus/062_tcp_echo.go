// compare: lines
package main

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"sync"
)

func serve(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer conn.Close()
			line, _ := bufio.NewReader(conn).ReadString('\n')
			fmt.Fprintf(conn, "echo: %s", strings.ToUpper(line))
		}()
	}
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen:", err)
		return
	}
	go serve(ln)
	var wg sync.WaitGroup
	for i := 1; i <= 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				fmt.Println("dial:", err)
				return
			}
			defer conn.Close()
			fmt.Fprintf(conn, "hello %d\n", i)
			reply, _ := bufio.NewReader(conn).ReadString('\n')
			fmt.Printf("client %d got %s", i, reply)
		}()
	}
	wg.Wait()
	ln.Close()
	fmt.Println("server closed")
}
