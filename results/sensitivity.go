package results

import "io"

// The tables of an analysis of the inputs rather than of one run: a
// sensitivity analysis (peacesim sensitivity) writes tornado.csv and,
// unless switched off, sobol.csv; a scenario discovery (peacesim discover)
// writes trajectory.csv and boxes.csv. Their rows are computed by the
// analyses, not built from a sim.Result, so each table is built here from
// its rows; ReadDir checks a file's header against the same builder, so
// writer and reader cannot drift apart.
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

// tornadoTable is tornado.csv of rows, in their order.
func tornadoTable(rows []TornadoRow) tidy {
	t := tidy{name: "tornado", columns: []string{
		"scenario", "package", "pathway", "input", "low", "high", "p_base", "p_low", "p_high",
		"swing", "swing_ci_low", "swing_ci_high", "trials", "seed"}}
	for _, r := range rows {
		t.rows = append(t.rows, []any{r.Scenario, r.Package, r.Pathway, r.Input, r.Low, r.High,
			r.PBase, r.PLow, r.PHigh, r.Swing, r.SwingLow, r.SwingHigh, r.Trials, r.Seed})
	}
	return t
}

// sobolTable is sobol.csv of rows, in their order.
func sobolTable(rows []SobolRow) tidy {
	t := tidy{name: "sobol", columns: []string{
		"scenario", "package", "pathway", "input", "first_order", "first_order_ci_low", "first_order_ci_high",
		"total", "total_ci_low", "total_ci_high", "trials", "samples", "seed"}}
	for _, r := range rows {
		t.rows = append(t.rows, []any{r.Scenario, r.Package, r.Pathway, r.Input,
			r.FirstOrder, r.FirstOrderLow, r.FirstOrderHigh, r.Total, r.TotalLow, r.TotalHigh,
			r.Trials, r.Samples, r.Seed})
	}
	return t
}

// trajectoryTable is trajectory.csv of rows, in their order.
func trajectoryTable(rows []TrajectoryRow) tidy {
	t := tidy{name: "trajectory", columns: []string{
		"scenario", "package", "pathway", "step", "coverage", "density", "mass", "restricted", "chosen"}}
	for _, r := range rows {
		t.rows = append(t.rows, []any{r.Scenario, r.Package, r.Pathway, r.Step,
			r.Coverage, r.Density, r.Mass, r.Restricted, r.Chosen})
	}
	return t
}

// boxesTable is boxes.csv of rows, in their order.
func boxesTable(rows []BoxRow) tidy {
	t := tidy{name: "boxes", columns: []string{
		"scenario", "package", "pathway", "step", "input", "low", "high", "data_low", "data_high",
		"coverage", "density", "mass"}}
	for _, r := range rows {
		t.rows = append(t.rows, []any{r.Scenario, r.Package, r.Pathway, r.Step, r.Input,
			r.Low, r.High, r.DataLow, r.DataHigh, r.Coverage, r.Density, r.Mass})
	}
	return t
}

// WriteTornado writes tornado.csv: one row per package × pathway × input,
// in the order given (the caller's: by package, pathway, then |swing|
// largest first).
func WriteTornado(w io.Writer, rows []TornadoRow) error { return writeCSV(w, tornadoTable(rows)) }

// WriteSobol writes sobol.csv: one row per package × pathway × input or
// group, in the order given (by package, pathway, then the inputs' order).
func WriteSobol(w io.Writer, rows []SobolRow) error { return writeCSV(w, sobolTable(rows)) }

// WriteTrajectory writes trajectory.csv: one row per package × pathway ×
// step of the peeling trajectory, in the order given.
func WriteTrajectory(w io.Writer, rows []TrajectoryRow) error {
	return writeCSV(w, trajectoryTable(rows))
}

// WriteBoxes writes boxes.csv: one row per package × pathway × input of
// the chosen box, in the order given.
func WriteBoxes(w io.Writer, rows []BoxRow) error { return writeCSV(w, boxesTable(rows)) }
