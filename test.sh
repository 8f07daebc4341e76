#!/usr/bin/env bash
# The project's one test command (CI runs it through .ci/run):
#
#   ./test.sh
#
# 1. installs the Debian packages the tests need, if any is missing
# 2. gofmt, go vet, go test (the kernel and the sandbox also with -race), short fuzz runs of the decoders
# 3. builds and installs the kernel into a temporary prefix (./install.sh)
# 4. runs the Python tests in tests/ against that kernel
#
# Every step runs even when an earlier one failed (except the Python tests,
# which need the install); the exit status is non-zero if any step failed.
# Kernel logs and a JUnit report are left in tests/artifacts/.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")" || exit 1
repo=$(pwd)

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	export PATH="/usr/local/go/bin:$PATH"
fi
export DEBIAN_FRONTEND=noninteractive
PYTHON=/usr/bin/python3
DEBIAN_PACKAGES=(
	python3-jupyter-client python3-jupyter-kernel-test python3-nbclient python3-pytest
	python3-ipykernel jupyter-client jupyter-notebook
	chromium fonts-noto-cjk # tests/test_browser.py (with the machine's node and npm)
)
PYTHON_MODULES=jupyter_client,jupyter_kernel_test,nbclient,pytest,ipykernel

artifacts="$repo/tests/artifacts"
mkdir -p "$artifacts"
find "$artifacts" -mindepth 1 -delete # this run's artifacts only
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gocell-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

names=() results=() times=()
failed=0

# step NAME COMMAND...: run one step, record PASS/FAIL and its duration.
step() {
	local name=$1
	shift
	printf '\n==> %s\n' "$name"
	local start=$SECONDS rc=0
	"$@" || rc=$?
	names+=("$name")
	times+=("$((SECONDS - start))")
	if [[ $rc -eq 0 ]]; then
		results+=(PASS)
	else
		results+=("FAIL")
		failed=$((failed + 1))
		printf '==> %s FAILED (exit %d)\n' "$name" "$rc"
	fi
	return $rc
}

not_run() {
	names+=("$1")
	times+=(0)
	results+=("FAIL (not run: $2)")
	failed=$((failed + 1))
}

as_root() {
	if [[ $(id -u) -eq 0 ]]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo -n "$@"
	else
		echo "need root for: $*" >&2
		return 1
	fi
}

deps() {
	command -v go >/dev/null || { echo "go not found: install Go 1.26 and put it in PATH" >&2; return 1; }
	go version
	if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
		local missing=() p
		for p in "${DEBIAN_PACKAGES[@]}"; do
			if [[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) != installed ]]; then
				missing+=("$p")
			fi
		done
		if [[ ${#missing[@]} -gt 0 ]]; then
			echo "installing: ${missing[*]}"
			as_root apt-get update -q >/dev/null || return 1
			as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" \
				>"$artifacts/apt-get.log" 2>&1 || { tail -n 20 "$artifacts/apt-get.log"; return 1; }
		else
			echo "Debian packages present"
		fi
	fi
	"$PYTHON" -c "import $PYTHON_MODULES" ||
		{ echo "$PYTHON lacks one of: $PYTHON_MODULES" >&2; return 1; }
	# playwright-core for tests/test_browser.py, as tests/browser/package-lock.json pins it.
	command -v npm >/dev/null || { echo "npm not found: install Node.js 20 or later with npm" >&2; return 1; }
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error ||
		{ echo "npm ci --prefix tests/browser failed" >&2; return 1; }
}

gofmt_check() {
	local files
	files=$(find . -name '*.go' -not -path './.git/*' -not -path '*/testdata/*' -print0 | xargs -0 -r gofmt -l) || return 1
	if [[ -n "$files" ]]; then
		echo "not gofmt'ed (run gofmt -w on them):"
		echo "$files"
		return 1
	fi
	echo "all files formatted"
}

# fuzz TARGET PACKAGE SECONDS: a short fuzz run of one decoder.
fuzz() {
	local out=$tmp/fuzz-$1.log rc=0
	go test -run='^$' -fuzz="^$1\$" -fuzztime="$3s" "$2" >"$out" 2>&1 || rc=$?
	if [[ $rc -ne 0 ]]; then
		tail -n 60 "$out"
		return $rc
	fi
	tail -n 3 "$out"
	if grep -q 'no fuzz tests to fuzz' "$out"; then
		echo "$1 not found in $2"
		return 1
	fi
}

install_kernel() {
	./install.sh --prefix "$tmp/prefix"
}

pytests() {
	JUPYTER_PATH="$tmp/prefix/share/jupyter" timeout --kill-after=30 1200 \
		"$PYTHON" -m pytest -q tests/ --junitxml="$artifacts/junit.xml"
}

step "dependencies" deps
step "gofmt" gofmt_check
step "go vet" go vet ./...
step "go test" go test -count=1 ./...
# The kernel's own concurrency under the race detector. (The worker's tests are left
# out: their worker processes run student-style racy cells on purpose.)
step "go test -race (kernel, sandbox)" go test -race -count=1 ./kernel/... ./internal/sandbox/
step "fuzz FuzzDecode 20s" fuzz FuzzDecode ./kernel/wire 20
step "fuzz FuzzDecodeValue 10s" fuzz FuzzDecodeValue ./internal/sandbox 10
step "fuzz FuzzQueueRequest 5s" fuzz FuzzQueueRequest ./internal/sandbox 5
step "fuzz FuzzParseStat 5s" fuzz FuzzParseStat ./internal/sandbox 5
step "fuzz FuzzRead 10s" fuzz FuzzRead ./internal/notebook 10
if step "install (./install.sh --prefix)" install_kernel; then
	step "python tests (pytest tests/)" pytests
else
	not_run "python tests (pytest tests/)" "install failed"
fi

printf '\n==> summary\n'
for i in "${!names[@]}"; do
	printf '  %-34s %5ss  %s\n' "${names[$i]}" "${times[$i]}" "${results[$i]}"
done
printf '  artifacts: tests/artifacts/\n'
echo "steps: $((${#names[@]} - failed)) passed, $failed failed"
[[ $failed -eq 0 ]]
