package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/search"
)

// OptimizeOptions are the inputs of peacesim optimize: the pathway and
// package of search.ModelOptions by id, its objective, bounds and, when
// Repair names the package to repair, the probability it must reach.
type OptimizeOptions struct {
	ScenarioOptions
	Target, Package, Objective string
	Repair                     string
	MinProb                    float64
	Starts, MaxEvals           int
}

// Defaults of peacesim optimize.
const (
	defaultOptimizeTrials = 10000
	defaultMaxEvals       = 4000
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
	opts.bind(cmd, commandFlags{Formats: []string{"table"}, Round: true, Trials: defaultOptimizeTrials, TrialsUsage: "the trials every candidate is scored on (the same for all)"})
	f := cmd.Flags()
	f.StringVar(&opts.Target, "target", "", "the pathway to make likeliest, by id (default: the scenario's first)")
	f.StringVar(&opts.Package, "package", "", "the package to start from; the issues that are not negotiable keep its values (default: the scenario's first, or --repair's)")
	f.StringVar(&opts.Objective, "objective", "probability", "what to maximise: probability (of --target) or nash (the expected Nash product)")
	f.StringVar(&opts.Repair, "repair", "", "find the smallest change to `PACKAGE` that reaches --min-prob")
	f.Float64Var(&opts.MinProb, "min-prob", 0, "the probability of --target a repair must reach, in (0, 1]")
	f.IntVar(&opts.Starts, "starts", search.DefaultStarts, "starting points of the search")
	f.IntVar(&opts.MaxEvals, "max-evals", defaultMaxEvals, "the most candidate packages the search scores")
	return cmd
}

// runOptimize loads the scenario, searches its negotiable space
// (search.Optimize, or search.RepairModel) and writes the tables.
func runOptimize(ctx context.Context, opts *OptimizeOptions) error {
	if err := opts.check(); err != nil {
		return err
	}
	m, file, err := opts.loadScenario(ctx)
	if err != nil {
		return err
	}
	mo, run, err := opts.modelOptions(m)
	if err != nil {
		return err
	}
	files := results.OptimizeFiles(opts.Repair != "")
	if err := opts.checkOut(files); err != nil {
		return err
	}
	simOpts := opts.simOptions(m)
	bar := opts.progress(int64(opts.MaxEvals))
	mo.Progress = bar.add
	r, err := run(ctx, m, simOpts, mo)
	bar.finish(err)
	if err != nil {
		return err
	}
	t := results.NewSearchTables(m, r)
	opts.warn(t.Shortfall())
	man := opts.analysisManifest(m, file, simOpts, t.Package)
	man.Optimize = &t.Optimize
	if err := opts.writeEach(files, man, t.WriteCSV); err != nil {
		return err
	}
	return opts.writeSummary(func(w io.Writer) error { return results.WriteSearchTable(w, t) })
}

// check refuses the flags that do not go together; a repair starts from
// the package it repairs, which becomes Package.
func (opts *OptimizeOptions) check() error {
	switch err := opts.validate(); {
	case err != nil:
		return err
	case opts.Repair == "" && (opts.MinProb != 0 || opts.gave("min-prob")):
		return usageErrorf("--min-prob goes with --repair PACKAGE")
	case opts.Repair != "" && opts.Objective == search.Nash:
		return usageErrorf("--repair reaches a probability: it takes --objective probability")
	case opts.Repair != "" && opts.Package != "" && opts.Package != opts.Repair:
		return usageErrorf("--package %s and --repair %s: a repair starts from the package it repairs", opts.Package, opts.Repair)
	case opts.Repair != "":
		opts.Package = opts.Repair
	}
	return nil
}

// modelOptions are the search's options for m, checked against it, and
// the search to run; a repair's package is --repair's.
func (opts *OptimizeOptions) modelOptions(m *sim.Model) (mo search.ModelOptions, run modelSearch, err error) {
	mo = search.ModelOptions{Objective: opts.Objective, MinProb: opts.MinProb, Starts: opts.Starts, MaxEvals: opts.MaxEvals}
	flag, check := "--package", search.ModelOptions.Check
	if run = search.Optimize; opts.Repair != "" {
		flag, check, run = "--repair", search.ModelOptions.CheckRepair, search.RepairModel
	}
	if mo.Target, err = pathwayIndex(m, opts.Target, "--target"); err != nil {
		return mo, nil, err
	}
	if mo.Package, err = packageIndex(m, opts.Package, flag); err != nil {
		return mo, nil, err
	}
	return mo, run, studyInput(check(mo, m), map[string]string{"Package": flag})
}

// modelSearch is search.Optimize or search.RepairModel.
type modelSearch = func(context.Context, *sim.Model, sim.Options, search.ModelOptions) (*search.ModelResult, error)
