package eval

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"io"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/traefik/yaegi/interp"
)

// Magics are the IPython commands a cell may hold besides Go code:
//
//   - %help, alone in a cell, prints what a cell can do;
//   - %reset, alone, starts a new interpreter: the notebook's declarations
//     and variables are gone (Result.Reset tells);
//   - %env lists the environment, %env NAME prints a variable, and
//     %env NAME=value or %env NAME value sets one, for the process (and so
//     the commands of ! lines) and for os.Getenv in cells;
//   - %%time, as the first line, runs the rest of the cell and prints its
//     wall and CPU time;
//   - a line starting with ! runs the rest of the line with /bin/sh -c, in
//     order with the Go code around it. Its output goes to the session's
//     Stdout and Stderr; a non-zero exit status is reported on Stderr but
//     does not fail the cell. An interrupt kills the command.
//
// A ! line is one where a Go statement could start: not inside a string
// literal, a comment, parentheses or brackets, nor continuing an expression
// (`a &&` followed by a line `!b`). A line after `{` or `:` that ends with
// a comma is taken for an element of a composite literal.
//
// Other magics are errors named MagicError.

// MagicError is the Name of the error of a magic that does not exist or is
// used wrongly.
const MagicError = "magic"

// shellFunc is the hidden package's function that a ! line becomes.
const shellFunc = "Shell"

// helpText is what %help prints.
const helpText = `gocell runs Go cells with the yaegi interpreter.

A cell may mix imports, declarations and statements. What a cell declares
(variables, functions, types, imports) stays for the next cells; a cell
ending in an expression shows its value. import "gocell/display" to show
HTML, images and more. Interrupt the kernel to stop a cell.

Magics:
  %help             this text
  %reset            forget all the notebook's declarations and variables
  %env              list the environment
  %env NAME         print an environment variable
  %env NAME=value   set an environment variable (also %env NAME value)
  %%time            first line of a cell: print how long the cell took
  !command          a line run by /bin/sh -c, in order with the Go code
`

// magic runs the magics of a cell. It reports whether it handled the cell;
// if not, Execute runs the cell as Go code.
func (s *Session) magic(ctx context.Context, code string) (handled bool, res Result, err error) {
	s.shellMu.Lock()
	s.shellCtx = ctx
	s.shellMu.Unlock()

	line, first, rest := firstLine(code)
	switch {
	case strings.HasPrefix(first, "%%"):
		name, _, _ := strings.Cut(first[2:], " ")
		if name != "time" {
			return true, res, s.failCell(MagicError, fmt.Sprintf("unknown cell magic %%%%%s; %%help lists the magics", name), line, 1)
		}
		if strings.TrimSpace(first) != "%%time" {
			return true, res, s.failCell(MagicError, "%%time takes no arguments: the cell's code goes on the next lines", line, 1)
		}
		res, err = s.timeCell(ctx, strings.Repeat("\n", line)+rest)
		return true, res, err
	case strings.HasPrefix(first, "%"):
		name, args, _ := strings.Cut(first[1:], " ")
		switch name {
		case "help", "reset", "env":
		default:
			return true, res, s.failCell(MagicError, fmt.Sprintf("unknown magic %%%s; %%help lists them", name), line, 1)
		}
		if strings.TrimSpace(rest) != "" {
			return true, res, s.failCell(MagicError, fmt.Sprintf("%%%s must be alone in its cell", name), line, 1)
		}
		res, err = s.lineMagic(name, strings.TrimSpace(args), line)
		return true, res, err
	}

	spans := shellLines(code)
	if len(spans) == 0 {
		return false, res, nil
	}
	if err := s.useShell(); err != nil {
		return true, res, err
	}
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		cmd := strings.TrimSpace(code[sp.start+1 : sp.end])
		fmt.Fprintf(&b, "%s%s.%s(%s)", code[last:sp.start], hiddenPkg, shellFunc, strconv.Quote(cmd))
		last = sp.end
	}
	b.WriteString(code[last:])
	res, err = s.Execute(ctx, b.String())
	return true, res, err
}

// failCell counts a cell that fails before it runs, so that the labels of
// later cells stay right, and returns its error.
func (s *Session) failCell(name, msg string, line, col int) error {
	s.run.Lock()
	defer s.run.Unlock()
	s.cells++
	return newError(name, msg, line, col)
}

// firstLine returns the first non-blank line of code, trimmed, with its
// number (1-based), and what follows it.
func firstLine(code string) (n int, line, rest string) {
	for n = 1; ; n++ {
		line, rest, _ = strings.Cut(code, "\n")
		if strings.TrimSpace(line) != "" || rest == "" {
			return n, strings.TrimSpace(line), rest
		}
		code = rest
	}
}

// lineMagic runs the line magic name, alone in its cell at line n.
func (s *Session) lineMagic(name, args string, n int) (res Result, err error) {
	s.run.Lock()
	defer s.run.Unlock()
	s.cells++
	switch name {
	case "help":
		if _, err := io.WriteString(s.stdout, helpText); err != nil {
			return res, fmt.Errorf("eval: %%help: %w", err)
		}
	case "reset":
		if args != "" {
			return res, newError(MagicError, "%reset takes no arguments", n, 1)
		}
		s.stopAll()
		if err := s.start(); err != nil {
			return res, fmt.Errorf("eval: %%reset: %w", err)
		}
		res.Reset = true
		fmt.Fprintln(s.stdout, "the notebook's declarations and variables are gone")
	case "env":
		return res, s.env(args, n)
	}
	return res, nil
}

// env runs %env with its arguments; s.run is held.
func (s *Session) env(args string, n int) error {
	if args == "" {
		env := os.Environ()
		slices.Sort(env)
		var b strings.Builder
		for _, kv := range env {
			b.WriteString(kv)
			b.WriteByte('\n')
		}
		_, err := io.WriteString(s.stdout, b.String())
		return err
	}
	sep := " "
	if f := strings.Fields(args)[0]; strings.Contains(f, "=") {
		sep = "="
	}
	name, value, set := strings.Cut(args, sep)
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if name == "" || strings.ContainsAny(name, " \t=") {
		return newError(MagicError, fmt.Sprintf("%%env %s: not a variable name", args), n, 1)
	}
	if !set {
		v, ok := os.LookupEnv(name)
		if !ok {
			return newError(MagicError, fmt.Sprintf("%%env: no environment variable %s", name), n, 1)
		}
		fmt.Fprintln(s.stdout, v)
		return nil
	}
	if err := os.Setenv(name, value); err != nil {
		return newError(MagicError, fmt.Sprintf("%%env: %v", err), n, 1)
	}
	// yaegi keeps the environment of cells in a map of its own, that its
	// os.Setenv changes.
	setenv, ok := s.interp.Symbols("os")["os"]["Setenv"].Interface().(func(string, string) error)
	if !ok {
		return fmt.Errorf("eval: %%env: the interpreter has no os.Setenv")
	}
	if err := setenv(name, value); err != nil {
		return fmt.Errorf("eval: %%env: %w", err)
	}
	fmt.Fprintf(s.stdout, "env: %s=%s\n", name, value)
	return nil
}

// timeCell runs code as a cell and prints how long it took.
func (s *Session) timeCell(ctx context.Context, code string) (Result, error) {
	var self0, children0 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self0)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children0)
	start := time.Now()
	res, err := s.Execute(ctx, code)
	wall := time.Since(start)
	var self1, children1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self1)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children1)
	since := func(t1, t0 syscall.Timeval) time.Duration {
		return time.Duration(t1.Nano() - t0.Nano())
	}
	user := since(self1.Utime, self0.Utime) + since(children1.Utime, children0.Utime)
	sys := since(self1.Stime, self0.Stime) + since(children1.Stime, children0.Stime)
	fmt.Fprintf(s.stdout, "CPU time: user %s, sys %s\nWall time: %s\n",
		formatDuration(user), formatDuration(sys), formatDuration(wall))
	return res, err
}

// formatDuration formats d for %%time: 850 µs, 12.3 ms, 4.56 s, 2m3s.
func formatDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%d µs", d.Microseconds())
	case d < time.Second:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	case d < time.Minute:
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return d.Round(time.Second).String()
}

// useShell adds the function that ! lines call to the hidden package, once:
// it is kept in s.uses, which every new interpreter gets.
func (s *Session) useShell() error {
	s.run.Lock()
	defer s.run.Unlock()
	if s.shellUsed {
		return nil
	}
	ex := interp.Exports{hiddenPath + "/cellrt": {shellFunc: reflect.ValueOf(s.shell)}}
	if err := s.interp.Use(ex); err != nil {
		return fmt.Errorf("eval: adding the shell function: %w", err)
	}
	s.uses = append(s.uses, ex)
	s.shellUsed = true
	return nil
}

// shell runs the command of a ! line, writing to the session's output, and
// waits for it. An interrupt of the cell kills it and the processes it
// started.
func (s *Session) shell(command string) {
	s.shellMu.Lock()
	ctx := s.shellCtx
	s.shellMu.Unlock()
	if ctx == nil {
		ctx = context.Background()
	}
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", command)
	cmd.Stdout, cmd.Stderr = s.stdout, s.stderr // stdin: /dev/null
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	err := cmd.Run()
	if err == nil || ctx.Err() != nil {
		return
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() >= 0 {
		err = fmt.Errorf("exit status %d", exit.ExitCode())
	}
	fmt.Fprintf(s.stderr, "!%s: %v\n", command, err)
}

// span is a range of bytes of a cell.
type span struct{ start, end int }

// shellLines returns the ! lines of a cell: from the ! to the end of the
// line, without the newline.
func shellLines(src string) []span {
	var spans []span
	var open []token.Token // brackets not closed
	prev := token.ILLEGAL  // previous token, ILLEGAL at the start
	for off := 0; off < len(src); {
		// A ! line is not Go: scan again after each one.
		fset := token.NewFileSet()
		f := fset.AddFile("", -1, len(src)-off)
		var sc scanner.Scanner
		sc.Init(f, []byte(src[off:]), func(token.Position, string) {}, scanner.ScanComments)
		next := len(src)
	scan:
		for {
			pos, tok, _ := sc.Scan()
			o := off + f.Offset(pos)
			switch tok {
			case token.EOF:
				break scan
			case token.COMMENT:
				continue
			case token.LPAREN, token.LBRACK, token.LBRACE:
				open = append(open, tok)
			case token.RPAREN, token.RBRACK, token.RBRACE:
				if len(open) > 0 {
					open = open[:len(open)-1]
				}
			case token.NOT:
				if isShellLine(src, o, prev, open) {
					end := strings.IndexByte(src[o:], '\n')
					if end < 0 {
						end = len(src) - o
					}
					spans = append(spans, span{o, o + end})
					prev, next = token.SEMICOLON, o+end
					break scan
				}
			}
			prev = tok
		}
		off = next
	}
	return spans
}

// isShellLine reports whether the ! at offset o of src starts a ! line,
// prev being the token before it and open the brackets around it.
func isShellLine(src string, o int, prev token.Token, open []token.Token) bool {
	lineStart := strings.LastIndexByte(src[:o], '\n') + 1
	if strings.TrimLeft(src[lineStart:o], " \t") != "" {
		return false
	}
	if len(open) > 0 && open[len(open)-1] != token.LBRACE {
		return false
	}
	switch prev {
	case token.ILLEGAL, token.SEMICOLON, token.RBRACE:
		return true
	case token.LBRACE, token.COLON:
		// Maybe an element of a composite literal: {\n!ok,\n}.
		line, _, _ := strings.Cut(src[o:], "\n")
		return !strings.HasSuffix(strings.TrimSpace(line), ",")
	}
	return false
}
