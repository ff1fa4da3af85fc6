package main

import (
	"io"

	"github.com/peacesim/peacesim/results"
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
