"""Package gocell/check through the installed kernel: each check shows a
pass or fail line (HTML and plain text), and a failed check fails its cell
with an error named CheckFailed listing the failures."""

IMPORTS = 'import ("fmt"; "os"; "sync"; "time"; "gocell/check"; "gocell/sandbox")\n'


def check_lines(result):
    """The (html, plain) of each display_data message of a cell."""
    lines = []
    for m in result.iopub:
        if m["msg_type"] == "display_data":
            data = m["content"]["data"]
            lines.append((data.get("text/html", ""), data.get("text/plain", "")))
    return lines


def test_passing_checks_keep_the_cell_ok(kernel):
    kernel.run_ok(IMPORTS + "type P struct{ Name string; Age int }\nfunc work(n int) { time.Sleep(10 * time.Millisecond) }")
    r = kernel.run_ok("""
check.Equal([]int{1, 2, 3}, []int{1, 2, 3})
check.True(1+1 == 2, "arithmetic")
out := check.Output(func() { fmt.Println("hello from fmt"); os.Stdout.WriteString("and from os.Stdout\\n") })
out.Contains("hello from fmt")
out.Matches(`(?m)^and from os\\.Stdout$`)
check.Within(300*time.Millisecond, func() {
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() { defer wg.Done(); time.Sleep(100 * time.Millisecond) }()
	}
	wg.Wait()
})
check.NoGoroutinesLeft(func() {
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() { defer wg.Done() }()
	}
	wg.Wait()
})
""")
    # (Children restore the notebook's globals, out among them: check the
    # processes in a cell of their own.)
    r2 = kernel.run_ok("""
check.Processes(2, func() {
	a, b := sandbox.Command(work, 1), sandbox.Command(work, 2)
	a.Start(); b.Start(); a.Join(); b.Join()
})
""")
    lines = check_lines(r) + check_lines(r2)
    assert len(lines) == 7, lines
    for html, plain in lines:
        assert plain.startswith("✔ PASS check."), plain
        assert "gocell-check-pass" in html and "PASS" in html
    # What the function printed was captured and still shown, once.
    assert r.stdout.count("hello from fmt") == 1, r.stdout
    assert r.stdout.count("and from os.Stdout") == 1
    assert "ran in 2 processes" in lines[-1][1]
    assert r.result is None  # checks return nothing


def test_failing_checks_fail_the_cell(kernel):
    kernel.run_ok(IMPORTS + "type P struct{ Name string; Age int }")
    r = kernel.execute("""
check.Equal([]int{1, 2, 3}, []int{1, 2, 4})
check.Equal(P{"ann", 30}, P{"ann", 31})
check.Equal(map[string]int{"a": 1}, map[string]int{"a": 1, "b": 2})
check.True(false, "the queue is empty")
check.Output(func() { fmt.Println("nothing useful") }).Contains("hello")
check.Within(50*time.Millisecond, func() { time.Sleep(150 * time.Millisecond) })
check.NoGoroutinesLeft(func() { ch := make(chan int); go func() { <-ch }() })
check.Processes(1, func() {})
check.True(true, "still runs after failures")
fmt.Println("the cell went on")
""")
    assert r.status == "error", r
    assert r.content["ename"] == "CheckFailed"
    assert r.content["evalue"].startswith("8 of 9 checks failed")
    plains = [p for _, p in check_lines(r)]
    assert len(plains) == 9, plains
    assert plains[0] == "✘ FAIL check.Equal: [2]: got 3, want 4"
    assert plains[1] == "✘ FAIL check.Equal: .Age: got 30, want 31"
    assert plains[2] == '✘ FAIL check.Equal: ["b"]: missing, want 2'
    assert plains[3] == "✘ FAIL check.True: the queue is empty"
    assert 'not in the output: "nothing useful\\n"' in plains[4]
    assert "longer than 50ms" in plains[5]
    assert "1 goroutine still running" in plains[6]
    assert "started 0 processes, want at least 1" in plains[7]
    assert plains[8].startswith("✔ PASS")
    assert "the cell went on" in r.stdout
    text = r.error_text()
    assert "FAIL check.True: the queue is empty" in text
    assert "gocell-check-fail" in check_lines(r)[0][0]
    # The next cell starts clean.
    r = kernel.run_ok('check.True(true, "fresh")')
    assert check_lines(r)[0][1] == "✔ PASS check.True: fresh"


def test_checks_in_a_child_process(kernel):
    kernel.run_ok(IMPORTS + """
func inChild(n int) {
	check.Equal(n, 2)
}""")
    r = kernel.run_ok("""
p := sandbox.Command(inChild, 3)
p.Start()
p.Join()
fmt.Println("exit code", p.ExitCode())
""")
    assert "FAIL check.Equal: got 3, want 2" in r.stdout, r
    assert "exit code 1" in r.stdout, r
