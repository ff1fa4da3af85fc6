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
