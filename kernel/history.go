package kernel

import (
	"context"
	"regexp"
	"strings"
)

// historyRequest answers history_request from the cells run in this kernel's life.
// Accesses "tail", "range" and "search" are served; the output option is not.
func (k *Kernel) historyRequest(ctx context.Context, r *request) error {
	var req historyRequest
	if err := decode(r, &req); err != nil {
		return k.replyError(r, "history_reply", err)
	}
	k.mu.Lock()
	all := append([]historyEntry(nil), k.history...)
	k.mu.Unlock()

	var out []historyEntry
	switch req.HistAccessType {
	case "tail":
		out = all
		if req.N > 0 && len(out) > req.N {
			out = out[len(out)-req.N:]
		}
	case "range":
		for _, e := range all {
			if e.Line >= req.Start && (req.Stop <= 0 || e.Line < req.Stop) {
				out = append(out, e)
			}
		}
	case "search":
		re, err := globRegexp(req.Pattern)
		if err != nil {
			return k.replyError(r, "history_reply", err)
		}
		seen := map[string]bool{}
		for i := len(all) - 1; i >= 0; i-- {
			e := all[i]
			if !re.MatchString(e.Input) || (req.Unique && seen[e.Input]) {
				continue
			}
			seen[e.Input] = true
			out = append(out, e)
		}
		// Newest were collected first; the reply lists oldest first.
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
		if req.N > 0 && len(out) > req.N {
			out = out[len(out)-req.N:]
		}
	}
	if out == nil {
		out = []historyEntry{}
	}
	for i := range out {
		out[i].withOutput = req.Output
	}
	return k.reply(r, "history_reply", historyReply{Status: "ok", History: out})
}

// globRegexp turns a history search pattern (glob: * and ?) into a regular expression
// matching the whole input.
func globRegexp(pattern string) (*regexp.Regexp, error) {
	if pattern == "" {
		pattern = "*"
	}
	var b strings.Builder
	b.WriteString("(?s)^")
	for _, c := range pattern {
		switch c {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}
