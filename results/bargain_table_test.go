package results

import (
	"bytes"
	"math"
	"reflect"
	"testing"

	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/bargain"
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
	for _, c := range []struct {
		name  string
		write func(*bytes.Buffer, *BargainTables) error
	}{
		{ZOPAFile, func(b *bytes.Buffer, t *BargainTables) error { return WriteZOPA(b, t.Parties, t.ZOPA) }},
		{SolutionsFile, func(b *bytes.Buffer, t *BargainTables) error { return WriteSolutions(b, t.Parties, t.Solutions) }},
		{FrontierFile, func(b *bytes.Buffer, t *BargainTables) error {
			return WriteFrontier(b, t.Parties, t.Issues, t.Frontier)
		}},
		{BargainPackagesFile, func(b *bytes.Buffer, t *BargainTables) error {
			return WriteBargainPackages(b, t.Parties, t.Packages)
		}},
	} {
		var g, w bytes.Buffer
		if err := c.write(&g, got); err != nil {
			t.Fatal(err)
		}
		if err := c.write(&w, want); err != nil {
			t.Fatal(err)
		}
		if g.String() != w.String() {
			t.Errorf("%s:\n%s\nwant\n%s", c.name, g.String(), w.String())
		}
	}
	if !reflect.DeepEqual(got.Bargain, want.Bargain) || got.Scenario != want.Scenario || got.Seed != want.Seed {
		t.Errorf("design %+v, scenario %s, seed %d; want %+v, %s, %d", got.Bargain, got.Scenario, got.Seed, want.Bargain, want.Scenario, want.Seed)
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
