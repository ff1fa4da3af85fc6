package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/results"
)

// timelineScenario is a scenario over 12 weekly rounds from 2025-12-20,
// with the marks end_of_year (round 2) and spring (round 10).
const timelineScenario = "testdata/timeline.toml"

// runTimeline runs the timeline scenario with args into a new directory
// and returns it, read back.
func runTimeline(t *testing.T, args ...string) *results.Dir {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	args = append([]string{"run", timelineScenario, "-o", dir, "-q", "--trials", "20000"}, args...)
	if r := cli(t, args...); r.code != exitOK {
		t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
	}
	d, err := results.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// outcomesAt are the rows of pathways.csv that timeline.csv's outcomes by
// round give: package, pathway, probability and its interval, count.
func outcomesAt(d *results.Dir, round int) []results.PathwayRow {
	var rows []results.PathwayRow
	for _, r := range d.Timeline {
		if r.Round == round {
			rows = append(rows, results.PathwayRow{Scenario: r.Scenario, Package: r.Package, Pathway: r.Pathway,
				Probability: r.Outcome, CILow: r.OutcomeLow, CIHigh: r.OutcomeHigh, Count: r.OutcomeCount, Trials: r.Trials, Seed: r.Seed})
		}
	}
	return rows
}

// TestRunTimeline: run -o of a scenario with a timeline writes
// timeline.csv, listed by the manifest, whose outcomes by the last round
// are pathways.csv, row for row; the manifest records the timeline and
// the last round; stdout ends with the talks over time.
func TestRunTimeline(t *testing.T) {
	d := runTimeline(t)
	if !d.Has("timeline.csv") || !slices.Equal(d.Manifest.Files, append(results.CSVFiles(false), "timeline.csv")) {
		t.Fatalf("files %v, manifest %v", d.Files, d.Manifest.Files)
	}
	if want := 2 * 12 * 3; len(d.Timeline) != want {
		t.Errorf("%d rows, want %d (packages × rounds × pathways)", len(d.Timeline), want)
	}
	if got := outcomesAt(d, 12); !slices.Equal(got, d.Pathways) {
		t.Errorf("timeline.csv's outcomes by round 12\n%+v\npathways.csv\n%+v", got, d.Pathways)
	}
	sr := d.Manifest.Scenarios[0]
	if sr.Round != 12 || sr.Timeline == nil || sr.Timeline.Rounds != 12 || sr.Timeline.Unit != "week" || sr.Timeline.Start != "2025-12-20" ||
		len(sr.Timeline.Marks) != 2 || sr.Timeline.Marks[0] != (results.TimelineMark{Name: "end_of_year", Round: 2}) {
		t.Errorf("manifest round %d, timeline %+v", sr.Round, sr.Timeline)
	}
	for _, row := range d.Timeline {
		if row.Round == 10 && (row.Date != "2026-02-21" || !slices.Equal(row.Marks, []string{"spring"})) {
			t.Fatalf("round 10: date %q, marks %q", row.Date, row.Marks)
		}
	}
	r := cli(t, "run", timelineScenario, "--trials", "20000")
	for _, want := range []string{"\nOutcomes by round 12 of 12 (2026-03-07)", "\nOver time: 12 rounds, one a week", "end_of_year: round 2 (2025-12-27)",
		"first reached (median)"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout has no %q:\n%s", want, r.stdout)
		}
	}
	for i, line := range strings.Split(r.stdout[strings.Index(r.stdout, "\nOver time"):], "\n") {
		if n := len([]rune(line)); n > 100 {
			t.Errorf("line %d over time is %d columns wide: %s", i, n, line)
		}
	}
}

// TestRunRound: --round 2 makes pathways.csv (and every table but
// timeline.csv) the outcome by round 2, timeline.csv's outcomes at round
// 2, and leaves timeline.csv as it was; --round end_of_year, the mark of
// round 2, writes the very same files; the manifest records round 2.
func TestRunRound(t *testing.T) {
	last, second := runTimeline(t), runTimeline(t, "--round", "2")
	if got := outcomesAt(second, 2); !slices.Equal(got, second.Pathways) {
		t.Errorf("with --round 2, pathways.csv\n%+v\ntimeline.csv's outcomes by round 2\n%+v", second.Pathways, got)
	}
	if slices.Equal(last.Pathways, second.Pathways) {
		t.Fatal("rounds 2 and 12 give the same pathways.csv: the test cannot tell them apart")
	}
	if !reflect.DeepEqual(last.Timeline, second.Timeline) {
		t.Error("timeline.csv depends on --round")
	}
	if got := second.Manifest.Scenarios[0].Round; got != 2 {
		t.Errorf("manifest round %d, want 2", got)
	}
	byNumber, byMark := readDir(t, second.Path), readDir(t, runTimeline(t, "--round", "end_of_year").Path)
	for name, b := range byNumber {
		if !bytes.Equal(byMark[name], b) {
			t.Errorf("--round end_of_year and --round 2 differ in %s", name)
		}
	}
	if !bytes.Equal(readDir(t, last.Path)["timeline.csv"], byNumber["timeline.csv"]) {
		t.Error("timeline.csv differs with --round 2")
	}
}

// TestRoundRefused: every command that takes --round refuses, with exit
// status 2, a round beyond the timeline's (naming its range), round 0,
// and a mark the scenario lacks (with a did-you-mean, or its marks).
func TestRoundRefused(t *testing.T) {
	cases := []struct{ round, msg string }{
		{"13", "--round 13: scenario example-timeline has rounds 1 to 12"},
		{"0", "has rounds 1 to 12"},
		{"-1", "has rounds 1 to 12"},
		{"end_of_yaer", `has no mark "end_of_yaer" (did you mean end_of_year?)`},
		{"summer", "its marks are: end_of_year, spring; or give a round from 1 to 12"},
	}
	for _, args := range roundCommands() {
		args = slices.Insert(slices.Clone(args), 1, timelineScenario)
		for _, c := range cases {
			t.Run(args[0]+" --round "+c.round, func(t *testing.T) {
				r := cli(t, append(args, "-q", "--round", c.round)...)
				if r.code != exitUsage || !strings.Contains(r.stderr, c.msg) {
					t.Errorf("exit %d, stderr %q; want %d, %s", r.code, r.stderr, exitUsage, c.msg)
				}
			})
		}
	}
}

// TestStudiesTakeTheRound: each command's estimates with --round 2 are
// those of the scenario cut to 2 rounds (--set timeline.rounds=2), whose
// last round is 2: rounds are prefixes, so a command that passed the
// round on to its study gives the same stdout; and not those of round 12.
func TestStudiesTakeTheRound(t *testing.T) {
	for _, args := range roundCommands() {
		if args[0] == "run" {
			continue // TestRunRound
		}
		args = slices.Insert(slices.Clone(args), 1, timelineScenario)
		t.Run(args[0], func(t *testing.T) {
			out := func(more ...string) string {
				r := cli(t, append(slices.Clone(args), more...)...)
				if r.code != exitOK {
					t.Fatalf("%v: exit %d: %s", more, r.code, r.stderr)
				}
				return r.stdout
			}
			second, cut, last := out("--round", "2"), out("--set", "timeline.rounds=2", "--set", "timeline.marks={end_of_year = 2}"), out()
			// A heading that names the round names the timeline's length.
			if strings.ReplaceAll(second, "by round 2 of 12", "by round 2 of 2") != cut {
				t.Errorf("--round 2 differs from the timeline cut to 2 rounds:\n%s\n---\n%s", second, cut)
			}
			if second == last {
				t.Error("--round 2 gives round 12's estimates")
			}
		})
	}
}

// TestCompareRound: compare --round pairs the packages by that round:
// comparisons.csv's probabilities are timeline.csv's outcomes by it, and
// compare -o writes timeline.csv too.
func TestCompareRound(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cmp")
	if r := cli(t, "compare", timelineScenario, "--round", "end_of_year", "-o", dir, "-q", "--trials", "20000"); r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	d, err := results.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Has("timeline.csv") || !d.Has("comparisons.csv") {
		t.Fatalf("files %v", d.Files)
	}
	outcome := map[string]float64{}
	for _, row := range outcomesAt(d, 2) {
		outcome[row.Package+" "+row.Pathway] = row.Probability
	}
	for _, c := range d.Comparisons {
		if c.PA != outcome[c.PackageA+" "+c.Pathway] || c.PB != outcome[c.PackageB+" "+c.Pathway] {
			t.Errorf("%s − %s on %s: %v − %v, timeline.csv by round 2: %v − %v", c.PackageA, c.PackageB, c.Pathway,
				c.PA, c.PB, outcome[c.PackageA+" "+c.Pathway], outcome[c.PackageB+" "+c.Pathway])
		}
	}
}

// TestTimelineBatch: a batch of a scenario with a timeline and one
// without writes one timeline.csv, of the first's rows alone, and the
// rest of the second's rows as its run alone writes them.
func TestTimelineBatch(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "batch")
	if r := cli(t, "run", timelineScenario, "testdata/good.toml", "-o", dir, "-q", "--trials", "20000", "--seed", "5"); r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	d, err := results.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	alone := runTimeline(t, "--seed", "5")
	if !reflect.DeepEqual(d.Timeline, alone.Timeline) {
		t.Error("the batch's timeline.csv is not the timeline scenario's run alone")
	}
	if a, b := d.Manifest.Scenarios[0], d.Manifest.Scenarios[1]; a.Timeline == nil || a.Round != 12 || b.Timeline != nil || b.Round != 0 {
		t.Errorf("manifest entries %+v, %+v", a, b)
	}
	recs := readCSV(t, filepath.Join(dir, "pathways.csv"))
	scenarios := map[string]bool{}
	for _, rec := range recs[1:] {
		scenarios[rec[0]] = true
	}
	if !scenarios["example"] || !scenarios["example-timeline"] {
		t.Errorf("pathways.csv holds the scenarios %v", scenarios)
	}
}

// readCSV reads a CSV file's records.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestTimelineJSON: --format json of a run over a timeline holds the
// manifest's round and timeline, and the rows of timeline.csv.
func TestTimelineJSON(t *testing.T) {
	r := cli(t, "run", timelineScenario, "--trials", "5000", "--format", "json", "--round", "spring")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var doc struct {
		Manifest results.Manifest `json:"manifest"`
		Timeline []map[string]any `json:"timeline"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if sr := doc.Manifest.Scenarios[0]; sr.Round != 10 || sr.Timeline == nil {
		t.Errorf("manifest round %d, timeline %+v", sr.Round, sr.Timeline)
	}
	if len(doc.Timeline) != 2*12*3 || doc.Timeline[0]["mark"] != nil || doc.Timeline[0]["date"] != "2025-12-20" {
		t.Errorf("%d rows, the first %v", len(doc.Timeline), doc.Timeline[0])
	}
}
