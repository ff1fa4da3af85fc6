package search

import (
	"math/rand/v2"
	"testing"

	"github.com/peacesim/peacesim/study/space"
)

// benchModel is an objective of the shape the search is for: a
// probability estimated on 1000 trials, a step function of three
// continuous issues and one ordinal one. Trial j succeeds when the
// package lies in a band a_j ≤ x0 − x1 ≤ a_j + 0.1 (one party trades one
// issue against the other), x0 + x2 ≥ b_j, and the level is at most
// the trial's red line c_j.
func benchModel() (space.Space, Objective) {
	const trials = 1000
	rng := rand.New(rand.NewPCG(11, 12))
	a, b, c := make([]float64, trials), make([]float64, trials), make([]float64, trials)
	for j := range a {
		a[j] = 0.2 + 0.05*rng.NormFloat64()
		b[j] = rng.Float64()
		c[j] = float64(rng.IntN(4))
	}
	s := space.Space{
		{Name: "a", Lo: 0, Hi: 1}, {Name: "b", Lo: 0, Hi: 1}, {Name: "c", Lo: 0, Hi: 1},
		{Name: "level", Values: []float64{0, 1, 2, 3}},
	}
	f := func(xs [][]float64) ([]float64, error) {
		out := make([]float64, len(xs))
		for i, x := range xs {
			n := 0
			for j := range a {
				d := x[0] - x[1]
				if d >= a[j] && d <= a[j]+0.1 && x[0]+x[2] >= b[j] && x[3] <= c[j] {
					n++
				}
			}
			out[i] = float64(n) / trials
		}
		return out, nil
	}
	return s, f
}

// BenchmarkMaximize runs Maximize with the default options on benchModel:
// the time is mostly the objective's (20,000 points at most × 1000
// trials); the rest is the search's own cost.
func BenchmarkMaximize(b *testing.B) {
	s, f := benchModel()
	base := []float64{0, 0, 0, 3}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Maximize(s, base, f, Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSmallestRepair repairs benchModel's base to a probability of
// 0.3, which needs three issues changed.
func BenchmarkSmallestRepair(b *testing.B) {
	s, f := benchModel()
	base := []float64{0, 0, 0, 3}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, _, err := SmallestRepair(s, base, f, 0.3, Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
