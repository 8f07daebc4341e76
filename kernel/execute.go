package kernel

import (
	"context"
	"encoding/json"
	"time"
)

// execute answers execute_request: it publishes execute_input, runs the cell through the
// evaluator, publishes what the cell printed, displayed and returned, and replies.
func (k *Kernel) execute(ctx context.Context, r *request) error {
	var req executeRequest
	if err := decode(r, &req); err != nil {
		return k.replyError(r, "execute_reply", err)
	}
	storeHistory := !req.Silent && (req.StoreHistory == nil || *req.StoreHistory)
	stopOnError := req.StopOnError == nil || *req.StopOnError

	if k.aborted(r) {
		k.mu.Lock()
		n := k.executionCount
		k.mu.Unlock()
		return k.reply(r, "execute_reply", abortedReply{Status: "aborted", ExecutionCount: n})
	}

	k.mu.Lock()
	if storeHistory {
		k.executionCount++
		k.history = append(k.history, historyEntry{Session: 1, Line: k.executionCount, Input: req.Code})
	}
	count := k.executionCount
	k.mu.Unlock()

	start := time.Now()
	if !req.Silent {
		k.publish(r.msg, "execute_input", executeInput{Code: req.Code, ExecutionCount: count})
	}

	out := k.newCellOutput(r, req.AllowStdin, req.Silent)
	outcome := k.eval.Execute(ctx, Cell{
		Code:           req.Code,
		ExecutionCount: count,
		Silent:         req.Silent,
		AllowStdin:     req.AllowStdin,
	}, out)
	evaluated := time.Now()
	out.endCell()
	defer func() {
		k.log.Debug("cell done", "count", count, "eval", evaluated.Sub(start), "total", time.Since(start))
	}()

	rep := executeReply{
		Status:          "ok",
		ExecutionCount:  count,
		UserExpressions: map[string]json.RawMessage{},
		Payload:         []json.RawMessage{},
	}
	switch {
	case outcome.Err != nil:
		e := outcome.Err
		if e.Traceback == nil {
			e.Traceback = []string{e.Name + ": " + e.Value}
		}
		if !req.Silent {
			k.publish(r.msg, "error", errorMessage{EName: e.Name, EValue: e.Value, Traceback: e.Traceback})
		}
		rep.Status = "error"
		rep.errorContent = errorContent{EName: e.Name, EValue: e.Value, Traceback: e.Traceback}
		if stopOnError {
			k.mu.Lock()
			k.abortBefore = time.Now()
			k.mu.Unlock()
			k.abortQueued(ctx)
		}
	case outcome.Result != nil && !req.Silent:
		if storeHistory {
			k.recordOutput(count, outcome.Result)
		}
		k.publish(r.msg, "execute_result", executeResult{
			ExecutionCount: count,
			Data:           outcome.Result.Data,
			Metadata:       nonNil(outcome.Result.Metadata),
		})
	}
	return k.reply(r, "execute_reply", rep)
}

// aborted reports whether an execute request was sent before the last failed cell ended,
// so that stop_on_error skips it.
func (k *Kernel) aborted(r *request) bool {
	k.mu.Lock()
	before := k.abortBefore
	k.mu.Unlock()
	if before.IsZero() {
		return false
	}
	sent, err := time.Parse(time.RFC3339Nano, r.msg.Header.Date)
	if err != nil {
		return false
	}
	return sent.Before(before)
}

// abortQueued answers every execute request already waiting on the shell queue with
// status "aborted", and passes other waiting requests on in order.
func (k *Kernel) abortQueued(ctx context.Context) {
	var keep []*request
	for {
		select {
		case q, ok := <-k.shellQueue:
			if !ok {
				return
			}
			if q.msg.Header.MsgType == "execute_request" {
				k.publish(q.msg, "status", statusContent{ExecutionState: "busy"})
				k.mu.Lock()
				n := k.executionCount
				k.mu.Unlock()
				k.reply(q, "execute_reply", abortedReply{Status: "aborted", ExecutionCount: n})
				k.publish(q.msg, "status", statusContent{ExecutionState: "idle"})
				continue
			}
			keep = append(keep, q)
		default:
			for _, q := range keep {
				k.handle(ctx, q)
			}
			return
		}
	}
}

func nonNil(m map[string]json.RawMessage) map[string]json.RawMessage {
	if m == nil {
		return map[string]json.RawMessage{}
	}
	return m
}

// recordOutput keeps a cell's plain-text result for history requests that ask for output.
func (k *Kernel) recordOutput(count int, b *Bundle) {
	var text string
	if err := json.Unmarshal(b.Data["text/plain"], &text); err != nil {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for i := len(k.history) - 1; i >= 0; i-- {
		if k.history[i].Line == count {
			k.history[i].Output = &text
			return
		}
	}
}
