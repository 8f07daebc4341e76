"""Notebook 11 (homework) executed in a fresh kernel, its facts checked on
its outputs."""

import re

from notebooks import cells_with, execute, text


def test_11_homework():
    nb = execute("11-homework.ipynb")
    code = [c for c in nb.cells if c.cell_type == "code"]
    every = "\n".join(text(c) for c in code)
    # Every check the worked solutions run passes, but in the cell that
    # shows a serial server failing on purpose.
    failed = [c for c in code if "✘ FAIL" in text(c)]
    assert [c.metadata.get("tags") for c in failed] == [["raises-exception"]], every
    assert "check.Within(600ms): took" in text(failed[0]) and "longer than 600ms" in text(failed[0])

    # Producers and consumers as processes: every item eaten exactly once,
    # in four processes.
    [procs] = cells_with(nb, "check.Processes(4")
    out = text(procs)
    ate = [int(n) for n in re.findall(r"consumer pid \d+ ate (\d+) items", out)]
    assert len(ate) == 3 and sum(ate) == 30, out
    assert "✔ PASS check.Processes(4): ran in 4 processes" in out

    # The concurrent server answers 5 and 10 clients in about one handler's time.
    [server] = cells_with(nb, "clients(addr, 10)")
    took = [int(ms) for ms in re.findall(r"check.Within\(600ms\): took (\d+)ms", text(server))]
    assert len(took) == 2 and all(t < 600 for t in took), text(server)
    assert text(server).count("✔ PASS") == 4
