package study_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/peacesim/peacesim/study"

	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/search"
	"github.com/peacesim/peacesim/study/sensitivity"
	"github.com/peacesim/peacesim/study/sweep"
)

// roundModel is a model over rounds weekly rounds in which one party, a,
// weighs issue x on the framework track and h on the humanitarian one
// against reservations N(0.6, 0.1²) and N(0.55, 0.2²); a factor lowers
// the framework reservation by about 0.03 a round, so that the framework
// pathway grows likelier round by round. x is negotiable, for a search.
func roundModel(t *testing.T, rounds int) *sim.Model {
	t.Helper()
	m := &sim.Model{
		ID:     "rounds",
		Tracks: []string{"framework", "humanitarian"},
		Issues: []sim.Issue{
			{ID: "x", Track: 0, Kind: sim.Number, Lo: 0, Hi: 1, Negotiable: &sim.Negotiable{Lo: 0, Hi: 1}},
			{ID: "h", Track: 1, Kind: sim.Number, Lo: 0, Hi: 1},
		},
		Params: []sim.Param{
			{Name: "parties.a.reservation.framework", Dist: sim.Dist{Family: sim.Normal, P: [4]float64{0.6, 0.1}}},
			{Name: "parties.a.reservation.humanitarian", Dist: sim.Dist{Family: sim.Normal, P: [4]float64{0.55, 0.2}}},
			{Name: "parties.a.stakes.x.weight", Dist: sim.FixedValue(1)},
			{Name: "parties.a.stakes.h.weight", Dist: sim.FixedValue(1)},
			{Name: "factors.drift.value", Dist: sim.FixedValue(0)},
			{Name: "factors.drift.step", Dist: sim.Dist{Family: sim.Normal, P: [4]float64{1, 0.1}}},
			{Name: "factors.drift.effects[0].coef", Dist: sim.FixedValue(-0.03)},
		},
		Parties: []sim.Party{{ID: "a", Veto: true, Reservation: []int{0, 1}, Stakes: []sim.Stake{
			{Issue: 0, Weight: 2, CurveX: []float64{0, 1}, CurveY: []float64{0, 1}},
			{Issue: 1, Weight: 3, CurveX: []float64{0, 1}, CurveY: []float64{0, 1}},
		}}},
		Factors: []sim.Factor{{ID: "drift", Value: 4, Step: 5, Effects: []sim.Effect{{Party: 0, Coef: 6, Tracks: []int{0}}}}},
		Packages: []sim.Package{
			{ID: "p", Values: []float64{0.5, 0.5}},
			{ID: "q", Values: []float64{0.55, 0.4}},
		},
		Pathways: []sim.Pathway{
			{ID: "framework", Tracks: []int{0}, Parties: []int{0}, AcceptedBy: "veto"},
			{ID: "humanitarian", Tracks: []int{1}, Parties: []int{0}, AcceptedBy: "a"},
			{ID: "collapse"},
		},
		Timeline: &sim.Timeline{Rounds: rounds, Unit: "week"},
	}
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestStudiesKeepTheRound: every study reports the round its sim.Options
// ask for. Rounds are prefixes — a timeline's first rounds are the same
// whatever rounds follow — so a study of round 2 of 4 must give exactly
// what it gives on the same model cut to 2 rounds, where the last round
// is 2; and, lest the test pass with the round dropped, something else on
// round 4.
func TestStudiesKeepTheRound(t *testing.T) {
	ctx := context.Background()
	opt := sim.Options{Trials: 8192, Seed: 11, Workers: 2}
	studies := []struct {
		name string
		run  func(m *sim.Model, opt sim.Options) (any, error)
	}{
		{"run with pairs (compare)", func(m *sim.Model, opt sim.Options) (any, error) {
			opt.Paired = true
			r, err := sim.Run(ctx, m, opt)
			if r != nil {
				r.Timeline, r.Round = nil, 0 // the whole timeline, and its length, differ by construction
			}
			return r, err
		}},
		{"sweep", func(m *sim.Model, opt sim.Options) (any, error) {
			var rs []*sim.Result
			points := []sweep.Point{{Index: 0}, {Index: 1}, {Index: 2}}
			err := sweep.Run(ctx, m, points, opt, 2, nil, func(_ sweep.Point, _ *sim.Model, r *sim.Result) error {
				rs = append(rs, r.Packages(0, len(r.Pathways)))
				rs[len(rs)-1].Timeline, rs[len(rs)-1].Round = nil, 0
				return nil
			})
			return rs, err
		}},
		{"sensitivity", func(m *sim.Model, opt sim.Options) (any, error) {
			return sensitivity.Analyse(ctx, m, opt, sensitivity.AnalysisOptions{
				Inputs:  []string{"parties.a.reservation.framework", "parties.a.reservation.humanitarian"},
				Tornado: true, Range: [2]float64{10, 90}, Samples: 256, Bootstrap: 50})
		}},
		{"discover", func(m *sim.Model, opt sim.Options) (any, error) {
			return sensitivity.DiscoverModel(ctx, m, opt, sensitivity.DiscoveryOptions{Package: 0, Pathway: 0,
				Inputs: []string{"parties.a.reservation.framework"}, MinDensity: 0.5, Peel: 0.05, Paste: 0.05, MinMass: 0.05})
		}},
		{"optimize", func(m *sim.Model, opt sim.Options) (any, error) {
			return search.Optimize(ctx, m, opt, search.ModelOptions{Target: 0, Package: 0, Starts: 2, MaxEvals: 60})
		}},
	}
	for _, s := range studies {
		t.Run(s.name, func(t *testing.T) {
			at := func(rounds, round int) any {
				o := opt
				o.Round = round
				v, err := s.run(roundModel(t, rounds), o)
				if err != nil {
					t.Fatal(err)
				}
				return v
			}
			second, cut, last := at(4, 2), at(2, 0), at(4, 0)
			if !reflect.DeepEqual(second, cut) {
				t.Errorf("round 2 of 4 differs from the last of 2 rounds:\n%+v\n%+v", second, cut)
			}
			if reflect.DeepEqual(second, last) {
				t.Error("round 2 of 4 is round 4: the study dropped the round (or the test cannot tell them apart)")
			}
		})
	}
}

// TestDiscoverLeavesOutSteps: a factor's step over a timeline is drawn
// afresh in each round and has no one value in a trial: a discovery of
// every uncertain value leaves it out, and one that names it is refused
// as an input error.
func TestDiscoverLeavesOutSteps(t *testing.T) {
	m := roundModel(t, 4)
	o := sensitivity.DiscoveryOptions{Package: 0, Pathway: 0, MinDensity: 0.5, Peel: 0.05, Paste: 0.05, MinMass: 0.05}
	d, err := sensitivity.DiscoverModel(context.Background(), m, sim.Options{Trials: 4096, Seed: 2}, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range d.Names {
		if name == "factors.drift.step" {
			t.Errorf("the inputs %v hold the step", d.Names)
		}
	}
	o.Inputs = []string{"factors.drift.step"}
	_, err = sensitivity.DiscoverModel(context.Background(), m, sim.Options{Trials: 4096, Seed: 2}, o)
	var ie *study.InputError
	if !errors.As(err, &ie) || ie.Option != "Inputs" {
		t.Errorf("error %v, want an input error of Inputs", err)
	}
}
