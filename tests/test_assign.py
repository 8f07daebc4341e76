"""`gocell assign` and `gocell grade` on the two assignments of
assignments/, with submissions made in the test from the student version:
a correct one, a wrong one, a serial (too slow) one and a crashing one."""

import json
import pathlib
import shutil
import subprocess
import time

import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

ROOT = pathlib.Path(__file__).resolve().parent.parent
GRADE_TIMEOUT = 120  # seconds for one `gocell grade`, crashes included
CELL_TIMEOUT = "4s"  # the grader's limit per cell


@pytest.fixture(scope="module")
def gocell():
    """The path of the installed gocell binary."""
    try:
        return KernelSpecManager().get_kernel_spec("gocell").argv[0]
    except NoSuchKernel:
        path = shutil.which("gocell")
        assert path, "no gocell kernelspec (set JUPYTER_PATH) and no gocell in PATH"
        return path


def source_of(name):
    return ROOT / "assignments" / name / "source.ipynb"


def text(cell):
    s = cell["source"]
    return "".join(s) if isinstance(s, list) else s


def student(gocell, name, tmp_path):
    out = tmp_path / "student.ipynb"
    r = subprocess.run([gocell, "assign", str(source_of(name)), str(out)], capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    return json.loads(out.read_text())


def submit(nb, solution, tmp_path, label):
    """The student's notebook with the solution cell's code replaced."""
    nb = json.loads(json.dumps(nb))
    cells = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    assert len(cells) == 1
    cells[0]["source"] = solution
    path = tmp_path / f"{label}.ipynb"
    path.write_text(json.dumps(nb))
    return path


def grade(gocell, name, submission, tmp_path):
    out = tmp_path / (submission.stem + ".grade.json")
    start = time.monotonic()
    r = subprocess.run(
        [gocell, "grade", "--timeout", CELL_TIMEOUT, "--json", str(out), str(source_of(name)), str(submission)],
        capture_output=True, text=True, timeout=GRADE_TIMEOUT,
    )
    took = time.monotonic() - start
    assert r.returncode == 0, f"grade failed: {r.stderr}"
    g = json.loads(out.read_text())
    assert f"total" in r.stdout
    g["stdout"], g["took"] = r.stdout, took
    g["by_id"] = {e["grade_id"]: e for e in g["exercises"]}
    return g


def solution_cell(name):
    nb = json.loads(source_of(name).read_text())
    for c in nb["cells"]:
        if c["metadata"].get("nbgrader", {}).get("solution"):
            return text(c)
    raise AssertionError("no solution cell")


def test_student_version_hides_solutions_and_hidden_tests(gocell, tmp_path):
    for name in ["producer-consumer", "tcp-server"]:
        nb = student(gocell, name, tmp_path)
        all_code = "\n".join(text(c) for c in nb["cells"])
        assert "BEGIN SOLUTION" not in all_code and "HIDDEN TESTS" not in all_code
        assert '// YOUR CODE HERE\n\tpanic("not implemented")' in all_code
        assert all(c.get("outputs", []) == [] for c in nb["cells"])
        src = json.loads(source_of(name).read_text())
        assert "BEGIN HIDDEN TESTS" in "\n".join(text(c) for c in src["cells"])


PC_WRONG = """
func produce(n int, out chan<- int) {
	for i := 1; i < n; i++ { // item 0 is never produced
		out <- i
	}
	close(out)
}
func consume(in <-chan int, handle func(int) int, results chan<- int) {
	for v := range in {
		results <- handle(v)
	}
}
func pipeline(n, workers int, handle func(int) int) []int {
	items, results := make(chan int), make(chan int)
	go produce(n, items)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() { defer wg.Done(); consume(items, handle, results) }()
	}
	go func() { wg.Wait(); close(results) }()
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}"""

PC_SERIAL = """
func produce(n int, out chan<- int) {
	for i := range n {
		out <- i
	}
	close(out)
}
func consume(in <-chan int, handle func(int) int, results chan<- int) {
	for v := range in {
		results <- handle(v)
	}
	close(results)
}
func pipeline(n, workers int, handle func(int) int) []int {
	// One consumer, whatever workers says.
	items, results := make(chan int), make(chan int)
	go produce(n, items)
	go consume(items, handle, results)
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}"""

PC_FORK_BOMB = """
import "gocell/sandbox"
func bomb() {
	a, b := sandbox.Command(bomb), sandbox.Command(bomb)
	a.Start(); b.Start(); a.Join(); b.Join()
}
func pipeline(n, workers int, handle func(int) int) []int {
	bomb()
	return nil
}"""


def test_grade_producer_consumer(gocell, tmp_path):
    nb = student(gocell, "producer-consumer", tmp_path)

    g = grade(gocell, "producer-consumer", submit(nb, solution_cell("producer-consumer"), tmp_path, "correct"), tmp_path)
    assert (g["score"], g["max_score"]) == (5, 5), g["stdout"]

    g = grade(gocell, "producer-consumer", submit(nb, nb_solution_stub(nb), tmp_path, "untouched"), tmp_path)
    assert g["score"] == 0, g["stdout"]
    assert "not implemented" in g["by_id"]["pc_exactly_once"]["reason"]

    g = grade(gocell, "producer-consumer", submit(nb, PC_WRONG, tmp_path, "wrong"), tmp_path)
    e = g["by_id"]["pc_exactly_once"]
    assert (e["points"], e["status"]) == (0, "failed"), g["stdout"]
    assert e["reason"].startswith("CheckFailed:") and "FAIL check.Equal: [0]: got 1, want 0" in e["reason"]
    assert g["by_id"]["pc_concurrent"]["points"] == 2 and g["by_id"]["pc_no_leak"]["points"] == 1
    assert g["score"] == 3

    g = grade(gocell, "producer-consumer", submit(nb, PC_SERIAL, tmp_path, "serial"), tmp_path)
    e = g["by_id"]["pc_concurrent"]
    assert e["points"] == 0 and "FAIL check.Within(450ms)" in e["reason"], g["stdout"]
    assert g["by_id"]["pc_exactly_once"]["points"] == 2 and g["by_id"]["pc_no_leak"]["points"] == 1

    g = grade(gocell, "producer-consumer", submit(nb, PC_FORK_BOMB, tmp_path, "bomb"), tmp_path)
    assert g["score"] == 0, g["stdout"]
    for e in g["exercises"]:
        assert e["status"] in ("timed out", "failed") and e["reason"], e
    # Three cells at most CELL_TIMEOUT each, and the worker's replacement.
    assert g["took"] < 60, g

    g = grade(gocell, "producer-consumer", submit(nb, "func pipeline(n int {\n", tmp_path, "syntax"), tmp_path)
    assert g["score"] == 0, g["stdout"]
    for e in g["exercises"]:
        assert e["points"] == 0 and e["reason"], e
    assert any("pipeline" in e["reason"] for e in g["exercises"]), g["stdout"]


def nb_solution_stub(nb):
    for c in nb["cells"]:
        if c["metadata"].get("nbgrader", {}).get("solution"):
            return text(c)


TCP_WRONG = """
func serve(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go conn.Close() // hangs up without answering
	}
}"""

TCP_SERIAL = """
func serve(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		handle(conn)
	}
}"""

TCP_LOOP = """
func serve(ln net.Listener) {
	for {
	}
}"""

TCP_PANIC = """
func serve(ln net.Listener) {
	conn, _ := ln.Accept()
	conn.Close()
	panic("the server crashed")
}"""


def test_grade_tcp_server(gocell, tmp_path):
    nb = student(gocell, "tcp-server", tmp_path)

    g = grade(gocell, "tcp-server", submit(nb, solution_cell("tcp-server"), tmp_path, "correct"), tmp_path)
    assert (g["score"], g["max_score"]) == (5, 5), g["stdout"]

    g = grade(gocell, "tcp-server", submit(nb, TCP_WRONG, tmp_path, "wrong"), tmp_path)
    e = g["by_id"]["tcp_answers"]
    assert e["points"] == 0 and "FAIL check.Equal" in e["reason"], g["stdout"]
    assert g["by_id"]["tcp_concurrent"]["points"] == 0
    assert g["score"] < 5

    g = grade(gocell, "tcp-server", submit(nb, TCP_SERIAL, tmp_path, "serial"), tmp_path)
    e = g["by_id"]["tcp_concurrent"]
    assert e["points"] == 0 and "FAIL check.Within(600ms)" in e["reason"] and "longer than 600ms" in e["reason"], g["stdout"]
    assert g["by_id"]["tcp_answers"]["points"] == 1 and g["by_id"]["tcp_clean"]["points"] == 1
    assert g["score"] == 2

    g = grade(gocell, "tcp-server", submit(nb, TCP_PANIC, tmp_path, "panic"), tmp_path)
    assert g["score"] == 0, g["stdout"]
    assert "the server crashed" in g["by_id"]["tcp_answers"]["reason"], g["stdout"]

    g = grade(gocell, "tcp-server", submit(nb, TCP_LOOP, tmp_path, "loop"), tmp_path)
    assert g["score"] == 0, g["stdout"]
    for e in g["exercises"]:
        assert e["status"] in ("timed out", "failed") and e["reason"], e
    assert g["took"] < 60, g


def test_grade_unreadable_submission(gocell, tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json")
    g = grade(gocell, "tcp-server", bad, tmp_path)
    assert g["score"] == 0 and g["max_score"] == 5
    assert all("could not be read" in e["reason"] for e in g["exercises"])
