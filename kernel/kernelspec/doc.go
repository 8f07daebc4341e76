// Package kernelspec writes the Jupyter kernelspec of gocell: the
// kernel.json file that tells Jupyter how to start the kernel, and the two
// logos that front ends show next to the kernel's name.
//
// A kernelspec is a directory. Jupyter finds it under
// <data dir>/kernels/<name>/ (for example
// ~/.local/share/jupyter/kernels/gocell/), usually after
// `jupyter kernelspec install` has copied it there. Write produces the
// directory that such an install command takes as its input:
//
//	kernel.json       argv, display name, language, interrupt mode
//	logo-32x32.png    embedded in the binary (see go:embed below)
//	logo-64x64.png
//
// The logos are drawn by the program in internal/genlogo; run
// `go generate ./kernel/kernelspec` after changing it and commit the PNGs.
package kernelspec
