package sim_test

import (
	"context"
	"fmt"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// Load the embedded default scenario, run it and read a probability; then
// run it again with one value overridden by its key path, on the same
// seed, so that the two runs are paired; and find an uncertain input by
// its key path.
func Example() {
	src, _ := scenarios.Lookup(scenarios.Default)
	m, err := scenarios.Load(scenarios.Default+".toml", src)
	if err != nil {
		panic(err)
	}
	m.Evidence = nil // the prior, not conditioned on what was seen (docs/model.md#evidence)
	opt := sim.Options{Trials: 20000, Seed: m.Seed}
	r, err := sim.Run(context.Background(), m, opt)
	if err != nil {
		panic(err)
	}
	k, w := 0, 0 // the first package and pathway
	p := r.Pathways[k][w]
	fmt.Printf("%s leads to %s in %.1f%% of %d trials [%.1f%%, %.1f%%]\n",
		m.Packages[k].ID, m.Pathways[w].ID, 100*p.P, r.Trials, 100*p.Low, 100*p.High)

	// The same scenario with Russia's framework reservation fixed at 0.3.
	easier, err := scenarios.Load(scenarios.Default+".toml", src,
		scenarios.Set("parties.russia.reservation.framework", "0.3"))
	if err != nil {
		panic(err)
	}
	easier.Evidence = nil
	r2, err := sim.Run(context.Background(), easier, opt)
	if err != nil {
		panic(err)
	}
	fmt.Printf("with parties.russia.reservation.framework = 0.3: %.1f%%\n", 100*r2.Pathways[k][w].P)

	// An input found by its key path, and its 10th and 90th percentiles.
	i, _ := m.Param("parties.russia.reservation.framework")
	d := m.Params[i].Dist
	fmt.Printf("%s: %s, from %.3f to %.3f\n", m.Params[i].Name, d, d.Quantile(0.1), d.Quantile(0.9))
	// Output:
	// us_28_point leads to framework_agreement in 6.3% of 20000 trials [6.0%, 6.6%]
	// with parties.russia.reservation.framework = 0.3: 6.8%
	// parties.russia.reservation.framework: normal(0.48, 0.12), from 0.326 to 0.634
}

// A package stores a level as its index; the scenario writes its name.
func ExampleIssue_FormatValue() {
	nato := sim.Issue{ID: "nato", Kind: sim.Ordinal, Levels: []string{"member", "deferred", "renounced"}}
	troops := sim.Issue{ID: "troop_cap", Kind: sim.Number, Lo: 0, Hi: 1200}
	fmt.Println(nato.FormatValue(2), troops.FormatValue(747.40612))
	// Output: renounced 747.406
}
