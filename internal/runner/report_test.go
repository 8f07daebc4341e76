package runner

import "testing"

func TestReport(t *testing.T) {
	for _, tc := range []struct {
		statuses []Status
		ok       bool
		summary  string
		err      string
	}{
		{nil, true, "0 cells, 0 failed, 0 expected errors", ""},
		{[]Status{Passed}, true, "1 cell, 0 failed, 0 expected errors", ""},
		{[]Status{Passed, ExpectedError, ExpectedError}, true, "3 cells, 0 failed, 2 expected errors", ""},
		{[]Status{Passed, Failed, NotRun}, false, "3 cells, 1 failed, 0 expected errors, 1 not run", "cell 2 failed"},
		{[]Status{TimedOut, UnexpectedSuccess}, false, "2 cells, 2 failed, 0 expected errors", "2 cells failed: cell 1, cell 2"},
		{[]Status{Passed, NotRun}, false, "2 cells, 0 failed, 0 expected errors, 1 not run", "1 cell not run"},
	} {
		rep := &Report{}
		for i, s := range tc.statuses {
			c := CellResult{Index: i, Status: s}
			if s.Failure() {
				c.Message = c.Name() + " failed"
			}
			rep.Cells = append(rep.Cells, c)
		}
		if rep.OK() != tc.ok {
			t.Errorf("%v: OK() = %v", tc.statuses, rep.OK())
		}
		if got := rep.Summary(); got != tc.summary {
			t.Errorf("%v: Summary() = %q, want %q", tc.statuses, got, tc.summary)
		}
		err := rep.Err()
		if (err == nil) != (tc.err == "") || (err != nil && err.Error() != tc.err) {
			t.Errorf("%v: Err() = %v, want %q", tc.statuses, err, tc.err)
		}
		if (err == nil) != rep.OK() {
			t.Errorf("%v: Err() and OK() disagree", tc.statuses)
		}
	}
}
