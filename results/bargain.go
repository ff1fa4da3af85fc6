package results

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/bargain"
	"github.com/peacesim/peacesim/study/search"
)

// The tables of a bargaining analysis (peacesim bargain: zopa.csv,
// solutions.csv, frontier.csv, packages.csv) and of a package search
// (peacesim optimize: optimize.csv and, with a repair, repair.csv). Like
// the sensitivity tables they are built from their rows, not from a
// sim.Result; some of their columns are named by the scenario — a utility
// column u_PARTY and a reservation column r_PARTY per veto party, a value
// column per negotiable issue, named by the issue's id — between fixed
// columns before and after them, as sweep.csv's varied keys are. Each
// table is described once below, and ReadDir reads it by the same
// description, so writer and reader cannot drift apart.
const (
	ZOPAFile            = "zopa.csv"
	SolutionsFile       = "solutions.csv"
	FrontierFile        = "frontier.csv"
	BargainPackagesFile = "packages.csv"
	OptimizeFile        = "optimize.csv"
	RepairFile          = "repair.csv"
)

// BargainFiles are the files peacesim bargain writes, manifest.json last.
// They are what OpenStream and CheckDir take.
func BargainFiles() []string {
	return []string{ZOPAFile, SolutionsFile, FrontierFile, BargainPackagesFile, manifestName}
}

// OptimizeFiles are the files peacesim optimize writes, manifest.json
// last: optimize.csv, and repair.csv when it repairs a package.
func OptimizeFiles(repair bool) []string {
	files := []string{OptimizeFile}
	if repair {
		files = append(files, RepairFile)
	}
	return append(files, manifestName)
}

// The prefixes of the columns named by a party: its utility and its
// reservation.
const (
	utilityPrefix     = "u_"
	reservationPrefix = "r_"
)

// ZOPARow is one row of zopa.csv: whether a zone of possible agreement
// exists on one track — a package in the negotiable space that every veto
// party prefers to its reservation — in the mode of the analysis: Mode is
// "nominal" (every distribution at its mean) or "expected" (in
// expectation over the trials).
type ZOPARow struct {
	Scenario, Mode, Track string
	// Exists reports a package in the negotiable space that every veto
	// party prefers to its reservation.
	Exists bool
	// Probability is how often one exists over the trials, with its
	// Wilson 95% interval; NaN when not estimated.
	Probability, CILow, CIHigh float64
	// Trials is the number of trials behind Probability, 0 when not
	// estimated.
	Trials int64
	// Reservations are the parties' reservations on the track, one per
	// party of the analysis (Bargain.Parties); NaN for a party without a
	// stake on the track.
	Reservations []float64
}

// SolutionRow is one row of solutions.csv: the value of one issue in one
// bargaining solution of one track, with the parties' utilities of the
// solution's package (repeated on each of its rows).
type SolutionRow struct {
	// Solution is "nash" (the Nash bargaining solution),
	// "kalai_smorodinsky" (the Kalai–Smorodinsky solution) or "zopa" (a
	// package of the zone of possible agreement, its witness).
	Scenario, Mode, Track, Solution string
	// Issue is a negotiable issue of the track, Value its value in the
	// solution as the scenario writes it: a number, a level, true or
	// false.
	Issue, Value string
	// Utilities are the parties' utilities of the solution, one per
	// party.
	Utilities []float64
}

// FrontierRow is one row of frontier.csv: one point of the Pareto
// frontier of one track, its utilities and the package that reaches it.
type FrontierRow struct {
	Scenario, Mode, Track string
	// Point numbers the track's points from 0, in the order written.
	Point int
	// Utilities are the parties' utilities at the point, one per party.
	Utilities []float64
	// Values are the point's package, one value per negotiable issue of
	// the analysis (Bargain.Issues); "" for an issue not on the track,
	// written NA.
	Values []string
}

// BargainPackageRow is one row of packages.csv: where one of the
// scenario's declared packages stands on one track, against the
// reservations, the frontier and the Nash solution.
type BargainPackageRow struct {
	Scenario, Mode, Track, Package string
	// Utilities are the parties' utilities of the package, one per party.
	Utilities []float64
	// Acceptable reports every veto party at or above its reservation,
	// none vetoing.
	Acceptable bool
	// DistanceFrontier and DistanceNash are the package's Euclidean
	// distances, in utility space, to the frontier and to the Nash
	// solution; NaN when undefined (no frontier, no Nash solution).
	DistanceFrontier, DistanceNash float64
}

// OptimizeRow is one row of optimize.csv: one of the best packages a
// search found for one target pathway, ranked by its objective.
type OptimizeRow struct {
	// Objective is "probability" (the probability of the target) or
	// "nash" (the Nash product of the parties' gains, among packages
	// whose probability of the target is at least Optimize.MinProb).
	Scenario, Target, Objective string
	// Rank is 1 for the best package.
	Rank int
	// Probability is the package's probability of the target, with its
	// Wilson 95% interval.
	Probability, CILow, CIHigh float64
	// Values are the package, one value per negotiable issue
	// (Optimize.Issues), as the scenario writes it.
	Values []string
}

// RepairRow is one row of repair.csv: one issue that the smallest repair
// of a package found moves, from its value in the package to the
// repair's.
type RepairRow struct {
	Scenario, Target, Package string
	Issue, From, To           string
	// BaseProbability and Probability are the package's probability of
	// the target before and after the whole repair, repeated on each of
	// its rows.
	BaseProbability, Probability float64
	// Distance is the repair's normalised distance from the package (each
	// issue's span counting 1), repeated on each row.
	Distance float64
}

// The groups of columns of the bargaining and search tables that the
// scenario names: the veto parties' reservations and utilities, the
// negotiable issues' values.
var (
	reservations = names{label: "`" + reservationPrefix + "PARTY`", prefix: reservationPrefix, noun: "party", plural: "reservations",
		take: takeParties(reservationPrefix)}
	utilities = names{label: "`" + utilityPrefix + "PARTY`", prefix: utilityPrefix, noun: "party", plural: "utilities",
		take: takeParties(utilityPrefix), span: spanParties}
	negotiableIssues = names{label: "*one column per negotiable issue*", noun: "issue", plural: "values",
		take: func(d *Dir, c *cells, issues []string, at int) error {
			d.BargainIssues = slices.Clone(issues)
			var want []string
			if b := d.Manifest.Bargain; b != nil {
				want = b.Issues
			}
			return issueColumns(c, issues, at, want, "bargain.issues")
		}}
	searchIssues = names{label: negotiableIssues.label, noun: "issue", plural: "values",
		take: func(d *Dir, c *cells, issues []string, at int) error {
			d.OptimizeIssues = slices.Clone(issues)
			var want []string
			if o := d.Manifest.Optimize; o != nil {
				want = o.Issues
			}
			return issueColumns(c, issues, at, want, "optimize.issues")
		}}
)

// takeParties checks the parties' columns of a header, named with prefix:
// each must be one, and the parties those of the bargaining analysis,
// whose list they become (partyColumns).
func takeParties(prefix string) func(d *Dir, c *cells, names []string, at int) error {
	return func(d *Dir, c *cells, names []string, at int) error {
		_, err := d.partyColumns(c, prefix, names, at)
		return err
	}
}

// spanParties is how many of frontier.csv's named columns are the
// parties' utilities, the rest being the issues' values: the analysis's
// parties when a table read before (or the manifest) says which;
// otherwise the columns named u_PARTY up to the first that is not.
func spanParties(d *Dir, c *cells, named []string) (int, error) {
	n := len(d.BargainParties)
	switch {
	case d.BargainParties != nil:
	case d.Manifest.Bargain != nil && len(d.Manifest.Bargain.Parties) > 0:
		n = len(d.Manifest.Bargain.Parties)
	default:
		n = slices.IndexFunc(named, func(name string) bool { return !strings.HasPrefix(name, utilityPrefix) })
		if n < 0 {
			n = len(named)
		}
	}
	if n > len(named) {
		return 0, headerError(c, len(c.rec)-1, "the header ends before the utility column of party %d", len(named)+1)
	}
	return n, nil
}

// checkHeader finds a column of h with no name (j = i), or one whose name
// an earlier column j has: such a header is written by no writer, since
// R and pandas would rename its columns.
func checkHeader(h []string) (i, j int, ok bool) {
	for i, name := range h {
		if name == "" {
			return i, i, false
		}
		if j := slices.Index(h[:i], name); j >= 0 {
			return i, j, false
		}
	}
	return 0, 0, true
}

// issueCell is the cell of an issue's value: the value as the scenario
// writes it, NA for "" (an issue not on the row's track). A value spelled
// NA would read back as missing, so it is refused.
func issueCell(v string) (string, error) {
	switch v {
	case "":
		return naString, nil
	case naString:
		return "", fmt.Errorf("an issue value %q would read back as missing", v)
	}
	return v, nil
}

// zopaTable is zopa.csv, its rows in the caller's order, a reservation
// column for each party.
var zopaTable = &table[ZOPARow]{
	file: ZOPAFile,
	dir:  func(d *Dir) *[]ZOPARow { return &d.ZOPA },
	columns: []column[ZOPARow]{
		col("scenario", text, func(r *ZOPARow) *string { return &r.Scenario },
			"scenario id"),
		col("mode", text, func(r *ZOPARow) *string { return &r.Mode },
			"`nominal` or `expected`"),
		col("track", text, func(r *ZOPARow) *string { return &r.Track },
			"track id"),
		col("exists", boolean, func(r *ZOPARow) *bool { return &r.Exists },
			"`TRUE` when a package of the negotiable space gives every veto party with a stake on the track at least its reservation (in the row's mode)"),
		col("probability", probability, func(r *ZOPARow) *float64 { return &r.Probability },
			"share of the `trials` in which such a package exists with that trial's draws of every input (salience at its nominal weights), looked for on a sample of the negotiable space (5 values of each number, every level): a lower bound. Estimated in both modes"),
		col("ci_low", probability, func(r *ZOPARow) *float64 { return &r.CILow },
			"lower bound of the Wilson 95% interval of `probability`").atMost("probability"),
		col("ci_high", probability, func(r *ZOPARow) *float64 { return &r.CIHigh },
			"upper bound of the Wilson 95% interval").atLeast("probability"),
		col("trials", count, func(r *ZOPARow) *int64 { return &r.Trials },
			"trials behind `probability`"),
		cols(reservations, number, func(r *ZOPARow) *[]float64 { return &r.Reservations },
			"one column per veto party: its reservation on the track (the utility below which it rejects); `NA` for a party without a stake on the track"),
	},
}

// solutionsTable is solutions.csv, its rows in the caller's order.
var solutionsTable = &table[SolutionRow]{
	file: SolutionsFile,
	dir:  func(d *Dir) *[]SolutionRow { return &d.Solutions },
	columns: []column[SolutionRow]{
		col("scenario", text, func(r *SolutionRow) *string { return &r.Scenario },
			"scenario id"),
		col("mode", text, func(r *SolutionRow) *string { return &r.Mode },
			"`nominal` or `expected`"),
		col("track", text, func(r *SolutionRow) *string { return &r.Track },
			"track id"),
		col("solution", text, func(r *SolutionRow) *string { return &r.Solution },
			"`nash`, `kalai_smorodinsky` or `zopa`"),
		col("issue", text, func(r *SolutionRow) *string { return &r.Issue },
			"a negotiable issue of the track"),
		col("value", issueValue, func(r *SolutionRow) *string { return &r.Value },
			"the issue's value in the solution, as the scenario writes it: a number, a level, `true` or `false`"),
		cols(utilities, number, func(r *SolutionRow) *[]float64 { return &r.Utilities },
			"one column per veto party: its utility of the solution's package, repeated on each row of the solution; `NA` for a party without a stake on the track"),
	},
}

// frontierTable is frontier.csv, its rows in the caller's order: after
// point, the parties' utility columns, then the issues' value columns.
var frontierTable = &table[FrontierRow]{
	file: FrontierFile,
	dir:  func(d *Dir) *[]FrontierRow { return &d.Frontier },
	columns: []column[FrontierRow]{
		col("scenario", text, func(r *FrontierRow) *string { return &r.Scenario },
			"scenario id"),
		col("mode", text, func(r *FrontierRow) *string { return &r.Mode },
			"`nominal` or `expected`"),
		col("track", text, func(r *FrontierRow) *string { return &r.Track },
			"track id"),
		col("point", natural, func(r *FrontierRow) *int { return &r.Point },
			"the point's number on its track, from 0"),
		cols(utilities, number, func(r *FrontierRow) *[]float64 { return &r.Utilities },
			"one column per veto party: its utility at the point; `NA` for a party without a stake on the track"),
		cols(negotiableIssues, issueValue, func(r *FrontierRow) *[]string { return &r.Values },
			"named by the issue's id exactly (`bargain.issues`, in order): its value at the point, as the scenario writes it; `NA` for an issue not on the row's track"),
	},
}

// bargainPackagesTable is packages.csv, its rows in the caller's order.
var bargainPackagesTable = &table[BargainPackageRow]{
	file: BargainPackagesFile,
	dir:  func(d *Dir) *[]BargainPackageRow { return &d.BargainPackages },
	columns: []column[BargainPackageRow]{
		col("scenario", text, func(r *BargainPackageRow) *string { return &r.Scenario },
			"scenario id"),
		col("mode", text, func(r *BargainPackageRow) *string { return &r.Mode },
			"`nominal` or `expected`"),
		col("track", text, func(r *BargainPackageRow) *string { return &r.Track },
			"track id"),
		col("package", text, func(r *BargainPackageRow) *string { return &r.Package },
			"package id"),
		cols(utilities, number, func(r *BargainPackageRow) *[]float64 { return &r.Utilities },
			"one column per veto party: its utility of the package on the track; `NA` for a party without a stake on the track"),
		col("acceptable", boolean, func(r *BargainPackageRow) *bool { return &r.Acceptable },
			"`TRUE` when every veto party is at or above its reservation and none of its red lines vetoes the package"),
		col("distance_frontier", distance, func(r *BargainPackageRow) *float64 { return &r.DistanceFrontier },
			"Euclidean distance, in utility space, from the package to the nearest point of the frontier; `NA` when the track has no frontier"),
		col("distance_nash", distance, func(r *BargainPackageRow) *float64 { return &r.DistanceNash },
			"Euclidean distance, in utility space, from the package to the Nash solution; `NA` when there is none"),
	},
}

// optimizeTable is optimize.csv, its rows in the caller's order: after
// ci_high, the issues' value columns.
var optimizeTable = &table[OptimizeRow]{
	file: OptimizeFile,
	dir:  func(d *Dir) *[]OptimizeRow { return &d.Optimize },
	columns: []column[OptimizeRow]{
		col("scenario", text, func(r *OptimizeRow) *string { return &r.Scenario },
			"scenario id"),
		col("target", text, func(r *OptimizeRow) *string { return &r.Target },
			"the target pathway's id"),
		col("objective", text, func(r *OptimizeRow) *string { return &r.Objective },
			"`probability` or `nash`"),
		col("rank", rank, func(r *OptimizeRow) *int { return &r.Rank },
			"the package's rank by the objective, 1 for the best"),
		col("probability", probability, func(r *OptimizeRow) *float64 { return &r.Probability },
			"the package's probability of the target"),
		col("ci_low", probability, func(r *OptimizeRow) *float64 { return &r.CILow },
			"lower bound of the Wilson 95% interval").atMost("probability"),
		col("ci_high", probability, func(r *OptimizeRow) *float64 { return &r.CIHigh },
			"upper bound of the Wilson 95% interval").atLeast("probability"),
		cols(searchIssues, issueValue, func(r *OptimizeRow) *[]string { return &r.Values },
			"named by the issue's id exactly (`optimize.issues`, in order): its value in the package, as the scenario writes it"),
	},
}

// repairTable is repair.csv, its rows in the caller's order.
var repairTable = &table[RepairRow]{
	file: RepairFile,
	dir:  func(d *Dir) *[]RepairRow { return &d.Repair },
	columns: []column[RepairRow]{
		col("scenario", text, func(r *RepairRow) *string { return &r.Scenario },
			"scenario id"),
		col("target", text, func(r *RepairRow) *string { return &r.Target },
			"the target pathway's id"),
		col("package", text, func(r *RepairRow) *string { return &r.Package },
			"the package repaired"),
		col("issue", text, func(r *RepairRow) *string { return &r.Issue },
			"an issue the repair moves"),
		col("from", issueValue, func(r *RepairRow) *string { return &r.From },
			"the issue's value in the package"),
		col("to", issueValue, func(r *RepairRow) *string { return &r.To },
			"its value in the repair"),
		col("base_probability", probability, func(r *RepairRow) *float64 { return &r.BaseProbability },
			"the package's probability of the target before the repair, repeated on each row"),
		col("probability", probability, func(r *RepairRow) *float64 { return &r.Probability },
			"the probability after the whole repair (every row's change), repeated on each row"),
		col("distance", distance, func(r *RepairRow) *float64 { return &r.Distance },
			"the repair's normalised distance from the package, repeated on each row"),
	},
}

// WriteZOPA writes zopa.csv: one row per track (and mode), in the order
// given, with a reservation column r_PARTY for each of the parties, the
// analysis's veto parties in the scenario's order. A row with other than
// one reservation per party, or a party id that makes a column name twice,
// is an error and nothing is written.
func WriteZOPA(w io.Writer, parties []string, rows []ZOPARow) error {
	return zopaTable.write(w, rows, parties)
}

// WriteSolutions writes solutions.csv: one row per track × solution ×
// negotiable issue of the track, in the order given, with a utility
// column u_PARTY for each of the parties.
func WriteSolutions(w io.Writer, parties []string, rows []SolutionRow) error {
	return solutionsTable.write(w, rows, parties)
}

// WriteFrontier writes frontier.csv: one row per track × point of its
// frontier, in the order given, with a utility column u_PARTY for each of
// the parties and a value column for each of the issues, named by its id.
func WriteFrontier(w io.Writer, parties, issues []string, rows []FrontierRow) error {
	return frontierTable.write(w, rows, parties, issues)
}

// WriteBargainPackages writes packages.csv: one row per track × declared
// package, in the order given, with a utility column u_PARTY for each of
// the parties.
func WriteBargainPackages(w io.Writer, parties []string, rows []BargainPackageRow) error {
	return bargainPackagesTable.write(w, rows, parties)
}

// WriteOptimize writes optimize.csv: one row per package found, best
// first, with a value column for each of the issues, named by its id.
func WriteOptimize(w io.Writer, issues []string, rows []OptimizeRow) error {
	return optimizeTable.write(w, rows, issues)
}

// WriteRepair writes repair.csv: one row per issue the repair moves, in
// the order given.
func WriteRepair(w io.Writer, rows []RepairRow) error {
	return repairTable.write(w, rows)
}

// BargainTables are the tables of a bargaining analysis of a model
// (bargain.AnalyseModel), built from it: each track's rows in the
// analysis's order, a column for each of its veto parties and negotiable
// issues.
type BargainTables struct {
	// Bargain is the analysis's record in the manifest; its Parties and
	// Issues name the tables' columns.
	Bargain
	// Scenario is the model's id, Seed the seed of the trials drawn.
	Scenario string
	Seed     uint64

	ZOPA      []ZOPARow
	Solutions []SolutionRow
	Frontier  []FrontierRow
	Packages  []BargainPackageRow
	// observations is the number of the model's evidence entries, on
	// which the analysis is conditioned.
	observations int
}

// WriteCSV writes the table of file, one of BargainFiles.
func (t *BargainTables) WriteCSV(w io.Writer, file string) error {
	switch file {
	case ZOPAFile:
		return WriteZOPA(w, t.Parties, t.ZOPA)
	case SolutionsFile:
		return WriteSolutions(w, t.Parties, t.Solutions)
	case FrontierFile:
		return WriteFrontier(w, t.Parties, t.Issues, t.Frontier)
	case BargainPackagesFile:
		return WriteBargainPackages(w, t.Parties, t.Packages)
	}
	return fmt.Errorf("results: a bargaining analysis has no table %s", file)
}

// The names of the bargaining solutions in solutions.csv.
const (
	solutionZOPA             = "zopa"
	solutionNash             = "nash"
	solutionKalaiSmorodinsky = "kalai_smorodinsky"
)

// NewBargainTables builds the tables of the analysis a of model m: per
// track, its row of zopa.csv; in solutions.csv, when a zone of agreement
// exists, its witness, the Nash and the Kalai–Smorodinsky solutions, a row
// per issue of the track; its points of the frontier; and each of the
// model's packages on it.
func NewBargainTables(m *sim.Model, a *bargain.ModelAnalysis) *BargainTables {
	t := &BargainTables{
		Bargain:  Bargain{Package: m.Packages[a.Package].ID, Mode: a.Mode, Trials: a.Trials},
		Scenario: m.ID, Seed: a.Seed, observations: len(m.Evidence),
	}
	for _, p := range a.Parties {
		t.Parties = append(t.Parties, m.Parties[p].ID)
	}
	for _, i := range a.Issues {
		t.Issues = append(t.Issues, m.Issues[i].ID)
	}
	for k := range a.Tracks {
		tr := trackColumns{m: m, a: a, ta: &a.Tracks[k], track: m.Tracks[a.Tracks[k].Track.Track]}
		t.ZOPA = append(t.ZOPA, tr.zopa())
		t.Solutions = append(t.Solutions, tr.solutions()...)
		t.Frontier = append(t.Frontier, tr.frontier()...)
		t.Packages = append(t.Packages, tr.packages()...)
	}
	return t
}

// trackColumns builds one track's rows of the bargaining tables, its
// parties' and issues' figures in the analysis's columns.
type trackColumns struct {
	m     *sim.Model
	a     *bargain.ModelAnalysis
	ta    *bargain.TrackAnalysis
	track string
}

// parties puts the figures of the track's parties in the columns of the
// analysis's parties, NaN for a party without a stake on the track.
func (c trackColumns) parties(u []float64) []float64 {
	out := make([]float64, len(c.a.Parties))
	for k := range out {
		out[k] = math.NaN()
	}
	for j, p := range c.ta.Track.Parties {
		out[slices.Index(c.a.Parties, p)] = u[j]
	}
	return out
}

// issues writes the values x of the track's issues in the columns of the
// analysis's issues, "" for an issue not on the track.
func (c trackColumns) issues(x []float64) []string {
	out := make([]string, len(c.a.Issues))
	for j, i := range c.ta.Track.Issues {
		out[slices.Index(c.a.Issues, i)] = c.m.Issues[i].FormatValue(x[j])
	}
	return out
}

func (c trackColumns) zopa() ZOPARow {
	z := c.ta.ZOPA
	return ZOPARow{Scenario: c.m.ID, Mode: c.a.Mode, Track: c.track, Exists: c.ta.HasZOPA,
		Probability: z.P, CILow: z.Low, CIHigh: z.High, Trials: z.Trials, Reservations: c.parties(c.ta.Reservations)}
}

func (c trackColumns) solutions() []SolutionRow {
	if !c.ta.HasZOPA {
		return nil
	}
	var out []SolutionRow
	for _, s := range []struct {
		name string
		pt   bargain.Point
	}{{solutionZOPA, c.ta.Witness}, {solutionNash, c.ta.Nash}, {solutionKalaiSmorodinsky, c.ta.KalaiSmorodinsky}} {
		for j, i := range c.ta.Track.Issues {
			out = append(out, SolutionRow{Scenario: c.m.ID, Mode: c.a.Mode, Track: c.track, Solution: s.name,
				Issue: c.m.Issues[i].ID, Value: c.m.Issues[i].FormatValue(s.pt.X[j]), Utilities: c.parties(s.pt.U)})
		}
	}
	return out
}

func (c trackColumns) frontier() []FrontierRow {
	out := make([]FrontierRow, len(c.ta.Frontier))
	for n, pt := range c.ta.Frontier {
		out[n] = FrontierRow{Scenario: c.m.ID, Mode: c.a.Mode, Track: c.track, Point: n,
			Utilities: c.parties(pt.U), Values: c.issues(pt.X)}
	}
	return out
}

func (c trackColumns) packages() []BargainPackageRow {
	out := make([]BargainPackageRow, len(c.ta.Packages))
	for k, s := range c.ta.Packages {
		out[k] = BargainPackageRow{Scenario: c.m.ID, Mode: c.a.Mode, Track: c.track, Package: c.m.Packages[k].ID,
			Utilities: c.parties(s.Utilities), Acceptable: s.Acceptable,
			DistanceFrontier: s.DistanceFrontier, DistanceNash: s.DistanceNash}
	}
	return out
}

// SearchTables are the tables of a search of a model's negotiable space,
// built from it: optimize.csv's packages, best first, and for a repair
// (search.RepairModel) repair.csv's changes, with what the summary says of
// the search.
type SearchTables struct {
	// Optimize is the search's record in the manifest; its Issues name
	// optimize.csv's value columns.
	Optimize
	// Scenario is the model's id, Seed the seed of the trials.
	Scenario string
	Seed     uint64

	Packages []OptimizeRow
	Changes  []RepairRow

	// For a repair: BaseProbability is the package's probability of the
	// target, Found whether a change reaches MinProb, and Reached the
	// probability of the package reached, or when none was found of the
	// best package found.
	BaseProbability float64
	Found           bool
	Reached         float64
	// observations is the number of the model's evidence entries, on
	// which every candidate is conditioned.
	observations int
}

// NewSearchTables builds the tables of the search r of model m: its best
// packages in optimize.csv, and for a repair its changes in repair.csv,
// none when no change reaches r.Repair.MinProb (optimize.csv then has the
// best package found).
func NewSearchTables(m *sim.Model, r *search.ModelResult) *SearchTables {
	t := &SearchTables{
		Optimize: Optimize{Target: m.Pathways[r.Target].ID, Objective: r.Objective, Package: m.Packages[r.Package].ID,
			Issues: make([]string, len(r.Issues)), Trials: r.Trials, Evaluations: int64(r.Evaluations)},
		Scenario: m.ID, Seed: r.Seed, observations: len(m.Evidence),
	}
	for j, i := range r.Issues {
		t.Issues[j] = m.Issues[i].ID
	}
	for k, f := range r.Best {
		t.Packages = append(t.Packages, t.row(m, r.Issues, k+1, f))
	}
	if rep := r.Repair; rep != nil {
		t.Repair, t.MinProb = t.Package, rep.MinProb
		t.BaseProbability, t.Found = rep.BaseProbability, rep.Found
		if len(r.Best) > 0 {
			t.Reached = r.Best[0].Value
		}
		t.Changes = t.changes(m, r)
	}
	return t
}

// changes are repair.csv's rows of the repair of r, none when none was
// found.
func (t *SearchTables) changes(m *sim.Model, r *search.ModelResult) []RepairRow {
	rep := r.Repair
	if !rep.Found {
		return nil
	}
	var out []RepairRow
	for _, j := range rep.Changed {
		is := &m.Issues[r.Issues[j]]
		out = append(out, RepairRow{Scenario: m.ID, Target: t.Target, Package: t.Package,
			Issue: is.ID, From: is.FormatValue(rep.Base[j]), To: is.FormatValue(rep.X[j]),
			BaseProbability: rep.BaseProbability, Probability: rep.Value, Distance: rep.Distance})
	}
	return out
}

// Shortfall says, for a repair that found no change reaching MinProb, how
// close the search came; "" for any other search.
func (t *SearchTables) Shortfall() string {
	if t.Repair == "" || t.Found {
		return ""
	}
	return fmt.Sprintf("no change to %s within the negotiable space reaches P(%s) ≥ %g in %d candidates; the best reaches %.3f",
		t.Package, t.Target, t.MinProb, t.Evaluations, t.Reached)
}

// WriteCSV writes the table of file, one of OptimizeFiles.
func (t *SearchTables) WriteCSV(w io.Writer, file string) error {
	switch file {
	case OptimizeFile:
		return WriteOptimize(w, t.Issues, t.Packages)
	case RepairFile:
		return WriteRepair(w, t.Changes)
	}
	return fmt.Errorf("results: a search has no table %s", file)
}

// row is optimize.csv's row of package f, ranked rank, its values those
// of the model's issues.
func (t *SearchTables) row(m *sim.Model, issues []int, rank int, f search.Found) OptimizeRow {
	p := f.Probability
	row := OptimizeRow{Scenario: m.ID, Target: t.Target, Objective: t.Objective, Rank: rank,
		Probability: p.P, CILow: p.Low, CIHigh: p.High, Values: make([]string, len(issues))}
	for j, i := range issues {
		row.Values[j] = m.Issues[i].FormatValue(f.X[j])
	}
	return row
}
