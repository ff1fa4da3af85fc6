package results

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/sim"
)

// timelineFixture is fixture over a timeline of three weekly rounds from
// 2025-12-20, two marks at round 2 and one at the last, with hand-made
// counts by round whose outcomes by round 3, the last, are fixture's
// pathways. The fallback (talks_collapse) is reached in every trial from
// round 1, as the engine counts it.
func timelineFixture() (*sim.Model, *sim.Result) {
	m, r := fixture()
	m.Timeline = &sim.Timeline{Rounds: 3, Unit: "week", Start: "2025-12-20",
		Marks: []sim.Mark{{Name: "end_of_year", Round: 2}, {Name: "holidays", Round: 2}, {Name: "deadline", Round: 3}}}
	const n = 1000
	r.Round = 3
	r.Timeline = byRounds(n, [][][2][3]int64{
		// package, round: the counts reached, then outcome, of each pathway
		{{{100, 160, n}, {100, 150, 750}}, {{300, 280, n}, {300, 250, 450}}, {{412, 330, n}, {412, 301, 287}}},
		{{{0, 900, n}, {0, 900, 100}}, {{0, 990, n}, {0, 990, 10}}, {{0, 999, n}, {0, 999, 1}}},
	})
	return m, r
}

// byRounds is the timeline of a result from its counts, each with
// fixture's interval (P ± 0.03, clamped): counts[k][r] are package k's
// counts by round r + 1 of each pathway reached, then as the outcome.
func byRounds(n int64, counts [][][2][3]int64) [][][]sim.RoundEstimate {
	p := func(c int64) sim.Proportion {
		pr := float64(c) / float64(n)
		return sim.Proportion{Count: c, Trials: n, P: pr, Low: math.Max(0, pr-0.03), High: math.Min(1, pr+0.03)}
	}
	out := make([][][]sim.RoundEstimate, len(counts))
	for k, byRound := range counts {
		for _, c := range byRound {
			var es []sim.RoundEstimate
			for w := range c[0] {
				es = append(es, sim.RoundEstimate{Reached: p(c[0][w]), Outcome: p(c[1][w])})
			}
			out[k] = append(out[k], es)
		}
	}
	return out
}

// undatedFixture is timelineFixture with neither a start nor marks: its
// dates and marks are NA.
func undatedFixture() (*sim.Model, *sim.Result) {
	m, r := timelineFixture()
	m.Timeline = &sim.Timeline{Rounds: 3, Unit: "session"}
	return m, r
}

// TestTimelineGolden: timeline.csv, the terminal summary with its rounds
// over time, and the JSON document of a run over a timeline.
func TestTimelineGolden(t *testing.T) {
	for _, tc := range []struct {
		golden  string
		fixture func() (*sim.Model, *sim.Result)
		write   func(io *bytes.Buffer, m *sim.Model, r *sim.Result) error
	}{
		{"timeline.csv", timelineFixture, func(w *bytes.Buffer, m *sim.Model, r *sim.Result) error { return WriteTimeline(w, Run{m, r}) }},
		{"timeline_undated.csv", undatedFixture, func(w *bytes.Buffer, m *sim.Model, r *sim.Result) error { return WriteTimeline(w, Run{m, r}) }},
		{"timeline_table.txt", timelineFixture, func(w *bytes.Buffer, m *sim.Model, r *sim.Result) error { return WriteTable(w, m, r) }},
		{"timeline_undated_table.txt", undatedFixture, func(w *bytes.Buffer, m *sim.Model, r *sim.Result) error { return WriteTable(w, m, r) }},
		{"timeline.json", timelineFixture, func(w *bytes.Buffer, m *sim.Model, r *sim.Result) error {
			return WriteJSON(w, testManifest(m, r), Run{m, r})
		}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			m, r := tc.fixture()
			var got bytes.Buffer
			if err := tc.write(&got, m, r); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.golden, got.Bytes())
		})
	}
}

// TestTimelineSummaryFits: the terminal summary of a run over a timeline
// stays within 100 columns.
func TestTimelineSummaryFits(t *testing.T) {
	m, r := timelineFixture()
	var b bytes.Buffer
	if err := WriteTable(&b, m, r); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	// The heading's round, and the section over time: what a timeline adds.
	ours := append(lines[1:2], lines[slices.Index(lines, "Over time: 3 rounds, one a week, round 1 on 2025-12-20, round 3 on 2026-01-03"):]...)
	for i, line := range ours {
		if n := len([]rune(line)); n > 100 {
			t.Errorf("line %d is %d columns wide: %s", i+1, n, line)
		}
	}
}

// TestTimelineRows: one row per package × round × pathway, in that order,
// with the round's date and marks; the outcomes of the last round are
// pathways.csv's probabilities.
func TestTimelineRows(t *testing.T) {
	m, r := timelineFixture()
	rows := timelineTable.run(Run{m, r})
	if want := len(m.Packages) * m.Timeline.Rounds * len(m.Pathways); len(rows) != want {
		t.Fatalf("%d rows, want %d", len(rows), want)
	}
	i := 0
	for k := range m.Packages {
		for round := 1; round <= 3; round++ {
			for w := range m.Pathways {
				row := rows[i]
				i++
				if row.Package != m.Packages[k].ID || row.Round != round || row.Pathway != m.Pathways[w].ID {
					t.Fatalf("row %d is %s, round %d, %s", i, row.Package, row.Round, row.Pathway)
				}
				if round == 3 && (row.Outcome != r.Pathways[k][w].P || row.OutcomeCount != r.Pathways[k][w].Count) {
					t.Errorf("%s %s by the last round: outcome %v, pathways.csv %v", row.Package, row.Pathway, row.Outcome, r.Pathways[k][w].P)
				}
			}
		}
	}
	want := map[int]struct {
		date  string
		marks []string
	}{1: {"2025-12-20", nil}, 2: {"2025-12-27", []string{"end_of_year", "holidays"}}, 3: {"2026-01-03", []string{"deadline"}}}
	for _, row := range rows {
		if w := want[row.Round]; row.Date != w.date || !slices.Equal(row.Marks, w.marks) {
			t.Errorf("round %d: date %q, marks %q; want %q, %q", row.Round, row.Date, row.Marks, w.date, w.marks)
		}
	}
}

// TestTimelineReadBack: a run over a timeline writes timeline.csv after
// the run's tables, the manifest lists it and records the timeline and
// the round reported, and ReadDir reads every row back as written.
func TestTimelineReadBack(t *testing.T) {
	for _, fx := range []func() (*sim.Model, *sim.Result){timelineFixture, undatedFixture} {
		m, r := fx()
		dir := t.TempDir()
		man := testManifest(m, r)
		if err := WriteDir(dir, man, false, Run{m, r}); err != nil {
			t.Fatal(err)
		}
		want := append(CSVFiles(false), TimelineFile)
		if got := CSVFiles(false, m); !slices.Equal(got, want) {
			t.Errorf("CSVFiles(false, m) = %v, want %v", got, want)
		}
		if got := Files(false, m); !slices.Equal(got, append(want, manifestName)) {
			t.Errorf("Files(false, m) = %v", got)
		}
		if got := listDir(t, dir); !slices.Equal(got, sorted(append(want, manifestName))) {
			t.Errorf("the directory holds %v", got)
		}
		d, err := ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(d.Files, want) {
			t.Errorf("read %v, want %v", d.Files, want)
		}
		if rows := timelineTable.run(Run{m, r}); !reflect.DeepEqual(d.Timeline, rows) {
			t.Errorf("read back\n%+v\nwant\n%+v", d.Timeline, rows)
		}
		sr := d.Manifest.Scenarios[0]
		tl := &Timeline{Rounds: 3, Unit: m.Timeline.Unit, Start: m.Timeline.Start, Marks: []TimelineMark{}}
		for _, mk := range m.Timeline.Marks {
			tl.Marks = append(tl.Marks, TimelineMark{mk.Name, mk.Round})
		}
		if sr.Round != 3 || !reflect.DeepEqual(sr.Timeline, tl) {
			t.Errorf("manifest: round %d, timeline %+v; want 3, %+v", sr.Round, sr.Timeline, tl)
		}
	}
}

// TestNoTimeline: a run without a timeline writes no timeline.csv, lists
// none, and its manifest and JSON say nothing of rounds: every byte is
// what it was before timelines (the goldens of TestGolden hold the rest).
func TestNoTimeline(t *testing.T) {
	m, r := fixture()
	dir := writeRunDir(t)
	if got := listDir(t, dir); !slices.Equal(got, sorted(outputNames())) {
		t.Errorf("the directory holds %v, want %v", got, outputNames())
	}
	if got := Files(false, m); !slices.Equal(got, outputNames()) {
		t.Errorf("Files(false, m) = %v", got)
	}
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		t.Fatal(err)
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, testManifest(m, r), Run{m, r}); err != nil {
		t.Fatal(err)
	}
	for what, text := range map[string]string{"manifest.json": string(b), "the JSON": js.String()} {
		for _, key := range []string{`"round"`, `"timeline"`} {
			if strings.Contains(text, key) {
				t.Errorf("%s of a run without a timeline has %s", what, key)
			}
		}
	}
}

// TestTimelineBatch: a batch of a scenario over a timeline and one
// without has one timeline.csv, of the first's rows alone, and only the
// first's entry in the manifest records rounds.
func TestTimelineBatch(t *testing.T) {
	m, r := timelineFixture()
	m2, r2 := otherScenario()
	runs := []Run{{m2, r2}, {m, r}}
	man := testManifest(m2, r2)
	man.Scenarios = append(man.Scenarios, NewScenarioRun(m, r, "timeline.toml"))
	dir := t.TempDir()
	if err := WriteDir(dir, man, false, runs...); err != nil {
		t.Fatal(err)
	}
	d, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Has(TimelineFile) || len(d.Timeline) != len(timelineTable.run(Run{m, r})) {
		t.Fatalf("timeline.csv: %v, %d rows", d.Has(TimelineFile), len(d.Timeline))
	}
	for _, row := range d.Timeline {
		if row.Scenario != m.ID {
			t.Fatalf("a row of %s", row.Scenario)
		}
	}
	if a, b := d.Manifest.Scenarios[0], d.Manifest.Scenarios[1]; a.Timeline != nil || a.Round != 0 || b.Timeline == nil || b.Round != 3 {
		t.Errorf("manifest entries: %+v, %+v", a, b)
	}
}

// TestTimelineRoundRecorded: the manifest records the round a run
// reports, and a run planned without one (a shard's manifest, with
// sim.Options.Round 0) records the last, as the run itself does.
func TestTimelineRoundRecorded(t *testing.T) {
	m, r := timelineFixture()
	r.Round = 2
	if got := NewScenarioRun(m, r, "f").Round; got != 2 {
		t.Errorf("round %d, want 2", got)
	}
	if got := NewScenarioRun(m, &sim.Result{Trials: 10}, "f").Round; got != 3 {
		t.Errorf("round of a planned run %d, want the last, 3", got)
	}
	b := Batch{Scenarios: []BatchScenario{{File: "f", Model: m, Options: sim.Options{Trials: 10, Round: 2}}}}
	if got := b.Planned().Scenarios[0].Round; got != 2 {
		t.Errorf("planned round %d, want 2", got)
	}
	plain, _ := fixture()
	if sr := NewScenarioRun(plain, &sim.Result{Round: 1}, "f"); sr.Round != 0 || sr.Timeline != nil {
		t.Errorf("a scenario without a timeline records round %d, timeline %+v", sr.Round, sr.Timeline)
	}
}

// TestTimelineDomain: a timeline.csv whose one cell is outside its
// column's domain or bounds is refused, naming the file, line and column.
func TestTimelineDomain(t *testing.T) {
	tests := []struct {
		name, column, value, msg string
	}{
		{"reached above 1", "reached", "7.5", "7.5 is not a probability (must be in [0, 1])"},
		{"reached below its lower end", "reached_low", "0.2", "0.2 is above the row's reached, 0.16"},
		{"reached above its upper end", "reached_high", "0.1", "0.1 is below the row's reached, 0.16"},
		{"reached count above the trials", "reached_count", "1001", "1001 is above the row's trials, 1000"},
		{"outcome above reached", "outcome", "0.17", "0.17 is above the row's reached, 0.16"},
		{"outcome count above the reached count", "outcome_count", "161", "161 is above the row's reached_count, 160"},
		{"negative outcome count", "outcome_count", "-1", "-1 is not a count"},
		{"round 0", "round", "0", "0 is not a round (rounds count from 1)"},
		{"round not a number", "round", "two", `"two" is not an integer`},
		{"not a date", "date", "2025-13-40", `"2025-13-40" is not a date YYYY-MM-DD`},
		{"an empty mark", "mark", "a;;b", `"a;;b" is not a list of marks joined by ";"`},
		{"NA date", "date", "NA", ""},
		{"two marks", "mark", "a;b", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFixtureDir(t, timelineFixture)
			path := filepath.Join(dir, TimelineFile)
			// Line 3: us_28_point, round 1, humanitarian_ceasefire.
			setCell(t, path, 3, tt.column, tt.value)
			d, err := ReadDir(dir)
			if tt.msg == "" {
				if err != nil {
					t.Fatal(err)
				}
				if d.Timeline[1].Round != 1 {
					t.Errorf("row 2 read as %+v", d.Timeline[1])
				}
				return
			}
			var re *ReadError
			if !errors.As(err, &re) {
				t.Fatalf("error %v, want a *ReadError", err)
			}
			if re.File != path || re.Line != 3 || re.Column < 1 || re.Field != tt.column || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q (%s:%d:%d, %s), want %s:3 at %s: %s", err, re.File, re.Line, re.Column, re.Field, path, tt.column, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), path+":3:") {
				t.Errorf("error %q does not start with %s:3:", err, path)
			}
		})
	}
}

// TestTimelineShape: a result over rounds that does not fit its model's
// timeline is refused, not written short.
func TestTimelineShape(t *testing.T) {
	for name, spoil := range map[string]func(m *sim.Model, r *sim.Result){
		"no timeline in the model": func(m *sim.Model, r *sim.Result) { m.Timeline = nil },
		"a round too few":          func(m *sim.Model, r *sim.Result) { r.Timeline[1] = r.Timeline[1][:2] },
		"a pathway too few":        func(m *sim.Model, r *sim.Result) { r.Timeline[0][1] = r.Timeline[0][1][:2] },
		"a package too few":        func(m *sim.Model, r *sim.Result) { r.Timeline = r.Timeline[:1] },
	} {
		t.Run(name, func(t *testing.T) {
			m, r := timelineFixture()
			spoil(m, r)
			var b bytes.Buffer
			if err := WriteTimeline(&b, Run{m, r}); !errors.Is(err, errShape) {
				t.Errorf("error %v, want errShape", err)
			}
		})
	}
}

// TestTimelineMarkNames: a mark whose name the mark column could not give
// back is refused by the writer.
func TestTimelineMarkNames(t *testing.T) {
	for _, name := range []string{"NA", "a;b"} {
		m, r := timelineFixture()
		m.Timeline.Marks[0].Name = name
		var b bytes.Buffer
		if err := WriteTimeline(&b, Run{m, r}); err == nil || !strings.Contains(err.Error(), "would not read back") {
			t.Errorf("mark %q: error %v", name, err)
		}
	}
}

// TestMedianRound checks the median round of first reaching against
// counts worked by hand: the first round whose cumulative count is at
// least half the last.
func TestMedianRound(t *testing.T) {
	tests := []struct {
		name   string
		counts []int64
		round  int
		ok     bool
	}{
		{"no rounds", nil, 0, false},
		{"never reached", []int64{0, 0, 0}, 0, false},
		{"all in the last round", []int64{0, 0, 5}, 3, true},
		{"half in the first", []int64{4, 4, 8}, 1, true},
		{"exactly half by the second", []int64{1, 2, 3, 4}, 2, true},
		{"just short of half until the last", []int64{3, 3, 3, 7}, 4, true},
		// 412 trials by round 3: half is 206, and round 2 has 300.
		{"the fixture's framework", []int64{100, 300, 412}, 2, true},
		{"one round", []int64{9}, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			round, ok := MedianRound(tt.counts)
			if round != tt.round || ok != tt.ok {
				t.Errorf("MedianRound(%v) = %d, %v; want %d, %v", tt.counts, round, ok, tt.round, tt.ok)
			}
		})
	}
}

// driftingModel is fixture's model over rounds weekly rounds from
// 2025-12-20, a mark at round 2, and a factor that lowers Ukraine's and
// Russia's framework reservations by 0.03 a round: the pathways' chances
// grow from round to round, so that rounds are told apart.
func driftingModel(t *testing.T, rounds int) *sim.Model {
	t.Helper()
	m, _ := fixture()
	m.Timeline = &sim.Timeline{Rounds: rounds, Unit: "week", Start: "2025-12-20", Marks: []sim.Mark{{Name: "end_of_year", Round: 2}}}
	param := func(name string, d sim.Dist) int {
		m.Params = append(m.Params, sim.Param{Name: name, Dist: d})
		return len(m.Params) - 1
	}
	value, step := param("factors.drift.value", sim.FixedValue(0)), param("factors.drift.step", sim.FixedValue(1))
	coef := param("factors.drift.effects[0].coef", sim.FixedValue(-0.03))
	m.Factors = []sim.Factor{{ID: "drift", Value: value, Step: step,
		Effects: []sim.Effect{{Party: 0, Coef: coef, Tracks: []int{0}}, {Party: 1, Coef: coef, Tracks: []int{0}}}}}
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestTimelineOfARun: on a run of the engine, timeline.csv's outcomes by
// the last round are pathways.csv's probabilities; with Options.Round 2
// pathways.csv holds the outcomes by round 2, while timeline.csv is the
// same whole; and the manifest records the round reported.
func TestTimelineOfARun(t *testing.T) {
	m := driftingModel(t, 4)
	run := func(round int) *Dir {
		r, err := sim.Run(context.Background(), m, sim.Options{Trials: 20000, Seed: 3, Round: round})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		man := NewManifest("v0.0.0-test")
		man.Scenarios = append(man.Scenarios, NewScenarioRun(m, r, "drift.toml"))
		if err := WriteDir(dir, man, false, Run{m, r}); err != nil {
			t.Fatal(err)
		}
		d, err := ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	last, second := run(0), run(2)
	outcomes := func(d *Dir, round int) []float64 {
		var ps []float64
		for _, row := range d.Timeline {
			if row.Round == round {
				ps = append(ps, row.Outcome)
			}
		}
		return ps
	}
	probabilities := func(d *Dir) []float64 {
		var ps []float64
		for _, row := range d.Pathways {
			ps = append(ps, row.Probability)
		}
		return ps
	}
	if got, want := probabilities(last), outcomes(last, 4); !slices.Equal(got, want) {
		t.Errorf("pathways.csv %v, timeline.csv's outcomes by round 4 %v", got, want)
	}
	if got, want := probabilities(second), outcomes(second, 2); !slices.Equal(got, want) {
		t.Errorf("with round 2, pathways.csv %v, timeline.csv's outcomes by round 2 %v", got, want)
	}
	if slices.Equal(outcomes(last, 2), outcomes(last, 4)) {
		t.Fatal("rounds 2 and 4 have the same outcomes: the test cannot tell them apart")
	}
	if !reflect.DeepEqual(last.Timeline, second.Timeline) {
		t.Error("timeline.csv depends on the round reported")
	}
	if a, b := last.Manifest.Scenarios[0].Round, second.Manifest.Scenarios[0].Round; a != 4 || b != 2 {
		t.Errorf("manifest rounds %d and %d, want 4 and 2", a, b)
	}
	for _, row := range last.Timeline {
		if want := map[int]string{2: "end_of_year"}[row.Round]; strings.Join(row.Marks, ";") != want {
			t.Errorf("round %d marks %q", row.Round, row.Marks)
		}
	}
}
