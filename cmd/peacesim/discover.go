package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/study/sensitivity"
)

// DiscoverOptions are the inputs of peacesim discover.
type DiscoverOptions struct {
	ScenarioOptions
	// Package and Pathway are the ids of the package and pathway of
	// interest (default: the scenario's first of each).
	Package, Pathway string
	// Inputs are the key paths of the inputs a box may restrict; empty
	// means every uncertain Param.
	Inputs []string
	// MinDensity is the least density of the box chosen.
	MinDensity float64
	// Peel, Paste and MinMass are PRIM's fractions.
	Peel, Paste, MinMass float64
}

// Defaults of peacesim discover.
const (
	defaultMinDensity = 0.5
	defaultPeel       = 0.05
	defaultPaste      = 0.05
	defaultMinMass    = 0.05
)

// newDiscoverCmd binds the flags of peacesim discover.
func newDiscoverCmd() *cobra.Command {
	opts := &DiscoverOptions{}
	cmd := &cobra.Command{
		Use:   "discover [FILE|NAME] --package NAME --pathway PATHWAY",
		Short: "Which ranges of the inputs make a pathway likely: PRIM scenario discovery",
		Long: `Discover runs the scenario's trials, recording each trial's draws of the
uncertain inputs and whether the package leads to the pathway, and looks for
a box of inputs — an interval of each of a few of them — inside which the
pathway is likely: PRIM, the patient rule induction method (Friedman and
Fisher 1999), peeling then pasting, as scenario discovery uses it (Bryant
and Lempert 2010).

Peeling shrinks the box a little (--peel, a fraction of the cases in it) at
a time, on the side that raises the pathway's share in the box most, until
the box holds --min-mass of the trials: the peeling trajectory trades
coverage (the share of all the pathway's trials inside the box) for density
(the pathway's share of the trials inside). The box chosen is the one with
the highest coverage whose density is at least --min-density. A salience
Dirichlet is not one number and cannot bound a box: the inputs are the
scenario's uncertain values.

-o DIR writes trajectory.csv (every step), boxes.csv (the chosen box's
restricted inputs with their intervals) and manifest.json; peacesim plot
DIR draws the trajectory.`,
		Example: `  peacesim discover --package miami_20_point --pathway framework_agreement -o disc/
  peacesim discover --package miami_20_point --pathway framework_agreement --min-density 0.8 --trials 200000
  peacesim plot disc/ -o trajectory.png`,
		Args:              usageArgs(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeScenarioOrFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.complete(cmd, args)
			return runDiscover(cmd.Context(), opts)
		},
	}
	opts.bind(cmd, commandFlags{Formats: []string{"table"}, Round: true})
	f := cmd.Flags()
	f.StringVar(&opts.Package, "package", "", "the package, by id (default: the scenario's first)")
	f.StringVar(&opts.Pathway, "pathway", "", "the pathway, by id (default: the scenario's first)")
	f.StringSliceVar(&opts.Inputs, "inputs", nil, "the inputs a box may restrict, by key path (comma-separated; default: every uncertain value)")
	f.Float64Var(&opts.MinDensity, "min-density", defaultMinDensity, "choose the box of highest coverage whose density is at least `D`")
	f.Float64Var(&opts.Peel, "peel", defaultPeel, "the fraction of the box's trials each peeling step removes")
	f.Float64Var(&opts.Paste, "paste", defaultPaste, "the fraction of the box's trials each pasting step adds back (0: no pasting)")
	f.Float64Var(&opts.MinMass, "min-mass", defaultMinMass, "the least share of all trials a box holds")
	return cmd
}

// runDiscover loads the scenario, runs its trials for one package and
// pathway, peels and pastes (sensitivity.DiscoverModel), and writes the
// trajectory, the box and the summary.
func runDiscover(ctx context.Context, opts *DiscoverOptions) error {
	if err := opts.validate(); err != nil {
		return err
	}
	o := sensitivity.DiscoveryOptions{Inputs: opts.Inputs, MinDensity: opts.MinDensity,
		Peel: opts.Peel, Paste: opts.Paste, MinMass: opts.MinMass}
	if err := o.CheckFractions(); err != nil {
		return studyValue(err)
	}
	m, file, err := opts.loadScenario(ctx)
	if err != nil {
		return err
	}
	k, err := packageIndex(m, opts.Package, "--package")
	if err != nil {
		return err
	}
	m = m.WithPackages([]int{k})
	if o.Pathway, err = pathwayIndex(m, opts.Pathway, "--pathway"); err != nil {
		return err
	}
	if err := o.Check(m); err != nil {
		return studyInput(err, nil)
	}
	files := results.DiscoveryFiles()
	if err := opts.checkOut(files); err != nil {
		return err
	}
	simOpts := opts.simOptions(m)
	bar := opts.progress(simOpts.Trials)
	simOpts.Progress = bar.add
	d, err := sensitivity.DiscoverModel(ctx, m, simOpts, o)
	bar.finish(err)
	if err != nil {
		return err
	}
	t := results.NewDiscoveryTables(m, d)
	opts.warn(t.Shortfall())
	man := opts.analysisManifest(m, file, simOpts, t.Package)
	man.Discovery = &t.Discovery
	if err := opts.writeEach(files, man, t.WriteCSV); err != nil {
		return err
	}
	return opts.writeSummary(func(w io.Writer) error { return results.WriteDiscoveryTable(w, t) })
}
