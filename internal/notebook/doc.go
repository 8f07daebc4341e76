// Package notebook reads and writes Jupyter notebooks in nbformat 4.
//
// It owns the file format only: typed structs for the notebook, its cells and
// their outputs, decoding that accepts what Jupyter accepts (a source or a text
// given as one string or as a list of lines) and encoding as Jupyter writes it
// (one-space indentation, sorted keys, text split into lines). Metadata the
// package does not model is kept as raw JSON, so a notebook read and written
// again keeps every key it had.
//
// It does not run notebooks (see package runner), validate them against the
// full nbformat schema, or convert older nbformat versions.
package notebook
