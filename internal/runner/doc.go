// Package runner runs the code cells of a notebook in order, as a front end
// would, and records what they produce in the notebook.
//
// A run goes through an Executor, which runs one cell's code and reports its
// output to a Sink as it comes; the gocell command's executor is the kernel's
// worker process, and tests use fakes. While the cells run, their output is
// printed to a writer for a person to read; when the run ends, each cell holds
// its outputs and execution count as Jupyter would have saved them, and a
// Report says which cells failed.
//
// A cell tagged "raises-exception" is expected to fail: its error is recorded
// and printed but does not fail the run, and the cell failing to fail does. A
// cell that runs longer than the per-cell timeout is interrupted and fails. By
// default the run stops at the first unexpected failure, as nbclient does.
//
// The package does not start or stop kernels or workers, read or write files,
// or parse command lines: its callers do.
package runner
