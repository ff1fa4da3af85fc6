package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/sim"
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
	defaultBargainGrid   = 21
	// zopaGrid is the number of points per numeric issue of the sample of
	// the negotiable space on which each trial's zone of agreement is
	// looked for, and zopaPoints the most points of that sample.
	zopaGrid   = 5
	zopaPoints = 4000
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

// runBargain loads the scenario, builds each track's bargaining problem
// and solves it, and writes the tables.
func runBargain(ctx context.Context, opts *BargainOptions) error {
	if err := opts.validate(); err != nil {
		return err
	}
	if opts.Grid < 2 || opts.Grid > 1001 {
		return usageErrorf("--grid must be in [2, 1001], got %d", opts.Grid)
	}
	m, file, err := loadScenario(ctx, opts.Scenario, opts.Sets)
	if err != nil {
		return err
	}
	base, err := packageIndex(m, opts.Package, "--package")
	if err != nil {
		return err
	}
	if len(bargain.Negotiable(m)) == 0 {
		return usageErrorf("scenario %s has no negotiable issue: give some issues negotiable = [lo, hi], a list of levels or true (docs/model.md#negotiable), or --set issues.ID.negotiable=…", m.ID)
	}
	files := results.BargainFiles()
	if err := opts.checkOut(files); err != nil {
		return err
	}
	simOpts := opts.simOptions(m)
	draws, err := bargain.TrialDraws(ctx, m, simOpts)
	if err != nil {
		return err
	}
	mode, sc := "nominal", bargain.NominalScorer(m)
	if opts.Expected {
		mode, sc = "expected", bargain.ExpectedScorer(m, draws)
	}
	tracks := bargain.Tracks(m, base, sc)
	if len(tracks) == 0 {
		return usageErrorf("scenario %s: no track has both negotiable issues and a veto party with a stake on it", m.ID)
	}
	var parties []string
	for _, p := range m.Parties {
		if p.Veto {
			parties = append(parties, p.ID)
		}
	}
	neg := bargain.Negotiable(m)
	issues := make([]string, len(neg))
	for j, i := range neg {
		issues[j] = m.Issues[i].ID
	}
	bopt := bargain.Options{Grid: opts.Grid}
	if opts.Expected {
		bopt.MaxPoints = 2000 // each utility is a mean over the trials
	}
	var out bargainTables
	for ti := range tracks {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := out.add(m, mode, &tracks[ti], parties, neg, sc, draws, bopt); err != nil {
			return err
		}
	}

	man := results.NewManifest(versionString())
	sr := opts.planned(m, file, simOpts, opts.Sets)
	sr.Packages = append(sr.Packages, m.Packages[base].ID)
	man.Scenarios = append(man.Scenarios, sr)
	man.Bargain = &results.Bargain{Package: m.Packages[base].ID, Mode: mode, Parties: parties, Issues: issues, Trials: simOpts.Trials}
	if err := opts.writeTables(files, man,
		analysisTable{results.ZOPAFile, func(w io.Writer) error { return results.WriteZOPA(w, parties, out.zopa) }},
		analysisTable{results.SolutionsFile, func(w io.Writer) error { return results.WriteSolutions(w, parties, out.solutions) }},
		analysisTable{results.FrontierFile, func(w io.Writer) error { return results.WriteFrontier(w, parties, issues, out.frontier) }},
		analysisTable{results.BargainPackagesFile, func(w io.Writer) error { return results.WriteBargainPackages(w, parties, out.packages) }},
	); err != nil {
		return err
	}
	if opts.Quiet {
		return nil
	}
	w := bufio.NewWriter(opts.Stdout)
	writeBargain(w, m, mode, base, simOpts, parties, &out)
	return w.Flush()
}

// bargainTables are the rows of a bargaining analysis.
type bargainTables struct {
	zopa      []results.ZOPARow
	solutions []results.SolutionRow
	frontier  []results.FrontierRow
	packages  []results.BargainPackageRow
}

// add solves one track and adds its rows.
func (b *bargainTables) add(m *sim.Model, mode string, tr *bargain.Track, parties []string, neg []int, sc bargain.Scorer, draws bargain.Draws, opt bargain.Options) error {
	track := m.Tracks[tr.Track]
	// utilities spreads a track's parties' values over every veto party's
	// column, NaN where a party has no stake on the track.
	utilities := func(u []float64) []float64 {
		out := make([]float64, len(parties))
		for j := range out {
			out[j] = math.NaN()
		}
		for j, p := range tr.Parties {
			for c, id := range parties {
				if id == m.Parties[p].ID {
					out[c] = u[j]
				}
			}
		}
		return out
	}
	res := make([]float64, len(tr.Parties))
	for j, p := range tr.Problem.Parties {
		res[j] = p.Reservation
	}
	a, err := bargain.Analyse(tr.Problem, opt)
	if err != nil {
		return fmt.Errorf("track %s: %w", track, err)
	}
	witness, exists := a.Witness, a.HasZOPA
	points, _ := tr.Problem.Space.Grid(zopaGrid, zopaPoints)
	if points == nil {
		points, _ = tr.Problem.Space.Grid(2, zopaPoints)
	}
	count, trials := bargain.ZOPAProbability(m, tr, draws, points)
	p := sim.NewProportion(count, trials)
	b.zopa = append(b.zopa, results.ZOPARow{Scenario: m.ID, Mode: mode, Track: track, Exists: exists,
		Probability: p.P, CILow: p.Low, CIHigh: p.High, Trials: trials, Reservations: utilities(res)})

	solution := func(name string, pt bargain.Point) {
		for j, i := range tr.Issues {
			b.solutions = append(b.solutions, results.SolutionRow{Scenario: m.ID, Mode: mode, Track: track, Solution: name,
				Issue: m.Issues[i].ID, Value: m.Issues[i].FormatValue(pt.X[j]), Utilities: utilities(pt.U)})
		}
	}
	if exists {
		solution("zopa", witness)
	}
	nash, okNash := a.Nash, a.HasZOPA
	if okNash {
		solution("nash", nash)
		solution("kalai_smorodinsky", a.KalaiSmorodinsky)
	}
	frontier := a.Frontier
	for n, pt := range frontier {
		values := make([]string, len(neg))
		for j, i := range tr.Issues {
			for c, ni := range neg {
				if ni == i {
					values[c] = m.Issues[i].FormatValue(pt.X[j])
				}
			}
		}
		b.frontier = append(b.frontier, results.FrontierRow{Scenario: m.ID, Mode: mode, Track: track, Point: n,
			Utilities: utilities(pt.U), Values: values})
	}
	for _, pkg := range m.Packages {
		u := make([]float64, len(tr.Parties))
		acceptable := true
		for j, p := range tr.Parties {
			var vetoed bool
			u[j], vetoed = sc.Utility(p, tr.Track, pkg.Values)
			acceptable = acceptable && !vetoed && u[j] >= res[j]
		}
		row := results.BargainPackageRow{Scenario: m.ID, Mode: mode, Track: track, Package: pkg.ID,
			Utilities: utilities(u), Acceptable: acceptable, DistanceFrontier: math.NaN(), DistanceNash: math.NaN()}
		if len(frontier) > 0 {
			row.DistanceFrontier = bargain.DistanceToFrontier(frontier, u)
		}
		if okNash {
			var d float64
			for j := range u {
				d += (u[j] - nash.U[j]) * (u[j] - nash.U[j])
			}
			row.DistanceNash = math.Sqrt(d)
		}
		b.packages = append(b.packages, row)
	}
	return nil
}

// writeBargain writes the summary on stdout: per track, the zone of
// agreement, the two solutions and how far each package lies from them.
func writeBargain(w io.Writer, m *sim.Model, mode string, base int, opt sim.Options, parties []string, b *bargainTables) {
	fmt.Fprintf(w, "Scenario %s: bargaining at %s values over the negotiable issues, the others as in %s; zones of agreement over %d trials, seed %d\n",
		m.ID, mode, m.Packages[base].ID, opt.Trials, opt.Seed)
	for _, z := range b.zopa {
		fmt.Fprintf(w, "\nTrack %s: ", z.Track)
		if z.Exists {
			fmt.Fprint(w, "a zone of possible agreement exists")
		} else {
			fmt.Fprint(w, "no zone of possible agreement")
		}
		fmt.Fprintf(w, " at %s values; one exists in %s of trials [%s, %s]\n", mode, percent(z.Probability), percent(z.CILow), percent(z.CIHigh))
		var cols []string
		for j, id := range parties {
			if !math.IsNaN(z.Reservations[j]) {
				cols = append(cols, fmt.Sprintf("%s %.3f", id, z.Reservations[j]))
			}
		}
		fmt.Fprintf(w, "  reservations: %s\n", strings.Join(cols, ", "))
		for _, name := range []string{"nash", "kalai_smorodinsky"} {
			var vals []string
			var u []float64
			for _, s := range b.solutions {
				if s.Track == z.Track && s.Solution == name {
					vals = append(vals, s.Issue+"="+s.Value)
					u = s.Utilities
				}
			}
			if vals == nil {
				continue
			}
			fmt.Fprintf(w, "  %s: %s\n    utilities: %s\n", map[string]string{"nash": "Nash solution", "kalai_smorodinsky": "Kalai–Smorodinsky"}[name],
				strings.Join(vals, ", "), utilityList(parties, u))
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  package\t%s\tacceptable\tto frontier\tto Nash\n", strings.Join(stakedIDs(parties, z.Reservations), "\t"))
		for _, p := range b.packages {
			if p.Track != z.Track {
				continue
			}
			var us []string
			for j := range parties {
				if !math.IsNaN(z.Reservations[j]) {
					us = append(us, fmt.Sprintf("%.3f", p.Utilities[j]))
				}
			}
			fmt.Fprintf(tw, "  %s\t%s\t%v\t%s\t%s\n", p.Package, strings.Join(us, "\t"), p.Acceptable, dist(p.DistanceFrontier), dist(p.DistanceNash))
		}
		tw.Flush()
	}
	fmt.Fprintln(w, "\n(utilities on the parties' 0–1 scales; distances in utility, Euclidean; the tables in -o DIR have the frontier)")
}

// utilityList writes each party's utility, leaving out those without one.
func utilityList(parties []string, u []float64) string {
	var out []string
	for j, id := range parties {
		if !math.IsNaN(u[j]) {
			out = append(out, fmt.Sprintf("%s %.3f", id, u[j]))
		}
	}
	return strings.Join(out, ", ")
}

// stakedIDs are the parties with a reservation on the track.
func stakedIDs(parties []string, res []float64) []string {
	var out []string
	for j, id := range parties {
		if !math.IsNaN(res[j]) {
			out = append(out, id)
		}
	}
	return out
}

// dist formats a distance, "-" when undefined.
func dist(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}
