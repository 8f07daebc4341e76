package sandbox

import (
	"fmt"
	"html"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// procDir is where the kernel shows its process table.
const procDir = "/proc"

// clockTick is one unit of the CPU and start times in /proc/<pid>/stat:
// USER_HZ is 100 on Linux.
const clockTick = time.Second / 100

// maxCommandWidth is how many characters of a command line the plain table shows.
const maxCommandWidth = 40

// A ProcessInfo is one row: what /proc says about a process.
type ProcessInfo struct {
	Pid, Ppid int
	State     string        // the state letter from /proc/<pid>/stat: R, S, D, Z, T, ...
	Name      string        // the name the notebook gave the process, else its /proc comm
	Command   string        // /proc/<pid>/cmdline joined with spaces (empty for zombies)
	CPU       time.Duration // user plus system CPU time
	Threads   int           // number of threads
	Start     time.Duration // start time since boot
}

// A Table is a list of processes, ordered as a depth-first walk of the process tree
// from its root (the first row), children by PID.
type Table struct {
	Rows []ProcessInfo
}

// PS returns the table of process pid and its descendants, as /proc shows them now.
func PS(pid int) (*Table, error) {
	return descendants(pid, nil)
}

// readProc reads one process from /proc: its stat line and its command line.
func readProc(pid int) (ProcessInfo, error) {
	p, err := readStat(pid)
	if err != nil {
		return ProcessInfo{}, err
	}
	p.Command = readCmdline(pid)
	return p, nil
}

// readStat reads and parses /proc/<pid>/stat.
func readStat(pid int) (ProcessInfo, error) {
	b, err := os.ReadFile(fmt.Sprintf("%s/%d/stat", procDir, pid))
	if err != nil {
		return ProcessInfo{}, fmt.Errorf("sandbox: read process %d: %w", pid, err)
	}
	p, err := parseStat(string(b))
	if err != nil {
		return ProcessInfo{}, fmt.Errorf("sandbox: process %d: %w", pid, err)
	}
	return p, nil
}

// processState returns the state of process pid as a whole: /proc/<pid>/stat
// gives that of its first thread only, which in a Go program is often
// asleep while another thread runs. A process is running (R) when one of its
// threads is, else in disk sleep (D) when one is; else it is in the state of
// its first thread, first.
func processState(pid int, first string) string {
	if first == "Z" || first == "R" {
		return first
	}
	tasks, err := os.ReadDir(fmt.Sprintf("%s/%d/task", procDir, pid))
	if err != nil {
		return first
	}
	state := first
	for _, t := range tasks {
		b, err := os.ReadFile(fmt.Sprintf("%s/%d/task/%s/stat", procDir, pid, t.Name()))
		if err != nil {
			continue
		}
		th, err := parseStat(string(b))
		switch {
		case err != nil:
		case th.State == "R":
			return "R"
		case th.State == "D":
			state = "D"
		}
	}
	return state
}

// readCmdline returns /proc/<pid>/cmdline with its arguments joined by spaces,
// or "" if it cannot be read (the process has gone, or is a zombie).
func readCmdline(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("%s/%d/cmdline", procDir, pid))
	if err != nil {
		return ""
	}
	s := strings.TrimRight(string(b), "\x00")
	return strings.ReplaceAll(s, "\x00", " ")
}

// parseStat parses the text of /proc/<pid>/stat. The command name sits in parentheses
// and may itself contain spaces and parentheses, so it ends at the last ')'.
func parseStat(text string) (ProcessInfo, error) {
	open := strings.IndexByte(text, '(')
	end := strings.LastIndexByte(text, ')')
	if open < 0 || end < open {
		return ProcessInfo{}, fmt.Errorf("parse stat: no command name in parentheses")
	}
	pid, err := strconv.Atoi(strings.TrimSpace(text[:open]))
	if err != nil {
		return ProcessInfo{}, fmt.Errorf("parse stat: pid: %w", err)
	}
	// fields[0] is field 3 of proc(5), the state.
	fields := strings.Fields(text[end+1:])
	if len(fields) < 20 {
		return ProcessInfo{}, fmt.Errorf("parse stat: %d fields after the name, want at least 20", len(fields))
	}
	p := ProcessInfo{Pid: pid, Name: text[open+1 : end], State: fields[0]}
	if p.Ppid, err = strconv.Atoi(fields[1]); err != nil {
		return ProcessInfo{}, fmt.Errorf("parse stat: ppid: %w", err)
	}
	utime, err := parseTicks(fields[11])
	if err != nil {
		return ProcessInfo{}, fmt.Errorf("parse stat: utime: %w", err)
	}
	stime, err := parseTicks(fields[12])
	if err != nil {
		return ProcessInfo{}, fmt.Errorf("parse stat: stime: %w", err)
	}
	p.CPU = utime + stime
	if p.Threads, err = strconv.Atoi(fields[17]); err != nil {
		return ProcessInfo{}, fmt.Errorf("parse stat: num_threads: %w", err)
	}
	if p.Start, err = parseTicks(fields[19]); err != nil {
		return ProcessInfo{}, fmt.Errorf("parse stat: starttime: %w", err)
	}
	return p, nil
}

// parseTicks parses a count of clock ticks. The bit size keeps the product with
// clockTick inside a time.Duration.
func parseTicks(s string) (time.Duration, error) {
	n, err := strconv.ParseUint(s, 10, 40)
	if err != nil {
		return 0, err
	}
	return time.Duration(n) * clockTick, nil
}

// descendants returns the table of process root and all its descendants, found by
// reading every /proc/<pid>/stat once. A row's Name is names[pid] when present.
func descendants(root int, names map[int]string) (*Table, error) {
	all, err := scanProc()
	if err != nil {
		return nil, err
	}
	if _, ok := all[root]; !ok {
		return nil, fmt.Errorf("sandbox: process %d: %w", root, os.ErrNotExist)
	}
	children := make(map[int][]int)
	for pid, p := range all {
		if pid != root && p.Ppid != pid {
			children[p.Ppid] = append(children[p.Ppid], pid)
		}
	}
	t := &Table{}
	seen := make(map[int]bool)
	var walk func(pid int)
	walk = func(pid int) {
		if seen[pid] {
			return
		}
		seen[pid] = true
		p := all[pid]
		p.Command = readCmdline(pid)
		p.State = processState(pid, p.State)
		if name, ok := names[pid]; ok {
			p.Name = name
		}
		t.Rows = append(t.Rows, p)
		kids := children[pid]
		sort.Ints(kids)
		for _, k := range kids {
			walk(k)
		}
	}
	walk(root)
	return t, nil
}

// scanProc reads the stat line of every process in /proc. Processes that vanish
// between listing the directory and reading their files are skipped.
func scanProc() (map[int]ProcessInfo, error) {
	entries, err := os.ReadDir(procDir)
	if err != nil {
		return nil, fmt.Errorf("sandbox: list processes: %w", err)
	}
	all := make(map[int]ProcessInfo, len(entries))
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid <= 0 {
			continue
		}
		p, err := readStat(pid)
		if err != nil {
			continue
		}
		all[pid] = p
	}
	return all, nil
}

// stateWord returns a short English word for a process state letter, or "" if the
// letter is unknown.
func stateWord(letter string) string {
	switch letter {
	case "R":
		return "running"
	case "S":
		return "sleeping"
	case "D":
		return "disk sleep"
	case "Z":
		return "zombie"
	case "T":
		return "stopped"
	case "t":
		return "tracing stop"
	case "X", "x":
		return "dead"
	case "I":
		return "idle"
	case "K":
		return "wakekill"
	case "W":
		return "waking"
	case "P":
		return "parked"
	}
	return ""
}

// stateText returns the state letter followed by its word, as in "Z (zombie)".
func stateText(letter string) string {
	if w := stateWord(letter); w != "" {
		return letter + " (" + w + ")"
	}
	return letter
}

// formatCPU formats a CPU time as minutes:seconds with hundredths, as in "0:01.25".
func formatCPU(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	cs := int64(d / (10 * time.Millisecond))
	return fmt.Sprintf("%d:%02d.%02d", cs/6000, cs/100%60, cs%100)
}

// truncateRunes shortens s to at most n runes, marking a cut with "…".
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// rows returns the rows of t; a nil Table has none.
func (t *Table) rows() []ProcessInfo {
	if t == nil {
		return nil
	}
	return t.Rows
}

// cells returns the text of the table's columns, header first.
func (t *Table) cells() [][]string {
	out := [][]string{{"PID", "PPID", "STAT", "TIME", "NAME", "COMMAND"}}
	for _, p := range t.rows() {
		out = append(out, []string{
			strconv.Itoa(p.Pid),
			strconv.Itoa(p.Ppid),
			stateText(p.State),
			formatCPU(p.CPU),
			p.Name,
			p.Command,
		})
	}
	return out
}

// String returns the table as aligned plain text, like ps: PID, PPID, state, CPU
// time, name and command line, under a header line.
func (t *Table) String() string {
	rows := t.cells()
	for _, r := range rows {
		r[5] = truncateRunes(r[5], maxCommandWidth)
	}
	width := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		var line strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			switch {
			case i < 2: // numbers are right-aligned
				line.WriteString(pad + c)
			default:
				line.WriteString(c + pad)
			}
			if i < len(r)-1 {
				line.WriteString("  ")
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// HTML returns the table as a compact HTML table with the same columns as String.
// The root row is marked and zombie rows are highlighted.
func (t *Table) HTML() string {
	rows := t.cells()
	var b strings.Builder
	b.WriteString(`<table style="border-collapse:collapse;font-family:monospace;font-size:13px">`)
	b.WriteString(`<thead><tr style="border-bottom:1px solid #888">`)
	for i, h := range rows[0] {
		fmt.Fprintf(&b, `<th style="padding:2px 8px;text-align:%s">%s</th>`, columnAlign(i), html.EscapeString(h))
	}
	b.WriteString("</tr></thead><tbody>")
	for n, r := range rows[1:] {
		b.WriteString(rowStart(t.Rows[n], n == 0)) // cells has a row for each of t.Rows
		for i, c := range r {
			fmt.Fprintf(&b, `<td style="padding:2px 8px;text-align:%s">%s</td>`, columnAlign(i), html.EscapeString(c))
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
	return b.String()
}

// columnAlign returns the text alignment of column i: numbers right, text left.
func columnAlign(i int) string {
	if i < 2 {
		return "right"
	}
	return "left"
}

// rowStart returns the opening <tr> tag for process p.
func rowStart(p ProcessInfo, root bool) string {
	var style []string
	title := ""
	if root {
		style = append(style, "font-weight:bold", "border-left:3px solid #1a56b0")
		title = "root of the tree"
	}
	if p.State == "Z" {
		style = append(style, "background:#fde2e2", "color:#8b1a1a")
		title = strings.TrimPrefix(title+"; zombie: exited, not yet waited for", "; ")
	}
	if len(style) == 0 {
		return "<tr>"
	}
	return fmt.Sprintf(`<tr style="%s" title="%s">`, strings.Join(style, ";"), html.EscapeString(title))
}
