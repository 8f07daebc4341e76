// Package kernel is the Jupyter side of gocell: it binds the five channels named in a
// connection file, decodes and signs messages (through package wire), dispatches each
// request to one handler, publishes status, streams and results on iopub, and asks the
// front end for input on stdin.
//
// The kernel never runs cell code. Cells are run by an Evaluator, an interface this
// package defines and the program's main package supplies; in gocell the evaluator is a
// separate worker process. The kernel therefore imports neither the interpreter nor the
// worker, and a fake Evaluator is enough to test the whole protocol in process.
//
// Stream output is coalesced per cell: bytes written by a cell are batched into few
// stream messages, flushed at least every 50 ms and when the cell ends, never splitting
// a UTF-8 character, and capped per cell.
package kernel
