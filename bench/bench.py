#!/usr/bin/python3
"""Benchmark installed Jupyter kernels with jupyter_client, side by side.

    /usr/bin/python3 bench/bench.py [--kernels gocell,python3] [--runs N] [--json FILE]

For each kernel it measures (median of N runs):

  start           launch the process until the kernel_info_reply arrives
  kernel_info     a kernel_info request's round trip: the floor that the
                  client (jupyter_client, Python) puts under every figure
  trivial cell    execute `1 + 1` until its reply and idle status; and the
                  time between the busy and idle statuses by the kernel's own
                  clock (their header dates), which excludes the client
  print 1 line    one line printed
  print 100k      100,000 lines printed: time, and stream messages received
  1000 goroutines 1000 goroutines (Python: threads) incrementing under a lock
  interrupt       from sending interrupt_request (control channel) while
                  the cell spins in an empty loop, until the execute_reply
  memory          VmRSS of the kernel and all its descendants, summed,
                  after the cells above (one reading)

The kernels are found by name as Jupyter finds them (JUPYTER_PATH etc.);
bench/run.sh installs gocell into a temporary prefix and runs this.
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import datetime
from queue import Empty

# ipykernel's debugger prints a warning about frozen modules on start.
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

import zmq  # noqa: E402
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel  # noqa: E402
from jupyter_client.manager import KernelManager  # noqa: E402

TIMEOUT = 120  # seconds for any one step

CODE = {
    "gocell": {
        "trivial": "1 + 1",
        "print1": 'import "fmt"\nfmt.Println("hello")',
        "print100k": 'import "fmt"\nfor i := 0; i < 100000; i++ {\n\tfmt.Println(i)\n}',
        "goroutines": (
            'import "fmt"\nimport "sync"\n'
            "var mu sync.Mutex\nvar wg sync.WaitGroup\nn := 0\n"
            "for i := 0; i < 1000; i++ {\n"
            "\twg.Add(1)\n"
            "\tgo func() {\n\t\tdefer wg.Done()\n\t\tmu.Lock()\n\t\tn++\n\t\tmu.Unlock()\n\t}()\n"
            "}\nwg.Wait()\nfmt.Println(n)"
        ),
        "spin": 'import "fmt"\nfmt.Println("spinning")\nfor {\n}',
        "cpu": 'import "fmt"\ns := 0\nfor i := 0; i < 10000000; i++ {\n\ts += i * i\n}\nfmt.Println(s)',
        # What go run prints: the sum overflows int64 and wraps, as Go does.
        "cpu_out": "1291890006563070912",
        "proc_setup": 'import ("fmt"; "time"; "gocell/sandbox")\nfunc trivial() {}',
        # %s: a pause before each start (one at a time), or none (in a row).
        "proc": (
            "for range 20 {\n\t%s\n\tt0 := time.Now()\n\tp := sandbox.Command(trivial)\n"
            "\tp.Start()\n\tp.Join()\n\tfmt.Println(time.Since(t0).Microseconds())\n}"
        ),
        "pause": "time.Sleep(50 * time.Millisecond)",
    },
    "python3": {
        "trivial": "1 + 1",
        "print1": 'print("hello")',
        "print100k": "for i in range(100000):\n    print(i)",
        "goroutines": (
            "import threading\n"
            "lock = threading.Lock()\nn = 0\n"
            "def work():\n    global n\n    with lock:\n        n += 1\n"
            "ts = [threading.Thread(target=work) for _ in range(1000)]\n"
            "for t in ts: t.start()\n"
            "for t in ts: t.join()\n"
            "print(n)"
        ),
        "spin": 'print("spinning", flush=True)\nwhile True:\n    pass',
        "cpu": "s = 0\nfor i in range(10000000):\n    s += i * i\nprint(s)",
        "cpu_out": "333333283333335000000",
        "proc_setup": "import multiprocessing, os, time",
        "pause": "time.sleep(0.05)",
        "proc": (
            "ctx = multiprocessing.get_context(%r)\n"
            "for _ in range(20):\n"
            "    %s\n"
            "    t0 = time.perf_counter()\n"
            "    p = ctx.Process(target=os.getpid)\n"
            "    p.start()\n    p.join()\n"
            "    print(int((time.perf_counter() - t0) * 1e6))"
        ),
    },
}

# (key, label, unit, target, target text)
METRICS = [
    ("start", "start -> kernel_info_reply", "ms", 100, "<= 100 ms"),
    ("kernel_info", "kernel_info round trip", "ms", None, ""),
    ("trivial", "trivial cell (1 + 1)", "ms", 1, "<= 1 ms"),
    ("trivial_kernel", "  in the kernel (busy->idle)", "ms", None, ""),
    ("print1", "print one line", "ms", None, ""),
    ("print100k", "print 100,000 lines", "ms", 500, "<= 500 ms"),
    ("print100k_msgs", "  stream messages for them", "msgs", 50, "<= 50"),
    ("goroutines", "1000 goroutines + mutex", "ms", None, ""),
    ("cpu", "CPU loop (1e7 x s += i*i)", "ms", 145, "<= 145 ms"),
    ("interrupt", "interrupt -> execute_reply", "ms", 50, "<= 50 ms"),
    ("proc", "process start + join, one at a time", "ms", 10, "<= 10 ms"),
    ("proc_row", "  20 in a row", "ms", None, ""),
    ("proc_forkserver", "  Python with forkserver", "ms", None, ""),
    ("proc_spawn", "  Python with spawn", "ms", None, ""),
    ("memory", "memory, RSS (kernel + children)", "MiB", None, ""),
    ("memory_pss", "memory, PSS (shared pages once)", "MiB", 50, "<= 50 MiB"),
    ("memory_pool", "  PSS after starting processes", "MiB", None, ""),
]


class Failed(Exception):
    pass


def language_of(name):
    spec = KernelSpecManager().get_kernel_spec(name)
    return "gocell" if spec.language == "go" else "python3"


def start(name):
    """Start kernel name; return (km, kc, seconds until kernel_info_reply)."""
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel(stdout=open(os.devnull, "wb"), stderr=open(os.devnull, "wb"))
    kc = km.client()
    # libzmq retries a refused connect every 100 ms by default; poll faster
    # so the figure shows the kernel's start, not the client's retry period.
    kc.context.setsockopt(zmq.RECONNECT_IVL, 5)
    kc.start_channels()
    msg_id = kc.kernel_info()
    deadline = t0 + TIMEOUT
    while True:
        try:
            msg = kc.get_shell_msg(timeout=max(0.0, deadline - time.perf_counter()))
        except Empty:
            stop(km, kc)
            raise Failed(f"{name}: no kernel_info_reply within {TIMEOUT}s") from None
        if msg["parent_header"].get("msg_id") == msg_id:
            break
    elapsed = time.perf_counter() - t0
    # Let iopub connect (and flush it) before cells are timed.
    kc.wait_for_ready(timeout=TIMEOUT)
    return km, kc, elapsed


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=False)


def until_idle(kc, msg_id, t0, on_msg=None):
    """Read iopub until the idle status of msg_id; return its arrival time."""
    while True:
        left = t0 + TIMEOUT - time.perf_counter()
        try:
            msg = kc.get_iopub_msg(timeout=max(0.0, left))
        except Empty:
            raise Failed(f"no idle status for {msg_id} within {TIMEOUT}s") from None
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if on_msg:
            on_msg(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return time.perf_counter()


def reply_of(kc, msg_id, t0, channel="shell"):
    get = kc.get_shell_msg if channel == "shell" else kc.get_control_msg
    while True:
        left = t0 + TIMEOUT - time.perf_counter()
        try:
            msg = get(timeout=max(0.0, left))
        except Empty:
            raise Failed(f"no reply to {msg_id} within {TIMEOUT}s") from None
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg, time.perf_counter()


def header_time(msg):
    d = msg["header"]["date"]
    return d if isinstance(d, datetime) else datetime.fromisoformat(str(d).replace("Z", "+00:00"))


def run_cell(kc, code, stamps=None):
    """Execute code; return (seconds until both reply and idle, stdout text,
    number of stream messages, reply). If stamps is a dict, the kernel's own
    timestamps (header dates) of the busy and idle statuses go into it."""
    out, streams = [], [0]

    def on_msg(msg):
        if msg["msg_type"] == "stream":
            streams[0] += 1
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "status" and stamps is not None:
            stamps[msg["content"]["execution_state"]] = header_time(msg)

    t0 = time.perf_counter()
    msg_id = kc.execute(code, stop_on_error=False)
    # All output precedes idle; read iopub first so a flood of output is not
    # left queued while we wait for the reply.
    until_idle(kc, msg_id, t0, on_msg)
    reply, t_end = reply_of(kc, msg_id, t0)
    if reply["content"]["status"] != "ok":
        raise Failed(f"cell failed: {code!r}: {reply['content']}")
    # t_end is when the later of reply and idle arrived (to within the time
    # it takes to read a reply that was already queued).
    return t_end - t0, "".join(out), streams[0], reply


def interrupt_once(kc, code):
    """Run code (which prints "spinning" then loops); once it printed,
    interrupt it; return seconds from interrupt_request to execute_reply."""
    t0 = time.perf_counter()
    msg_id = kc.execute(code, stop_on_error=False)
    printed = ""
    while "spinning" not in printed:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.0, t0 + TIMEOUT - time.perf_counter()))
        except Empty:
            raise Failed("spinning cell printed nothing") from None
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            printed += msg["content"]["text"]
    req = kc.session.msg("interrupt_request", {})
    t1 = time.perf_counter()
    kc.control_channel.send(req)
    reply, t2 = reply_of(kc, msg_id, t1)
    reply_of(kc, req["header"]["msg_id"], t1, channel="control")
    until_idle(kc, msg_id, t1)
    if reply["content"]["status"] != "error":
        raise Failed(f"interrupted cell replied {reply['content']['status']}")
    return t2 - t1


def rss_mib(pid, field="VmRSS:", source="status"):
    """VmRSS of pid and all its descendants, in MiB. With field="Pss:" and
    source="smaps_rollup", the proportional set size: pages shared between the
    processes (the kernel and its worker run the same binary) count once."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    data = f.read()
            except OSError:
                continue
            ppid = int(data[data.rindex(")") + 2 :].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    total_kb, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            with open(f"/proc/{p}/{source}") as f:
                for line in f:
                    if line.startswith(field):
                        total_kb += int(line.split()[1])
        except OSError:
            pass
    return total_kb / 1024


def bench_kernel(name, runs, log):
    lang = language_of(name)
    code = CODE[lang]
    res = {}

    log(f"{name}: start x{runs}")
    starts = []
    for _ in range(runs):
        km, kc, t = start(name)
        starts.append(t)
        stop(km, kc)
    res["start"] = [t * 1000 for t in starts]

    km, kc, _ = start(name)
    try:
        run_cell(kc, code["print1"])  # warm up (imports, first-use costs)
        log(f"{name}: kernel_info x{runs}")
        res["kernel_info"] = []
        for _ in range(runs):
            t0 = time.perf_counter()
            reply_of(kc, kc.kernel_info(), t0)
            res["kernel_info"].append((time.perf_counter() - t0) * 1000)
        log(f"{name}: trivial x{runs}")
        res["trivial"], res["trivial_kernel"] = [], []
        for _ in range(runs):
            stamps = {}
            res["trivial"].append(run_cell(kc, code["trivial"], stamps)[0] * 1000)
            inside = (stamps["idle"] - stamps["busy"]).total_seconds() * 1000
            res["trivial_kernel"].append(inside)
        log(f"{name}: print1 x{runs}")
        res["print1"] = [run_cell(kc, code["print1"])[0] * 1000 for _ in range(runs)]

        log(f"{name}: print100k x{runs}")
        times, msgs = [], []
        for _ in range(runs):
            t, out, n, _ = run_cell(kc, code["print100k"])
            if not out.endswith("99999\n"):
                raise Failed(f"print100k: output ends with {out[-20:]!r}")
            times.append(t * 1000)
            msgs.append(n)
        res["print100k"], res["print100k_msgs"] = times, msgs

        log(f"{name}: goroutines x{runs}")
        times = []
        for _ in range(runs):
            t, out, _, _ = run_cell(kc, code["goroutines"])
            if out.strip() != "1000":
                raise Failed(f"goroutines: printed {out!r}, want 1000")
            times.append(t * 1000)
        res["goroutines"] = times

        log(f"{name}: cpu loop x{runs}")
        times = []
        for _ in range(runs):
            t, out, _, _ = run_cell(kc, code["cpu"])
            if out.strip() != code["cpu_out"]:
                raise Failed(f"cpu loop: printed {out!r}")
            times.append(t * 1000)
        res["cpu"] = times

        log(f"{name}: interrupt x{runs}")
        res["interrupt"] = [interrupt_once(kc, code["spin"]) * 1000 for _ in range(runs)]
        run_cell(kc, code["trivial"])  # the kernel still works

        # The kernel's own memory, before the notebook starts processes.
        res["memory"] = [rss_mib(km.provisioner.process.pid)]
        res["memory_pss"] = [rss_mib(km.provisioner.process.pid, "Pss:", "smaps_rollup")]

        log(f"{name}: process start + join x{runs * 20}")
        run_cell(kc, code["proc_setup"])
        methods = {
            "proc": ("fork", True), "proc_row": ("fork", False),
            "proc_forkserver": ("forkserver", True), "proc_spawn": ("spawn", True),
        }
        for key, (method, pause) in methods.items():
            if lang == "gocell" and key not in ("proc", "proc_row"):
                continue
            wait = code["pause"] if pause else ("pass" if lang == "python3" else "")
            cell = code["proc"] % ((method, wait) if lang == "python3" else wait)
            run_cell(kc, cell)  # warm up: the pool, the fork server
            res[key] = []
            for _ in range(runs):
                _, out, _, _ = run_cell(kc, cell)
                micros = [int(x) for x in out.split()]
                if len(micros) != 20:
                    raise Failed(f"{key}: printed {out!r}")
                res[key] += [m / 1000 for m in micros]
        # With the children gocell keeps ready once a notebook starts processes.
        res["memory_pool"] = [rss_mib(km.provisioner.process.pid, "Pss:", "smaps_rollup")]

    finally:
        stop(km, kc)
    return res


def fmt(values, unit):
    if not values:
        return "-"
    m = statistics.median(values)
    if unit == "msgs":
        return f"{m:.0f}"
    if unit == "ms" and m < 10:
        return f"{m:.2f} ms"
    return f"{m:.0f} {unit}" if unit != "MiB" else f"{m:.1f} MiB"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kernels", default="gocell,python3", help="comma-separated kernel names")
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement (median is shown)")
    ap.add_argument("--json", metavar="FILE", help="also write all measurements as JSON")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    kernels = [k for k in args.kernels.split(",") if k]

    def log(s):
        print(f"  .. {s}", file=sys.stderr, flush=True)

    results, errors = {}, {}
    for name in kernels:
        try:
            KernelSpecManager().get_kernel_spec(name)
        except NoSuchKernel:
            errors[name] = "kernelspec not found (JUPYTER_PATH?)"
            continue
        try:
            results[name] = bench_kernel(name, args.runs, log)
        except Failed as e:
            errors[name] = str(e)
        except Exception as e:  # keep going with the other kernels
            errors[name] = f"{type(e).__name__}: {e}"

    width = 30
    cols = [k for k in kernels]
    print()
    print(f"median of {args.runs} runs".ljust(width) + "".join(f"{c:>14}" for c in cols) + "   target (gocell)")
    for key, label, unit, target, ttext in METRICS:
        row = label.ljust(width)
        for c in cols:
            row += f"{fmt(results.get(c, {}).get(key, []), unit):>14}"
        if ttext:
            verdict = ""
            g = results.get("gocell", {}).get(key)
            if g:
                verdict = "  ok" if statistics.median(g) <= target else "  MISSED"
            row += f"   {ttext}{verdict}"
        print(row)
    for name, err in errors.items():
        print(f"\n{name}: FAILED: {err}")

    if args.json:
        with open(args.json, "w") as f:
            json.dump(
                {"runs": args.runs, "results": results, "errors": errors, "time": time.time()},
                f,
                indent=2,
            )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
