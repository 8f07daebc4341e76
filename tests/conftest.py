"""Shared fixtures and helpers for the tests that run real gocell kernels.

The kernel is found by name ("gocell") through Jupyter's kernelspec search
path, so run the tests with JUPYTER_PATH pointing at an install, as test.sh
does:

    ./install.sh --prefix "$tmp"
    JUPYTER_PATH="$tmp/share/jupyter" /usr/bin/python3 -m pytest -q tests/

Rules these helpers keep: no fixed ports (jupyter_client picks free ones), and
no sleeping to wait for something to happen: every wait is for a message or a
process state, with a deadline.
"""

import os
import re
import signal
import time
from pathlib import Path
from queue import Empty

import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import KernelManager
from jupyter_client.utils import run_sync

KERNEL_NAME = "gocell"

# ipykernel's debugger warns about frozen modules on every start otherwise.
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# Deadlines, in seconds.
START_TIMEOUT = 60  # kernel start until kernel_info_reply
CELL_TIMEOUT = 30  # an ordinary cell, reply and idle
SHUTDOWN_TIMEOUT = 15  # processes gone after shutdown


# --------------------------------------------------------------------------
# A skipped test counts as a failure: a sample left empty or a kernelspec
# that is not found must not turn into a green run.


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.skipped and not hasattr(rep, "wasxfail"):
        reason = rep.longrepr[2] if isinstance(rep.longrepr, tuple) else str(rep.longrepr)
        rep.outcome = "failed"
        rep.longrepr = (
            f"{item.nodeid} was skipped ({reason}); a skipped test counts as a failure "
            "here (for jupyter_kernel_test: is a sample attribute empty?)"
        )


def pytest_sessionfinish(session, exitstatus):
    # Skips that happen outside a test (e.g. a module skipped at collection)
    # are not seen by the hook above.
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped:
        terminalreporter.write_line(
            f"FAILED: {len(skipped)} skipped (skips count as failures here)", red=True
        )


def pytest_configure(config):
    ARTIFACTS.mkdir(exist_ok=True)


# --------------------------------------------------------------------------
# Processes, read from /proc.


class Proc:
    """A process identified by pid and start time, so a reused pid is not
    mistaken for the original process."""

    def __init__(self, pid):
        self.pid = pid
        st = _stat(pid)
        if st is None:
            raise AssertionError(f"process {pid} does not exist")
        self.start = st[2]
        self.comm = _comm(pid)

    def alive(self):
        st = _stat(self.pid)
        # A zombie has exited; it only waits for its parent to collect it.
        return st is not None and st[2] == self.start and st[0] not in "ZX"

    def __repr__(self):
        return f"Proc({self.pid}, {self.comm!r})"


def pid_alive(pid):
    """Whether pid is a living process (not a zombie)."""
    st = _stat(pid)
    return st is not None and st[0] not in "ZX"


def _stat(pid):
    """(state, ppid, starttime) of pid, or None."""
    try:
        data = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name is in parentheses and may contain spaces.
    rest = data[data.rindex(")") + 2 :].split()
    return rest[0], int(rest[1]), int(rest[19])


def _comm(pid):
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


def descendants(pid):
    """All living descendants of pid, found by walking /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st is not None and st[0] not in "ZX":
                children.setdefault(st[1], []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            try:
                found.append(Proc(child))
            except AssertionError:
                continue  # exited meanwhile
            todo.append(child)
    return found


def wait_gone(procs, timeout):
    """Wait until none of procs is alive; return those still alive at the
    deadline."""
    deadline = time.monotonic() + timeout
    while True:
        alive = [p for p in procs if p.alive()]
        if not alive or time.monotonic() >= deadline:
            return alive
        # /proc has no change notification; poll it.
        time.sleep(0.02)


# --------------------------------------------------------------------------
# Messages.


class Result:
    """What an execute_request produced: the reply and the iopub messages
    whose parent is the request."""

    def __init__(self, msg_id, reply, iopub):
        self.msg_id = msg_id
        self.reply = reply
        self.iopub = iopub

    @property
    def content(self):
        return self.reply["content"]

    @property
    def status(self):
        return self.content["status"]

    def stream(self, name):
        return "".join(
            m["content"]["text"]
            for m in self.iopub
            if m["msg_type"] == "stream" and m["content"]["name"] == name
        )

    @property
    def stdout(self):
        return self.stream("stdout")

    @property
    def stderr(self):
        return self.stream("stderr")

    @property
    def errors(self):
        """Contents of the error messages on iopub."""
        return [m["content"] for m in self.iopub if m["msg_type"] == "error"]

    @property
    def result(self):
        """text/plain of the execute_result, or None."""
        for m in self.iopub:
            if m["msg_type"] == "execute_result":
                return m["content"]["data"].get("text/plain")
        return None

    def error_text(self):
        """ename, evalue and traceback of the reply and of every error
        message, as one string (tracebacks may hold ANSI colour codes)."""
        parts = []
        for c in [self.content] + self.errors:
            parts += [str(c.get("ename", "")), str(c.get("evalue", ""))]
            parts += [str(line) for line in c.get("traceback", []) or []]
        return _strip_ansi("\n".join(parts))

    def all_text(self):
        """Everything a person would read: streams, errors, results."""
        return "\n".join([self.stdout, self.stderr, self.error_text(), self.result or ""])

    def __repr__(self):
        return (
            f"Result(status={self.status!r}, stdout={self.stdout!r}, stderr={self.stderr!r}, "
            f"result={self.result!r}, error={self.error_text()!r})"
        )


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _strip_ansi(s):
    return _ANSI.sub("", s)


class Kernel:
    """A started kernel and a blocking client, with waits that keep every
    message they read but did not want, so no message is lost when several
    requests are in flight."""

    CHANNELS = ("shell", "iopub", "stdin", "control")

    def __init__(self, km, kc):
        self.km = km
        self.kc = kc
        self.backlog = {name: [] for name in self.CHANNELS}
        self.seen = {name: [] for name in self.CHANNELS}  # everything ever received
        self.tracked = []  # processes to clean up at the end (see worker_pid)

    @property
    def pid(self):
        return self.km.provisioner.process.pid

    def _channel(self, name):
        return getattr(self.kc, f"{name}_channel")

    def _receive(self, name, timeout):
        try:
            msg = run_sync(self._channel(name).get_msg)(timeout=timeout)
        except Empty:
            return None
        self.seen[name].append(msg)
        return msg

    def wait(self, channels, match, timeout, what):
        """Return (channel, msg) for the first message on one of channels for
        which match(channel, msg) is true; keep the others in the backlog."""
        if isinstance(channels, str):
            channels = (channels,)
        for name in channels:
            for i, msg in enumerate(self.backlog[name]):
                if match(name, msg):
                    del self.backlog[name][i]
                    return name, msg
        deadline = time.monotonic() + timeout
        while True:
            for name in channels:
                # Short waits in turn on each channel: a message on any of
                # them ends the wait at once.
                msg = self._receive(name, 0.01 if len(channels) > 1 else 0.2)
                if msg is None:
                    continue
                if match(name, msg):
                    return name, msg
                self.backlog[name].append(msg)
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {what}; "
                    f"unread: { {k: [m['msg_type'] for m in v] for k, v in self.backlog.items() if v} }"
                )

    def drain(self):
        """Forget everything received so far and not yet consumed."""
        for name in self.CHANNELS:
            self.backlog[name].clear()
            while self._receive(name, 0) is not None:
                pass

    # --- requests ---------------------------------------------------------

    def send_execute(self, code, allow_stdin=False, stop_on_error=True, **kw):
        return self.kc.execute(code, allow_stdin=allow_stdin, stop_on_error=stop_on_error, **kw)

    def collect(self, msg_id, timeout=CELL_TIMEOUT, on_input=None, need_idle=True):
        """Wait for the execute_reply to msg_id and for the idle status that
        ends its output; answer input_requests with on_input(content)."""
        reply, iopub, idle = None, [], not need_idle
        deadline = time.monotonic() + timeout

        def ours(name, msg):
            return msg["parent_header"].get("msg_id") == msg_id

        while reply is None or not idle:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(
                    f"timed out after {timeout}s waiting for the "
                    f"{'execute_reply' if reply is None else 'idle status'} of {msg_id}; "
                    f"output so far: {Result(msg_id, reply or {'content': {'status': '?'}}, iopub)!r}"
                )
            name, msg = self.wait(("shell", "iopub", "stdin"), ours, left, f"reply to {msg_id}")
            if name == "shell":
                reply = msg
            elif name == "stdin":
                assert msg["msg_type"] == "input_request", msg
                if on_input is None:
                    raise AssertionError(f"unexpected input_request: {msg['content']}")
                self.kc.input(on_input(msg["content"]))
            elif msg["msg_type"] == "status":
                if msg["content"]["execution_state"] == "idle":
                    idle = True
            else:
                iopub.append(msg)
        assert reply["msg_type"] == "execute_reply", reply["msg_type"]
        return Result(msg_id, reply, iopub)

    def execute(self, code, timeout=CELL_TIMEOUT, on_input=None, **kw):
        msg_id = self.send_execute(code, **kw)
        return self.collect(msg_id, timeout=timeout, on_input=on_input)

    def run_ok(self, code, timeout=CELL_TIMEOUT, **kw):
        """Execute code and assert that it succeeded."""
        r = self.execute(code, timeout=timeout, **kw)
        assert r.status == "ok", f"cell failed:\n{code}\n{r!r}"
        return r

    def wait_output(self, msg_id, text, timeout=CELL_TIMEOUT):
        """Wait until the cell msg_id has printed text on stdout (the cell is
        then certainly running). The stream messages stay in the backlog for
        collect()."""
        got = []

        def match(name, msg):
            if msg["parent_header"].get("msg_id") != msg_id:
                return False
            if msg["msg_type"] == "stream":
                got.append(msg["content"]["text"])
            return text in "".join(got)

        _, msg = self.wait("iopub", match, timeout, f"output {text!r} of {msg_id}")
        self.backlog["iopub"].append(msg)

    def interrupt(self, timeout=CELL_TIMEOUT):
        """Send interrupt_request on the control channel; return the reply."""
        msg = self.kc.session.msg("interrupt_request", {})
        self.kc.control_channel.send(msg)
        msg_id = msg["header"]["msg_id"]
        _, reply = self.wait(
            "control",
            lambda _, m: m["parent_header"].get("msg_id") == msg_id,
            timeout,
            "interrupt_reply",
        )
        assert reply["msg_type"] == "interrupt_reply", reply["msg_type"]
        return reply

    def worker_pid(self):
        """The pid of the process that runs cells, as the cell sees it."""
        r = self.run_ok('import "fmt"\nimport "os"\nfmt.Println(os.Getpid())')
        m = re.search(r"\d+", r.stdout)
        assert m, f"no pid in output: {r!r}"
        pid = int(m.group())
        if pid_alive(pid):
            self.tracked.append(Proc(pid))
        return pid


# --------------------------------------------------------------------------
# Fixtures.


def _log_path(nodeid):
    return ARTIFACTS / (re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_") + ".kernel.log")


def start_kernel(name, log_path):
    """Start kernel name with its stdout and stderr going to log_path, and
    wait until it answers kernel_info."""
    try:
        KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        raise AssertionError(
            f"kernelspec {name!r} not found; install it (./install.sh --prefix DIR) and set "
            f"JUPYTER_PATH=DIR/share/jupyter (JUPYTER_PATH is {os.environ.get('JUPYTER_PATH')!r})"
        ) from None
    # The log stays open as long as the manager: a restart launches the
    # kernel again with the same arguments.
    log = open(log_path, "ab")
    km = KernelManager(kernel_name=name)
    km.start_kernel(stdout=log, stderr=log)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=START_TIMEOUT)
    except Exception:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        log.close()
        raise
    return km, kc, log


@pytest.fixture
def kernel_name():
    return KERNEL_NAME


@pytest.fixture
def kernel(request, kernel_name):
    """A fresh kernel for one test. At teardown it is shut down and every
    process it had started must be gone."""
    km, kc, log = start_kernel(kernel_name, _log_path(request.node.nodeid))
    k = Kernel(km, kc)
    try:
        yield k
    finally:
        _stop(km, kc, k)
        log.close()


def _stop(km, kc, k):
    alive = km.has_kernel and km.is_alive()
    procs = list(k.tracked)
    if alive:
        procs += [Proc(k.pid)] + descendants(k.pid)
    kc.stop_channels()
    try:
        km.shutdown_kernel(now=not alive)
    except Exception:
        if alive:
            raise
    leftovers = wait_gone(procs, SHUTDOWN_TIMEOUT if alive else 0)
    for p in leftovers:  # don't leave them running for the next test
        try:
            os.kill(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    # When the test itself killed or shut down the kernel, it checked the
    # processes; here they are only cleaned up.
    assert not (alive and leftovers), f"processes still alive after kernel shutdown: {leftovers}"
