package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
)

// runFormats are the output formats of run on stdout. (A function, not a
// package variable: the command line keeps no mutable globals.)
func runFormats() []string { return []string{"table", "csv", "json"} }

// RunOptions are the inputs of peacesim run: the shared ones of every
// scenario command, the scenarios, the packages to score, and what to do
// when one scenario fails.
type RunOptions struct {
	ScenarioOptions
	// Scenarios are the files or embedded names to run, in order; none
	// means the default scenario. Several make a batch: one set of tables.
	Scenarios []string
	// Packages are the ids of the packages to score, in the order given,
	// in every scenario of a batch; empty means every package.
	Packages []string
	// KeepGoing runs the rest of a batch when a scenario fails at run time,
	// writes the others' tables, records the failure in the manifest and
	// ends with exit status 1; without it a failure stops the batch and
	// nothing is written.
	KeepGoing bool
}

// newRunCmd binds the flags of peacesim run to a RunOptions.
func newRunCmd() *cobra.Command {
	opts := &RunOptions{}
	cmd := &cobra.Command{
		Use:   "run [FILE|NAME]...",
		Short: "Run the Monte Carlo simulation of one scenario or a batch",
		Long: `Run scores every package of a scenario on the same Monte Carlo draws and
prints pathway probabilities with 95% intervals.

An argument is a scenario file or the name of an embedded scenario
("peacesim scenarios list"); without one, the default scenario runs.
Several arguments (or a shell glob) make a batch: every scenario runs with
the same flags and the tables hold the rows of all of them, told apart by
their scenario column. Every file is checked before any runs.
--trials and --seed override the scenarios' [run] defaults. Results do not
depend on --workers, nor on the other scenarios of a batch: the same seed
gives byte-identical rows.

--packages scores only the packages listed, in that order, and the tables
hold only theirs: the very rows of the full run, since every package is
scored on the same draws. In a batch it applies to every scenario, and
each must have every package listed.

--set KEY=VALUE applies to every scenario of a batch (each must have the
key); --set ID:KEY=VALUE to the scenario whose id is ID alone.`,
		Example: `  peacesim run
  peacesim run my-scenario.toml --trials 1000000 --seed 42 -o out/
  peacesim run --format csv > pathways.csv
  peacesim run --packages miami_20_point,us_28_point
  peacesim run miami-2025 miami-2025-europe-veto -o batch/
  peacesim run variants/*.toml --set miami-2025:run.seed=7 -o out/`,
		Args:              usageArgs(cobra.ArbitraryArgs),
		ValidArgsFunction: completeScenarioOrFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.complete(cmd, args)
			opts.Scenarios = args
			return runRun(cmd.Context(), opts)
		},
	}
	opts.bind(cmd, commandFlags{Formats: runFormats(), Precision: true, Shards: true, Round: true})
	cmd.Flags().StringSliceVar(&opts.Packages, "packages", nil,
		"score only these packages, by id, in this order (comma-separated); in a batch every scenario must have them")
	cmd.Flags().BoolVar(&opts.KeepGoing, "keep-going", false,
		"in a batch, run the other scenarios when one fails, record the failure in the manifest and exit 1")
	return cmd
}

// runRun loads and checks every scenario (all problems of all files at
// once, before anything runs), runs them one after another under one
// progress bar (results.RunBatch), and writes the results: the --out
// directory first (atomically, and only after every run, so an
// interrupted batch leaves nothing behind), then stdout.
func runRun(ctx context.Context, opts *RunOptions) error {
	if err := opts.validate(); err != nil {
		return err
	}
	batch, err := opts.newBatch(ctx)
	if err != nil {
		return err
	}
	shard, err := opts.shard()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if shard != nil {
		return opts.runShardsOf(ctx, shard, batch)
	}
	if err := opts.checkOut(results.Files(false, batch.Models()...)); err != nil {
		return err
	}
	bar := opts.progress(opts.batchTrials(batch))
	batch.Runner = opts.runner(bar)
	man, runs, err := results.RunBatch(ctx, batch)
	bar.finish(err)
	if err != nil {
		return err
	}
	failed := reportFailures(opts.Stderr, man)
	if len(runs) == 0 {
		return fmt.Errorf("every scenario failed; nothing written")
	}
	if man, err = opts.writeOut(man, runs...); err != nil {
		return err
	}
	if !opts.Quiet {
		if err := writeStdout(opts.Stdout, opts.Format, man, runs); err != nil {
			return err
		}
	}
	return failed
}

// writeStdout prints the results in format. man heads the JSON. A batch
// prints the table of each scenario in turn, and one CSV or JSON of all
// of them.
func writeStdout(stdout io.Writer, format string, man results.Manifest, runs []results.Run) error {
	return writeBuffered(stdout, func(w io.Writer) error {
		switch format {
		case "csv":
			return results.WritePathways(w, runs...)
		case "json":
			return results.WriteJSON(w, man, runs...)
		}
		return results.WriteTables(w, runs...)
	})
}
