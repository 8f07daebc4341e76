#!/usr/bin/env bash
# Build gocell and register it with Jupyter as the kernel "gocell".
# Run ./install.sh --help for the options. Running it again replaces the
# binary and the kernelspec in place.
set -euo pipefail

usage() {
	cat <<'EOF'
Usage: ./install.sh [--user | --sys-prefix | --prefix DIR]

Builds the gocell binary and installs the Jupyter kernelspec "gocell".

  --user         binary in ~/.local/bin, kernelspec for the current user (default)
  --sys-prefix   binary in <python sys.prefix>/bin, kernelspec in <sys.prefix>/share/jupyter
  --prefix DIR   binary in DIR/bin, kernelspec in DIR/share/jupyter
                 (make Jupyter see it with JUPYTER_PATH=DIR/share/jupyter)
  -h, --help     show this help

Needs Go (1.26) and Jupyter. On Debian/Ubuntu a missing Jupyter is installed
with apt-get.
EOF
}

say() { printf 'install.sh: %s\n' "$*"; }
die() { printf 'install.sh: error: %s\n' "$*" >&2; exit 1; }

mode=user
prefix=
while [[ $# -gt 0 ]]; do
	case "$1" in
	--user) mode=user ;;
	--sys-prefix) mode=sys-prefix ;;
	--prefix)
		[[ $# -ge 2 && -n "$2" ]] || die "--prefix needs a directory"
		mode=prefix
		prefix=$2
		shift
		;;
	--prefix=*)
		mode=prefix
		prefix=${1#--prefix=}
		[[ -n "$prefix" ]] || die "--prefix needs a directory"
		;;
	-h | --help)
		usage
		exit 0
		;;
	*)
		usage >&2
		die "unknown option: $1"
		;;
	esac
	shift
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# --- Go -------------------------------------------------------------------
go_bin=$(command -v go || true)
if [[ -z "$go_bin" && -x /usr/local/go/bin/go ]]; then
	go_bin=/usr/local/go/bin/go
fi
if [[ -z "$go_bin" ]]; then
	die "Go is not installed (no 'go' in PATH or /usr/local/go/bin).
  Install Go 1.26 from https://go.dev/dl/ and put its bin directory in PATH, then run this again."
fi

# --- Jupyter --------------------------------------------------------------
have_jupyter() {
	command -v jupyter >/dev/null 2>&1 && command -v jupyter-kernelspec >/dev/null 2>&1
}
as_root() {
	if [[ $(id -u) -eq 0 ]]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root to run: $*  (no sudo found; run this script as root)"
	fi
}
if ! have_jupyter; then
	if command -v apt-get >/dev/null 2>&1; then
		say "Jupyter not found; installing it with apt-get (jupyter-notebook jupyter-client python3-jupyter-client)"
		as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			jupyter-notebook jupyter-client python3-jupyter-client >/dev/null
		have_jupyter || die "apt-get finished but 'jupyter kernelspec' is still not available"
	else
		die "Jupyter is not installed ('jupyter' and 'jupyter-kernelspec' are needed).
  Install Jupyter with your system's package manager, or e.g.: python3 -m pip install --user notebook jupyter_client
  then run this again."
	fi
fi

# --- where things go ------------------------------------------------------
case "$mode" in
user)
	bindir="$HOME/.local/bin"
	spec_flag=(--user)
	;;
sys-prefix)
	py=/usr/bin/python3
	[[ -x "$py" ]] || py=$(command -v python3 || true)
	[[ -n "$py" ]] || die "--sys-prefix needs python3 to find sys.prefix"
	sys_prefix=$("$py" -c 'import sys; print(sys.prefix)')
	bindir="$sys_prefix/bin"
	spec_flag=(--sys-prefix)
	;;
prefix)
	mkdir -p "$prefix"
	prefix=$(cd "$prefix" && pwd)
	bindir="$prefix/bin"
	spec_flag=(--prefix "$prefix")
	;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/gocell-install.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- build ----------------------------------------------------------------
say "building with $("$go_bin" version | cut -d' ' -f3-)"
(cd "$repo" && "$go_bin" build -o "$work/gocell" .) || die "go build failed"

# Copy next to the target and rename, so a kernel that is running from the
# old binary keeps running and nobody sees a half-written file.
mkdir -p "$bindir"
cp "$work/gocell" "$bindir/.gocell.new.$$"
chmod 0755 "$bindir/.gocell.new.$$"
mv -f "$bindir/.gocell.new.$$" "$bindir/gocell"
binary="$bindir/gocell"

# --- kernelspec -----------------------------------------------------------
mkdir "$work/spec"
"$binary" kernelspec --binary "$binary" "$work/spec" || die "'gocell kernelspec' failed"
jupyter kernelspec install --replace --name gocell "${spec_flag[@]}" "$work/spec" >"$work/log" 2>&1 ||
	{ cat "$work/log" >&2; die "'jupyter kernelspec install' failed"; }
specdir=$(sed -n 's/^\[InstallKernelSpec\] Installed kernelspec gocell in //p' "$work/log" | tail -n1)

say "installed $("$binary" --version 2>/dev/null || echo gocell)"
say "  binary:     $binary"
say "  kernelspec: ${specdir:-(see 'jupyter kernelspec list')}"
if [[ "$mode" == prefix ]]; then
	say "Jupyter finds this kernel only with: export JUPYTER_PATH=$prefix/share/jupyter"
fi
say "start with:  jupyter notebook notebooks/   (then choose the kernel \"Go (gocell)\")"
