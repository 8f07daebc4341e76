package sandbox

import (
	"fmt"
	"os"
	"sort"
	"time"
)

// Info describes a process: what Current returns.
type Info struct {
	Pid, Ppid int
	Name      string
}

// String describes the process in one line.
func (i Info) String() string {
	return fmt.Sprintf("%s (pid %d, parent %d)", i.Name, i.Pid, i.Ppid)
}

// Current describes the process the code runs in: "MainProcess" in the
// notebook, the Process's Name in a child.
func (h *Host) Current() Info {
	return Info{Pid: os.Getpid(), Ppid: os.Getppid(), Name: h.name()}
}

// Track records a span of the cell's timeline, in the lane named label: it
// starts now and ends when the returned function is called, as in
//
//	defer sandbox.Track("goroutine 1")()
func (h *Host) Track(label string) (end func()) {
	start := time.Now()
	return func() {
		h.addSpan(Span{Row: label, Kind: "run", Start: start, End: time.Now()})
	}
}

// addSpan adds a finished span to the cell's timeline; in a child, it goes
// to the parent's.
func (h *Host) addSpan(s Span) {
	if c := h.cfg.Child; c != nil {
		c.send(childEvent{Kind: evSpan, Span: &s})
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.spans = append(h.spans, s)
}

// Timeline returns the timeline of the cell so far: one lane per process it
// started, showing when the process ran, when it waited for a Lock and when
// it held one; and the spans recorded with Track.
func (h *Host) Timeline() *Timeline {
	h.mu.Lock()
	procs := append([]*Process(nil), h.cell...)
	spans := append([]Span(nil), h.spans...)
	since := h.cellStart
	h.mu.Unlock()

	rows := map[int]string{os.Getpid(): fmt.Sprintf("%s (pid %d)", h.name(), os.Getpid())}
	var out []Span
	for _, p := range procs {
		p.mu.Lock()
		row := fmt.Sprintf("%s (pid %d)", p.Name, p.pid)
		rows[p.pid] = row
		out = append(out, Span{Row: row, Kind: "run", Start: p.start, End: p.end})
		p.mu.Unlock()
	}
	held := lockSpans(h.state, since)
	pids := make([]int, 0, len(held))
	for pid := range held {
		pids = append(pids, pid)
	}
	sort.Ints(pids)
	for _, pid := range pids {
		row, ok := rows[pid]
		if !ok {
			row = fmt.Sprintf("pid %d", pid)
		}
		for _, s := range held[pid] {
			if s.Got.Sub(s.Asked) > 0 {
				out = append(out, Span{Row: row, Kind: "wait", Start: s.Asked, End: s.Got})
			}
			out = append(out, Span{Row: row, Kind: "lock", Label: "lock", Start: s.Got, End: s.Freed})
		}
	}
	out = append(out, spans...)
	return &Timeline{Spans: out, Title: "timeline of the cell"}
}

// PS returns the table of the processes of the notebook: this process and
// its descendants, as /proc shows them now. Children started ahead of time,
// waiting for a Start, are left out.
func (h *Host) PS() *Table {
	t, err := descendants(os.Getpid(), h.names())
	if err != nil {
		return &Table{}
	}
	if h.pool == nil {
		return t
	}
	spare := map[int]bool{}
	for _, pid := range h.pool.pids() {
		spare[pid] = true
	}
	rows := t.Rows[:0]
	for _, r := range t.Rows {
		if !spare[r.Pid] {
			rows = append(rows, r)
		}
	}
	t.Rows = rows
	return t
}

// Tree returns the picture of the process tree of the notebook.
func (h *Host) Tree() *Tree { return h.PS().Tree() }

// names returns the names of this process and its children, by PID.
func (h *Host) names() map[int]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	names := map[int]string{os.Getpid(): h.name()}
	for _, p := range h.cell {
		names[p.pid] = p.Name
	}
	for _, p := range h.running {
		names[p.pid] = p.Name
	}
	return names
}
