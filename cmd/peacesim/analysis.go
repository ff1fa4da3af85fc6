package main

import (
	"io"
	"strconv"

	"github.com/spf13/cobra"

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

// oneProcess refuses --shard and --shards for a command that runs in one
// process only.
func (o *ScenarioOptions) oneProcess(command string) error {
	if o.Shard != "" || o.Shards != 0 {
		return usageErrorf("%s does not run in shards: run it in one process (--workers uses every core)", command)
	}
	return nil
}

// defaultTrials gives a command's --trials a default of its own instead of
// the scenario's [run] trials, with what they are for; the command's RunE
// then sets SetTrials.
func defaultTrials(cmd *cobra.Command, n int, usage string) {
	f := cmd.Flags().Lookup("trials")
	_ = f.Value.Set(strconv.Itoa(n))
	f.DefValue = strconv.Itoa(n)
	f.Usage = usage
}
