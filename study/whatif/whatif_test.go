package whatif

import (
	"context"
	"math"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// trials keeps the tests quick; every assertion is exact or an identity,
// not a tolerance on noise.
const trials = 8192

// load compiles the default scenario with the overrides given.
func load(t *testing.T, sets ...[2]string) *sim.Model {
	t.Helper()
	src, _ := scenarios.Lookup(scenarios.Default)
	var opts []scenarios.Option
	for _, s := range sets {
		opts = append(opts, scenarios.Set(s[0], s[1]))
	}
	m, err := scenarios.Load(scenarios.Default+".toml", src, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func options(m *sim.Model) sim.Options {
	return sim.Options{Trials: trials, Seed: m.Seed, Workers: 2}
}

func outcomes(t *testing.T, m *sim.Model, pkg int) *Trials {
	t.Helper()
	tr, err := Run(context.Background(), m, options(m), pkg)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestUnchanged: a package against itself differs by exactly 0 on every
// pathway, in no trial, with evidence and without; Newcombe's interval
// of no discordant trial is narrow but not empty.
func TestUnchanged(t *testing.T) {
	m := load(t)
	prior := load(t)
	prior.Evidence = nil
	for _, mm := range []*sim.Model{m, prior} {
		a := outcomes(t, mm, 1)
		ds, err := Differences(a, outcomes(t, mm, 1), len(mm.Pathways))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			if d.Difference != 0 || d.AOnly != 0 || d.BOnly != 0 || d.Trials() == 0 || d.High-d.Low > 0.01 {
				t.Errorf("evidence %d: pathway %d: %+v, want exactly 0", len(mm.Evidence), d.Pathway, d)
			}
		}
	}
}

// TestAsARunPairs: two packages of one model, compared as an edit, give
// the paired differences of a run of both (sim.Options.Paired), bit for
// bit: counted without evidence, weighed with it.
func TestAsARunPairs(t *testing.T) {
	for _, evidence := range []bool{false, true} {
		m := load(t)
		if !evidence {
			m.Evidence = nil
		}
		opt := options(m)
		opt.Paired = true
		r, err := sim.Run(context.Background(), m, opt)
		if err != nil {
			t.Fatal(err)
		}
		const a, b = 1, 2 // miami_20_point and its de jure variant
		ds, err := Differences(outcomes(t, m, a), outcomes(t, m, b), len(m.Pathways))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range r.Paired {
			if want.A != a || want.B != b {
				continue
			}
			got := ds[want.Pathway]
			if got.Difference != want.Difference || got.Low != want.Low || got.High != want.High {
				t.Errorf("evidence %v: pathway %d: %+v, the run's pair %+v", evidence, want.Pathway, got, want)
			}
		}
	}
}

// TestWeightsMoved: an edit that moves the evidence's weights (Ukraine's
// framework reservation decides whether Kyiv rejects the 28-point plan,
// an observation) gives the difference of the two runs' estimates, and
// an interval around it.
func TestWeightsMoved(t *testing.T) {
	base := load(t)
	edited := load(t, [2]string{"parties.ukraine.reservation.framework", "normal(0.2, 0.08)"})
	const k = 1
	ea, eb := outcomes(t, edited, k), outcomes(t, base, k)
	if equal(ea.Weight, eb.Weight) {
		t.Fatal("the edit leaves the weights as they were: the test tests nothing")
	}
	ds, err := Differences(ea, eb, len(base.Pathways))
	if err != nil {
		t.Fatal(err)
	}
	ra, err := sim.Run(context.Background(), edited, options(edited))
	if err != nil {
		t.Fatal(err)
	}
	rb, err := sim.Run(context.Background(), base, options(base))
	if err != nil {
		t.Fatal(err)
	}
	for w, d := range ds {
		want := ra.Pathways[k][w].P - rb.Pathways[k][w].P
		if math.Abs(d.Difference-want) > 1e-12 || !(d.Low <= d.Difference && d.Difference <= d.High) || d.High-d.Low > 0.2 {
			t.Errorf("pathway %d: %+v, want a difference of %g inside a narrow interval", w, d, want)
		}
	}
}

// TestMismatch: trials of different runs are refused.
func TestMismatch(t *testing.T) {
	a := &Trials{Pathway: make([]uint8, 3)}
	if _, err := Differences(a, &Trials{Pathway: make([]uint8, 4)}, 2); err == nil {
		t.Error("3 trials against 4: no error")
	}
	if _, err := Differences(a, &Trials{Pathway: make([]uint8, 3), Weight: make([]float64, 3)}, 2); err == nil {
		t.Error("with evidence against without: no error")
	}
}
