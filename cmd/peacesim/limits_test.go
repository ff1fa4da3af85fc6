package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRefusedBeforeWork: sizes and values that no run could honour are
// refused with exit 2 and a message naming the flag and the limit, before
// anything large is built or run — each of these took minutes or crashed
// with an out-of-memory trace, or was silently taken for unset: a hypercube
// of 10¹⁰ points, a grid of 10¹² points, a scenario nested 20,000 deep read
// by run and by sweep, --precision 0 and -0, --min-prob 0 without
// --repair, and a tornado asking for the 0th percentile of a normal.
func TestRefusedBeforeWork(t *testing.T) {
	deep := filepath.Join(t.TempDir(), "deep.toml")
	src := "[scenario]\nid = \"deep\"\n[parties.a]\nreservation = " + strings.Repeat("{a=", 20000) + "1" + strings.Repeat("}", 20000) + "\n"
	if err := os.WriteFile(deep, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	const cap = "packages.miami_20_point.troop_cap"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", "--vary", cap + "=400:1000", "--lhs", "10000000000"}, "--lhs: 10000000000 points, more than a design takes (10000000)"},
		{[]string{"sweep", "--vary", cap + "=0:999999:1", "--vary", "packages.us_28_point.troop_cap=0:999999:1"}, "the grid has more than 10000000 points"},
		{[]string{"run", deep}, "deep.toml:4:"},
		{[]string{"sweep", deep, "--vary", "run.seed=1,2"}, "deep.toml:4:"},
		{[]string{"run", "--precision", "0"}, "--precision must be a half-width in (0, 0.5), got 0"},
		{[]string{"run", "--precision", "-0"}, "--precision must be a half-width in (0, 0.5), got -0"},
		{[]string{"optimize", "--evidence", "none", "--target", "framework_agreement", "--min-prob", "0"}, "--min-prob goes with --repair PACKAGE"},
		{[]string{"sensitivity", "--evidence", "none", "--range", "0,90"}, "--range: the 0th percentile of parties."},
		{[]string{"sensitivity", "--evidence", "none", "--range", "50,100"}, "is +Inf: an unbounded input has no 0th or 100th percentile"},
	} {
		r := cli(t, append(c.args, "-q")...)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) || r.stdout != "" {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", c.args, r.code, r.stderr, c.want)
		}
	}
}
