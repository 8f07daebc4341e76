package kernel

import (
	"context"

	"github.com/go-zeromq/zmq4"
)

// serveHeartbeat echoes every heartbeat ping back to its sender. It runs on its own
// goroutine so that a busy cell never delays it.
func (k *Kernel) serveHeartbeat(ctx context.Context) {
	for {
		msg, err := k.hb.zs.Recv()
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			select {
			case <-ctx.Done():
				return
			default:
			}
			continue
		}
		if err := k.hb.zs.Send(zmq4.NewMsgFrom(msg.Frames...)); err != nil && ctx.Err() != nil {
			return
		}
	}
}
