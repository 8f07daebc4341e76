"""Lesson notebooks 01-03: starting processes, isolation, the process object.

Each test runs a notebook in a fresh kernel (notebooks.execute) and checks the
facts it teaches on the outputs of that run: real PIDs, real parent PIDs,
what ps printed, the values children saw, and exit codes.
"""

import re

from notebooks import cells_with, execute, text


def one(nb, marker):
    cells = cells_with(nb, marker)
    assert len(cells) == 1, f"{len(cells)} cells hold {marker!r}"
    return text(cells[0])


def ints(pattern, out):
    m = re.search(pattern, out, re.M)
    assert m, f"{pattern!r} not in:\n{out}"
    return [int(g) for g in m.groups()]


def floats(pattern, out):
    m = re.search(pattern, out, re.M)
    assert m, f"{pattern!r} not in:\n{out}"
    return float(m.group(1))


def ps_rows(out):
    """PID -> (PPID, STAT, rest) for the rows of ps output."""
    rows = {}
    for line in out.splitlines():
        m = re.match(r"\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$", line)
        if m:
            rows[int(m.group(1))] = (int(m.group(2)), m.group(3), m.group(4))
    return rows


def test_01_start_process():
    nb = execute("01-start-process.ipynb")
    (main_pid,) = ints(r"MainProcess \(pid (\d+), parent \d+\)", one(nb, "the cells run in"))

    # Way 1 and way 2, without Join: the parent's line first, then the child's.
    for marker, who in (('sandbox.Command(task, "jason"', "jason"), ("sandbox.New(&MyProcess", "egon")):
        out = one(nb, marker)
        (child,) = ints(rf"^{who} is running in pid (\d+)$", out)
        assert child != main_pid
        assert ints(r"started <Process-\d+ pid=(\d+) started> from pid (\d+)", out) == [child, main_pid]
        lines = out.splitlines()
        main_line = next(i for i, l in enumerate(lines) if l.startswith("主 (main): started"))
        assert main_line < lines.index(f"{who} is over"), out

    # With Join: the parent's line last, and the child stopped with exit code 0.
    out = one(nb, "p3.Join()")
    lines = out.splitlines()
    assert lines[-2:] == ["tank is over", lines[-1]] and "after Join" in lines[-1], out
    assert re.search(r"<Process-\d+ pid=\d+ stopped exitcode=0>$", lines[-1]), out

    # Started together the children overlap; joined one by one the sleeps add up.
    together = floats(r"started all, then joined all: ([\d.]+) s", one(nb, "started all, then joined all"))
    out = one(nb, "start and join one by one")
    one_by_one = floats(r"start and join one by one: ([\d.]+) s", out)
    assert one_by_one >= 1.8 and together >= 0.9
    assert together < one_by_one
    lines = [l for l in out.splitlines() if l.startswith("child-")]
    assert lines == [f"child-{i} is {w}" if w == "over" else lines[2 * (i - 1)]
                     for i in (1, 2, 3) for w in ("running", "over")], out

    # The statement of the declaring cell ran once, in the notebook's process.
    out = one(nb, "this statement runs once")
    assert ints(r"runs once, in the notebook's process, pid (\d+)", out) == [main_pid]

    # A child sees the declared values; the parent keeps the assigned ones.
    out = one(nb, "sandbox.Command(look)")
    (child,) = ints(r'^child pid (\d+): greeting = "hello from the declaration", visits = 1$', out)
    assert child != main_pid
    assert ints(r'^parent pid (\d+): greeting = "changed by a statement of a cell", visits = 42$', out) == [main_pid]
    assert "runs once" not in out

    # Passed as arguments, the changed values reach the child.
    out = one(nb, "sandbox.Command(lookAt")
    (child,) = ints(r'^child pid (\d+) got the arguments greeting = "changed by a statement of a cell", visits = 42$', out)
    assert child != main_pid


def test_02_isolation():
    nb = execute("02-isolation.ipynb")

    out = one(nb, "sandbox.Command(task)")
    (child,) = ints(r"^task in pid (\d+) set money = 666$", out)
    (parent,) = ints(r"^parent pid (\d+) after the child: money = 100$", out)
    assert child != parent

    out = one(nb, "go func() {\n\tdefer wg.Done()\n\ttask()")
    assert ints(r"^task in pid (\d+) set money = 666$", out) == [parent]
    assert ints(r"^parent pid (\d+) after the goroutine: money = 666$", out) == [parent]

    out = one(nb, "sandbox.Command(change")
    (child,) = ints(r"^change in pid (\d+): xs = \[100 2 3\], ages = map\[egon:100\]$", out)
    assert child != parent
    assert ints(r"^parent pid (\d+) after the child: xs = \[1 2 3\], ages = map\[egon:18\]$", out) == [parent]

    out = one(nb, "change(xs, ages)\n")
    assert ints(r"^change in pid (\d+): xs = \[100 2 3\]", out) == [parent]
    assert ints(r"^parent pid (\d+) after the goroutine: xs = \[100 2 3\], ages = map\[egon:100\]$", out) == [parent]

    out = one(nb, "sandbox.Command(send, ch)")
    assert re.search(r"Start returned: .*chan int.*cannot be copied to another process", out), out


def test_03_process_object():
    nb = execute("03-process-object.ipynb")

    out = one(nb, 'fmt.Printf("parent pid %d, its parent')
    parent, grandparent = ints(r"^parent pid (\d+), its parent (\d+), name MainProcess$", out)
    assert ints(r"^os.Getpid\(\) = (\d+), os.Getppid\(\) = (\d+)$", out) == [parent, grandparent]

    rows = ps_rows(one(nb, "!ps -o pid,ppid,stat,comm,args -p $PPID"))
    assert list(rows) == [parent] and rows[parent][0] == grandparent

    # The child's view, the parent's view and ps agree.
    out = one(nb, 'p.Name = "worker-egon"')
    child, its_parent = ints(r"^child pid (\d+), its parent (\d+), name worker-egon$", out)
    assert ints(r"^in the child: os.Getpid\(\) = (\d+), os.Getppid\(\) = (\d+)$", out) == [child, its_parent]
    assert ints(r"^parent pid (\d+) started child pid (\d+)$", out) == [parent, child]
    assert its_parent == parent and child != parent
    ps_out, _, table = out.partition("TIME")
    rows = ps_rows(ps_out)
    assert rows[parent][0] == grandparent
    assert rows[child][0] == parent and rows[child][2] == "worker-egon"
    table = ps_rows(table)  # sandbox.PS(): PID PPID STAT ...
    assert table[parent][0] == grandparent and table[child][0] == parent

    # The forest: kernel -> worker -> child.
    out = one(nb, "--forest")
    child, its_parent = ints(r"^child pid (\d+), its parent (\d+), name worker-tank$", out)
    assert its_parent == parent
    rows = ps_rows(out)
    assert rows[parent][0] == grandparent and grandparent in rows
    assert rows[child][0] == parent and "worker-tank" in rows[child][2]

    # Terminate: gone shortly after, killed by SIGTERM (-15), stopped once joined.
    # "Right after" is a race (true in 20 of 20 runs on an idle machine, but
    # false now and then under load): only its form is checked.
    out = one(nb, "r.Terminate()")
    assert re.search(r"^right after Terminate: alive (true|false)$", out, re.M), out
    assert re.search(r"^0\.1 s later: alive false exit code -15$", out, re.M), out
    assert re.search(r"^before Join: <Process-\d+ pid=\d+ started>$", out, re.M), out
    assert re.search(r"^after Join: alive false exit code -15$", out, re.M), out
    assert re.search(r"^after Join: <Process-\d+ pid=\d+ stopped exitcode=-15>$", out, re.M), out
