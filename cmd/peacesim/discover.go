package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/sensitivity"
	"github.com/peacesim/peacesim/study/sensitivity/prim"
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
	opts.bind(cmd, commandFlags{Formats: []string{"table"}})
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
// pathway, peels and pastes, and writes the trajectory and the box.
func runDiscover(ctx context.Context, opts *DiscoverOptions) error {
	if err := opts.validate(); err != nil {
		return err
	}
	switch {
	case !(opts.MinDensity >= 0 && opts.MinDensity <= 1):
		return usageErrorf("--min-density must be in [0, 1], got %g", opts.MinDensity)
	case !(opts.Peel > 0 && opts.Peel < 0.5):
		return usageErrorf("--peel must be in (0, 0.5), got %g", opts.Peel)
	case !(opts.Paste >= 0 && opts.Paste < 0.5):
		return usageErrorf("--paste must be in [0, 0.5), got %g", opts.Paste)
	case !(opts.MinMass > 0 && opts.MinMass < 1):
		return usageErrorf("--min-mass must be in (0, 1), got %g", opts.MinMass)
	}
	m, file, err := loadScenario(ctx, opts.Scenario, opts.Sets)
	if err != nil {
		return err
	}
	k, err := packageIndex(m, opts.Package, "--package")
	if err != nil {
		return err
	}
	m = m.WithPackages([]int{k})
	var pws []string
	if opts.Pathway != "" {
		pws = []string{opts.Pathway}
	}
	pathways, err := choosePathways(m, pws, "--pathway")
	if err != nil {
		return err
	}
	w := pathways[0]
	inputs := m.Inputs()
	units, _, err := chooseUnits(m, inputs, opts.Inputs, nil)
	if err != nil {
		return err
	}
	var chosen []int
	for _, u := range units {
		if i := u.Inputs[0]; inputs[i].Param >= 0 {
			chosen = append(chosen, i)
		} else if len(opts.Inputs) > 0 {
			return usageErrorf("--inputs: %s is a salience Dirichlet, not one number: a box cannot bound it", inputs[i].Name)
		}
	}
	if len(chosen) == 0 {
		return usageErrorf("scenario %s has no uncertain value for a box to bound", m.ID)
	}
	files := []string{results.TrajectoryFile, results.BoxesFile, "manifest.json"}
	if err := opts.checkOut(files); err != nil {
		return err
	}
	simOpts := opts.simOptions(m)
	bar := opts.progress(simOpts.Trials)
	if bar != nil {
		simOpts.Progress = bar.add
	}
	paste := opts.Paste
	if paste == 0 {
		paste = -1 // prim: a negative fraction switches pasting off
	}
	spec := sensitivity.Discovery{Package: 0, Pathway: w, Inputs: chosen, MinDensity: opts.MinDensity,
		Options: prim.Options{Peel: opts.Peel, Paste: paste, MinMass: opts.MinMass}}
	d, err := sensitivity.Discover(ctx, m, simOpts, spec)
	bar.finish(err)
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		if errors.Is(err, prim.ErrNoInterest) {
			return fmt.Errorf("%s never leads to %s in these %d trials: there are no trials of interest for PRIM to find a box around", m.Packages[0].ID, m.Pathways[w].ID, simOpts.Trials)
		}
		return fmt.Errorf("%s → %s: %w", m.Packages[0].ID, m.Pathways[w].ID, err)
	}
	if !d.Reached {
		fmt.Fprintf(opts.Stderr, "peacesim: warning: no box reaches a density of %g (the densest, step %d, has %.3f): boxes.csv holds that one\n",
			opts.MinDensity, d.Chosen, d.Trajectory[d.Chosen].Density)
	}

	names := make([]string, len(chosen))
	for j, i := range chosen {
		names[j] = inputs[i].Name
	}
	man := results.NewManifest(versionString())
	sr := opts.planned(m, file, simOpts, opts.Sets)
	sr.Packages = append(sr.Packages, m.Packages[0].ID)
	man.Scenarios = append(man.Scenarios, sr)
	man.Discovery = &results.Discovery{Package: m.Packages[0].ID, Pathway: m.Pathways[w].ID, Inputs: names,
		MinDensity: opts.MinDensity, Peel: opts.Peel, Paste: opts.Paste, MinMass: opts.MinMass}
	traj, boxes := discoveryRows(m, w, names, d)
	if err := opts.writeTables(files, man,
		analysisTable{results.TrajectoryFile, func(w io.Writer) error { return results.WriteTrajectory(w, traj) }},
		analysisTable{results.BoxesFile, func(w io.Writer) error { return results.WriteBoxes(w, boxes) }},
	); err != nil {
		return err
	}
	if opts.Quiet {
		return nil
	}
	out := bufio.NewWriter(opts.Stdout)
	writeDiscovery(out, m, w, simOpts, traj, boxes)
	return out.Flush()
}

// discoveryRows turns a discovery into the rows of trajectory.csv and
// boxes.csv.
func discoveryRows(m *sim.Model, w int, names []string, d *sensitivity.DiscoveryResult) ([]results.TrajectoryRow, []results.BoxRow) {
	pkg, pw := m.Packages[0].ID, m.Pathways[w].ID
	var traj []results.TrajectoryRow
	for s, b := range d.Trajectory {
		traj = append(traj, results.TrajectoryRow{Scenario: m.ID, Package: pkg, Pathway: pw, Step: s,
			Coverage: b.Coverage, Density: b.Density, Mass: b.Mass, Restricted: len(b.Restricted), Chosen: s == d.Chosen})
	}
	var boxes []results.BoxRow
	b := d.Trajectory[d.Chosen]
	for _, j := range b.Restricted {
		boxes = append(boxes, results.BoxRow{Scenario: m.ID, Package: pkg, Pathway: pw, Step: d.Chosen, Input: names[j],
			Low: b.Limits[j].Lo, High: b.Limits[j].Hi, DataLow: d.DataRange[j].Lo, DataHigh: d.DataRange[j].Hi,
			Coverage: b.Coverage, Density: b.Density, Mass: b.Mass})
	}
	return traj, boxes
}

// writeDiscovery writes the summary on stdout: the trajectory's corners
// and the box chosen.
func writeDiscovery(w io.Writer, m *sim.Model, pathway int, opt sim.Options, traj []results.TrajectoryRow, boxes []results.BoxRow) {
	fmt.Fprintf(w, "Scenario %s: %s → %s, PRIM over %d trials, seed %d\n", m.ID, m.Packages[0].ID, m.Pathways[pathway].ID, opt.Trials, opt.Seed)
	fmt.Fprintf(w, "\nPeeling trajectory (%d steps; every step in trajectory.csv):\n", len(traj))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  step\tcoverage\tdensity\tmass\trestricted\t")
	show := []int{0}
	for s := 1; s < len(traj); s++ {
		if traj[s].Restricted != traj[s-1].Restricted || traj[s].Chosen || s == len(traj)-1 {
			show = append(show, s)
		}
	}
	for _, s := range show {
		r := traj[s]
		mark := ""
		if r.Chosen {
			mark = "← chosen"
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%d\t%s\n", r.Step, percent(r.Coverage), percent(r.Density), percent(r.Mass), r.Restricted, mark)
	}
	tw.Flush()
	if len(boxes) == 0 {
		fmt.Fprintln(w, "\nThe box chosen restricts no input: the whole of the trials.")
		return
	}
	b := boxes[0]
	fmt.Fprintf(w, "\nBox of step %d: %s of the trials, the pathway in %s of them, %s of all its trials inside:\n",
		b.Step, percent(b.Mass), percent(b.Density), percent(b.Coverage))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  input\tbox\tover all trials\t")
	for _, r := range boxes {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t\n", r.Input, interval(r.Low, r.High, r.DataLow, r.DataHigh), fmt.Sprintf("[%s, %s]", num(r.DataLow), num(r.DataHigh)))
	}
	tw.Flush()
}

// interval writes a box's interval of an input, naming only the sides it
// restricts: "≥ 0.31", "≤ 0.52" or "[0.31, 0.52]".
func interval(lo, hi, dataLo, dataHi float64) string {
	switch {
	case lo > dataLo && hi < dataHi:
		return fmt.Sprintf("[%s, %s]", num(lo), num(hi))
	case lo > dataLo:
		return "≥ " + num(lo)
	case hi < dataHi:
		return "≤ " + num(hi)
	}
	return "any"
}
