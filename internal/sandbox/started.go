package sandbox

// Started returns the process IDs of the children started by this process
// during the current cell, in the order they started, those that have
// exited included. A child's own children are not among them.
func (h *Host) Started() []int {
	h.mu.Lock()
	procs := append([]*Process(nil), h.cell...)
	h.mu.Unlock()
	pids := make([]int, 0, len(procs))
	for _, p := range procs {
		p.mu.Lock()
		pid := p.pid
		p.mu.Unlock()
		if pid > 0 {
			pids = append(pids, pid)
		}
	}
	return pids
}
