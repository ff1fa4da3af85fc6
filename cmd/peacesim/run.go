package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/sim"
)

// runFormats are the output formats of run on stdout. (A function, not a
// package variable: the command line keeps no mutable globals.)
func runFormats() []string { return []string{"table", "csv", "json"} }

// RunOptions are the inputs of peacesim run: the shared ones of every
// scenario command, the scenarios, and what to do when one fails.
type RunOptions struct {
	ScenarioOptions
	// Scenarios are the files or embedded names to run, in order; none
	// means the default scenario. Several make a batch: one set of tables.
	Scenarios []string
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

--set KEY=VALUE applies to every scenario of a batch (each must have the
key); --set ID:KEY=VALUE to the scenario whose id is ID alone.`,
		Example: `  peacesim run
  peacesim run my-scenario.toml --trials 1000000 --seed 42 -o out/
  peacesim run --format csv > pathways.csv
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
	opts.bind(cmd, commandFlags{Formats: runFormats(), Precision: true, Shards: true})
	cmd.Flags().BoolVar(&opts.KeepGoing, "keep-going", false,
		"in a batch, run the other scenarios when one fails, record the failure in the manifest and exit 1")
	return cmd
}

// runRun loads every scenario (all problems of all files at once, before
// anything runs), runs them one after another under one progress bar, and
// writes the results: the --out directory first (atomically, and only
// after every run, so an interrupted batch leaves nothing behind), then
// stdout.
func runRun(ctx context.Context, opts *RunOptions) error {
	if err := opts.validate(); err != nil {
		return err
	}
	batch, err := loadBatch(ctx, opts.Scenarios, opts.Sets)
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
		man := results.NewManifest(versionString())
		var models []*sim.Model
		var sims []sim.Options
		for _, b := range batch {
			so := opts.simOptions(b.Model)
			models, sims = append(models, b.Model), append(sims, so)
			man.Scenarios = append(man.Scenarios, opts.planned(b.Model, b.File, so, b.Sets))
		}
		return opts.runShards(ctx, shard, "run", models, sims, man)
	}
	if err := opts.checkOut(results.Files(false)); err != nil {
		return err
	}
	var total int64
	for _, b := range batch {
		total += opts.plannedTrials(b.Model)
	}
	bar := opts.progress(total)
	man := results.NewManifest(versionString())
	var runs []results.Run
	var failed []string // files
	for _, b := range batch {
		so := opts.simOptions(b.Model)
		var done atomic.Int64 // the workers report progress concurrently
		if bar != nil {
			so.Progress = func(n int64) { bar.add(n); done.Add(n) }
		}
		r, err := opts.runModel(ctx, b.Model, so, nil)
		sr := results.NewScenarioRun(b.Model, r, b.File)
		sr.Overrides = append(sr.Overrides, b.Sets...)
		sr.Precision = opts.Precision
		if err != nil {
			if ctx.Err() != nil || !opts.KeepGoing {
				bar.finish(err)
				if ctx.Err() != nil {
					return ctx.Err()
				}
				return fmt.Errorf("%s: %w", b.File, err)
			}
			// --keep-going: the failure goes into the manifest, and the
			// bar moves past the trials that will not run.
			sr.Seed, sr.Trials, sr.Error = so.Seed, so.Trials, err.Error()
			failed = append(failed, b.File)
			bar.add(opts.plannedTrials(b.Model) - done.Load())
			man.Scenarios = append(man.Scenarios, sr)
			continue
		}
		warnClamped(opts.Stderr, b.Model, r)
		runs = append(runs, results.Run{Model: b.Model, Result: r})
		man.Scenarios = append(man.Scenarios, sr)
	}
	bar.finish(nil)
	for _, sr := range man.Scenarios {
		if sr.Error != "" {
			fmt.Fprintf(opts.Stderr, "peacesim: %s failed: %s\n", sr.File, sr.Error)
		}
	}
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
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d scenarios failed (%s); the others' tables are written, and the manifest says why",
			len(failed), len(batch), strings.Join(failed, ", "))
	}
	return nil
}

// writeStdout prints the results in format, buffered: a CSV of a large
// scenario is many small writes. man heads the JSON. A batch prints the
// table of each scenario in turn, and one CSV or JSON of all of them.
func writeStdout(stdout io.Writer, format string, man results.Manifest, runs []results.Run) error {
	w := bufio.NewWriter(stdout)
	var err error
	switch format {
	case "table":
		for i, run := range runs {
			if i > 0 {
				fmt.Fprintln(w)
			}
			if err = results.WriteTable(w, run.Model, run.Result); err != nil {
				break
			}
		}
	case "csv":
		err = results.WritePathways(w, runs...)
	case "json":
		err = results.WriteJSON(w, man, runs...)
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	return err
}
