package kernel

import (
	"context"
	"encoding/json"
)

// inspect answers inspect_request.
func (k *Kernel) inspect(ctx context.Context, r *request) error {
	var req inspectRequest
	if err := decode(r, &req); err != nil {
		return k.replyError(r, "inspect_reply", err)
	}
	in, err := k.eval.Inspect(ctx, req.Code, req.CursorPos, req.DetailLevel)
	if err != nil {
		return k.replyError(r, "inspect_reply", err)
	}
	data := map[string]json.RawMessage{}
	if in.Found {
		text, err := json.Marshal(in.Text)
		if err != nil {
			return k.replyError(r, "inspect_reply", err)
		}
		data["text/plain"] = text
	}
	return k.reply(r, "inspect_reply", inspectReply{Status: "ok", Found: in.Found, Data: data})
}
