package report

import (
	"errors"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/results/plot"
)

// sweepDir is a sweep of packages.miami_20_point.troop_cap over three
// values, of which us_28_point, first in its rows, does not move.
func sweepDir() *results.Dir {
	man := results.Manifest{Tool: "peacesim", Version: "9.9.9", Files: []string{"sweep.csv"},
		Scenarios: []results.ScenarioRun{{Scenario: "example", File: "example.toml", Seed: 7, Trials: 1000}},
		Sweep:     &results.Sweep{Vary: []string{"packages.miami_20_point.troop_cap=400:600:100"}, Points: 3}}
	d := &results.Dir{Path: "out/sweep", Manifest: man, Files: man.Files, SweepKeys: []string{"packages.miami_20_point.troop_cap"}}
	for point, v := range []string{"400", "500", "600"} {
		for _, pkg := range []string{"us_28_point", "miami_20_point"} {
			p := 0.05
			if pkg == "miami_20_point" {
				p = 0.1 * float64(point+1)
			}
			d.Sweep = append(d.Sweep, results.SweepRow{Scenario: "example", Point: point, Values: []string{v}, Package: pkg,
				Pathway: "framework_agreement", Probability: p, CILow: p - 0.01, CIHigh: p + 0.01, Trials: 1000, Seed: 7})
		}
	}
	return d
}

// tornadoDir is a tornado of two packages, the second swung further.
func tornadoDir() *results.Dir {
	man := results.Manifest{Tool: "peacesim", Version: "9.9.9", Files: []string{results.TornadoFile},
		Scenarios:   []results.ScenarioRun{{Scenario: "example", File: "example.toml", Seed: 7, Trials: 1000}},
		Sensitivity: &results.Sensitivity{Range: [2]float64{10, 90}, Inputs: []string{"a", "b"}}}
	d := &results.Dir{Path: "out/sens", Manifest: man, Files: man.Files}
	for k, pkg := range []string{"calm", "stirred"} {
		for i, in := range []string{"a", "b"} {
			swing := 0.01 * float64(i+1) * float64(1+9*k)
			d.Tornado = append(d.Tornado, results.TornadoRow{Scenario: "example", Package: pkg, Pathway: "framework_agreement", Input: in,
				Low: 0, High: 1, PBase: 0.3, PLow: 0.3 - swing/2, PHigh: 0.3 + swing/2, Swing: swing, SwingLow: swing - 0.01, SwingHigh: swing + 0.01,
				Trials: 1000, Seed: 7})
		}
	}
	return d
}

// TestSectionPackage: a section's chart or table of one package shows the
// package its study is about and says why, or the one asked for.
func TestSectionPackage(t *testing.T) {
	tests := []struct {
		name     string
		d        *results.Dir
		packages []string
		want     []string
		not      []string
	}{
		{"a sweep", sweepDir(), nil, []string{
			"<caption>Probability of each pathway for miami_20_point at each point of the sweep",
			"It shows miami_20_point, the package the sweep varies; report --packages chooses another. The other packages (us_28_point) are in out/sweep/sweep.csv.",
		}, []string{"for us_28_point at each point"}},
		{"a sweep, another package asked for", sweepDir(), []string{"us_28_point"}, []string{
			"<caption>Probability of each pathway for us_28_point at each point of the sweep",
			"The other packages (miami_20_point) are in out/sweep/sweep.csv.",
		}, []string{"It shows"}},
		{"a tornado", tornadoDir(), nil, []string{
			"<caption>Tornado of stirred → framework_agreement",
			"It shows stirred, the package whose probability of framework_agreement the inputs swing most (by 20.0 points); report --packages chooses another.",
		}, []string{"Tornado of calm"}},
		{"a tornado, another package asked for", tornadoDir(), []string{"calm"}, []string{"<caption>Tornado of calm → framework_agreement"}, []string{"It shows"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := render(t, []*results.Dir{tt.d}, Options{Packages: tt.packages})
			for _, w := range tt.want {
				if !strings.Contains(page, w) {
					t.Errorf("the page lacks %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(page, n) {
					t.Errorf("the page holds %q", n)
				}
			}
		})
	}
}

// TestReportPackages: --packages chooses the rows of the pathway tables
// and the packages of the charts, in its order, and names no package the
// directories lack.
func TestReportPackages(t *testing.T) {
	page := render(t, []*results.Dir{runDir()}, Options{Packages: []string{"plan_b"}})
	summary := between(t, page, `<section id="summary"`, "</section>")
	if !strings.Contains(summary, `<th scope="row">plan_b</th>`) || strings.Contains(summary, `<th scope="row">plan_a</th>`) {
		t.Error("the opening table is not of plan_b alone")
	}
	if !strings.Contains(page, "peacesim plot out/run -o run-run.svg --packages plan_b") {
		t.Error("the run's figure is not redrawn with --packages plan_b")
	}
	err := Write(&strings.Builder{}, []*results.Dir{runDir(), sweepDir()}, Options{Packages: []string{"plan_c"}})
	var unknown *plot.UnknownError
	if !errors.As(err, &unknown) || unknown.Name != "plan_c" || strings.Join(unknown.Known, ",") != "plan_a,plan_b,us_28_point,miami_20_point" {
		t.Errorf("a package no directory holds: %v, want an UnknownError with the packages of both", err)
	}
}
