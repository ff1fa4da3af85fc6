package results

import (
	"math"

	"github.com/peacesim/peacesim/sim"
)

// fixture returns a small model and a hand-made result covering what the
// writers must handle: two packages, two parties, two tracks, a soft and a
// hard red line, a party with no stake on a track (russia on humanitarian),
// a label that needs CSV quoting, a rare event and a NaN.
func fixture() (*sim.Model, *sim.Result) {
	m := &sim.Model{
		ID:     "fixture",
		Label:  "Two-party fixture",
		Source: "hand-written for results tests",
		Tracks: []string{"framework", "humanitarian"},
		Issues: []sim.Issue{
			{ID: "troop_cap", Label: "Cap on Ukraine's armed forces", Track: 0, Kind: sim.Number,
				Unit: "thousand troops", Lo: 0, Hi: 1200},
			{ID: "nato", Label: "Ukraine's NATO path", Track: 0, Kind: sim.Ordinal,
				Levels: []string{"member", "deferred", "renounced"}},
			{ID: "pow_exchange", Label: "All-for-all prisoner exchange", Track: 1, Kind: sim.Bool,
				Levels: []string{"false", "true"}},
		},
		Params: []sim.Param{
			{Name: "parties.ukraine.reservation.framework", Dist: sim.Dist{Family: sim.Normal, P: [4]float64{0.45, 0.08}}},
			{Name: "parties.ukraine.reservation.humanitarian", Dist: sim.Dist{Family: sim.Normal, P: [4]float64{0.3, 0.1}}},
			{Name: "parties.ukraine.stakes.troop_cap.weight", Dist: sim.FixedValue(0.3)},
			{Name: "parties.ukraine.stakes.nato.weight", Dist: sim.FixedValue(0.4)},
			{Name: "parties.ukraine.stakes.pow_exchange.weight", Dist: sim.FixedValue(0.3)},
			{Name: "parties.ukraine.red_lines[0].min", Dist: sim.Dist{Family: sim.Triangular, P: [4]float64{500, 600, 700}}},
			{Name: "parties.ukraine.red_lines[0].weight", Dist: sim.FixedValue(0.5)},
			{Name: "parties.russia.reservation", Dist: sim.Dist{Family: sim.Normal, P: [4]float64{0.5, 0.1}}},
			{Name: "parties.russia.stakes.troop_cap.weight", Dist: sim.FixedValue(0.3)},
			{Name: "parties.russia.stakes.nato.weight", Dist: sim.FixedValue(0.7)},
		},
		Parties: []sim.Party{
			{ID: "ukraine", Label: "Ukraine", Veto: true, Reservation: []int{0, 1}, Concentration: 40,
				Stakes: []sim.Stake{
					{Issue: 0, Weight: 2, CurveX: []float64{400, 1000}, CurveY: []float64{0, 1}},
					{Issue: 1, Weight: 3, Values: []float64{1, 0.5, 0}},
					{Issue: 2, Weight: 4, Values: []float64{0, 1}},
				},
				RedLines: []sim.RedLine{
					{Label: `No cap below ~600k, "firm"`, Issue: 0, Kind: sim.Min, Threshold: 5, Penalty: 6},
				}},
			{ID: "russia", Label: "Russia", Veto: true, Reservation: []int{7, -1},
				Stakes: []sim.Stake{
					{Issue: 0, Weight: 8, CurveX: []float64{0, 600, 1200}, CurveY: []float64{1, 0.6, 0}},
					{Issue: 1, Weight: 9, Values: []float64{0, 0.3, 1}},
				},
				RedLines: []sim.RedLine{
					{Label: "Ukraine renounces NATO", Issue: 1, Kind: sim.Allowed,
						Levels: []bool{false, false, true}, Hard: true, Threshold: -1, Penalty: -1},
				}},
		},
		Packages: []sim.Package{
			{ID: "us_28_point", Label: "US 28-point proposal", Values: []float64{600, 2, 1}},
			{ID: "revised_20_point", Label: "Revised 20-point plan", Values: []float64{800, 1, 1}},
		},
		Pathways: []sim.Pathway{
			{ID: "framework_agreement", Label: "Framework agreement without ceasefire",
				Tracks: []int{0}, Parties: []int{0, 1}, AcceptedBy: "veto"},
			{ID: "humanitarian_ceasefire", Label: "Temporary humanitarian ceasefire",
				Tracks: []int{1}, Parties: []int{0, 1}, AcceptedBy: "ukraine,russia"},
			{ID: "talks_collapse", Label: "Talks collapse"},
		},
		Trials: 100000,
		Seed:   20251220,
	}

	const n = 1000
	// Intervals are P ± 0.03 clamped to [0, 1] rather than sim.NewProportion's
	// Wilson interval, so the golden files test the writers and not sim's
	// arithmetic.
	p := func(c int64) sim.Proportion {
		pr := float64(c) / n
		return sim.Proportion{Count: c, Trials: n, P: pr, Low: math.Max(0, pr-0.03), High: math.Min(1, pr+0.03)}
	}
	margin := func(mean, sd float64) sim.Margin {
		return sim.Margin{N: n, Mean: mean, SD: sd, P5: mean - 1.645*sd, P50: mean, P95: mean + 1.645*sd,
			Min: mean - 3*sd, Max: mean + 3*sd}
	}
	// One trial's worth of spread is undefined: sd is NaN, written NA.
	noSpread := sim.Margin{N: n, Mean: -0.25, SD: math.NaN(), P5: -0.25, P50: -0.25, P95: -0.25, Min: -0.25, Max: -0.25}
	r := &sim.Result{
		Trials: n,
		Seed:   20251220,
		Pathways: [][]sim.Proportion{
			{p(412), p(301), p(287)},
			{p(0), p(999), p(1)}, // a never and an almost-never
		},
		Acceptance: [][][]sim.Proportion{
			{{p(521), p(700)}, {p(650), p(n)}}, // russia has no stake on humanitarian: accepts
			{{p(830), p(700)}, {p(0), p(n)}},
		},
		Violated: [][][]sim.Proportion{
			{{p(0)}, {p(0)}},
			{{p(0)}, {p(n)}},
		},
		Pivotal: [][][]sim.Proportion{
			{{p(0)}, {p(0)}},
			{{p(0)}, {p(650)}},
		},
		Margins: [][][]sim.Margin{
			{{margin(0.061, 0.09), margin(0.4, 0.1)}, {margin(0.112, 0.1), {}}},
			{{margin(0.2, 0.09), margin(0.4, 0.1)}, {noSpread, {}}},
		},
		// The framework rule names ukraine and russia on framework; the
		// humanitarian rule names them on humanitarian, where russia has no
		// stake and never blocks.
		Blocking: [][]sim.RuleBlocking{
			{
				{Blocked: p(588), Blockers: []sim.Blocker{
					{Party: 0, Track: 0, Blocks: p(479), Sole: p(238)},
					{Party: 1, Track: 0, Blocks: p(350), Sole: p(109)}}},
				{Blocked: p(300), Blockers: []sim.Blocker{{Party: 0, Track: 1, Blocks: p(300), Sole: p(300)}}},
				{},
			},
			{
				{Blocked: p(n), Blockers: []sim.Blocker{
					{Party: 0, Track: 0, Blocks: p(170), Sole: p(0)},
					{Party: 1, Track: 0, Blocks: p(n), Sole: p(830)}}},
				{Blocked: p(300), Blockers: []sim.Blocker{{Party: 0, Track: 1, Blocks: p(300), Sole: p(300)}}},
				{},
			},
		},
	}
	return m, r
}

// pairedFixture is fixture with the paired differences of its two packages
// on each pathway, as a run with sim.Options.Paired gives them: one beyond
// sampling error, one within it, and one identical by construction.
func pairedFixture() (*sim.Model, *sim.Result) {
	m, r := fixture()
	// The second package leads to talks_collapse in the same trials as the
	// first: the same probability, and an identical outcome.
	r.Pathways[1][1] = sim.Proportion{Count: 713, Trials: 1000, P: 0.713, Low: 0.683, High: 0.743}
	r.Pathways[1][2] = r.Pathways[0][2]
	r.Paired = []sim.PairedDifference{
		{A: 0, B: 1, Pathway: 0, Both: 0, AOnly: 412, BOnly: 0, Neither: 588, Difference: 0.412, Low: 0.38, High: 0.44},
		{A: 0, B: 1, Pathway: 1, Both: 300, AOnly: 1, BOnly: 413, Neither: 286, Difference: -0.412, Low: -0.44, High: -0.38},
		{A: 0, B: 1, Pathway: 2, Both: 287, AOnly: 0, BOnly: 0, Neither: 713, Difference: 0, Low: 0, High: 0, Identical: true},
	}
	return m, r
}
