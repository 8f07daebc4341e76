package kernel

import "context"

// isComplete answers is_complete_request.
func (k *Kernel) isComplete(ctx context.Context, r *request) error {
	var req isCompleteRequest
	if err := decode(r, &req); err != nil {
		return k.replyError(r, "is_complete_reply", err)
	}
	status, indent, err := k.eval.IsComplete(ctx, req.Code)
	if err != nil {
		status, indent = "unknown", ""
	}
	rep := isCompleteReply{Status: status}
	if status == "incomplete" {
		rep.Indent = indent
	}
	return k.reply(r, "is_complete_reply", rep)
}
