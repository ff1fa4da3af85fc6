package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPrecision: a run to a precision records the trials it took, and a
// plain run of that many trials writes the same bytes; the trials and the
// precision cannot both be given; a cap that stops it short is a warning.
func TestPrecision(t *testing.T) {
	dir := runDir2(t, "run", "--precision", "0.01")
	man := readManifest(t, dir)
	sr := man.Scenarios[0]
	if sr.Precision != 0.01 || sr.Trials%4096 != 0 {
		t.Fatalf("manifest: precision %g, trials %d", sr.Precision, sr.Trials)
	}
	plain := runDir2(t, "run", "--trials", strconv.FormatInt(sr.Trials, 10))
	for _, name := range []string{"pathways.csv", "acceptance.csv", "red_lines.csv", "margins.csv", "blocking.csv"} {
		a, _ := os.ReadFile(filepath.Join(dir, name))
		b, _ := os.ReadFile(filepath.Join(plain, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the run to a precision differs from a plain run of %d trials", name, sr.Trials)
		}
	}
	// compare's paired intervals count too: it takes at least as many.
	cmp := readManifest(t, runDir2(t, "compare", "--precision", "0.01"))
	if cmp.Scenarios[0].Trials < sr.Trials {
		t.Errorf("compare took %d trials, fewer than run's %d", cmp.Scenarios[0].Trials, sr.Trials)
	}
	if r := cli(t, "run", "--precision", "0.01", "--trials", "1000"); r.code != exitUsage {
		t.Errorf("--precision with --trials: exit %d", r.code)
	}
	if r := cli(t, "run", "--precision", "0.7"); r.code != exitUsage {
		t.Errorf("--precision 0.7: exit %d", r.code)
	}
	r := cli(t, "run", "--precision", "0.0001", "--max-trials", "5000", "-q")
	if r.code != exitOK || !strings.Contains(r.stderr, "--precision 0.0001 not reached in 5000 trials") {
		t.Errorf("capped: exit %d, stderr %q", r.code, r.stderr)
	}
}

// runDir2 runs a command with args into a new directory, quietly.
func runDir2(t *testing.T, args ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	r := cli(t, append(args, "-q", "-o", dir)...)
	if r.code != exitOK {
		t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
	}
	return dir
}
