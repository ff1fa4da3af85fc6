package results

import (
	"fmt"
	"io"
	"slices"

	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/sensitivity"
)

// The tables of an analysis of the inputs rather than of one run: a
// sensitivity analysis (peacesim sensitivity) writes tornado.csv and,
// unless switched off, sobol.csv; a scenario discovery (peacesim discover)
// writes trajectory.csv and boxes.csv. Their rows are computed by the
// analyses, not built from a sim.Result, so each table is built here from
// its rows; ReadDir reads them by the same description, so writer and
// reader cannot drift apart.
const (
	TornadoFile    = "tornado.csv"
	SobolFile      = "sobol.csv"
	TrajectoryFile = "trajectory.csv"
	BoxesFile      = "boxes.csv"
)

// SensitivityFiles are the files peacesim sensitivity writes, manifest.json
// last: tornado.csv, and sobol.csv when it runs a Sobol analysis. They are
// what OpenStream and CheckDir take.
func SensitivityFiles(sobol bool) []string {
	files := []string{TornadoFile}
	if sobol {
		files = append(files, SobolFile)
	}
	return append(files, manifestName)
}

// SensitivityFilesFor are the files a sensitivity analysis of o writes,
// manifest.json last: tornado.csv when it runs a tornado, sobol.csv when
// it runs a Sobol analysis.
func SensitivityFilesFor(o sensitivity.AnalysisOptions) []string {
	var files []string
	if o.Tornado {
		files = append(files, TornadoFile)
	}
	if o.Samples > 0 {
		files = append(files, SobolFile)
	}
	return append(files, manifestName)
}

// DiscoveryFiles are the files peacesim discover writes, manifest.json
// last.
func DiscoveryFiles() []string { return []string{TrajectoryFile, BoxesFile, manifestName} }

// TornadoRow is one row of tornado.csv: how far one input, fixed at the
// low and then at the high percentile of its distribution while every
// other input is drawn as usual, moves one package's probability of one
// pathway. Swing = PHigh − PLow; SwingLow and SwingHigh are its paired 95%
// interval (the three probabilities come from the same trials).
type TornadoRow struct {
	Scenario, Package, Pathway, Input string
	// Low and High are the input's values at the low and high percentiles
	// (Sensitivity.Range).
	Low, High float64
	// PBase, PLow and PHigh are the pathway's probability with the input
	// drawn as usual, fixed at Low, and fixed at High.
	PBase, PLow, PHigh         float64
	Swing, SwingLow, SwingHigh float64
	Trials                     int64
	Seed                       uint64
}

// SobolRow is one row of sobol.csv: the first-order and total Sobol
// indices of one input (or group of inputs) for one package's probability
// of one pathway, with their bootstrap 95% intervals. The indices are NaN
// where they are undefined: the pathway's probability is 0 or 1, so its
// outcome has no variance to share out.
type SobolRow struct {
	// Input is a key path, or the name of a group (Sensitivity.Groups).
	Scenario, Package, Pathway, Input         string
	FirstOrder, FirstOrderLow, FirstOrderHigh float64
	Total, TotalLow, TotalHigh                float64
	// Trials is the number of model evaluations, N(k+2) for N base samples
	// and k inputs or groups; Samples is N.
	Trials  int64
	Samples int64
	Seed    uint64
}

// TrajectoryRow is one row of trajectory.csv: one step of PRIM's peeling
// trajectory for one package and pathway, from step 0 (the box of all
// trials) to the last peel.
type TrajectoryRow struct {
	Scenario, Package, Pathway string
	Step                       int
	// Coverage is the share of the trials leading to the pathway that lie
	// in the box, Density the share of the box's trials that lead to it,
	// Mass the share of all trials in the box.
	Coverage, Density, Mass float64
	// Restricted is the number of inputs the box restricts.
	Restricted int
	// Chosen marks the step whose box boxes.csv describes.
	Chosen bool
}

// BoxRow is one row of boxes.csv: one input's interval in the box that
// PRIM chose for one package and pathway.
type BoxRow struct {
	Scenario, Package, Pathway string
	// Step is the trajectory step of the chosen box.
	Step  int
	Input string
	// Low and High bound the box's interval of the input; DataLow and
	// DataHigh are the input's range over all trials.
	Low, High, DataLow, DataHigh float64
	// Coverage, Density and Mass are the box's, repeated on each of its
	// rows so that the table reads on its own.
	Coverage, Density, Mass float64
}

// tornadoTable is tornado.csv, its rows in the caller's order.
var tornadoTable = &table[TornadoRow]{
	file: TornadoFile,
	dir:  func(d *Dir) *[]TornadoRow { return &d.Tornado },
	columns: []column[TornadoRow]{
		col("scenario", text, func(r *TornadoRow) *string { return &r.Scenario },
			"scenario id"),
		col("package", text, func(r *TornadoRow) *string { return &r.Package },
			"package id"),
		col("pathway", text, func(r *TornadoRow) *string { return &r.Pathway },
			"pathway id"),
		col("input", text, func(r *TornadoRow) *string { return &r.Input },
			"the input's key path, as `--set` takes it (`parties.russia.reservation.framework`, `parties.ukraine.red_lines[1].min`)"),
		col("low", number, func(r *TornadoRow) *float64 { return &r.Low },
			"the input's value at the low percentile of its distribution: where it is fixed for `p_low`"),
		col("high", number, func(r *TornadoRow) *float64 { return &r.High },
			"the input's value at the high percentile: where it is fixed for `p_high`").atLeast("low"),
		col("p_base", probability, func(r *TornadoRow) *float64 { return &r.PBase },
			"the package's probability of the pathway with every input drawn as usual (as in `pathways.csv`)"),
		col("p_low", probability, func(r *TornadoRow) *float64 { return &r.PLow },
			"the probability with the input fixed at `low`"),
		col("p_high", probability, func(r *TornadoRow) *float64 { return &r.PHigh },
			"the probability with the input fixed at `high`"),
		col("swing", difference, func(r *TornadoRow) *float64 { return &r.Swing },
			"`p_high − p_low`: negative when a higher value of the input makes the pathway less likely. Rank inputs by its absolute value"),
		col("swing_ci_low", difference, func(r *TornadoRow) *float64 { return &r.SwingLow },
			"lower bound of the paired 95% interval of `swing`, from the same trials; `NA` when undefined").atMost("swing"),
		col("swing_ci_high", difference, func(r *TornadoRow) *float64 { return &r.SwingHigh },
			"upper bound of that interval").atLeast("swing"),
		col("trials", count, func(r *TornadoRow) *int64 { return &r.Trials },
			"number of Monte Carlo trials behind each of `p_base`, `p_low` and `p_high` (the same trials)"),
		col("seed", unsigned, func(r *TornadoRow) *uint64 { return &r.Seed },
			"the seed"),
	},
}

// sobolTable is sobol.csv, its rows in the caller's order.
var sobolTable = &table[SobolRow]{
	file: SobolFile,
	dir:  func(d *Dir) *[]SobolRow { return &d.Sobol },
	columns: []column[SobolRow]{
		col("scenario", text, func(r *SobolRow) *string { return &r.Scenario },
			"scenario id"),
		col("package", text, func(r *SobolRow) *string { return &r.Package },
			"package id"),
		col("pathway", text, func(r *SobolRow) *string { return &r.Pathway },
			"pathway id"),
		col("input", text, func(r *SobolRow) *string { return &r.Input },
			"the input's key path, or the name of a group of inputs"),
		col("first_order", number, func(r *SobolRow) *float64 { return &r.FirstOrder },
			"first-order index `S_i`: the share of the outcome's variance that the input explains alone, `V(E[Y \\| X_i]) / V(Y)`. `NA` when the pathway's probability is 0 or 1 for the package: the outcome does not vary, and no share is defined"),
		col("first_order_ci_low", number, func(r *SobolRow) *float64 { return &r.FirstOrderLow },
			"lower bound of the bootstrap 95% interval of `first_order`"),
		col("first_order_ci_high", number, func(r *SobolRow) *float64 { return &r.FirstOrderHigh },
			"upper bound of that interval").atLeast("first_order_ci_low"),
		col("total", number, func(r *SobolRow) *float64 { return &r.Total },
			"total index `S_Ti`: the share of the variance that the input explains alone or with others, `E(V(Y \\| X_~i)) / V(Y)`; `NA` as `first_order`"),
		col("total_ci_low", number, func(r *SobolRow) *float64 { return &r.TotalLow },
			"lower bound of the bootstrap 95% interval of `total`"),
		col("total_ci_high", number, func(r *SobolRow) *float64 { return &r.TotalHigh },
			"upper bound of that interval").atLeast("total_ci_low"),
		col("trials", count, func(r *SobolRow) *int64 { return &r.Trials },
			"model evaluations of the estimate, `N (k + 2)`"),
		col("samples", count, func(r *SobolRow) *int64 { return &r.Samples },
			"base samples `N`").atMost("trials"),
		col("seed", unsigned, func(r *SobolRow) *uint64 { return &r.Seed },
			"the seed"),
	},
}

// trajectoryTable is trajectory.csv, its rows in the caller's order.
var trajectoryTable = &table[TrajectoryRow]{
	file: TrajectoryFile,
	dir:  func(d *Dir) *[]TrajectoryRow { return &d.Trajectory },
	columns: []column[TrajectoryRow]{
		col("scenario", text, func(r *TrajectoryRow) *string { return &r.Scenario },
			"scenario id"),
		col("package", text, func(r *TrajectoryRow) *string { return &r.Package },
			"package id"),
		col("pathway", text, func(r *TrajectoryRow) *string { return &r.Pathway },
			"pathway id"),
		col("step", natural, func(r *TrajectoryRow) *int { return &r.Step },
			"the step of the peeling trajectory, from 0"),
		col("coverage", probability, func(r *TrajectoryRow) *float64 { return &r.Coverage },
			"share of the trials that lead to the pathway which lie in the box (1 at step 0)"),
		col("density", probability, func(r *TrajectoryRow) *float64 { return &r.Density },
			"share of the box's trials that lead to the pathway (at step 0, the pathway's probability)"),
		col("mass", probability, func(r *TrajectoryRow) *float64 { return &r.Mass },
			"share of all trials that lie in the box (1 at step 0)"),
		col("restricted", natural, func(r *TrajectoryRow) *int { return &r.Restricted },
			"number of inputs whose interval in the box is narrower than their range over all trials"),
		col("chosen", boolean, func(r *TrajectoryRow) *bool { return &r.Chosen },
			"`TRUE` for the step whose box `boxes.csv` describes: the box of highest coverage among those with density at least `discovery.min_density` (when none reaches it, the densest, and `discover` warns)"),
	},
}

// boxesTable is boxes.csv, its rows in the caller's order.
var boxesTable = &table[BoxRow]{
	file: BoxesFile,
	dir:  func(d *Dir) *[]BoxRow { return &d.Boxes },
	columns: []column[BoxRow]{
		col("scenario", text, func(r *BoxRow) *string { return &r.Scenario },
			"scenario id"),
		col("package", text, func(r *BoxRow) *string { return &r.Package },
			"package id"),
		col("pathway", text, func(r *BoxRow) *string { return &r.Pathway },
			"pathway id"),
		col("step", natural, func(r *BoxRow) *int { return &r.Step },
			"the step of `trajectory.csv` whose box this is"),
		col("input", text, func(r *BoxRow) *string { return &r.Input },
			"the input's key path"),
		col("low", number, func(r *BoxRow) *float64 { return &r.Low },
			"the lower end of the box's interval of the input"),
		col("high", number, func(r *BoxRow) *float64 { return &r.High },
			"the upper end of the box's interval").atLeast("low"),
		col("data_low", number, func(r *BoxRow) *float64 { return &r.DataLow },
			"the input's smallest value over all trials"),
		col("data_high", number, func(r *BoxRow) *float64 { return &r.DataHigh },
			"the input's largest value over all trials").atLeast("data_low"),
		col("coverage", probability, func(r *BoxRow) *float64 { return &r.Coverage },
			"the box's coverage (as in `trajectory.csv`), repeated on each of its rows"),
		col("density", probability, func(r *BoxRow) *float64 { return &r.Density },
			"the box's density"),
		col("mass", probability, func(r *BoxRow) *float64 { return &r.Mass },
			"the box's mass"),
	},
}

// WriteTornado writes tornado.csv: one row per package × pathway × input,
// in the order given (the caller's: by package, pathway, then |swing|
// largest first).
func WriteTornado(w io.Writer, rows []TornadoRow) error { return tornadoTable.write(w, rows) }

// WriteSobol writes sobol.csv: one row per package × pathway × input or
// group, in the order given (by package, pathway, then the inputs' order).
func WriteSobol(w io.Writer, rows []SobolRow) error { return sobolTable.write(w, rows) }

// WriteTrajectory writes trajectory.csv: one row per package × pathway ×
// step of the peeling trajectory, in the order given.
func WriteTrajectory(w io.Writer, rows []TrajectoryRow) error {
	return trajectoryTable.write(w, rows)
}

// WriteBoxes writes boxes.csv: one row per package × pathway × input of
// the chosen box, in the order given.
func WriteBoxes(w io.Writer, rows []BoxRow) error { return boxesTable.write(w, rows) }

// SensitivityTables are the tables of a sensitivity analysis
// (sensitivity.Analyse) and its record in the manifest.
type SensitivityTables struct {
	// Sensitivity is the analysis's record in the manifest.
	Sensitivity
	// Scenario is the model's id; Trials are the tornado's trials and
	// Seed their seed; SobolEvaluations are the Sobol analysis's model
	// evaluations.
	Scenario         string
	Trials           int64
	Seed             uint64
	SobolEvaluations int64
	// Tornado and Sobol are the rows of tornado.csv and sobol.csv, of the
	// pathways reported; Files the files of the analyses run.
	Tornado []TornadoRow
	Sobol   []SobolRow
	Files   []string
	// precision is the tornado's precision asked for, and reached whether
	// it was.
	precision float64
	reached   bool
}

// NewSensitivityTables turns a sensitivity analysis of m into its tables,
// for the pathways reported (indices into m.Pathways): the tornado's rows
// in its order (by package, pathway, then |swing| largest first), the
// Sobol indices' by package, pathway and unit.
func NewSensitivityTables(m *sim.Model, a *sensitivity.Analysis, pathways []int) *SensitivityTables {
	o := a.Options
	names := make([]string, len(a.Units))
	for u, unit := range a.Units {
		names[u] = unit.Name
	}
	var groups []Group
	for _, g := range o.Groups {
		groups = append(groups, Group{Name: g.Name, Keys: g.Keys})
	}
	packages := make([]string, len(m.Packages))
	for k, p := range m.Packages {
		packages[k] = p.ID
	}
	t := &SensitivityTables{
		Sensitivity: Sensitivity{Packages: packages, Inputs: names, Groups: groups, Range: o.Range,
			Samples: o.Samples, Bootstrap: o.Bootstrap, Evaluations: a.Evaluations},
		Scenario: m.ID, Trials: a.Trials, Seed: a.Seed, Files: SensitivityFilesFor(o),
		precision: o.Precision, reached: a.Reached(),
	}
	if a.Tornado != nil {
		t.Tornado = tornadoRows(m, a, pathways)
	}
	if a.Sobol != nil {
		t.SobolEvaluations = a.Sobol.Evaluations
		t.Sobol = sobolRows(m, a, pathways)
	}
	return t
}

// tornadoRows are the rows of tornado.csv of the pathways reported.
func tornadoRows(m *sim.Model, a *sensitivity.Analysis, pathways []int) []TornadoRow {
	var rows []TornadoRow
	for _, s := range a.Tornado.Swings {
		if !slices.Contains(pathways, s.Pathway) {
			continue
		}
		rows = append(rows, TornadoRow{
			Scenario: m.ID, Package: m.Packages[s.Package].ID, Pathway: m.Pathways[s.Pathway].ID, Input: a.Units[s.Unit].Name,
			Low: s.Low, High: s.High, PBase: s.Base.P, PLow: s.PLow.P, PHigh: s.PHigh.P,
			Swing: s.Diff.Difference, SwingLow: s.Diff.Low, SwingHigh: s.Diff.High,
			Trials: a.Tornado.Trials, Seed: a.Seed,
		})
	}
	return rows
}

// sobolRows are the rows of sobol.csv of the pathways reported.
func sobolRows(m *sim.Model, a *sensitivity.Analysis, pathways []int) []SobolRow {
	var rows []SobolRow
	for _, x := range a.Sobol.Indices {
		if !slices.Contains(pathways, x.Pathway) {
			continue
		}
		rows = append(rows, SobolRow{
			Scenario: m.ID, Package: m.Packages[x.Package].ID, Pathway: m.Pathways[x.Pathway].ID, Input: a.Units[x.Unit].Name,
			FirstOrder: x.First, FirstOrderLow: x.FirstLow, FirstOrderHigh: x.FirstHigh,
			Total: x.Total, TotalLow: x.TotalLow, TotalHigh: x.TotalHigh,
			Trials: a.Sobol.Evaluations, Samples: a.Options.Samples, Seed: a.Seed,
		})
	}
	return rows
}

// Shortfall says, when the tornado did not reach the precision asked
// for, in how many trials it stopped; it is empty when it did.
func (t *SensitivityTables) Shortfall() string {
	if t.reached {
		return ""
	}
	return fmt.Sprintf("%s: --precision %g not reached in %d trials (--max-trials)", t.Scenario, t.precision, t.Trials)
}

// WriteCSV writes the table of file, one of t.Files.
func (t *SensitivityTables) WriteCSV(w io.Writer, file string) error {
	switch {
	case file == TornadoFile && slices.Contains(t.Files, file):
		return WriteTornado(w, t.Tornado)
	case file == SobolFile && slices.Contains(t.Files, file):
		return WriteSobol(w, t.Sobol)
	}
	return fmt.Errorf("results: this sensitivity analysis has no table %s", file)
}

// DiscoveryTables are the tables of a scenario discovery
// (sensitivity.DiscoverModel) and its record in the manifest.
type DiscoveryTables struct {
	// Discovery is the discovery's record in the manifest.
	Discovery
	// Scenario is the model's id; Trials and Seed are the trials PRIM saw.
	Scenario string
	Trials   int64
	Seed     uint64
	// Trajectory and Boxes are the rows of trajectory.csv and boxes.csv.
	Trajectory []TrajectoryRow
	Boxes      []BoxRow
	// reached says whether the box chosen reaches the least density.
	reached bool
}

// NewDiscoveryTables turns a scenario discovery of m into its tables:
// every step of the trajectory, and the chosen box's restricted inputs.
func NewDiscoveryTables(m *sim.Model, d *sensitivity.ModelDiscovery) *DiscoveryTables {
	o := d.Options
	pkg, pw := m.Packages[o.Package].ID, m.Pathways[o.Pathway].ID
	t := &DiscoveryTables{
		Discovery: Discovery{Package: pkg, Pathway: pw, Inputs: d.Names,
			MinDensity: o.MinDensity, Peel: o.Peel, Paste: o.Paste, MinMass: o.MinMass},
		Scenario: m.ID, Trials: d.Trials, Seed: d.Seed, reached: d.Reached,
	}
	for s, b := range d.Trajectory {
		t.Trajectory = append(t.Trajectory, TrajectoryRow{Scenario: m.ID, Package: pkg, Pathway: pw, Step: s,
			Coverage: b.Coverage, Density: b.Density, Mass: b.Mass, Restricted: len(b.Restricted), Chosen: s == d.Chosen})
	}
	b := d.Trajectory[d.Chosen]
	for _, j := range b.Restricted {
		t.Boxes = append(t.Boxes, BoxRow{Scenario: m.ID, Package: pkg, Pathway: pw, Step: d.Chosen, Input: d.Names[j],
			Low: b.Limits[j].Lo, High: b.Limits[j].Hi, DataLow: d.DataRange[j].Lo, DataHigh: d.DataRange[j].Hi,
			Coverage: b.Coverage, Density: b.Density, Mass: b.Mass})
	}
	return t
}

// Shortfall says, when no box reaches the least density asked for, which
// box the tables hold instead; it is empty when one does.
func (t *DiscoveryTables) Shortfall() string {
	if t.reached {
		return ""
	}
	i := slices.IndexFunc(t.Trajectory, func(r TrajectoryRow) bool { return r.Chosen })
	return fmt.Sprintf("no box reaches a density of %g (the densest, step %d, has %.3f): boxes.csv holds that one",
		t.MinDensity, i, t.Trajectory[i].Density)
}

// WriteCSV writes the table of file, one of DiscoveryFiles.
func (t *DiscoveryTables) WriteCSV(w io.Writer, file string) error {
	switch file {
	case TrajectoryFile:
		return WriteTrajectory(w, t.Trajectory)
	case BoxesFile:
		return WriteBoxes(w, t.Boxes)
	}
	return fmt.Errorf("results: a scenario discovery has no table %s", file)
}
