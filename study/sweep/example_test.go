package sweep_test

import (
	"context"
	"fmt"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/sweep"
)

// closed is a scenario whose sweep is known: one veto party scores package
// p at its issue x, and accepts the framework when its reservation
// R ~ U(0, 1) is at most that, so that P(framework) = x exactly.
const closed = `
[scenario]
id = "closed"
[issues.x]
track = "framework"
kind = "number"
range = [0, 1]
[parties.a]
veto = true
reservation = "uniform(0, 1)"
[parties.a.stakes.x]
weight = 1
best = 1
worst = 0
[packages.p]
x = 0.5
[[pathways]]
id = "framework_agreement"
tracks = ["framework"]
accepted_by = "veto"
[[pathways]]
id = "talks_collapse"
`

// A sweep from Go: ParseVary reads the varied key as the command line
// takes it, NewDesign compiles it against a Loader (here the scenario
// above with the overrides; a program may read a file, choose packages,
// add its own overrides), and Run runs the points on the same 40,000
// trials, in order. P(framework) follows x, within sampling error
// (±0.005 at 95%).
func ExampleNewDesign() {
	load := func(ctx context.Context, over ...scenarios.Option) (*sim.Model, error) {
		return scenarios.Load("closed.toml", []byte(closed), over...)
	}
	x, err := sweep.ParseVary("packages.p.x=0.2:0.8:0.3")
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	d, err := sweep.NewDesign(ctx, load, sweep.DesignOptions{Vary: []sweep.Vary{x}})
	if err != nil {
		fmt.Println(err)
		return
	}
	opt := sim.Options{Trials: 40000, Seed: 1, Lean: true}
	err = sweep.Run(ctx, d.Base, d.Points, opt, 2, nil, func(p sweep.Point, m *sim.Model, r *sim.Result) error {
		fmt.Printf("point %d: %s = %s, P(framework) = %.2f\n", p.Index, d.Keys[0], p.Values[0].Text, r.Pathways[0][0].P)
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// point 0: packages.p.x = 0.2, P(framework) = 0.20
	// point 1: packages.p.x = 0.5, P(framework) = 0.50
	// point 2: packages.p.x = 0.8, P(framework) = 0.80
}
