package kernel

import "context"

// complete answers complete_request.
func (k *Kernel) complete(ctx context.Context, r *request) error {
	var req completeRequest
	if err := decode(r, &req); err != nil {
		return k.replyError(r, "complete_reply", err)
	}
	c, err := k.eval.Complete(ctx, req.Code, req.CursorPos)
	if err != nil {
		return k.replyError(r, "complete_reply", err)
	}
	if c.Matches == nil {
		c.Matches = []string{}
	}
	return k.reply(r, "complete_reply", completeReply{
		Status:      "ok",
		Matches:     c.Matches,
		CursorStart: c.Start,
		CursorEnd:   c.End,
	})
}
