// Package sandbox gives notebook cells real operating-system processes, and
// the locks and queues they share: what Python's multiprocessing gives a
// script. Cells import it as "gocell/sandbox".
//
//	func task(name string) {
//		fmt.Println("hello", name, "from pid", os.Getpid())
//	}
//
//	p := sandbox.Command(task, "egon")
//	p.Start()
//	p.Join()
//
// # Processes
//
// [Command] makes a [Process] that calls a top-level function of the
// notebook with arguments; [New] makes one that calls the Run method of a
// value. Start starts it; Join waits for it (JoinTimeout for a while);
// IsAlive, Terminate (SIGTERM), Kill (SIGKILL), Pid and ExitCode tell and
// act as their names say. SetDaemon, before Start, makes a daemon: a child
// killed when the cell that started it ends. [Current] describes the
// process the code runs in.
//
// A child is spawned, not forked: it is a fresh interpreter holding every
// declaration of the notebook so far (imports, types, functions, and global
// variables with their initial values). It then calls the target with
// copies of the arguments. Top-level statements of cells do not run again
// in it. Its standard output and error are the cell's. Channels, functions
// and values holding them cannot be copied: Start says so.
//
// A cell is a program. When its top-level code has finished, the cell waits
// for the children it started that are not daemons, and kills the daemons,
// as a Python script does when its main module ends. A child that has
// exited stays a zombie (state Z) until Join, or until its cell ends:
// nothing reaps it behind the cell's back. An orphan (a child's child whose
// parent has exited) is adopted by the process that runs the cells, which
// asks Linux for this (PR_SET_CHILD_SUBREAPER); it is killed when the cell
// ends. When the kernel ends, every process started here ends with it.
//
// # Locks and queues
//
// [NewLock] makes a [Lock] that processes share: an flock(2) lock on a
// file; hand it to children as an argument. [NewQueue] makes a bounded
// [Queue] that processes share, and [NewJoinableQueue] one that also counts
// finished tasks.
//
// # Seeing it
//
// [PS] and [Table] give the notebook's processes as /proc shows them, [Tree]
// draws them, and [Timeline] draws when each process of the cell ran and
// held a lock, with the goroutines the cell recorded with [Track].
//
// # Limits
//
// A kernel runs at most 64 child processes at a time, and a child may use at
// most 512 MiB of memory (see [SetLimits]). Start fails beyond the first;
// a child that goes beyond the second fails as Go fails out of memory. A fork
// bomb thus meets an error instead of taking the machine.
//
// This package does not run Go code itself: the process that embeds it (the
// worker, and each child) owns the interpreter, and gives a [Host] what it
// needs: the notebook's declarations, and a way to run a child's job (see
// [Job]).
package sandbox
