package sensitivity_test

import (
	"context"
	"fmt"
	"os"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/sensitivity"
)

// load reads the closed-form scenario of testdata/closed.toml: the
// framework happens exactly when R_f ≤ 0.5, R_f ~ U(0, 1); R_h moves only
// the humanitarian track, and the factor nothing.
func load() (*sim.Model, error) {
	src, err := os.ReadFile("testdata/closed.toml")
	if err != nil {
		return nil, err
	}
	return scenarios.Load("closed.toml", src)
}

// Analyse runs a tornado and the Sobol indices of every uncertain input,
// here with the party's two reservations moved as one group. Fixed at its
// 10th percentile the group makes the framework certain, at its 90th
// impossible: a swing of exactly −1, and the whole of the variance (S1 =
// 1 exactly; ST and the factor's S1 are estimates, within their sampling
// error of 1 and 0). The factor cannot move the framework: a swing and a
// total index of exactly 0. The tornado costs (2 units × 2 + 1) × 20000
// trials, the Sobol analysis (2 + 2) × 4096.
func ExampleAnalyse() {
	m, err := load()
	if err != nil {
		fmt.Println(err)
		return
	}
	o := sensitivity.AnalysisOptions{
		Groups:  []sensitivity.Group{{Name: "reservations", Keys: []string{"parties.a.reservation.framework", "parties.a.reservation.humanitarian"}}},
		Tornado: true, Range: [2]float64{10, 90},
		Samples: 4096, Bootstrap: 20,
	}
	a, err := sensitivity.Analyse(context.Background(), m, sim.Options{Trials: 20000, Seed: 4, Workers: 2}, o)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d units, %d model evaluations\n", len(a.Units), a.Evaluations)
	for _, s := range a.Tornado.Swings {
		if m.Pathways[s.Pathway].ID == "framework_agreement" {
			fmt.Printf("tornado %s: %.2f → %.2f, swing %+.2f\n", a.Units[s.Unit].Name, s.PLow.P, s.PHigh.P, s.Diff.Difference)
		}
	}
	for _, x := range a.Sobol.Indices {
		if m.Pathways[x.Pathway].ID == "framework_agreement" {
			fmt.Printf("Sobol %s: S1 %.2f, ST %.2f\n", a.Units[x.Unit].Name, x.First, x.Total)
		}
	}
	// Output:
	// 2 units, 116384 model evaluations
	// tornado reservations: 1.00 → 0.00, swing -1.00
	// tornado factors.noise.value: 0.50 → 0.50, swing +0.00
	// Sobol factors.noise.value: S1 -0.02, ST 0.00
	// Sobol reservations: S1 1.00, ST 1.02
}

// DiscoverModel looks for the ranges of the inputs in which the package
// leads to the framework: the box of density at least 0.95 with the most
// coverage bounds R_f alone, from above, near 0.5.
func ExampleDiscoverModel() {
	m, err := load()
	if err != nil {
		fmt.Println(err)
		return
	}
	o := sensitivity.DiscoveryOptions{Package: 0, Pathway: 0, MinDensity: 0.95, Peel: 0.05, Paste: 0.05, MinMass: 0.05}
	d, err := sensitivity.DiscoverModel(context.Background(), m, sim.Options{Trials: 20000, Seed: 4, Workers: 2}, o)
	if err != nil {
		fmt.Println(err)
		return
	}
	b := d.Trajectory[d.Chosen]
	fmt.Printf("step %d of %d: density %.2f, coverage %.2f\n", d.Chosen, len(d.Trajectory)-1, b.Density, b.Coverage)
	for _, j := range b.Restricted {
		fmt.Printf("%s in [%.2f, %.2f]\n", d.Names[j], b.Limits[j].Lo, b.Limits[j].Hi)
	}
	// Output:
	// step 13 of 14: density 0.97, coverage 1.00
	// parties.a.reservation.framework in [0.00, 0.52]
}
