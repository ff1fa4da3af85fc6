package sensitivity

import (
	"context"

	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study"
)

// Defaults of AnalysisOptions' Sobol analysis, peacesim sensitivity's:
// its base samples and bootstrap replicates.
const (
	DefaultSamples   = 16384
	DefaultBootstrap = 100
)

// AnalysisOptions are the inputs of a sensitivity analysis of a model
// (Analyse), beyond the engine's options of the trials it runs: which
// inputs, and which of the two analyses.
type AnalysisOptions struct {
	// Inputs are the key paths of the inputs analysed, each on its own;
	// empty means every uncertain input. Groups are moved as one each
	// (ChooseUnits).
	Inputs []string
	Groups []Group
	// Tornado runs the one-at-a-time analysis (RunTornado) at the
	// percentiles Range, in percent ({10, 90}); with Precision > 0, to
	// that precision within MaxTrials trials (Tornado.Precision).
	Tornado   bool
	Range     [2]float64
	Precision float64
	MaxTrials int64
	// Samples, when > 0, runs the Sobol analysis (RunSobol) on that many
	// base samples, with Bootstrap replicates of its intervals.
	Samples   int64
	Bootstrap int
}

// Check reports, as an *study.InputError, why Analyse would refuse o on
// m: no analysis asked for, percentiles out of order, a precision without
// a bound on the trials, samples or replicates out of range
// (CheckSampling), or an input or a group that ChooseUnits refuses.
func (o AnalysisOptions) Check(m *sim.Model) error {
	_, err := o.Plan(m)
	return err
}

// CheckSampling reports, as an *study.InputError, Sobol samples or
// bootstrap replicates out of range; it needs no model.
func (o AnalysisOptions) CheckSampling() error {
	switch {
	case o.Samples < 0 || o.Samples == 1:
		return study.Inputf("Samples", "must be 0 (no Sobol analysis) or ≥ 2, got %d", o.Samples)
	case o.Bootstrap < 0:
		return study.Inputf("Bootstrap", "must be ≥ 0, got %d", o.Bootstrap)
	}
	return nil
}

// Plan is an analysis resolved against a model before it runs: the units
// it moves and what it costs.
type Plan struct {
	Options AnalysisOptions
	Units   []Unit
	// Fixable are the units the tornado fixes (Fixable): the others,
	// salience Dirichlets, have no percentiles.
	Fixable int
}

// Plan resolves o's units on m and checks o as Check does.
func (o AnalysisOptions) Plan(m *sim.Model) (*Plan, error) {
	switch {
	case !o.Tornado && o.Samples == 0:
		return nil, study.Inputf("Samples", "a Sobol analysis needs samples when no tornado runs: nothing to do")
	case o.Tornado && !validRange(o.Range[0], o.Range[1]):
		return nil, study.Inputf("Range", "must be two percentiles with 0 ≤ low < high ≤ 100, got %g and %g", o.Range[0], o.Range[1])
	case o.Tornado && o.Precision > 0 && o.MaxTrials <= 0:
		return nil, study.Inputf("MaxTrials", "must be > 0 with a precision, got %d", o.MaxTrials)
	}
	if err := o.CheckSampling(); err != nil {
		return nil, err
	}
	units, err := ChooseUnits(m, o.Inputs, o.Groups)
	if err != nil {
		return nil, err
	}
	p := &Plan{Options: o, Units: units}
	if o.Tornado {
		if err := finiteRange(m, units, o.Range[0]/100, o.Range[1]/100); err != nil {
			return nil, err
		}
		p.Fixable = Fixable(m, units)
	}
	return p, nil
}

// MostTrials are the most trials the tornado of p may run when opt.Trials
// are trials: MaxTrials with a precision.
func (p *Plan) MostTrials(trials int64) int64 {
	if p.Options.Tornado && p.Options.Precision > 0 {
		return p.Options.MaxTrials
	}
	return trials
}

// Evaluations are the model evaluations of the analyses planned, the
// tornado's on trials: TornadoEvaluations and SobolEvaluations.
func (p *Plan) Evaluations(trials int64) int64 {
	var n int64
	if p.Options.Tornado {
		n += TornadoEvaluations(p.Fixable, trials)
	}
	if p.Options.Samples > 0 {
		n += SobolEvaluations(len(p.Units), p.Options.Samples)
	}
	return n
}

// Analysis is a sensitivity analysis of a model: the units moved, the
// tornado and the Sobol indices of those asked for.
type Analysis struct {
	*Plan
	// Tornado is nil when o.Tornado was not set, Sobol when o.Samples was
	// 0.
	Tornado *TornadoResult
	Sobol   *SobolResult
	// Trials are the trials the tornado ran (the options' without one),
	// Seed their seed, and Evaluations the model evaluations of both
	// analyses.
	Trials      int64
	Seed        uint64
	Evaluations int64
}

// Analyse resolves o's inputs and groups on m into units (ChooseUnits)
// and runs the analyses asked for on the trials of opt: the tornado
// (RunTornado), then the Sobol indices (RunSobol). Options it cannot
// honour are an *study.InputError (Check).
func Analyse(ctx context.Context, m *sim.Model, opt sim.Options, o AnalysisOptions) (*Analysis, error) {
	p, err := o.Plan(m)
	if err != nil {
		return nil, err
	}
	a := &Analysis{Plan: p, Trials: opt.Trials, Seed: opt.Seed}
	if o.Tornado {
		spec := Tornado{Low: o.Range[0] / 100, High: o.Range[1] / 100, Precision: o.Precision, MaxTrials: o.MaxTrials}
		if a.Tornado, err = RunTornado(ctx, m, opt, p.Units, spec); err != nil {
			return nil, err
		}
		a.Trials = a.Tornado.Trials
	}
	if o.Samples > 0 {
		if a.Sobol, err = RunSobol(ctx, m, opt, p.Units, Sobol{Samples: o.Samples, Bootstrap: o.Bootstrap}); err != nil {
			return nil, err
		}
	}
	a.Evaluations = p.Evaluations(a.Trials)
	return a, nil
}

// Reached reports whether the tornado reached the precision asked for:
// true without a tornado or a precision.
func (a *Analysis) Reached() bool { return a.Tornado == nil || a.Tornado.Reached }
