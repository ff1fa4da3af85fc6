package results

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// goldenDir is a results directory holding one table, the golden file of
// its name, and a manifest that lists it: a directory as an analysis
// writes it, its tables the writers' own output.
func goldenDir(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file+".golden"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	man := `{"tool": "peacesim", "scenarios": [], "files": ["` + file + `"]}`
	if err := os.WriteFile(filepath.Join(dir, manifestName), []byte(man), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, file), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// goldenOf is goldenDir of one file, for a table of cases.
func goldenOf(file string) func(t *testing.T) string {
	return func(t *testing.T) string { return goldenDir(t, file) }
}

// writeCompareDir writes the paired fixture's run, comparisons.csv with
// it, into a new directory and returns it.
func writeCompareDir(t *testing.T) string {
	t.Helper()
	return writeFixtureDir(t, pairedFixture)
}

// setCell rewrites the cell of the named column on line (1-based, the
// header line 1) of the CSV file at path.
func setCell(t *testing.T, path string, line int, column, value string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	j := slices.Index(recs[0], column)
	if j < 0 || line < 2 || line > len(recs) {
		t.Fatalf("%s has no column %s or no line %d", path, column, line)
	}
	recs[line-1][j] = value
	var out strings.Builder
	w := csv.NewWriter(&out)
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReadDirDomain: a valid directory whose one cell is set outside its
// column's domain — a probability of 7.5, a negative count, a count
// above its trials, an interval that does not hold its estimate, a
// negative standard deviation or distance — is refused with an error
// naming the file, the line and the column. NA, where a column has it,
// is no value and is read.
func TestReadDirDomain(t *testing.T) {
	tests := []struct {
		name   string
		dir    func(t *testing.T) string
		file   string
		line   int
		column string
		value  string
		msg    string // "" for a cell that is read
	}{
		{"probability 7.5", writeRunDir, "pathways.csv", 3, "probability", "7.5",
			"7.5 is not a probability (must be in [0, 1])"},
		{"negative probability", writeRunDir, "pathways.csv", 3, "probability", "-0.01", "-0.01 is not a probability"},
		{"infinite probability", writeRunDir, "pathways.csv", 3, "probability", "Inf", "Inf is not a probability"},
		{"lower end above the estimate", writeRunDir, "pathways.csv", 3, "ci_low", "0.35",
			"0.35 is above the row's probability, 0.301"},
		{"upper end below the estimate", writeRunDir, "pathways.csv", 3, "ci_high", "0.3",
			"0.3 is below the row's probability, 0.301"},
		{"upper end above 1", writeRunDir, "pathways.csv", 3, "ci_high", "1.5", "1.5 is not a probability"},
		{"negative count", writeRunDir, "pathways.csv", 3, "count", "-1", "-1 is not a count (must be ≥ 0)"},
		{"count above the trials", writeRunDir, "pathways.csv", 3, "count", "1001", "1001 is above the row's trials, 1000"},
		{"negative trials", writeRunDir, "pathways.csv", 3, "trials", "-5", "-5 is not a count"},
		{"NA probability", writeRunDir, "pathways.csv", 3, "probability", "NA", ""},
		{"acceptance above 1", writeRunDir, "acceptance.csv", 2, "probability", "1.01", "1.01 is not a probability"},
		{"acceptance count above the trials", writeRunDir, "acceptance.csv", 2, "count", "2000", "above the row's trials"},
		{"violated below its lower end", writeRunDir, "red_lines.csv", 2, "violated_low", "0.01",
			"0.01 is above the row's violated, 0"},
		{"pivotal's upper end 2", writeRunDir, "red_lines.csv", 2, "pivotal_high", "2", "2 is not a probability"},
		{"negative standard deviation", writeRunDir, "margins.csv", 2, "sd", "-0.1",
			"-0.1 is not a standard deviation (must be ≥ 0)"},
		{"NA standard deviation", writeRunDir, "margins.csv", 2, "sd", "NA", ""},
		{"margins of more trials than the run's", writeRunDir, "margins.csv", 2, "n", "1001", "above the row's trials, 1000"},
		{"median below the 5th percentile", writeRunDir, "margins.csv", 2, "p50", "-0.1", "below the row's p5"},
		{"minimum above the 5th percentile", writeRunDir, "margins.csv", 2, "min", "0.5", "above the row's p5"},
		{"maximum below the 95th percentile", writeRunDir, "margins.csv", 2, "max", "0.1", "below the row's p95"},
		{"infinite extremes", writeRunDir, "margins.csv", 2, "max", "Inf", ""},
		{"rule blocked above 1", writeRunDir, "blocking.csv", 2, "rule_blocked", "1.2", "not a probability"},
		{"blocks below its lower end", writeRunDir, "blocking.csv", 2, "blocks_low", "0.5", "above the row's blocks, 0.479"},
		{"sole above 1", writeRunDir, "blocking.csv", 2, "sole", "1.5", "not a probability"},
		{"p_a 7.5", writeCompareDir, "comparisons.csv", 2, "p_a", "7.5", "not a probability"},
		{"difference beyond 1", writeCompareDir, "comparisons.csv", 2, "difference", "1.5",
			"1.5 is not a difference of probabilities (must be in [-1, 1])"},
		{"difference below its lower end", writeCompareDir, "comparisons.csv", 2, "ci_low", "0.5",
			"0.5 is above the row's difference, 0.412"},
		{"difference above its upper end", writeCompareDir, "comparisons.csv", 2, "ci_high", "0.4",
			"0.4 is below the row's difference, 0.412"},
		{"negative discordant count", writeCompareDir, "comparisons.csv", 2, "a_only", "-1", "not a count"},
		{"concordant count above the trials", writeCompareDir, "comparisons.csv", 2, "neither", "1001",
			"1001 is above the row's trials, 1000"},
		{"sweep probability 7.5", copySweep, "sweep.csv", 2, "probability", "7.5", "not a probability"},
		{"sweep interval above its estimate", copySweep, "sweep.csv", 2, "ci_low", "0.2", "above the row's probability, 0.131"},
		{"tornado probability 2", goldenOf(TornadoFile), TornadoFile, 2, "p_low", "2", "not a probability"},
		{"swing beyond -1", goldenOf(TornadoFile), TornadoFile, 2, "swing", "-1.5", "not a difference of probabilities"},
		{"swing above its upper end", goldenOf(TornadoFile), TornadoFile, 2, "swing_ci_high", "-0.27",
			"-0.27 is below the row's swing, -0.26"},
		{"NA swing interval", goldenOf(TornadoFile), TornadoFile, 2, "swing_ci_low", "NA", ""},
		{"high percentile below the low", goldenOf(TornadoFile), TornadoFile, 2, "high", "0.3", "0.3 is below the row's low, 0.33"},
		{"Sobol interval upside down", goldenOf(SobolFile), SobolFile, 2, "total_ci_high", "0.5",
			"0.5 is below the row's total_ci_low, 0.55"},
		// Sobol estimates leave [0, 1] and their bootstrap intervals.
		{"negative Sobol index", goldenOf(SobolFile), SobolFile, 2, "first_order", "-0.3", ""},
		{"more samples than evaluations", goldenOf(SobolFile), SobolFile, 2, "samples", "30000", "above the row's trials, 20480"},
		{"coverage above 1", goldenOf(TrajectoryFile), TrajectoryFile, 3, "coverage", "1.2", "not a probability"},
		{"negative mass", goldenOf(TrajectoryFile), TrajectoryFile, 3, "mass", "-0.1", "not a probability"},
		{"box upside down", goldenOf(BoxesFile), BoxesFile, 3, "high", "500", "500 is below the row's low, 600"},
		{"data range upside down", goldenOf(BoxesFile), BoxesFile, 3, "data_high", "500", "below the row's data_low, 550"},
		{"box density 2", goldenOf(BoxesFile), BoxesFile, 3, "density", "2", "not a probability"},
		{"zopa probability 7.5", goldenOf(ZOPAFile), ZOPAFile, 2, "probability", "7.5", "not a probability"},
		{"zopa interval above its estimate", goldenOf(ZOPAFile), ZOPAFile, 2, "ci_low", "0.7", "above the row's probability, 0.634"},
		{"zopa negative trials", goldenOf(ZOPAFile), ZOPAFile, 2, "trials", "-1000", "not a count"},
		{"negative distance", goldenOf(BargainPackagesFile), BargainPackagesFile, 2, "distance_nash", "-0.1",
			"-0.1 is not a distance (must be ≥ 0)"},
		{"NA distance", goldenOf(BargainPackagesFile), BargainPackagesFile, 2, "distance_frontier", "NA", ""},
		{"optimize probability above 1", goldenOf(OptimizeFile), OptimizeFile, 2, "probability", "1.2", "not a probability"},
		{"optimize interval below its estimate", goldenOf(OptimizeFile), OptimizeFile, 2, "ci_high", "0.5",
			"below the row's probability, 0.512"},
		{"negative repair probability", goldenOf(RepairFile), RepairFile, 2, "base_probability", "-0.5", "not a probability"},
		{"negative repair distance", goldenOf(RepairFile), RepairFile, 2, "distance", "-1", "not a distance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.dir(t)
			if _, err := ReadDir(dir); err != nil {
				t.Fatalf("the directory before the change: %v", err)
			}
			path := filepath.Join(dir, tt.file)
			setCell(t, path, tt.line, tt.column, tt.value)
			_, err := ReadDir(dir)
			if tt.msg == "" {
				if err != nil {
					t.Errorf("%s %s refused: %v", tt.column, tt.value, err)
				}
				return
			}
			wantReadError(t, err, path, tt.line, tt.column)
			// The cell is quoted as written, after its column's name.
			if msg := err.Error(); !strings.Contains(msg, ": "+tt.column+": "+tt.value+" ") || !strings.Contains(msg, tt.msg) {
				t.Errorf("error %q, want …: %s: %s … %s", msg, tt.column, tt.value, tt.msg)
			}
		})
	}
}

// TestReadDirWrittenTables: every table the writers write reads back in
// its domains — the fixtures' runs and compare, the sweeps of testdata/,
// and each golden table of an analysis. (cmd/peacesim reads back what
// each command writes.)
func TestReadDirWrittenTables(t *testing.T) {
	dirs := map[string]func(t *testing.T) string{
		"run": writeRunDir, "compare": writeCompareDir, "sweep": copySweep,
		"edge values": func(t *testing.T) string { return writeFixtureDir(t, edgeFixture) },
	}
	for _, file := range []string{TornadoFile, SobolFile, TrajectoryFile, BoxesFile, ZOPAFile, SolutionsFile,
		FrontierFile, BargainPackagesFile, OptimizeFile, RepairFile} {
		dirs[file] = goldenOf(file)
	}
	for name, dir := range dirs {
		t.Run(name, func(t *testing.T) {
			d, err := ReadDir(dir(t))
			if err != nil {
				t.Fatal(err)
			}
			if err := outOfDomain(d); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestBoundsAreChecked: a description whose bound the reader could not
// check is not valid.
func TestBoundsAreChecked(t *testing.T) {
	lo := col("lo", number, func(r *BoxRow) *float64 { return &r.Low }, "")
	hi := col("hi", number, func(r *BoxRow) *float64 { return &r.High }, "")
	name := col("input", text, func(r *BoxRow) *string { return &r.Input }, "")
	for _, tt := range []struct {
		name    string
		columns []column[BoxRow]
		err     string
	}{
		{"bounded", []column[BoxRow]{lo, hi.atLeast("lo")}, ""},
		{"by no column", []column[BoxRow]{lo, hi.atLeast("low")}, `bounded by "low"`},
		{"by itself", []column[BoxRow]{lo, hi.atLeast("hi")}, `bounded by "hi"`},
		{"by text", []column[BoxRow]{name, hi.atLeast("input")}, "not both numbers"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tb := &table[BoxRow]{file: "t.csv", columns: tt.columns, dir: func(d *Dir) *[]BoxRow { return &d.Boxes }}
			err := tb.valid()
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Errorf("valid() = %v, want %q", err, tt.err)
			}
		})
	}
}

// domainTable is a table whose rows read can be held to its columns'
// domains and bounds.
type domainTable interface {
	rowsOutOfDomain(d *Dir) error
}

// outOfDomain is the first cell of d's tables outside its column's
// domain or bounds, checked afresh from the rows read.
func outOfDomain(d *Dir) error {
	for _, tb := range tables() {
		if err := tb.(domainTable).rowsOutOfDomain(d); err != nil {
			return err
		}
	}
	return nil
}

// rowsOutOfDomain is the first cell of the table's rows in d outside its
// column's domain or bounds.
func (t *table[R]) rowsOutOfDomain(d *Dir) error {
	rows := *t.dir(d)
	for i := range rows {
		r := &rows[i]
		for _, c := range t.columns {
			if err := cellOutOfDomain(t, r, c); err != nil {
				return fmt.Errorf("%s row %d, %s: %w", t.file, i+1, c.name, err)
			}
		}
	}
	return nil
}

// cellOutOfDomain reports row r's cells of column c (one, or a group's)
// that are outside its domain, or that break one of its bounds.
func cellOutOfDomain[R any](t *table[R], r *R, c column[R]) error {
	var vs []any
	if c.group != nil {
		vs, _ = c.group.cells(r)
	} else {
		v, _ := c.cell(r)
		vs = []any{v}
	}
	for _, v := range vs {
		f := asFloat(v)
		if c.domain != nil && !math.IsNaN(f) && (f < c.domain.lo || f > c.domain.hi) {
			return fmt.Errorf("%v is outside %v", v, *c.domain)
		}
	}
	for _, b := range c.bounds {
		o := t.columns[slices.IndexFunc(t.columns, func(c column[R]) bool { return c.name == b.other })]
		w, _ := o.cell(r)
		v, _ := c.cell(r)
		below, above := order(v, w)
		if b.atMost && above || !b.atMost && below {
			return fmt.Errorf("%v and %s %v out of order", v, b.other, w)
		}
	}
	return nil
}

// asFloat is a numeric cell as a float64, NaN for any other.
func asFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int64:
		return float64(x)
	case int:
		return float64(x)
	case uint64:
		return float64(x)
	}
	return math.NaN()
}

// order reports whether v is below or above w, integers compared
// exactly, NaN neither.
func order(v, w any) (below, above bool) {
	if x, ok := v.(int64); ok {
		if y, ok := w.(int64); ok {
			return x < y, x > y
		}
	}
	x, y := asFloat(v), asFloat(w)
	return x < y, x > y
}

// TestDomainString: the domains as errors state them.
func TestDomainString(t *testing.T) {
	for d, want := range map[domain]string{
		{0, 1, "a probability"}:            "in [0, 1]",
		{-1, 1, "a difference"}:            "in [-1, 1]",
		{0, math.Inf(1), "a count"}:        "≥ 0",
		{0.5, 2.5, "a share of something"}: "in [0.5, 2.5]",
	} {
		if got := d.String(); got != want {
			t.Errorf("%s: %q, want %q", d.what, got, want)
		}
	}
	if !(domain{0, 1, ""}).has(math.NaN()) {
		t.Error("NA is outside a domain")
	}
}
