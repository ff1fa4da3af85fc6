package results_test

import (
	"context"
	"fmt"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// A compare runs the packages on the same trials with their pairs counted
// (sim.Options.Paired); Rank orders them for each pathway, each with its
// paired difference from the next, as peacesim compare prints them.
func ExampleRank() {
	src, _ := scenarios.Lookup(scenarios.Default)
	m, err := scenarios.Load(scenarios.Default+".toml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	m = m.WithPackages([]int{0, 1, 2})
	r, err := sim.Run(context.Background(), m, sim.Options{Trials: 8192, Seed: 7, Paired: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	rankings, err := results.Rank(m, r)
	if err != nil {
		fmt.Println(err)
		return
	}
	rk := rankings[0]
	fmt.Println(m.Pathways[rk.Pathway].ID)
	for i, p := range rk.Packages {
		fmt.Printf("%d %s %s", i+1, m.Packages[p.Package].ID, results.Percent(p.Probability.P))
		if p.HasAhead {
			fmt.Printf(", ahead by %s pts %s", results.Points(p.Ahead.Difference), results.PointsInterval(p.Ahead.Low, p.Ahead.High))
		}
		fmt.Println()
	}
	// Output:
	// framework_agreement
	// 1 miami_20_point 2.5%, ahead by +0.7 pts [+0.2, +1.2]
	// 2 us_28_point 1.8%, ahead by +1.8 pts [+1.5, +2.2]
	// 3 miami_20_point_de_jure 0.0%
}
