package main

import (
	"bufio"
	"fmt"
	"io"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/sim"
)

// What the analysis commands (sensitivity, discover, bargain, optimize)
// share beyond ScenarioOptions.

// analysisTable is one table an analysis writes, and how.
type analysisTable struct {
	file  string
	write func(io.Writer) error
}

// writeTables writes an analysis's tables and manifest into the --out
// directory (files, manifest.json last, as checkOut checked them): all of
// them, or, on an error, none. Without -o it writes nothing.
func (o *ScenarioOptions) writeTables(files []string, man results.Manifest, tables ...analysisTable) error {
	if o.Out == "" {
		return nil
	}
	st, err := results.OpenStream(o.Out, files, o.Force)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if err := t.write(st.File(t.file)); err != nil {
			st.Abort()
			return err
		}
	}
	return st.Commit(man)
}

// analysisManifest is the manifest of an analysis of m, read from file,
// on the trials of simOpts, about the packages named: its scenario's entry
// before the analysis runs.
func (o *ScenarioOptions) analysisManifest(m *sim.Model, file string, simOpts sim.Options, packages ...string) results.Manifest {
	man := results.NewManifest(versionString())
	sr := o.planned(m, file, simOpts, o.Sets)
	sr.Packages = append(sr.Packages, packages...)
	man.Scenarios = append(man.Scenarios, sr)
	return man
}

// writeEach writes, as writeTables does, the tables of files (all but
// manifest.json, the last), each by write.
func (o *ScenarioOptions) writeEach(files []string, man results.Manifest, write func(w io.Writer, file string) error) error {
	tables := make([]analysisTable, len(files)-1)
	for k, f := range files[:len(files)-1] {
		tables[k] = analysisTable{f, func(w io.Writer) error { return write(w, f) }}
	}
	return o.writeTables(files, man, tables...)
}

// writeSummary writes an analysis's summary on stdout, unless --quiet.
func (o *ScenarioOptions) writeSummary(write func(w io.Writer) error) error {
	if o.Quiet {
		return nil
	}
	w := bufio.NewWriter(o.Stdout)
	if err := write(w); err != nil {
		return err
	}
	return w.Flush()
}

// note writes a line about the run on stderr, unless --quiet.
func (o *ScenarioOptions) note(s string) {
	if !o.Quiet {
		fmt.Fprintf(o.Stderr, "peacesim: %s\n", s)
	}
}

// warn writes a warning on stderr, unless it is empty.
func (o *ScenarioOptions) warn(s string) {
	if s != "" {
		fmt.Fprintf(o.Stderr, "peacesim: warning: %s\n", s)
	}
}
