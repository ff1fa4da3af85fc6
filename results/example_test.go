package results_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/sim"
)

// A one-package, one-pathway model is enough to show the shape of the output.
func exampleRun() (*sim.Model, *sim.Result) {
	m := &sim.Model{
		ID:       "tiny",
		Tracks:   []string{"framework"},
		Packages: []sim.Package{{ID: "plan_a"}},
		Pathways: []sim.Pathway{{ID: "talks_collapse"}},
	}
	r := &sim.Result{
		Trials:     100,
		Seed:       7,
		Pathways:   [][]sim.Proportion{{{Count: 100, Trials: 100, P: 1, Low: 0.963, High: 1}}},
		Acceptance: [][][]sim.Proportion{{}},
		Violated:   [][][]sim.Proportion{{}},
		Pivotal:    [][][]sim.Proportion{{}},
		Margins:    [][][]sim.Margin{{}},
		Blocking:   [][]sim.RuleBlocking{{{}}},
	}
	return m, r
}

func ExampleWritePathways() {
	m, r := exampleRun()
	if err := results.WritePathways(os.Stdout, results.Run{Model: m, Result: r}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// scenario,package,pathway,probability,ci_low,ci_high,count,trials,seed
	// tiny,plan_a,talks_collapse,1,0.963,1,100,100,7
}

func ExampleWriteDir() {
	m, r := exampleRun()
	dir, err := os.MkdirTemp("", "peacesim-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "run")

	man := results.NewManifest("v0.1.0")
	man.Scenarios = append(man.Scenarios, results.NewScenarioRun(m, r, "tiny.toml"))
	fmt.Println(results.WriteDir(out, man, false, results.Run{Model: m, Result: r}))
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// A second run into the same directory needs force (--force).
	err = results.WriteDir(out, man, false, results.Run{Model: m, Result: r})
	fmt.Println(errors.Is(err, results.ErrExists))
	// Output:
	// <nil>
	// acceptance.csv
	// blocking.csv
	// manifest.json
	// margins.csv
	// pathways.csv
	// red_lines.csv
	// true
}

// ReadDir reads back what the writers wrote; a sweep's rows carry the
// values of its varied keys.
func ExampleReadDir() {
	d, err := results.ReadDir("testdata/sweep_one")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Files, d.SweepKeys)
	for _, row := range d.Sweep {
		if row.Pathway == "framework_agreement" {
			fmt.Printf("%s = %s: %.1f%% [%.1f%%, %.1f%%]\n", d.SweepKeys[0], row.Values[0],
				100*row.Probability, 100*row.CILow, 100*row.CIHigh)
		}
	}
	// Output:
	// [sweep.csv] [packages.miami_20_point.troop_cap]
	// packages.miami_20_point.troop_cap = 600: 13.1% [11.2%, 15.3%]
	// packages.miami_20_point.troop_cap = 800: 9.7% [8.0%, 11.7%]
	// packages.miami_20_point.troop_cap = 1000: 5.0% [3.8%, 6.5%]
}
