package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"gocell/internal/check"
	"gocell/internal/display"
	"gocell/internal/eval"
	"gocell/internal/sandbox"
)

// Child runs a child process of the sandbox: it readies an interpreter,
// takes its job (sandbox.AcceptJob), restores the notebook's declarations,
// calls the job's function, waits for the processes that function started,
// and returns the exit status the process should exit with.
func Child() int {
	log.SetOutput(io.Discard)
	sess, err := eval.New(eval.Options{Stdout: os.Stdout, Stderr: os.Stderr})
	if err != nil {
		fmt.Fprintln(os.Stderr, "gocell child:", err)
		return 1
	}
	// A child has no front end of its own: what it displays goes to its
	// standard output as text.
	d := display.New(func(m display.Message) { printDisplay(os.Stdout, m) })
	if err := sess.Use(display.ImportPath, d.Symbols()); err != nil {
		fmt.Fprintln(os.Stderr, "gocell child:", err)
		return 1
	}
	c, err := sandbox.AcceptJob()
	if err != nil {
		return 1
	}
	exe, err := os.Executable()
	if err != nil {
		c.Fail(err)
		return 1
	}
	h, err := sandbox.NewHost(sandbox.Config{
		Name:    c.Job.Name,
		Child:   c,
		Command: []string{exe, "child"},
		Decls:   func() (json.RawMessage, error) { return c.Job.Decls, nil },
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := sess.Use(sandbox.ImportPath, h.Symbols()); err != nil {
		fmt.Fprintln(os.Stderr, "gocell child:", err)
		return 1
	}
	// Checks work in a child too: their lines are printed, and a failed
	// check makes the child exit with status 1.
	chk := newChecker(func(m display.Message) { printDisplay(os.Stdout, m) }, h)
	if err := sess.Use(check.ImportPath, chk.Symbols()); err != nil {
		fmt.Fprintln(os.Stderr, "gocell child:", err)
		return 1
	}
	status, exited := runJob(sess, c)
	if ce := checkError(chk); ce != nil && status == 0 && !exited {
		fmt.Fprintf(os.Stderr, "%s: %s\n", c.Job.Name, ce.Message)
		status = 1
	}
	if !exited {
		// As a Python process does when its target returns: wait for the
		// children that are not daemons, kill the daemons. os.Exit ends the
		// process at once, as in Go, leaving its children orphans.
		h.EndCell(context.Background())
	}
	return status
}

// runJob restores the notebook in sess and calls the job's target. It
// returns the exit status, and whether the target called os.Exit.
func runJob(sess *eval.Session, c *sandbox.Child) (status int, exited bool) {
	j := c.Job
	var decls []eval.Decl
	if len(j.Decls) > 0 {
		if err := json.Unmarshal(j.Decls, &decls); err != nil {
			fmt.Fprintf(os.Stderr, "%s: the notebook's declarations: %v\n", j.Name, err)
			return 1, false
		}
	}
	_, lost, _ := sess.Replay(decls)
	target := j.Func
	if j.Runner != "" {
		target = "_gocellRun" + j.Runner
		src := fmt.Sprintf("func %s(v *%s) { v.Run() }", target, j.Runner)
		if _, err := sess.Execute(context.Background(), src); err != nil {
			fmt.Fprintf(os.Stderr, "%s: type %s cannot run in a process: it needs a method Run(): %v\n", j.Name, j.Runner, errText(err))
			return 1, false
		}
	}
	fn, err := sess.Value(target)
	if err != nil {
		msg := errText(err)
		for _, l := range lost {
			if l == target {
				msg = "it could not be restored from the notebook"
			}
		}
		fmt.Fprintf(os.Stderr, "%s: cannot call %s: %s\n", j.Name, target, msg)
		return 1, false
	}
	args, err := c.Args(fn.Type())
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", j.Name, err)
		return 1, false
	}
	status, err = sess.Call(fn, args)
	var e *eval.Error
	if errors.As(err, &e) {
		switch e.Name {
		case eval.PanicError:
			fmt.Fprintf(os.Stderr, "panic: %s [in process %s, pid %d]\n", e.Message, j.Name, os.Getpid())
		case eval.ExitError:
			return status, true
		}
	}
	return status, false
}

func errText(err error) string {
	if e, ok := err.(*eval.Error); ok {
		return e.Message
	}
	return err.Error()
}

// printDisplay writes what a child displays as text: the text/plain form,
// or a line saying what kind of output it was.
func printDisplay(w io.Writer, m display.Message) {
	if m.Kind == display.KindClear {
		return
	}
	if raw, ok := m.Data["text/plain"]; ok {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			fmt.Fprintln(w, s)
			return
		}
	}
	var kinds []string
	for k := range m.Data {
		kinds = append(kinds, k)
	}
	fmt.Fprintf(w, "[%s output: shown only by the notebook's own process]\n", strings.Join(kinds, ", "))
}
