"""gocell driven by jupyter_client as a notebook would drive it: interrupts,
crashes of the worker process, stdin, stop_on_error, process cleanup and
message signatures.

Each test starts its own kernel (the `kernel` fixture in conftest.py), which
at teardown is shut down and must leave no process behind. Assertions look at
statuses and substrings, not at the exact wording of tracebacks.
"""

import os
import signal

from jupyter_client.session import Session

from conftest import SHUTDOWN_TIMEOUT, START_TIMEOUT, Proc, descendants, pid_alive, wait_gone

# How long an interrupt may take to produce the execute_reply. A cell stuck
# in a native call is ended by replacing the worker, which includes starting
# a new worker and restoring the notebook's declarations.
INTERRUPT_TIMEOUT = 15
# How long a crashed worker may take to be reported (and replaced).
CRASH_TIMEOUT = 60


def assert_interrupted(r):
    assert r.status == "error", r
    assert r.content.get("ename") == "interrupted", r


def test_interrupt_busy_loop(kernel):
    msg_id = kernel.send_execute('import "fmt"\nfmt.Println("spinning")\nfor {\n}')
    kernel.wait_output(msg_id, "spinning")

    reply = kernel.interrupt()
    assert reply["content"].get("status") == "ok", reply["content"]

    assert_interrupted(kernel.collect(msg_id, timeout=INTERRUPT_TIMEOUT))
    assert kernel.run_ok("1 + 1").result == "2"


def test_interrupt_of_sleep_keeps_the_notebook(kernel):
    # time.Sleep ends at the interrupt: the same Go process goes on, with
    # the notebook's variables as they were (a process replaced would have
    # put x back at its zero value).
    kernel.run_ok('import (\n\t"fmt"\n\t"time"\n)\nx := 41\nx++')
    before = kernel.worker_pid()
    msg_id = kernel.send_execute('fmt.Println("sleeping")\ntime.Sleep(time.Hour)\nx = 0')
    kernel.wait_output(msg_id, "sleeping")
    kernel.interrupt()
    assert_interrupted(kernel.collect(msg_id, timeout=INTERRUPT_TIMEOUT))
    assert kernel.worker_pid() == before
    assert kernel.run_ok("x").result == "42"


def test_interrupt_goroutine_stuck_in_sleep(kernel):
    kernel.run_ok("func double(x int) int { return 2 * x }")
    code = (
        'import "fmt"\n'
        'import "time"\n'
        'import "sync"\n'
        "var wg sync.WaitGroup\n"
        "wg.Add(1)\n"
        "go func() { time.Sleep(time.Hour); wg.Done() }()\n"
        'fmt.Println("waiting")\n'
        "wg.Wait()"
    )
    msg_id = kernel.send_execute(code)
    kernel.wait_output(msg_id, "waiting")

    kernel.interrupt()
    assert_interrupted(kernel.collect(msg_id, timeout=INTERRUPT_TIMEOUT))

    assert kernel.run_ok("1 + 1").result == "2"
    assert kernel.run_ok("double(21)").result == "42"


def test_panic_in_goroutine_restarts_worker(kernel):
    kernel.run_ok("func triple(x int) int { return 3 * x }")
    before = kernel.worker_pid()

    r = kernel.execute(
        'import "time"\ngo func() { panic("boom in goroutine") }()\ntime.Sleep(2 * time.Second)',
        timeout=CRASH_TIMEOUT,
    )
    assert r.status == "error", r
    assert "boom in goroutine" in r.error_text(), r

    after = kernel.worker_pid()
    assert after != before, "the worker should have been replaced"
    assert not pid_alive(before), f"the crashed worker {before} is still running"
    assert kernel.run_ok("triple(5)").result == "15"


def test_concurrent_map_writes_restarts_worker(kernel):
    kernel.run_ok("func triple(x int) int { return 3 * x }")
    before = kernel.worker_pid()
    code = (
        'import "time"\n'
        "m := map[int]int{}\n"
        "for g := 0; g < 8; g++ {\n"
        "\tgo func() {\n"
        "\t\tfor i := 0; ; i++ {\n"
        "\t\t\tm[i%1000] = i\n"
        "\t\t}\n"
        "\t}()\n"
        "}\n"
        "time.Sleep(time.Minute)"
    )
    r = kernel.execute(code, timeout=CRASH_TIMEOUT)
    assert r.status == "error", r
    assert "concurrent map writes" in r.error_text(), r

    assert kernel.worker_pid() != before
    assert kernel.run_ok("triple(5)").result == "15"


def test_stdin_round_trip(kernel):
    prompts = []

    def answer(content):
        prompts.append(content)
        return "gopher"

    code = 'import "fmt"\nvar name string\nfmt.Scanln(&name)\nfmt.Println("hello", name)'
    r = kernel.execute(code, allow_stdin=True, on_input=answer)
    assert r.status == "ok", r
    assert len(prompts) == 1, prompts
    assert "hello gopher" in r.stdout, r


def test_stdin_not_allowed_does_not_hang(kernel):
    code = 'import "fmt"\nvar name string\nfmt.Scanln(&name)\nfmt.Println("hello", name)'
    # No input_request may arrive (collect fails on one), and the cell ends.
    r = kernel.execute(code, allow_stdin=False)
    assert "stdin" in r.all_text().lower(), r


def test_stop_on_error_aborts_queued_cells(kernel, tmp_path):
    second, third, gate = tmp_path / "second", tmp_path / "third", tmp_path / "gate"
    codes = [
        # Fails only once the test has sent all three requests: a client
        # under load may otherwise send the third after the first has failed,
        # and then it rightly runs.
        'import "os"\nimport "time"\n'
        "func waitFor(path string) {\n"
        "\tfor {\n"
        "\t\tif _, err := os.Stat(path); err == nil {\n\t\t\treturn\n\t\t}\n"
        "\t\ttime.Sleep(5 * time.Millisecond)\n"
        "\t}\n}\n"
        f'waitFor("{gate}")\n'
        'panic("x")',
        f'import "fmt"\nimport "os"\nos.WriteFile("{second}", []byte("x"), 0o644)\nfmt.Println("second ran")',
        f'import "fmt"\nimport "os"\nos.WriteFile("{third}", []byte("x"), 0o644)\nfmt.Println("third ran")',
    ]
    ids = [kernel.send_execute(code, stop_on_error=True) for code in codes]
    gate.touch()

    first = kernel.collect(ids[0])
    assert first.status == "error" and "x" in first.error_text(), first
    assert "panic" in first.error_text(), first
    # Aborted requests get a reply; whether busy/idle is published for them
    # is up to the kernel, so only the reply is awaited.
    for msg_id in ids[1:]:
        r = kernel.collect(msg_id, need_idle=False)
        assert r.status == "aborted", r

    # A later cell runs; once it is idle, any output of the aborted cells
    # would have arrived before (iopub is ordered).
    assert "fourth ran" in kernel.run_ok('import "fmt"\nfmt.Println("fourth ran")').stdout
    printed = "".join(
        m["content"].get("text", "") for m in kernel.seen["iopub"] if m["msg_type"] == "stream"
    )
    assert "second ran" not in printed and "third ran" not in printed, printed
    assert not second.exists() and not third.exists()


def test_restart_and_shutdown_leave_no_process(kernel):
    old_kernel = Proc(kernel.pid)
    old_worker = Proc(kernel.worker_pid())
    old_all = [old_kernel] + descendants(old_kernel.pid)
    assert old_worker.pid in [p.pid for p in old_all], "the worker should be the kernel's descendant"

    kernel.km.restart_kernel(now=False)
    kernel.kc.wait_for_ready(timeout=START_TIMEOUT)
    kernel.drain()
    gone = wait_gone(old_all, SHUTDOWN_TIMEOUT)
    assert not gone, f"still alive after restart: {gone}"

    new_kernel = Proc(kernel.pid)
    new_worker = kernel.worker_pid()
    assert new_kernel.pid != old_kernel.pid or new_kernel.start != old_kernel.start
    assert new_worker != old_worker.pid
    assert kernel.run_ok("1 + 1").result == "2"

    new_all = [new_kernel] + descendants(new_kernel.pid)
    assert new_worker in [p.pid for p in new_all]
    kernel.kc.stop_channels()
    kernel.km.shutdown_kernel(now=False)
    gone = wait_gone(new_all, SHUTDOWN_TIMEOUT)
    assert not gone, f"still alive after shutdown: {gone}"


def test_worker_dies_with_killed_kernel(kernel):
    worker = Proc(kernel.worker_pid())
    everything = descendants(kernel.pid)
    assert worker.pid in [p.pid for p in everything]

    os.kill(kernel.pid, signal.SIGKILL)
    gone = wait_gone(everything, 5)
    assert not gone, f"still alive 5 s after kill -9 of the kernel: {gone}"


def test_message_with_bad_signature_is_not_executed(kernel, tmp_path):
    forged_file, signed_file = tmp_path / "forged", tmp_path / "signed"

    def write_cell(path):
        return f'import "os"\nos.WriteFile("{path}", []byte("x"), 0o644)'

    good = kernel.kc.session
    forger = Session(
        key=b"this-is-not-the-key",
        signature_scheme=good.signature_scheme,
        username=good.username,
    )
    content = {
        "code": write_cell(forged_file),
        "silent": False,
        "store_history": True,
        "user_expressions": {},
        "allow_stdin": False,
        "stop_on_error": True,
    }
    forged = forger.msg("execute_request", content)
    forger.send(kernel.kc.shell_channel.socket, forged)

    # The same cell, signed with the right key, does create its file: so the
    # absence of the forged one below means it was not run.
    kernel.run_ok(write_cell(signed_file))
    assert signed_file.exists()
    assert kernel.run_ok("1 + 1").result == "2"

    assert not forged_file.exists(), "the forged request was executed"
    forged_id = forged["header"]["msg_id"]
    answered = [
        m
        for ch in ("shell", "iopub")
        for m in kernel.seen[ch]
        if m["parent_header"].get("msg_id") == forged_id
    ]
    assert not answered, f"kernel answered a forged request: {[m['msg_type'] for m in answered]}"
    assert kernel.km.is_alive()


def test_completions_apply_at_cursor_start(kernel):
    """Whatever cursor_start the kernel picks, replacing text[cursor_start:
    cursor_end] by a match must give the completed code."""
    kernel.run_ok("func gopherCount() int { return 7 }")
    cases = {
        "fmt.Prin": {"fmt.Print", "fmt.Printf", "fmt.Println"},
        'import "fmt"\nfmt.Sprin': {'import "fmt"\nfmt.Sprint', 'import "fmt"\nfmt.Sprintf', 'import "fmt"\nfmt.Sprintln'},
        "gopherCo": {"gopherCount"},
    }
    for text, want in cases.items():
        kernel.kc.complete(text, len(text))
        _, reply = kernel.wait(
            "shell", lambda _, m: m["msg_type"] == "complete_reply", 10, "complete_reply"
        )
        c = reply["content"]
        assert c["status"] == "ok", c
        assert 0 <= c["cursor_start"] <= c["cursor_end"] <= len(text), c
        got = {text[: c["cursor_start"]] + m + text[c["cursor_end"] :] for m in c["matches"]}
        assert got == want, (text, c)


def test_sigint_interrupts_like_interrupt_request(kernel):
    msg_id = kernel.send_execute('import "fmt"\nfmt.Println("spinning")\nfor {\n}')
    kernel.wait_output(msg_id, "spinning")
    os.kill(kernel.pid, signal.SIGINT)
    assert_interrupted(kernel.collect(msg_id, timeout=INTERRUPT_TIMEOUT))
    assert kernel.run_ok("1 + 1").result == "2"


def test_output_limit_says_what_was_dropped(kernel):
    # 6 MiB of output against the 4 MiB limit per cell.
    r = kernel.run_ok(
        'import "fmt"\nimport "strings"\nline := strings.Repeat("x", 1023)\n'
        "for i := 0; i < 6*1024; i++ {\n\tfmt.Println(line)\n}"
    )
    assert len(r.stdout) == 4 << 20, len(r.stdout)
    assert "2.0 MiB were not shown" in r.stderr, r.stderr
    # Each message is of a size a front end can take.
    assert max(len(m["content"]["text"]) for m in r.iopub if m["msg_type"] == "stream") <= 512 << 10


def test_ipc_transport(tmp_path):
    from jupyter_client.manager import KernelManager

    outputs = []
    km = KernelManager(kernel_name="gocell", transport="ipc", ip=str(tmp_path / "kernel-ipc"))
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=START_TIMEOUT)
        reply = kc.execute_interactive('import "fmt"\nfmt.Println("over ipc")', timeout=30,
                                       output_hook=lambda m: outputs.append(m))
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    assert any(m["msg_type"] == "stream" and m["content"]["text"] == "over ipc\n" for m in outputs), outputs


def test_version_flag():
    import re
    import subprocess

    from jupyter_client.kernelspec import KernelSpecManager

    argv = KernelSpecManager().get_kernel_spec("gocell").argv
    out = subprocess.run([argv[0], "--version"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert re.fullmatch(r"gocell \d+\.\d+\.\d+ \(go1\.\d+[^,]*, yaegi v0\.16\.1\)\n", out.stdout), out.stdout
