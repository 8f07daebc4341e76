// Package worker owns the evaluator worker: the process that runs cells, apart from the
// process that speaks to Jupyter.
//
// Serve is the worker's side: it runs an eval.Session and answers requests read from a
// pipe. Supervisor is the kernel's side: it starts the worker, relays the worker's
// standard output and error (read at the descriptor level, so output of goroutines and of
// child processes is caught too), notices when the worker dies, starts a new one with the
// notebook's declarations restored, and replaces a worker whose cell does not stop after
// an interrupt.
//
// The package knows nothing of Jupyter messages and does not interpret Go itself; that is
// package eval's work.
package worker
