package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/bargain"
	"github.com/peacesim/peacesim/study/search"
	"github.com/peacesim/peacesim/study/space"
)

// OptimizeOptions are the inputs of peacesim optimize.
type OptimizeOptions struct {
	ScenarioOptions
	// Target is the pathway whose probability is maximised.
	Target string
	// Package is the package the search starts from, and whose values the
	// issues that are not negotiable keep.
	Package string
	// Objective is "probability" (P(target)) or "nash" (the expected Nash
	// product of the veto parties on the target's tracks).
	Objective string
	// Repair, when set, asks for the smallest change to that package that
	// reaches P(target) ≥ MinProb.
	Repair  string
	MinProb float64
	// Starts and MaxEvals bound the search.
	Starts, MaxEvals int
}

// Defaults of peacesim optimize.
const (
	defaultOptimizeTrials = 10000
	defaultStarts         = 5
	defaultMaxEvals       = 4000
	optimizeTop           = 10
)

// newOptimizeCmd binds the flags of peacesim optimize.
func newOptimizeCmd() *cobra.Command {
	opts := &OptimizeOptions{}
	cmd := &cobra.Command{
		Use:   "optimize [FILE|NAME] --target PATHWAY",
		Short: "Which packages of the negotiable space make a pathway likeliest, and the smallest repair of a plan",
		Long: `Optimize searches the scenario's negotiable space (the issues with
negotiable = [lo, hi], a list of levels or true; the others as --package has
them) for the packages that maximise the probability of --target, every
candidate on the same trials (common random numbers), or with --objective
nash the expected Nash product of the veto parties on the target's tracks.
Levels and bools are searched by enumeration and coordinate search, numbers
through gonum/optimize and line scans over a bounded transform, from several
starts. optimize.csv has the 10 best: rank, probability with its 95%
interval, and each negotiable issue's value.

--repair PACKAGE --min-prob P asks instead for the smallest change to that
package that reaches P(target) ≥ P: the fewest issues changed, then the
smallest normalised distance (each issue's whole negotiable range counts 1).
repair.csv lists the changes, from and to, and the probability reached; when
nothing in the negotiable space reaches P, it says so and how close the
search came.`,
		Example: `  peacesim optimize --target framework_agreement -o opt/
  peacesim optimize --target framework_agreement --repair miami_20_point --min-prob 0.3 -o repair/
  peacesim optimize --target humanitarian_ceasefire --objective nash --trials 5000`,
		Args:              usageArgs(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeScenarioOrFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.complete(cmd, args)
			return runOptimize(cmd.Context(), opts)
		},
	}
	opts.bind(cmd, commandFlags{Formats: []string{"table"}, Trials: defaultOptimizeTrials, TrialsUsage: "the trials every candidate is scored on (the same for all)"})
	f := cmd.Flags()
	f.StringVar(&opts.Target, "target", "", "the pathway to make likeliest, by id (default: the scenario's first)")
	f.StringVar(&opts.Package, "package", "", "the package to start from; the issues that are not negotiable keep its values (default: the scenario's first, or --repair's)")
	f.StringVar(&opts.Objective, "objective", "probability", "what to maximise: probability (of --target) or nash (the expected Nash product)")
	f.StringVar(&opts.Repair, "repair", "", "find the smallest change to `PACKAGE` that reaches --min-prob")
	f.Float64Var(&opts.MinProb, "min-prob", 0, "the probability of --target a repair must reach, in (0, 1]")
	f.IntVar(&opts.Starts, "starts", defaultStarts, "starting points of the search")
	f.IntVar(&opts.MaxEvals, "max-evals", defaultMaxEvals, "the most candidate packages the search scores")
	return cmd
}

// runOptimize loads the scenario, searches its negotiable space, and
// writes the best packages or the repair.
func runOptimize(ctx context.Context, opts *OptimizeOptions) error {
	if err := opts.validate(); err != nil {
		return err
	}
	switch {
	case opts.Objective != "probability" && opts.Objective != "nash":
		return usageErrorf("--objective must be probability or nash, got %q", opts.Objective)
	case opts.Repair != "" && !(opts.MinProb > 0 && opts.MinProb <= 1):
		return usageErrorf("--min-prob must be in (0, 1] with --repair, got %g", opts.MinProb)
	case opts.Repair == "" && opts.MinProb != 0:
		return usageErrorf("--min-prob goes with --repair PACKAGE")
	case opts.Repair != "" && opts.Objective != "probability":
		return usageErrorf("--repair reaches a probability: it takes --objective probability")
	case opts.Starts < 1 || opts.MaxEvals < 1:
		return usageErrorf("--starts and --max-evals must be ≥ 1")
	}
	m, file, err := loadScenario(ctx, opts.Scenario, opts.Sets)
	if err != nil {
		return err
	}
	var targets []string
	if opts.Target != "" {
		targets = []string{opts.Target}
	}
	tw, err := choosePathways(m, targets, "--target")
	if err != nil {
		return err
	}
	target := tw[0]
	if m.Pathways[target].Fallback() {
		return usageErrorf("--target %s is the fallback pathway, reached when no other is: maximise another", m.Pathways[target].ID)
	}
	pkgID := opts.Package
	if opts.Repair != "" {
		if pkgID != "" && pkgID != opts.Repair {
			return usageErrorf("--package %s and --repair %s: a repair starts from the package it repairs", pkgID, opts.Repair)
		}
		pkgID = opts.Repair
	}
	base, err := packageIndex(m, pkgID, map[bool]string{true: "--repair", false: "--package"}[opts.Repair != ""])
	if err != nil {
		return err
	}
	neg := bargain.Negotiable(m)
	if len(neg) == 0 {
		return usageErrorf("scenario %s has no negotiable issue: give some issues negotiable = [lo, hi], a list of levels or true (docs/model.md#negotiable)", m.ID)
	}
	files := results.OptimizeFiles(opts.Repair != "")
	if err := opts.checkOut(files); err != nil {
		return err
	}
	simOpts := opts.simOptions(m)
	sp := bargain.Dims(m, neg)
	start := make([]float64, len(neg))
	for j, i := range neg {
		start[j] = m.Packages[base].Values[i]
	}
	ev := &evaluator{m: m, base: m.Packages[base].Values, neg: neg, target: target, opt: simOpts, probs: map[string]sim.Proportion{}}
	ev.opt.Lean = true
	ev.opt.Progress = nil
	f := ev.probability
	if opts.Objective == "nash" {
		if ev.draws, err = bargain.TrialDraws(ctx, m, simOpts); err != nil {
			return err
		}
		f = ev.nash
	}
	// Many more than the 10 reported: near-copies of one package, a
	// hundredth of a range apart, are reported once (distinct).
	sopt := search.Options{Starts: opts.Starts, Seed: simOpts.Seed, MaxEvals: opts.MaxEvals, Top: 50 * optimizeTop}
	if opts.Objective == "probability" {
		// A probability is scored a batch of packages at a time, and is a
		// step function of a number: Nelder–Mead's one-package calls cost
		// a run each and do not help on steps.
		sopt.PolishEvals = -1
	}
	ev.ctx = ctx
	bar := opts.progress(int64(opts.MaxEvals))
	ev.bar = bar

	man := results.NewManifest(versionString())
	sr := opts.planned(m, file, simOpts, opts.Sets)
	sr.Packages = append(sr.Packages, m.Packages[base].ID)
	man.Scenarios = append(man.Scenarios, sr)
	issues := make([]string, len(neg))
	for j, i := range neg {
		issues[j] = m.Issues[i].ID
	}
	man.Optimize = &results.Optimize{Target: m.Pathways[target].ID, Objective: opts.Objective, Package: m.Packages[base].ID,
		Repair: opts.Repair, MinProb: opts.MinProb, Issues: issues, Trials: simOpts.Trials}

	var orows []results.OptimizeRow
	var rrows []results.RepairRow
	var summary func(io.Writer)
	if opts.Repair == "" {
		best, evals, err := search.Maximize(sp, snap(sp, start), f, sopt)
		bar.finish(err)
		if err != nil {
			return err
		}
		man.Optimize.Evaluations = int64(evals)
		best = distinct(sp, best, optimizeTop)
		xs := make([][]float64, len(best))
		for r, c := range best {
			xs[r] = c.X
		}
		if _, err := ev.probability(xs); err != nil { // every row's probability and interval
			return err
		}
		for r, c := range best {
			p := ev.probs[key(c.X)]
			row := results.OptimizeRow{Scenario: m.ID, Target: m.Pathways[target].ID, Objective: opts.Objective, Rank: r + 1,
				Probability: p.P, CILow: p.Low, CIHigh: p.High}
			for j, i := range neg {
				row.Values = append(row.Values, m.Issues[i].FormatValue(c.X[j]))
			}
			orows = append(orows, row)
		}
		summary = func(w io.Writer) { writeOptimize(w, m, opts, simOpts, base, target, issues, orows, evals) }
	} else {
		if !sp.Contains(start) {
			for j, d := range sp {
				if !d.Contains(start[j]) {
					return usageErrorf("--repair %s: its %s, %s, lies outside the issue's negotiable space, which a repair moves within: declare it negotiable (issues.%s.negotiable) or repair another package",
						m.Packages[base].ID, d.Name, m.Issues[neg[j]].FormatValue(start[j]), d.Name)
				}
			}
		}
		baseP, err := ev.probability([][]float64{start})
		if err != nil {
			return err
		}
		rep, found, best, evals, err := search.SmallestRepair(sp, start, f, opts.MinProb, sopt)
		bar.finish(err)
		if err != nil {
			return err
		}
		man.Optimize.Evaluations = int64(evals)
		// optimize.csv holds the package the repair reaches, or the best
		// one found when none reaches --min-prob.
		reached := best.X
		if found {
			reached = rep.X
		}
		if reached != nil {
			if _, err := ev.probability([][]float64{reached}); err != nil {
				return err
			}
			p := ev.probs[key(reached)]
			row := results.OptimizeRow{Scenario: m.ID, Target: m.Pathways[target].ID, Objective: opts.Objective, Rank: 1,
				Probability: p.P, CILow: p.Low, CIHigh: p.High}
			for j, i := range neg {
				row.Values = append(row.Values, m.Issues[i].FormatValue(reached[j]))
			}
			orows = append(orows, row)
		}
		if found {
			for _, j := range rep.Changed {
				i := neg[j]
				rrows = append(rrows, results.RepairRow{Scenario: m.ID, Target: m.Pathways[target].ID, Package: m.Packages[base].ID,
					Issue: m.Issues[i].ID, From: m.Issues[i].FormatValue(start[j]), To: m.Issues[i].FormatValue(rep.X[j]),
					BaseProbability: baseP[0], Probability: rep.Value, Distance: rep.Distance})
			}
		}
		summary = func(w io.Writer) {
			writeRepair(w, m, opts, simOpts, base, target, baseP[0], found, rrows, best, neg, evals)
		}
		if !found {
			fmt.Fprintf(opts.Stderr, "peacesim: warning: no change to %s within the negotiable space reaches P(%s) ≥ %g in %d candidates; the best reaches %.3f\n",
				m.Packages[base].ID, m.Pathways[target].ID, opts.MinProb, evals, best.Value)
		}
	}
	tables := []analysisTable{{results.OptimizeFile, func(w io.Writer) error { return results.WriteOptimize(w, issues, orows) }}}
	if opts.Repair != "" {
		tables = append(tables, analysisTable{results.RepairFile, func(w io.Writer) error { return results.WriteRepair(w, rrows) }})
	}
	if err := opts.writeTables(files, man, tables...); err != nil {
		return err
	}
	if opts.Quiet {
		return nil
	}
	w := bufio.NewWriter(opts.Stdout)
	summary(w)
	return w.Flush()
}

// snap moves each value of x onto its Dim: a number into [Lo, Hi], a level
// not allowed onto the nearest allowed one; a package's values may lie
// outside the negotiable space, the search's start may not.
func snap(s space.Space, x []float64) []float64 {
	out := slices.Clone(x)
	for j, d := range s {
		if d.Discrete() {
			if !d.Contains(out[j]) {
				best := d.Values[0]
				for _, v := range d.Values {
					if math.Abs(v-out[j]) < math.Abs(best-out[j]) {
						best = v
					}
				}
				out[j] = best
			}
			continue
		}
		out[j] = math.Min(d.Hi, math.Max(d.Lo, out[j]))
	}
	return out
}

// distinct keeps the first n candidates, best first, that differ from
// every one kept before by more than a hundredth of the negotiable space
// (space.Space.Distance): the search returns many near-copies of its best
// package, a rounding apart, which a table of the best should not list.
func distinct(s space.Space, cs []search.Candidate, n int) []search.Candidate {
	var out []search.Candidate
	for _, c := range cs {
		if len(out) == n {
			break
		}
		if !slices.ContainsFunc(out, func(o search.Candidate) bool { return s.Distance(o.X, c.X) <= 0.01 }) {
			out = append(out, c)
		}
	}
	return out
}

// evaluator scores candidate packages for the search: all of a batch as
// the packages of one run, on the same trials.
type evaluator struct {
	ctx    context.Context
	m      *sim.Model
	base   []float64
	neg    []int
	target int
	opt    sim.Options
	draws  bargain.Draws
	probs  map[string]sim.Proportion
	bar    *progress
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
func (e *evaluator) values(x []float64) []float64 {
	v := slices.Clone(e.base)
	for j, i := range e.neg {
		v[i] = x[j]
	}
	return v
}

// probability is P(target) of each candidate, from one run of all the
// candidates not yet scored, as packages of the model.
func (e *evaluator) probability(xs [][]float64) ([]float64, error) {
	var todo [][]float64
	for _, x := range xs {
		if _, ok := e.probs[key(x)]; !ok && !slices.ContainsFunc(todo, func(y []float64) bool { return key(y) == key(x) }) {
			todo = append(todo, x)
		}
	}
	if len(todo) > 0 {
		c := *e.m
		c.Packages = make([]sim.Package, len(todo))
		for k, x := range todo {
			c.Packages[k] = sim.Package{ID: "candidate_" + strconv.Itoa(k), Values: e.values(x)}
		}
		r, err := sim.Run(e.ctx, &c, e.opt)
		if err != nil {
			return nil, err
		}
		for k, x := range todo {
			e.probs[key(x)] = r.Pathways[k][e.target]
		}
		e.bar.add(int64(len(todo)))
	}
	out := make([]float64, len(xs))
	for j, x := range xs {
		out[j] = e.probs[key(x)].P
	}
	return out, nil
}

// nash is the expected Nash product of each candidate: over the trials,
// the mean of the product, over the veto parties and the target's tracks
// on which they have a stake, of their surplus over their reservation
// (0 when one falls short or is vetoed).
func (e *evaluator) nash(xs [][]float64) ([]float64, error) {
	if err := e.ctx.Err(); err != nil {
		return nil, err
	}
	m := e.m
	out := make([]float64, len(xs))
	S := e.draws.Trials()
	for j, x := range xs {
		v := e.values(x)
		var sum float64
		for s := range S {
			param := func(i int) float64 { return e.draws[i][s] }
			prod := 1.0
			for _, t := range m.Pathways[e.target].Tracks {
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
			sum += prod
		}
		out[j] = sum / float64(S)
	}
	e.bar.add(int64(len(xs)))
	return out, nil
}

// writeOptimize writes the best packages on stdout.
func writeOptimize(w io.Writer, m *sim.Model, opts *OptimizeOptions, opt sim.Options, base, target int, issues []string, rows []results.OptimizeRow, evals int) {
	fmt.Fprintf(w, "Scenario %s: packages of the negotiable space maximising %s, from %s; %d candidates scored on the same %d trials, seed %d\n\n",
		m.ID, map[bool]string{true: "P(" + m.Pathways[target].ID + ")", false: "the expected Nash product on " + m.Pathways[target].ID + "'s tracks"}[opts.Objective == "probability"],
		m.Packages[base].ID, evals, opt.Trials, opt.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  rank\tP [95%% interval]\t%s\n", strings.Join(issues, "\t"))
	for _, r := range rows {
		fmt.Fprintf(tw, "  %d\t%s [%s, %s]\t%s\n", r.Rank, percent(r.Probability), percent(r.CILow), percent(r.CIHigh), strings.Join(r.Values, "\t"))
	}
	tw.Flush()
}

// writeRepair writes the repair, or that none was found, on stdout.
func writeRepair(w io.Writer, m *sim.Model, opts *OptimizeOptions, opt sim.Options, base, target int, baseP float64, found bool, rows []results.RepairRow, best search.Candidate, neg []int, evals int) {
	fmt.Fprintf(w, "Scenario %s: the smallest change to %s that reaches P(%s) ≥ %s (now %s); %d candidates scored on the same %d trials, seed %d\n\n",
		m.ID, m.Packages[base].ID, m.Pathways[target].ID, percent(opts.MinProb), percent(baseP), evals, opt.Trials, opt.Seed)
	if !found {
		fmt.Fprintf(w, "  none within the negotiable space: the best package found reaches %s\n", percent(best.Value))
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  issue\tfrom\tto")
	for _, r := range rows {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", r.Issue, r.From, r.To)
	}
	tw.Flush()
	if len(rows) > 0 {
		fmt.Fprintf(w, "\n  reaches %s (distance %.3f: each issue's negotiable range counts 1)\n", percent(rows[0].Probability), rows[0].Distance)
	} else {
		fmt.Fprintf(w, "  no change needed: %s already reaches it\n", m.Packages[base].ID)
	}
}
