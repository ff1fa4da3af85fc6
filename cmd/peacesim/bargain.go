package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/study/bargain"
)

// BargainOptions are the inputs of peacesim bargain.
type BargainOptions struct {
	ScenarioOptions
	// Package is the id of the package whose values the issues that do
	// not move keep (default: the scenario's first).
	Package string
	// Expected scores in expectation over the trials instead of at the
	// inputs' means.
	Expected bool
	// Grid is the number of points per numeric issue of the search's
	// first grid.
	Grid int
}

// Defaults of peacesim bargain.
const (
	defaultBargainTrials = 2000
	defaultBargainGrid   = bargain.DefaultGrid
)

// newBargainCmd binds the flags of peacesim bargain.
func newBargainCmd() *cobra.Command {
	opts := &BargainOptions{}
	cmd := &cobra.Command{
		Use:   "bargain [FILE|NAME]",
		Short: "Where a deal could lie: zone of agreement, Pareto frontier, Nash and Kalai–Smorodinsky solutions",
		Long: `Bargain analyses each track of the scenario as a bargaining problem between
the veto parties with a stake on it, over the track's negotiable issues
(negotiable = [lo, hi], a list of levels, or true, on an issue); every other
issue stays as the package named by --package has it. The parties' utilities
are at nominal values (every distribution at its mean), or with --expected
in expectation over the trials.

Per track: whether a zone of possible agreement exists (a package of the
negotiable space every veto party prefers to its reservation) and how often
one does over the trials (on a sample of the space: a lower bound); the
Pareto frontier of the parties' utilities; the Nash bargaining solution (the
product of the surpluses over the reservations, maximised) and the
Kalai–Smorodinsky solution (surpluses in proportion to each party's best);
and each declared package's utilities, its distance to the frontier and to
the Nash point, in utility.

Numeric issues are searched on a grid (--grid points each) and refined with
gonum/optimize; levels and bools are enumerated. -o DIR writes zopa.csv,
solutions.csv, frontier.csv, packages.csv and manifest.json; peacesim plot
DIR draws the frontier.`,
		Example: `  peacesim bargain -o bargain/
  peacesim bargain --package us_28_point --expected -o bargain-expected/
  peacesim plot bargain/ -o frontier.png`,
		Args:              usageArgs(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeScenarioOrFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.complete(cmd, args)
			return runBargain(cmd.Context(), opts)
		},
	}
	opts.bind(cmd, commandFlags{Formats: []string{"table"}, Trials: defaultBargainTrials, TrialsUsage: "trials over which a zone of agreement's likelihood (and, with --expected, the utilities) are estimated"})
	f := cmd.Flags()
	f.StringVar(&opts.Package, "package", "", "the package the issues that do not move keep, by id (default: the scenario's first)")
	f.BoolVar(&opts.Expected, "expected", false, "utilities in expectation over the trials instead of at the inputs' means")
	f.IntVar(&opts.Grid, "grid", defaultBargainGrid, "points per numeric issue of the search's first grid")
	return cmd
}

// runBargain loads the scenario, analyses its tracks (bargain.AnalyseModel)
// and writes the tables and the summary.
func runBargain(ctx context.Context, opts *BargainOptions) error {
	if err := opts.validate(); err != nil {
		return err
	}
	m, file, err := opts.loadScenario(ctx)
	if err != nil {
		return err
	}
	mo := bargain.ModelOptions{Expected: opts.Expected, Grid: opts.Grid}
	if mo.Package, err = packageIndex(m, opts.Package, "--package"); err != nil {
		return err
	}
	if err := mo.Check(m); err != nil {
		return studyInput(err, nil)
	}
	files := results.BargainFiles()
	if err := opts.checkOut(files); err != nil {
		return err
	}
	simOpts := opts.simOptions(m)
	a, err := bargain.AnalyseModel(ctx, m, simOpts, mo)
	if err != nil {
		return studyInput(err, nil)
	}
	t := results.NewBargainTables(m, a)
	man := opts.analysisManifest(m, file, simOpts, t.Package)
	man.Bargain = &t.Bargain
	if err := opts.writeEach(files, man, t.WriteCSV); err != nil {
		return err
	}
	return opts.writeSummary(func(w io.Writer) error { return results.WriteBargainTable(w, t) })
}
