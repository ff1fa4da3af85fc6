package main

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/sim"
)

// runFormats are the output formats of run on stdout. (A function, not a
// package variable: the command line keeps no mutable globals.)
func runFormats() []string { return []string{"table", "csv", "json"} }

// RunOptions are the inputs of peacesim run: the shared ones of every
// scenario command, and none of its own yet.
type RunOptions struct {
	ScenarioOptions
}

// newRunCmd binds the flags of peacesim run to a RunOptions.
func newRunCmd() *cobra.Command {
	opts := &RunOptions{}
	cmd := &cobra.Command{
		Use:   "run [FILE|NAME]",
		Short: "Run the Monte Carlo simulation of a scenario",
		Long: `Run scores every package of a scenario on the same Monte Carlo draws and
prints pathway probabilities with 95% intervals.

The argument is a scenario file or the name of an embedded scenario
("peacesim scenarios list"); without one, the default scenario runs.
--trials and --seed override the scenario's [run] defaults. Results do not
depend on --workers: the same seed gives byte-identical output.`,
		Example: `  peacesim run
  peacesim run my-scenario.toml --trials 1000000 --seed 42 -o out/
  peacesim run --format csv > pathways.csv`,
		Args:              usageArgs(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeScenarioOrFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.complete(cmd, args)
			return runRun(cmd.Context(), opts)
		},
	}
	opts.bind(cmd, runFormats())
	return cmd
}

// runRun loads the scenario, runs the simulation and writes the results:
// the --out directory first (atomically, and only after a complete run, so
// an interrupted run leaves nothing behind), then stdout.
func runRun(ctx context.Context, opts *RunOptions) error {
	if err := opts.validate(); err != nil {
		return err
	}
	m, err := loadScenario(ctx, opts.Scenario, opts.Sets)
	if err != nil {
		return err
	}
	simOpts := opts.simOptions(m)
	if err := opts.checkOut(results.Files(false)); err != nil {
		return err
	}
	r, err := opts.simulate(ctx, m, simOpts)
	if err != nil {
		return err
	}
	man, err := opts.writeOut(opts.manifest(m, r, scenarioFile(opts.Scenario)), results.Run{Model: m, Result: r})
	if err != nil {
		return err
	}
	if opts.Quiet {
		return nil
	}
	return writeStdout(opts.Stdout, opts.Format, m, r, man)
}

// warnClamped tells the user, on stderr, when margins were so large that
// their mean and sd could not be kept (sim.MarginClamp): a scenario whose
// reservations or factor effects are not on the utility scale.
func warnClamped(stderr io.Writer, m *sim.Model, r *sim.Result) {
	var cells int
	var first string
	for k, pkg := range r.Margins {
		for p, tracks := range pkg {
			for t, g := range tracks {
				if g.Clamped > 0 {
					if cells == 0 {
						first = m.Packages[k].ID + ", " + m.Parties[p].ID + ", " + m.Tracks[t]
					}
					cells++
				}
			}
		}
	}
	if cells > 0 {
		fmt.Fprintf(stderr, "peacesim: warning: margins U − R beyond ±%d in %d (package, party, track) cells, the first %s: "+
			"reservations and factor effects should be on the utility scale [0, 1]; the mean and sd of those margins are NA\n",
			sim.MarginClamp, cells, first)
	}
}

// writeStdout prints the results in format, buffered: a CSV of a large
// scenario is many small writes. man heads the JSON.
func writeStdout(stdout io.Writer, format string, m *sim.Model, r *sim.Result, man results.Manifest) error {
	w := bufio.NewWriter(stdout)
	var err error
	switch format {
	case "table":
		err = results.WriteTable(w, m, r)
	case "csv":
		err = results.WritePathways(w, results.Run{Model: m, Result: r})
	case "json":
		err = results.WriteJSON(w, man, results.Run{Model: m, Result: r})
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	return err
}
