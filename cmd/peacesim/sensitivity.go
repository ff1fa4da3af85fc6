package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/study/sensitivity"
)

// SensitivityOptions are the inputs of peacesim sensitivity: those of
// sensitivity.AnalysisOptions as its flags write them (Groups NAME=KEY,…,
// Range LOW,HIGH, Methods by name), the rows reported (Packages and
// Pathways, by id) and the inputs per package and pathway on stdout (Top).
type SensitivityOptions struct {
	ScenarioOptions
	Packages, Pathways, Inputs, Groups, Methods []string
	Range                                       string
	Samples                                     int64
	Bootstrap, Top                              int
}

// newSensitivityCmd binds the flags of peacesim sensitivity.
func newSensitivityCmd() *cobra.Command {
	opts := &SensitivityOptions{}
	cmd := &cobra.Command{
		Use:   "sensitivity [FILE|NAME]",
		Short: "Which assumptions drive each pathway: tornado and Sobol indices",
		Long: `Sensitivity asks which uncertain inputs drive each package's pathway
probabilities. The inputs are the scenario's uncertain values, named by key
path (parties.ukraine.reservation.framework, parties.ukraine.red_lines[0].min,
factors.escalation.value, …); each party's salience Dirichlet on a track is
one input (parties.ukraine.salience.framework). --inputs selects some;
--group NAME=KEY,KEY,… moves several as one.

Tornado (one at a time): each input is fixed at its 10th and then its 90th
percentile (--range) while every other input keeps its own draws, on the
same trials; the swing P(high) − P(low) of each pathway has a paired 95%
interval, and an input that cannot move a pathway swings by exactly 0.
A salience Dirichlet has no percentiles and is left out of the tornado.
--precision E adds trials until every swing's interval is within E.

Global: Sobol first-order and total-effect indices of each input (or group)
for each pathway, by Saltelli's design with Jansen's estimators and
bootstrap percentile intervals, from --samples base samples: N·(inputs + 2)
model evaluations. --samples 0 (or --methods tornado) skips it, --methods
sobol skips the tornado.

-o DIR writes tornado.csv, sobol.csv and manifest.json; stdout shows the
largest swings of each package and pathway. peacesim plot DIR draws the
tornado (--chart sobol: the indices).`,
		Example: `  peacesim sensitivity -o sens/
  peacesim sensitivity --packages miami_20_point --pathways framework_agreement --samples 65536 -o sens/
  peacesim sensitivity --group russia=parties.russia.reservation.framework,parties.russia.reservation.humanitarian -o sens/
  peacesim plot sens/ -o tornado.png --packages miami_20_point`,
		Args:              usageArgs(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeScenarioOrFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.complete(cmd, args)
			return runSensitivity(cmd.Context(), opts)
		},
	}
	opts.bind(cmd, commandFlags{Formats: []string{"table"}, Precision: true, Round: true})
	f := cmd.Flags()
	f.StringSliceVar(&opts.Packages, "packages", nil, "analyse only these packages, by id (comma-separated)")
	f.StringSliceVar(&opts.Pathways, "pathways", nil, "report only these pathways, by id (comma-separated)")
	f.StringSliceVar(&opts.Inputs, "inputs", nil, "analyse only these inputs, by key path (comma-separated)")
	f.StringArrayVar(&opts.Groups, "group", nil, "move several inputs as one, `NAME=KEY,KEY,...` (repeatable)")
	f.StringVar(&opts.Range, "range", "10,90", "the tornado's low and high percentiles, `LOW,HIGH` (0 and 100 only for bounded inputs: an unbounded one is refused)")
	f.Int64Var(&opts.Samples, "samples", sensitivity.DefaultSamples, "Sobol base samples `N` (N·(inputs+2) evaluations; 0: no Sobol analysis)")
	f.IntVar(&opts.Bootstrap, "bootstrap", sensitivity.DefaultBootstrap, "bootstrap replicates of the Sobol intervals")
	f.IntVar(&opts.Top, "top", results.DefaultSensitivityTop, "inputs per package and pathway on stdout")
	f.StringSliceVar(&opts.Methods, "methods", []string{"tornado", "sobol"}, "the analyses to run: tornado, sobol or both")
	return cmd
}

// runSensitivity loads the scenario, analyses its inputs and groups
// (sensitivity.Analyse), and writes the tables and the summary.
func runSensitivity(ctx context.Context, opts *SensitivityOptions) error {
	o, err := opts.analysisOptions()
	if err != nil {
		return err
	}
	m, file, err := opts.loadPackages(ctx, opts.Packages, 1)
	if err != nil {
		return err
	}
	if err := refuseEvidence("sensitivity", m, "its tornado fixes inputs and its Sobol indices mix trials, which evidence would reweigh point by point"); err != nil {
		return err
	}
	pathways, err := choosePathways(m, opts.Pathways, "--pathways")
	if err != nil {
		return err
	}
	plan, err := o.Plan(m)
	if err != nil {
		return studyInput(err, map[string]string{"Groups": "--group"})
	}
	files := results.SensitivityFilesFor(o)
	if err := opts.checkOut(files); err != nil {
		return err
	}
	simOpts := opts.simOptions(m)
	opts.note(results.SensitivityPlan(plan, simOpts.Trials))
	bar := opts.progress(plan.Evaluations(plan.MostTrials(simOpts.Trials)))
	simOpts.Progress = bar.add
	a, err := sensitivity.Analyse(ctx, m, simOpts, o)
	bar.finish(err)
	if err != nil {
		return err
	}
	t := results.NewSensitivityTables(m, a, pathways)
	opts.warn(t.Shortfall())
	simOpts.Trials = a.Trials
	man := opts.analysisManifest(m, file, simOpts, opts.Packages...)
	man.Scenarios[0].Precision, man.Sensitivity = o.Precision, &t.Sensitivity
	if err := opts.writeEach(files, man, t.WriteCSV); err != nil {
		return err
	}
	return opts.writeSummary(func(w io.Writer) error { return results.WriteSensitivityTable(w, t, opts.Top) })
}

// analysisOptions are the analysis's options, from the flags, checked as
// far as they can be before the scenario is read.
func (opts *SensitivityOptions) analysisOptions() (o sensitivity.AnalysisOptions, err error) {
	o = sensitivity.AnalysisOptions{Inputs: opts.Inputs, Samples: opts.Samples, Bootstrap: opts.Bootstrap,
		Precision: opts.Precision, MaxTrials: opts.MaxTrials}
	if err := opts.validate(); err != nil {
		return o, err
	}
	if o.Range, err = sensitivity.ParseRange(opts.Range); err == nil {
		err = o.CheckSampling()
	}
	if err != nil {
		return o, studyValue(err)
	}
	if opts.Top < 1 {
		return o, usageErrorf("--top must be ≥ 1, got %d", opts.Top)
	}
	if err := o.SetMethods(opts.Methods); err != nil {
		return o, studyInput(err, nil)
	}
	switch {
	case !o.Tornado && o.Samples == 0:
		return o, usageErrorf("--methods sobol with --samples 0 runs nothing")
	case !o.Tornado && o.Precision > 0:
		return o, usageErrorf("--precision applies to the tornado's swings; the Sobol analysis takes --samples")
	}
	o.Groups, err = sensitivity.ParseGroups(opts.Groups)
	return o, studyInput(err, map[string]string{"Groups": "--group"})
}
