package results_test

import (
	"fmt"
	"os"

	"github.com/peacesim/peacesim/results"
)

// A sensitivity analysis streams its tables into a directory and commits
// them with its manifest; ReadDir reads them back as typed rows.
func ExampleWriteTornado() {
	dir, err := os.MkdirTemp("", "tornado")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	s, err := results.OpenStream(dir, results.SensitivityFiles(false), false)
	if err != nil {
		fmt.Println(err)
		return
	}
	rows := []results.TornadoRow{{
		Scenario: "tiny", Package: "plan_a", Pathway: "talks_collapse", Input: "parties.russia.reservation",
		Low: 0.37, High: 0.63, PBase: 0.5, PLow: 0.31, PHigh: 0.68,
		Swing: 0.37, SwingLow: 0.33, SwingHigh: 0.41, Trials: 10000, Seed: 1,
	}}
	if err := results.WriteTornado(s.File(results.TornadoFile), rows); err != nil {
		s.Abort()
		fmt.Println(err)
		return
	}
	man := results.NewManifest("v0.0.0-example")
	man.Sensitivity = &results.Sensitivity{Packages: []string{"plan_a"}, Inputs: []string{"parties.russia.reservation"},
		Range: [2]float64{10, 90}, Evaluations: 30000}
	if err := s.Commit(man); err != nil {
		fmt.Println(err)
		return
	}

	d, err := results.ReadDir(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Files, d.Manifest.Sensitivity.Range)
	for _, r := range d.Tornado {
		fmt.Printf("%s: %.0f%% at %g, %.0f%% at %g, swing %+.0f points\n", r.Input, 100*r.PLow, r.Low, 100*r.PHigh, r.High, 100*r.Swing)
	}
	// Output:
	// [tornado.csv] [10 90]
	// parties.russia.reservation: 31% at 0.37, 68% at 0.63, swing +37 points
}
