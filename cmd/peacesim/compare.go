package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/sim"
)

// compareFormats are the output formats of compare on stdout.
func compareFormats() []string { return []string{"table", "csv", "json"} }

// CompareOptions are the inputs of peacesim compare.
type CompareOptions struct {
	ScenarioOptions
	// Packages are the ids of the packages to compare, in the order given;
	// empty means every package of the scenario.
	Packages []string
}

// newCompareCmd binds the flags of peacesim compare to a CompareOptions.
func newCompareCmd() *cobra.Command {
	opts := &CompareOptions{}
	cmd := &cobra.Command{
		Use:   "compare [FILE|NAME]",
		Short: "Compare packages on the same trials, with paired differences",
		Long: `Compare scores every package on the same Monte Carlo trials and, for each
pair of packages and each pathway, estimates the difference of their
probabilities with a 95% interval computed from the paired trials
(Newcombe's hybrid score interval for paired proportions), with the
counts of trials in which only one of the two reaches the pathway.

On stdout, each pathway's packages are ranked, with the difference between
neighbours and whether it is beyond sampling error. -o DIR writes
comparisons.csv (every pair) with the run's tables and manifest.json.
--packages chooses which packages, and in what order: a package scores the
same on a seed whichever others are compared with it.`,
		Example: `  peacesim compare
  peacesim compare --packages miami_20_point,us_28_point --trials 1000000
  peacesim compare my-scenario.toml -o out/ && head out/comparisons.csv`,
		Args:              usageArgs(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeScenarioOrFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.complete(cmd, args)
			return runCompare(cmd.Context(), opts)
		},
	}
	opts.bind(cmd, commandFlags{Formats: compareFormats(), Precision: true, Shards: true, Round: true})
	cmd.Flags().StringSliceVar(&opts.Packages, "packages", nil, "compare only these packages, by id (comma-separated, at least two)")
	return cmd
}

// runCompare loads the scenario, runs every chosen package on the same
// trials with the pairs counted, and writes the comparisons: the --out
// directory first, then stdout, where each pathway's packages are ranked
// (results.Rank).
func runCompare(ctx context.Context, opts *CompareOptions) error {
	if err := opts.validate(); err != nil {
		return err
	}
	m, file, err := opts.loadPackages(ctx, opts.Packages, 2)
	if err != nil {
		return err
	}
	simOpts := opts.simOptions(m)
	simOpts.Paired = true
	opts.countOutput(&simOpts)
	shard, err := opts.shard()
	if err != nil {
		return err
	}
	if shard != nil {
		man := results.NewManifest(versionString())
		sr := opts.planned(m, file, simOpts, opts.Sets)
		sr.Packages = append(sr.Packages, opts.Packages...)
		man.Scenarios = append(man.Scenarios, sr)
		return opts.runShards(ctx, shard, "compare", []*sim.Model{m}, []sim.Options{simOpts}, man)
	}
	if err := opts.checkOut(results.Files(true, m)); err != nil {
		return err
	}
	r, err := opts.simulate(ctx, m, simOpts)
	if err != nil {
		return err
	}
	man := opts.manifest(m, r, file)
	man.Scenarios[0].Packages = append(man.Scenarios[0].Packages, opts.Packages...)
	run := results.Run{Model: m, Result: r}
	if man, err = opts.writeOut(man, run); err != nil {
		return err
	}
	if opts.Quiet {
		return nil
	}
	return writeBuffered(opts.Stdout, func(w io.Writer) error {
		switch opts.Format {
		case "csv":
			return results.WriteComparisons(w, run)
		case "json":
			return results.WriteJSON(w, man, run)
		}
		return results.WriteComparisonTable(w, m, r)
	})
}
