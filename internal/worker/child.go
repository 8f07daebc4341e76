package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"runtime/debug"
	"strings"

	"gocell/internal/check"
	"gocell/internal/display"
	"gocell/internal/eval"
	"gocell/internal/sandbox"
)

// Child runs a child process of the sandbox: it readies an interpreter,
// restores the notebook's declarations (ahead of its job when it is one of
// the pool's), takes its job (sandbox.Child), calls the job's function,
// waits for the processes that function started, and returns the exit
// status the process should exit with.
func Child() int {
	log.SetOutput(io.Discard)
	// Readying an interpreter allocates much that lives on: collecting
	// garbage meanwhile only costs time, which a busy notebook's next Start
	// waits for. The job runs with the collector on.
	gc := debug.SetGCPercent(-1)
	sess, err := eval.New(eval.Options{Stdout: os.Stdout, Stderr: os.Stderr})
	if err != nil {
		fmt.Fprintln(os.Stderr, "gocell child:", err)
		return 1
	}
	c, err := sandbox.NewChild()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gocell child:", err)
		return 1
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gocell child:", err)
		return 1
	}
	var decls json.RawMessage // the notebook's, once known
	h, err := sandbox.NewHost(sandbox.Config{
		Child:   c,
		Command: []string{exe, "child"},
		Decls:   func() (json.RawMessage, error) { return decls, nil },
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "gocell child:", err)
		return 1
	}
	// A child has no front end of its own: what it displays goes to its
	// standard output as text. Checks work in a child too: their lines are
	// printed, and a failed check makes the child exit with status 1.
	show := func(m display.Message) { printDisplay(os.Stdout, m) }
	chk := newChecker(show, h)
	for _, u := range []struct {
		path    string
		symbols map[string]any
	}{
		{display.ImportPath, display.New(show).Symbols()},
		{sandbox.ImportPath, h.Symbols()},
		{check.ImportPath, chk.Symbols()},
	} {
		if err := sess.Use(u.path, u.symbols); err != nil {
			fmt.Fprintln(os.Stderr, "gocell child:", err)
			return 1
		}
	}
	var lost, more []string
	for {
		j, err := c.Next()
		if err != nil {
			return 1 // the parent discarded this child, or is gone
		}
		if len(j.Decls) > 0 {
			// The notebook's declarations, or those it declared since the
			// child prepared: restored on top of the others.
			if decls, err = appendDecls(decls, j.Decls); err == nil {
				more, err = replay(sess, j.Decls)
			}
			if err != nil {
				fmt.Fprintf(os.Stderr, "gocell child: %v\n", err)
				return 1
			}
			lost = append(lost, more...)
		}
		if !j.Prepare {
			break
		}
	}
	if err := c.Accept(); err != nil {
		return 1
	}
	debug.SetGCPercent(gc)
	status, exited := runJob(sess, c, lost)
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

// appendDecls returns the JSON array of declarations all followed by those
// of more.
func appendDecls(all, more json.RawMessage) (json.RawMessage, error) {
	var a, b []json.RawMessage
	if len(all) > 0 {
		if err := json.Unmarshal(all, &a); err != nil {
			return nil, fmt.Errorf("the notebook's declarations: %w", err)
		}
	}
	if err := json.Unmarshal(more, &b); err != nil {
		return nil, fmt.Errorf("the notebook's declarations: %w", err)
	}
	return json.Marshal(append(a, b...))
}

// replay restores the notebook's declarations in sess, as a child has them,
// and returns the names it could not restore.
func replay(sess *eval.Session, raw json.RawMessage) (lost []string, err error) {
	var decls []eval.Decl
	if err := json.Unmarshal(raw, &decls); err != nil {
		return nil, fmt.Errorf("the notebook's declarations: %w", err)
	}
	_, lost, _ = sess.Replay(decls)
	return lost, nil
}

// runJob calls the job's target in sess, which holds the notebook's
// declarations but lost. It returns the exit status, and whether the target
// called os.Exit.
func runJob(sess *eval.Session, c *sandbox.Child, lost []string) (status int, exited bool) {
	j := c.Job
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
