package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestTinyBetaRedLineWeight runs the template of `peacesim scenarios init`
// with side A's soft red line on the troop cap ("Army not capped below
// ~250k", red_lines[1], min = triangular(200, 250, 300)) weighted
// beta(0.001, 0.001), a U-shaped beta whose gamma variates underflow in
// most trials: the run must succeed, with no NA, NaN or Inf in
// margins.csv. side_a_counter caps troops at 350, above every threshold
// the triangular can draw, so the red line holds in every trial, and its
// weight is multiplied by 0: every row of side_a_counter must be the same
// as with the template's fixed weight 0.3, its P(framework) first.
func TestTinyBetaRedLineWeight(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.toml")
	if r := cli(t, "scenarios", "init", path); r.code != exitOK {
		t.Fatalf("scenarios init: exit %d: %s", r.code, r.stderr)
	}
	const set = "parties.side_a.red_lines[1].weight=beta(0.001, 0.001)"
	fixed, tiny := filepath.Join(dir, "fixed"), filepath.Join(dir, "tiny")
	if r := cli(t, "run", path, "--trials", "20000", "-q", "-o", fixed); r.code != exitOK {
		t.Fatalf("run with weight 0.3: exit %d: %s", r.code, r.stderr)
	}
	r := cli(t, "run", path, "--trials", "20000", "-q", "-o", tiny, "--set", set)
	if r.code != exitOK {
		t.Fatalf("run with weight beta(0.001, 0.001): exit %d: %s", r.code, r.stderr)
	}
	if r.stderr != "" {
		t.Errorf("stderr = %q, want empty", r.stderr)
	}

	_, margins := csvRows(t, tiny, "margins.csv")
	for _, row := range margins {
		for _, field := range strings.Split(row, ",") {
			if f := strings.ToLower(field); f == "na" || f == "nan" || strings.Contains(f, "inf") {
				t.Errorf("margins.csv: %q in %s", field, row)
			}
		}
	}

	// The red line holds for side_a_counter in every trial of both runs.
	for _, out := range []string{fixed, tiny} {
		_, rows := csvRows(t, out, "red_lines.csv")
		const prefix = "my-scenario,side_a_counter,side_a,1,Army not capped below ~250k,troop_cap,framework,min,FALSE,0,"
		if !slices.ContainsFunc(rows, func(row string) bool { return strings.HasPrefix(row, prefix) }) {
			t.Fatalf("%s/red_lines.csv: side_a_counter violates side A's red line 1 in some trial:\n%s", out, strings.Join(rows, "\n"))
		}
	}
	for _, name := range []string{"pathways.csv", "acceptance.csv", "blocking.csv", "margins.csv", "red_lines.csv"} {
		want, got := counterRows(t, fixed, name), counterRows(t, tiny, name)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s: side_a_counter's rows with the weight beta(0.001, 0.001)\n%s\nwant those with 0.3\n%s",
				name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	_, pathways := csvRows(t, tiny, "pathways.csv")
	if !slices.ContainsFunc(pathways, func(row string) bool {
		return strings.HasPrefix(row, "my-scenario,side_a_counter,framework_agreement,")
	}) {
		t.Errorf("pathways.csv has no P(framework) of side_a_counter:\n%s", strings.Join(pathways, "\n"))
	}
}

// counterRows are the rows of side_a_counter in the CSV name of dir.
func counterRows(t *testing.T, dir, name string) []string {
	t.Helper()
	_, rows := csvRows(t, dir, name)
	var out []string
	for _, row := range rows {
		if strings.HasPrefix(row, "my-scenario,side_a_counter,") {
			out = append(out, row)
		}
	}
	return out
}
