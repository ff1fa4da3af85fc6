package results

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/peacesim/peacesim/sim"
)

// SweepTables are the tables a sweep may add to sweep.csv (which holds its
// pathway probabilities), by the name --tables takes; each is the run's
// table of that name with the point and its values in front.
func SweepTables() []string { return []string{"acceptance", "red_lines", "margins", "blocking"} }

// sweepBuilders are the run tables a sweep writes, by name: "pathways"
// becomes sweep.csv, the others sweep_NAME.csv.
func sweepBuilder(name string) (builder, bool) {
	switch name {
	case "pathways":
		return sweepPathwaysTable, true
	case "acceptance":
		return acceptanceTable, true
	case "red_lines":
		return redLinesTable, true
	case "margins":
		return marginsTable, true
	case "blocking":
		return blockingTable, true
	}
	return nil, false
}

// SweepFile is the file a sweep writes a table to.
func SweepFile(table string) string {
	if table == "pathways" {
		return "sweep.csv"
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

// sweepPathwaysTable is sweep.csv's part of a point: pathways.csv without
// the count, as the study's columns are defined (results/README.md).
func sweepPathwaysTable(m *sim.Model, r *sim.Result) tidy {
	t := tidy{name: "pathways", columns: []string{"scenario", "package", "pathway", "probability", "ci_low", "ci_high", "trials", "seed"}}
	for k := range m.Packages {
		for w, pw := range m.Pathways {
			t.rows = append(t.rows, row(key(m, k), []any{pw.ID}, estimate(r.Pathways[k][w]), tail(r)))
		}
	}
	return t
}

// SweepWriter writes the tables of a sweep a point at a time, each row of
// a run's table with the point's index and the values of the varied keys
// after its scenario column: memory does not grow with the number of
// points. Close flushes and reports the first write error.
type SweepWriter struct {
	keys   []string
	tables []sweepTable
}

type sweepTable struct {
	build builder
	enc   *csvEncoder
	buf   *bufio.Writer
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
		b, ok := sweepBuilder(name)
		if !ok {
			return nil, fmt.Errorf("results: a sweep has no table %q (it has %v)", name, append([]string{"pathways"}, SweepTables()...))
		}
		cols := b(&sim.Model{}, &sim.Result{}).columns
		header := append([]string{cols[0], "point"}, keys...)
		header = append(header, cols[1:]...)
		buf := bufio.NewWriter(ws[i])
		s.tables = append(s.tables, sweepTable{build: b, enc: newCSVEncoder(buf, header), buf: buf})
	}
	return s, nil
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
	front := make([]any, 0, len(values)+1)
	front = append(front, point)
	for _, v := range values {
		front = append(front, v)
	}
	for _, t := range s.tables {
		for _, r := range t.build(m, r).rows {
			if err := t.enc.Encode(row(r[:1], front, r[1:])); err != nil {
				return err
			}
		}
	}
	return nil
}

// Close flushes every table and returns the first error.
func (s *SweepWriter) Close() error {
	var errs []error
	for _, t := range s.tables {
		errs = append(errs, t.enc.Close(), t.buf.Flush())
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
	s := &Stream{dir: dir, names: slices.Clone(names)}
	for _, name := range names {
		f, err := os.CreateTemp(dir, "."+name+".tmp-*")
		if err != nil {
			s.Abort()
			return nil, refused(name, dir, err)
		}
		s.temps = append(s.temps, f)
	}
	return s, nil
}

// File is the writer of the file named.
func (s *Stream) File(name string) io.Writer {
	i := slices.Index(s.names, name)
	if i < 0 {
		return errWriter{fmt.Errorf("results: %s is not a file of this output", name)}
	}
	return s.temps[i]
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
	return nil
}

// Abort removes the temporary files; nothing of the study remains.
func (s *Stream) Abort() {
	for _, f := range s.temps {
		f.Close()
		os.Remove(f.Name())
	}
	s.temps = nil
}

// errWriter fails every write with err.
type errWriter struct{ err error }

func (w errWriter) Write([]byte) (int, error) { return 0, w.err }
