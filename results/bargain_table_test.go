package results

import (
	"bytes"
	"io"
	"math"
	"reflect"
	"testing"

	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/bargain"
	"github.com/peacesim/peacesim/study/search"
)

// bargainAnalysis is a hand-made analysis of the fixture's model, around
// its second package: on framework both parties bargain over troop_cap
// and nato and a zone of agreement exists; on humanitarian only ukraine
// has a stake, over pow_exchange, and no zone exists (no solution, no
// distance to a Nash point), with a negative utility.
func bargainAnalysis() *bargain.ModelAnalysis {
	pt := func(x, u []float64) bargain.Point { return bargain.Point{X: x, U: u} }
	return &bargain.ModelAnalysis{Package: 1, Mode: bargain.Expected, Trials: 1000, Seed: 7,
		Parties: []int{0, 1}, Issues: []int{0, 1, 2},
		Tracks: []bargain.TrackAnalysis{
			{
				Track: bargain.Track{Track: 0, Issues: []int{0, 1}, Parties: []int{0, 1}},
				Analysis: bargain.Analysis{HasZOPA: true,
					Witness:          pt([]float64{650, 1}, []float64{0.5, 0.6}),
					Nash:             pt([]float64{612.5, 1}, []float64{0.55, 0.62}),
					KalaiSmorodinsky: pt([]float64{747.40612, 2}, []float64{0.5812, 0.5}),
					Frontier:         []bargain.Point{pt([]float64{400, 0}, []float64{0.2, 0.9}), pt([]float64{612.5, 1}, []float64{0.55, 0.62})},
				},
				Reservations: []float64{0.45, 0.5},
				ZOPA:         sim.NewProportion(634, 1000),
				Packages: []bargain.PackageScore{
					{Utilities: []float64{0.7, 0.3}, DistanceFrontier: 0.0825, DistanceNash: 0.2953},
					{Utilities: []float64{0.55, 0.62}, Acceptable: true, DistanceFrontier: 0, DistanceNash: 0},
				},
			},
			{
				Track:        bargain.Track{Track: 1, Issues: []int{2}, Parties: []int{0}},
				Analysis:     bargain.Analysis{Frontier: []bargain.Point{pt([]float64{1}, []float64{0.7})}},
				Reservations: []float64{0.8},
				ZOPA:         sim.NewProportion(0, 1000),
				Packages: []bargain.PackageScore{
					{Utilities: []float64{-0.2}, DistanceFrontier: 0.9, DistanceNash: math.NaN()},
					{Utilities: []float64{0.7}, DistanceFrontier: 0, DistanceNash: math.NaN()},
				},
			},
		}}
}

// TestNewBargainTables: each track's figures land in the columns of its
// parties and issues, NaN and "" elsewhere; a track without a zone of
// agreement has no solutions.
func TestNewBargainTables(t *testing.T) {
	m, _ := fixture()
	got := NewBargainTables(m, bargainAnalysis())
	nan := math.NaN()
	z := sim.NewProportion(634, 1000)
	want := &BargainTables{
		Bargain:  Bargain{Package: "revised_20_point", Mode: "expected", Parties: []string{"ukraine", "russia"}, Issues: []string{"troop_cap", "nato", "pow_exchange"}, Trials: 1000},
		Scenario: "fixture", Seed: 7,
		ZOPA: []ZOPARow{
			{"fixture", "expected", "framework", true, z.P, z.Low, z.High, 1000, []float64{0.45, 0.5}},
			{"fixture", "expected", "humanitarian", false, 0, 0, sim.NewProportion(0, 1000).High, 1000, []float64{0.8, nan}},
		},
		Solutions: []SolutionRow{
			{"fixture", "expected", "framework", "zopa", "troop_cap", "650", []float64{0.5, 0.6}},
			{"fixture", "expected", "framework", "zopa", "nato", "deferred", []float64{0.5, 0.6}},
			{"fixture", "expected", "framework", "nash", "troop_cap", "612.5", []float64{0.55, 0.62}},
			{"fixture", "expected", "framework", "nash", "nato", "deferred", []float64{0.55, 0.62}},
			{"fixture", "expected", "framework", "kalai_smorodinsky", "troop_cap", "747.406", []float64{0.5812, 0.5}},
			{"fixture", "expected", "framework", "kalai_smorodinsky", "nato", "renounced", []float64{0.5812, 0.5}},
		},
		Frontier: []FrontierRow{
			{"fixture", "expected", "framework", 0, []float64{0.2, 0.9}, []string{"400", "member", ""}},
			{"fixture", "expected", "framework", 1, []float64{0.55, 0.62}, []string{"612.5", "deferred", ""}},
			{"fixture", "expected", "humanitarian", 0, []float64{0.7, nan}, []string{"", "", "true"}},
		},
		Packages: []BargainPackageRow{
			{"fixture", "expected", "framework", "us_28_point", []float64{0.7, 0.3}, false, 0.0825, 0.2953},
			{"fixture", "expected", "framework", "revised_20_point", []float64{0.55, 0.62}, true, 0, 0},
			{"fixture", "expected", "humanitarian", "us_28_point", []float64{-0.2, nan}, false, 0.9, nan},
			{"fixture", "expected", "humanitarian", "revised_20_point", []float64{0.7, nan}, false, 0, nan},
		},
	}
	// NaN is not equal to itself: compare the tables as CSV.
	for _, file := range []string{ZOPAFile, SolutionsFile, FrontierFile, BargainPackagesFile} {
		var g, w bytes.Buffer
		if err := got.WriteCSV(&g, file); err != nil {
			t.Fatal(err)
		}
		if err := want.WriteCSV(&w, file); err != nil {
			t.Fatal(err)
		}
		if g.String() != w.String() {
			t.Errorf("%s:\n%s\nwant\n%s", file, g.String(), w.String())
		}
	}
	if err := got.WriteCSV(io.Discard, OptimizeFile); err == nil {
		t.Errorf("WriteCSV of %s, not a table of a bargaining analysis: no error", OptimizeFile)
	}
	if !reflect.DeepEqual(got.Bargain, want.Bargain) || got.Scenario != want.Scenario || got.Seed != want.Seed {
		t.Errorf("design %+v, scenario %s, seed %d; want %+v, %s, %d", got.Bargain, got.Scenario, got.Seed, want.Bargain, want.Scenario, want.Seed)
	}
}

// searchResult is a hand-made search of the fixture's model for
// framework_agreement from us_28_point over its three issues; with a
// repair to 0.5, found (changing the issues changed) or not.
func searchResult(repair bool, found bool, changed ...int) *search.ModelResult {
	p := func(c int64) sim.Proportion { return sim.NewProportion(c, 1000) }
	r := &search.ModelResult{Target: 0, Package: 0, Objective: search.Probability, Trials: 1000, Seed: 7,
		Issues: []int{0, 1, 2}, Evaluations: 150,
		Best: []search.Found{
			{X: []float64{650, 1, 1}, Value: 0.512, Probability: p(512)},
			{X: []float64{747.40612, 2, 0}, Value: 0.001, Probability: p(1)},
		}}
	if !repair {
		return r
	}
	r.Best = r.Best[:1]
	r.Repair = &search.ModelRepair{MinProb: 0.5, Base: []float64{600, 2, 1}, BaseProbability: 0.2, Found: found}
	if found && len(changed) == 0 {
		r.Repair.BaseProbability = 0.512 // the base reaches MinProb already
	}
	if found {
		x := []float64{600, 2, 1}
		for _, j := range changed {
			x[j] = r.Best[0].X[j]
		}
		r.Repair.Repair = search.Repair{X: x, Changed: changed, Distance: 0.0417 * float64(len(changed)), Value: 0.512}
	}
	return r
}

// TestNewSearchTables: a search's rows, and a repair's, from its result.
func TestNewSearchTables(t *testing.T) {
	m, _ := fixture()
	best := NewSearchTables(m, searchResult(false, false))
	wantBest := []OptimizeRow{
		{"fixture", "framework_agreement", "probability", 1, 0.512, sim.NewProportion(512, 1000).Low, sim.NewProportion(512, 1000).High, []string{"650", "deferred", "true"}},
		{"fixture", "framework_agreement", "probability", 2, 0.001, sim.NewProportion(1, 1000).Low, sim.NewProportion(1, 1000).High, []string{"747.406", "renounced", "false"}},
	}
	if !reflect.DeepEqual(best.Packages, wantBest) || best.Changes != nil || best.Repair != "" || best.Shortfall() != "" {
		t.Errorf("search: rows %+v, changes %+v, repair %q, shortfall %q; want rows %+v", best.Packages, best.Changes, best.Repair, best.Shortfall(), wantBest)
	}
	wantDesign := Optimize{Target: "framework_agreement", Objective: "probability", Package: "us_28_point",
		Issues: []string{"troop_cap", "nato", "pow_exchange"}, Trials: 1000, Evaluations: 150}
	if !reflect.DeepEqual(best.Optimize, wantDesign) || best.Seed != 7 || best.Scenario != "fixture" {
		t.Errorf("design %+v, seed %d, scenario %s; want %+v, 7, fixture", best.Optimize, best.Seed, best.Scenario, wantDesign)
	}

	rep := NewSearchTables(m, searchResult(true, true, 0, 1))
	wantChanges := []RepairRow{
		{"fixture", "framework_agreement", "us_28_point", "troop_cap", "600", "650", 0.2, 0.512, 0.0834},
		{"fixture", "framework_agreement", "us_28_point", "nato", "renounced", "deferred", 0.2, 0.512, 0.0834},
	}
	if !reflect.DeepEqual(rep.Changes, wantChanges) || len(rep.Packages) != 1 || rep.Repair != "us_28_point" || rep.MinProb != 0.5 || rep.Shortfall() != "" {
		t.Errorf("repair: changes %+v, %d rows, repair %q, min prob %g, shortfall %q; want %+v", rep.Changes, len(rep.Packages), rep.Repair, rep.MinProb, rep.Shortfall(), wantChanges)
	}

	for _, file := range []string{OptimizeFile, RepairFile, ZOPAFile} {
		err := rep.WriteCSV(io.Discard, file)
		if (err != nil) != (file == ZOPAFile) {
			t.Errorf("WriteCSV of %s = %v", file, err)
		}
	}

	none := NewSearchTables(m, searchResult(true, false))
	const want = "no change to us_28_point within the negotiable space reaches P(framework_agreement) ≥ 0.5 in 150 candidates; the best reaches 0.512"
	if none.Changes != nil || len(none.Packages) != 1 || none.Shortfall() != want {
		t.Errorf("no repair: changes %+v, %d rows, shortfall %q; want none, 1 and %q", none.Changes, len(none.Packages), none.Shortfall(), want)
	}
}

// TestTextSummaryGolden: the terminal summaries of a bargaining analysis
// and a package search are their golden files, byte for byte.
func TestTextSummaryGolden(t *testing.T) {
	m, _ := fixture()
	for _, tc := range []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"bargain_table.txt", func(b *bytes.Buffer) error { return WriteBargainTable(b, NewBargainTables(m, bargainAnalysis())) }},
		{"search_table.txt", func(b *bytes.Buffer) error {
			return WriteSearchTable(b, NewSearchTables(m, searchResult(false, false)))
		}},
		{"search_nash_table.txt", func(b *bytes.Buffer) error {
			r := searchResult(false, false)
			r.Objective = search.Nash
			return WriteSearchTable(b, NewSearchTables(m, r))
		}},
		{"repair_table.txt", func(b *bytes.Buffer) error {
			return WriteSearchTable(b, NewSearchTables(m, searchResult(true, true, 0, 1)))
		}},
		{"repair_unchanged_table.txt", func(b *bytes.Buffer) error { return WriteSearchTable(b, NewSearchTables(m, searchResult(true, true))) }},
		{"repair_none_table.txt", func(b *bytes.Buffer) error { return WriteSearchTable(b, NewSearchTables(m, searchResult(true, false))) }},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var got bytes.Buffer
			if err := tc.write(&got); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.file, got.Bytes())
		})
	}
}
