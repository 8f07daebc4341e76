"""The sandbox (import "gocell/sandbox") through the installed kernel: real
child processes, read back from /proc by the test itself where it can."""

import json
import os
import re
import signal

from conftest import SHUTDOWN_TIMEOUT, Proc, _stat, descendants, pid_alive, wait_gone

IMPORTS = 'import ("errors"; "fmt"; "os"; "time"; "gocell/sandbox")\n'


def prepare(kernel, decls=""):
    kernel.run_ok(IMPORTS + decls)


def ints(pattern, text):
    m = re.search(pattern, text)
    assert m, f"{pattern!r} not in output:\n{text}"
    return [int(g) for g in m.groups()]


def state(pid):
    """The state letter of pid in /proc, or None when it is gone."""
    st = _stat(pid)
    return None if st is None else st[0]


def test_pids_and_parent_pids(kernel):
    prepare(kernel, """
func task(name string) {
	fmt.Printf("child %s pid %d ppid %d current %d\\n", name, os.Getpid(), os.Getppid(), sandbox.Current().Pid)
}
""")
    r = kernel.run_ok("""
p := sandbox.Command(task, "egon")
fmt.Println(p.Start())
fmt.Println(p.Join())
fmt.Printf("parent pid %d started %d exit %d\\n", os.Getpid(), p.Pid(), p.ExitCode())
""")
    child, ppid, current = ints(r"child egon pid (\d+) ppid (\d+) current (\d+)", r.stdout)
    parent, started, code = ints(r"parent pid (\d+) started (\d+) exit (\d+)", r.stdout)
    assert child != parent
    assert ppid == parent
    assert current == child == started
    assert code == 0


def test_run_method_and_spawn_semantics(kernel):
    prepare(kernel, """
var counter = 10
type Worker struct{ Name string; n int }
func (w *Worker) Run() { fmt.Printf("run %s %d counter %d\\n", w.Name, w.n, counter) }
""")
    kernel.run_ok('counter = 99\nfmt.Println("top-level statement ran")')
    r = kernel.run_ok("""
w := &Worker{Name: "alex", n: 7}
p := sandbox.New(w)
p.Start(); p.Join()
fmt.Println("parent counter", counter)
""")
    # The child holds the notebook's declarations with their initial values,
    # gets a copy of the value (unexported fields too), and does not run
    # top-level statements again.
    assert "run alex 7 counter 10" in r.stdout
    assert "parent counter 99" in r.stdout
    assert "top-level statement ran" not in r.stdout


def test_arguments_that_cannot_be_copied(kernel):
    prepare(kernel, "func takes(c chan int) {}\nfunc none() {}\n")
    r = kernel.run_ok("""
fmt.Println(sandbox.Command(takes, make(chan int)).Start())
f := func() {}
fmt.Println(sandbox.Command(f).Start())
""")
    assert "argument 1: chan int: value cannot be copied to another process" in r.stdout
    assert "must be a function declared at the top level" in r.stdout


def test_zombie_until_join(kernel, tmp_path):
    prepare(kernel, 'func quick() { fmt.Println("child exits") }\n')
    seen = {}
    pidfile = tmp_path / "pid"

    def look(content):
        # The cell waits here: read the child's state from /proc ourselves.
        pid = int(pidfile.read_text())
        seen["pid"], seen["state"] = pid, state(pid)
        return ""

    r = kernel.execute(f"const pidfile = {json.dumps(str(pidfile))}\n" + """
p := sandbox.Command(quick)
p.Start()
for p.IsAlive() {
	time.Sleep(time.Millisecond)
}
b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.Pid()))
fmt.Println("stat:", string(b)[:30])
var s string
os.WriteFile(pidfile, []byte(fmt.Sprint(p.Pid())), 0o644)
fmt.Print("the child has exited; press enter ")
fmt.Scanln(&s)
p.Join()
_, err := os.Stat(fmt.Sprintf("/proc/%d", p.Pid()))
fmt.Println("after join:", errors.Is(err, os.ErrNotExist))
""", allow_stdin=True, on_input=look)
    assert r.status == "ok", r
    assert seen["state"] == "Z", seen
    assert re.search(r"stat: \d+ \(Process-1\) Z", r.stdout), r.stdout
    assert "after join: true" in r.stdout
    assert state(seen["pid"]) is None


def test_orphan_is_adopted_by_the_notebook_process(kernel):
    prepare(kernel, """
func sleeper() { time.Sleep(time.Minute) }
func parent() {
	c := sandbox.Command(sleeper)
	c.Start()
	fmt.Println("grandchild", c.Pid(), "of", os.Getpid())
	os.Exit(0)
}
""")
    r = kernel.run_ok("""
p := sandbox.Command(parent)
p.Start(); p.Join()
fmt.Println("notebook", os.Getpid())
""")
    grandchild, child = ints(r"grandchild (\d+) of (\d+)", r.stdout)
    [notebook] = ints(r"notebook (\d+)", r.stdout)
    assert child != notebook
    # Reading /proc now: the cell has ended, so the orphan is gone; the cell
    # below looks while it runs.
    assert state(grandchild) is None, "the orphan outlived its cell"
    r = kernel.run_ok("""
q := sandbox.Command(parent)
q.Start(); q.Join()
for _, row := range sandbox.PS().Rows {
	fmt.Printf("row %d %d %s\\n", row.Pid, row.Ppid, row.Name)
}
""")
    grandchild, child = ints(r"grandchild (\d+) of (\d+)", r.stdout)
    [ppid] = ints(rf"row {grandchild} (\d+) ", r.stdout)
    assert ppid == notebook, r.stdout
    assert state(grandchild) is None


def test_daemon_is_killed_and_others_waited_for(kernel):
    prepare(kernel, """
func talk(name string, d time.Duration, q *sandbox.Queue) {
	fmt.Println(name, "start")
	q.Put(name)
	time.Sleep(d)
	fmt.Println(name, "end")
}
""")
    r = kernel.run_ok("""
q := sandbox.NewQueue(2)
d := sandbox.Command(talk, "daemon", time.Minute, q)
d.SetDaemon(true)
d.Start()
n := sandbox.Command(talk, "worker", 200*time.Millisecond, q)
n.Start()
q.Get(); q.Get() // both have started
fmt.Println("late:", d.SetDaemon(false))
fmt.Println("pids", d.Pid(), n.Pid())
""", timeout=30)
    assert "daemon start" in r.stdout and "worker start" in r.stdout
    assert "worker end" in r.stdout, "the cell should wait for a child that is not a daemon"
    assert "daemon end" not in r.stdout
    assert "late: sandbox: SetDaemon on Process-1: process already started" in r.stdout
    daemon, worker = ints(r"pids (\d+) (\d+)", r.stdout)
    assert state(daemon) is None and state(worker) is None


def test_terminate_then_is_alive(kernel):
    prepare(kernel, "func sleeper() { time.Sleep(time.Minute) }\n")
    r = kernel.run_ok("""
p := sandbox.Command(sleeper)
p.Start()
p.Terminate()
fmt.Println("right away:", p.IsAlive())
p.Join()
fmt.Println("after join:", p.IsAlive(), p.ExitCode(), p)
""")
    # Right after Terminate the child may or may not have died yet (as
    # with Python's is_alive()); after Join it has, of SIGTERM.
    assert re.search(r"^right away: (true|false)$", r.stdout, re.M), r.stdout
    assert re.search(r"after join: false -15 <Process-1 pid=\d+ stopped exitcode=-15>", r.stdout), r.stdout


def test_lock_gives_mutual_exclusion_across_ten_processes(kernel, tmp_path):
    counter = tmp_path / "counter"
    prepare(kernel, f"""
const path = {json.dumps(str(counter))}
func add(l *sandbox.Lock, n int) {{
	for range n {{
		if l != nil {{ l.Lock() }}
		b, _ := os.ReadFile(path)
		var v int
		fmt.Sscan(string(b), &v)
		time.Sleep(time.Millisecond)
		os.WriteFile(path, []byte(fmt.Sprint(v+1)), 0o644)
		if l != nil {{ l.Unlock() }}
	}}
}}
func race(l *sandbox.Lock) {{
	os.WriteFile(path, []byte("0"), 0o644)
	var ps []*sandbox.Process
	for range 10 {{
		p := sandbox.Command(add, l, 20)
		p.Start()
		ps = append(ps, p)
	}}
	for _, p := range ps {{ p.Join() }}
}}
""")
    kernel.run_ok("race(sandbox.NewLock())")
    assert counter.read_text() == "200"
    kernel.run_ok("race(nil)")
    assert int(counter.read_text()) < 200, "without the lock, updates should be lost"


def test_queue_blocking_timeouts_and_no_wait(kernel):
    prepare(kernel)
    r = kernel.run_ok("""
q := sandbox.NewQueue(2)
fmt.Println(q.Put(1), q.Put("two"), q.Full(), q.Qsize())
fmt.Println(errors.Is(q.PutNowait(3), sandbox.ErrFull), errors.Is(q.PutTimeout(3, 50*time.Millisecond), sandbox.ErrFull))
a, _ := q.Get()
b, _ := q.GetNowait()
fmt.Printf("%v %T %v %T\\n", a, a, b, b)
_, err := q.GetNowait()
fmt.Println(errors.Is(err, sandbox.ErrEmpty), err)
_, err = q.GetTimeout(50 * time.Millisecond)
fmt.Println(errors.Is(err, sandbox.ErrEmpty), q.Empty())
""")
    lines = r.stdout.splitlines()
    assert lines[0] == "<nil> <nil> true 2"
    assert lines[1] == "true true"
    assert lines[2] == "1 int two string"
    assert lines[3] == "true sandbox: queue is empty"
    assert lines[4] == "true true"


def test_queue_between_two_children_and_joinable(kernel):
    prepare(kernel, """
func produce(q *sandbox.JoinableQueue, n int) {
	for i := range n { q.Put(fmt.Sprintf("item %d", i)) }
}
func consume(q *sandbox.JoinableQueue) {
	for {
		v, err := q.Get()
		if err != nil { return }
		fmt.Println("consumed", v)
		q.TaskDone()
	}
}
""")
    r = kernel.run_ok("""
q := sandbox.NewJoinableQueue(3)
p := sandbox.Command(produce, q, 20)
c := sandbox.Command(consume, q)
c.SetDaemon(true)
p.Start(); c.Start()
p.Join()
q.Join()
fmt.Println("all done", q.Qsize(), q.TaskDone() != nil)
""")
    consumed = re.findall(r"consumed item (\d+)", r.stdout)
    assert sorted(map(int, consumed)) == list(range(20)), r.stdout
    assert r.stdout.strip().endswith("all done 0 true")


def test_process_limit_and_fork_bomb(kernel):
    prepare(kernel, """
func sleeper() { time.Sleep(time.Minute) }
func bomb() {
	for {
		p := sandbox.Command(bomb)
		if p.Start() != nil {
			time.Sleep(10 * time.Millisecond)
		}
	}
}
""")
    r = kernel.run_ok("""
sandbox.SetLimits(sandbox.Limits{Children: 3})
for i := range 4 {
	p := sandbox.Command(sleeper)
	p.SetDaemon(true)
	if err := p.Start(); err != nil {
		fmt.Println(i, errors.Is(err, sandbox.ErrLimit), err)
	}
}
""")
    assert "3 true sandbox: too many child processes: 3 are running, the limit (see sandbox.SetLimits)" in r.stdout
    msg_id = kernel.send_execute("""
sandbox.SetLimits(sandbox.Limits{Children: 8})
x := sandbox.Command(bomb)
x.Start()
fmt.Println("bomb started")
time.Sleep(time.Hour)
""")
    kernel.wait_output(msg_id, "bomb started")
    # While the bomb runs, the kernel answers and the processes stay bounded.
    msg = kernel.kc.session.msg("kernel_info_request", {})
    kernel.kc.control_channel.send(msg)
    _, reply = kernel.wait("control", lambda _, m: m["parent_header"].get("msg_id") == msg["header"]["msg_id"], 10, "kernel_info_reply")
    assert reply["content"]["status"] == "ok"
    named = [p for p in descendants(kernel.pid) if p.comm.startswith("Process-")]
    assert len(named) <= 8 + 8, named  # live ones, plus some refused at Start on their way out
    kernel.interrupt()
    r = kernel.collect(msg_id)
    assert r.status == "error"
    gone = wait_gone(named, SHUTDOWN_TIMEOUT)
    assert not gone, f"bomb processes left after the interrupt: {gone}"
    assert not [p for p in descendants(kernel.pid) if p.comm.startswith("Process-")]
    assert kernel.run_ok("1 + 1").result == "2"


def test_memory_limit(kernel):
    prepare(kernel, """
func hog() {
	var xs [][]byte
	for { xs = append(xs, make([]byte, 16<<20)) }
}
""")
    r = kernel.run_ok("""
sandbox.SetLimits(sandbox.Limits{Memory: 64 << 20})
p := sandbox.Command(hog)
p.Start(); p.Join()
fmt.Println("exit", p.ExitCode())
""", timeout=60)
    assert "exit 2" in r.stdout
    # Almost always "fatal error: out of memory"; now and then the runtime
    # dies of a signal instead, and the cell says what the limit was.
    assert re.search(r"Process-1 \(pid \d+\) (went over its|crashed .*with its) memory limit of 64 MiB", r.stderr), r.stderr
    assert "goroutine" not in r.stderr, "the crash dump should not reach the cell"


def test_timeline_and_pictures(kernel):
    prepare(kernel, "func hold(l *sandbox.Lock) { l.Lock(); time.Sleep(20 * time.Millisecond); l.Unlock() }\n")
    r = kernel.run_ok("""
l := sandbox.NewLock()
var ps []*sandbox.Process
for range 3 { p := sandbox.Command(hold, l); p.Start(); ps = append(ps, p) }
for _, p := range ps { p.Join() }
tl := sandbox.Timeline()
fmt.Println(len(tl.Spans))
fmt.Println(tl.SVG()[:4], sandbox.Tree().SVG()[:4])
fmt.Print(tl)
""")
    kinds = re.findall(r"Process-\d \(pid \d+\)", r.stdout)
    assert len(set(kinds)) == 3, r.stdout
    assert r.stdout.splitlines()[1] == "<svg <svg"
    # Three processes ran, each held the lock once: 3 run spans, 3 lock spans
    # and the waits of those that found it taken.
    assert int(r.stdout.splitlines()[0]) >= 6


def test_children_die_with_a_killed_kernel(kernel):
    prepare(kernel, "func sleeper() { time.Sleep(time.Minute) }\n")
    msg_id = kernel.send_execute("""
p := sandbox.Command(sleeper)
p.Start()
fmt.Println("started", p.Pid())
p.Join()
""")
    kernel.wait_output(msg_id, "started")
    everything = descendants(kernel.pid)
    assert any(p.comm.startswith("Process-") for p in everything), everything
    os.kill(kernel.pid, signal.SIGKILL)
    gone = wait_gone(everything, SHUTDOWN_TIMEOUT)
    assert not gone, f"still alive after kill -9 of the kernel: {gone}"


def test_children_die_with_shutdown(kernel):
    prepare(kernel, "func sleeper() { time.Sleep(time.Minute) }\n")
    msg_id = kernel.send_execute("""
p := sandbox.Command(sleeper)
p.Start()
fmt.Println("started", p.Pid())
p.Join()
""")
    kernel.wait_output(msg_id, "started")
    everything = [Proc(kernel.pid)] + descendants(kernel.pid)
    kernel.kc.stop_channels()
    kernel.km.shutdown_kernel(now=False)
    gone = wait_gone(everything, SHUTDOWN_TIMEOUT)
    assert not gone, f"still alive after shutdown: {gone}"
    assert not pid_alive(everything[0].pid)


def test_background_shell_process_ends_with_its_cell(kernel, tmp_path):
    pidfile = tmp_path / "pid"
    kernel.run_ok(f"!sleep 300 & echo $! > {pidfile}")
    pid = int(pidfile.read_text())
    assert state(pid) is None, "a process the cell left in the background outlived it"


def test_child_runs_var_initializers_again(kernel):
    prepare(kernel, """
import "strings"
var up = strings.ToUpper("abc")
var born = os.Getpid()
func show() { fmt.Println("child sees", up, born == os.Getpid()) }
""")
    r = kernel.run_ok("p := sandbox.Command(show)\np.Start()\np.Join()\nfmt.Println(p.ExitCode())")
    # As a spawned Python child runs its module's top level again: the
    # initializers run in the child, so born is the child's own PID.
    assert "child sees ABC true" in r.stdout, r
    assert r.stdout.strip().endswith("0")


def test_children_follow_the_notebook_as_it_changes(kernel):
    # Children are started ahead, holding the declarations of the time; a
    # child must still run the notebook as it is when Start is called.
    prepare(kernel)
    kernel.run_ok('func f() { fmt.Println("f v1", g()) }\nfunc g() int { return 1 }')
    r = kernel.run_ok("p := sandbox.Command(f)\np.Start()\np.Join()")
    assert r.stdout == "f v1 1\n", r
    kernel.run_ok("func g() int { return 2 }")  # declared again
    r = kernel.run_ok("p = sandbox.Command(f)\np.Start()\np.Join()")
    assert r.stdout == "f v1 2\n", r
    r = kernel.run_ok('func h() { fmt.Println("h in the same cell") }\nq := sandbox.Command(h)\nq.Start()\nq.Join()')
    assert r.stdout == "h in the same cell\n", r
