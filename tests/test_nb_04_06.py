"""Lesson notebooks 04 (zombies and orphans), 05 (daemons) and 06 (locks).

Each test runs its notebook in a fresh gocell kernel and checks the facts
the text claims against what the cells really printed.
"""

import re

from notebooks import cells_with, execute, mime, text


def one(nb, marker):
    cells = cells_with(nb, marker)
    assert len(cells) == 1, f"{len(cells)} cells contain {marker!r}"
    return cells[0]


def notebook_pid(nb):
    m = re.search(r"notebook \(MainProcess\) pid: (\d+)", text(one(nb, "notebook (MainProcess) pid:")))
    assert m, "the notebook's PID is not printed"
    return int(m.group(1))


def test_04_zombie_orphan():
    nb = execute("04-zombie-orphan.ipynb")
    pid = notebook_pid(nb)

    # The zombie: state Z in /proc and in ps before Join, no /proc entry after.
    cell = one(nb, 'z.Name = "zombie-demo"')
    out = text(cell)
    before = re.search(r"before Join: pid (\d+) has state (\S+)", out)
    after = re.search(r"after Join: pid (\d+) has state (\S+)", out)
    assert before and after, out
    zpid = int(before.group(1))
    assert before.group(2) == "Z", out
    assert int(after.group(1)) == zpid and after.group(2) == "gone", out
    assert "IsAlive: false" in out, out
    # The real ps agrees: a row for the zombie with the notebook as parent, state Z.
    assert re.search(rf"^\s*{zpid}\s+{pid}\s+Z", out, re.M), out
    html = "".join(mime(cell, "text/html"))
    assert str(zpid) in html and "zombie" in html.lower(), html
    svgs = mime(cell, "image/svg+xml")
    assert svgs and str(zpid) in svgs[0], svgs

    # The orphan: adopted by the notebook's own process.
    cell = one(nb, "m := sandbox.Command(middle)")
    out = text(cell)
    middle = re.search(r"middle \(pid (\d+)\): exiting", out)
    first = re.search(r"grandchild \(pid (\d+)\): my parent is (\d+)\n", out)
    now = re.search(r"grandchild \(pid (\d+)\): my parent is now (\d+)", out)
    seen = re.search(r"ps: orphan pid (\d+) has parent pid (\d+); the notebook's pid is (\d+)", out)
    assert middle and first and now and seen, out
    orphan = int(seen.group(1))
    assert int(first.group(1)) == int(now.group(1)) == orphan, out
    assert int(first.group(2)) == int(middle.group(1)), out
    assert int(now.group(2)) == pid, out
    assert int(seen.group(2)) == pid and int(seen.group(3)) == pid, out
    assert "never prints" not in out, out
    svgs = mime(cell, "image/svg+xml")
    assert svgs and str(orphan) in svgs[0] and "<svg" in svgs[0], svgs

    # Killed when its cell ended.
    out = text(one(nb, 'fmt.Printf("orphan pid %d: %s\\n"'))
    assert out.strip() == f"orphan pid {orphan}: gone", out


def test_05_daemon():
    nb = execute("05-daemon.ipynb")

    out = text(one(nb, 'egon := sandbox.Command(task, "egon")'))
    assert "egon is a daemon: true" in out, out
    assert "emperor jason dies" in out, out
    assert "steward egon is dying" not in out, out
    out = text(one(nb, "egon.ExitCode()"))
    assert "exit code: -9" in out and "alive: false" in out, out

    out = text(one(nb, 'kevin := sandbox.Command(task, "kevin")'))
    assert "kevin is a daemon: false" in out, out
    assert "steward kevin is alive" in out, out
    assert out.index("emperor jason dies") < out.index("steward kevin is dying"), out

    cell = one(nb, "late.SetDaemon(true)")
    out = text(cell)
    assert not any(o.output_type == "error" for o in cell.outputs)
    assert re.search(r"SetDaemon after Start: \S.*already started", out), out
    assert "tank is a daemon: false" in out, out
    assert "steward tank is dying" in out, out


def bought(cell):
    return re.findall(r"^user (\d+): bought a ticket$", text(cell), re.M)


def test_06_mutex():
    nb = execute("06-mutex.ipynb")

    cell = one(nb, "p := sandbox.Command(run, i, data)\n\tp.Start()\n\tbuyers")
    assert len(bought(cell)) > 1, text(cell)
    assert "tickets left in the file: 0" in text(cell)

    cell = one(nb, "sandbox.Command(runLocked, i, data, mutex)")
    out = text(cell)
    assert len(bought(cell)) == 1, out
    assert len(re.findall(r"^user \d+: sold out$", out, re.M)) == 9, out
    assert "tickets left in the file: 0" in out, out
    svgs = mime(cell, "image/svg+xml")
    assert svgs and "<svg" in svgs[0] and "user-10" in svgs[0], svgs

    cell = one(nb, "run(i, data)\n\t}()")
    assert len(bought(cell)) > 1, text(cell)

    cell = one(nb, "mu.Lock()\n\t\tdone := sandbox.Track")
    assert len(bought(cell)) == 1, text(cell)
    svgs = mime(cell, "image/svg+xml")
    assert svgs and "goroutine 10" in svgs[0], svgs

    cell = one(nb, "m.Lock() // waits for itself")
    assert cell.metadata.get("tags") == ["raises-exception"]
    errors = [o for o in cell.outputs if o.output_type == "error"]
    assert len(errors) == 1, cell.outputs
    assert "all goroutines are asleep - deadlock!" in f"{errors[0].ename}: {errors[0].evalue}"
    assert "locked once" in text(cell) and "never printed" not in "".join(
        o.text for o in cell.outputs if o.output_type == "stream")
