package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"gocell/internal/notebook"
	"gocell/internal/runner"
	"gocell/internal/worker"
	"gocell/kernel"
)

const runUsage = `usage: gocell run [flags] NOTEBOOK.ipynb

Runs the notebook's code cells in order, as the kernel does, printing each
cell's output. Exits with status 1 when a cell fails, or when a cell tagged
raises-exception does not fail.

flags:
  -o, --output FILE.ipynb   write the executed notebook to FILE.ipynb
  --inplace                 write the executed notebook over NOTEBOOK.ipynb
  --timeout DURATION        interrupt and fail a cell that runs longer (e.g. 60s; default: no limit)
  --keep-going              run every cell, not stopping at the first failure
  -q, --quiet               print only failures and the summary, not the cells' output
`

// runNotebook implements "gocell run".
func runNotebook(args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var output string
	fs.StringVar(&output, "output", "", "")
	fs.StringVar(&output, "o", "", "")
	inplace := fs.Bool("inplace", false, "")
	timeout := fs.Duration("timeout", 0, "")
	keepGoing := fs.Bool("keep-going", false, "")
	var quiet bool
	fs.BoolVar(&quiet, "quiet", false, "")
	fs.BoolVar(&quiet, "q", false, "")

	files, err := parseInterleaved(fs, args, runUsage, "run")
	if err != nil || files == nil {
		return err
	}
	switch {
	case len(files) != 1:
		fmt.Fprint(os.Stderr, runUsage)
		return errors.New("run: give one notebook")
	case *inplace && output != "":
		return errors.New("run: --inplace and --output exclude each other")
	case *timeout < 0:
		return errors.New("run: --timeout must not be negative")
	}
	path := files[0]
	if *inplace {
		output = path
	}
	nb, err := notebook.ReadFile(path)
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	rep, runErr := runCells(ctx, nb, runner.Options{
		Out:       os.Stdout,
		Quiet:     quiet,
		Color:     isTerminal(os.Stdout),
		Timeout:   *timeout,
		KeepGoing: *keepGoing,
	})
	if runErr != nil && rep == nil {
		return fmt.Errorf("run: %w", runErr)
	}
	if output != "" {
		if err := notebook.WriteFile(output, nb); err != nil {
			return fmt.Errorf("run: %w", err)
		}
	}
	if runErr != nil {
		return fmt.Errorf("run: %w", runErr)
	}
	return rep.Err()
}

// runCells runs nb's cells with a worker started as the kernel starts it, and
// ends the worker, and whatever the cells started, before it returns.
func runCells(ctx context.Context, nb *notebook.Notebook, opts runner.Options) (*runner.Report, error) {
	sup, err := worker.NewSupervisor(worker.Config{Logger: newLogger()})
	if err != nil {
		return nil, err
	}
	ev := &goEvaluator{sup: sup}
	defer ev.Close()
	return runner.Run(ctx, nb, &cellExecutor{ev: ev}, opts)
}

// parseInterleaved parses args with fs, flags coming before or after the
// files, and returns the files. After -h, it prints usage and returns no
// files and no error.
func parseInterleaved(fs *flag.FlagSet, args []string, usage, cmd string) ([]string, error) {
	files := []string{}
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(os.Stdout, usage)
				return nil, nil
			}
			fmt.Fprint(os.Stderr, usage)
			return nil, fmt.Errorf("%s: %w", cmd, err)
		}
		if fs.NArg() == 0 {
			return files, nil
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// cellExecutor runs the runner's cells with the kernel's evaluator. The
// runner has no front end to answer input requests: reading standard input
// sees end of file.
type cellExecutor struct {
	ev    *goEvaluator
	count int
}

// interruptEvery is how often a cell whose context is done is interrupted
// again, until it ends.
const interruptEvery = 250 * time.Millisecond

// stuckAfter is how long after an interrupt Execute waits for the cell to end
// before giving up on it; the evaluator replaces a worker that does not stop
// well before.
const stuckAfter = 60 * time.Second

func (e *cellExecutor) Execute(ctx context.Context, code string, out runner.Sink) (runner.Outcome, error) {
	e.count++
	// The cell is not run under ctx: the evaluator would stop waiting for it
	// but leave it running. Ending ctx interrupts the cell instead.
	execCtx, giveUp := context.WithCancel(context.WithoutCancel(ctx))
	defer giveUp()
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-done:
			return
		case <-ctx.Done():
		}
		tick := time.NewTicker(interruptEvery)
		defer tick.Stop()
		deadline := time.After(stuckAfter)
		for {
			e.ev.Interrupt()
			select {
			case <-done:
				return
			case <-deadline:
				giveUp()
				return
			case <-tick.C:
			}
		}
	}()
	o := e.ev.Execute(execCtx, kernel.Cell{Code: code, ExecutionCount: e.count}, output{out})
	var res runner.Outcome
	if o.Result != nil {
		res.Result = &runner.Bundle{Data: o.Result.Data, Metadata: o.Result.Metadata}
	}
	if o.Err != nil {
		res.Err = &runner.CellError{Name: o.Err.Name, Value: o.Err.Value, Traceback: o.Err.Traceback}
	}
	return res, nil
}

// output passes the kernel evaluator's output of a cell to the runner.
type output struct{ sink runner.Sink }

func (o output) Stream(name string, p []byte) { o.sink.Stream(name, p) }

func (o output) Display(d kernel.Display) {
	o.sink.Display(runner.Display{
		Bundle: runner.Bundle{Data: d.Data, Metadata: d.Metadata},
		ID:     d.ID,
		Update: d.Update,
	})
}

func (o output) ClearOutput(wait bool) { o.sink.ClearOutput(wait) }

func (o output) Input(ctx context.Context, prompt string, password bool) (string, error) {
	return "", kernel.ErrNoStdin
}

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}
