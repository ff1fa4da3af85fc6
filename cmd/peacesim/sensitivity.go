package main

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/sensitivity"
)

// SensitivityOptions are the inputs of peacesim sensitivity.
type SensitivityOptions struct {
	ScenarioOptions
	// Packages and Pathways restrict the analysis's rows; empty means all.
	Packages []string
	Pathways []string
	// Inputs are the key paths of the inputs analysed; empty means every
	// uncertain input. Groups are NAME=KEY,KEY,… moved as one.
	Inputs []string
	Groups []string
	// Range is the tornado's low and high percentiles, "10,90".
	Range string
	// Samples are the Sobol analysis's base samples (0: no Sobol
	// analysis); Bootstrap its bootstrap replicates.
	Samples   int64
	Bootstrap int
	// Top is how many inputs per package and pathway the summary on
	// stdout shows.
	Top int
	// Methods are the analyses to run: tornado, sobol or both.
	Methods []string
}

// Defaults of peacesim sensitivity.
const (
	defaultSobolSamples = 16384
	defaultBootstrap    = 100
	defaultTop          = 5
)

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
	opts.bind(cmd, commandFlags{Formats: []string{"table"}, Precision: true})
	f := cmd.Flags()
	f.StringSliceVar(&opts.Packages, "packages", nil, "analyse only these packages, by id (comma-separated)")
	f.StringSliceVar(&opts.Pathways, "pathways", nil, "report only these pathways, by id (comma-separated)")
	f.StringSliceVar(&opts.Inputs, "inputs", nil, "analyse only these inputs, by key path (comma-separated)")
	f.StringArrayVar(&opts.Groups, "group", nil, "move several inputs as one, `NAME=KEY,KEY,...` (repeatable)")
	f.StringVar(&opts.Range, "range", "10,90", "the tornado's low and high percentiles, `LOW,HIGH`")
	f.Int64Var(&opts.Samples, "samples", defaultSobolSamples, "Sobol base samples `N` (N·(inputs+2) evaluations; 0: no Sobol analysis)")
	f.IntVar(&opts.Bootstrap, "bootstrap", defaultBootstrap, "bootstrap replicates of the Sobol intervals")
	f.IntVar(&opts.Top, "top", defaultTop, "inputs per package and pathway on stdout")
	f.StringSliceVar(&opts.Methods, "methods", []string{"tornado", "sobol"}, "the analyses to run: tornado, sobol or both")
	return cmd
}

// runSensitivity loads the scenario, resolves the inputs and groups, runs
// the tornado and the Sobol analysis, and writes the tables.
func runSensitivity(ctx context.Context, opts *SensitivityOptions) error {
	if err := opts.validate(); err != nil {
		return err
	}
	lo, hi, err := parseRange(opts.Range)
	if err != nil {
		return err
	}
	switch {
	case opts.Samples < 0 || opts.Samples == 1:
		return usageErrorf("--samples must be 0 (no Sobol analysis) or ≥ 2, got %d", opts.Samples)
	case opts.Bootstrap < 0:
		return usageErrorf("--bootstrap must be ≥ 0, got %d", opts.Bootstrap)
	case opts.Top < 1:
		return usageErrorf("--top must be ≥ 1, got %d", opts.Top)
	}
	doTornado, doSobol := false, false
	for _, x := range opts.Methods {
		switch x {
		case "tornado":
			doTornado = true
		case "sobol":
			doSobol = true
		default:
			return usageErrorf("--methods: %q is not an analysis: give tornado, sobol or both", x)
		}
	}
	if !doSobol {
		opts.Samples = 0
	}
	if !doTornado && opts.Samples == 0 {
		return usageErrorf("--methods sobol with --samples 0 runs nothing")
	}
	if !doTornado && opts.Precision > 0 {
		return usageErrorf("--precision applies to the tornado's swings; the Sobol analysis takes --samples")
	}
	m, file, err := loadScenario(ctx, opts.Scenario, opts.Sets)
	if err != nil {
		return err
	}
	if m, err = choosePackages(m, opts.Packages, 1); err != nil {
		return err
	}
	pathways, err := choosePathways(m, opts.Pathways, "--pathways")
	if err != nil {
		return err
	}
	inputs := m.Inputs()
	units, groups, err := chooseUnits(m, inputs, opts.Inputs, opts.Groups)
	if err != nil {
		return err
	}
	var files []string
	if doTornado {
		files = append(files, results.TornadoFile)
	}
	if opts.Samples > 0 {
		files = append(files, results.SobolFile)
	}
	files = append(files, "manifest.json")
	if err := opts.checkOut(files); err != nil {
		return err
	}
	simOpts := opts.simOptions(m)
	spec := sensitivity.Tornado{Low: lo / 100, High: hi / 100, Precision: opts.Precision, MaxTrials: opts.MaxTrials}
	// cost is the model evaluations of the analyses run, the tornado's on
	// its trials: the progress bar's total beforehand, the manifest's after.
	tornadoUnits := 0
	for _, u := range units {
		if doTornado && slices.ContainsFunc(u.Inputs, func(i int) bool { return inputs[i].Param >= 0 }) {
			tornadoUnits++
		}
	}
	cost := func(trials int64) int64 {
		var n int64
		if doTornado {
			n += sensitivity.TornadoEvaluations(tornadoUnits, trials)
		}
		if opts.Samples > 0 {
			n += sensitivity.SobolEvaluations(len(units), opts.Samples)
		}
		return n
	}
	trials := simOpts.Trials
	if opts.Precision > 0 {
		trials = opts.MaxTrials
	}
	evals := cost(trials)
	if !opts.Quiet {
		var parts []string
		if doTornado {
			part := fmt.Sprintf("tornado of %d × 2 variants + 1 on %d trials", tornadoUnits, simOpts.Trials)
			if opts.Precision > 0 {
				part = fmt.Sprintf("tornado of %d × 2 variants + 1 on up to %d trials (--precision)", tornadoUnits, opts.MaxTrials)
			}
			parts = append(parts, part)
		}
		if opts.Samples > 0 {
			parts = append(parts, fmt.Sprintf("Sobol on %d base samples", opts.Samples))
		}
		atMost := ""
		if opts.Precision > 0 {
			atMost = " at most"
		}
		fmt.Fprintf(opts.Stderr, "peacesim: %d inputs: %s: %d model evaluations%s\n", len(units), strings.Join(parts, ", "), evals, atMost)
	}
	bar := opts.progress(evals)
	if bar != nil {
		simOpts.Progress = bar.add
	}
	tor := &sensitivity.TornadoResult{Reached: true}
	if doTornado {
		tor, err = sensitivity.RunTornado(ctx, m, simOpts, units, spec)
	}
	var sob *sensitivity.SobolResult
	if err == nil && opts.Samples > 0 {
		sob, err = sensitivity.RunSobol(ctx, m, simOpts, units, sensitivity.Sobol{Samples: opts.Samples, Bootstrap: opts.Bootstrap})
	}
	bar.finish(err)
	if err != nil {
		return err
	}
	if opts.Precision > 0 && !tor.Reached {
		fmt.Fprintf(opts.Stderr, "peacesim: warning: %s: --precision %g not reached in %d trials (--max-trials)\n", m.ID, opts.Precision, tor.Trials)
	}

	if doTornado {
		simOpts.Trials = tor.Trials
	}
	man := results.NewManifest(versionString())
	sr := opts.planned(m, file, simOpts, opts.Sets)
	sr.Packages = append(sr.Packages, opts.Packages...)
	sr.Precision = opts.Precision
	man.Scenarios = append(man.Scenarios, sr)
	names := make([]string, len(units))
	for u, unit := range units {
		names[u] = unit.Name
	}
	man.Sensitivity = &results.Sensitivity{Packages: packageIDs(m), Inputs: names, Groups: groups,
		Range: [2]float64{lo, hi}, Samples: opts.Samples, Bootstrap: opts.Bootstrap, Evaluations: cost(tor.Trials)}
	trows := tornadoRows(m, units, tor, pathways, simOpts.Seed)
	var srows []results.SobolRow
	if sob != nil {
		srows = sobolRows(m, units, sob, pathways, opts.Samples, simOpts.Seed)
	}
	var tables []analysisTable
	if doTornado {
		tables = append(tables, analysisTable{results.TornadoFile, func(w io.Writer) error { return results.WriteTornado(w, trows) }})
	}
	if sob != nil {
		tables = append(tables, analysisTable{results.SobolFile, func(w io.Writer) error { return results.WriteSobol(w, srows) }})
	}
	if err := opts.writeTables(files, man, tables...); err != nil {
		return err
	}
	if opts.Quiet {
		return nil
	}
	w := bufio.NewWriter(opts.Stdout)
	writeSensitivity(w, m, opts, trows, srows, tor, sob)
	return w.Flush()
}

// parseRange reads --range LOW,HIGH, two percentiles 0 ≤ LOW < HIGH ≤ 100.
func parseRange(s string) (lo, hi float64, err error) {
	a, b, ok := strings.Cut(s, ",")
	lo, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	hi, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if !ok || err1 != nil || err2 != nil || !(lo >= 0 && lo < hi && hi <= 100) {
		return 0, 0, usageErrorf("--range must be two percentiles LOW,HIGH with 0 ≤ LOW < HIGH ≤ 100, e.g. 10,90; got %q", s)
	}
	return lo, hi, nil
}

// chooseUnits resolves --inputs and --group into the units analysed: each
// selected input not in a group on its own, in the model's order, then the
// groups in the order given. An unknown key is a usage error with a
// suggestion, and says so when the key names a value that is fixed.
func chooseUnits(m *sim.Model, inputs []sim.Input, names, groupArgs []string) ([]sensitivity.Unit, []results.Group, error) {
	all := make([]string, len(inputs))
	for i, in := range inputs {
		all[i] = in.Name
	}
	find := func(flag, name string) (int, error) {
		if i := slices.Index(all, name); i >= 0 {
			return i, nil
		}
		if _, ok := m.Param(name); ok {
			return 0, usageErrorf("%s: %s is fixed in scenario %s, not an uncertain input: give it a distribution (e.g. --set '%s=\"normal(…)\"') to analyse it", flag, name, m.ID, name)
		}
		hint := ""
		if s := sim.Suggest(name, all); s != "" {
			hint = fmt.Sprintf(" (did you mean %s?)", s)
		}
		return 0, usageErrorf("%s: scenario %s has no uncertain input %q%s; its inputs are listed by peacesim sensitivity --help's key paths, e.g. %s", flag, m.ID, name, hint, all[0])
	}
	if len(all) == 0 {
		return nil, nil, usageErrorf("scenario %s has no uncertain input: every value is fixed, so nothing can be analysed", m.ID)
	}
	selected := make([]bool, len(inputs))
	if len(names) == 0 {
		for i := range selected {
			selected[i] = true
		}
	}
	for _, name := range names {
		i, err := find("--inputs", name)
		if err != nil {
			return nil, nil, err
		}
		selected[i] = true
	}
	grouped := make([]string, len(inputs))
	var groups []results.Group
	var gunits []sensitivity.Unit
	for _, arg := range groupArgs {
		name, keys, ok := strings.Cut(arg, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.TrimSpace(keys) == "" {
			return nil, nil, usageErrorf("--group %s: write NAME=KEY,KEY,..., e.g. --group russia=parties.russia.reservation.framework,parties.russia.reservation.humanitarian", arg)
		}
		if slices.Contains(all, name) || slices.ContainsFunc(groups, func(g results.Group) bool { return g.Name == name }) {
			return nil, nil, usageErrorf("--group %s: %s already names an input or a group", arg, name)
		}
		u := sensitivity.Unit{Name: name}
		g := results.Group{Name: name}
		for _, key := range strings.Split(keys, ",") {
			key = strings.TrimSpace(key)
			i, err := find("--group "+name, key)
			if err != nil {
				return nil, nil, err
			}
			if grouped[i] != "" {
				return nil, nil, usageErrorf("--group %s: %s is already in group %s", name, key, grouped[i])
			}
			grouped[i] = name
			u.Inputs = append(u.Inputs, i)
			g.Keys = append(g.Keys, key)
		}
		groups = append(groups, g)
		gunits = append(gunits, u)
	}
	var units []sensitivity.Unit
	for i, in := range inputs {
		if selected[i] && grouped[i] == "" {
			units = append(units, sensitivity.Unit{Name: in.Name, Inputs: []int{i}})
		}
	}
	return append(units, gunits...), groups, nil
}

// tornadoRows turns a tornado into the rows of tornado.csv, for the
// pathways reported, in the tornado's order.
func tornadoRows(m *sim.Model, units []sensitivity.Unit, t *sensitivity.TornadoResult, pathways []int, seed uint64) []results.TornadoRow {
	var rows []results.TornadoRow
	for _, s := range t.Swings {
		if !slices.Contains(pathways, s.Pathway) {
			continue
		}
		rows = append(rows, results.TornadoRow{
			Scenario: m.ID, Package: m.Packages[s.Package].ID, Pathway: m.Pathways[s.Pathway].ID, Input: units[s.Unit].Name,
			Low: s.Low, High: s.High, PBase: s.Base.P, PLow: s.PLow.P, PHigh: s.PHigh.P,
			Swing: s.Diff.Difference, SwingLow: s.Diff.Low, SwingHigh: s.Diff.High,
			Trials: t.Trials, Seed: seed,
		})
	}
	return rows
}

// sobolRows turns a Sobol analysis into the rows of sobol.csv.
func sobolRows(m *sim.Model, units []sensitivity.Unit, s *sensitivity.SobolResult, pathways []int, samples int64, seed uint64) []results.SobolRow {
	var rows []results.SobolRow
	for _, x := range s.Indices {
		if !slices.Contains(pathways, x.Pathway) {
			continue
		}
		rows = append(rows, results.SobolRow{
			Scenario: m.ID, Package: m.Packages[x.Package].ID, Pathway: m.Pathways[x.Pathway].ID, Input: units[x.Unit].Name,
			FirstOrder: x.First, FirstOrderLow: x.FirstLow, FirstOrderHigh: x.FirstHigh,
			Total: x.Total, TotalLow: x.TotalLow, TotalHigh: x.TotalHigh,
			Trials: s.Evaluations, Samples: samples, Seed: seed,
		})
	}
	return rows
}

// writeSensitivity writes the summary on stdout: per package and pathway,
// the inputs with the largest swings, with their Sobol indices, or
// without a tornado those with the largest total indices.
func writeSensitivity(w io.Writer, m *sim.Model, opts *SensitivityOptions, trows []results.TornadoRow, srows []results.SobolRow, t *sensitivity.TornadoResult, s *sensitivity.SobolResult) {
	lo, hi, _ := parseRange(opts.Range)
	fmt.Fprintf(w, "Scenario %s:", m.ID)
	if len(trows) > 0 {
		fmt.Fprintf(w, " tornado at the %gth/%gth percentiles, %d trials;", lo, hi, t.Trials)
	}
	if s != nil {
		fmt.Fprintf(w, " Sobol indices from %d base samples (%d evaluations);", opts.Samples, s.Evaluations)
	}
	fmt.Fprintf(w, " seed %d\n", opts.simOptions(m).Seed)
	type cell struct{ pkg, pw string }
	var order []cell
	byT := map[cell][]results.TornadoRow{}
	byS := map[cell][]results.SobolRow{}
	sob := map[[3]string]results.SobolRow{}
	for _, r := range trows {
		c := cell{r.Package, r.Pathway}
		if byT[c] == nil {
			order = append(order, c)
		}
		byT[c] = append(byT[c], r)
	}
	for _, r := range srows {
		c := cell{r.Package, r.Pathway}
		if len(trows) == 0 && byS[c] == nil {
			order = append(order, c)
		}
		byS[c] = append(byS[c], r)
		sob[[3]string{r.Package, r.Pathway, r.Input}] = r
	}
	for _, c := range order {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		if rows := byT[c]; len(rows) > 0 {
			fmt.Fprintf(w, "\n%s → %s: %s\n", c.pkg, c.pw, percent(rows[0].PBase))
			head := "  input\tlow\thigh\tP(low)\tP(high)\tswing [95% interval]"
			if s != nil {
				head += "\tS1\tST"
			}
			fmt.Fprintln(tw, head)
			for _, r := range rows[:min(len(rows), opts.Top)] {
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%+.1f [%+.1f, %+.1f]", r.Input, num(r.Low), num(r.High), percent(r.PLow), percent(r.PHigh),
					100*r.Swing, 100*r.SwingLow, 100*r.SwingHigh)
				if x, ok := sob[[3]string{r.Package, r.Pathway, r.Input}]; ok {
					fmt.Fprintf(tw, "\t%s\t%s", index(x.FirstOrder), index(x.Total))
				} else if s != nil {
					fmt.Fprint(tw, "\t-\t-")
				}
				fmt.Fprintln(tw)
			}
		} else {
			rows := slices.Clone(byS[c])
			slices.SortStableFunc(rows, func(a, b results.SobolRow) int { return cmpDesc(a.Total, b.Total) })
			fmt.Fprintf(w, "\n%s → %s\n", c.pkg, c.pw)
			fmt.Fprintln(tw, "  input\tS1 [95% interval]\tST [95% interval]")
			for _, r := range rows[:min(len(rows), opts.Top)] {
				fmt.Fprintf(tw, "  %s\t%s [%s, %s]\t%s [%s, %s]\n", r.Input, index(r.FirstOrder), index(r.FirstOrderLow), index(r.FirstOrderHigh),
					index(r.Total), index(r.TotalLow), index(r.TotalHigh))
			}
		}
		tw.Flush()
	}
	note := "swing: P(high) − P(low) in points"
	if s != nil {
		note += "; S1, ST: Sobol first-order and total indices, - where undefined"
	}
	fmt.Fprintf(w, "\n(%s; the tables in -o DIR have every input and interval)\n", note)
}

// cmpDesc orders numbers largest first, NaN last.
func cmpDesc(a, b float64) int {
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return 1
	case math.IsNaN(b):
		return -1
	}
	return cmp.Compare(b, a)
}

// percent formats a probability in percent, one decimal.
func percent(p float64) string { return strconv.FormatFloat(100*p, 'f', 1, 64) + "%" }

// num formats an input's value for the summary; a group has none.
func num(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}

// index formats a Sobol index for the summary; undefined is "-".
func index(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	if math.Abs(x) < 0.005 {
		x = 0 // not "-0.00"
	}
	return strconv.FormatFloat(x, 'f', 2, 64)
}
