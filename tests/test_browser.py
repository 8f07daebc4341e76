"""A lesson notebook run in a real browser: Jupyter Notebook (the classic
server, v6) and headless Chromium driven by Playwright
(tests/browser/run_notebook.mjs).

The test copies notebooks/ to a temporary directory, clears the outputs of
05-daemon.ipynb there, starts `jupyter notebook` on a free port with a token,
and has the browser select the gocell kernel, run all cells and report what
each code cell shows. It checks the notebook's deterministic lines, that the
daemon's last line is absent and that no cell shows an error. The full-page
screenshot is left in tests/artifacts/browser-05-daemon.png, the server's log
in tests/artifacts/browser-notebook-server.log.

Needs: Debian's jupyter-notebook and chromium, node, and
`npm ci --prefix tests/browser` (test.sh does all of it). Without them the
test fails; it does not skip. The kernelspec is found through JUPYTER_PATH,
as for the other tests.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from conftest import ARTIFACTS, KERNEL_NAME, descendants, wait_gone

ROOT = Path(__file__).resolve().parent.parent
BROWSER_DIR = Path(__file__).resolve().parent / "browser"
SCRIPT = BROWSER_DIR / "run_notebook.mjs"
NOTEBOOK = "05-daemon.ipynb"
SCREENSHOT = ARTIFACTS / "browser-05-daemon.png"
SERVER_LOG = ARTIFACTS / "browser-notebook-server.log"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# Deadlines, in seconds.
SERVER_START_TIMEOUT = 60  # `jupyter notebook` answers /api
BROWSER_TIMEOUT = 300  # the whole node script (its own waits are shorter)
SERVER_STOP_TIMEOUT = 30  # server, kernel and workers gone after shutdown

# What the cells of 05-daemon.ipynb print, in order, that does not depend on
# pids or timing. Each entry: (regex, cell index among the code cells).
EXPECTED = [
    (r"egon is a daemon: true", 1),
    (r"steward egon is alive \(pid \d+\)", 1),
    (r"emperor jason dies peacefully \(皇帝jason寿终正寝\): the cell ends here", 1),
    (r"<egon pid=\d+ stopped exitcode=-9>", 2),
    (r"exit code: -9  alive: false", 2),
    (r"kevin is a daemon: false", 3),
    (r"emperor jason dies peacefully: the cell's code ends here, after \d+ms", 3),
    (r"steward kevin is alive \(pid \d+\)", 3),
    (r"steward kevin is dying", 3),
    (r"<kevin pid=\d+ stopped exitcode=0>", 4),
    (r"SetDaemon after Start: sandbox: SetDaemon on tank: process already started", 5),
    (r"tank is a daemon: false", 5),
    (r"steward tank is alive \(pid \d+\)", 5),
    (r"steward tank is dying", 5),
    (r"^\.+\s*$", 6),  # the heartbeat's dots, however many
]
# The daemon is killed when its cell ends: its last line never prints.
ABSENT = "steward egon is dying"


def _require_tools():
    problems = []
    if shutil.which("jupyter-notebook") is None and shutil.which("jupyter") is None:
        problems.append("`jupyter notebook` not found (Debian package jupyter-notebook)")
    if not os.access(CHROMIUM, os.X_OK):
        problems.append(f"{CHROMIUM} not found (Debian package chromium)")
    node = shutil.which("node")
    if node is None:
        problems.append("node not found: install Node.js 20 or later")
    else:
        version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
        m = re.match(r"v(\d+)\.", version)
        if not m or int(m.group(1)) < 20:
            problems.append(f"node is {version or '?'}; playwright-core 1.64 needs Node.js 20 or later")
    if not (BROWSER_DIR / "node_modules" / "playwright-core" / "package.json").is_file():
        problems.append("playwright-core not installed: run `npm ci --prefix tests/browser`")
    if problems:
        pytest.fail("the browser test cannot run:\n  " + "\n  ".join(problems), pytrace=False)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(base, token, path="/api", method="GET", timeout=5):
    req = urllib.request.Request(
        base + path, method=method, headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, r.read()


class Server:
    """`jupyter notebook` in its own session, serving notebook_dir."""

    def __init__(self, notebook_dir, runtime_dir, log):
        self.notebook_dir = notebook_dir
        self.runtime_dir = runtime_dir
        self.log = log
        self.token = os.urandom(24).hex()
        self.proc = None
        self.base = None

    def start(self):
        env = dict(os.environ)
        # A private runtime and config dir: no connection files or user
        # config of other servers.
        env["JUPYTER_RUNTIME_DIR"] = str(self.runtime_dir / "runtime")
        env["JUPYTER_CONFIG_DIR"] = str(self.runtime_dir / "config")
        env["JUPYTER_DATA_DIR"] = str(self.runtime_dir / "data")
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        # The port is picked free, then bound by the server; if another
        # process takes it in between, the server exits and we try again.
        for attempt in range(3):
            port = _free_port()
            cmd = [
                "jupyter", "notebook",
                "--no-browser",
                "--ip=127.0.0.1",
                f"--port={port}",
                "--port-retries=0",
                f"--NotebookApp.token={self.token}",
                f"--notebook-dir={self.notebook_dir}",
            ]  # fmt: skip
            if os.geteuid() == 0:
                cmd.append("--allow-root")
            self.log.write(f"$ {' '.join(cmd).replace(self.token, '***')}\n".encode())
            self.log.flush()
            self.proc = subprocess.Popen(
                cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
            )
            self.base = f"http://127.0.0.1:{port}"
            if self._wait_ready():
                return
            if self.proc.poll() is None:
                break  # running but not answering: not a port clash
        raise AssertionError(
            f"jupyter notebook did not answer {self.base}/api within {SERVER_START_TIMEOUT}s "
            f"(exit status {self.proc.poll()}); see {SERVER_LOG}"
        )

    def _wait_ready(self):
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                status, body = _api(self.base, self.token)
                if status == 200 and b"version" in body:
                    return True
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            # The server does not say when it is ready; poll it.
            time.sleep(0.2)
        return False

    def stop(self):
        """Shut the server down (and with it its kernels); return the
        processes it had started that are still alive afterwards (killed)."""
        if self.proc is None or self.proc.poll() is not None:
            return []
        procs = descendants(self.proc.pid)
        try:
            _api(self.base, self.token, "/api/shutdown", method="POST")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=SERVER_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill_group(self.proc)
            self.proc.wait(timeout=10)
            raise AssertionError(f"jupyter notebook did not stop in {SERVER_STOP_TIMEOUT}s")
        leftovers = wait_gone(procs, SERVER_STOP_TIMEOUT)
        for p in leftovers:
            try:
                os.kill(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _kill_group(self.proc)  # anything else still in the server's session
        return leftovers


def _kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


@pytest.fixture
def notebook_dir(tmp_path):
    """A copy of notebooks/ in which NOTEBOOK has no outputs."""
    nb_dir = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", nb_dir)
    path = nb_dir / NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    return nb_dir


def test_notebook_in_browser(notebook_dir, tmp_path):
    _require_tools()
    SCREENSHOT.unlink(missing_ok=True)
    with open(SERVER_LOG, "wb") as log:
        server = Server(notebook_dir, tmp_path, log)
        try:
            server.start()
            node = subprocess.Popen(
                ["node", str(SCRIPT), server.base, server.token, NOTEBOOK, str(SCREENSHOT), KERNEL_NAME],
                env=dict(os.environ, CHROMIUM=CHROMIUM),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,  # the browser goes with it on a timeout
            )
            try:
                out, err = node.communicate(timeout=BROWSER_TIMEOUT)
            except subprocess.TimeoutExpired:
                _kill_group(node)
                out, err = node.communicate()
                raise AssertionError(
                    f"run_notebook.mjs did not finish in {BROWSER_TIMEOUT}s\n"
                    f"stdout: {out}\nstderr: {err}"
                ) from None
            _kill_group(node)  # nothing of the browser may outlive the script
        finally:
            leftovers = server.stop()
    assert node.returncode == 0, (
        f"run_notebook.mjs failed (exit {node.returncode}); screenshot {SCREENSHOT}, "
        f"server log {SERVER_LOG}\nstderr: {err}\nstdout: {out}"
    )
    assert not leftovers, f"processes still alive after the server shut down: {leftovers}"

    report = json.loads(out.strip().splitlines()[-1])
    assert report["ok"] is True
    assert report["kernel"] == KERNEL_NAME, report
    cells = report["cells"]
    nb = nbformat.read(notebook_dir / NOTEBOOK, as_version=4)
    n_code = sum(c.cell_type == "code" for c in nb.cells)
    assert len(cells) == n_code, f"the page shows {len(cells)} code cells, the notebook has {n_code}"
    # One run, in order: In [1] .. In [n].
    assert [c["prompt"] for c in cells] == [f"In [{i}]:" for i in range(1, n_code + 1)], cells

    shown = "\n".join(f"--- cell {i} ({c['prompt']})\n{c['text']}" for i, c in enumerate(cells))
    assert not report["modelErrors"], f"error outputs: {report['modelErrors']}\n{shown}"
    assert all(c["errors"] == 0 for c in cells), f"a cell shows an error:\n{shown}"
    assert all(c["stderr"] == 0 for c in cells), f"a cell wrote to stderr:\n{shown}"
    for pattern, index in EXPECTED:
        assert re.search(pattern, cells[index]["text"], re.M), (
            f"cell {index} does not show /{pattern}/:\n{shown}"
        )
    assert ABSENT not in "\n".join(c["text"] for c in cells), (
        f"the daemon's last line {ABSENT!r} was printed:\n{shown}"
    )

    data = SCREENSHOT.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{SCREENSHOT} is not a PNG"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width >= 800 and height >= 1500, f"screenshot is {width}x{height}"
    assert len(data) > 50_000, f"screenshot is only {len(data)} bytes"
