package results_test

import (
	"context"
	"fmt"
	"os"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/bargain"
	"github.com/peacesim/peacesim/study/search"
)

// loadSplit loads the division of a unit that the studies' tests share.
func loadSplit() (*sim.Model, error) {
	src, err := os.ReadFile("../study/testdata/split.toml")
	if err != nil {
		return nil, err
	}
	return scenarios.Load("split.toml", src)
}

// The summary of a bargaining analysis, as peacesim bargain prints it;
// NewBargainTables has the rows of its CSV tables too (WriteZOPA, …).
func ExampleWriteBargainTable() {
	m, err := loadSplit()
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := bargain.AnalyseModel(context.Background(), m, sim.Options{Trials: 1000, Seed: m.Seed},
		bargain.ModelOptions{Grid: bargain.DefaultGrid})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := results.WriteBargainTable(os.Stdout, results.NewBargainTables(m, a)); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Scenario split: bargaining at nominal values over the negotiable issues, the others as in low; zones of agreement over 1000 trials, seed 3
	//
	// Track framework: a zone of possible agreement exists at nominal values; one exists in 56.4% of trials [53.3%, 59.4%]
	//   reservations: a 0.400, b 0.400
	//   Nash solution: share=0.5
	//     utilities: a 0.500, b 0.500
	//   Kalai–Smorodinsky: share=0.5
	//     utilities: a 0.500, b 0.500
	//   package  a      b      acceptable  to frontier  to Nash
	//   low      0.100  0.900  false       0.000        0.566
	//
	// (utilities on the parties' 0–1 scales; distances in utility, Euclidean; the tables in -o DIR have the frontier)
}

// The summary of a repair, as peacesim optimize --repair prints it.
func ExampleWriteSearchTable() {
	m, err := loadSplit()
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := search.RepairModel(context.Background(), m, sim.Options{Trials: 4000, Seed: m.Seed},
		search.ModelOptions{MinProb: 0.2, Starts: 2, MaxEvals: 200})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := results.WriteSearchTable(os.Stdout, results.NewSearchTables(m, r)); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Scenario split: the smallest change to low that reaches P(deal) ≥ 20.0% (now 12.3%); 200 candidates scored on the same 4000 trials, seed 3
	//
	//   issue  from  to
	//   share  0.1   0.162337
	//
	//   reaches 20.0% (distance 0.062: each issue's negotiable range counts 1)
}
