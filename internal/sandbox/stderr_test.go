package sandbox

import (
	"strings"
	"testing"
)

func TestCopyStderr(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"ordinary output", "a line\nanother, unfinished", "a line\nanother, unfinished"},
		{"out of memory", "before\nruntime: out of memory: cannot allocate 67108864-byte block\nfatal error: out of memory\n\ngoroutine 1 [running]:\nruntime.throw(...)\n",
			"before\nruntime: out of memory: cannot allocate 67108864-byte block\nfatal error: out of memory\nP (pid 7) went over its memory limit of 64 MiB (see sandbox.SetLimits)\n"},
		{"a signal", "SIGSEGV: segmentation violation\nPC=0x0 m=0 sigcode=1\n\ngoroutine 1 [running]:\n",
			"SIGSEGV: segmentation violation\nP (pid 7) crashed (SIGSEGV: segmentation violation); with its memory limit of 64 MiB (see sandbox.SetLimits), running out of memory is a likely cause\n"},
		{"another fatal error", "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n",
			"fatal error: all goroutines are asleep - deadlock!\n"},
	} {
		var out strings.Builder
		copyStderr(&out, strings.NewReader(tc.in), "P", 7, 64<<20)
		if out.String() != tc.want {
			t.Errorf("%s:\n%q\nwant\n%q", tc.name, out.String(), tc.want)
		}
	}
}
