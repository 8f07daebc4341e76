package kernel

import "context"

// shutdownRequest answers shutdown_request and stops the kernel. A restart is done by the
// client starting a new kernel, so the kernel exits in both cases. The reply is also
// published on iopub, so that every client learns of it.
func (k *Kernel) shutdownRequest(ctx context.Context, r *request) error {
	var req shutdownRequest
	if err := decode(r, &req); err != nil {
		return k.replyError(r, "shutdown_reply", err)
	}
	k.eval.Interrupt()
	if err := k.eval.Close(); err != nil {
		k.log.Warn("closing the evaluator", "err", err)
	}
	rep := shutdownReply{Status: "ok", Restart: req.Restart}
	err := k.reply(r, "shutdown_reply", rep)
	k.publish(r.msg, "shutdown_reply", rep)
	k.requestShutdown(req)
	return err
}
