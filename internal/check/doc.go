// Package check is what exercises in notebooks check answers with. Cells
// import it as "gocell/check":
//
//	check.Equal(sum(1, 10), 55)
//	check.True(len(seen) == 100, "every item consumed")
//	check.Output(func() { hello() }).Contains("hello")
//	check.Within(600*time.Millisecond, func() { serveFive() })
//	check.NoGoroutinesLeft(func() { pipeline(10) })
//	check.Processes(3, func() { startConsumers(3) })
//
// Every check shows one line under the cell, a pass or a fail, as HTML with a
// plain-text fallback. Checks return nothing, so that a check on a cell's
// last line shows no value; [Checker.Results] has the results. A failed Equal says
// where the values differ: the element of a slice or array, the key of a
// map, the field of a struct.
//
// # A failing check fails the cell
//
// A failed check does not stop the cell: the checks after it still run and
// show their lines, so that a student sees every problem at once. When the
// cell's code has ended, the program running the cells asks the [Checker]
// for the cell's failures ([Checker.EndCell]) and, if the cell did not fail
// otherwise, ends it with an error named "CheckFailed" ([FailedName]) whose
// value lists the failed checks. Jupyter, nbclient, "gocell run" and "gocell
// grade" all see a failed cell. Panicking at the first failure would have
// been simpler, but it would hide the later checks' results, and the
// interpreter would report it as an ordinary panic. A check that fails in a
// goroutine still running after its cell ended (a %%background cell) counts
// for the cell running then.
//
// # What each check can see
//
// Output captures at the level of the file descriptor: for as long as f
// runs, descriptor 1 of the process is a pipe (dup2), so fmt, println of
// the standard output and os.Stdout are all captured, and what is captured
// is also passed on to the cell's output, so nothing is lost. The
// limitation: what other goroutines print while f runs is captured too,
// and child processes started before f (sandbox processes come from a pool
// started ahead) write to the original descriptor and are not captured.
// Output calls are serialized.
//
// Within waits for f to return and compares the time it took with the
// limit; an f that never returns holds its cell as any endless call does
// (interrupt it; "gocell grade" has a time limit per cell).
//
// NoGoroutinesLeft compares the goroutines that go statements of the
// notebook's code started before and after f, by goroutine ID, so that
// goroutines left by earlier cells do not count. Goroutines that are in
// the middle of returning get a short grace period (half a second) to end.
//
// Processes counts the distinct process IDs of the sandbox child processes
// that f started (directly; their own children are not counted), from the
// sandbox's record of the cell's processes.
//
// The hooks that give these facts come from the program running the cells,
// in a [Config]: the package keeps no state of its own.
package check
