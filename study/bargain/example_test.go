package bargain_test

import (
	"context"
	"fmt"
	"math"
	"os"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/bargain"
	"github.com/peacesim/peacesim/study/space"
)

// The textbook split of a unit: x is A's share, A is risk-neutral
// (utility x) and B risk-averse (utility √(1 − x)), and walking away is
// worth 0 to both.
func Example() {
	p := bargain.Problem{
		Space: space.Space{{Name: "share", Lo: 0, Hi: 1}},
		Parties: []bargain.Party{
			{Name: "A", Utility: func(x []float64) float64 { return x[0] }},
			{Name: "B", Utility: func(x []float64) float64 { return math.Sqrt(1 - x[0]) }},
		},
	}
	if _, ok := bargain.ZOPA(p, bargain.Options{}); ok {
		fmt.Println("a deal exists")
	}
	nash, _ := bargain.Nash(p, bargain.Options{})
	fmt.Printf("Nash: A gets %.4f, utilities %.4f\n", nash.X[0], nash.U)
	ks, _ := bargain.KalaiSmorodinsky(p, bargain.Options{})
	fmt.Printf("Kalai–Smorodinsky: A gets %.4f, utilities %.4f\n", ks.X[0], ks.U)

	// A proposal that gives each a quarter leaves value on the table.
	front := bargain.Frontier(p, bargain.Options{})
	fmt.Printf("(0.25, 0.25) lies %.2f inside the frontier\n", bargain.DistanceToFrontier(front, []float64{0.25, 0.25}))
	// Output:
	// a deal exists
	// Nash: A gets 0.6667, utilities [0.6667 0.5774]
	// Kalai–Smorodinsky: A gets 0.6180, utilities [0.6180 0.6180]
	// (0.25, 0.25) lies 0.52 inside the frontier
}

// AnalyseModel bargains over every track of a scenario. At the
// reservations' means the zone of agreement is a share in [0.4, 0.6], and
// by symmetry both solutions split evenly; over the trials a zone exists
// when the two reservations sum to at most 1, as far as a sample of five
// shares can tell.
func ExampleAnalyseModel() {
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
	a, err := bargain.AnalyseModel(context.Background(), m, sim.Options{Trials: 1000, Seed: m.Seed},
		bargain.ModelOptions{Package: 0, Grid: bargain.DefaultGrid})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range a.Tracks {
		share := &m.Issues[t.Track.Issues[0]]
		fmt.Printf("%s: a zone of agreement %v at %s values, in %.1f%% of %d trials\n",
			m.Tracks[t.Track.Track], t.HasZOPA, a.Mode, 100*t.ZOPA.P, t.ZOPA.Trials)
		fmt.Printf("Nash: share %s, Kalai–Smorodinsky: share %s\n", share.FormatValue(t.Nash.X[0]), share.FormatValue(t.KalaiSmorodinsky.X[0]))
		low := t.Packages[0]
		fmt.Printf("%s: utilities %.2f, acceptable %v, %.2f from the Nash point\n", m.Packages[0].ID, low.Utilities, low.Acceptable, low.DistanceNash)
	}
	// Output:
	// framework: a zone of agreement true at nominal values, in 56.4% of 1000 trials
	// Nash: share 0.5, Kalai–Smorodinsky: share 0.5
	// low: utilities [0.10 0.90], acceptable false, 0.57 from the Nash point
}
