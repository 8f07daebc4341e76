package sandbox

import (
	"bufio"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startChild starts name with args in its own process group and makes sure the
// group is killed and the child reaped when the test ends.
func startChild(t *testing.T, name string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	})
	return cmd
}

// waitState reads /proc/<pid>/stat until the process is in state want. There is no
// event to wait on for a state change, so it polls, giving up after a few seconds.
func waitState(t *testing.T, pid int, want string) ProcessInfo {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		p, err := readProc(pid)
		if err != nil {
			t.Fatalf("readProc(%d): %v", pid, err)
		}
		if p.State == want {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("process %d: state %q, want %q", pid, p.State, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// findRow returns the row of pid in t.
func findRow(t *testing.T, tab *Table, pid int) ProcessInfo {
	t.Helper()
	for _, p := range tab.Rows {
		if p.Pid == pid {
			return p
		}
	}
	t.Fatalf("pid %d not in table:\n%s", pid, tab)
	return ProcessInfo{}
}

func TestParseStat(t *testing.T) {
	line := "42 (a) b (c) S 7 42 42 0 -1 4194560 100 0 0 0 150 25 0 0 20 0 3 0 12345 8000 100\n"
	p, err := parseStat(line)
	if err != nil {
		t.Fatalf("parseStat: %v", err)
	}
	want := ProcessInfo{
		Pid: 42, Ppid: 7, State: "S", Name: "a) b (c",
		CPU: 1750 * time.Millisecond, Threads: 3, Start: 12345 * 10 * time.Millisecond,
	}
	if p != want {
		t.Errorf("parseStat:\n got %+v\nwant %+v", p, want)
	}
}

func TestParseStatErrors(t *testing.T) {
	for _, text := range []string{
		"",
		"42 (sleep",
		"42 sleep) S 1",
		"x (sleep) S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5",
		"42 (sleep) S 1 42 42 0 -1 0 0 0 0 0 0 0",
		"42 (sleep) S p 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5",
		"42 (sleep) S 1 42 42 0 -1 0 0 0 0 0 -3 0 0 0 20 0 1 0 5",
		"42 (sleep) S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 one 0 5",
	} {
		if p, err := parseStat(text); err == nil {
			t.Errorf("parseStat(%q) = %+v, want an error", text, p)
		}
	}
}

func FuzzParseStat(f *testing.F) {
	f.Add("42 (a) b (c) S 7 42 42 0 -1 4194560 100 0 0 0 150 25 0 0 20 0 3 0 12345 8000 100\n")
	f.Add("1 (init) S 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5")
	f.Add("7 ()) Z 1")
	f.Add(")(")
	f.Fuzz(func(t *testing.T, text string) {
		p, err := parseStat(text)
		if err == nil && !strings.Contains(text, "("+p.Name+")") {
			t.Errorf("parseStat(%q): name %q not found in parentheses", text, p.Name)
		}
	})
}

func TestPSReadProcSelf(t *testing.T) {
	p, err := readProc(os.Getpid())
	if err != nil {
		t.Fatalf("readProc(self): %v", err)
	}
	if p.Pid != os.Getpid() || p.Ppid != os.Getppid() {
		t.Errorf("pid %d ppid %d, want %d %d", p.Pid, p.Ppid, os.Getpid(), os.Getppid())
	}
	// The state is the main thread's, which may be asleep while another runs this test.
	if p.State != "R" && p.State != "S" {
		t.Errorf("state %q, want R or S", p.State)
	}
	if p.Threads < 1 {
		t.Errorf("threads %d, want at least 1", p.Threads)
	}
	if !strings.Contains(p.Command, os.Args[0]) {
		t.Errorf("command %q does not contain %q", p.Command, os.Args[0])
	}
}

func TestPSSleeping(t *testing.T) {
	cmd := startChild(t, "sleep", "30")
	pid := cmd.Process.Pid
	waitState(t, pid, "S")

	tab, err := descendants(os.Getpid(), map[int]string{pid: "child-1"})
	if err != nil {
		t.Fatalf("descendants: %v", err)
	}
	if tab.Rows[0].Pid != os.Getpid() {
		t.Errorf("first row pid %d, want the root %d", tab.Rows[0].Pid, os.Getpid())
	}
	p := findRow(t, tab, pid)
	if p.Ppid != os.Getpid() || p.State != "S" || p.Name != "child-1" || p.Command != "sleep 30" {
		t.Errorf("row %+v, want ppid %d, state S, name child-1, command \"sleep 30\"", p, os.Getpid())
	}
	if s := tab.String(); !strings.Contains(s, "S (sleeping)") || !strings.Contains(s, "child-1") {
		t.Errorf("String() lacks the sleeping child:\n%s", s)
	}
}

func TestPSZombie(t *testing.T) {
	cmd := exec.Command("true")
	if err := cmd.Start(); err != nil {
		t.Fatalf("start true: %v", err)
	}
	reaped := false
	t.Cleanup(func() {
		if !reaped {
			_ = cmd.Wait()
		}
	})
	pid := cmd.Process.Pid
	p := waitState(t, pid, "Z")
	if p.Command != "" {
		t.Errorf("zombie command %q, want empty", p.Command)
	}

	tab, err := PS(os.Getpid())
	if err != nil {
		t.Fatalf("PS: %v", err)
	}
	if row := findRow(t, tab, pid); row.State != "Z" {
		t.Errorf("zombie row state %q, want Z", row.State)
	}
	if s := tab.String(); !strings.Contains(s, "Z (zombie)") {
		t.Errorf("String() lacks the zombie:\n%s", s)
	}
	if h := tab.HTML(); !strings.Contains(h, "background:#fde2e2") {
		t.Errorf("HTML() does not highlight the zombie:\n%s", h)
	}

	reaped = true
	if err := cmd.Wait(); err != nil {
		t.Fatalf("wait: %v", err)
	}
	if _, err := readProc(pid); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("readProc after wait: %v, want an error wrapping fs.ErrNotExist", err)
	}
}

func TestPSRunning(t *testing.T) {
	cmd := startChild(t, "sh", "-c", "while :; do :; done")
	waitState(t, cmd.Process.Pid, "R")
}

func TestPSTree(t *testing.T) {
	cmd := exec.Command("sh", "-c", "sleep 30 & sleep 30 & echo ready; wait")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start sh: %v", err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	})
	// The shell prints after both background children are forked.
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("read from sh: %q, %v", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()

	shell := cmd.Process.Pid
	tab, err := PS(os.Getpid())
	if err != nil {
		t.Fatalf("PS: %v", err)
	}
	var kids []ProcessInfo
	for i, p := range tab.Rows {
		if p.Ppid != shell {
			continue
		}
		kids = append(kids, p)
		if i == 0 || (tab.Rows[i-1].Pid != shell && tab.Rows[i-1].Ppid != shell) {
			t.Errorf("grandchild %d is not listed right after its parent or sibling:\n%s", p.Pid, tab)
		}
	}
	if len(kids) != 2 {
		t.Fatalf("found %d children of sh %d, want 2:\n%s", len(kids), shell, tab)
	}
	if kids[0].Pid >= kids[1].Pid {
		t.Errorf("children not ordered by pid: %d, %d", kids[0].Pid, kids[1].Pid)
	}
	if sh := findRow(t, tab, shell); sh.Ppid != os.Getpid() {
		t.Errorf("sh ppid %d, want %d", sh.Ppid, os.Getpid())
	}

	sub, err := PS(shell)
	if err != nil {
		t.Fatalf("PS(sh): %v", err)
	}
	if len(sub.Rows) != 3 || sub.Rows[0].Pid != shell {
		t.Errorf("PS(sh) has %d rows, want sh and its 2 children:\n%s", len(sub.Rows), sub)
	}
}

func TestPSMissing(t *testing.T) {
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatalf("run true: %v", err)
	}
	if _, err := PS(cmd.Process.Pid); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("PS of a reaped process: %v, want an error wrapping fs.ErrNotExist", err)
	}
}

// fixedTable is a small table used by the golden tests.
func fixedTable() *Table {
	return &Table{Rows: []ProcessInfo{
		{Pid: 100, Ppid: 1, State: "S", Name: "kernel", Command: "gocell kernel", CPU: 1250 * time.Millisecond},
		{Pid: 101, Ppid: 100, State: "R", Name: "worker", Command: "sh -c while :; do :; done", CPU: 61*time.Second + 50*time.Millisecond},
		{Pid: 1020, Ppid: 101, State: "Z", Name: "<done>"},
		{Pid: 103, Ppid: 100, State: "?", Name: "odd", Command: strings.Repeat("x", 50)},
	}}
}

func TestPSTableString(t *testing.T) {
	want := "" +
		" PID  PPID  STAT          TIME     NAME    COMMAND\n" +
		" 100     1  S (sleeping)  0:01.25  kernel  gocell kernel\n" +
		" 101   100  R (running)   1:01.05  worker  sh -c while :; do :; done\n" +
		"1020   101  Z (zombie)    0:00.00  <done>\n" +
		" 103   100  ?             0:00.00  odd     " + strings.Repeat("x", 39) + "…\n"
	if got := fixedTable().String(); got != want {
		t.Errorf("String():\n%s\nwant:\n%s", got, want)
	}
}

func TestPSTableHTML(t *testing.T) {
	h := fixedTable().HTML()
	dec := xml.NewDecoder(strings.NewReader(h))
	rows := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("HTML() is not well formed: %v\n%s", err, h)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "tr" {
			rows++
		}
	}
	if rows != 5 {
		t.Errorf("HTML() has %d rows, want a header and 4", rows)
	}
	for _, s := range []string{"&lt;done&gt;", "Z (zombie)", "background:#fde2e2", "root of the tree"} {
		if !strings.Contains(h, s) {
			t.Errorf("HTML() lacks %q:\n%s", s, h)
		}
	}
	if strings.Contains(h, "<done>") {
		t.Errorf("HTML() does not escape names:\n%s", h)
	}
}

func TestPSTableNil(t *testing.T) {
	var tab *Table
	if s := tab.String(); s != "PID  PPID  STAT  TIME  NAME  COMMAND\n" {
		t.Errorf("nil table String() = %q", s)
	}
	if h := tab.HTML(); !strings.Contains(h, "<th") || strings.Contains(h, "<td") {
		t.Errorf("nil table HTML() = %q", h)
	}
	if s := tab.Tree().String(); s != "" {
		t.Errorf("nil table tree String() = %q", s)
	}
}

func TestStateWord(t *testing.T) {
	for letter, want := range map[string]string{
		"R": "running", "S": "sleeping", "D": "disk sleep", "Z": "zombie", "T": "stopped", "?": "",
	} {
		if got := stateWord(letter); got != want {
			t.Errorf("stateWord(%q) = %q, want %q", letter, got, want)
		}
	}
}
