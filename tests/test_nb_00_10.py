"""Lesson notebooks 00 (review: concurrency, process states, scheduling) and
10 (thread theory).

Each test runs its notebook in a fresh gocell kernel and checks the facts
the text claims against what the cells really printed. Timings are only
compared where the margin is wide (a sleep is not shortened by load);
the one-core/two-core speed-up depends on the machine and is not asserted.
"""

import re

from notebooks import cells_with, execute, mime, text


def one(nb, marker):
    cells = cells_with(nb, marker)
    assert len(cells) == 1, f"{len(cells)} cells contain {marker!r}"
    return cells[0]


def millis(pattern, out):
    m = re.search(pattern, out)
    assert m, (pattern, out)
    return int(m.group(1))


def test_00_review():
    nb = execute("00-review.ipynb")

    # Five sleeps of 200 ms: about 1 s in sequence, about 200 ms concurrently.
    seq = millis(r"in sequence: 5 sleeps of 200 ms took (\d+) ms", text(one(nb, "in sequence:")))
    gor = millis(r"concurrently \(goroutines\): 5 sleeps of 200 ms took (\d+) ms",
                 text(one(nb, "concurrently (goroutines)")))
    pro = millis(r"concurrently \(processes\): 5 sleeps of 200 ms took (\d+) ms",
                 text(one(nb, "concurrently (processes)")))
    assert seq >= 1000, seq
    assert 200 <= gor < 600, gor
    assert 200 <= pro < seq, (pro, seq)

    # One core and two: both runs are printed with their times (not compared).
    out = text(one(nb, "2 loops on one core"))
    runs = re.findall(r"^run \d: 2 loops on one core: (\d+) ms, on two cores: (\d+) ms, speed-up [\d.]+x$",
                      out, re.M)
    assert len(runs) == 2, out
    assert all(int(a) > 0 and int(b) > 0 for a, b in runs), out

    # The states, as the kernel reports them: the busy child R, the sleeper S.
    cell = one(nb, 'busy.Name = "busy-loop"')
    out = text(cell)
    busy = re.search(r"busy child pid (\d+): state R \(running/ready\)", out)
    sleeper = re.search(r"sleeping child pid (\d+): state S \(blocked\)", out)
    assert busy and sleeper and busy.group(1) != sleeper.group(1), out
    assert "both killed: gone gone" in out, out
    html = "".join(mime(cell, "text/html"))
    assert busy.group(1) in html and sleeper.group(1) in html, html

    # More busy processes than CPUs: all of them are there, with some CPU time.
    out = text(one(nb, 'p.Name = fmt.Sprintf("hog-%d", i+1)'))
    hogs = re.findall(r"^hog-\d pid \d+: state (\S+), CPU time (\d+) ms$", out, re.M)
    m = re.search(r"(\d+) busy processes, (\d+) CPUs: together they used (\d+) ms of CPU in (\d+) ms", out)
    assert m and len(hogs) == int(m.group(1)) == int(m.group(2)) + 1, out
    # The kernel cannot give more CPU time than CPUs x elapsed time.
    assert int(m.group(3)) <= int(m.group(2)) * int(m.group(4)) + 100, out

    # The scheduling algorithms: a timeline each, with the averages of the example.
    expected = {
        "FCFS": ("fcfs(jobs)", "7.00"),
        "SJF": ("sjf(jobs)", "5.50"),
        "round robin": ("mlfq(jobs, []int{2})", "5.00"),
        "multi-level": ("mlfq(jobs, []int{1, 2, 4})", "5.25"),
    }
    for name, (call, wait) in expected.items():
        cell = one(nb, call + "))")
        out = text(cell)
        assert out.startswith(name) and f"average waiting {wait}," in out, out
        svgs = mime(cell, "image/svg+xml")
        assert len(svgs) == 1 and "<svg" in svgs[0], svgs
        assert all(f"job {j}" in svgs[0] for j in "ABCD"), svgs[0][:500]

    # Synchronous: one after another; asynchronous: all submitted at once.
    out = text(one(nb, "page := fetch(u)"))
    assert millis(r"synchronous, total: (\d+) ms", out) >= 450, out
    out = text(one(nb, "onDone := func(page string)"))
    assert len(re.findall(r"callback: got <page of", out)) == 3, out
    assert out.index("main: doing other work") < out.index("callback:"), out
    assert millis(r"asynchronous, total: (\d+) ms", out) < 450, out

    # Blocking Join waited; non-blocking polling did other work meanwhile.
    out = text(one(nb, "for q.IsAlive()"))
    assert millis(r"blocking Join returned after (\d+) ms", out) >= 300, out
    assert millis(r"non-blocking: did (\d+) pieces of other work", out) > 0, out
    out = text(one(nb, "v := <-ch // blocking receive"))
    assert "non-blocking receive: nothing there yet" in out, out
    # The sender's 100 ms sleep starts just before the clock does.
    assert millis(r"blocking receive waited (\d+) ms", out) >= 20, out
    assert 'for "hello"' in out, out

    # The quiz cells run.
    assert "got <page of y.example>" in text(one(nb, "// Quiz 1"))
    assert "egon says hello from pid" in text(one(nb, "// Quiz 2"))


def test_10_threads():
    nb = execute("10-threads.ipynb")
    pid = millis(r"notebook \(MainProcess\) pid: (\d+)", text(one(nb, "notebook (MainProcess) pid:")))

    out = text(one(nb, 'statusLines("Pid", "VmRSS", "Threads")'))
    assert millis(r"Pid:\s+(\d+)", out) == pid, out
    threads = millis(r"Threads:\s+(\d+)", out)
    assert threads >= 2 and f"entries in /proc/self/task: {threads}" in out, out
    m = re.search(r"CPUs: (\d+)  GOMAXPROCS: (\d+)", out)
    assert m and m.group(1) == m.group(2), out

    # 1000 sleeping goroutines do not make 1000 threads.
    out = text(one(nb, "while 1000 goroutines wait"))
    m = re.search(r"while 1000 goroutines wait: (\d+) goroutines, (\d+) threads", out)
    assert m and int(m.group(1)) >= 1000 and int(m.group(2)) < 50, out

    # N goroutines start (and finish) faster than N processes, in every run.
    out = text(one(nb, "processes/goroutines"))
    runs = re.findall(r"^run \d: 20 goroutines: (\S+)   20 processes: (\S+)   processes/goroutines: (\d+)x$",
                      out, re.M)
    assert len(runs) == 3, out
    assert all(int(r) > 1 for _, _, r in runs), out

    # Shared memory: a goroutine's change is seen, a child's is not.
    out = text(one(nb, 'child := sandbox.Command(bump, "child process")'))
    child = re.search(r"child process \(pid (\d+)\): counter = 100", out)
    assert child and int(child.group(1)) != pid, out
    assert "notebook after the child process: counter = 0" in out, out
    assert f"goroutine (pid {pid}): counter = 100" in out, out
    assert "notebook after the goroutine: counter = 100" in out, out

    # The editor: every key shown, the whole text saved, three lanes in one process.
    cell = one(nb, 'go input("hello gocell", keys)')
    out = text(cell)
    assert "screen:   |hello gocell_" in out, out
    assert len(re.findall(r"^screen:", out, re.M)) == len("hello gocell"), out
    assert 'the file on disk holds "hello gocell"' in out, out
    assert f"all in one process: {pid}" in out, out
    svgs = mime(cell, "image/svg+xml")
    assert svgs and all(lane in svgs[0] for lane in ("input", "screen", "autosave")), svgs

    assert "counter:" in text(one(nb, "// Exercise 2"))
    assert "wordcount: 3 word(s)" in text(one(nb, "// Exercise 3"))
