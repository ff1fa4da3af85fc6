package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// runFormats are the output formats of run on stdout. (A function, not a
// package variable: the command line keeps no mutable globals.)
func runFormats() []string { return []string{"table", "csv", "json"} }

// RunOptions are the inputs of peacesim run.
type RunOptions struct {
	// Scenario is a file path or the name of an embedded scenario; empty
	// means scenarios.Default.
	Scenario string
	// Trials and Seed override the scenario's [run] defaults when set.
	Trials    int64
	Seed      uint64
	SetTrials bool
	SetSeed   bool
	Workers   int
	// Out, if not empty, is the directory that receives the CSV tables and
	// manifest.json.
	Out    string
	Format string
	Force  bool
	Quiet  bool

	// Stdout receives the results only; Stderr the progress bar.
	Stdout, Stderr io.Writer
}

// newRunCmd binds the flags of peacesim run to a RunOptions.
func newRunCmd() *cobra.Command {
	opts := &RunOptions{}
	cmd := &cobra.Command{
		Use:   "run [FILE|NAME]",
		Short: "Run the Monte Carlo simulation of a scenario",
		Long: `Run scores every package of a scenario on the same Monte Carlo draws and
prints pathway probabilities with 95% intervals.

The argument is a scenario file or the name of an embedded scenario
("peacesim scenarios list"); without one, the default scenario runs.
--trials and --seed override the scenario's [run] defaults. Results do not
depend on --workers: the same seed gives byte-identical output.`,
		Example: `  peacesim run
  peacesim run my-scenario.toml --trials 1000000 --seed 42 -o out/
  peacesim run --format csv > pathways.csv`,
		Args:              usageArgs(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeScenarioOrFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Scenario = args[0]
			}
			opts.SetTrials = cmd.Flags().Changed("trials")
			opts.SetSeed = cmd.Flags().Changed("seed")
			opts.Stdout = cmd.OutOrStdout()
			opts.Stderr = cmd.ErrOrStderr()
			return runRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.Int64Var(&opts.Trials, "trials", 0, "number of Monte Carlo trials (default: the scenario's [run] trials)")
	f.Uint64Var(&opts.Seed, "seed", 0, "random seed (default: the scenario's [run] seed)")
	f.IntVar(&opts.Workers, "workers", runtime.NumCPU(), "number of parallel workers (results do not depend on it)")
	f.StringVarP(&opts.Out, "out", "o", "", "write the CSV tables and manifest.json to `DIR`")
	f.StringVar(&opts.Format, "format", "table", "stdout format: "+strings.Join(runFormats(), ", "))
	f.BoolVar(&opts.Force, "force", false, "overwrite existing outputs in the --out directory")
	f.BoolVarP(&opts.Quiet, "quiet", "q", false, "no progress bar and no results on stdout (errors are still reported)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(runFormats(), cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.MarkFlagDirname("out")
	return cmd
}

// validate checks the flag values that do not depend on the scenario.
func (o *RunOptions) validate() error {
	if o.SetTrials && o.Trials <= 0 {
		return usageErrorf("--trials must be > 0, got %d", o.Trials)
	}
	if o.SetTrials && o.Trials > sim.MaxTrials {
		return usageErrorf("--trials must be at most %d (10¹²), got %d", int64(sim.MaxTrials), o.Trials)
	}
	if o.Workers < 1 {
		return usageErrorf("--workers must be ≥ 1, got %d", o.Workers)
	}
	for _, f := range runFormats() {
		if o.Format == f {
			return nil
		}
	}
	return usageErrorf("--format must be one of %s, got %q", strings.Join(runFormats(), ", "), o.Format)
}

// runRun loads the scenario, runs the simulation and writes the results:
// the --out directory first (atomically, and only after a complete run, so
// an interrupted run leaves nothing behind), then stdout.
func runRun(ctx context.Context, opts *RunOptions) error {
	if err := opts.validate(); err != nil {
		return err
	}
	m, err := loadScenario(opts.Scenario)
	if err != nil {
		return err
	}
	// The scenario's [run] defaults (scenarios fills them in when absent).
	simOpts := sim.Options{Trials: int64(m.Trials), Seed: m.Seed, Workers: opts.Workers, MemoryLimit: memoryLimit()}
	if opts.SetTrials {
		simOpts.Trials = opts.Trials
	}
	if opts.SetSeed {
		simOpts.Seed = opts.Seed
	}
	if opts.Out != "" {
		// Fail before a long run rather than after it; WriteDir checks again.
		if err := results.CheckDir(opts.Out, opts.Force); err != nil {
			return err
		}
	}

	var bar *progress
	if !opts.Quiet {
		bar = newProgress(opts.Stderr, simOpts.Trials)
	}
	if bar != nil {
		simOpts.Progress = bar.add
	}
	r, err := sim.Run(ctx, m, simOpts)
	bar.finish(err)
	if err != nil {
		return err
	}
	warnClamped(opts.Stderr, m, r)

	if opts.Out != "" {
		man := results.NewManifest(m, r, versionString())
		if err := results.WriteDir(opts.Out, m, r, man, opts.Force); err != nil {
			return err
		}
	}
	if opts.Quiet {
		return nil
	}
	return writeStdout(opts.Stdout, opts.Format, m, r)
}

// warnClamped tells the user, on stderr, when margins were so large that
// their mean and sd could not be kept (sim.MarginClamp): a scenario whose
// reservations or factor effects are not on the utility scale.
func warnClamped(stderr io.Writer, m *sim.Model, r *sim.Result) {
	var cells int
	var first string
	for k, pkg := range r.Margins {
		for p, tracks := range pkg {
			for t, g := range tracks {
				if g.Clamped > 0 {
					if cells == 0 {
						first = m.Packages[k].ID + ", " + m.Parties[p].ID + ", " + m.Tracks[t]
					}
					cells++
				}
			}
		}
	}
	if cells > 0 {
		fmt.Fprintf(stderr, "peacesim: warning: margins U − R beyond ±%d in %d (package, party, track) cells, the first %s: "+
			"reservations and factor effects should be on the utility scale [0, 1]; the mean and sd of those margins are NA\n",
			sim.MarginClamp, cells, first)
	}
}

// writeStdout prints the results in format, buffered: a CSV of a large
// scenario is many small writes.
func writeStdout(stdout io.Writer, format string, m *sim.Model, r *sim.Result) error {
	w := bufio.NewWriter(stdout)
	var err error
	switch format {
	case "table":
		err = results.WriteTable(w, m, r)
	case "csv":
		err = results.WritePathways(w, m, r)
	case "json":
		err = results.WriteJSON(w, m, r, results.NewManifest(m, r, versionString()))
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	return err
}

// loadScenario resolves the argument of run: an existing file is read,
// otherwise the name of an embedded scenario, empty for the default.
func loadScenario(arg string) (*sim.Model, error) {
	if arg == "" {
		arg = scenarios.Default
	}
	fi, err := os.Stat(arg)
	switch {
	case err == nil:
		if fi.IsDir() {
			return nil, usageErrorf("%s is a directory, not a scenario file", arg)
		}
		src, err := readScenario(arg)
		if err != nil {
			return nil, err
		}
		return scenarios.Load(arg, src)
	case !errors.Is(err, fs.ErrNotExist):
		// It may exist, but we cannot tell: report why, not "no such scenario".
		_, err := readScenario(arg)
		return nil, err
	}
	if src, ok := scenarios.Lookup(arg); ok {
		return scenarios.Load(embeddedFile(arg), src)
	}
	return nil, usageErrorf("no scenario file or embedded scenario named %s%s", arg, suggestScenario(arg))
}

// embeddedFile is the file name under which problems of an embedded
// scenario are reported: its name in the scenarios/ folder.
func embeddedFile(name string) string { return name + ".toml" }

// maxScenarioBytes bounds what readScenario reads: a scenario is a small
// text file (the default is under 50 KiB), and a device such as /dev/zero
// must give an error, not exhaust memory.
const maxScenarioBytes = 16 << 20

// readScenario reads a scenario file; a file that cannot be read, or is
// larger than maxScenarioBytes, is a problem of the input (exit 2),
// reported like any other.
func readScenario(file string) ([]byte, error) {
	cannot := func(err error) error {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return scenarios.Problems{{File: file, Msg: "cannot read: " + err.Error()}}
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, cannot(err)
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, maxScenarioBytes+1))
	if err != nil {
		return nil, cannot(err)
	}
	if len(src) > maxScenarioBytes {
		return nil, scenarios.Problems{{File: file, Msg: fmt.Sprintf("larger than %d MiB: not a scenario file", maxScenarioBytes>>20)}}
	}
	return src, nil
}

// suggestScenario returns " (did you mean X?)" for the embedded scenario
// name closest to name, or a pointer to the library when none is close.
func suggestScenario(name string) string {
	names := scenarioNames()
	if s := scenarios.Suggest(name, names); s != "" {
		return fmt.Sprintf(" (did you mean %s?)", s)
	}
	// A name cut short, such as "miami" for "miami-2025".
	var prefixed []string
	for _, n := range names {
		if name != "" && strings.HasPrefix(n, name) {
			prefixed = append(prefixed, n)
		}
	}
	if len(prefixed) == 1 {
		return fmt.Sprintf(" (did you mean %s?)", prefixed[0])
	}
	return " (see: peacesim scenarios list)"
}

// scenarioNames lists the names of the embedded scenario library.
func scenarioNames() []string {
	lib := scenarios.Library()
	names := make([]string, len(lib))
	for i, e := range lib {
		names[i] = e.Name
	}
	return names
}

// completeScenarioName offers the embedded scenarios whose names start with
// toComplete, each with its label as the description.
func completeScenarioName(toComplete string) []string {
	var matches []string
	for _, e := range scenarios.Library() {
		if strings.HasPrefix(e.Name, toComplete) {
			matches = append(matches, e.Name+"\t"+e.Label)
		}
	}
	return matches
}

// completeScenarioOrFile completes the argument of run: embedded scenario
// names and .toml files.
func completeScenarioOrFile(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	matches := completeScenarioName(toComplete)
	if len(matches) == 0 {
		// Let the shell complete paths (directories and .toml files).
		return []string{"toml"}, cobra.ShellCompDirectiveFilterFileExt
	}
	// Names and files together: the shell's own file completion would be
	// skipped once names are offered, so offer the .toml files here.
	files, _ := filepath.Glob(toComplete + "*.toml")
	return append(matches, files...), cobra.ShellCompDirectiveNoFileComp
}
