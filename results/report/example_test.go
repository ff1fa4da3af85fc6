package report_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
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

// The report of a run, read back, written to an HTML file: what peacesim
// report does. Source finds each scenario's source; this one has none to
// give, and the page says so in its provenance.
func ExampleWriteFile() {
	d, err := results.ReadDir("../plot/testdata/run")
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, err := os.MkdirTemp("", "report")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	w, err := report.WriteFile(context.Background(), []*results.Dir{d}, report.FileOptions{
		Out: filepath.Join(dir, "report.html"),
		Source: func(file string) report.Source {
			return report.Source{File: file, Err: fmt.Errorf("%s is not at hand", file)}
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %d directory\n", filepath.Base(w.Out), w.Dirs)
	// Output:
	// report.html: 1 directory
}
