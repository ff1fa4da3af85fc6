package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestExplorerServerFails: a peacesim that does not serve (a binary that
// is not there, or one that prints no URL) is a check that cannot run,
// exit 1 and a FAIL line, never a pass.
func TestExplorerServerFails(t *testing.T) {
	needChromium(t)
	dir := t.TempDir()
	for _, bin := range []string{filepath.Join(dir, "no-such-peacesim"), "/bin/true"} {
		var stdout, stderr bytes.Buffer
		args := []string{"-serve", bin, "-png", filepath.Join(dir, "a.png"), "-png-phone", filepath.Join(dir, "b.png")}
		if code := run(context.Background(), args, &stdout, &stderr); code != 1 || !strings.Contains(stdout.String(), "browsercheck: FAIL: cannot check the explorer of "+bin) {
			t.Errorf("%s: exit %d\n%s", bin, code, stdout.String())
		}
	}
}

// TestComputingProblems: a move must show "Computing…" with the results
// marked busy, then end on the answer's "Done".
func TestComputingProblems(t *testing.T) {
	for _, c := range []struct {
		seen []string
		ok   bool
	}{
		{[]string{"busy: Computing…", "Done: 100,000 trials in 0.30 s."}, true},
		{[]string{"busy: Computing…", "busy: Computing…", "Done: 100,000 trials in 0.30 s."}, true},
		{[]string{"Done: 100,000 trials in 0.30 s."}, false},               // never busy
		{[]string{"Computing…", "Done: 100,000 trials in 0.30 s."}, false}, // not marked aria-busy
		{[]string{"busy: Computing…"}, false},                              // no answer
		{[]string{"busy: Computing…", "Not run: bad value"}, false},
		{nil, false},
	} {
		if got := computingProblems(c.seen); (len(got) == 0) != c.ok {
			t.Errorf("%q: problems %q, want ok %v", c.seen, got, c.ok)
		}
	}
}
