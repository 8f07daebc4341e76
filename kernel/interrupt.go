package kernel

import "context"

// interrupt answers interrupt_request: the running cell, if any, is stopped.
func (k *Kernel) interrupt(ctx context.Context, r *request) error {
	k.eval.Interrupt()
	return k.reply(r, "interrupt_reply", interruptReply{Status: "ok"})
}

// Interrupt stops the running cell, as an interrupt_request does. The program calls it
// when the kernel process receives SIGINT.
func (k *Kernel) Interrupt() { k.eval.Interrupt() }
