package main

import (
	"context"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/sweep"
)

// SweepOptions are the inputs of peacesim sweep: the scenario's, and the
// study as the command line gives it (Has says which of its keys it
// gives; the scenario file's [sweep] fills in the others).
type SweepOptions struct {
	ScenarioOptions
	scenarios.SweepSpec
}

// newSweepCmd binds the flags of peacesim sweep to a SweepOptions.
func newSweepCmd() *cobra.Command {
	opts := &SweepOptions{}
	cmd := &cobra.Command{
		Use:   "sweep [FILE|NAME] --vary KEY=lo:hi:step|KEY=v1,v2,...",
		Short: "Run a scenario over a grid or a Latin hypercube of values",
		Long: `Sweep runs a scenario at every point of a grid of values (several --vary
form a full grid, the first varying slowest) or, with --lhs N, at N points
of a Latin hypercube over the keys' ranges: lo:hi:step snaps each value
to the step, lo:hi to a thousandth of the range's order of magnitude, so
that the values printed are the values run. A KEY is anything --set takes:
a package's issue value, a reservation (whole or one track), a red-line
threshold, a stake weight, a factor value, a salience concentration.

Every point runs on the same seed and trials, so with every input on its own
random stream any two points are paired: a value that cannot move a pathway
leaves it exactly as it was. -o DIR writes sweep.csv (one row per point ×
package × pathway, a column per varied key) as the points finish, and
manifest.json at the end; --tables adds per-point acceptance, red-line,
margin or blocking tables.

A scenario file (or a variant that names a scenario: a study file) may hold
the study as a [sweep] table, with vary, lhs, packages and tables as the
flags take them; a flag given on the command line replaces the table's.`,
		Example: `  peacesim sweep --vary packages.miami_20_point.troop_cap=400:1000:100
  peacesim sweep --vary 'parties.russia.reservation.framework=normal(0.38, 0.12),normal(0.48, 0.12),normal(0.58, 0.12)' \
      --vary packages.miami_20_point.donbas_withdrawal=0:1:0.25 --packages miami_20_point -o out/
  peacesim sweep --vary packages.miami_20_point.troop_cap=400:1000:10 \
      --vary parties.russia.salience_concentration=10:80 --lhs 200 -o lhs/`,
		Args:              usageArgs(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeScenarioOrFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.complete(cmd, args)
			opts.Has = changed(cmd, "vary", "lhs", "packages", "tables")
			return runSweep(cmd.Context(), opts)
		},
	}
	opts.bind(cmd, commandFlags{Formats: []string{"table", "csv", "json"}, Precision: true, Shards: true, Round: true})
	f := cmd.Flags()
	f.StringArrayVar(&opts.Vary, "vary", nil, "vary a key over `KEY=lo:hi:step` (hi inclusive), KEY=v1,v2,... or, with --lhs, KEY=lo:hi (repeatable: a grid)")
	f.IntVar(&opts.LHS, "lhs", 0, "draw `N` points of a Latin hypercube over the keys instead of the grid")
	f.StringSliceVar(&opts.Packages, "packages", nil, "score only these packages, by id (comma-separated)")
	f.StringSliceVar(&opts.Tables, "tables", nil, "also write these per-point tables: "+strings.Join(results.SweepTables(), ", "))
	return cmd
}

// runSweep reads the study (the flags, over the file's [sweep]), compiles
// it into a design, and runs its points on the same seed, streaming their
// rows into sweep.csv (and stdout) in point order.
func runSweep(ctx context.Context, opts *SweepOptions) error {
	if err := opts.validate(); err != nil {
		return err
	}
	sc, err := resolveScenario(ctx, opts.Scenario)
	if err != nil {
		return err
	}
	design, err := opts.design(ctx, sc)
	if err != nil {
		return err
	}
	shard, err := opts.shard()
	if err != nil {
		return err
	}
	if err := opts.checkOut(results.SweepFiles(opts.Tables)); shard == nil && err != nil {
		return err
	}
	simOpts := opts.simOptions(design.Base)
	// Only the tables asked for need margins and pivotal red lines.
	simOpts.Lean = !slices.Contains(opts.Tables, "margins") && !slices.Contains(opts.Tables, "red_lines")
	man := opts.manifest(design.Base, &sim.Result{Trials: simOpts.Trials, Seed: simOpts.Seed, Round: simOpts.Round}, sc.file)
	man.Scenarios[0].Packages, man.Scenarios[0].Precision = append(man.Scenarios[0].Packages, opts.Packages...), opts.Precision
	man.Sweep = &results.Sweep{Vary: opts.Vary, LHS: opts.LHS, Points: len(design.Points),
		Packages: append([]string{}, opts.Packages...), Tables: append([]string{}, opts.Tables...)}
	out := results.SweepOutput{Keys: design.Keys, Tables: opts.Tables, Dir: opts.Out, Force: opts.Force, Stdout: opts.Stdout, Format: opts.Format}
	points, skip, err := opts.shardPoints(shard, design.Points, man, &out)
	if skip || err != nil {
		return err
	}
	if opts.Quiet {
		out.Stdout = nil
	}
	sink, err := results.OpenSweep(out)
	if err != nil {
		return err
	}
	defer sink.Abort() // a no-op once closed
	bar := opts.progress(opts.plannedTrials(design.Base) * int64(len(points)))
	if bar != nil {
		simOpts.Progress = bar.add
	}
	err = sweep.Run(ctx, design.Base, points, simOpts, opts.Workers, opts.runnerTo(results.SweepWidest(opts.Tables)), func(p sweep.Point, m *sim.Model, r *sim.Result) error {
		return sink.Add(p.Index, p.Texts(), m, r)
	})
	if bar.finish(err); err != nil {
		return err
	}
	return sink.Close(design.Base, man)
}

// design reads the study, over the file's [sweep], and compiles it on the
// scenario with the command line's --set and the packages chosen.
func (o *SweepOptions) design(ctx context.Context, sc source) (sweep.Design, error) {
	file, err := scenarios.ReadSweep(sc.file, sc.src)
	if err != nil {
		return sweep.Design{}, err
	}
	o.SweepSpec = o.SweepSpec.Over(file)
	if err := results.CheckSweepTables(o.Tables); err != nil {
		return sweep.Design{}, usageErrorf("--tables: %v", err)
	}
	vary, err := sweep.ParseVaries(o.Vary)
	if err != nil {
		return sweep.Design{}, studyInput(err, nil)
	}
	loader, err := o.loader(sc, o.Packages)
	if err != nil {
		return sweep.Design{}, err
	}
	do := sweep.DesignOptions{Vary: vary, LHS: o.LHS, Flag: "--vary", MemoryLimit: o.memory()}
	if o.SetSeed {
		do.Seed = &o.Seed
	}
	d, err := sweep.NewDesign(ctx, loader, do)
	return d, studyInput(err, map[string]string{"LHS": "--lhs"})
}
