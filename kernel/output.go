package kernel

import (
	"context"
	"encoding/json"
	"fmt"
)

// cellOutput is the Output of one execute request: everything it publishes has that
// request as its parent, so front ends show it under the right cell, also when it
// arrives after the cell ended.
type cellOutput struct {
	k          *Kernel
	req        *request
	allowStdin bool
	silent     bool
	streams    *streamBuffer
}

func (k *Kernel) newCellOutput(r *request, allowStdin, silent bool) *cellOutput {
	o := &cellOutput{k: k, req: r, allowStdin: allowStdin, silent: silent}
	o.streams = newStreamBuffer(k.cfg.FlushInterval, k.cfg.OutputLimit, func(name, text string) {
		if !o.silent {
			k.publish(r.msg, "stream", streamContent{Name: name, Text: text})
		}
	})
	return o
}

func (o *cellOutput) Stream(name string, p []byte) { o.streams.Write(name, p) }

func (o *cellOutput) Display(d Display) {
	o.streams.Flush()
	if o.silent {
		return
	}
	typ := "display_data"
	if d.Update {
		typ = "update_display_data"
	}
	c := displayData{Data: nonNil(d.Data), Metadata: nonNil(d.Metadata)}
	if d.ID != "" {
		c.Transient = &displayTransient{DisplayID: d.ID}
	}
	o.k.publish(o.req.msg, typ, c)
}

func (o *cellOutput) ClearOutput(wait bool) {
	o.streams.Flush()
	if !o.silent {
		o.k.publish(o.req.msg, "clear_output", clearOutput{Wait: wait})
	}
}

// endCell publishes what is still buffered when the cell's reply is about to be sent.
func (o *cellOutput) endCell() { o.streams.End() }

// Input sends an input_request on stdin to the client that sent the cell and waits for
// its reply, or for ctx to end.
func (o *cellOutput) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if !o.allowStdin {
		return "", ErrNoStdin
	}
	o.streams.Flush()
	k := o.k
	k.inputMu.Lock()
	defer k.inputMu.Unlock()
	// A reply left over from an abandoned request must not answer this one.
	select {
	case <-k.inputReplies:
	default:
	}
	if err := k.sendTo(k.stdin, o.req.msg.Identities, o.req.msg, "input_request",
		inputRequest{Prompt: prompt, Password: password}); err != nil {
		return "", err
	}
	for {
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case m := <-k.inputReplies:
			var rep inputReply
			if err := json.Unmarshal(m.Content, &rep); err != nil {
				return "", fmt.Errorf("decoding input_reply: %w", err)
			}
			return rep.Value, nil
		}
	}
}
