package worker

import (
	"strings"
	"testing"
)

func TestCrashWatchHoldsTheReport(t *testing.T) {
	var c crashWatch
	var passed strings.Builder
	// Output arrives in pieces that split both ordinary lines and the marker.
	for _, piece := range []string{"warning: x\n", "pa", "nic", "ked\n", "pan", "ic: boom\n\ngoroutine 7 [running]:\n", "more\n"} {
		passed.Write(c.filter([]byte(piece)))
	}
	if got := passed.String(); got != "warning: x\npanicked\n" {
		t.Errorf("passed on %q", got)
	}
	if !c.holding {
		t.Fatal("the crash report was not held back")
	}
	if got := string(c.release()); got != "panic: boom\n\ngoroutine 7 [running]:\nmore\n" {
		t.Errorf("held %q", got)
	}
	if got := string(c.filter([]byte("after\n"))); got != "after\n" {
		t.Errorf("after release passed %q", got)
	}
}

func TestCrashWatchMidLineMarkerIsOutput(t *testing.T) {
	var c crashWatch
	got := string(c.filter([]byte("no panic: here\n")))
	if got != "no panic: here\n" || c.holding {
		t.Errorf("passed %q, holding %v", got, c.holding)
	}
}

func TestParseCrash(t *testing.T) {
	report := `fatal error: concurrent map writes

goroutine 23 [running]:
internal/runtime/maps.fatal({0x9c4f1e?, 0x0?})
	/usr/local/go/src/runtime/panic.go:1058 +0x18
reflect.mapassign_faststr0(0x8f6c60, 0xc000114e70, {0xc0001f0000, 0x1}, 0xc000120f40)
	/usr/local/go/src/runtime/map.go:1200 +0x25
github.com/traefik/yaegi/interp.runCfg(0xc0002d8000, 0xc0002f2000, 0x0, 0x0)
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/run.go:226 +0x2b1
created by github.com/traefik/yaegi/interp.callGoroutine in goroutine 7
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/run.go:1900 +0x111

goroutine 1 [chan receive]:
main.main()
`
	r := parseCrash(report)
	if r.Name != "fatal error" || r.Message != "concurrent map writes" {
		t.Errorf("name %q message %q", r.Name, r.Message)
	}
	text := strings.Join(r.Lines, "\n")
	for _, want := range []string{"fatal error: concurrent map writes", "goroutine 23 [running]:", "internal/runtime/maps.fatal", "2 interpreter frames not shown"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "yaegi") || strings.Contains(text, "goroutine 1 ") {
		t.Errorf("report shows interpreter frames or other goroutines:\n%s", text)
	}
}

func TestParseCrashCleansRepanicked(t *testing.T) {
	r := parseCrash("panic: bad 7 [recovered, repanicked]\n\ngoroutine 25 [running]:\n")
	if r.Name != "panic" || r.Message != "bad 7" || r.Lines[0] != "panic: bad 7" {
		t.Errorf("got %+v", r)
	}
}
