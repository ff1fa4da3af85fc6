package results

import "io"

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
			"the input's value at the high percentile: where it is fixed for `p_high`"),
		col("p_base", number, func(r *TornadoRow) *float64 { return &r.PBase },
			"the package's probability of the pathway with every input drawn as usual (as in `pathways.csv`)"),
		col("p_low", number, func(r *TornadoRow) *float64 { return &r.PLow },
			"the probability with the input fixed at `low`"),
		col("p_high", number, func(r *TornadoRow) *float64 { return &r.PHigh },
			"the probability with the input fixed at `high`"),
		col("swing", number, func(r *TornadoRow) *float64 { return &r.Swing },
			"`p_high − p_low`: negative when a higher value of the input makes the pathway less likely. Rank inputs by its absolute value"),
		col("swing_ci_low", number, func(r *TornadoRow) *float64 { return &r.SwingLow },
			"lower bound of the paired 95% interval of `swing`, from the same trials; `NA` when undefined"),
		col("swing_ci_high", number, func(r *TornadoRow) *float64 { return &r.SwingHigh },
			"upper bound of that interval"),
		col("trials", integer, func(r *TornadoRow) *int64 { return &r.Trials },
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
			"upper bound of that interval"),
		col("total", number, func(r *SobolRow) *float64 { return &r.Total },
			"total index `S_Ti`: the share of the variance that the input explains alone or with others, `E(V(Y \\| X_~i)) / V(Y)`; `NA` as `first_order`"),
		col("total_ci_low", number, func(r *SobolRow) *float64 { return &r.TotalLow },
			"lower bound of the bootstrap 95% interval of `total`"),
		col("total_ci_high", number, func(r *SobolRow) *float64 { return &r.TotalHigh },
			"upper bound of that interval"),
		col("trials", integer, func(r *SobolRow) *int64 { return &r.Trials },
			"model evaluations of the estimate, `N (k + 2)`"),
		col("samples", integer, func(r *SobolRow) *int64 { return &r.Samples },
			"base samples `N`"),
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
		col("coverage", number, func(r *TrajectoryRow) *float64 { return &r.Coverage },
			"share of the trials that lead to the pathway which lie in the box (1 at step 0)"),
		col("density", number, func(r *TrajectoryRow) *float64 { return &r.Density },
			"share of the box's trials that lead to the pathway (at step 0, the pathway's probability)"),
		col("mass", number, func(r *TrajectoryRow) *float64 { return &r.Mass },
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
			"the upper end of the box's interval"),
		col("data_low", number, func(r *BoxRow) *float64 { return &r.DataLow },
			"the input's smallest value over all trials"),
		col("data_high", number, func(r *BoxRow) *float64 { return &r.DataHigh },
			"the input's largest value over all trials"),
		col("coverage", number, func(r *BoxRow) *float64 { return &r.Coverage },
			"the box's coverage (as in `trajectory.csv`), repeated on each of its rows"),
		col("density", number, func(r *BoxRow) *float64 { return &r.Density },
			"the box's density"),
		col("mass", number, func(r *BoxRow) *float64 { return &r.Mass },
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
