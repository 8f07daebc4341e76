package eval

import (
	"context"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestMagicHelp(t *testing.T) {
	ts := newTestSession(t, nil)
	res := ts.mustRun("\n%help\n")
	if res.HasValue || res.Reset {
		t.Errorf("result %+v", res)
	}
	out, _ := ts.output()
	for _, want := range []string{"%help", "%reset", "%env", "%%time", "!command", `import "gocell/display"`, "Interrupt"} {
		if !strings.Contains(out, want) {
			t.Errorf("help lacks %q:\n%s", want, out)
		}
	}
}

func TestMagicUnknown(t *testing.T) {
	ts := newTestSession(t, nil)
	for _, tc := range []struct{ code, msg string }{
		{"%foo", "unknown magic %foo; %help lists them"},
		{"%%bar\n1", "unknown cell magic %%bar; %help lists the magics"},
		{"%help\nx := 1", "%help must be alone in its cell"},
	} {
		_, err := ts.run(tc.code)
		e := asError(t, err)
		if e.Name != MagicError || e.Message != tc.msg || e.Line != 1 {
			t.Errorf("%q: error %q %q line %d", tc.code, e.Name, e.Message, e.Line)
		}
	}
}

func TestMagicReset(t *testing.T) {
	ts := newTestSession(t, nil)
	if err := ts.Use("example.com/host", map[string]any{"Answer": func() int { return 42 }}); err != nil {
		t.Fatal(err)
	}
	ts.mustRun("import \"strings\"\nx := 1\nfunc f() int { return 2 }\ntype T int")
	ts.mustRun("!true") // the shell function must survive the reset
	ts.output()
	res := ts.mustRun("%reset")
	if !res.Reset {
		t.Error("Reset not set")
	}
	if out, _ := ts.output(); !strings.Contains(out, "declarations and variables are gone") {
		t.Errorf("stdout %q", out)
	}
	ts.mu.RLock()
	d := ts.decls
	ts.mu.RUnlock()
	if len(d) != 0 {
		t.Errorf("decls after reset: %v", d)
	}
	for _, code := range []string{"x", "f()", "T(1)", `strings.ToUpper("a")`} {
		if _, err := ts.run(code); err == nil {
			t.Errorf("%s still defined", code)
		}
	}
	if res := ts.mustRun("import \"example.com/host\"\nhost.Answer()"); res.Text != "42" {
		t.Errorf("host.Answer() = %q", res.Text)
	}
	ts.mustRun("type T string\nx := T(\"new\")\n!echo shell")
	if out, _ := ts.output(); out != "shell\n" {
		t.Errorf("stdout %q", out)
	}
	if res := ts.mustRun("x"); res.Text != `"new"` {
		t.Errorf("x = %s", res.Text)
	}
}

func TestShellOrder(t *testing.T) {
	ts := newTestSession(t, nil)
	res := ts.mustRun("import \"fmt\"\nfmt.Println(\"before\")\n!echo hi\n  !echo err >&2\nfmt.Println(\"after\")")
	if res.HasValue {
		t.Errorf("value %q", res.Text)
	}
	out, errOut := ts.output()
	if out != "before\nhi\nafter\n" || errOut != "err\n" {
		t.Errorf("stdout %q stderr %q", out, errOut)
	}
	// Loops, variables of the cell and functions of earlier cells.
	ts.mustRun("n := 0\nfor i := range 2 {\n\t!echo loop\n\tn += i\n}\nfunc ls() {\n\t!echo in ls\n}")
	ts.mustRun("ls()\nn")
	if out, _ := ts.output(); out != "loop\nloop\nin ls\n" {
		t.Errorf("stdout %q", out)
	}
	if res := ts.mustRun("!echo last\n1 + 2"); res.Text != "3" {
		t.Errorf("value %q", res.Text)
	}
}

func TestShellExitStatus(t *testing.T) {
	ts := newTestSession(t, nil)
	res := ts.mustRun("!exit 3\n!echo still")
	if res.HasValue {
		t.Errorf("value %q", res.Text)
	}
	out, errOut := ts.output()
	if out != "still\n" || errOut != "!exit 3: exit status 3\n" {
		t.Errorf("stdout %q stderr %q", out, errOut)
	}
}

func TestShellPs(t *testing.T) {
	ts := newTestSession(t, nil)
	ts.mustRun("!ps -o pid,ppid,stat,cmd")
	out, errOut := ts.output()
	if errOut != "" {
		t.Fatalf("stderr %q", errOut)
	}
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(strings.TrimSpace(lines[0]), "PID") {
		t.Errorf("no header: %q", out)
	}
	pid := strconv.Itoa(os.Getpid())
	found := false
	for _, l := range lines[1:] {
		if f := strings.Fields(l); len(f) > 0 && f[0] == pid {
			found = true
		}
	}
	if !found {
		t.Errorf("no line for pid %s:\n%s", pid, out)
	}
}

func TestShellInterrupt(t *testing.T) {
	ts := newTestSession(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := ts.Execute(ctx, "!sleep 30\n!echo after")
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Execute took %v", d)
	}
	if e := asError(t, err); e.Name != Interrupted {
		t.Errorf("error %v", e)
	}
	if out, errOut := ts.output(); out != "" || errOut != "" {
		t.Errorf("stdout %q stderr %q", out, errOut)
	}
	if res := ts.mustRun("!echo again\n2"); res.Text != "2" {
		t.Errorf("value %q", res.Text)
	}
	if out, _ := ts.output(); out != "again\n" {
		t.Errorf("stdout %q", out)
	}
}

func TestMagicTime(t *testing.T) {
	ts := newTestSession(t, nil)
	res := ts.mustRun("%%time\nimport \"fmt\"\nfmt.Println(\"hi\")\n!echo sh\n1 + 2")
	if !res.HasValue || res.Text != "3" {
		t.Errorf("result %+v", res)
	}
	out, _ := ts.output()
	re := regexp.MustCompile(`^hi\nsh\nCPU time: user [0-9.]+ (µs|ms|s), sys [0-9.]+ (µs|ms|s)\nWall time: [0-9.]+ (µs|ms|s)\n$`)
	if !re.MatchString(out) {
		t.Errorf("stdout %q", out)
	}
	// Errors keep their line in the cell.
	_, err := ts.run("%%time\nx := 1\ny")
	if e := asError(t, err); e.Line != 3 || !strings.Contains(e.Message, "undefined: y") {
		t.Errorf("error %v", e)
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		850 * time.Microsecond:   "850 µs",
		12345 * time.Microsecond: "12.3 ms",
		4561 * time.Millisecond:  "4.56 s",
		123 * time.Second:        "2m3s",
	} {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestMagicEnv(t *testing.T) {
	t.Setenv("GOCELL_TEST_A", "") // restored after the test
	t.Setenv("GOCELL_TEST_B", "")
	t.Setenv("GOCELL_TEST_C", "")
	ts := newTestSession(t, nil)
	ts.mustRun("%env GOCELL_TEST_A=hello world")
	ts.mustRun("%env GOCELL_TEST_B two words")
	ts.mustRun("%env GOCELL_TEST_C a=b")
	if out, _ := ts.output(); out != "env: GOCELL_TEST_A=hello world\nenv: GOCELL_TEST_B=two words\nenv: GOCELL_TEST_C=a=b\n" {
		t.Errorf("stdout %q", out)
	}
	if res := ts.mustRun("import \"os\"\nos.Getenv(\"GOCELL_TEST_A\")"); res.Text != `"hello world"` {
		t.Errorf("os.Getenv in a cell: %s", res.Text)
	}
	ts.mustRun("!echo \"$GOCELL_TEST_B\"")
	ts.mustRun("%env GOCELL_TEST_A")
	if out, _ := ts.output(); out != "two words\nhello world\n" {
		t.Errorf("stdout %q", out)
	}
	ts.mustRun("%env")
	out, _ := ts.output()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if !strings.Contains(out, "\nGOCELL_TEST_A=hello world\n") || len(lines) < 2 {
		t.Errorf("stdout %q", out)
	}
	for i := 1; i < len(lines); i++ {
		if lines[i-1] > lines[i] {
			t.Errorf("not sorted: %q before %q", lines[i-1], lines[i])
		}
	}
	_, err := ts.run("%env GOCELL_TEST_NONE")
	if e := asError(t, err); e.Name != MagicError {
		t.Errorf("error %v", e)
	}
}

// TestNotShell checks that lines starting with ! or % inside literals,
// comments and expressions are Go.
func TestNotShell(t *testing.T) {
	ts := newTestSession(t, nil)
	for _, tc := range []struct{ code, want string }{
		{"s := `a\n!echo no\n%env\nb`\ns", strconv.Quote("a\n!echo no\n%env\nb")},
		{"/*\n!echo no\n%help\n*/\n1", "1"},
		{"b := true\nc := false ||\n\t!b\nc", "false"},
		{"v := []bool{\n\t!true,\n\tfalse,\n}\nv", "[false false]"},
		{"m := map[string]bool{\n\t\"a\":\n\t!true,\n}\nm", "map[a:false]"},
		{"w := !(1 ==\n\t2)\nw", "true"},
	} {
		res, err := ts.run(tc.code)
		if err != nil || res.Text != tc.want {
			t.Errorf("%q: %q, %v; want %q", tc.code, res.Text, err, tc.want)
		}
	}
	if out, errOut := ts.output(); out != "" || errOut != "" {
		t.Errorf("stdout %q stderr %q", out, errOut)
	}
}

func TestShellLines(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{"!ls", []string{"!ls"}},
		{"x := 1\n  !echo `date` 'it''s'\ny := 2", []string{"!echo `date` 'it''s'"}},
		{"if x {\n!a\n} else {\n!b,\n}", []string{"!a"}},
		{"switch {\ncase true:\n\t!ls\n}", []string{"!ls"}},
		{"f(\n!x)", nil},
		{"a := \"!x\"\n// !y\nb := a != \"\"", nil},
		{"!echo \"/*\"\n!echo after", []string{"!echo \"/*\"", "!echo after"}},
	} {
		var got []string
		for _, sp := range shellLines(tc.src) {
			got = append(got, tc.src[sp.start:sp.end])
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%q: %q, want %q", tc.src, got, tc.want)
		}
	}
}
