package results

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/peacesim/peacesim/sim"
)

// SweepTables are the tables a sweep may add to sweep.csv (which holds its
// pathway probabilities), by the name --tables takes; each is the run's
// table of that name with the point and its values in front.
func SweepTables() []string { return []string{"acceptance", "red_lines", "margins", "blocking"} }

// CheckSweepTables refuses a table that SweepTables does not list.
func CheckSweepTables(tables []string) error {
	for _, t := range tables {
		if !slices.Contains(SweepTables(), t) {
			return fmt.Errorf("no table %q (the tables are %s)", t, strings.Join(SweepTables(), ", "))
		}
	}
	return nil
}

// SweepFile is the file a sweep writes a table to.
func SweepFile(table string) string {
	if table == "pathways" {
		return sweepTable.file
	}
	return "sweep_" + table + ".csv"
}

// SweepFiles are the files a sweep with the extra tables given writes,
// sweep.csv first and manifest.json last.
func SweepFiles(tables []string) []string {
	files := []string{SweepFile("pathways")}
	for _, t := range tables {
		files = append(files, SweepFile(t))
	}
	return append(files, manifestName)
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

// variedKeys are sweep.csv's columns named by the varied keys' paths,
// each named once, between point and package.
var variedKeys = names{label: "*one column per varied key*", noun: "varied key", plural: "values",
	take: func(d *Dir, c *cells, keys []string, at int) error {
		d.SweepKeys = slices.Clone(keys)
		if len(keys) == 0 {
			return headerError(c, at, "no varied key: the header has no column between %q and %q", "point", "package")
		}
		return nil
	}}

// sweepTable is sweep.csv: a run's pathways.csv without its count, with
// the point and the varied keys' values after the scenario.
var sweepTable = &table[SweepRow]{
	file: "sweep.csv",
	dir:  func(d *Dir) *[]SweepRow { return &d.Sweep },
	columns: []column[SweepRow]{
		col("scenario", text, func(r *SweepRow) *string { return &r.Scenario },
			"scenario id"),
		col("point", natural, func(r *SweepRow) *int { return &r.Point },
			"the point's index, from 0: on a grid the first `--vary` varies slowest"),
		cols(variedKeys, asWritten, func(r *SweepRow) *[]string { return &r.Values },
			"named by the key path exactly (`packages.miami_20_point.troop_cap`, `parties.russia.reservation.framework`); the value at this point as `--vary` wrote it: a number, a level, `true`/`false`, or a distribution such as `normal(0.4, 0.05)` (quoted by the CSV when it holds a comma)"),
		col("package", text, func(r *SweepRow) *string { return &r.Package },
			"package id"),
		col("pathway", text, func(r *SweepRow) *string { return &r.Pathway },
			"pathway id"),
		col("probability", probability, func(r *SweepRow) *float64 { return &r.Probability },
			"share of the point's trials in which the package led to the pathway"),
		col("ci_low", probability, func(r *SweepRow) *float64 { return &r.CILow },
			"lower bound of the Wilson 95% interval").atMost("probability"),
		col("ci_high", probability, func(r *SweepRow) *float64 { return &r.CIHigh },
			"upper bound of the Wilson 95% interval").atLeast("probability"),
		col("trials", count, func(r *SweepRow) *int64 { return &r.Trials },
			"trials at this point"),
		col("seed", unsigned, func(r *SweepRow) *uint64 { return &r.Seed },
			"the seed, the same at every point"),
	},
}

// sweepRows are sweep.csv's rows of a point: the run there, whose varied
// keys had values.
func sweepRows(point int, values []string, run Run) []SweepRow {
	m, r := run.Model, run.Result
	var rows []SweepRow
	for k, pkg := range m.Packages {
		for w, pw := range m.Pathways {
			p := r.Pathways[k][w]
			rows = append(rows, SweepRow{m.ID, point, values, pkg.ID, pw.ID, p.P, p.Low, p.High, r.Trials, r.Seed})
		}
	}
	return rows
}

// SweepWriter writes the tables of a sweep a point at a time, each row of
// a run's table with the point's index and the values of the varied keys
// after its scenario column: memory does not grow with the number of
// points. Close flushes and reports the first write error.
type SweepWriter struct {
	keys    []string
	outputs []sweepOutput
}

// sweepOutput is one table of a sweep: how a point's rows are made, and
// where they go.
type sweepOutput struct {
	rows func(point int, values []string, run Run) ([][]any, error)
	enc  *csvEncoder
	buf  *bufio.Writer
}

// NewSweepWriter returns a writer of the named tables ("pathways" and any
// of SweepTables) to the writers given, one for each, for a sweep over the
// keys; it writes their headers at once.
func NewSweepWriter(keys []string, tables []string, ws []io.Writer) (*SweepWriter, error) {
	if len(tables) != len(ws) {
		return nil, fmt.Errorf("results: %d tables, %d writers", len(tables), len(ws))
	}
	s := &SweepWriter{keys: keys}
	for i, name := range tables {
		header, rows, err := sweepOf(name, keys)
		if err != nil {
			return nil, err
		}
		buf := bufio.NewWriter(ws[i])
		s.outputs = append(s.outputs, sweepOutput{rows: rows, enc: newCSVEncoder(buf, header), buf: buf})
	}
	return s, nil
}

// sweepOf is the header of the named table of a sweep over keys, and how
// its rows at a point are made: sweep.csv's own, or those of the run's
// table with the point and the keys' values after the scenario.
func sweepOf(name string, keys []string) ([]string, func(int, []string, Run) ([][]any, error), error) {
	if name == "pathways" {
		header, err := sweepTable.header([][]string{keys})
		return header, func(point int, values []string, run Run) ([][]any, error) {
			tb, err := sweepTable.build(sweepRows(point, values, run), keys)
			return tb.rows, err
		}, err
	}
	i := slices.IndexFunc(runTables(false, false, false), func(t runTable) bool { return t.name() == name+".csv" })
	if i < 0 || !slices.Contains(SweepTables(), name) {
		return nil, nil, fmt.Errorf("results: a sweep has no table %q (it has %v)", name, append([]string{"pathways"}, SweepTables()...))
	}
	t := runTables(false, false, false)[i]
	empty, err := t.ofRuns(nil)
	if err != nil {
		return nil, nil, err
	}
	header := append([]string{empty.columns[0], "point"}, keys...)
	header = append(header, empty.columns[1:]...)
	if err := distinct(SweepFile(name), header); err != nil {
		return nil, nil, err
	}
	return header, func(point int, values []string, run Run) ([][]any, error) {
		// A sweep's tables, as sweep.csv, have no evidence columns: each
		// point keeps its own trials, its rows' trials.
		plain := *run.Result
		plain.Evidence = false
		tb, err := t.ofRuns([]Run{{run.Model, &plain}})
		if err != nil {
			return nil, err
		}
		front := make([]any, 0, len(values)+1)
		front = append(front, point)
		for _, v := range values {
			front = append(front, v)
		}
		for i, r := range tb.rows {
			tb.rows[i] = slices.Concat(r[:1], front, r[1:])
		}
		return tb.rows, nil
	}, nil
}

// Write writes point's rows of every table: the run of m that gave r, with
// the varied keys' values as text.
func (s *SweepWriter) Write(point int, values []string, m *sim.Model, r *sim.Result) error {
	if len(values) != len(s.keys) {
		return fmt.Errorf("results: %d values for %d keys", len(values), len(s.keys))
	}
	if err := checkShape(m, r); err != nil {
		return err
	}
	for _, o := range s.outputs {
		rows, err := o.rows(point, values, Run{m, r})
		if err != nil {
			return err
		}
		for _, row := range rows {
			if err := o.enc.Encode(row); err != nil {
				return err
			}
		}
	}
	return nil
}

// Close flushes every table and returns the first error.
func (s *SweepWriter) Close() error {
	var errs []error
	for _, o := range s.outputs {
		errs = append(errs, o.enc.Close(), o.buf.Flush())
	}
	return errors.Join(errs...)
}

// Stream is an output directory written while a study runs: each file
// goes to a temporary file in the directory, and Commit renames them all
// into place, the manifest last, only when the study is complete. Abort
// (or an error of Commit) removes them: an interrupted study leaves
// nothing behind, as WriteDir does for a run.
type Stream struct {
	dir   string
	names []string
	temps []*os.File
	// release gives back the claim on dir; stale are the files of the set
	// a forced write replaces (staleOutputs).
	release func()
	stale   []string
	// hashes are the SHA-256 of what each file received (a shard's
	// checksums).
	hashes []hash.Hash
}

// OpenStream prepares dir to receive the files named (the manifest, last,
// among them), checking first, as CheckDir does, that none is in the way
// (or, without force, exists).
func OpenStream(dir string, names []string, force bool) (*Stream, error) {
	if err := CheckDir(dir, names, force); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, refused("output directory "+dir, dir, err)
	}
	release, err := claim(dir)
	if err != nil {
		return nil, err
	}
	s := &Stream{dir: dir, names: slices.Clone(names), release: release}
	outs := make([]output, len(names))
	for i, name := range names {
		outs[i] = output{name: name}
	}
	if err := checkTargets(dir, outs, force); err != nil {
		s.Abort()
		return nil, err
	}
	s.stale = staleOutputs(dir, outs, force)
	for _, name := range names {
		f, err := os.CreateTemp(dir, "."+name+".tmp-*")
		if err != nil {
			s.Abort()
			return nil, refused(name, dir, err)
		}
		s.temps = append(s.temps, f)
		s.hashes = append(s.hashes, sha256.New())
	}
	return s, nil
}

// File is the writer of the file named.
func (s *Stream) File(name string) io.Writer {
	i := slices.Index(s.names, name)
	if i < 0 {
		return errWriter{fmt.Errorf("results: %s is not a file of this output", name)}
	}
	return io.MultiWriter(s.temps[i], s.hashes[i])
}

// Commit writes the manifest (its Files set to the other files), syncs
// every file and renames them into place, the manifest last.
func (s *Stream) Commit(man Manifest) error {
	man.Files = nil
	for _, name := range s.names {
		if name != manifestName {
			man.Files = append(man.Files, name)
		}
	}
	return s.commit(manifestName, func(w io.Writer) error { return writeManifest(w, man) })
}

// commit writes the file last (which names the others) with write, syncs
// every file and renames them into place, last last.
func (s *Stream) commit(last string, write func(io.Writer) error) (err error) {
	defer func() {
		if err != nil {
			s.Abort()
		}
	}()
	if err := write(s.File(last)); err != nil {
		return err
	}
	order := slices.Clone(s.names)
	order = append(slices.DeleteFunc(order, func(n string) bool { return n == last }), last)
	for i, f := range s.temps {
		if err := f.Chmod(filePerm); err != nil {
			return fmt.Errorf("%s: %w", s.names[i], err)
		}
		if err := f.Sync(); err != nil {
			return fmt.Errorf("%s: %w", s.names[i], err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("%s: %w", s.names[i], err)
		}
	}
	for _, name := range order {
		i := slices.Index(s.names, name)
		if err := os.Rename(s.temps[i].Name(), filepath.Join(s.dir, name)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	s.temps = nil
	removeAll(s.dir, s.stale)
	s.done()
	return nil
}

// Abort removes the temporary files; nothing of the study remains.
func (s *Stream) Abort() {
	for _, f := range s.temps {
		f.Close()
		os.Remove(f.Name())
	}
	s.temps = nil
	s.done()
}

// done gives back the claim on the directory, once.
func (s *Stream) done() {
	if s.release != nil {
		s.release()
		s.release = nil
	}
}

// errWriter fails every write with err.
type errWriter struct{ err error }

func (w errWriter) Write([]byte) (int, error) { return 0, w.err }
