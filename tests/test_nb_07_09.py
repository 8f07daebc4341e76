"""Lesson notebooks 07 (queues), 08 (inter-process communication) and 09
(the producer-consumer model).

Each test runs its notebook in a fresh gocell kernel and checks the facts
the text claims against what the cells really printed.
"""

import re
from collections import Counter

from notebooks import cells_with, execute, mime, text


def one(nb, marker):
    cells = cells_with(nb, marker)
    assert len(cells) == 1, f"{len(cells)} cells contain {marker!r}"
    return cells[0]


def errors_of(cell):
    return [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"]


def printed(cell):
    """What a cell printed on its standard output and error."""
    return "".join(o.text for o in cell.outputs if o.output_type == "stream")


def svg_of(cell):
    svgs = mime(cell, "image/svg+xml")
    assert len(svgs) == 1 and "<svg" in svgs[0], cell.outputs
    return svgs[0]


def test_07_queue():
    nb = execute("07-queue.ipynb")

    out = text(one(nb, "q := sandbox.NewQueue(5)"))
    assert "after 3 puts: full: false  empty: false  size: 3" in out, out
    assert "after 5 puts: full: true  empty: false  size: 5" in out, out
    assert "Queue(cap 5, 5 items)" in out, out

    # PutTimeout on a full queue: ErrFull, after waiting its timeout.
    out = text(one(nb, "q.PutTimeout(666, 500*time.Millisecond)"))
    assert "PutTimeout(666, 500ms): sandbox: queue is full" in out, out
    assert "errors.Is(err, sandbox.ErrFull): true" in out, out
    waited = re.search(r"waited: ([\d.]+)(ms|s)\n", out)
    assert waited, out
    ms = float(waited.group(1)) * (1000 if waited.group(2) == "s" else 1)
    assert 490 <= ms < 5000, out
    assert "PutNowait(666): sandbox: queue is full" in out, out
    assert "still 5 items" in out, out

    # First in, first out, types kept.
    out = text(one(nb, "v, err := q.Get()"))
    got = re.findall(r"^Get \d: (\d+) \(type int, error <nil>\)$", out, re.M)
    assert got == ["111", "222", "333", "444", "555"], out
    assert "empty: true  size: 0" in out, out

    # GetNowait on an empty queue: ErrEmpty, as a value, then as a panic.
    out = text(one(nb, 'fmt.Println("GetNowait on an empty queue:", v, err)'))
    assert "GetNowait on an empty queue: <nil> sandbox: queue is empty" in out, out
    assert "errors.Is(err, sandbox.ErrEmpty): true" in out, out
    cell = one(nb, "panic(err)")
    assert cell.metadata.get("tags") == ["raises-exception"]
    assert errors_of(cell) == ["panic: sandbox: queue is empty"], cell.outputs

    # Get with a timeout: empty after the timeout, or the item as soon as it comes.
    out = text(one(nb, "q.GetTimeout(time.Second)"))
    assert re.search(r"一滴都没有了! \(not a drop left!\) sandbox: queue is empty after 1(\.\d+)?s", out), out
    out = text(one(nb, "b := sandbox.Command(baker, q)"))
    m = re.search(r"GetTimeout\(5s\): a hot bun from pid (\d+), error <nil>", out)
    assert m, out
    assert "less than the timeout: true" in out, out

    # Empty() said "not empty" to both consumers; only one got the item.
    out = text(one(nb, "func careful("))
    assert sorted(re.findall(r"^([AB]): Empty\(\) = false$", out, re.M)) == ["A", "B"], out
    winners = re.findall(r"^([AB]): got the last bun$", out, re.M)
    losers = re.findall(r"^([AB]): GetNowait failed: sandbox: queue is empty$", out, re.M)
    assert len(winners) == 1 and len(losers) == 1 and winners != losers, out

    assert "Queue(unbounded, 1000 items) full: false" in text(one(nb, "big := sandbox.NewQueue(0)"))


def test_08_ipc():
    nb = execute("08-ipc.ipynb")
    out = text(one(nb, "notebook (MainProcess) pid:"))
    pid = int(re.search(r"notebook \(MainProcess\) pid: (\d+)", out).group(1))

    # Child -> parent.
    out = text(one(nb, "func greet("))
    m = re.search(rf"parent \(pid {pid}\) got: hello from the child, pid (\d+) \(parent {pid}\), error <nil>", out)
    assert m and int(m.group(1)) != pid, out

    # Parent -> child -> parent: every number comes back doubled, via a child.
    out = text(one(nb, "func doubler("))
    trips = re.findall(rf"^parent \(pid {pid}\): sent (\d+), got back (\d+)$", out, re.M)
    assert [(int(a), int(b)) for a, b in trips] == [(1, 2), (7, 14), (21, 42)], out
    seen = re.findall(r"^child \(pid (\d+)\): got (\d+), sending back (\d+)$", out, re.M)
    assert [(int(g), int(s)) for _, g, s in seen] == [(1, 2), (7, 14), (21, 42)], out
    assert len({c for c, _, _ in seen}) == 1 and int(seen[0][0]) != pid, out

    # Child -> child: the message left the producer and arrived in the consumer.
    out = text(one(nb, "func producer("))
    put = re.search(r"^producer \(pid (\d+)\) put: (.+)$", out, re.M)
    got = re.search(r"^consumer \(pid (\d+)\) got: (.+)$", out, re.M)
    assert put and got, out
    assert put.group(2) == got.group(2) and "我是23号技师" in got.group(2), out
    assert len({int(put.group(1)), int(got.group(1)), pid}) == 3, out

    # The queue is a reference to a socket served by the notebook's process.
    out = text(one(nb, "json.Marshal(shared)"))
    m = re.search(r'"addr":"(@gocell-queue-(\d+)-[0-9a-f]+)".*"pid":(\d+)', out)
    assert m and int(m.group(2)) == int(m.group(3)) == pid, out
    addr = m.group(1)
    out = text(one(nb, "/proc/net/unix"))
    assert f"the shell's parent, the notebook: pid {pid}" in out, out
    names = re.findall(r"^@gocell-queue-\S+$", out, re.M)
    assert addr in names and len(names) == 4, out

    # Items are copied; channels cannot be.
    out = text(one(nb, "order[2] = \"tea\""))
    assert "changed original: [bun bun tea]" in out and "what came out:    [bun bun soup]" in out, out
    assert "value cannot be copied to another process" in text(one(nb, "copyQ.Put(make(chan int))"))

    # Pipes: the shell's pipelines, both ends of one pipe, and os.Pipe.
    out = text(one(nb, "!seq 1 5 | sort -r"))
    assert out.split() == ["5", "4", "3", "2", "1", "HELLO"], out
    out = text(one(nb, "!readlink /proc/self/fd/1"))
    ends = re.findall(r"^pipe:\[(\d+)\]$", out, re.M)
    assert len(ends) == 2 and ends[0] == ends[1], out
    out = text(one(nb, "os.Pipe()"))
    assert re.findall(r"^read from the pipe: (\S+)$", out, re.M) == ["ONE", "TWO", "THREE"], out


def consumption(out):
    produced = Counter(re.findall(r"^\w+ produced (\S+)$", out, re.M))
    consumed = Counter(re.findall(r"^\w+ consumed (\S+)$", out, re.M))
    return produced, consumed


EIGHT = Counter([f"egon-bun-{i}" for i in range(1, 5)] + [f"tank-soup-{i}" for i in range(1, 5)])


def test_09_producer_consumer():
    nb = execute("09-producer-consumer.ipynb")

    # Processes, ended with one sentinel per consumer.
    cell = one(nb, "q.Put(nil)")
    out = text(cell)
    produced, consumed = consumption(out)
    assert produced == consumed == EIGHT, out
    assert sorted(re.findall(r"^(\w+): got the end marker, leaving$", out, re.M)) == ["jason", "kevin"], out
    assert "items left in the queue: 0" in out, out
    svg = svg_of(cell)
    for lane in ("egon (pid", "tank (pid", "jason (pid", "kevin (pid", "jason eating", "kevin eating"):
        assert lane in svg, lane

    # Processes, ended with a JoinableQueue and daemon consumers.
    cell = one(nb, "jq.Join()")
    out = text(cell)
    produced, consumed = consumption(out)
    assert produced == consumed == EIGHT, out
    assert printed(cell).rstrip().endswith("the cell ends, and the daemon consumers with it"), out
    svg = svg_of(cell)
    assert "jason (pid" in svg and "kevin eating" in svg, svg
    out = text(one(nb, "for _, c := range eaters {\n\tfmt.Println(c)"))
    assert re.findall(r"^<(\w+) pid=\d+ stopped exitcode=(-?\d+)>$", out, re.M) == [
        ("jason", "-9"), ("kevin", "-9")], out

    # Goroutines and a channel, ended with close.
    cell = one(nb, "close(ch)")
    out = text(cell)
    produced, consumed = consumption(out)
    assert produced == consumed == EIGHT, out
    assert sorted(re.findall(r"^(\w+): the channel is closed, leaving$", out, re.M)) == ["jason", "kevin"], out
    assert printed(cell).rstrip().endswith("main: all consumers have left"), out
    svg = svg_of(cell)
    for lane in ("egon (producer)", "tank (producer)", "jason (consumer)", "kevin (consumer)"):
        assert lane in svg, lane

    # A forgotten close: Go's deadlock error.
    cell = one(nb, "// close(ch2) forgotten")
    assert cell.metadata.get("tags") == ["raises-exception"]
    errs = errors_of(cell)
    assert len(errs) == 1 and "all goroutines are asleep - deadlock!" in errs[0], errs
    assert re.findall(r"^consumed (\d)$", text(cell), re.M) == ["1", "2"], text(cell)
