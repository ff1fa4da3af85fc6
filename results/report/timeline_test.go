package report

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/results"
)

// readDir reads a results directory of the plot package's testdata/.
func readDir(t *testing.T, name string) *results.Dir {
	t.Helper()
	d, err := results.ReadDir("../plot/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestTimelineSection: the section of a run over a timeline has the
// run's bars (drawn by --chart run, the timeline being its default
// chart), the talks over time and a table of each pathway by each mark,
// the fallback left out, and says which round its other tables are the
// outcomes by; a run without a timeline has none of it.
func TestTimelineSection(t *testing.T) {
	tests := []struct {
		name     string
		dir      string
		charts   int
		timeline bool
		plots    []string
	}{
		{"a run over a timeline", "timeline", 2, true, []string{
			"peacesim plot ../plot/testdata/timeline -o timeline-run.svg --chart run",
			"peacesim plot ../plot/testdata/timeline -o timeline-timeline.svg"}},
		{"a run without one", "run", 1, false, []string{"peacesim plot ../plot/testdata/run -o run-run.svg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := render(t, []*results.Dir{readDir(t, tt.dir)}, Options{})
			checkPage(t, page)
			section := between(t, page, `<section id="run-1"`, "</section>")
			if n := strings.Count(section, "<svg"); n != tt.charts {
				t.Errorf("%d charts, want %d", n, tt.charts)
			}
			for _, want := range []string{
				"Line chart, a panel per package (2): the share of trials that reached each pathway by each round, rounds 1 to 12 (2025-12-20 to 2026-03-07)",
				"Marks: end_of_year at round 2; spring at round 10.",
				"talks_collapse, the fallback, is reached in every trial and not drawn.",
				"Each pathway reached by each mark and by the last round (cumulative)",
				`<th scope="col" class="num">By end_of_year (round 2, 2025-12-27)</th>`,
				`<th scope="col" class="num">By the last round (round 12, 2026-03-07)</th>`,
				"The pathway and acceptance tables of example-timeline are the outcomes by its last round, 12 (2026-03-07).",
			} {
				if got := strings.Contains(section, want); got != tt.timeline {
					t.Errorf("the section holds %q: %v, want %v", want, got, tt.timeline)
				}
			}
			if tt.timeline {
				table := between(t, section, "Each pathway reached by each mark", "</table>")
				if strings.Contains(table, "talks_collapse") || strings.Count(table, "<tr>") != 1+4 {
					t.Errorf("the table of the talks over time is not of two packages × two pathways, the fallback left out:\n%s", table)
				}
				if !regexp.MustCompile(`<th scope="row">revised_20_point</th><th scope="row">humanitarian_ceasefire</th><td class="num">[0-9.]+% \([0-9.]+–[0-9.]+%\)</td>`).MatchString(table) {
					t.Errorf("no row of revised_20_point's humanitarian_ceasefire with its interval:\n%s", table)
				}
			}
			reproduce := between(t, page, `<section id="reproduce"`, "</section>")
			for _, p := range tt.plots {
				if !strings.Contains(reproduce, p+"\n") && !strings.Contains(reproduce, p+"<") {
					t.Errorf("the commands lack %q:\n%s", p, reproduce)
				}
			}
		})
	}
}

// TestTimelineSectionRound: a run reported by a round before its last
// (run --round) says so, and its command gives that --round.
func TestTimelineSectionRound(t *testing.T) {
	d := readDir(t, "timeline")
	d.Manifest.Scenarios[0].Round = 2
	page := render(t, []*results.Dir{d}, Options{})
	want := "The pathway and acceptance tables of example-timeline are the outcomes by round 2 of 12 (end_of_year, 2025-12-27), as --round chose"
	if !strings.Contains(page, want) {
		t.Errorf("the page does not say %q", want)
	}
	if want := "peacesim run timeline.toml --trials 2000 --seed 20251220 --round 2 -o ../plot/testdata/timeline"; !strings.Contains(page, want) {
		t.Errorf("the page lacks the command %q", want)
	}
}

// TestCommandRound: --round is given when a scenario over a timeline was
// reported by a round before its last: the round, or in a batch whose
// scenarios were reported by different rounds the mark they share there;
// none by the last round, or without a timeline.
func TestCommandRound(t *testing.T) {
	timeline := func(rounds int, marks ...results.TimelineMark) *results.Timeline {
		return &results.Timeline{Rounds: rounds, Unit: "week", Marks: marks}
	}
	eoy := func(r int) results.TimelineMark { return results.TimelineMark{Name: "end_of_year", Round: r} }
	tests := []struct {
		name string
		runs []results.ScenarioRun
		want []string
	}{
		{"no timeline", []results.ScenarioRun{{Scenario: "a"}}, nil},
		{"the last round", []results.ScenarioRun{{Scenario: "a", Round: 12, Timeline: timeline(12, eoy(2))}}, nil},
		{"an earlier round", []results.ScenarioRun{{Scenario: "a", Round: 2, Timeline: timeline(12, eoy(2))}}, []string{"--round", "2"}},
		{"a batch, one round", []results.ScenarioRun{{Scenario: "a", Round: 3, Timeline: timeline(12)}, {Scenario: "b", Round: 3, Timeline: timeline(26)}},
			[]string{"--round", "3"}},
		{"a batch, a mark at two rounds", []results.ScenarioRun{{Scenario: "a", Round: 2, Timeline: timeline(12, eoy(2))},
			{Scenario: "b", Round: 3, Timeline: timeline(26, eoy(3))}}, []string{"--round", "end_of_year"}},
		{"a batch, rounds no flag names", []results.ScenarioRun{{Scenario: "a", Round: 2, Timeline: timeline(12)},
			{Scenario: "b", Round: 3, Timeline: timeline(26)}}, nil},
	}
	for _, tt := range tests {
		if got := roundFlag(tt.runs); !slices.Equal(got, tt.want) {
			t.Errorf("%s: roundFlag = %q, want %q", tt.name, got, tt.want)
		}
	}
	d := runDir()
	d.Manifest.Scenarios = tests[len(tests)-1].runs
	if notes := commandNotes(d); !slices.ContainsFunc(notes, func(n string) bool { return strings.Contains(n, "no one --round names") }) {
		t.Errorf("notes %q do not say that no --round reproduces the batch", notes)
	}
}
