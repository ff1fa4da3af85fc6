package sensitivity

import (
	"context"
	"errors"
	"fmt"

	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study"
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
	if out.Weight != nil {
		// With evidence, PRIM looks at the trials it kept.
		if draws, y, err = keptTrials(m, out, draws, y); err != nil {
			return nil, err
		}
	}
	r, err := prim.Find(draws, y, spec.Options)
	if err != nil {
		return nil, err
	}
	chosen, ok := r.Choose(spec.MinDensity)
	return &DiscoveryResult{Result: r, Chosen: chosen, Reached: ok, Trials: int64(len(y))}, nil
}

// keptTrials are the draws and outcomes of the trials the evidence kept
// (weight 1); evidence that weighs trials is an error wrapping
// sim.ErrWeighted, and evidence no trial reproduces one wrapping
// sim.ErrEvidence.
func keptTrials(m *sim.Model, out *sim.Outcomes, draws [][]float64, y []bool) ([][]float64, []bool, error) {
	keep, err := out.Kept(m)
	if err != nil {
		return nil, nil, err
	}
	kd := make([][]float64, len(draws))
	for j, d := range draws {
		kd[j] = make([]float64, len(keep))
		for i, e := range keep {
			kd[j][i] = d[e]
		}
	}
	ky := make([]bool, len(keep))
	for i, e := range keep {
		ky[i] = y[e]
	}
	return kd, ky, nil
}

// DiscoveryOptions are the inputs of a scenario discovery of a model
// (DiscoverModel), beyond the engine's options of the trials it runs.
type DiscoveryOptions struct {
	// Package and Pathway are indices into the model's.
	Package, Pathway int
	// Inputs are the key paths of the inputs a box may restrict; empty
	// means every uncertain value (a salience Dirichlet cannot bound a
	// box).
	Inputs []string
	// MinDensity, in [0, 1], is the least density of the box chosen.
	MinDensity float64
	// Peel, in (0, 0.5), and Paste, in [0, 0.5) (0: no pasting), are the
	// fractions of the box's trials a peeling step removes and a pasting
	// step adds back; MinMass, in (0, 1), the least share of all trials
	// a box holds.
	Peel, Paste, MinMass float64
}

// Check reports, as an *study.InputError, why DiscoverModel would refuse
// o on m: a fraction out of its range (CheckFractions), a package or
// pathway m does not have, or inputs that are not uncertain values
// (DiscoveryInputs).
func (o DiscoveryOptions) Check(m *sim.Model) error {
	_, err := o.inputs(m)
	return err
}

// CheckFractions reports, as an *study.InputError, the first of o's
// density and fractions out of its range; it needs no model.
func (o DiscoveryOptions) CheckFractions() error {
	switch {
	case !(o.MinDensity >= 0 && o.MinDensity <= 1):
		return study.Inputf("MinDensity", "must be in [0, 1], got %g", o.MinDensity)
	case !(o.Peel > 0 && o.Peel < 0.5):
		return study.Inputf("Peel", "must be in (0, 0.5), got %g", o.Peel)
	case !(o.Paste >= 0 && o.Paste < 0.5):
		return study.Inputf("Paste", "must be in [0, 0.5), got %g", o.Paste)
	case !(o.MinMass > 0 && o.MinMass < 1):
		return study.Inputf("MinMass", "must be in (0, 1), got %g", o.MinMass)
	}
	return nil
}

// inputs checks o and resolves its inputs: indices into m.Inputs(), each
// a Param.
func (o DiscoveryOptions) inputs(m *sim.Model) ([]int, error) {
	if err := o.CheckFractions(); err != nil {
		return nil, err
	}
	switch {
	case o.Package < 0 || o.Package >= len(m.Packages):
		return nil, study.Inputf("Package", "scenario %s has no package %d: it has %d", m.ID, o.Package, len(m.Packages))
	case o.Pathway < 0 || o.Pathway >= len(m.Pathways):
		return nil, study.Inputf("Pathway", "scenario %s has no pathway %d: it has %d", m.ID, o.Pathway, len(m.Pathways))
	}
	return DiscoveryInputs(m, o.Inputs)
}

// DiscoveryInputs resolves the key paths of the inputs a box may restrict
// (every uncertain value of m when names is empty) into indices of
// m.Inputs(). A key that ChooseUnits refuses, or that names a salience
// Dirichlet or a factor's step over the rounds of a timeline (drawn
// afresh each round, it has no one value in a trial), is an
// *study.InputError of Inputs; so is a model without an uncertain value.
func DiscoveryInputs(m *sim.Model, names []string) ([]int, error) {
	units, err := ChooseUnits(m, names, nil)
	if err != nil {
		return nil, err
	}
	inputs := m.Inputs()
	var chosen []int
	for _, u := range units {
		i := u.Inputs[0]
		switch p := inputs[i].Param; {
		case p >= 0 && !m.IsStep(p):
			chosen = append(chosen, i)
		case len(names) == 0:
		case p >= 0:
			return nil, study.Inputf("Inputs", "%s is drawn afresh in each round of the timeline, not once a trial: a box cannot bound it", inputs[i].Name)
		default:
			return nil, study.Inputf("Inputs", "%s is a salience Dirichlet, not one number: a box cannot bound it", inputs[i].Name)
		}
	}
	if len(chosen) == 0 {
		return nil, &study.InputError{Msg: fmt.Sprintf("scenario %s has no uncertain value for a box to bound", m.ID)}
	}
	return chosen, nil
}

// ModelDiscovery is a scenario discovery of a model (DiscoverModel): the
// discovery, and what it was asked.
type ModelDiscovery struct {
	*DiscoveryResult
	Options DiscoveryOptions
	// Inputs are the indices into the model's Inputs of the box's inputs,
	// in the order of the result's limits, and Names their key paths.
	Inputs []int
	Names  []string
	// Seed is the trials' seed.
	Seed uint64
}

// DiscoverModel runs the scenario discovery of o on m over the trials of
// opt (Discover): PRIM's peeling trajectory of the package's trials
// leading to the pathway, and the box of highest coverage with density at
// least o.MinDensity. Options it cannot honour are an *study.InputError
// (Check); a pathway the package never reaches in the trials fails with
// an error wrapping prim.ErrNoInterest that says so.
func DiscoverModel(ctx context.Context, m *sim.Model, opt sim.Options, o DiscoveryOptions) (*ModelDiscovery, error) {
	chosen, err := o.inputs(m)
	if err != nil {
		return nil, err
	}
	paste := o.Paste
	if paste == 0 {
		paste = -1 // prim: a negative fraction switches pasting off
	}
	spec := Discovery{Package: o.Package, Pathway: o.Pathway, Inputs: chosen, MinDensity: o.MinDensity,
		Options: prim.Options{Peel: o.Peel, Paste: paste, MinMass: o.MinMass}}
	d, err := Discover(ctx, m, opt, spec)
	if err != nil {
		pkg, pw := m.Packages[o.Package].ID, m.Pathways[o.Pathway].ID
		switch {
		case ctx.Err() != nil:
			return nil, err
		case errors.Is(err, prim.ErrNoInterest):
			return nil, noInterest{fmt.Sprintf("%s never leads to %s in these %d trials: there are no trials of interest for PRIM to find a box around", pkg, pw, opt.Trials)}
		}
		return nil, fmt.Errorf("%s → %s: %w", pkg, pw, err)
	}
	inputs := m.Inputs()
	md := &ModelDiscovery{DiscoveryResult: d, Options: o, Inputs: chosen, Names: make([]string, len(chosen)), Seed: opt.Seed}
	for j, i := range chosen {
		md.Names[j] = inputs[i].Name
	}
	return md, nil
}

// noInterest is the failure of a discovery whose package never leads to
// its pathway: prim.ErrNoInterest, said of the scenario.
type noInterest struct{ msg string }

func (e noInterest) Error() string { return e.msg }
func (e noInterest) Unwrap() error { return prim.ErrNoInterest }
