package results

import (
	"bufio"
	"io"

	"github.com/peacesim/peacesim/sim"
)

// SweepOutput says where a sweep's points go as they finish.
type SweepOutput struct {
	// Keys are the varied keys, in the order of every point's values.
	Keys []string
	// Tables are the tables to write besides sweep.csv (SweepTables).
	Tables []string
	// Dir, when not empty, is the directory that receives sweep.csv, the
	// tables asked for and manifest.json (or, for a shard, shard.json).
	Dir string
	// Shard, when not nil, makes Dir a shard's directory.
	Shard *ShardManifest
	// Force overwrites existing outputs in Dir.
	Force bool
	// Stdout receives the points as Format says: "csv" (sweep.csv's rows
	// as they finish), "table" or "json" (at the end); nil: nothing.
	Stdout io.Writer
	Format string
}

// SweepWidest is the widest interval of what a sweep writing tables
// reports, which its --precision is of: its pathway probabilities alone,
// or every interval when it writes more tables.
func SweepWidest(tables []string) func(*sim.Result) float64 {
	if len(tables) > 0 {
		return sim.WidestInterval
	}
	return sim.WidestPathway
}

// A SweepSink writes a sweep's points, in order, to every output at
// once: the tables in a directory, written as the points finish and
// committed at the end (or removed if the sweep fails), and stdout.
type SweepSink struct {
	o       SweepOutput
	stream  *Stream
	writers []*SweepWriter
	stdout  *bufio.Writer
	points  []SweepPoint // kept for a table or JSON on stdout
}

// OpenSweep prepares the outputs of a sweep. Call Abort when the sweep
// fails; it does nothing once Close has committed.
func OpenSweep(o SweepOutput) (*SweepSink, error) {
	s := &SweepSink{o: o}
	if o.Dir != "" {
		var err error
		if o.Shard != nil {
			s.stream, err = OpenSweepShard(o.Dir, o.Tables, o.Force)
		} else {
			s.stream, err = OpenStream(o.Dir, SweepFiles(o.Tables), o.Force)
		}
		if err != nil {
			return nil, err
		}
		tables := append([]string{"pathways"}, o.Tables...)
		ws := make([]io.Writer, len(tables))
		for i, t := range tables {
			ws[i] = s.stream.File(SweepFile(t))
		}
		w, err := NewSweepWriter(o.Keys, tables, ws)
		if err != nil {
			s.Abort()
			return nil, err
		}
		s.writers = append(s.writers, w)
	}
	if o.Stdout != nil {
		s.stdout = bufio.NewWriter(o.Stdout)
		if o.Format == "csv" {
			w, err := NewSweepWriter(o.Keys, []string{"pathways"}, []io.Writer{s.stdout})
			if err != nil {
				s.Abort()
				return nil, err
			}
			s.writers = append(s.writers, w)
		}
	}
	return s, nil
}

// Add writes point, with the keys' values as written, to every output.
func (s *SweepSink) Add(point int, values []string, m *sim.Model, r *sim.Result) error {
	for _, w := range s.writers {
		if err := w.Write(point, values, m, r); err != nil {
			return err
		}
	}
	if s.stdout != nil && s.o.Format != "csv" {
		s.points = append(s.points, SweepPoint{Index: point, Values: values, Run: Run{m, r}})
	}
	return nil
}

// Close finishes every output: it commits the directory with man (its
// Files as the directory holds them; for a shard, with the shard's
// manifest) and writes the table or JSON of stdout, base giving the
// table's pathways.
func (s *SweepSink) Close(base *sim.Model, man Manifest) error {
	for _, w := range s.writers {
		if err := w.Close(); err != nil {
			return err
		}
	}
	switch {
	case s.stream != nil && s.o.Shard != nil:
		if err := s.stream.CommitShard(*s.o.Shard); err != nil {
			return err
		}
	case s.stream != nil:
		if err := s.stream.Commit(man); err != nil {
			return err
		}
		files := SweepFiles(s.o.Tables)
		man.Files = files[:len(files)-1]
	}
	if s.stdout == nil {
		return nil
	}
	var err error
	switch s.o.Format {
	case "json":
		err = WriteSweepJSON(s.stdout, man, s.o.Keys, s.points)
	case "table":
		err = WriteSweepTable(s.stdout, base, s.o.Keys, s.points)
	}
	if ferr := s.stdout.Flush(); err == nil {
		err = ferr
	}
	return err
}

// Abort removes what the directory's outputs wrote; after Close it does
// nothing.
func (s *SweepSink) Abort() {
	if s.stream != nil {
		s.stream.Abort()
	}
}
