// Package eval runs notebook cells with the yaegi Go interpreter.
//
// It owns the yaegi side of the kernel:
//
//   - cells: a [Session] holds one interpreter and the notebook's state;
//     [Session.Execute] runs one cell, [Session.Restore] gives a fresh session
//     the declarations of earlier cells;
//   - source lowering: a cell may mix imports, declarations and statements in
//     any order; it is split with go/parser into chunks yaegi accepts, and the
//     chunks' syntax trees are rewritten before yaegi compiles them: hidden
//     value capture, statement markers for panic positions, print and println
//     to standard error, func main run as go run does, Go 1.22 loop
//     variables, range over integers, min, max and clear, break out of a
//     select, declarations made again (see below), and work-arounds for
//     what yaegi gets wrong (see below);
//   - positions: every error is reported in the cell's own lines;
//   - completion ([Session.Complete]), inspection ([Session.Inspect]) and the
//     "is this cell complete" check ([IsComplete]);
//   - magics: %help, %reset, %env, %%time, %%background, and !command lines,
//     which run as child processes in order with the cell's code (magic.go).
//
// It does not own anything Jupyter: it has no Jupyter message types, starts no
// processes but those of !command lines, and reads or writes no pipes. Output goes to the *os.File values
// given in [Options]; input comes from the io.Reader given there. The worker
// process that embeds a Session does the rest (publishing output, restarting
// after a crash, killing a cell that does not stop).
//
// # yaegi v0.16.1 behaviour that shapes this package
//
// An Eval is either all declarations or all statements, so cells are split.
// Imports are remembered per file base name, so every chunk is compiled as a
// file named "<seq>.<chunk>/cell.go": imports are shared, yet positions tell
// which cell and chunk they belong to. A second import of a package is an
// error in yaegi, so imports already done are skipped. Statements at top level
// run in the interpreter's global frame: `x := 1` persists. A package-level
// var whose initializer uses a variable of an earlier compilation fails
// ("variable definition loop"), so such a var is declared by a statement.
//
// Declaring a name again does not do in yaegi what a student expects: a new
// variable is made, that functions compiled earlier do not see; functions
// compiled earlier keep calling the old function; a type or method declared
// again is ignored. So `x := 1` run again becomes an assignment (when the
// type is the same), the functions that use a function, constant or variable
// declared again are compiled again, and a type or method declared again
// makes the session start a new interpreter into which it restores the
// notebook's declarations (variables get back their initial values;
// Result.Warnings tells).
//
// yaegi compiles the blocks nested in top-level statements badly (a := in
// them may set a notebook variable, `v, err := f()` in them declares
// nothing), so a top-level if, for, switch, select or block runs as the
// body of a function literal called at once (see localize). It keeps
// references where Go copies values: to the arguments of a deferred call,
// to variables of a loop body declared by some forms of :=, to the results
// of the previous call of a function; and it drops values in assignments
// of several values. The lowering works around each (see defer.go,
// loopvar.go, results.go, multi.go), and reports as errors the few
// statements it cannot run as Go would: a defer or return at top level,
// and some deferred function literals in loops.
//
// Cancellation stops interpreted code between two nodes, but yaegi's
// ExecuteWithContext returns at once while its goroutine may still be blocked
// in a native call (sync.WaitGroup.Wait, a read); if the next cell started
// then, the old one would resume its remaining top-level statements. Execute
// therefore returns from an interrupted cell only once that goroutine is gone.
// A cancel also stops every goroutine that earlier cells left running. Cells
// call a time.Sleep that returns when the goroutines are stopped (sleep.go).
//
// A cell is a program: when its top-level code has finished, the goroutines
// it started are stopped, as when main returns, and the cell says how many
// on standard error (see runProgram). They are found in a dump of all
// goroutines as those created by yaegi's go statement launcher, and stopped
// as a cancel does: a goroutine blocked in a native call ends at its next
// statement once the call returns, printing nothing more; it is then
// ignored by the deadlock detector, and a lock it holds stays locked (a
// deadlock of a later cell on it says so). A cell whose first
// line is %%background keeps its goroutines (a server later cells talk to).
// yaegi has one run id per interpreter, so a stop ends every goroutine: while
// goroutines of a %%background cell run, a later cell's goroutines are left
// running, and the cell says so, rather than stopping the background ones.
//
// While a chunk runs, a detector samples the goroutines (deadlock.go): when
// the chunk's main flow and every goroutine of the cells are blocked in
// interpreted code on a channel, a select, a lock or a wait group, for two
// samples in a row, and no timer a cell made can still fire, the cell ends
// with the error "fatal error": "all goroutines are asleep - deadlock!", as
// Go reports it. A flow blocked for good in a lock cannot be stopped; it is
// left blocked, and ignored by later cells.
//
// A Session runs one cell at a time. Complete, Inspect and IsComplete may be
// called at any time, also while a cell runs.
package eval
