package kernel

import "context"

// commInfo answers comm_info_request. The kernel opens no comms.
func (k *Kernel) commInfo(ctx context.Context, r *request) error {
	var req commInfoRequest
	if err := decode(r, &req); err != nil {
		return k.replyError(r, "comm_info_reply", err)
	}
	return k.reply(r, "comm_info_reply", commInfoReply{Status: "ok", Comms: map[string]commInfo{}})
}

// replyError answers r with status "error" for a request the kernel could not decode.
func (k *Kernel) replyError(r *request, msgType string, err error) error {
	return k.reply(r, msgType, errorReply{
		Status:       "error",
		errorContent: errorContent{EName: "BadRequest", EValue: err.Error(), Traceback: []string{err.Error()}},
	})
}
