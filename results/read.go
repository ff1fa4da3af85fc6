package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/sim"
)

// Dir is an output directory read back: its manifest and the rows of each
// table it holds, typed as the writers wrote them. A table the directory
// does not hold has no rows; Files says which were read. This is how plot
// (and any other reader of results) sees a run, a compare or a sweep,
// without re-parsing CSV of its own.
type Dir struct {
	// Path is the directory as given to ReadDir.
	Path string
	// Manifest is manifest.json.
	Manifest Manifest
	// Files are the tables read, in the order of the manifest's files.
	Files []string

	Pathways    []PathwayRow
	Acceptance  []AcceptanceRow
	RedLines    []RedLineRow
	Margins     []MarginRow
	Blocking    []BlockingRow
	Comparisons []ComparisonRow
	Sweep       []SweepRow
	// SweepKeys are the key paths a sweep varied, in the order of their
	// columns in sweep.csv: SweepRow.Values holds their values.
	SweepKeys []string
	// Tornado and Sobol are a sensitivity analysis's tables, Trajectory
	// and Boxes a scenario discovery's.
	Tornado    []TornadoRow
	Sobol      []SobolRow
	Trajectory []TrajectoryRow
	Boxes      []BoxRow
	// ZOPA, Solutions, Frontier and BargainPackages are a bargaining
	// analysis's tables (zopa.csv, solutions.csv, frontier.csv,
	// packages.csv).
	ZOPA            []ZOPARow
	Solutions       []SolutionRow
	Frontier        []FrontierRow
	BargainPackages []BargainPackageRow
	// BargainParties are the parties of a bargaining analysis's columns
	// (u_PARTY, r_PARTY), in their order: a row's Utilities and
	// Reservations are theirs. BargainIssues are the issues of
	// frontier.csv's value columns: a FrontierRow's Values are theirs.
	BargainParties []string
	BargainIssues  []string
	// Optimize and Repair are a package search's tables (optimize.csv,
	// repair.csv); OptimizeIssues are the issues of optimize.csv's value
	// columns, an OptimizeRow's Values.
	Optimize       []OptimizeRow
	Repair         []RepairRow
	OptimizeIssues []string
}

// Has reports whether the directory holds the table file, such as
// "comparisons.csv".
func (d *Dir) Has(file string) bool { return slices.Contains(d.Files, file) }

// PathwayRow is one row of pathways.csv (results/README.md).
type PathwayRow struct {
	Scenario, Package, Pathway string
	Probability, CILow, CIHigh float64
	Count, Trials              int64
	Seed                       uint64
}

// AcceptanceRow is one row of acceptance.csv.
type AcceptanceRow struct {
	Scenario, Package, Party, Track string
	Stake                           bool
	Probability, CILow, CIHigh      float64
	Count, Trials                   int64
	Seed                            uint64
}

// RedLineRow is one row of red_lines.csv. RedLine is the index of the red
// line among its party's, as in the key path parties.PARTY.red_lines[i].
type RedLineRow struct {
	Scenario, Package, Party            string
	RedLine                             int
	Label, Issue, Track, Kind           string
	Hard                                bool
	Violated, ViolatedLow, ViolatedHigh float64
	Pivotal, PivotalLow, PivotalHigh    float64
	Trials                              int64
	Seed                                uint64
}

// MarginRow is one row of margins.csv; Mean and SD are NaN where the file
// says NA.
type MarginRow struct {
	Scenario, Package, Party, Track  string
	N                                int64
	Mean, SD, P5, P50, P95, Min, Max float64
	Trials                           int64
	Seed                             uint64
}

// BlockingRow is one row of blocking.csv.
type BlockingRow struct {
	Scenario, Package, Pathway, Party, Track string
	RuleBlocked                              float64
	Blocks, BlocksLow, BlocksHigh            float64
	Sole, SoleLow, SoleHigh                  float64
	Trials                                   int64
	Seed                                     uint64
}

// ComparisonRow is one row of comparisons.csv: the paired difference
// PA − PB of two packages on one pathway.
type ComparisonRow struct {
	Scenario, PackageA, PackageB, Pathway string
	PA, PB, Difference, CILow, CIHigh     float64
	ExcludesZero, Identical               bool
	AOnly, BOnly, Both, Neither           int64
	Trials                                int64
	Seed                                  uint64
}

// SweepRow is one row of sweep.csv: one package's probability of one
// pathway at one point of a sweep. Values are the varied keys' values at
// the point (Dir.SweepKeys names them), as text, the way the sweep wrote
// them: a number (600), a level (deferred), TRUE or FALSE, a distribution
// (normal(0.4, 0.05)).
type SweepRow struct {
	Scenario                   string
	Point                      int
	Values                     []string
	Package, Pathway           string
	Probability, CILow, CIHigh float64
	Trials                     int64
	Seed                       uint64
}

// sweepFile is the file name of a sweep's pathway probabilities.
const sweepFile = "sweep.csv"

// sweepHead and sweepTail are the columns of sweep.csv before and after the
// varied keys' columns: a run's pathways.csv without its count, with the
// point after the scenario.
func sweepHead() []string { return []string{"scenario", "point"} }
func sweepTail() []string {
	return []string{"package", "pathway", "probability", "ci_low", "ci_high", "trials", "seed"}
}

// ErrNotResults reports a directory that peacesim did not write, or not
// completely: it has no manifest.json (written last, so a directory with
// one holds every table it lists), its manifest is not peacesim's, or a
// table the manifest lists is missing.
var ErrNotResults = errors.New("not a peacesim results directory")

// ReadError is a malformed file of a results directory, with the place of
// the problem when there is one: a header that is not the writer's, a cell
// that is not of its column's type, a line of the wrong length, a manifest
// that is not JSON. Line and Column count from 1 (Column in bytes, as
// encoding/csv counts); 0 means unknown.
type ReadError struct {
	File         string
	Line, Column int
	// Field is the column of a bad cell, or the manifest's field.
	Field string
	Err   error
}

// Error reads FILE:LINE:COL: FIELD: what is wrong.
func (e *ReadError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *ReadError) Unwrap() error { return e.Err }

// tableReader reads one table file into d.
type tableReader func(d *Dir, path string) error

// tableFile is a table ReadDir knows: its file name and its reader.
type tableFile struct {
	file string
	read tableReader
}

// readers are the tables ReadDir knows, by file name, in the order it
// reads them when the manifest lists none. The columns each checks come
// from the table's builder, so writer and reader cannot drift apart.
func readers() []tableFile {
	return []tableFile{
		{"pathways.csv", readPathways},
		{"acceptance.csv", readAcceptance},
		{"red_lines.csv", readRedLines},
		{"margins.csv", readMargins},
		{"blocking.csv", readBlocking},
		{"comparisons.csv", readComparisons},
		{sweepFile, readSweep},
		{TornadoFile, readTornado},
		{SobolFile, readSobol},
		{TrajectoryFile, readTrajectory},
		{BoxesFile, readBoxes},
		{ZOPAFile, readZOPA},
		{SolutionsFile, readSolutions},
		{FrontierFile, readFrontier},
		{BargainPackagesFile, readBargainPackages},
		{OptimizeFile, readOptimize},
		{RepairFile, readRepair},
	}
}

// ReadDir reads an output directory of peacesim: manifest.json and the
// tables it lists that ReadDir knows (pathways.csv, acceptance.csv,
// red_lines.csv, margins.csv, blocking.csv, comparisons.csv, sweep.csv,
// tornado.csv, sobol.csv, trajectory.csv, boxes.csv, zopa.csv,
// solutions.csv, frontier.csv, packages.csv, optimize.csv, repair.csv).
// The manifest is the authority on which tables belong to the run: a known
// CSV it does not list is left from an earlier run into the same directory
// and is not read. A manifest that lists no file at all (hand-made) lets
// ReadDir read whichever known tables are present.
//
// A directory without manifest.json, or missing a table its manifest lists,
// is an error wrapping ErrNotResults; a malformed file is a *ReadError
// naming the file and line. Every cell is read back exactly: the writers
// format floats in the shortest form that parses to the same float64, NA
// reads as NaN, Inf and -Inf as infinities, TRUE and FALSE as booleans.
func ReadDir(dir string) (*Dir, error) {
	info, err := os.Stat(dir)
	switch {
	case err != nil:
		return nil, fmt.Errorf("results directory: %w", err)
	case !info.IsDir():
		return nil, fmt.Errorf("results directory %s %w", dir, ErrNotDir)
	}
	man, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	d := &Dir{Path: dir, Manifest: man}
	known := readers()
	names := man.Files
	if len(names) == 0 {
		for _, r := range known {
			if _, err := os.Stat(filepath.Join(dir, r.file)); err == nil {
				names = append(names, r.file)
			}
		}
	}
	for _, name := range names {
		i := slices.IndexFunc(known, func(r tableFile) bool { return r.file == name })
		if i < 0 || d.Has(name) {
			// A table this reader does not know (a sweep's extra
			// tables), or one listed twice.
			continue
		}
		path := filepath.Join(dir, name)
		if err := known[i].read(d, path); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s: %w: manifest.json lists %s, which is missing", dir, ErrNotResults, name)
			}
			return nil, err
		}
		d.Files = append(d.Files, name)
	}
	return d, nil
}

// readManifest reads dir/manifest.json. Fields it does not know are
// ignored: a later peacesim may record more.
func readManifest(dir string) (Manifest, error) {
	path := filepath.Join(dir, manifestName)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Manifest{}, fmt.Errorf("%s: %w: it holds no %s", dir, ErrNotResults, manifestName)
	}
	if err != nil {
		return Manifest{}, err
	}
	var man Manifest
	if err := json.Unmarshal(data, &man); err != nil {
		re := &ReadError{File: path, Err: err}
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syntax):
			re.Line, re.Column = position(data, syntax.Offset)
		case errors.As(err, &typ):
			re.Line, re.Column = position(data, typ.Offset)
			re.Field, re.Err = typ.Field, fmt.Errorf("a JSON %s where %s is wanted", typ.Value, typ.Type)
		}
		return Manifest{}, re
	}
	if man.Tool != "peacesim" {
		return Manifest{}, fmt.Errorf("%s: %w: its tool is %q, not \"peacesim\"", path, ErrNotResults, man.Tool)
	}
	return man, nil
}

// position converts a byte offset of data into a line and a column, both
// from 1.
func position(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = 1 + bytes.Count(before, []byte("\n"))
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, max(col, 1)
}

// cells reads the fields of one record by column name, keeping the first
// problem with its position. A table's reader builds its row from them in
// one expression and checks err once.
type cells struct {
	path  string
	r     *csv.Reader
	index map[string]int
	// head is the header line: the name of each field.
	head []string
	rec  []string
	err  error
}

// fail records a problem with field i, unless one is already recorded.
func (c *cells) fail(i int, format string, a ...any) {
	if c.err != nil {
		return
	}
	line, col := c.r.FieldPos(i)
	var field string
	if i < len(c.head) {
		field = c.head[i]
	}
	c.err = &ReadError{File: c.path, Line: line, Column: col, Field: field, Err: fmt.Errorf(format, a...)}
}

// field returns the index of column name and its text.
func (c *cells) field(name string) (int, string) {
	i, ok := c.index[name]
	if !ok {
		// A reader asking for a column its table does not have: a mistake
		// in this file, reported rather than panicking.
		if c.err == nil {
			c.err = fmt.Errorf("results: %s has no column %q", c.path, name)
		}
		return -1, ""
	}
	return i, c.rec[i]
}

// text, float, i64, i, u64 and boolean read the cell of column name as
// its table's writer wrote it (formatCell), recording a cell that is not
// of the type as the first problem and returning the zero value.
func (c *cells) text(name string) string {
	_, s := c.field(name)
	return s
}

func (c *cells) float(name string) float64 {
	i, s := c.field(name)
	if i < 0 {
		return 0
	}
	return c.parseFloat(i, s)
}

// parseFloat reads the text s of field i as a number, NA as NaN.
func (c *cells) parseFloat(i int, s string) float64 {
	if s == naString {
		return math.NaN()
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		c.fail(i, "%q is not a number", s)
	}
	return f
}

func (c *cells) i64(name string) int64 {
	i, s := c.field(name)
	if i < 0 {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		c.fail(i, "%q is not an integer", s)
	}
	return n
}

func (c *cells) i(name string) int {
	i, s := c.field(name)
	if i < 0 {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		c.fail(i, "%q is not an integer", s)
	}
	return n
}

func (c *cells) u64(name string) uint64 {
	i, s := c.field(name)
	if i < 0 {
		return 0
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		c.fail(i, "%q is not an unsigned integer", s)
	}
	return n
}

// natural reads a count or an index: an integer ≥ 0.
func (c *cells) natural(name string) int {
	i, _ := c.field(name)
	n := c.i(name)
	if c.err == nil && n < 0 {
		c.fail(i, "%d is negative", n)
	}
	return n
}

func (c *cells) boolean(name string) bool {
	i, s := c.field(name)
	switch s {
	case "TRUE":
		return true
	case "FALSE":
	default:
		if i >= 0 {
			c.fail(i, "%q is not TRUE or FALSE", s)
		}
	}
	return false
}

// readCSV reads the CSV file at path: header checks the header line and
// returns the index of each column a row reads by name; row is called for
// every record after it, and its cells' first problem ends the read.
func readCSV(path string, header func(c *cells, h []string) (map[string]int, error), row func(c *cells)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	c := &cells{path: path, r: r}
	h, err := r.Read()
	if err == io.EOF {
		return &ReadError{File: path, Line: 1, Err: errors.New("empty file: no header")}
	}
	if err != nil {
		return csvError(path, err)
	}
	c.rec, c.head = h, slices.Clone(h)
	if c.index, err = header(c, h); err != nil {
		return err
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(path, err)
		}
		c.rec = rec
		row(c)
		if c.err != nil {
			return c.err
		}
	}
}

// csvError turns an error of encoding/csv into a ReadError at its place.
func csvError(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ReadError{File: path, Line: pe.Line, Column: pe.Column, Err: pe.Err}
	}
	return fmt.Errorf("%s: %w", path, err)
}

// exactly returns a header check that wants the columns of the table b
// builds, in its order.
func exactly(b builder) func(c *cells, h []string) (map[string]int, error) {
	return columns(b(&sim.Model{}, &sim.Result{}).columns)
}

// columns returns a header check that wants the columns want, in order.
func columns(want []string) func(c *cells, h []string) (map[string]int, error) {
	return func(c *cells, h []string) (map[string]int, error) {
		if err := sameColumns(c, h, want, 0); err != nil {
			return nil, err
		}
		if len(h) != len(want) {
			return nil, headerError(c, min(len(h), len(want)),
				"the header has %d columns, want %d: %s", len(h), len(want), strings.Join(want, ","))
		}
		return indexOf(want, 0), nil
	}
}

// sameColumns checks that h, from column at, begins with want.
func sameColumns(c *cells, h, want []string, at int) error {
	for i, name := range want {
		j := at + i
		switch {
		case j >= len(h):
			return headerError(c, len(h)-1, "the header ends before column %q", name)
		case h[j] != name:
			return headerError(c, j, "column %d of the header is %q, want %q", j+1, h[j], name)
		}
	}
	return nil
}

// headerError is a problem with the header, at field i.
func headerError(c *cells, i int, format string, a ...any) error {
	line, col := 1, 0
	if i >= 0 && i < len(c.rec) {
		line, col = c.r.FieldPos(i)
	}
	return &ReadError{File: c.path, Line: line, Column: col, Err: fmt.Errorf(format, a...)}
}

// indexOf maps each name to its index plus at.
func indexOf(names []string, at int) map[string]int {
	m := make(map[string]int, len(names))
	for i, n := range names {
		m[n] = at + i
	}
	return m
}

func readPathways(d *Dir, path string) error {
	return readCSV(path, exactly(pathwaysTable), func(c *cells) {
		d.Pathways = append(d.Pathways, PathwayRow{
			Scenario: c.text("scenario"), Package: c.text("package"), Pathway: c.text("pathway"),
			Probability: c.float("probability"), CILow: c.float("ci_low"), CIHigh: c.float("ci_high"),
			Count: c.i64("count"), Trials: c.i64("trials"), Seed: c.u64("seed"),
		})
	})
}

func readAcceptance(d *Dir, path string) error {
	return readCSV(path, exactly(acceptanceTable), func(c *cells) {
		d.Acceptance = append(d.Acceptance, AcceptanceRow{
			Scenario: c.text("scenario"), Package: c.text("package"), Party: c.text("party"), Track: c.text("track"),
			Stake:       c.boolean("stake"),
			Probability: c.float("probability"), CILow: c.float("ci_low"), CIHigh: c.float("ci_high"),
			Count: c.i64("count"), Trials: c.i64("trials"), Seed: c.u64("seed"),
		})
	})
}

func readRedLines(d *Dir, path string) error {
	return readCSV(path, exactly(redLinesTable), func(c *cells) {
		d.RedLines = append(d.RedLines, RedLineRow{
			Scenario: c.text("scenario"), Package: c.text("package"), Party: c.text("party"),
			RedLine: c.i("red_line"),
			Label:   c.text("label"), Issue: c.text("issue"), Track: c.text("track"), Kind: c.text("kind"),
			Hard:     c.boolean("hard"),
			Violated: c.float("violated"), ViolatedLow: c.float("violated_low"), ViolatedHigh: c.float("violated_high"),
			Pivotal: c.float("pivotal"), PivotalLow: c.float("pivotal_low"), PivotalHigh: c.float("pivotal_high"),
			Trials: c.i64("trials"), Seed: c.u64("seed"),
		})
	})
}

func readMargins(d *Dir, path string) error {
	return readCSV(path, exactly(marginsTable), func(c *cells) {
		d.Margins = append(d.Margins, MarginRow{
			Scenario: c.text("scenario"), Package: c.text("package"), Party: c.text("party"), Track: c.text("track"),
			N:    c.i64("n"),
			Mean: c.float("mean"), SD: c.float("sd"), P5: c.float("p5"), P50: c.float("p50"), P95: c.float("p95"),
			Min: c.float("min"), Max: c.float("max"),
			Trials: c.i64("trials"), Seed: c.u64("seed"),
		})
	})
}

func readBlocking(d *Dir, path string) error {
	return readCSV(path, exactly(blockingTable), func(c *cells) {
		d.Blocking = append(d.Blocking, BlockingRow{
			Scenario: c.text("scenario"), Package: c.text("package"), Pathway: c.text("pathway"),
			Party: c.text("party"), Track: c.text("track"),
			RuleBlocked: c.float("rule_blocked"),
			Blocks:      c.float("blocks"), BlocksLow: c.float("blocks_low"), BlocksHigh: c.float("blocks_high"),
			Sole: c.float("sole"), SoleLow: c.float("sole_low"), SoleHigh: c.float("sole_high"),
			Trials: c.i64("trials"), Seed: c.u64("seed"),
		})
	})
}

func readComparisons(d *Dir, path string) error {
	return readCSV(path, exactly(comparisonsTable), func(c *cells) {
		d.Comparisons = append(d.Comparisons, ComparisonRow{
			Scenario: c.text("scenario"), PackageA: c.text("package_a"), PackageB: c.text("package_b"),
			Pathway: c.text("pathway"),
			PA:      c.float("p_a"), PB: c.float("p_b"), Difference: c.float("difference"),
			CILow: c.float("ci_low"), CIHigh: c.float("ci_high"),
			ExcludesZero: c.boolean("excludes_zero"), Identical: c.boolean("identical"),
			AOnly: c.i64("a_only"), BOnly: c.i64("b_only"), Both: c.i64("both"), Neither: c.i64("neither"),
			Trials: c.i64("trials"), Seed: c.u64("seed"),
		})
	})
}

// readSweep reads sweep.csv: its varied keys are the columns between point
// and package, each a key path named once.
func readSweep(d *Dir, path string) error {
	head, tail := sweepHead(), sweepTail()
	var keys []string
	header := func(c *cells, h []string) (map[string]int, error) {
		if err := sameColumns(c, h, head, 0); err != nil {
			return nil, err
		}
		at := slices.Index(h[len(head):], tail[0])
		if at < 0 {
			return nil, headerError(c, len(h)-1, "no %q column after the varied keys' columns", tail[0])
		}
		at += len(head)
		if err := sameColumns(c, h, tail, at); err != nil {
			return nil, err
		}
		if len(h) != at+len(tail) {
			return nil, headerError(c, at+len(tail), "column %d of the header is %q, after the last column %q",
				at+len(tail)+1, h[at+len(tail)], tail[len(tail)-1])
		}
		keys = h[len(head):at]
		if len(keys) == 0 {
			return nil, headerError(c, at, "no varied key: the header has no column between %q and %q", head[len(head)-1], tail[0])
		}
		for i, k := range keys {
			if k == "" {
				return nil, headerError(c, len(head)+i, "column %d of the header, a varied key, has no name", len(head)+i+1)
			}
			if j := slices.Index(keys[:i], k); j >= 0 {
				return nil, headerError(c, len(head)+i, "the varied key %q has two columns, %d and %d", k, len(head)+j+1, len(head)+i+1)
			}
		}
		index := indexOf(head, 0)
		for name, i := range indexOf(tail, at) {
			index[name] = i
		}
		return index, nil
	}
	err := readCSV(path, header, func(c *cells) {
		d.Sweep = append(d.Sweep, SweepRow{
			Scenario: c.text("scenario"), Point: c.natural("point"),
			Values:  slices.Clone(c.rec[len(head) : len(head)+len(keys)]),
			Package: c.text("package"), Pathway: c.text("pathway"),
			Probability: c.float("probability"), CILow: c.float("ci_low"), CIHigh: c.float("ci_high"),
			Trials: c.i64("trials"), Seed: c.u64("seed"),
		})
	})
	d.SweepKeys = slices.Clone(keys)
	return err
}

func readTornado(d *Dir, path string) error {
	return readCSV(path, columns(tornadoTable(nil).columns), func(c *cells) {
		d.Tornado = append(d.Tornado, TornadoRow{
			Scenario: c.text("scenario"), Package: c.text("package"), Pathway: c.text("pathway"), Input: c.text("input"),
			Low: c.float("low"), High: c.float("high"),
			PBase: c.float("p_base"), PLow: c.float("p_low"), PHigh: c.float("p_high"),
			Swing: c.float("swing"), SwingLow: c.float("swing_ci_low"), SwingHigh: c.float("swing_ci_high"),
			Trials: c.i64("trials"), Seed: c.u64("seed"),
		})
	})
}

func readSobol(d *Dir, path string) error {
	return readCSV(path, columns(sobolTable(nil).columns), func(c *cells) {
		d.Sobol = append(d.Sobol, SobolRow{
			Scenario: c.text("scenario"), Package: c.text("package"), Pathway: c.text("pathway"), Input: c.text("input"),
			FirstOrder: c.float("first_order"), FirstOrderLow: c.float("first_order_ci_low"), FirstOrderHigh: c.float("first_order_ci_high"),
			Total: c.float("total"), TotalLow: c.float("total_ci_low"), TotalHigh: c.float("total_ci_high"),
			Trials: c.i64("trials"), Samples: c.i64("samples"), Seed: c.u64("seed"),
		})
	})
}

func readTrajectory(d *Dir, path string) error {
	return readCSV(path, columns(trajectoryTable(nil).columns), func(c *cells) {
		d.Trajectory = append(d.Trajectory, TrajectoryRow{
			Scenario: c.text("scenario"), Package: c.text("package"), Pathway: c.text("pathway"),
			Step:     c.natural("step"),
			Coverage: c.float("coverage"), Density: c.float("density"), Mass: c.float("mass"),
			Restricted: c.natural("restricted"), Chosen: c.boolean("chosen"),
		})
	})
}

func readBoxes(d *Dir, path string) error {
	return readCSV(path, columns(boxesTable(nil).columns), func(c *cells) {
		d.Boxes = append(d.Boxes, BoxRow{
			Scenario: c.text("scenario"), Package: c.text("package"), Pathway: c.text("pathway"),
			Step: c.natural("step"), Input: c.text("input"),
			Low: c.float("low"), High: c.float("high"), DataLow: c.float("data_low"), DataHigh: c.float("data_high"),
			Coverage: c.float("coverage"), Density: c.float("density"), Mass: c.float("mass"),
		})
	})
}

// floatsAt reads the n fields from at as numbers, NA as NaN.
func (c *cells) floatsAt(at, n int) []float64 {
	out := make([]float64, n)
	for j := range out {
		out[j] = c.parseFloat(at+j, c.rec[at+j])
	}
	return out
}

// issueValueOf reads an issue's value: NA (or an empty cell) is ""
// (an issue not on the row's track).
func issueValueOf(s string) string {
	if s == naString {
		return ""
	}
	return s
}

// value reads the cell of column name as an issue's value.
func (c *cells) value(name string) string { return issueValueOf(c.text(name)) }

// valuesAt reads the n fields from at as issues' values.
func (c *cells) valuesAt(at, n int) []string {
	out := make([]string, n)
	for j := range out {
		out[j] = issueValueOf(c.rec[at+j])
	}
	return out
}

// rank reads a rank: an integer ≥ 1.
func (c *cells) rank(name string) int {
	i, _ := c.field(name)
	n := c.i(name)
	if c.err == nil && n < 1 {
		c.fail(i, "%d is not a rank (1 is the best)", n)
	}
	return n
}

// namedHeader checks a header of the columns head, then columns named by
// the scenario (parties' or issues'), then the columns tail, if any: it
// returns the named columns, and the index of head's and tail's. A
// header that names a column twice, or leaves one unnamed, is refused, as
// the writers refuse to write it.
func namedHeader(c *cells, h, head, tail []string) (named []string, index map[string]int, err error) {
	if err := sameColumns(c, h, head, 0); err != nil {
		return nil, nil, err
	}
	end := len(h)
	if len(tail) > 0 {
		at := slices.Index(h[len(head):], tail[0])
		if at < 0 {
			return nil, nil, headerError(c, len(h)-1, "no %q column after the %q column", tail[0], head[len(head)-1])
		}
		end = len(head) + at
		if err := sameColumns(c, h, tail, end); err != nil {
			return nil, nil, err
		}
		if len(h) != end+len(tail) {
			return nil, nil, headerError(c, end+len(tail), "column %d of the header is %q, after the last column %q",
				end+len(tail)+1, h[end+len(tail)], tail[len(tail)-1])
		}
	}
	if i, j, ok := checkHeader(h); !ok {
		if i == j {
			return nil, nil, headerError(c, i, "column %d of the header has no name", i+1)
		}
		return nil, nil, headerError(c, i, "the column %q twice, %d and %d", h[i], j+1, i+1)
	}
	index = indexOf(head, 0)
	for name, i := range indexOf(tail, end) {
		index[name] = i
	}
	return h[len(head):end], index, nil
}

// partyColumns reads the parties' ids from their columns, named with
// prefix from column at of the header: each must be one, and the parties
// must be those of the bargaining analysis (its manifest's, or those of
// the tables read before), whose list they become.
func (d *Dir) partyColumns(c *cells, prefix string, named []string, at int) ([]string, error) {
	parties := make([]string, len(named))
	for j, name := range named {
		id, ok := strings.CutPrefix(name, prefix)
		if !ok || id == "" {
			return nil, headerError(c, at+j, "column %d of the header is %q, want a party's column %sPARTY", at+j+1, name, prefix)
		}
		parties[j] = id
	}
	want, from := d.BargainParties, ""
	for _, f := range d.Files {
		if from == "" && slices.Contains([]string{ZOPAFile, SolutionsFile, FrontierFile, BargainPackagesFile}, f) {
			from = f + "'s"
		}
	}
	if from == "" && d.Manifest.Bargain != nil && len(d.Manifest.Bargain.Parties) > 0 {
		want, from = d.Manifest.Bargain.Parties, "manifest.json's bargain.parties"
	}
	if from != "" && !slices.Equal(parties, want) {
		return nil, headerError(c, at, "the header's parties are %s, %s are %s", list(parties), from, list(want))
	}
	d.BargainParties = parties
	return parties, nil
}

// issueColumns checks that the issues of a table's value columns are the
// manifest's, when it lists them.
func issueColumns(c *cells, issues []string, at int, manifest []string, field string) error {
	if len(manifest) > 0 && !slices.Equal(issues, manifest) {
		return headerError(c, at, "the header's issues are %s, manifest.json's %s are %s", list(issues), field, list(manifest))
	}
	return nil
}

// list writes names for a message: comma-separated, or "none".
func list(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// partyHeader is the header check of a bargaining table whose only named
// columns are the parties': it sets *n to their number.
func (d *Dir) partyHeader(prefix string, head, tail []string, n *int) func(c *cells, h []string) (map[string]int, error) {
	return func(c *cells, h []string) (map[string]int, error) {
		named, index, err := namedHeader(c, h, head, tail)
		if err != nil {
			return nil, err
		}
		parties, err := d.partyColumns(c, prefix, named, len(head))
		*n = len(parties)
		return index, err
	}
}

func readZOPA(d *Dir, path string) error {
	head := zopaHead()
	var n int
	return readCSV(path, d.partyHeader(reservationPrefix, head, nil, &n), func(c *cells) {
		d.ZOPA = append(d.ZOPA, ZOPARow{
			Scenario: c.text("scenario"), Mode: c.text("mode"), Track: c.text("track"),
			Exists:      c.boolean("exists"),
			Probability: c.float("probability"), CILow: c.float("ci_low"), CIHigh: c.float("ci_high"),
			Trials:       c.i64("trials"),
			Reservations: c.floatsAt(len(head), n),
		})
	})
}

func readSolutions(d *Dir, path string) error {
	head := solutionsHead()
	var n int
	return readCSV(path, d.partyHeader(utilityPrefix, head, nil, &n), func(c *cells) {
		d.Solutions = append(d.Solutions, SolutionRow{
			Scenario: c.text("scenario"), Mode: c.text("mode"), Track: c.text("track"), Solution: c.text("solution"),
			Issue: c.text("issue"), Value: c.value("value"),
			Utilities: c.floatsAt(len(head), n),
		})
	})
}

func readBargainPackages(d *Dir, path string) error {
	head := bargainPackagesHead()
	var n int
	return readCSV(path, d.partyHeader(utilityPrefix, head, bargainPackagesTail(), &n), func(c *cells) {
		d.BargainPackages = append(d.BargainPackages, BargainPackageRow{
			Scenario: c.text("scenario"), Mode: c.text("mode"), Track: c.text("track"), Package: c.text("package"),
			Utilities:        c.floatsAt(len(head), n),
			Acceptable:       c.boolean("acceptable"),
			DistanceFrontier: c.float("distance_frontier"), DistanceNash: c.float("distance_nash"),
		})
	})
}

// readFrontier reads frontier.csv: after point, the parties' utility
// columns, then the issues' value columns. The parties are the analysis's
// when a table read before (or the manifest) says which; otherwise they
// are the columns named u_PARTY up to the first that is not.
func readFrontier(d *Dir, path string) error {
	head := frontierHead()
	var parties, issues []string
	header := func(c *cells, h []string) (map[string]int, error) {
		named, index, err := namedHeader(c, h, head, nil)
		if err != nil {
			return nil, err
		}
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
			return nil, headerError(c, len(h)-1, "the header ends before the utility column of party %d", len(named)+1)
		}
		if parties, err = d.partyColumns(c, utilityPrefix, named[:n], len(head)); err != nil {
			return nil, err
		}
		issues = named[n:]
		var want []string
		if b := d.Manifest.Bargain; b != nil {
			want = b.Issues
		}
		return index, issueColumns(c, issues, len(head)+n, want, "bargain.issues")
	}
	err := readCSV(path, header, func(c *cells) {
		at := len(head) + len(parties)
		d.Frontier = append(d.Frontier, FrontierRow{
			Scenario: c.text("scenario"), Mode: c.text("mode"), Track: c.text("track"),
			Point:     c.natural("point"),
			Utilities: c.floatsAt(len(head), len(parties)),
			Values:    c.valuesAt(at, len(issues)),
		})
	})
	d.BargainIssues = slices.Clone(issues)
	return err
}

// readOptimize reads optimize.csv: after ci_high, the issues' value
// columns.
func readOptimize(d *Dir, path string) error {
	head := optimizeHead()
	var issues []string
	header := func(c *cells, h []string) (map[string]int, error) {
		named, index, err := namedHeader(c, h, head, nil)
		if err != nil {
			return nil, err
		}
		issues = named
		var want []string
		if o := d.Manifest.Optimize; o != nil {
			want = o.Issues
		}
		return index, issueColumns(c, issues, len(head), want, "optimize.issues")
	}
	err := readCSV(path, header, func(c *cells) {
		d.Optimize = append(d.Optimize, OptimizeRow{
			Scenario: c.text("scenario"), Target: c.text("target"), Objective: c.text("objective"),
			Rank:        c.rank("rank"),
			Probability: c.float("probability"), CILow: c.float("ci_low"), CIHigh: c.float("ci_high"),
			Values: c.valuesAt(len(head), len(issues)),
		})
	})
	d.OptimizeIssues = slices.Clone(issues)
	return err
}

func readRepair(d *Dir, path string) error {
	return readCSV(path, columns(repairColumns()), func(c *cells) {
		d.Repair = append(d.Repair, RepairRow{
			Scenario: c.text("scenario"), Target: c.text("target"), Package: c.text("package"),
			Issue: c.text("issue"), From: c.value("from"), To: c.value("to"),
			BaseProbability: c.float("base_probability"), Probability: c.float("probability"),
			Distance: c.float("distance"),
		})
	})
}
