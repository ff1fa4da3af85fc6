package plot

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/peacesim/peacesim/results"
)

// The timelines of testdata/: timeline is cmd/peacesim/testdata/timeline.toml
// (12 weekly rounds from 2025-12-20, marks end_of_year = 2 and spring =
// 10, two packages); timeline_default the default scenario's 26 weekly
// rounds for three of its packages, one of which puts the framework on the
// table in round 5.

// TestTimelineLines: a panel per package, a line per pathway but the
// fallback, a point per round; --pathway one panel of a line per package,
// the fallback too when asked for; --packages the panels asked for.
func TestTimelineLines(t *testing.T) {
	tests := []struct {
		name          string
		dir           string
		opts          Options
		panels, names []string
		rounds        int
	}{
		{"a panel per package", "timeline", Options{},
			[]string{"us_28_point", "revised_20_point"}, []string{"framework_agreement", "humanitarian_ceasefire"}, 12},
		{"the default scenario", "timeline_default", Options{},
			[]string{"us_28_point", "miami_20_point", "miami_20_point_humanitarian_first"}, []string{"framework_agreement", "humanitarian_ceasefire"}, 26},
		{"one package", "timeline_default", Options{Packages: []string{"miami_20_point_humanitarian_first"}},
			[]string{"miami_20_point_humanitarian_first"}, []string{"framework_agreement", "humanitarian_ceasefire"}, 26},
		{"one pathway over the packages", "timeline_default", Options{Pathway: "framework_agreement"},
			[]string{""}, []string{"us_28_point", "miami_20_point", "miami_20_point_humanitarian_first"}, 26},
		{"one pathway, packages in the order asked", "timeline", Options{Pathway: "humanitarian_ceasefire", Packages: []string{"revised_20_point", "us_28_point"}},
			[]string{""}, []string{"revised_20_point", "us_28_point"}, 12},
		{"the fallback asked for", "timeline", Options{Pathway: "talks_collapse"},
			[]string{""}, []string{"us_28_point", "revised_20_point"}, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := timelineOf(read(t, tt.dir), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(s.panels, tt.panels) || !slices.Equal(s.names, tt.names) {
				t.Errorf("panels %q, lines %q; want %q and %q", s.panels, s.names, tt.panels, tt.names)
			}
			for i, ls := range s.series {
				for j, l := range ls {
					if len(l.pts) != tt.rounds {
						t.Errorf("panel %d, line %s: %d points, want one a round (%d)", i, s.names[j], len(l.pts), tt.rounds)
					}
					for k := 1; k < len(l.pts); k++ {
						if l.pts[k].x != float64(k+1) || l.pts[k].p < l.pts[k-1].p {
							t.Errorf("panel %d, line %s: point %d at %v of %v, want round %d and no fall", i, s.names[j], k, l.pts[k].x, l.pts[k].p, k+1)
						}
					}
				}
			}
			if len(s.axes) != len(s.panels) || s.axes[0].rounds != tt.rounds {
				t.Errorf("%d axes of %d rounds, want one a panel of %d", len(s.axes), s.axes[0].rounds, tt.rounds)
			}
		})
	}
}

// TestTimelineChart: a run over a timeline draws it by default, and its
// bars with --chart run; the title and caption say what the curves are
// and where they come from, and the fallback is left out, said so.
func TestTimelineChart(t *testing.T) {
	d := read(t, "timeline")
	if got, want := Charts(d), []string{"timeline", "run"}; !slices.Equal(got, want) {
		t.Errorf("Charts = %q, want %q", got, want)
	}
	c, err := New(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Kind() != Timeline || c.Kind().String() != "timeline" {
		t.Errorf("the default chart is a %v, want a timeline", c.Kind())
	}
	for _, want := range []string{"example-timeline", "2,000 trials", "seed 20251220", "reached the pathway in some round up to this one (cumulative)",
		"95% Wilson intervals", "not drawn: talks_collapse, the fallback, reached in every trial"} {
		if !strings.Contains(c.fig.caption, want) {
			t.Errorf("caption %q lacks %q", c.fig.caption, want)
		}
	}
	if want := "Probability of reaching each pathway by the round"; c.fig.title != want {
		t.Errorf("title %q, want %q", c.fig.title, want)
	}
	if run, err := New(d, Options{Chart: "run"}); err != nil || run.Kind() != Run {
		t.Errorf("--chart run: %v, %v; want the run's bars", run, err)
	}

	one, err := New(d, Options{Pathway: "framework_agreement"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Probability of reaching framework_agreement by the round, by package"; one.fig.title != want {
		t.Errorf("title %q, want %q", one.fig.title, want)
	}
	// Both packages' lines lie on the axis: the caption names them.
	if want := "never reached: us_28_point, revised_20_point"; !strings.Contains(one.fig.caption, want) || strings.Contains(one.fig.caption, "not drawn") {
		t.Errorf("caption %q: want %q, and no word of the fallback", one.fig.caption, want)
	}

	// A run of a timeline in a batch with a scenario without one draws its
	// bars first: the timeline would leave that scenario's packages out.
	mixed := *d
	mixed.Manifest.Scenarios = append(slices.Clone(d.Manifest.Scenarios), results.ScenarioRun{Scenario: "one-shot", Trials: 2000, Seed: 20251220})
	if got, want := Charts(&mixed), []string{"run", "timeline"}; !slices.Equal(got, want) {
		t.Errorf("a batch with a scenario without a timeline: Charts = %q, want %q", got, want)
	}
}

// TestTimelineAxis: the x axis is in dates where the rounds have them,
// labelled a month apart over the default scenario's half year (less
// often in a narrow panel), the year under the first label and January;
// in round numbers where they have none; its labels never overlap.
func TestTimelineAxis(t *testing.T) {
	d := read(t, "timeline_default")
	s, err := timelineOf(d, Options{Packages: []string{"us_28_point"}})
	if err != nil {
		t.Fatal(err)
	}
	labels := func(ax timeAxis, width vg.Length) ([]string, *plot.Axis) {
		a := &newPlot().X
		ax.axis(a, width)
		var out []string
		for _, tk := range a.Tick.Marker.Ticks(a.Min, a.Max) {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out, a
	}
	tests := []struct {
		name  string
		width vg.Length
		want  []string
	}{
		{"one panel", 14 * vg.Centimeter, []string{"Jan\n2026", "Feb", "Mar", "Apr", "May", "Jun"}},
		{"a third of the figure", 3 * vg.Centimeter, []string{"Jan\n2026", "Mar", "May"}},
	}
	for _, tt := range tests {
		got, a := labels(s.axes[0], tt.width)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: labels %q, want %q", tt.name, got, tt.want)
		}
		var labelled []plot.Tick
		for _, tk := range a.Tick.Marker.Ticks(a.Min, a.Max) {
			if tk.Label != "" {
				labelled = append(labelled, tk)
			}
		}
		if !labelsFit(a, tt.width, labelled) {
			t.Errorf("%s: the labels overlap", tt.name)
		}
		if a.Min >= 1 || a.Max <= 26 {
			t.Errorf("%s: the axis runs from %v to %v, want rounds 1 to 26 within it", tt.name, a.Min, a.Max)
		}
	}
	// 1 January 2026 is 12 days after round 1 (20 December), 5 before
	// round 3 (3 January).
	if at := s.axes[0].at(s.axes[0].dates[0].AddDate(0, 0, 12)); at != 1+12.0/7 {
		t.Errorf("1 January at %v, want %v", at, 1+12.0/7)
	}
	if want := "date (a round a week, round 1 on 20 December 2025)"; s.xlabel != want {
		t.Errorf("x label %q, want %q", s.xlabel, want)
	}

	// Days: the month where it starts and changes.
	days := timeAxis{rounds: 14}
	for r := range 14 {
		days.dates = append(days.dates, s.axes[0].dates[0].AddDate(0, 0, r))
	}
	if got, _ := labels(days, 12*vg.Centimeter); !slices.Equal(got, []string{"20 Dec\n2025", "22", "24", "26", "28", "30", "1 Jan\n2026"}) {
		t.Errorf("days: labels %q", got)
	}

	// Without a start: round numbers.
	undated := slices.Clone(d.Timeline)
	for i := range undated {
		undated[i].Date = ""
	}
	ax := timeAxisOf(undated)
	if ax.dates != nil {
		t.Errorf("dates %v of rounds without any", ax.dates)
	}
	if got, _ := labels(ax, 14*vg.Centimeter); !slices.Equal(got, []string{"1", "5", "10", "15", "20", "25"}) {
		t.Errorf("rounds: labels %q", got)
	}
	if got := roundLabel(d, []timeAxis{ax}); got != "round (a week each)" {
		t.Errorf("x label %q, want round (a week each)", got)
	}
}

// TestTimelineMarks: each mark is a rule at its round, named; a panel of
// each package has them all.
func TestTimelineMarks(t *testing.T) {
	s, err := timelineOf(read(t, "timeline"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := markRules{{x: 2, label: "end_of_year"}, {x: 10, label: "spring"}}
	for i := range s.panels {
		over := s.over(i)
		if len(over) != 1 || !slices.Equal(over[0].(markRules), want) {
			t.Errorf("panel %d: marks %v, want %v", i, over, want)
		}
	}
	// Room above the highest tick for their names, and no tick there.
	a := &newPlot().Y
	s.yaxis(a)
	ticks := a.Tick.Marker.Ticks(a.Min, a.Max)
	if top := ticks[len(ticks)-1]; a.Max <= 1 || top.Value != 1 || top.Label != "100%" {
		t.Errorf("y axis up to %v, its last tick %+v; want room above 100%%, its last label", a.Max, top)
	}
}

// TestTimelineRender draws the timeline charts and finds each line's band
// and line in the PNG, the legend aside.
func TestTimelineRender(t *testing.T) {
	tests := []struct {
		name string
		dir  string
		opts Options
		// colours are the indices of the colours drawn.
		colours []int
	}{
		{"a panel per package", "timeline_default", Options{}, []int{0, 1}},
		{"one pathway over the packages", "timeline_default", Options{Pathway: "framework_agreement"}, []int{0, 1, 2}},
		{"the test scenario", "timeline", Options{}, []int{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, img := render(t, read(t, tt.dir), tt.opts)
			if c.Kind() != Timeline {
				t.Errorf("kind %v, want a timeline", c.Kind())
			}
			if b := img.Bounds(); b.Dx() != wantW || b.Dy() != wantH {
				t.Errorf("the PNG is %d × %d pixels, want %d × %d", b.Dx(), b.Dy(), wantW, wantH)
			}
			c.fig.legend = nil
			counts := census(encodePNG(t, c))
			// After round 5 two of the packages' lines of framework_agreement
			// are close: the one under shows a little.
			for _, i := range tt.colours {
				if n := near(counts, rgbOf(pathwayColor(i)), 8); n < 50 {
					t.Errorf("colour %d: %d pixels of its line", i, n)
				}
			}
			// The rules of the marks.
			if n := counts[rgb{0x55, 0x55, 0x55}]; n < 20 {
				t.Errorf("%d pixels of the marks' rules", n)
			}
		})
	}
}

// TestTimelineFallbacks: a scenario's last pathway is its fallback when
// every trial reaches it in every round, and only then.
func TestTimelineFallbacks(t *testing.T) {
	d := read(t, "timeline")
	if got := TimelineFallbacks(d.Timeline); !slices.Equal(got, []string{"talks_collapse"}) {
		t.Errorf("fallbacks %q, want talks_collapse", got)
	}
	rows := slices.Clone(d.Timeline)
	rows[len(rows)-1].ReachedCount--
	if got := TimelineFallbacks(rows); len(got) != 0 {
		t.Errorf("a last pathway not reached in one trial of one round: fallbacks %q, want none", got)
	}
	// A table of the fallback alone has nothing to draw but it.
	only := *d
	only.Timeline = slices.DeleteFunc(slices.Clone(d.Timeline), func(r results.TimelineRow) bool { return r.Pathway != "talks_collapse" })
	if _, err := New(&only, Options{}); !errors.Is(err, ErrNothing) || !strings.Contains(err.Error(), "--pathway talks_collapse") {
		t.Errorf("only the fallback: %v, want ErrNothing that says --pathway draws it", err)
	}
	if _, err := New(&only, Options{Pathway: "talks_collapse"}); err != nil {
		t.Errorf("only the fallback, asked for: %v", err)
	}
}

// TestHiddenLines: lines on the axis and lines one over the other are
// named, so that a reader who counts fewer lines than the legend knows
// why.
func TestHiddenLines(t *testing.T) {
	pts := func(ps ...float64) *line {
		l := &line{}
		for i, p := range ps {
			l.pts = append(l.pts, point{x: float64(i + 1), p: p})
		}
		return l
	}
	got := hiddenLines([]string{"a", "b", "c", "d", "e"}, []*line{pts(0, 0), pts(0.1, 0.2), pts(0, 0), pts(0.1, 0.2), pts(0.1, 0.3)})
	if want := " · never reached: a, c · the same in every round, one line over the other: b = d"; got != want {
		t.Errorf("hiddenLines = %q\nwant            %q", got, want)
	}
	if got := hiddenLines([]string{"a", "b"}, []*line{pts(0.1), pts(0.2)}); got != "" {
		t.Errorf("lines apart: %q, want nothing", got)
	}
}

// TestTimelineBatch: a batch's panels are "scenario: package", each on
// the axis of its own timeline.
func TestTimelineBatch(t *testing.T) {
	a, b := read(t, "timeline"), read(t, "timeline_default")
	d := &results.Dir{Path: "batch", Files: []string{"pathways.csv", results.TimelineFile},
		Manifest: results.Manifest{Scenarios: append(slices.Clone(a.Manifest.Scenarios), b.Manifest.Scenarios...)},
		Timeline: append(slices.Clone(a.Timeline), b.Timeline...)}
	s, err := timelineOf(d, Options{Packages: []string{"us_28_point"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"example-timeline: us_28_point", "miami-2025: us_28_point"}; !slices.Equal(s.panels, want) {
		t.Errorf("panels %q, want %q", s.panels, want)
	}
	if s.axes[0].rounds != 12 || s.axes[1].rounds != 26 || len(s.axes[0].marks) != 2 || len(s.axes[1].marks) != 1 {
		t.Errorf("axes of %d and %d rounds, %d and %d marks; want each its timeline's", s.axes[0].rounds, s.axes[1].rounds,
			len(s.axes[0].marks), len(s.axes[1].marks))
	}
	one, err := timelineOf(d, Options{Packages: []string{"us_28_point"}, Pathway: "humanitarian_ceasefire"})
	if err != nil {
		t.Fatal(err)
	}
	if one.axes[0].rounds != 26 || one.axes[0].dates == nil {
		t.Errorf("one panel of both: an axis of %d rounds, dated %v; want the longer, dated", one.axes[0].rounds, one.axes[0].dates != nil)
	}
	if c := lineColors(one.names, firstSeen(d.Timeline, func(r results.TimelineRow) string { return r.Scenario + ": " + r.Package })); rgbOf(c[0]) == rgbOf(c[1]) {
		t.Errorf("the two packages' lines share a colour")
	}
}
