// Package display is rich output shared by both sides of gocell: the Message a cell's
// display call becomes, and the Display whose methods are the functions that cells
// import as package "gocell/display".
//
// It does not know how a Message travels (the worker sends it to the kernel) nor how the
// kernel turns it into Jupyter messages.
package display
