"""The corpus: small complete Go programs (tests/corpus/NNN_name.go), each run
as ONE cell in a gocell kernel and compared with the same file run by the real
Go toolchain.

The reference output is made at test time (nothing is cached in the repo):
every program is built once per session with `go build` in a temporary
directory (the same compiler and semantics as `go run FILE`; building them all
first is only faster), and the binary is run with that directory as cwd.

Each file says in its first line how its stdout is compared:

    // compare: exact   the same text
    // compare: lines   the same lines, in any order (a multiset of lines)

A program runs in a fresh kernel (the `kernel` fixture of conftest.py), so
the declarations of one program (func main, type Item, ...) never meet those
of another, and the fixture's teardown checks that the kernel left no process
behind. The cell must end with status "ok"; stdout is compared, stderr is only
shown when something differs.

tests/corpus/go.mod makes the corpus a module of its own, so that `go vet
./...` and `go test ./...` of the kernel's module do not see 60-odd files
that each declare func main in one directory.
"""

import collections
import difflib
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "corpus"
FILES = sorted(CORPUS.glob("*.go"))
MODES = ("exact", "lines")

GO_TIMEOUT = 120  # go build, and the run of a built program
CELL_TIMEOUT = 60  # one program as one cell in the kernel


def _mode(path):
    first = path.read_text().split("\n", 1)[0].strip()
    prefix = "// compare:"
    assert first.startswith(prefix), f"{path.name}: first line must be '// compare: exact|lines', is {first!r}"
    mode = first[len(prefix) :].strip()
    assert mode in MODES, f"{path.name}: unknown compare mode {mode!r}"
    return mode


def _go():
    go = shutil.which("go") or "/usr/local/go/bin/go"
    assert os.path.exists(go), "go not found (PATH or /usr/local/go/bin)"
    return go


def test_corpus_is_there():
    assert len(FILES) >= 60, f"expected at least 60 programs in {CORPUS}, found {len(FILES)}"
    for f in FILES:
        _mode(f)


@pytest.fixture(scope="session")
def corpus_bin():
    """Build every corpus program with the real toolchain; yield a function
    that runs one and returns its CompletedProcess."""
    go = _go()
    tmp = Path(tempfile.mkdtemp(prefix="gocell-corpus."))
    build_err = {}

    def build(path):
        r = subprocess.run(
            [go, "build", "-o", str(tmp / "bin" / path.stem), str(path)],
            cwd=tmp,
            capture_output=True,
            text=True,
            timeout=GO_TIMEOUT,
        )
        if r.returncode != 0:
            build_err[path.name] = r.stdout + r.stderr

    (tmp / "bin").mkdir()
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        list(pool.map(build, FILES))

    def run(path):
        assert path.name not in build_err, f"go build {path.name} failed:\n{build_err[path.name]}"
        work = tmp / "run" / path.stem
        work.mkdir(parents=True, exist_ok=True)
        return subprocess.run(
            [str(tmp / "bin" / path.stem)],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=GO_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )

    try:
        yield run
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _diff(expected, got, what):
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        got.splitlines(keepends=True),
        fromfile=f"go run ({what})",
        tofile=f"gocell ({what})",
    )
    text = "".join(line if line.endswith("\n") else line + "\n\\ no newline at end\n" for line in lines)
    return text or "(no line differs: only the final newline)\n"


def _sorted_lines(text):
    return "".join(line + "\n" for line in sorted(text.splitlines()))


# Programs the kernel does not yet run as Go does, each with the cause. They are
# expected to fail, strictly: a program that starts passing fails the run until
# it is taken off this list. None of them counts as a pass.
KNOWN_WRONG = {
    "018_loopvar_3clause": "a deferred closure over a loop variable that the loop changes is refused",
    "023_generic_funcs": "a type parameter inferred from a standard-library function argument: refused, asking for type arguments",
    "024_generic_types": "fmt ignores String() of a generic type's values in a slice",
    "038_goroutine_recover": "a recovered index out of range lacks Go's index and length ([3] with length 0)",
    "042_generic_constraints": "a variadic parameter of a type-parameter type: refused, asking for type arguments",
    "046_type_switch": "case Celsius (type Celsius float64): refused, yaegi cannot tell a Celsius from a float64",
    "048_range_func": "package iter and range over functions (Go 1.23): refused with a message naming them",
}
def _marks(path):
    if path.stem in KNOWN_WRONG:
        return [pytest.mark.xfail(reason=KNOWN_WRONG[path.stem], strict=True)]
    return []


@pytest.mark.parametrize("path", [pytest.param(f, id=f.stem, marks=_marks(f)) for f in FILES])
def test_program(path, kernel, corpus_bin):
    mode = _mode(path)
    source = path.read_text()

    ref = corpus_bin(path)
    assert ref.returncode == 0, (
        f"the reference run of {path.name} failed (exit {ref.returncode}):\n{ref.stdout}\n{ref.stderr}"
    )
    expected = ref.stdout

    try:
        r = kernel.execute(source, timeout=CELL_TIMEOUT)
    except AssertionError as e:  # no execute_reply or idle status in time
        pytest.fail(
            f"{path.name} (compare: {mode}): the cell did not finish within {CELL_TIMEOUT} s "
            f"(go run needs far less):\n{e}\n--- go run stdout ---\n{expected}",
            pytrace=False,
        )
    got = r.stdout

    problems = []
    if r.status != "ok":
        # The reply and the error message on iopub say the same: show it once.
        error = "\n".join(dict.fromkeys(r.error_text().splitlines()))
        problems.append(f"status {r.status!r}, not 'ok'; error:\n{error}")
    if mode == "exact":
        if got != expected:
            problems.append("stdout differs:\n" + _diff(expected, got, "stdout"))
    else:
        exp_lines = collections.Counter(expected.splitlines())
        got_lines = collections.Counter(got.splitlines())
        if exp_lines != got_lines or expected.endswith("\n") != got.endswith("\n"):
            missing = exp_lines - got_lines
            extra = got_lines - exp_lines
            problems.append(
                "stdout lines differ (compared as a multiset):\n"
                + "".join(f"  missing: {line!r} x{n}\n" for line, n in sorted(missing.items()))
                + "".join(f"  extra:   {line!r} x{n}\n" for line, n in sorted(extra.items()))
                + _diff(_sorted_lines(expected), _sorted_lines(got), "sorted stdout lines")
            )
    if problems:
        pytest.fail(
            f"{path.name} (compare: {mode}):\n"
            + "\n".join(problems)
            + f"\n--- gocell stderr ---\n{r.stderr}"
            + f"--- go run stderr ---\n{ref.stderr}",
            pytrace=False,
        )
