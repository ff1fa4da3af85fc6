package report_test

import (
	"fmt"
	"strings"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/results/report"
)

// The command that writes a sweep's directory again, from its manifest.
func ExampleCommand() {
	d := &results.Dir{Path: "out/sweep", Files: []string{"sweep.csv"}, Manifest: results.Manifest{
		Tool: "peacesim", Version: "0.1.0",
		Scenarios: []results.ScenarioRun{{Scenario: "miami-2025", File: "miami-2025.toml", Seed: 20251220, Trials: 10000}},
		Sweep:     &results.Sweep{Vary: []string{"packages.miami_20_point.troop_cap=400:1000:100"}, Points: 7},
	}}
	sources := []report.Source{{File: "miami-2025.toml", Name: "miami-2025"}}
	fmt.Println(strings.Join(report.Command(d, sources), " "))
	// Output:
	// peacesim sweep miami-2025 --trials 10000 --seed 20251220 --vary packages.miami_20_point.troop_cap=400:1000:100 -o out/sweep
}
