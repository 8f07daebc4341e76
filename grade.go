package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"gocell/internal/assign"
	"gocell/internal/notebook"
	"gocell/internal/runner"
)

const assignUsage = `usage: gocell assign SOURCE.ipynb OUT.ipynb

Writes the student's version of an instructor's notebook: the lines between
"// BEGIN SOLUTION" and "// END SOLUTION" in solution cells (nbgrader.solution)
become a stub, the lines between "// BEGIN HIDDEN TESTS" and "// END HIDDEN
TESTS" in test cells (nbgrader.grade) are removed, and outputs are cleared.
`

const gradeUsage = `usage: gocell grade [flags] SOURCE.ipynb SUBMISSION.ipynb

Runs a submission with the source's test cells (hidden tests included) and
prints the points of each exercise and the total. A test cell that fails,
times out or does not run earns nothing; every cell runs, whatever failed
before it.

flags:
  --json FILE        also write the grade as JSON to FILE
  --timeout DURATION interrupt and fail a cell that runs longer (default 10s)
  -v, --verbose      print the cells' output (on standard error) as they run
`

// runAssign implements "gocell assign".
func runAssign(args []string) error {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		fmt.Print(assignUsage)
		return nil
	}
	if len(args) != 2 {
		fmt.Fprint(os.Stderr, assignUsage)
		return errors.New("assign: give the source notebook and the output notebook")
	}
	src, err := notebook.ReadFile(args[0])
	if err != nil {
		return fmt.Errorf("assign: %w", err)
	}
	nb, err := assign.Student(src)
	if err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	if err := notebook.WriteFile(args[1], nb); err != nil {
		return fmt.Errorf("assign: %w", err)
	}
	return nil
}

// runGrade implements "gocell grade".
func runGrade(args []string) error {
	fs := flag.NewFlagSet("grade", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	jsonOut := fs.String("json", "", "")
	timeout := fs.Duration("timeout", 10*time.Second, "")
	var verbose bool
	fs.BoolVar(&verbose, "verbose", false, "")
	fs.BoolVar(&verbose, "v", false, "")
	files, err := parseInterleaved(fs, args, gradeUsage, "grade")
	if err != nil || files == nil {
		return err
	}
	switch {
	case len(files) != 2:
		fmt.Fprint(os.Stderr, gradeUsage)
		return errors.New("grade: give the source notebook and the submission")
	case *timeout <= 0:
		return errors.New("grade: --timeout must be positive")
	}
	src, err := notebook.ReadFile(files[0])
	if err != nil {
		return fmt.Errorf("grade: %w", err)
	}
	if err := assign.Validate(src); err != nil {
		return fmt.Errorf("grade: %s: %w", files[0], err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	g, err := gradeSubmission(ctx, src, files[1], *timeout, verbose)
	if err != nil {
		return fmt.Errorf("grade: %w", err)
	}
	fmt.Print(g.Summary())
	if *jsonOut != "" {
		b, err := json.MarshalIndent(g, "", "  ")
		if err != nil {
			return fmt.Errorf("grade: %w", err)
		}
		if err := os.WriteFile(*jsonOut, append(b, '\n'), 0o644); err != nil {
			return fmt.Errorf("grade: %w", err)
		}
	}
	return nil
}

// gradeSubmission grades the submission in file against src. A submission
// that cannot be read or run gets 0 for every exercise, with the reason;
// the error is for a grading that could not happen (the worker could not
// start, or the grading was cancelled).
func gradeSubmission(ctx context.Context, src *notebook.Notebook, file string, timeout time.Duration, verbose bool) (*assign.Grade, error) {
	sub, err := notebook.ReadFile(file)
	if err != nil {
		return failAll(src, fmt.Sprintf("the submission could not be read: %v", err)), nil
	}
	merged, err := assign.Merge(src, sub)
	if err != nil {
		return failAll(src, fmt.Sprintf("the submission could not be prepared: %v", err)), nil
	}
	var out io.Writer = io.Discard
	if verbose {
		out = os.Stderr
	}
	rep, runErr := runCells(ctx, merged, runner.Options{
		Out:       out,
		Quiet:     !verbose,
		Timeout:   timeout,
		KeepGoing: true,
	})
	if runErr != nil && (rep == nil || ctx.Err() != nil) {
		return nil, runErr
	}
	return assign.Score(src, merged, rep), nil
}

// failAll is the grade of a submission that could not run.
func failAll(src *notebook.Notebook, why string) *assign.Grade {
	g := assign.Score(src, &notebook.Notebook{}, nil)
	for i := range g.Exercises {
		g.Exercises[i].Status, g.Exercises[i].Reason = "failed", why
	}
	return g
}
