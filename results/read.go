package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
	// Timeline is timeline.csv, of a run over the rounds of a timeline.
	Timeline []TimelineRow
	// Posterior is posterior.csv, of a run conditioned on evidence.
	Posterior []PosteriorRow
	Sweep     []SweepRow
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

// ErrNotResults reports a directory that peacesim did not write, or not
// completely: it has no manifest.json (written last, so a directory with
// one holds every table it lists), its manifest is not peacesim's, or a
// table the manifest lists is missing.
var ErrNotResults = errors.New("not a peacesim results directory")

// ReadError is a malformed file of a results directory, with the place of
// the problem when there is one: a header that is not the writer's, a cell
// that is not of its column's type or is outside its domain (a probability
// of 7.5, a count above its trials, an interval that misses its estimate),
// a line of the wrong length, a manifest that is not JSON. Line and Column count from 1 (Column in bytes, as
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

// ReadDir reads an output directory of peacesim: manifest.json and the
// tables it lists that ReadDir knows (pathways.csv, acceptance.csv,
// red_lines.csv, margins.csv, blocking.csv, comparisons.csv, timeline.csv, sweep.csv,
// tornado.csv, sobol.csv, trajectory.csv, boxes.csv, zopa.csv,
// solutions.csv, frontier.csv, packages.csv, optimize.csv, repair.csv).
// The manifest is the authority on which tables belong to the run: a known
// CSV it does not list is left from an earlier run into the same directory
// and is not read. A manifest that lists no file at all (hand-made) lets
// ReadDir read whichever known tables are present.
//
// A directory without manifest.json, or missing a table its manifest lists,
// is an error wrapping ErrNotResults; a malformed file, or a cell outside
// its column's domain, is a *ReadError naming the file, line and column.
// Every cell is read back exactly: the writers
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
	known := tables()
	names := man.Files
	if len(names) == 0 {
		for _, t := range known {
			if _, err := os.Stat(filepath.Join(dir, t.name())); err == nil {
				names = append(names, t.name())
			}
		}
	}
	for _, name := range names {
		i := slices.IndexFunc(known, func(t fileTable) bool { return t.name() == name })
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

// cells is the CSV reader of one table file, which places a problem at
// its line and column.
type cells struct {
	path string
	r    *csv.Reader
	// head is the header line: the name of each field.
	head []string
	// rec is the record last read (the header, while it is checked).
	rec []string
}

// fail is err, a problem with field i of the record last read, at its
// place.
func (c *cells) fail(i int, err error) error {
	line, col := c.r.FieldPos(i)
	var field string
	if i < len(c.head) {
		field = c.head[i]
	}
	return &ReadError{File: c.path, Line: line, Column: col, Field: field, Err: err}
}

// csvError turns an error of encoding/csv into a ReadError at its place.
func csvError(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ReadError{File: path, Line: pe.Line, Column: pe.Column, Err: pe.Err}
	}
	return fmt.Errorf("%s: %w", path, err)
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
