package plot

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/results"
)

// sweepOf is a sweep over two keys on a 2 × 2 grid of each package's
// probabilities of one pathway, the packages in the order given.
func sweepOf(keys []string, probs map[string][4]float64, order ...string) *results.Dir {
	d := &results.Dir{Path: "sweep", Files: []string{"sweep.csv"}, SweepKeys: keys,
		Manifest: results.Manifest{Sweep: &results.Sweep{Points: 4}}}
	for _, k := range keys {
		d.Manifest.Sweep.Vary = append(d.Manifest.Sweep.Vary, k+"=0:1:1")
	}
	for point := range 4 {
		for _, pkg := range order {
			p := probs[pkg][point]
			d.Sweep = append(d.Sweep, results.SweepRow{Scenario: "s", Point: point, Values: []string{[]string{"0", "1"}[point%2], []string{"0", "1"}[point/2]},
				Package: pkg, Pathway: "framework_agreement", Probability: p, CILow: p - 0.01, CIHigh: p + 0.01, Trials: 1000, Seed: 1})
		}
	}
	return d
}

// TestDefaultPackage: a chart of one package shows, unless asked, the
// package the study is about: the one a sweep varies, else the one it
// moves most; and its caption says which and why.
func TestDefaultPackage(t *testing.T) {
	flat := [4]float64{0.30, 0.30, 0.31, 0.30}
	moved := [4]float64{0.10, 0.20, 0.30, 0.45}
	// sweep_two varies packages.miami_20_point.donbas_withdrawal, with
	// us_28_point first in its rows.
	varied := read(t, "sweep_two")
	slices.SortStableFunc(varied.Sweep, func(a, b results.SweepRow) int { return -cmp.Compare(a.Package, b.Package) })
	tornado := read(t, "sensitivity")
	// us_28_point's inputs swing it further than miami_20_point's, the
	// first package of tornado.csv.
	for i, r := range tornado.Tornado {
		if r.Package == "us_28_point" {
			tornado.Tornado[i].Swing += 0.5
		}
	}
	tests := []struct {
		name     string
		d        *results.Dir
		opts     Options
		pkg, why string
	}{
		{"a sweep of one package's keys", varied, Options{}, "miami_20_point", "the package the sweep varies"},
		{"a sweep of one package's keys, another asked for", varied, Options{Packages: []string{"us_28_point"}}, "us_28_point", ""},
		{"a sweep of no package's keys", sweepOf([]string{"parties.russia.reservation.framework", "factors.x.value"},
			map[string][4]float64{"flat": flat, "moved": moved}, "flat", "moved"), Options{},
			"moved", "the package whose probability of framework_agreement moves most over the sweep (by 35.0 points)"},
		{"a sweep of two packages' keys", sweepOf([]string{"packages.flat.x", "packages.moved.y"},
			map[string][4]float64{"flat": flat, "moved": moved, "other": {0, 1, 0, 1}}, "other", "flat", "moved"), Options{},
			"moved", "of the packages the sweep varies, the one whose probability of framework_agreement moves most over the sweep (by 35.0 points)"},
		{"a tornado", tornado, Options{}, "us_28_point", "the package whose probability of framework_agreement the inputs swing most"},
		{"a tornado of another pathway", tornado, Options{Pathway: "talks_collapse"}, "us_28_point", "of talks_collapse the inputs swing most"},
		// The fixture's us_28_point, second in sobol.csv, has the largest
		// total index.
		{"Sobol indices", read(t, "sensitivity"), Options{Chart: "sobol"}, "us_28_point", "the package with the largest total Sobol index of framework_agreement (0.49)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.d, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(c.fig.title, tt.pkg) {
				t.Errorf("title %q, want it of %s", c.fig.title, tt.pkg)
			}
			_, shownLine, _ := strings.Cut(c.fig.caption, "\nshown: ")
			shown := strings.HasPrefix(shownLine, tt.pkg+", ") && strings.Contains(shownLine, tt.why)
			if tt.why != "" && !shown || tt.why == "" && strings.Contains(c.fig.caption, "shown: ") {
				t.Errorf("caption %q, want it to say %q", c.fig.caption, tt.why)
			}
		})
	}
}

// TestDefaultPackageSobol: the package of the largest total index of the
// pathway asked for, not the first of sobol.csv; none for a chart of every
// package.
func TestDefaultPackageSobol(t *testing.T) {
	d := read(t, "sensitivity")
	for i, r := range d.Sobol {
		if r.Package == "russia_june_2024" && r.Pathway == "talks_collapse" {
			d.Sobol[i].Total = 0.99
		}
	}
	pkg, why := DefaultPackage(d, "sobol", "talks_collapse")
	if pkg != "russia_june_2024" || why != "the package with the largest total Sobol index of talks_collapse (0.99)" {
		t.Errorf("DefaultPackage = %s, %q; want russia_june_2024, for its total index", pkg, why)
	}
	if pkg, why := DefaultPackage(read(t, "run"), "run", ""); pkg != "" || why != "" {
		t.Errorf("DefaultPackage of a run = %s, %q; want none: a run's chart shows every package", pkg, why)
	}
}
