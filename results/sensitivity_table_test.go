package results

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/sensitivity"
	"github.com/peacesim/peacesim/study/sensitivity/prim"
	"github.com/peacesim/peacesim/study/sensitivity/sobol"
)

// sensitivityAnalysis is a hand-made analysis of the fixture's model: two
// units, a key path and a group of two (whose value is undefined), on 1000
// trials; the tornado of each unit for the first package and each pathway,
// largest swing first, and Sobol indices undefined on the last pathway.
func sensitivityAnalysis(tornado, withSobol bool) *sensitivity.Analysis {
	units := []sensitivity.Unit{{Name: "parties.russia.reservation.framework", Inputs: []int{0}}, {Name: "security", Inputs: []int{1, 2}}}
	o := sensitivity.AnalysisOptions{Groups: []sensitivity.Group{{Name: "security", Keys: []string{"a.b", "c.d"}}},
		Tornado: tornado, Range: [2]float64{10, 90}}
	a := &sensitivity.Analysis{Plan: &sensitivity.Plan{Options: o, Units: units, Fixable: 2}, Trials: 1000, Seed: 7}
	p := func(n int64) sim.Proportion { return sim.NewProportion(n, 1000) }
	if tornado {
		a.Tornado = &sensitivity.TornadoResult{Trials: 1000, Reached: true}
		for w, base := range []int64{412, 301, 287} {
			a.Tornado.Swings = append(a.Tornado.Swings,
				sensitivity.Swing{Unit: 1, Pathway: w, Low: math.NaN(), High: math.NaN(), Base: p(base), PLow: p(base + 200), PHigh: p(base - 200),
					Diff: sim.NewPairedDifference(base-200, 0, 400, 1000-base-200)},
				sensitivity.Swing{Unit: 0, Pathway: w, Low: -0.02, High: 12500, Base: p(base), PLow: p(base), PHigh: p(base),
					Diff: sim.NewPairedDifference(base, 0, 0, 1000-base)})
		}
	}
	if withSobol {
		o.Samples, o.Bootstrap = 256, 10
		a.Options = o
		a.Sobol = &sensitivity.SobolResult{Evaluations: 256 * 4}
		nan := math.NaN()
		for w := range 3 {
			for u, e := range []sobol.Estimate{{First: 0.004, FirstLow: -0.03, FirstHigh: 0.05, Total: 0.02, TotalLow: 0, TotalHigh: 0.07},
				{First: 0.61, FirstLow: 0.5, FirstHigh: 0.7, Total: 0.9, TotalLow: 0.8, TotalHigh: 1.02}} {
				if w == 2 {
					e = sobol.Estimate{First: nan, FirstLow: nan, FirstHigh: nan, Total: nan, TotalLow: nan, TotalHigh: nan}
				}
				a.Sobol.Indices = append(a.Sobol.Indices, sensitivity.SobolIndices{Unit: u, Pathway: w, Estimate: e})
			}
		}
	}
	a.Evaluations = a.Plan.Evaluations(a.Trials)
	return a
}

// TestNewSensitivityTables: the rows of the pathways reported only, in
// the analysis's order, each naming its unit, with the trials, samples and
// seed; the manifest's record holds the units, groups and design.
func TestNewSensitivityTables(t *testing.T) {
	m, _ := fixture()
	a := sensitivityAnalysis(true, true)
	tb := NewSensitivityTables(m, a, []int{0, 2})
	want := Sensitivity{Packages: []string{"us_28_point", "revised_20_point"}, Inputs: []string{"parties.russia.reservation.framework", "security"},
		Groups: []Group{{Name: "security", Keys: []string{"a.b", "c.d"}}}, Range: [2]float64{10, 90}, Samples: 256, Bootstrap: 10,
		Evaluations: sensitivity.TornadoEvaluations(2, 1000) + sensitivity.SobolEvaluations(2, 256)}
	if !reflect.DeepEqual(tb.Sensitivity, want) {
		t.Errorf("manifest record %+v, want %+v", tb.Sensitivity, want)
	}
	if len(tb.Tornado) != 4 || len(tb.Sobol) != 4 {
		t.Fatalf("%d tornado rows, %d Sobol rows: want 4 each, of pathways 0 and 2", len(tb.Tornado), len(tb.Sobol))
	}
	r := tb.Tornado[0]
	if r.Input != "security" || r.Pathway != "framework_agreement" || r.Package != "us_28_point" || r.PLow != 0.612 || r.Swing != -0.4 || r.Trials != 1000 || r.Seed != 7 {
		t.Errorf("first tornado row %+v", r)
	}
	if tb.Tornado[2].Pathway != "talks_collapse" || tb.Sobol[2].Pathway != "talks_collapse" {
		t.Errorf("rows of pathways %s and %s: want the humanitarian ceasefire left out", tb.Tornado[2].Pathway, tb.Sobol[2].Pathway)
	}
	if s := tb.Sobol[1]; s.Input != "security" || s.FirstOrder != 0.61 || s.Trials != 1024 || s.Samples != 256 {
		t.Errorf("second Sobol row %+v", s)
	}
	if !reflect.DeepEqual(tb.Files, []string{TornadoFile, SobolFile, manifestName}) || tb.Shortfall() != "" {
		t.Errorf("files %q, shortfall %q", tb.Files, tb.Shortfall())
	}
	var buf bytes.Buffer
	if err := tb.WriteCSV(&buf, TrajectoryFile); err == nil {
		t.Error("a sensitivity analysis wrote trajectory.csv")
	}

	sobolOnly := NewSensitivityTables(m, sensitivityAnalysis(false, true), []int{0})
	if sobolOnly.Tornado != nil || !reflect.DeepEqual(sobolOnly.Files, []string{SobolFile, manifestName}) {
		t.Errorf("Sobol alone: %d tornado rows, files %q", len(sobolOnly.Tornado), sobolOnly.Files)
	}
	if err := sobolOnly.WriteCSV(&buf, TornadoFile); err == nil {
		t.Error("an analysis without a tornado wrote tornado.csv")
	}

	short := sensitivityAnalysis(true, false)
	short.Options.Precision, short.Tornado.Reached = 0.001, false
	if got, want := NewSensitivityTables(m, short, []int{0}).Shortfall(), "fixture: --precision 0.001 not reached in 1000 trials (--max-trials)"; got != want {
		t.Errorf("Shortfall() = %q, want %q", got, want)
	}
}

// TestWriteSensitivityTable: the summaries with a tornado and Sobol
// indices, with a tornado alone, and with Sobol indices alone (ranked by
// total index, undefined last), against their golden files.
func TestWriteSensitivityTable(t *testing.T) {
	m, _ := fixture()
	for _, tt := range []struct {
		name           string
		tornado, sobol bool
	}{
		{"sensitivity_table", true, true},
		{"sensitivity_tornado_table", true, false},
		{"sensitivity_sobol_table", false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteSensitivityTable(&buf, NewSensitivityTables(m, sensitivityAnalysis(tt.tornado, tt.sobol), []int{0, 1, 2}), 2); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.name+".txt", buf.Bytes())
		})
	}
}

// TestSensitivityPlan: what an analysis will cost, with a precision at
// most.
func TestSensitivityPlan(t *testing.T) {
	p := &sensitivity.Plan{Options: sensitivity.AnalysisOptions{Tornado: true, Samples: 256}, Units: make([]sensitivity.Unit, 3), Fixable: 2}
	if got, want := SensitivityPlan(p, 1000), "3 inputs: tornado of 2 × 2 variants + 1 on 1000 trials, Sobol on 256 base samples: 6280 model evaluations"; got != want {
		t.Errorf("SensitivityPlan = %q, want %q", got, want)
	}
	p.Options = sensitivity.AnalysisOptions{Tornado: true, Precision: 0.01, MaxTrials: 5000}
	if got, want := SensitivityPlan(p, 1000), "3 inputs: tornado of 2 × 2 variants + 1 on up to 5000 trials (--precision): 25000 model evaluations at most"; got != want {
		t.Errorf("SensitivityPlan = %q, want %q", got, want)
	}
	p.Options = sensitivity.AnalysisOptions{Samples: 256}
	if got, want := SensitivityPlan(p, 1000), "3 inputs: Sobol on 256 base samples: 1280 model evaluations"; got != want {
		t.Errorf("SensitivityPlan = %q, want %q", got, want)
	}
}

// discovery is a hand-made discovery of the fixture's model over two
// inputs: three steps, the second chosen, restricting the first input
// from above and the second on both sides.
func discovery(reached bool) *sensitivity.ModelDiscovery {
	data := []prim.Limit{{Lo: -0.02, Hi: 0.95}, {Lo: 500, Hi: 12500}}
	box := func(c, d, m float64, restricted []int, limits ...prim.Limit) prim.Box {
		return prim.Box{Limits: limits, Coverage: c, Density: d, Mass: m, Restricted: restricted}
	}
	r := &prim.Result{DataRange: data, Trajectory: []prim.Box{
		box(1, 0.412, 1, nil, data...),
		box(0.9, 0.6, 0.62, []int{0, 1}, prim.Limit{Lo: -0.02, Hi: 0.52}, prim.Limit{Lo: 610, Hi: 11000}),
		box(0.5, 0.9995, 0.2, []int{0, 1}, prim.Limit{Lo: 0.1, Hi: 0.4}, prim.Limit{Lo: 610, Hi: 11000}),
	}}
	return &sensitivity.ModelDiscovery{
		DiscoveryResult: &sensitivity.DiscoveryResult{Result: r, Chosen: 1, Reached: reached, Trials: 1000},
		Options:         sensitivity.DiscoveryOptions{Package: 1, Pathway: 0, MinDensity: 0.5, Peel: 0.05, MinMass: 0.05},
		Names:           []string{"parties.russia.reservation.framework", "parties.ukraine.red_lines[0].min"}, Seed: 7,
	}
}

// TestNewDiscoveryTables: every step of the trajectory, the chosen one
// marked; the chosen box's restricted inputs; the manifest's record; and
// a warning only when the least density was not reached.
func TestNewDiscoveryTables(t *testing.T) {
	m, _ := fixture()
	tb := NewDiscoveryTables(m, discovery(true))
	want := Discovery{Package: "revised_20_point", Pathway: "framework_agreement",
		Inputs: []string{"parties.russia.reservation.framework", "parties.ukraine.red_lines[0].min"}, MinDensity: 0.5, Peel: 0.05, MinMass: 0.05}
	if !reflect.DeepEqual(tb.Discovery, want) || tb.Trials != 1000 || tb.Seed != 7 {
		t.Errorf("manifest record %+v, trials %d, seed %d", tb.Discovery, tb.Trials, tb.Seed)
	}
	if len(tb.Trajectory) != 3 || !tb.Trajectory[1].Chosen || tb.Trajectory[2].Chosen || tb.Trajectory[1].Restricted != 2 {
		t.Errorf("trajectory %+v", tb.Trajectory)
	}
	if len(tb.Boxes) != 2 || tb.Boxes[1].Input != "parties.ukraine.red_lines[0].min" || tb.Boxes[1].Low != 610 || tb.Boxes[1].DataHigh != 12500 || tb.Boxes[0].Step != 1 {
		t.Errorf("boxes %+v", tb.Boxes)
	}
	if s := tb.Shortfall(); s != "" {
		t.Errorf("a box that reaches its density: shortfall %q", s)
	}
	if got, want := NewDiscoveryTables(m, discovery(false)).Shortfall(), "no box reaches a density of 0.5 (the densest, step 1, has 0.600): boxes.csv holds that one"; got != want {
		t.Errorf("Shortfall() = %q, want %q", got, want)
	}
	var buf bytes.Buffer
	if err := tb.WriteCSV(&buf, SobolFile); err == nil {
		t.Error("a discovery wrote sobol.csv")
	}
}

// TestWriteDiscoveryTable: the trajectory's corners and the chosen box,
// against the golden file; a box that restricts nothing says so.
func TestWriteDiscoveryTable(t *testing.T) {
	m, _ := fixture()
	var buf bytes.Buffer
	if err := WriteDiscoveryTable(&buf, NewDiscoveryTables(m, discovery(true))); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "discovery_table.txt", buf.Bytes())

	d := discovery(true)
	d.Chosen = 0
	buf.Reset()
	if err := WriteDiscoveryTable(&buf, NewDiscoveryTables(m, d)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "restricts no input") {
		t.Errorf("a box of all trials:\n%s", buf.String())
	}
}
