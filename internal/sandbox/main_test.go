package sandbox

import (
	"os"
	"testing"
)

// TestMain lets the test binary play other processes: when
// GOCELL_SANDBOX_TEST_ROLE is set, the binary runs that role instead of
// the tests and exits with its status.
func TestMain(m *testing.M) {
	if role := os.Getenv("GOCELL_SANDBOX_TEST_ROLE"); role != "" {
		os.Exit(runTestRole(role))
	}
	os.Exit(m.Run())
}
