package main

import (
	"io"
	"math"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/sim"
)

// ScenarioOptions are the inputs every command that runs a scenario shares
// (docs/model.md#command-line: run, compare, sweep, sensitivity, …): which
// scenario, how many trials on which seed and how many workers, where the
// tables go and in which format. A command embeds them in its own Options;
// newXCmd calls bind, its RunE calls complete, and runX starts with
// validate.
type ScenarioOptions struct {
	// Scenario is a file path or the name of an embedded scenario; empty
	// means scenarios.Default.
	Scenario string
	// Trials and Seed override the scenario's [run] defaults when SetTrials
	// and SetSeed say the user gave them.
	Trials    int64
	Seed      uint64
	SetTrials bool
	SetSeed   bool
	// DefaultTrials, when > 0, replaces the scenario's [run] trials when
	// --trials is not given: a command whose trials serve another purpose
	// (bargain, optimize) has a default of its own.
	DefaultTrials int64
	Workers       int
	// Out, if not empty, is the directory that receives the CSV tables and
	// manifest.json; SetOut says -o was given, so that an empty one is an
	// error rather than no directory.
	Out    string
	SetOut bool
	// given reports whether the command line gave the flag of that name,
	// so that a value the flag's default shares (--precision 0) is told
	// from no value at all.
	given  func(name string) bool
	Format string
	Force  bool
	Quiet  bool
	// Precision, when > 0, runs until every reported 95% interval is within
	// that half-width of its estimate (sim.RunToPrecision), up to MaxTrials
	// trials; Trials is then not given.
	Precision float64
	MaxTrials int64
	// Shard is --shard: "I/N" or "auto" (a Slurm array task), and Shards
	// is --shards N (a Kubernetes Indexed Job): this process runs one
	// shard of the job into -o DIR/shard-I-of-N, for peacesim merge.
	Shard  string
	Shards int
	// Round is --round N|MARK: the round of the scenario's timeline whose
	// outcome the command reports, by number or by mark; empty for the
	// last (round.go).
	Round string
	// Evidence is --evidence: "none" runs the scenario without its
	// [[evidence]], the prior (docs/model.md#evidence); "" with it.
	Evidence string
	// Sets are the --set KEY=VALUE overrides of scenario values (key paths,
	// docs/model.md#key-paths), in the order given; ScenarioOptions.loadScenario receives them.
	Sets []string

	// Stdout receives the results only; Stderr the progress bar and
	// warnings.
	Stdout, Stderr io.Writer

	// formats are the stdout formats the command offers, the default first.
	formats []string
	// memLimit, when > 0, replaces memoryLimit() (sim.Options.MemoryLimit):
	// tests set it to make a scenario too large for memory.
	memLimit int64
	// bars, when set, receives the progress bar whatever stderr is: tests
	// watch a bar without a terminal.
	bars func(total int64) *progress
}

// commandFlags says which of the flags scenario commands may share a
// command honours, beyond those every one of them takes (--trials, --seed,
// --workers, -o, --force, --quiet, --set): a command shows only the flags
// it honours, so that --help lists nothing it would then refuse.
type commandFlags struct {
	// Formats are the stdout formats offered, the default first; a command
	// of one format has no --format flag.
	Formats []string
	// Precision: --precision and --max-trials, trials added a chunk at a
	// time until the command's intervals are narrow enough.
	Precision bool
	// Shards: --shard and --shards, a slice of the job for peacesim merge.
	Shards bool
	// Round: --round, the round of a timeline whose outcome is reported.
	Round bool
	// Trials, when > 0, is the command's own default for --trials in place
	// of the scenario's [run] trials, and TrialsUsage says what they are
	// for.
	Trials      int64
	TrialsUsage string
	// NoOut: the command writes no tables (serve), so it has no -o,
	// --force or --quiet.
	NoOut bool
}

// bind registers on cmd the shared flags that it honours, with their
// shell completions.
func (o *ScenarioOptions) bind(cmd *cobra.Command, cf commandFlags) {
	o.formats = cf.Formats
	o.Format = cf.Formats[0]
	o.DefaultTrials = cf.Trials
	f := cmd.Flags()
	trialsUsage := "number of Monte Carlo trials (default: the scenario's [run] trials)"
	if cf.Trials > 0 {
		trialsUsage = cf.TrialsUsage
	}
	f.Int64Var(&o.Trials, "trials", cf.Trials, trialsUsage)
	f.Uint64Var(&o.Seed, "seed", 0, "random seed (default: the scenario's [run] seed)")
	f.IntVar(&o.Workers, "workers", runtime.NumCPU(), "number of parallel workers (results do not depend on it)")
	if !cf.NoOut {
		f.StringVarP(&o.Out, "out", "o", "", "write the CSV tables and manifest.json to `DIR`")
		f.BoolVar(&o.Force, "force", false, "overwrite existing outputs in the --out directory")
		f.BoolVarP(&o.Quiet, "quiet", "q", false, "no progress bar and no results on stdout (errors are still reported)")
	}
	if len(cf.Formats) > 1 {
		f.StringVar(&o.Format, "format", cf.Formats[0], "stdout format: "+strings.Join(cf.Formats, ", "))
		_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(cf.Formats, cobra.ShellCompDirectiveNoFileComp))
	}
	if cf.Precision {
		f.Float64Var(&o.Precision, "precision", 0, "run until every 95% interval's half-width is at most `E` (e.g. 0.005), adding trials a chunk at a time")
		f.Int64Var(&o.MaxTrials, "max-trials", defaultMaxTrials, "the most trials --precision may take")
	}
	if cf.Shards {
		f.StringVar(&o.Shard, "shard", "", "run shard `I/N` (0-based) of the job, or auto in a Slurm job array, into -o DIR/shard-I-of-N for peacesim merge")
		f.IntVar(&o.Shards, "shards", 0, "run one of `N` shards, its index from a Kubernetes Indexed Job (JOB_COMPLETION_INDEX)")
	}
	if cf.Round {
		f.StringVar(&o.Round, "round", "", "report the outcome by round `N|MARK` of the scenario's [timeline], by number or by mark (default: the last)")
	}
	f.StringVar(&o.Evidence, "evidence", "", "`none`: run without the scenario's [[evidence]], the prior (default: condition on it)")
	_ = cmd.RegisterFlagCompletionFunc("evidence", cobra.FixedCompletions([]string{evidenceNone}, cobra.ShellCompDirectiveNoFileComp))
	// StringArray, not StringSlice: a value may hold commas (a list of levels).
	f.StringArrayVar(&o.Sets, "set", nil, "override a scenario value by its key path, `KEY=VALUE` (repeatable), e.g. parties.russia.reservation.framework=0.6")
	if !cf.NoOut {
		_ = cmd.MarkFlagDirname("out")
	}
}

// complete fills in what the flags alone do not say, from the command line
// cobra parsed: the scenario argument (the first, if any), which of the
// overriding flags the user gave, and the command's output streams.
func (o *ScenarioOptions) complete(cmd *cobra.Command, args []string) {
	if len(args) > 0 {
		o.Scenario = args[0]
	}
	o.SetTrials = cmd.Flags().Changed("trials")
	o.SetSeed = cmd.Flags().Changed("seed")
	o.SetOut = cmd.Flags().Changed("out")
	o.given = cmd.Flags().Changed
	o.Stdout = cmd.OutOrStdout()
	o.Stderr = cmd.ErrOrStderr()
}

// validate checks the flag values that do not depend on the scenario,
// in the order a user reads them: trials, the output directory, workers,
// precision, round, format.
func (o *ScenarioOptions) validate() error {
	if err := o.validateTrials(); err != nil {
		return err
	}
	if o.SetOut && o.Out == "" {
		// Most likely an unset shell variable (-o "$OUT"): writing nowhere
		// would lose the tables the user asked for.
		return usageErrorf("--out must name a directory, got an empty name")
	}
	if o.Workers < 1 {
		return usageErrorf("--workers must be ≥ 1, got %d", o.Workers)
	}
	if err := o.validatePrecision(); err != nil {
		return err
	}
	if o.Evidence != "" && o.Evidence != evidenceNone {
		return usageErrorf("--evidence takes %q (run without the scenario's evidence), got %q", evidenceNone, o.Evidence)
	}
	if o.Round == "" && o.gave("round") {
		return usageErrorf("--round must name a round, by number or by mark, got an empty name")
	}
	return o.validateFormat()
}

// validateTrials checks --trials, when given, against sim.MaxTrials.
func (o *ScenarioOptions) validateTrials() error {
	switch {
	case o.SetTrials && o.Trials <= 0:
		return usageErrorf("--trials must be > 0, got %d", o.Trials)
	case o.SetTrials && o.Trials > sim.MaxTrials:
		return usageErrorf("--trials must be at most %d (10¹²), got %d", int64(sim.MaxTrials), o.Trials)
	}
	return nil
}

// validatePrecision checks --precision and --max-trials, and that
// --precision and --trials do not both say how many trials to run.
func (o *ScenarioOptions) validatePrecision() error {
	switch {
	case o.Precision < 0 || math.IsNaN(o.Precision) || o.Precision >= 0.5 || (o.Precision == 0 && o.gave("precision")):
		return usageErrorf("--precision must be a half-width in (0, 0.5), got %g", o.Precision)
	case o.Precision > 0 && o.SetTrials:
		return usageErrorf("--precision and --trials both say how many trials to run: give one")
	case o.Precision > 0 && (o.MaxTrials <= 0 || o.MaxTrials > sim.MaxTrials):
		return usageErrorf("--max-trials must be in [1, %d], got %d", int64(sim.MaxTrials), o.MaxTrials)
	}
	return nil
}

// gave reports whether the command line gave the named flag (never, for
// options that no command line completed).
func (o *ScenarioOptions) gave(name string) bool { return o.given != nil && o.given(name) }

// validateFormat checks --format against the command's formats. A command
// that binds no --format has its one format already.
func (o *ScenarioOptions) validateFormat() error {
	if slices.Contains(o.formats, o.Format) {
		return nil
	}
	return usageErrorf("--format must be one of %s, got %q", strings.Join(o.formats, ", "), o.Format)
}

// simOptions are the engine's options for a run of m: the scenario's [run]
// defaults (scenarios fills them in when absent) unless the user overrode
// them, and the round --round names.
func (o *ScenarioOptions) simOptions(m *sim.Model) sim.Options {
	opts := sim.Options{Trials: int64(m.Trials), Seed: m.Seed, Workers: o.Workers, MemoryLimit: o.memory(), Round: o.simRound(m)}
	switch {
	case o.SetTrials:
		opts.Trials = o.Trials
	case o.DefaultTrials > 0:
		opts.Trials = o.DefaultTrials
	}
	if o.SetSeed {
		opts.Seed = o.Seed
	}
	return opts
}

// printsOnly reports a run or compare that writes no tables and prints
// none with margins (no -o, no shard, a table or csv on stdout): it need
// not count margins (sim.Options.NoMargins), which take most of a run's
// memory and about a quarter of its time.
func (o *ScenarioOptions) printsOnly() bool {
	return o.Out == "" && o.Shard == "" && o.Shards == 0 && o.Format != "json"
}

// tableBytes is about the memory the tables of a run take for each
// (package, party, track) of its result, counted before it starts
// (sim.Options.ResultBytes): measured, about 6.5 KiB each for a
// 10,000-package run of the default scenario's parties and tracks.
const tableBytes = 8 << 10

// countOutput sets, in opts, what a run or compare counts for its
// output: no margins when it prints only tables without them
// (printsOnly), else the memory of its tables.
func (o *ScenarioOptions) countOutput(opts *sim.Options) {
	if o.printsOnly() {
		opts.NoMargins = true
		return
	}
	opts.ResultBytes = tableBytes
}

// defaultMaxTrials bounds a run to a precision unless --max-trials says
// otherwise: ten million trials reach a half-width of 0.0003.
const defaultMaxTrials = 10_000_000

// changed says which of the flags named the command line gave.
func changed(cmd *cobra.Command, names ...string) map[string]bool {
	given := make(map[string]bool, len(names))
	for _, name := range names {
		given[name] = cmd.Flags().Changed(name)
	}
	return given
}
