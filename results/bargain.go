package results

import (
	"fmt"
	"io"
	"slices"
)

// The tables of a bargaining analysis (peacesim bargain: zopa.csv,
// solutions.csv, frontier.csv, packages.csv) and of a package search
// (peacesim optimize: optimize.csv and, with a repair, repair.csv). Like
// the sensitivity tables they are built from their rows, not from a
// sim.Result; some of their columns are named by the scenario — a utility
// column u_PARTY and a reservation column r_PARTY per veto party, a value
// column per negotiable issue, named by the issue's id — between fixed
// columns before and after them, as sweep.csv's varied keys are. The
// fixed columns of each table are listed once below, and ReadDir checks a
// header against the same lists, so writer and reader cannot drift apart.
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

// The fixed columns of each table, before and after its named ones.
func zopaHead() []string {
	return []string{"scenario", "mode", "track", "exists", "probability", "ci_low", "ci_high", "trials"}
}
func solutionsHead() []string {
	return []string{"scenario", "mode", "track", "solution", "issue", "value"}
}
func frontierHead() []string        { return []string{"scenario", "mode", "track", "point"} }
func bargainPackagesHead() []string { return []string{"scenario", "mode", "track", "package"} }
func bargainPackagesTail() []string {
	return []string{"acceptable", "distance_frontier", "distance_nash"}
}
func optimizeHead() []string {
	return []string{"scenario", "target", "objective", "rank", "probability", "ci_low", "ci_high"}
}
func repairColumns() []string {
	return []string{"scenario", "target", "package", "issue", "from", "to", "base_probability", "probability", "distance"}
}

// prefixed names the parties' columns: prefix and each party's id, which
// must not be empty.
func prefixed(prefix string, parties []string) ([]string, error) {
	out := make([]string, len(parties))
	for i, p := range parties {
		if p == "" {
			return nil, fmt.Errorf("results: party %d has no id", i+1)
		}
		out[i] = prefix + p
	}
	return out, nil
}

// header joins a table's column groups, around the parties' columns
// named with prefix, into its header, refusing one whose columns a reader
// could not tell apart (checkHeader).
func header(name string, head []string, prefix string, parties []string, rest ...[]string) ([]string, error) {
	named, err := prefixed(prefix, parties)
	if err != nil {
		return nil, err
	}
	groups := append([][]string{head, named}, rest...)
	var h []string
	for _, g := range groups {
		h = append(h, g...)
	}
	if i, j, ok := checkHeader(h); !ok {
		if h[i] == "" {
			return nil, fmt.Errorf("results: %s.csv: column %d has no name", name, i+1)
		}
		return nil, fmt.Errorf("results: %s.csv: the column %q twice, %d and %d (an issue or party id equal to another column's name)",
			name, h[i], j+1, i+1)
	}
	return h, nil
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

// floats and values turn a row's named cells into cells, checking that
// there is one for each named column.
func floats(what string, row int, vs []float64, n int) ([]any, error) {
	if len(vs) != n {
		return nil, fmt.Errorf("results: row %d has %d %s for %d columns", row, len(vs), what, n)
	}
	out := make([]any, n)
	for i, v := range vs {
		out[i] = v
	}
	return out, nil
}

func values(what string, row int, vs []string, n int) ([]any, error) {
	if len(vs) != n {
		return nil, fmt.Errorf("results: row %d has %d %s for %d columns", row, len(vs), what, n)
	}
	out := make([]any, n)
	for i, v := range vs {
		c, err := issueValue(v)
		if err != nil {
			return nil, fmt.Errorf("results: row %d: %w", row, err)
		}
		out[i] = c
	}
	return out, nil
}

// issueValue is the cell of an issue's value: the value as the scenario
// writes it, NA for "" (an issue not on the row's track). A value spelled
// NA would read back as missing, so it is refused.
func issueValue(v string) (string, error) {
	switch v {
	case "":
		return naString, nil
	case naString:
		return "", fmt.Errorf("an issue value %q would read back as missing", v)
	}
	return v, nil
}

// zopaTable is zopa.csv of rows, in their order, for the parties given.
func zopaTable(parties []string, rows []ZOPARow) (tidy, error) {
	cols, err := header("zopa", zopaHead(), reservationPrefix, parties)
	if err != nil {
		return tidy{}, err
	}
	t := tidy{name: "zopa", columns: cols}
	for i, r := range rows {
		rs, err := floats("reservations", i, r.Reservations, len(parties))
		if err != nil {
			return tidy{}, err
		}
		t.rows = append(t.rows, row([]any{r.Scenario, r.Mode, r.Track, r.Exists, r.Probability, r.CILow, r.CIHigh, r.Trials}, rs))
	}
	return t, nil
}

// solutionsTable is solutions.csv of rows, in their order.
func solutionsTable(parties []string, rows []SolutionRow) (tidy, error) {
	cols, err := header("solutions", solutionsHead(), utilityPrefix, parties)
	if err != nil {
		return tidy{}, err
	}
	t := tidy{name: "solutions", columns: cols}
	for i, r := range rows {
		us, err := floats("utilities", i, r.Utilities, len(parties))
		if err != nil {
			return tidy{}, err
		}
		v, err := issueValue(r.Value)
		if err != nil {
			return tidy{}, fmt.Errorf("results: row %d: %w", i, err)
		}
		t.rows = append(t.rows, row([]any{r.Scenario, r.Mode, r.Track, r.Solution, r.Issue, v}, us))
	}
	return t, nil
}

// frontierTable is frontier.csv of rows, in their order.
func frontierTable(parties, issues []string, rows []FrontierRow) (tidy, error) {
	cols, err := header("frontier", frontierHead(), utilityPrefix, parties, issues)
	if err != nil {
		return tidy{}, err
	}
	t := tidy{name: "frontier", columns: cols}
	for i, r := range rows {
		us, err := floats("utilities", i, r.Utilities, len(parties))
		if err != nil {
			return tidy{}, err
		}
		vs, err := values("values", i, r.Values, len(issues))
		if err != nil {
			return tidy{}, err
		}
		t.rows = append(t.rows, row([]any{r.Scenario, r.Mode, r.Track, r.Point}, us, vs))
	}
	return t, nil
}

// bargainPackagesTable is packages.csv of rows, in their order.
func bargainPackagesTable(parties []string, rows []BargainPackageRow) (tidy, error) {
	cols, err := header("packages", bargainPackagesHead(), utilityPrefix, parties, bargainPackagesTail())
	if err != nil {
		return tidy{}, err
	}
	t := tidy{name: "packages", columns: cols}
	for i, r := range rows {
		us, err := floats("utilities", i, r.Utilities, len(parties))
		if err != nil {
			return tidy{}, err
		}
		t.rows = append(t.rows, row([]any{r.Scenario, r.Mode, r.Track, r.Package}, us,
			[]any{r.Acceptable, r.DistanceFrontier, r.DistanceNash}))
	}
	return t, nil
}

// optimizeTable is optimize.csv of rows, in their order.
func optimizeTable(issues []string, rows []OptimizeRow) (tidy, error) {
	cols, err := header("optimize", optimizeHead(), "", nil, issues)
	if err != nil {
		return tidy{}, err
	}
	t := tidy{name: "optimize", columns: cols}
	for i, r := range rows {
		vs, err := values("values", i, r.Values, len(issues))
		if err != nil {
			return tidy{}, err
		}
		t.rows = append(t.rows, row([]any{r.Scenario, r.Target, r.Objective, r.Rank, r.Probability, r.CILow, r.CIHigh}, vs))
	}
	return t, nil
}

// repairTable is repair.csv of rows, in their order.
func repairTable(rows []RepairRow) (tidy, error) {
	t := tidy{name: "repair", columns: repairColumns()}
	for i, r := range rows {
		vs, err := values("values", i, []string{r.From, r.To}, 2)
		if err != nil {
			return tidy{}, err
		}
		t.rows = append(t.rows, row([]any{r.Scenario, r.Target, r.Package, r.Issue}, vs,
			[]any{r.BaseProbability, r.Probability, r.Distance}))
	}
	return t, nil
}

// writeBuilt writes a table built without error.
func writeBuilt(w io.Writer, t tidy, err error) error {
	if err != nil {
		return err
	}
	return writeCSV(w, t)
}

// WriteZOPA writes zopa.csv: one row per track (and mode), in the order
// given, with a reservation column r_PARTY for each of the parties, the
// analysis's veto parties in the scenario's order. A row with other than
// one reservation per party, or a party id that makes a column name twice,
// is an error and nothing is written.
func WriteZOPA(w io.Writer, parties []string, rows []ZOPARow) error {
	t, err := zopaTable(parties, rows)
	return writeBuilt(w, t, err)
}

// WriteSolutions writes solutions.csv: one row per track × solution ×
// negotiable issue of the track, in the order given, with a utility
// column u_PARTY for each of the parties.
func WriteSolutions(w io.Writer, parties []string, rows []SolutionRow) error {
	t, err := solutionsTable(parties, rows)
	return writeBuilt(w, t, err)
}

// WriteFrontier writes frontier.csv: one row per track × point of its
// frontier, in the order given, with a utility column u_PARTY for each of
// the parties and a value column for each of the issues, named by its id.
func WriteFrontier(w io.Writer, parties, issues []string, rows []FrontierRow) error {
	t, err := frontierTable(parties, issues, rows)
	return writeBuilt(w, t, err)
}

// WriteBargainPackages writes packages.csv: one row per track × declared
// package, in the order given, with a utility column u_PARTY for each of
// the parties.
func WriteBargainPackages(w io.Writer, parties []string, rows []BargainPackageRow) error {
	t, err := bargainPackagesTable(parties, rows)
	return writeBuilt(w, t, err)
}

// WriteOptimize writes optimize.csv: one row per package found, best
// first, with a value column for each of the issues, named by its id.
func WriteOptimize(w io.Writer, issues []string, rows []OptimizeRow) error {
	t, err := optimizeTable(issues, rows)
	return writeBuilt(w, t, err)
}

// WriteRepair writes repair.csv: one row per issue the repair moves, in
// the order given.
func WriteRepair(w io.Writer, rows []RepairRow) error {
	t, err := repairTable(rows)
	return writeBuilt(w, t, err)
}
