package sensitivity

import (
	"context"
	"fmt"

	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/sensitivity/prim"
)

// Discovery asks which ranges of the inputs make one package lead to one
// pathway: scenario discovery by PRIM over the trials' draws.
type Discovery struct {
	// Package and Pathway are indices into the model's.
	Package, Pathway int
	// Inputs are indices into the model's Inputs, each a Param: a salience
	// Dirichlet is not one number and cannot bound a box.
	Inputs []int
	// Options are PRIM's peeling and pasting fractions and its least mass.
	Options prim.Options
	// MinDensity is the least density of the box chosen from the
	// trajectory: the one with the highest coverage among those that
	// reach it.
	MinDensity float64
}

// DiscoveryResult is a scenario discovery: PRIM's peeling trajectory over
// the trials, and the box chosen from it.
type DiscoveryResult struct {
	*prim.Result
	// Chosen is the step of the trajectory chosen; Reached says whether
	// its density reaches MinDensity (else it is the densest step).
	Chosen  int
	Reached bool
	// Trials is the number of trials, the cases PRIM saw.
	Trials int64
}

// Discover runs the trials of opt, recording each trial's draws of the
// inputs and whether the package leads to the pathway in it, and finds
// PRIM's boxes of inputs in which it does most often.
func Discover(ctx context.Context, m *sim.Model, opt sim.Options, spec Discovery) (*DiscoveryResult, error) {
	inputs := m.Inputs()
	params := make([]int, len(spec.Inputs))
	for j, i := range spec.Inputs {
		if i < 0 || i >= len(inputs) || inputs[i].Param < 0 {
			return nil, fmt.Errorf("discover: input %d is not an uncertain Param of the model", i)
		}
		params[j] = inputs[i].Param
	}
	if spec.Package < 0 || spec.Package >= len(m.Packages) || spec.Pathway < 0 || spec.Pathway >= len(m.Pathways) {
		return nil, fmt.Errorf("discover: no package %d or pathway %d", spec.Package, spec.Pathway)
	}
	out, draws, err := sim.Trials(ctx, m, opt, params)
	if err != nil {
		return nil, err
	}
	y := make([]bool, out.Evaluations())
	for e := range y {
		y[e] = out.Reached(e, spec.Package, spec.Pathway)
	}
	r, err := prim.Find(draws, y, spec.Options)
	if err != nil {
		return nil, err
	}
	chosen, ok := r.Choose(spec.MinDensity)
	return &DiscoveryResult{Result: r, Chosen: chosen, Reached: ok, Trials: int64(len(y))}, nil
}
