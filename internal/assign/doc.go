// Package assign turns an instructor's notebook into an assignment and
// grades submissions, following nbgrader's conventions where they fit.
//
// # The instructor's notebook
//
// Cells are marked in their metadata, as nbgrader marks them:
//
//   - a solution cell ("nbgrader": {"solution": true, "grade_id": ...})
//     holds the answer. The lines between a "// BEGIN SOLUTION" line and a
//     "// END SOLUTION" line are the solution. In the student's version each
//     such region becomes the stub
//
//     // YOUR CODE HERE
//     panic("not implemented")
//
//     indented as the BEGIN line is. When the BEGIN line is not indented
//     (the region is at the top level of the cell, not in a function body),
//     the stub is the comment alone, since a panic statement would run when
//     the cell runs. Put regions inside function bodies so the student's
//     notebook still compiles: a function whose body is the stub compiles
//     whatever it returns.
//
//   - a test cell ("nbgrader": {"grade": true, "grade_id": ..., "points": N})
//     checks an answer, typically with package gocell/check. The lines
//     between "// BEGIN HIDDEN TESTS" and "// END HIDDEN TESTS" are removed
//     from the student's version and put back for grading.
//
// Markers are whole lines (leading and trailing blanks aside). Regions do
// not nest, every BEGIN has its END, and markers outside the cells they
// belong to are errors, so that a mistake in the source never leaks a
// solution.
//
// # Student version and grading
//
// [Student] writes the student's version: solutions stubbed, hidden tests
// removed, outputs and execution counts cleared. [Merge] prepares a
// submission for grading: every cell the source names by grade_id, except
// solution cells, is taken from the source, so hidden tests come back and
// changed tests do not count. [Score] turns the run of the merged notebook
// into points: a test cell that ran without error earns its points; any
// other gets 0, with the reason (its error, or its timeout). The package
// runs nothing itself: the caller runs the merged notebook (gocell grade
// uses internal/runner with the kernel's worker).
package assign
