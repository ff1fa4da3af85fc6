package search_test

import (
	"context"
	"fmt"
	"math"
	"os"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/search"
	"github.com/peacesim/peacesim/study/space"
)

// Example searches a space of two issues, a withdrawal in km and NATO
// membership (0 none, 1 deferred, 2 membership), with a closed-form
// stand-in for the probability of a settlement: best near a 40 km
// withdrawal, and 0.5 lower with membership.
func Example() {
	s := space.Space{
		{Name: "withdrawal_km", Lo: 0, Hi: 100},
		{Name: "nato", Values: []float64{0, 1, 2}},
	}
	settle := func(x []float64) float64 {
		p := 0.8 - math.Abs(x[0]-40)/100
		if x[1] == 2 {
			p -= 0.5
		}
		return math.Max(p, 0)
	}
	f := func(xs [][]float64) ([]float64, error) {
		out := make([]float64, len(xs))
		for i, x := range xs {
			out[i] = settle(x)
		}
		return out, nil
	}
	base := []float64{0, 2} // no withdrawal, membership: P = 0

	best, _, err := search.Maximize(s, base, f, search.Options{Seed: 1, Top: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("best: withdrawal %.1f km, nato %g, P = %.2f\n", best[0].X[0], best[0].X[1], best[0].Value)

	// (Deferred membership ties with none and is nearer the base.)
	// Neither issue alone reaches 0.5; the nearest package that does
	// defers membership (distance 0.5) and withdraws 10 km (0.1).
	r, found, _, _, err := search.SmallestRepair(s, base, f, 0.5, search.Options{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("repair found: %v, issues %v, withdrawal %.3f km, nato %g, distance %.3f, P = %.3f\n",
		found, r.Changed, r.X[0], r.X[1], r.Distance, r.Value)
	// Output:
	// best: withdrawal 40.0 km, nato 1, P = 0.80
	// repair found: true, issues [0 1], withdrawal 10.000 km, nato 1, distance 0.600, P = 0.500
}

// Optimize finds the split of ../testdata/split.toml likeliest to be
// signed, every candidate on the same trials: a accepts its share x with
// probability min(1, x/0.8), b the rest with min(1, (1 − x)/0.8), so a
// deal is likeliest at an even split, 0.625² ≈ 0.39. RepairModel finds
// the smallest change to the package that gives a a tenth (0.125) that
// makes a deal at least 20% likely: a share of 0.16.
func ExampleOptimize() {
	src, err := os.ReadFile("../testdata/split.toml")
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := scenarios.Load("split.toml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, opt := context.Background(), sim.Options{Trials: 20000, Seed: m.Seed}
	best, err := search.Optimize(ctx, m, opt, search.ModelOptions{Target: 0, Starts: 2, MaxEvals: 200, Top: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	share := &m.Issues[best.Issues[0]]
	p := best.Best[0].Probability
	fmt.Printf("best: share %.2f, P(deal) %.3f [%.3f, %.3f]\n", best.Best[0].X[0], p.P, p.Low, p.High)

	r, err := search.RepairModel(ctx, m, opt, search.ModelOptions{Target: 0, Package: 0, MinProb: 0.2, Starts: 2, MaxEvals: 200})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("repair of %s: share %s → %s, P(deal) %.3f → %.3f\n", m.Packages[0].ID,
		share.FormatValue(r.Repair.Base[0]), share.FormatValue(r.Repair.X[0]), r.Repair.BaseProbability, r.Repair.Value)
	// Output:
	// best: share 0.49, P(deal) 0.391 [0.385, 0.398]
	// repair of low: share 0.1 → 0.163142, P(deal) 0.122 → 0.200
}
