"""How cells behave as Go programs, through the installed kernel: redefinition,
the end of a cell stopping its goroutines, deadlock, magics that start real
processes. Each test starts its own kernel (conftest.py), which must leave no
process behind."""

import os
import re


def test_redefined_function_reaches_earlier_callers(kernel):
    kernel.run_ok('func greet() string { return "old" }\nfunc hello() string { return greet() }')
    kernel.run_ok('func greet() string { return "new" }')
    assert kernel.run_ok("hello()").result == '"new"'


def test_cell_end_stops_its_goroutines(kernel):
    r = kernel.run_ok(
        'import "fmt"\nimport "time"\n'
        'for i := 0; i < 2; i++ {\n\tgo func() { time.Sleep(300 * time.Millisecond); fmt.Println("late", i) }()\n}\n'
        'fmt.Println("main returns")'
    )
    assert r.stdout == "main returns\n", r
    assert "2 goroutines were still running when the cell ended" in r.stderr, r
    # Had they survived, their output would arrive under the next cell or the last one;
    # a cell that sleeps past their wake-up time proves they are gone.
    r = kernel.run_ok('import "time"\ntime.Sleep(600 * time.Millisecond)\nfmt.Println("done")')
    assert r.stdout == "done\n", r


def test_background_cell_keeps_its_goroutines(kernel):
    kernel.run_ok(
        '%%background\nimport "fmt"\nticks := make(chan int)\n'
        "go func() {\n\tfor i := 1; ; i++ {\n\t\tticks <- i\n\t}\n}()\n"
        'fmt.Println("started")'
    )
    r = kernel.run_ok("fmt.Println(<-ticks, <-ticks)")
    assert r.stdout == "1 2\n", r


def test_deadlock_is_reported_as_go_does(kernel):
    r = kernel.execute('ch := make(chan int)\nch <- 1\nprintln("never")')
    assert r.status == "error", r
    assert r.content["ename"] == "fatal error", r
    assert r.content["evalue"] == "all goroutines are asleep - deadlock!", r
    assert "chan send" in r.error_text(), r
    assert "never" not in r.stderr
    assert kernel.run_ok("1 + 1").result == "2"


def test_shell_line_runs_a_real_process(kernel):
    worker = kernel.worker_pid()
    r = kernel.run_ok('fmt.Println("before")\n!ps -o pid,ppid,stat,cmd\nfmt.Println("after")')
    lines = r.stdout.splitlines()
    assert lines[0] == "before" and lines[-1] == "after", r
    assert re.match(r"\s*PID\s+PPID\s+STAT\s+CMD", lines[1]), r
    rows = [l.split(None, 3) for l in lines[2:-1]]
    # The worker, the process running the cells, is listed, and the shell that ran ps
    # is its child.
    assert any(int(pid) == worker for pid, _, _, _ in rows), r
    assert any(int(ppid) == worker and "ps -o" in cmd for _, ppid, _, cmd in rows), r


def test_time_magic(kernel):
    r = kernel.run_ok('%%time\nimport "time"\ntime.Sleep(50 * time.Millisecond)\n21 * 2')
    assert r.result == "42", r
    m = re.search(r"Wall time: ([\d.]+) ms", r.stdout)
    assert m and float(m.group(1)) >= 50, r
    assert "CPU time: user" in r.stdout, r


def test_env_magic_reaches_cells_and_children(kernel):
    kernel.run_ok("%env GOCELL_TEST_VALUE=forty-two")
    r = kernel.run_ok('import "fmt"\nimport "os"\nfmt.Println(os.Getenv("GOCELL_TEST_VALUE"))\n!echo $GOCELL_TEST_VALUE')
    assert r.stdout == "forty-two\nforty-two\n", r


def _reply(kernel, msg_id, channel="shell"):
    _, msg = kernel.wait(channel, lambda _, m: m["parent_header"].get("msg_id") == msg_id, 30, "reply")
    return msg["content"]


def test_completion_of_stdlib_and_notebook_names(kernel):
    kernel.run_ok('import "strings"\ntype Ticket struct{ Owner string; Seat int }\nfunc reserveSeat(n int) Ticket { return Ticket{Seat: n} }')
    code = "strings.ToU"
    c = _reply(kernel, kernel.kc.complete(code, len(code)))
    assert "ToUpper" in [m.split(".")[-1] for m in c["matches"]], c
    code = "x := reserv"
    c = _reply(kernel, kernel.kc.complete(code, len(code)))
    # The front end replaces code[cursor_start:cursor_end] with a match.
    assert code[c["cursor_start"] : c["cursor_end"]] == "reserv", c
    assert "reserveSeat" in c["matches"], c


def test_inspection_of_stdlib_and_notebook_names(kernel):
    kernel.run_ok("// double returns twice n.\nfunc double(n int) int { return 2 * n }")
    code = 'import "strings"\nstrings.ToUpper'
    r = _reply(kernel, kernel.kc.inspect(code, len(code)))
    assert r["found"], r
    assert "func ToUpper(s string) string" in r["data"]["text/plain"], r
    code = "double"
    r = _reply(kernel, kernel.kc.inspect(code, len(code)))
    assert r["found"] and "func double(n int) int" in r["data"]["text/plain"], r


def test_last_expression_with_html_svg_markdown_is_rendered(kernel):
    kernel.run_ok(
        'type Badge struct{ Name string }\n'
        'func (b Badge) HTML() string { return "<b>" + b.Name + "</b>" }\n'
        'type Dot struct{}\n'
        'func (*Dot) SVG() string { return `<svg xmlns="http://www.w3.org/2000/svg"/>` }\n'
        'func (*Dot) Markdown() string { return "**dot**" }\n'
    )
    r = kernel.run_ok('Badge{"go"}')
    [res] = [m["content"]["data"] for m in r.iopub if m["msg_type"] == "execute_result"]
    assert res["text/html"] == "<b>go</b>"
    assert res["text/plain"] == "{go}"
    r = kernel.run_ok("&Dot{}")
    [res] = [m["content"]["data"] for m in r.iopub if m["msg_type"] == "execute_result"]
    assert res["image/svg+xml"].startswith("<svg")
    assert res["text/markdown"] == "**dot**"
    # fmt.Println on the last line shows its output and no result.
    r = kernel.run_ok('import "fmt"\nfmt.Println(Badge{"x"})')
    assert r.stdout == "{x}\n" and r.result is None


def test_panic_in_goroutine_reports_value_and_cell_line(kernel):
    r = kernel.execute(
        'import "sync"\n'
        "var wg sync.WaitGroup\n"
        "wg.Add(1)\n"
        "go func() {\n"
        "\tdefer wg.Done()\n"
        '\tpanic("boom")\n'
        "}()\n"
        "wg.Wait()\n"
    )
    assert r.status == "error"
    text = r.error_text()
    assert "panic: boom" in text
    assert "cell:6:2" in text, text
    assert kernel.run_ok("1 + 1").result == "2"


def test_panic_in_goroutine_started_in_a_loop_or_function_reports_cell_line(kernel):
    r = kernel.execute(
        'import (\n\t"fmt"\n\t"sync"\n)\n'
        "var wg sync.WaitGroup\n"
        "for i := 0; i < 5; i++ {\n"
        "\twg.Add(1)\n"
        "\tgo func() {\n"
        "\t\tdefer wg.Done()\n"
        "\t\tif i == 3 {\n"
        '\t\t\tpanic(fmt.Sprint("task ", i))\n'
        "\t\t}\n"
        "\t}()\n"
        "}\n"
        "wg.Wait()\n"
    )
    assert r.status == "error"
    text = r.error_text()
    assert "panic: task 3" in text and "cell:11:4" in text, text
    # The Go process was replaced; the notebook lost the cell's imports.
    kernel.run_ok('import "sync"')
    r = kernel.execute(
        "func run(n int) {\n"
        "\tvar wg sync.WaitGroup\n"
        "\tfor i := range n {\n"
        "\t\twg.Add(1)\n"
        "\t\tgo func() {\n"
        "\t\t\tdefer wg.Done()\n"
        "\t\t\tvar m map[int]int\n"
        "\t\t\tif i == 2 {\n"
        "\t\t\t\tm[i] = 1\n"
        "\t\t\t}\n"
        "\t\t}()\n"
        "\t}\n"
        "\twg.Wait()\n"
        "}\n"
        "run(4)\n"
    )
    assert r.status == "error"
    text = r.error_text()
    assert "assignment to entry in nil map" in text and "cell:9:5" in text, text


def test_package_used_without_import_is_undefined_and_harmless(kernel):
    r = kernel.execute("var mu sync.Mutex\n")
    assert r.status == "error"
    assert "cell:1:8: undefined: sync" in r.error_text() and 'import "sync"' in r.error_text(), r.error_text()
    r = kernel.execute("func lock() {\n\tvar m sync.Mutex\n\tm.Lock()\n}\n")
    assert "cell:2:8: undefined: sync" in r.error_text(), r.error_text()
    # Nothing of the failed cells stays behind: with the import, both work.
    kernel.run_ok('import "sync"\nvar mu sync.Mutex\nfunc lock() {\n\tvar m sync.Mutex\n\tm.Lock()\n}\nlock()')
    # A variable or parameter named like a package is not a package.
    r = kernel.run_ok(
        'type clock struct{ now int }\nfunc tick(time clock) int { return time.now + 1 }\n'
        "strings := clock{41}\ntick(strings)"
    )
    assert r.result == "42"
