// Command gocell is a Jupyter kernel for Go.
//
//	gocell kernel --connection-file FILE    run the kernel (Jupyter starts it so)
//	gocell kernelspec [--binary PATH] DIR    write the kernelspec into DIR
//	gocell run [flags] NOTEBOOK.ipynb        run a notebook's cells in the terminal
//	gocell assign SOURCE.ipynb OUT.ipynb     write the student's version of an assignment
//	gocell grade [flags] SOURCE SUBMISSION   grade a submission
//	gocell --version                         print the version
//
// The kernel runs cells in a worker process, which is this program started as
// "gocell worker".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"

	"gocell/internal/worker"
	"gocell/kernel"
	"gocell/kernel/kernelspec"
	"gocell/kernel/wire"
)

// version is gocell's version.
const version = "0.1.0"

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gocell:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		usage()
		return errors.New("no command")
	}
	switch args[0] {
	case "kernel":
		return runKernel(args[1:])
	case "run":
		return runNotebook(args[1:])
	case "assign":
		return runAssign(args[1:])
	case "grade":
		return runGrade(args[1:])
	case "worker":
		return worker.Serve()
	case "child":
		os.Exit(worker.Child())
	case "kernelspec":
		return runKernelspec(args[1:])
	case "version", "--version", "-version", "-v":
		fmt.Println(versionString())
		return nil
	case "help", "-h", "--help", "-help":
		usage()
		return nil
	}
	usage()
	return fmt.Errorf("unknown command %q", args[0])
}

func usage() {
	fmt.Fprint(os.Stderr, `usage:
  gocell kernel --connection-file FILE   run the kernel (as Jupyter does)
  gocell kernelspec [--binary PATH] DIR  write the kernelspec into DIR
  gocell run [flags] NOTEBOOK.ipynb      run a notebook's cells and print their output (gocell run -h)
  gocell assign SOURCE.ipynb OUT.ipynb   write the student's version of an assignment
  gocell grade [flags] SOURCE SUBMISSION grade a submission of an assignment (gocell grade -h)
  gocell --version                       print the version
`)
}

func versionString() string {
	return fmt.Sprintf("gocell %s (%s, yaegi %s)", version, runtime.Version(), moduleVersion("github.com/traefik/yaegi"))
}

func moduleVersion(path string) string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == path {
				return d.Version
			}
		}
	}
	return "unknown"
}

func runKernelspec(args []string) error {
	fs := flag.NewFlagSet("kernelspec", flag.ContinueOnError)
	binary := fs.String("binary", "", "path of the gocell binary the kernelspec starts (default: this program)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: gocell kernelspec [--binary PATH] DIR")
	}
	bin := *binary
	if bin == "" {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("finding this program: %w", err)
		}
		bin = exe
	}
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	return kernelspec.Write(fs.Arg(0), bin)
}

func runKernel(args []string) error {
	fs := flag.NewFlagSet("kernel", flag.ContinueOnError)
	var connFile string
	fs.StringVar(&connFile, "connection-file", "", "the connection file Jupyter wrote")
	fs.StringVar(&connFile, "f", "", "short for --connection-file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if connFile == "" {
		return errors.New("kernel: --connection-file is required")
	}
	info, err := wire.ReadConnectionFile(connFile)
	if err != nil {
		return err
	}
	logger := newLogger()
	sup, err := worker.NewSupervisor(worker.Config{Logger: logger})
	if err != nil {
		return err
	}
	k, err := kernel.New(kernel.Config{
		Connection:      info,
		Evaluator:       &goEvaluator{sup: sup},
		Version:         version,
		LanguageVersion: strings.TrimPrefix(runtime.Version(), "go"),
		Banner:          versionString() + "\nGo cells for Jupyter",
		Logger:          logger,
	})
	if err != nil {
		sup.Close()
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	sigint := make(chan os.Signal, 1)
	signal.Notify(sigint, syscall.SIGINT)
	go func() {
		for range sigint {
			k.Interrupt()
		}
	}()
	err = k.Run(ctx)
	if errors.Is(err, context.Canceled) {
		err = nil
	}
	return err
}

// newLogger logs to standard error, which Jupyter shows in its own log, at the level
// named by GOCELL_LOG (debug, info, warn, error; warn by default).
func newLogger() *slog.Logger {
	level := slog.LevelWarn
	if v := os.Getenv("GOCELL_LOG"); v != "" {
		level.UnmarshalText([]byte(v))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}
