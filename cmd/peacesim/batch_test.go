package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/peacesim/peacesim/results"
)

// runDir runs peacesim run with args into a new directory and returns it.
func runDir(t *testing.T, args ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	r := cli(t, append([]string{"run", "-q", "-o", dir, "--trials", "4096", "--seed", "3"}, args...)...)
	if r.code != exitOK {
		t.Fatalf("run %v: exit %d: %s", args, r.code, r.stderr)
	}
	return dir
}

// csvRows reads a CSV of dir as its header and its data lines.
func csvRows(t *testing.T, dir, name string) (string, []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	return lines[0], lines[1:]
}

// readManifest reads dir/manifest.json.
func readManifest(t *testing.T, dir string) results.Manifest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var man results.Manifest
	if err := json.Unmarshal(b, &man); err != nil {
		t.Fatal(err)
	}
	return man
}

// TestBatchIsTheSameAsAlone: a batch of two scenarios writes one set of
// tables, each with one header and the rows of the first scenario and then
// of the second, byte for byte the rows each gives alone; its manifest
// lists each scenario as its own run records it. (Both have evidence; a
// batch of a scenario with evidence and one without is
// TestBatchMixedEvidence.)
func TestBatchIsTheSameAsAlone(t *testing.T) {
	const a, b = "miami-2025", "miami-2025-us-guarantee"
	alone := []string{runDir(t, a), runDir(t, b)}
	batch := runDir(t, a, b)
	for _, name := range results.CSVFiles(false) {
		header, rows := csvRows(t, batch, name)
		var want []string
		for _, dir := range alone {
			h, r := csvRows(t, dir, name)
			if h != header {
				t.Fatalf("%s: header %q in the batch, %q alone", name, header, h)
			}
			want = append(want, r...)
		}
		if !slices.Equal(rows, want) {
			t.Errorf("%s: the batch's rows are not the rows of each scenario alone, in order", name)
		}
	}
	man := readManifest(t, batch)
	if len(man.Scenarios) != 2 {
		t.Fatalf("manifest lists %d scenarios, want 2", len(man.Scenarios))
	}
	for i, dir := range alone {
		if got, want := man.Scenarios[i], readManifest(t, dir).Scenarios[0]; !slices.Equal(got.Overrides, want.Overrides) ||
			got.Scenario != want.Scenario || got.File != want.File || got.ScenarioHash != want.ScenarioHash ||
			got.Seed != want.Seed || got.Trials != want.Trials {
			t.Errorf("scenario %d: %+v in the batch, %+v alone", i, got, want)
		}
	}
	// stdout: the CSV of the batch is the pathways.csv of the batch.
	r := cli(t, "run", a, b, "--trials", "4096", "--seed", "3", "--format", "csv")
	if want, _ := os.ReadFile(filepath.Join(batch, "pathways.csv")); r.stdout != string(want) {
		t.Error("run --format csv of a batch differs from its pathways.csv")
	}
}

// TestBatchChecksEveryFileFirst: every problem of every file is reported
// at once, exit 2, before anything runs, and nothing is written.
func TestBatchChecksEveryFileFirst(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	r := cli(t, "run", "-o", dir, "miami-2025", "testdata/bad.toml", "testdata/missing.toml", "nosuch", "--trials", "100")
	if r.code != exitUsage {
		t.Fatalf("exit %d, want 2: %s", r.code, r.stderr)
	}
	for _, want := range []string{"testdata/bad.toml:15:1:", "testdata/bad.toml:47:1:", "testdata/missing.toml: no scenario file or embedded scenario named testdata/missing.toml",
		"nosuch: no scenario file or embedded scenario named nosuch"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("a batch with bad files wrote its output directory")
	}
}

// TestBatchIDs: two scenarios with one id, or one scenario given twice,
// are bad input naming the files.
func TestBatchIDs(t *testing.T) {
	copyOf := filepath.Join(t.TempDir(), "copy.toml")
	src, err := os.ReadFile("testdata/good.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copyOf, src, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"testdata/good.toml", copyOf}, `scenario.id: id "example" is also the id of testdata/good.toml`},
		{[]string{"miami-2025", "miami-2025"}, "miami-2025.toml: given twice"},
	} {
		r := cli(t, append([]string{"run", "--trials", "100"}, c.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, r.code, r.stderr, c.want)
		}
	}
}

// TestBatchSet: an override without a target applies to every scenario
// and must fit each; ID:KEY=VALUE applies to that scenario alone; an
// unknown ID is bad input with a suggestion.
func TestBatchSet(t *testing.T) {
	const a, b = "miami-2025", "testdata/good.toml"
	// run.seed exists in both: each runs on seed 9.
	both := readManifest(t, runDir(t, a, b, "--set", "run.seed=9"))
	for _, sr := range both.Scenarios {
		// --seed 3 from runDir wins over [run] seed, so check the override
		// is recorded and the hash moved instead.
		if !slices.Equal(sr.Overrides, []string{"run.seed=9"}) {
			t.Errorf("%s: overrides %q", sr.Scenario, sr.Overrides)
		}
	}
	// Aimed at one scenario: the other's rows are as without it.
	aimed := runDir(t, a, b, "--set", "example:packages.us_28_point.troop_cap=1000")
	plain := runDir(t, a, b)
	_, aimedRows := csvRows(t, aimed, "pathways.csv")
	_, plainRows := csvRows(t, plain, "pathways.csv")
	var changed bool
	for i := range plainRows {
		switch {
		case strings.HasPrefix(plainRows[i], a+",") && aimedRows[i] != plainRows[i]:
			t.Errorf("an override aimed at example changed a row of %s", a)
		case strings.HasPrefix(plainRows[i], "example,us_28_point,") && aimedRows[i] != plainRows[i]:
			changed = true
		}
	}
	if !changed {
		t.Error("the override aimed at example changed none of its rows")
	}
	man := readManifest(t, aimed)
	if len(man.Scenarios[0].Overrides) != 0 || !slices.Equal(man.Scenarios[1].Overrides, []string{"example:packages.us_28_point.troop_cap=1000"}) {
		t.Errorf("overrides recorded %q and %q", man.Scenarios[0].Overrides, man.Scenarios[1].Overrides)
	}
	for _, c := range []struct{ set, want string }{
		// good.toml has no party europe: the untargeted override does not fit it.
		{"parties.europe.veto=true", "testdata/good.toml: --set parties.europe.veto=true: parties.europe: not in the scenario"},
		{"exampel:run.seed=1", `--set exampel:run.seed=1: no scenario with id "exampel" in this run (did you mean "example"?)`},
	} {
		r := cli(t, "run", a, b, "--trials", "100", "--set", c.set)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("--set %s: exit %d, stderr %q; want 2 and %q", c.set, r.code, r.stderr, c.want)
		}
	}
}

// TestBatchKeepGoing: a scenario that fails at run time (too large for the
// memory allowed: refused before its tallies are allocated, exit 2) stops
// the batch, nothing written; with --keep-going the others run, their
// tables are written, the manifest records the failure, and the exit
// status is 1.
func TestBatchKeepGoing(t *testing.T) {
	run := func(keepGoing bool) (string, error) {
		dir := filepath.Join(t.TempDir(), "out")
		var stdout, stderr bytes.Buffer
		opts := &RunOptions{Scenarios: []string{"testdata/good.toml", "miami-2025"}, KeepGoing: keepGoing}
		opts.Workers, opts.Format, opts.formats, opts.Out, opts.Quiet = 1, "csv", runFormats(), dir, true
		opts.SetTrials, opts.Trials = true, 1000
		opts.Stdout, opts.Stderr = &stdout, &stderr
		// Enough for good.toml's aggregates, not for miami-2025's.
		opts.memLimit = 600 << 10
		return dir, runRun(t.Context(), opts)
	}
	dir, err := run(false)
	if err == nil || exitCode(err) != exitUsage || !strings.Contains(err.Error(), "miami-2025.toml") || !strings.Contains(err.Error(), "GiB") {
		t.Errorf("without --keep-going: %v (exit %d), want exit 2 naming miami-2025.toml and the size", err, exitCode(err))
	}
	if _, serr := os.Stat(dir); serr == nil {
		t.Error("a failed batch wrote its output directory")
	}
	dir, err = run(true)
	if err == nil || exitCode(err) != exitFailure {
		t.Errorf("with --keep-going: %v, want exit 1", err)
	}
	man := readManifest(t, dir)
	if len(man.Scenarios) != 2 || man.Scenarios[0].Error != "" || !strings.Contains(man.Scenarios[1].Error, "too large") {
		t.Errorf("manifest scenarios %+v, want good.toml run and miami-2025 failed", man.Scenarios)
	}
	_, rows := csvRows(t, dir, "pathways.csv")
	for _, row := range rows {
		if !strings.HasPrefix(row, "example,") {
			t.Errorf("a row of the failed scenario: %s", row)
		}
	}
}

// TestBatchProgress: a batch draws one progress bar over the trials of all
// its scenarios, and it reaches their total.
func TestBatchProgress(t *testing.T) {
	var bar *progress
	var stderr syncBuffer
	opts := &RunOptions{Scenarios: []string{"testdata/good.toml", "miami-2025"}}
	opts.Workers, opts.Format, opts.formats, opts.Stdout, opts.Stderr = 2, "csv", runFormats(), io.Discard, &stderr
	opts.SetTrials, opts.Trials = true, 3*4096
	var totals []int64
	opts.bars = func(total int64) *progress {
		totals = append(totals, total)
		bar = newProgressTo(&stderr, total)
		return bar
	}
	if err := runRun(t.Context(), opts); err != nil {
		t.Fatal(err)
	}
	if len(totals) != 1 || totals[0] != 2*3*4096 {
		t.Fatalf("bars of %v trials, want one of %d", totals, 2*3*4096)
	}
	if got := bar.bar.State().CurrentNum; got != totals[0] {
		t.Errorf("the bar reached %d of %d trials", got, totals[0])
	}
}

// TestBatchInterrupted: a batch cancelled in its second scenario, after
// the first has run, writes nothing and exits 130.
func TestBatchInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	dir := filepath.Join(t.TempDir(), "out")
	opts := &RunOptions{Scenarios: []string{"testdata/good.toml", "miami-2025"}}
	opts.Workers, opts.Format, opts.formats, opts.Out = 1, "csv", runFormats(), dir
	opts.SetTrials, opts.Trials = true, 50*4096
	opts.Stdout, opts.Stderr = io.Discard, io.Discard
	var seen atomic.Int64
	opts.bars = func(total int64) *progress {
		bar := newProgressTo(io.Discard, total)
		return &progress{bar: bar.bar, w: io.Discard, onAdd: func(n int64) {
			// Past the first scenario's trials: cancel in the second.
			if seen.Add(n) > 50*4096 {
				cancel()
			}
		}}
	}
	err := runRun(ctx, opts)
	if exitCode(err) != exitInterrupted {
		t.Fatalf("err %v (exit %d), want exit %d", err, exitCode(err), exitInterrupted)
	}
	if seen.Load() <= 50*4096 {
		t.Fatalf("cancelled after %d trials, before the second scenario", seen.Load())
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("an interrupted batch wrote its output directory")
	}
}

// TestBatchMixedEvidence: in a batch of a scenario with evidence and one
// without, the tables have the evidence columns, and the rows of the one
// without are its rows alone with its trials, as many effective, and
// "none" before the seed.
func TestBatchMixedEvidence(t *testing.T) {
	const a, b = "miami-2025", "testdata/good.toml"
	alone := runDir(t, b)
	batch := runDir(t, a, b)
	header, rows := csvRows(t, batch, "pathways.csv")
	if !strings.HasSuffix(header, ",trials,prior_trials,effective_trials,evidence,seed") {
		t.Fatalf("the batch's header %q has no evidence columns", header)
	}
	_, own := csvRows(t, alone, "pathways.csv")
	tail := rows[len(rows)-len(own):]
	for i, r := range own {
		cells := strings.Split(r, ",")
		n := len(cells)
		trials := cells[n-2]
		want := strings.Join(append(cells[:n-1:n-1], trials, trials, "none", cells[n-1]), ",")
		if tail[i] != want {
			t.Errorf("row %d of %s in the batch is %q, want %q", i+1, b, tail[i], want)
		}
	}
}

// TestRunCountsItsOutput: a run that writes no tables counts no margins,
// so it fits in memory that a run with -o, which counts them and their
// tables, does not; that one is refused before it starts, saying how many
// packages would fit.
func TestRunCountsItsOutput(t *testing.T) {
	run := func(out string) error {
		var stdout, stderr bytes.Buffer
		opts := &RunOptions{Scenarios: []string{"miami-2025"}}
		opts.Workers, opts.Format, opts.formats, opts.Out, opts.Quiet = 1, "csv", runFormats(), out, true
		opts.SetTrials, opts.Trials = true, 1000
		opts.Stdout, opts.Stderr = &stdout, &stderr
		// More than miami-2025's aggregates without margins, less than
		// with them (8 packages × 16 staked cells × 8 KiB).
		opts.memLimit = 600 << 10
		return runRun(t.Context(), opts)
	}
	if err := run(""); err != nil {
		t.Errorf("without -o: %v, want a run that counts no margins", err)
	}
	err := run(filepath.Join(t.TempDir(), "out"))
	if exitCode(err) != exitUsage || err == nil || !strings.Contains(err.Error(), "its tables") || !strings.Contains(err.Error(), "it allows about") {
		t.Errorf("with -o: %v (exit %d), want exit 2 counting the tables and saying how many packages fit", err, exitCode(err))
	}
}
