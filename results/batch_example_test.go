package results_test

import (
	"context"
	"fmt"
	"os"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// A batch runs several scenarios into one set of tables, each with its own
// entry in the manifest. With KeepGoing, a scenario that fails is recorded
// there and the others run: here the second may take too little memory.
func ExampleRunBatch() {
	batch := results.Batch{Version: "v0.1.0", KeepGoing: true}
	for _, name := range []string{"miami-2025", "miami-2025-europe-veto"} {
		src, _ := scenarios.Lookup(name)
		m, err := scenarios.Load(name+".toml", src)
		if err != nil {
			fmt.Println(err)
			return
		}
		// The first package alone.
		batch.Scenarios = append(batch.Scenarios, results.BatchScenario{
			File: name + ".toml", Model: m.WithPackages([]int{0}), Packages: []string{m.Packages[0].ID},
			Options: sim.Options{Trials: 4096, Seed: m.Seed},
		})
	}
	batch.Scenarios[1].Options.MemoryLimit = 1 << 10
	man, runs, err := results.RunBatch(context.Background(), batch)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, sr := range man.Scenarios {
		fmt.Printf("%s %v: %d trials, failed: %t\n", sr.Scenario, sr.Packages, sr.Trials, sr.Error != "")
	}
	if err := results.WritePathways(os.Stdout, runs...); err != nil {
		fmt.Println(err)
	}
	// Output:
	// miami-2025 [us_28_point]: 4096 trials, failed: false
	// miami-2025-europe-veto [us_28_point]: 4096 trials, failed: true
	// scenario,package,pathway,probability,ci_low,ci_high,count,trials,prior_trials,effective_trials,evidence,seed
	// miami-2025,us_28_point,framework_agreement,0.018518518518518517,0.014501405996941094,0.023621759861064816,63,3402,4096,3402,sha256:20a6c3e939e5a10f86f3afaf347c78e47d6acdf034c7ba9783f7f356c7fd95e5,20251220
	// miami-2025,us_28_point,humanitarian_ceasefire,0.6196355085243974,0.6031956433947833,0.63580549915454,2108,3402,4096,3402,sha256:20a6c3e939e5a10f86f3afaf347c78e47d6acdf034c7ba9783f7f356c7fd95e5,20251220
	// miami-2025,us_28_point,talks_collapse,0.3618459729570841,0.3458626439015653,0.3781409506974963,1231,3402,4096,3402,sha256:20a6c3e939e5a10f86f3afaf347c78e47d6acdf034c7ba9783f7f356c7fd95e5,20251220
}
