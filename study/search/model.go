package search

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study"
	"github.com/peacesim/peacesim/study/bargain"
	"github.com/peacesim/peacesim/study/space"
)

// The objectives of a search of a model (ModelOptions.Objective).
const (
	// Probability is the probability of the target pathway.
	Probability = "probability"
	// Nash is the expected Nash product of the veto parties on the
	// target's tracks (modelObjective.nash).
	Nash = "nash"
)

// ModelOptions are the inputs of a search of a model's negotiable space
// (Optimize, RepairModel), beyond the engine's options of the trials every
// candidate package is scored on.
type ModelOptions struct {
	// Target is the index of the pathway the search makes likelier: not
	// the fallback pathway, which is reached only when no other is.
	Target int
	// Objective is what Optimize maximises: Probability (of Target, the
	// default when empty) or Nash. A repair reaches a probability.
	Objective string
	// Package is the index of the package the search starts from, whose
	// values the issues that are not negotiable keep: the package a
	// repair changes.
	Package int
	// MinProb is the probability of Target a repair must reach, in
	// (0, 1]; Optimize does not read it.
	MinProb float64
	// Starts is the number of local searches (Options.Starts) and
	// MaxEvals the most candidate packages scored, each at least 1.
	Starts, MaxEvals int
	// Top is the number of distinct packages Optimize returns, DefaultTop
	// when 0.
	Top int
	// Progress, when set, is called with the number of candidates just
	// scored, after each batch: about MaxEvals in all.
	Progress func(n int64)
}

// objective is o's objective, Probability when empty.
func (o ModelOptions) objective() string {
	if o.Objective == "" {
		return Probability
	}
	return o.Objective
}

// Check reports, as an *study.InputError, why Optimize would refuse o on
// m: an unknown objective, fewer than one start or evaluation, a target
// m lacks or its fallback pathway, a package m lacks, or no negotiable
// issue.
func (o ModelOptions) Check(m *sim.Model) error {
	if err := o.checkBudget(); err != nil {
		return err
	}
	return o.checkModel(m)
}

// CheckRepair reports, as an *study.InputError, why RepairModel would
// refuse o on m: Check's reasons, a MinProb outside (0, 1], an objective
// other than Probability, or a package with a negotiable issue outside
// its negotiable space, which a repair moves within.
func (o ModelOptions) CheckRepair(m *sim.Model) error {
	if err := o.checkObjective(); err != nil {
		return err
	}
	switch {
	case !(o.MinProb > 0 && o.MinProb <= 1):
		return study.Inputf("MinProb", "must be in (0, 1] for a repair, got %g", o.MinProb)
	case o.objective() != Probability:
		return study.Inputf("Objective", "a repair reaches a probability: it takes %s, got %s", Probability, o.Objective)
	}
	if err := o.Check(m); err != nil {
		return err
	}
	issues := bargain.Negotiable(m)
	s, base := bargain.Dims(m, issues), m.Packages[o.Package].Values
	for j, d := range s {
		if x := base[issues[j]]; !d.Contains(x) {
			return study.Inputf("Package", "%s's %s, %s, lies outside the issue's negotiable space, which a repair moves within: declare it negotiable (issues.%s.negotiable) or repair another package",
				m.Packages[o.Package].ID, d.Name, m.Issues[issues[j]].FormatValue(x), d.Name)
		}
	}
	return nil
}

func (o ModelOptions) checkObjective() error {
	if obj := o.objective(); obj != Probability && obj != Nash {
		return study.Inputf("Objective", "must be %s or %s, got %q", Probability, Nash, o.Objective)
	}
	return nil
}

func (o ModelOptions) checkBudget() error {
	if err := o.checkObjective(); err != nil {
		return err
	}
	switch {
	case o.Starts < 1:
		return study.Inputf("Starts", "must be ≥ 1, got %d", o.Starts)
	case o.MaxEvals < 1:
		return study.Inputf("MaxEvals", "must be ≥ 1, got %d", o.MaxEvals)
	case o.Top < 0:
		return study.Inputf("Top", "must be ≥ 1, or 0 for %d, got %d", DefaultTop, o.Top)
	}
	return nil
}

func (o ModelOptions) checkModel(m *sim.Model) error {
	switch {
	case o.Target < 0 || o.Target >= len(m.Pathways):
		return study.Inputf("Target", "scenario %s has no pathway %d: it has %d", m.ID, o.Target, len(m.Pathways))
	case m.Pathways[o.Target].Fallback():
		return study.Inputf("Target", "%s is the fallback pathway, reached when no other is: maximise another", m.Pathways[o.Target].ID)
	case o.Package < 0 || o.Package >= len(m.Packages):
		return study.Inputf("Package", "scenario %s has no package %d: it has %d", m.ID, o.Package, len(m.Packages))
	}
	return bargain.CheckNegotiable(m)
}

// Found is a package a search of a model found.
type Found struct {
	// X is the package's values of the negotiable issues, in the order
	// of the result's Issues.
	X []float64
	// Value is the objective at X.
	Value float64
	// Probability is the package's probability of the target, with its
	// Wilson 95% interval.
	Probability sim.Proportion
}

// ModelResult is what a search of a model found.
type ModelResult struct {
	// Target and Package are the indices of the pathway and of the
	// package searched from, Objective the objective maximised,
	// Probability or Nash.
	Target, Package int
	Objective       string
	// Trials and Seed are the trials every candidate was scored on.
	Trials int64
	Seed   uint64
	// Issues are the indices of the model's negotiable issues: the space
	// searched, in the order of each package's values.
	Issues []int
	// Best are the best packages found, best first, each farther than a
	// hundredth of the space from every better one; for a repair, the
	// package it reaches or, when none reaches MinProb, the best found.
	Best []Found
	// Evaluations is the number of candidate packages scored.
	Evaluations int
	// Repair is the repair RepairModel found; nil from Optimize.
	Repair *ModelRepair
}

// ModelRepair is the smallest change to a package that a search of a
// model found to reach a probability of the target.
type ModelRepair struct {
	// MinProb is the probability of the target to reach.
	MinProb float64
	// Base is the package's values of the negotiable issues, and
	// BaseProbability its probability of the target.
	Base            []float64
	BaseProbability float64
	// Found reports a change that reaches MinProb: the embedded Repair.
	Found bool
	Repair
}

// Optimize searches m's negotiable space for the packages that maximise
// o's objective (Maximize from package o.Package, every issue that is not
// negotiable as it has it), every candidate scored on the same trials of
// opt. Options it cannot honour are an *study.InputError (Check).
func Optimize(ctx context.Context, m *sim.Model, opt sim.Options, o ModelOptions) (*ModelResult, error) {
	if err := o.Check(m); err != nil {
		return nil, err
	}
	f, res, err := newModelObjective(ctx, m, opt, o)
	if err != nil {
		return nil, err
	}
	top := cmp.Or(o.Top, DefaultTop)
	score := f.probability
	if res.Objective == Nash {
		score = f.nash
	}
	cs, evals, err := Maximize(f.space, snap(f.space, f.start()), score, o.searchOptions(opt.Seed, top))
	if err != nil {
		return nil, err
	}
	res.Evaluations = evals
	return res, f.keep(res, distinct(f.space, cs, top))
}

// RepairModel finds the smallest change to package o.Package within m's
// negotiable space that makes P(o.Target) ≥ o.MinProb (SmallestRepair),
// every candidate scored on the same trials of opt, or the best package
// it found when none does. Options it cannot honour are an
// *study.InputError (CheckRepair).
func RepairModel(ctx context.Context, m *sim.Model, opt sim.Options, o ModelOptions) (*ModelResult, error) {
	if err := o.CheckRepair(m); err != nil {
		return nil, err
	}
	f, res, err := newModelObjective(ctx, m, opt, o)
	if err != nil {
		return nil, err
	}
	r := &ModelRepair{MinProb: o.MinProb, Base: f.start()}
	baseP, err := f.probability([][]float64{r.Base})
	if err != nil {
		return nil, err
	}
	r.BaseProbability = baseP[0]
	rep, found, best, evals, err := SmallestRepair(f.space, r.Base, f.probability, o.MinProb, o.searchOptions(opt.Seed, cmp.Or(o.Top, DefaultTop)))
	if err != nil {
		return nil, err
	}
	r.Found, r.Repair, res.Evaluations, res.Repair = found, rep, evals, r
	if found {
		best = Candidate{X: rep.X, Value: rep.Value}
	}
	var reached []Candidate
	if best.X != nil {
		reached = append(reached, best)
	}
	return res, f.keep(res, reached)
}

// keep scores the probability of the target of each of cs, in one run,
// and makes them res.Best.
func (f *modelObjective) keep(res *ModelResult, cs []Candidate) error {
	xs := make([][]float64, len(cs))
	for r, c := range cs {
		xs[r] = c.X
	}
	if _, err := f.probability(xs); err != nil {
		return err
	}
	for _, c := range cs {
		res.Best = append(res.Best, Found{X: c.X, Value: c.Value, Probability: f.probs[key(c.X)]})
	}
	return nil
}

// searchOptions are the options of the search for o, top packages
// reported. It keeps many more than top: near-copies of one package, a
// hundredth of a range apart, are reported once (distinct).
func (o ModelOptions) searchOptions(seed uint64, top int) Options {
	opt := Options{Starts: o.Starts, Seed: seed, MaxEvals: o.MaxEvals, Top: 50 * top}
	if o.objective() == Probability {
		// A probability is scored a batch of packages at a time, and is a
		// step function of a number: Nelder–Mead's one-package calls cost
		// a run each and do not help on steps.
		opt.PolishEvals = -1
	}
	return opt
}

// snap moves each value of x onto its Dim: a number into [Lo, Hi], a
// level not allowed onto the nearest allowed one; a package's values may
// lie outside the negotiable space, the search's start may not.
func snap(s space.Space, x []float64) []float64 {
	out := slices.Clone(x)
	for j, d := range s {
		if !d.Discrete() {
			out[j] = math.Min(d.Hi, math.Max(d.Lo, out[j]))
			continue
		}
		if d.Contains(out[j]) {
			continue
		}
		best := d.Values[0]
		for _, v := range d.Values {
			if math.Abs(v-out[j]) < math.Abs(best-out[j]) {
				best = v
			}
		}
		out[j] = best
	}
	return out
}

// distinct keeps the first n candidates, best first, that differ from
// every one kept before by more than a hundredth of the negotiable space
// (space.Space.Distance): the search returns many near-copies of its best
// package, a rounding apart, which a table of the best should not list.
func distinct(s space.Space, cs []Candidate, n int) []Candidate {
	var out []Candidate
	for _, c := range cs {
		if len(out) == n {
			break
		}
		if !slices.ContainsFunc(out, func(o Candidate) bool { return s.Distance(o.X, c.X) <= 0.01 }) {
			out = append(out, c)
		}
	}
	return out
}

// modelObjective is the Objective of a search of a model: it scores a
// batch of candidate packages of the negotiable space as the packages of
// one run, on the same trials (common random numbers), and remembers each
// candidate's probability of the target by its values.
type modelObjective struct {
	ctx context.Context
	m   *sim.Model
	// base is every issue's value in the package searched from; a
	// candidate sets those of issues, the negotiable ones, which span
	// space.
	base   []float64
	issues []int
	space  space.Space
	target int
	// opt are the runs' options: lean, without a progress of their own.
	opt sim.Options
	// draws are the trials' draws of every input, for the Nash objective.
	draws    bargain.Draws
	probs    map[string]sim.Proportion
	progress func(n int64)
}

// newModelObjective is the objective of a search of m with o, on the
// trials of opt (with the Nash objective it draws them first), and the
// search's result, to be filled in.
func newModelObjective(ctx context.Context, m *sim.Model, opt sim.Options, o ModelOptions) (*modelObjective, *ModelResult, error) {
	issues := bargain.Negotiable(m)
	f := &modelObjective{ctx: ctx, m: m, base: m.Packages[o.Package].Values, issues: issues, space: bargain.Dims(m, issues),
		target: o.Target, opt: opt, probs: map[string]sim.Proportion{}, progress: o.Progress}
	f.opt.Lean, f.opt.Progress = true, nil
	res := &ModelResult{Target: o.Target, Package: o.Package, Objective: o.objective(), Trials: opt.Trials, Seed: opt.Seed, Issues: issues}
	if res.Objective == Nash {
		var err error
		if f.draws, err = bargain.TrialDraws(ctx, m, opt); err != nil {
			return nil, nil, err
		}
	}
	return f, res, nil
}

// start is the base package's values of the negotiable issues.
func (f *modelObjective) start() []float64 {
	x := make([]float64, len(f.issues))
	for j, i := range f.issues {
		x[j] = f.base[i]
	}
	return x
}

// key identifies a candidate in the cache.
func key(x []float64) string {
	var b strings.Builder
	for _, v := range x {
		b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
		b.WriteByte(',')
	}
	return b.String()
}

// values is the package of a candidate: the base with the negotiable
// issues set.
func (f *modelObjective) values(x []float64) []float64 {
	v := slices.Clone(f.base)
	for j, i := range f.issues {
		v[i] = x[j]
	}
	return v
}

// report tells the caller's progress that n more candidates were scored.
func (f *modelObjective) report(n int) {
	if f.progress != nil {
		f.progress(int64(n))
	}
}

// probability is P(target) of each candidate, from one run of all the
// candidates not yet scored, as packages of the model.
func (f *modelObjective) probability(xs [][]float64) ([]float64, error) {
	var todo [][]float64
	for _, x := range xs {
		if _, ok := f.probs[key(x)]; !ok && !slices.ContainsFunc(todo, func(y []float64) bool { return key(y) == key(x) }) {
			todo = append(todo, x)
		}
	}
	if len(todo) > 0 {
		candidates := make([]sim.Package, len(todo))
		for k, x := range todo {
			candidates[k] = sim.Package{ID: "candidate_" + strconv.Itoa(k), Values: f.values(x)}
		}
		r, err := sim.Run(f.ctx, withCandidates(f.m, candidates), f.opt)
		if err != nil {
			return nil, err
		}
		for k, x := range todo {
			f.probs[key(x)] = r.Pathways[k][f.target]
		}
		f.report(len(todo))
	}
	out := make([]float64, len(xs))
	for j, x := range xs {
		out[j] = f.probs[key(x)].P
	}
	return out, nil
}

// withCandidates is m scoring the candidates in place of its packages,
// still conditioned on its evidence: the packages the evidence observes
// are observed apart (sim.Model.Observed), after the candidates.
func withCandidates(m *sim.Model, candidates []sim.Package) *sim.Model {
	c := m.WithPackages(nil)
	c.Packages = candidates
	for i := range c.Evidence {
		c.Evidence[i].Package += len(candidates)
	}
	return c
}

// nash is the expected Nash product of each candidate over the trials:
//
//	E[Π_{t ∈ target's tracks} Π_{veto p with a stake on t} max(0, U(p, t) − R(p, t))]
//
// the surplus of a party 0 when one of its hard red lines vetoes the
// package (docs/model.md#utility).
func (f *modelObjective) nash(xs [][]float64) ([]float64, error) {
	if err := f.ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]float64, len(xs))
	S := f.draws.Trials()
	for j, x := range xs {
		v := f.values(x)
		var sum float64
		for s := range S {
			sum += f.nashProduct(v, func(i int) float64 { return f.draws[i][s] })
		}
		out[j] = sum / float64(S)
	}
	f.report(len(xs))
	return out, nil
}

// nashProduct is the Nash product of the package of values v in one
// trial, whose draws param gives.
func (f *modelObjective) nashProduct(v []float64, param func(i int) float64) float64 {
	m := f.m
	prod := 1.0
	for _, t := range m.Pathways[f.target].Tracks {
		for p, party := range m.Parties {
			if !party.Veto || party.Reservation[t] < 0 {
				continue
			}
			u, vetoed := m.Utility(p, t, v, param)
			surplus := u - m.Reservation(p, t, param)
			if vetoed || surplus < 0 {
				surplus = 0
			}
			prod *= surplus
		}
	}
	return prod
}
