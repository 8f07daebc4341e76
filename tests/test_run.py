"""`gocell run NOTEBOOK.ipynb`: a notebook run in the terminal, without
Jupyter, by the installed gocell binary (the one the kernelspec names).

Each test writes a small notebook, runs `gocell run` on it as a subprocess
and looks at its exit status, what it printed, and the notebook it wrote.
"""

import json
import re
import shutil
import subprocess
import time

import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

from conftest import SHUTDOWN_TIMEOUT, Proc, descendants, pid_alive, wait_gone

RUN_TIMEOUT = 60  # seconds for one `gocell run` of a small notebook


@pytest.fixture(scope="module")
def gocell():
    """The path of the installed gocell binary."""
    try:
        return KernelSpecManager().get_kernel_spec("gocell").argv[0]
    except NoSuchKernel:
        path = shutil.which("gocell")
        assert path, "no gocell kernelspec (set JUPYTER_PATH) and no gocell in PATH"
        return path


def code(source, tags=None, **metadata):
    if tags:
        metadata["tags"] = tags
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": metadata,
        "outputs": [],
        "source": source,
    }


def write_notebook(path, cells):
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Go (gocell)", "language": "go", "name": "gocell"},
            "course": {"week": 3},
        },
        "nbformat": 4,
        "nbformat_minor": 4,
    }
    path.write_text(json.dumps(nb))
    return path


def run(gocell, *args, cwd):
    return subprocess.run(
        [gocell, "run", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )


def text(value):
    """A multi-line string of nbformat: one string or a list of lines."""
    return "".join(value) if isinstance(value, list) else value


def test_run_writes_the_executed_notebook(gocell, tmp_path):
    nb = write_notebook(
        tmp_path / "nb.ipynb",
        [
            {"cell_type": "markdown", "metadata": {}, "source": "# A notebook"},
            code(['import "fmt"\n', 'fmt.Println("hello from a cell")'], collapsed=False),
            code('import "gocell/display"\ndisplay.HTML("<b>bold</b>")'),
            code("x := 40\nx + 2"),
            code('var m map[string]int\nm["boom"] = 1', tags=["raises-exception"]),
            code('fmt.Println("still running")'),
        ],
    )
    before = nb.read_text()
    r = run(gocell, nb, "-o", "out.ipynb", cwd=tmp_path)
    assert r.returncode == 0, r
    out = r.stdout
    for want in [
        "hello from a cell\n",
        "<text/html>\n",
        "42\n",
        "assignment to entry in nil map",
        "still running\n",
        "5 cells, 0 failed, 1 expected error\n",
    ]:
        assert want in out, (want, out)
    assert out.index("hello from a cell") < out.index("42") < out.index("nil map") < out.index("still running")
    assert "\x1b" not in out, "ANSI escapes printed to a pipe"
    assert nb.read_text() == before, "-o changed the input notebook"

    raw = (tmp_path / "out.ipynb").read_text()
    written = json.loads(raw)
    assert written["nbformat"] == 4 and written["nbformat_minor"] == 4
    assert written["metadata"]["course"] == {"week": 3}, "unknown notebook metadata lost"
    cells = written["cells"]
    assert cells[0] == {"cell_type": "markdown", "metadata": {}, "source": ["# A notebook"]}
    assert [c.get("execution_count") for c in cells[1:]] == [1, 2, 3, 4, 5]
    assert cells[1]["metadata"] == {"collapsed": False}
    assert cells[1]["source"] == ['import "fmt"\n', 'fmt.Println("hello from a cell")']

    (stream,) = cells[1]["outputs"]
    assert stream["output_type"] == "stream" and stream["name"] == "stdout"
    assert text(stream["text"]) == "hello from a cell\n"

    (disp,) = cells[2]["outputs"]
    assert disp["output_type"] == "display_data"
    assert text(disp["data"]["text/html"]) == "<b>bold</b>"
    assert disp["metadata"] == {}

    (result,) = cells[3]["outputs"]
    assert result["output_type"] == "execute_result"
    assert result["execution_count"] == 3
    assert text(result["data"]["text/plain"]) == "42"

    (err,) = cells[4]["outputs"]
    assert err["output_type"] == "error"
    assert err["ename"] and "nil map" in err["evalue"], err
    assert any("\x1b[" in line for line in err["traceback"]), "the notebook should keep ANSI colours"
    assert cells[4]["metadata"]["tags"] == ["raises-exception"]

    assert text(cells[5]["outputs"][0]["text"]) == "still running\n"

    # Jupyter's own reader accepts it (nbformat comes with nbclient).
    import nbformat

    nbformat.validate(nbformat.reads(raw, as_version=4))


def test_unexpected_failure_stops_and_names_the_cell(gocell, tmp_path):
    cells = [
        code('import "fmt"\nfmt.Println("first")'),
        code("undefinedName + 1"),
        code('fmt.Println("after the failure")'),
    ]
    nb = write_notebook(tmp_path / "fail.ipynb", cells)
    r = run(gocell, nb, "-o", tmp_path / "out.ipynb", cwd=tmp_path)
    assert r.returncode != 0, r
    assert "cell 2 failed" in r.stdout, r.stdout
    assert "cell 2" in r.stderr, r.stderr
    assert "undefinedName" in r.stdout
    assert "after the failure" not in r.stdout, "the run did not stop at the failure"
    assert "3 cells, 1 failed, 0 expected errors, 1 not run" in r.stdout
    written = json.loads((tmp_path / "out.ipynb").read_text())
    assert written["cells"][1]["outputs"][-1]["output_type"] == "error"
    assert written["cells"][2]["execution_count"] is None

    # --keep-going runs the rest, and the run still fails.
    r = run(gocell, "--keep-going", nb, cwd=tmp_path)
    assert r.returncode != 0, r
    assert "after the failure" in r.stdout
    assert "3 cells, 1 failed, 0 expected errors\n" in r.stdout

    # --quiet prints the failure and the summary only.
    r = run(gocell, "-q", nb, cwd=tmp_path)
    assert r.returncode != 0, r
    assert "first" not in r.stdout
    assert re.search(r"^cell 2 failed: .*undefinedName", r.stdout, re.M), r.stdout


def test_tagged_cell_that_does_not_fail_fails_the_run(gocell, tmp_path):
    nb = write_notebook(
        tmp_path / "tagged.ipynb",
        [code("1 + 1", tags=["raises-exception"]), code("2 + 2")],
    )
    r = run(gocell, nb, "--inplace", cwd=tmp_path)
    assert r.returncode != 0, r
    assert "cell 1 was expected to fail (tagged raises-exception) but did not" in r.stdout
    written = json.loads(nb.read_text())
    assert text(written["cells"][0]["outputs"][0]["data"]["text/plain"]) == "2"


def test_timeout_interrupts_the_cell_and_leaves_no_process(gocell, tmp_path):
    nb = write_notebook(
        tmp_path / "loop.ipynb",
        [
            code('import "fmt"\nimport "os"\nfmt.Println("worker", os.Getpid())'),
            code("for {\n}"),
            # A child process of the worker, killed by the interrupt.
            code("!sleep 300"),
            # Beyond an interrupt's reach (a native wait that a timer, not
            # the cell, would end): the worker is replaced.
            code('import "sync"\nimport "time"\nvar wg sync.WaitGroup\nwg.Add(1)\ntime.AfterFunc(time.Hour, wg.Done)\nwg.Wait()'),
            code('fmt.Println("after the loops")\nfmt.Println("worker", os.Getpid())'),
        ],
    )
    start = time.monotonic()
    p = subprocess.Popen(
        [gocell, "run", "--timeout", "2s", "--keep-going", str(nb)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Every process the runner starts, seen while it runs (workers that are
    # replaced, the sleep).
    seen = {}
    while p.poll() is None:
        for proc in descendants(p.pid):
            seen.setdefault((proc.pid, proc.start), proc)
        assert time.monotonic() - start < RUN_TIMEOUT, "gocell run did not end"
        time.sleep(0.05)
    out, err = p.communicate()
    assert p.returncode != 0, (out, err)
    for n in (2, 3, 4):
        assert f"cell {n} timed out after 2s" in out, out
    assert "3 cells failed: cell 2, cell 3, cell 4" in err, err
    assert "after the loops" in out, "the cells after the timeouts did not run"
    assert "5 cells, 3 failed, 0 expected errors" in out
    procs = list(seen.values())
    assert any(proc.comm == "sleep" for proc in procs), f"the cell's sleep was not seen: {procs}"
    # The first worker, and the one that replaced it when cell 4 did not stop.
    workers = [int(pid) for pid in re.findall(r"^worker (\d+)$", out, re.M)]
    assert len(workers) == 2 and workers[0] != workers[1], out
    procs += [Proc(pid) for pid in workers if pid_alive(pid)]
    alive = wait_gone(procs, SHUTDOWN_TIMEOUT)
    assert not alive, f"left behind by gocell run: {alive}"

    # Only the timeout message, no process: quiet and stopping at the first failure.
    r = run(gocell, "--timeout", "1s", "--quiet", nb, cwd=tmp_path)
    assert r.returncode != 0, r
    assert r.stdout == "cell 2 timed out after 1s\n5 cells, 1 failed, 0 expected errors, 3 not run\n", r.stdout
    assert r.stderr == "gocell: cell 2 timed out after 1s\n", r.stderr
