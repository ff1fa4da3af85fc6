package sweep

import (
	"context"
	"reflect"
	"testing"

	"github.com/peacesim/peacesim/sim"
)

// TestSweepOverRounds: a sweep over the timeline's rounds, or over a
// step, is a sweep like any other — each point's result is its model's
// run alone — and its points are paired: rounds are prefixes, so the
// outcome of the 2-round point is that by round 2 of the 26-round one.
func TestSweepOverRounds(t *testing.T) {
	base := load(t)
	points := Grid([]Dimension{dimension(t, base, "timeline.rounds", "2", "26")})
	opt := sim.Options{Trials: sim.ChunkSize + 9, Seed: 5}
	var got []*sim.Result
	err := Run(context.Background(), base, points, opt, 2, nil, func(p Point, m *sim.Model, r *sim.Result) error {
		if want, _ := sim.Run(context.Background(), p.Model(base), opt); !reflect.DeepEqual(r, want) {
			t.Errorf("point %d differs from its model run alone", p.Index)
		}
		got = append(got, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for k := range got[0].Pathways {
		for w := range got[0].Pathways[k] {
			if a, b := got[0].Pathways[k][w], got[1].Timeline[k][1][w].Outcome; a != b {
				t.Errorf("package %d pathway %d: the 2-round point %+v, round 2 of 26 %+v", k, w, a, b)
			}
		}
	}
	steps := Grid([]Dimension{dimension(t, base, "factors.strikes.step", "bernoulli(0.2)", "bernoulli(0.8)")})
	var p0, p1 *sim.Result
	err = Run(context.Background(), base, steps, opt, 1, nil, func(p Point, m *sim.Model, r *sim.Result) error {
		if p.Index == 0 {
			p0 = r
		} else {
			p1 = r
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Round 1 takes no step: the points agree there exactly, and differ by
	// the last round.
	if !reflect.DeepEqual(p0.Timeline[1][0], p1.Timeline[1][0]) || reflect.DeepEqual(p0.Timeline[1][25], p1.Timeline[1][25]) {
		t.Error("a sweep over a step: round 1 should be the same at every point, the last round not")
	}
}
