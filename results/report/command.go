package report

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/results"
)

// Command is the command line that writes d again, as its manifest
// records it: the command (run, compare, sweep, sensitivity, discover,
// bargain or optimize, by the design and the tables), the scenario (by the
// name sources give it, else its file), --trials, --seed, --round (when a
// scenario over a timeline was reported by a round before its last), each
// --set, and the design's flags (--vary, --lhs, --packages, --tables; --range,
// --samples, --bootstrap, --inputs, --group; --package, --pathway,
// --min-density, --peel, --paste, --min-mass; --expected; --target,
// --objective, --repair, --min-prob, --max-evals), then -o and d's path.
// Run with the same peacesim version, it writes the same tables, byte for
// byte. The first word is "peacesim". A directory whose kind is not known
// has no command (nil).
func Command(d *results.Dir, sources []Source) []string {
	kind := kindOf(d)
	if kind == kindOther {
		return nil
	}
	args := []string{"peacesim", kind}
	runs := d.Manifest.Scenarios
	for _, sr := range runs {
		args = append(args, scenarioArg(sources, sr.File))
	}
	if len(runs) == 0 {
		return append(args, "-o", d.Path)
	}
	args = append(args, runFlags(runs)...)
	args = append(args, roundFlag(runs)...)
	args = append(args, setFlags(runs)...)
	args = append(args, designFlags(kind, d)...)
	return append(args, "-o", d.Path)
}

// runFlags are --trials and --seed when every scenario ran the same. A
// batch whose scenarios ran different trials or seeds ran each on its own
// [run] defaults: no flag says them.
func runFlags(runs []results.ScenarioRun) []string {
	first := runs[0]
	for _, sr := range runs {
		if sr.Trials != first.Trials || sr.Seed != first.Seed {
			return nil
		}
	}
	return []string{"--trials", strconv.FormatInt(first.Trials, 10), "--seed", strconv.FormatUint(first.Seed, 10)}
}

// roundFlag is --round when the manifest records, for a scenario over a
// timeline, a round before its last: the round, the same for each
// scenario over one, or else the mark they share at their rounds. A
// batch whose scenarios were reported at rounds no one --round names has
// none (commandNotes says so).
func roundFlag(runs []results.ScenarioRun) []string {
	var rounds []int
	var marks []string // the marks every scenario has at its round
	early := false
	for _, sr := range runs {
		if sr.Timeline == nil || sr.Round == 0 {
			continue
		}
		early = early || sr.Round < sr.Timeline.Rounds
		var at []string
		for _, mk := range sr.Timeline.Marks {
			if mk.Round == sr.Round {
				at = append(at, mk.Name)
			}
		}
		if len(rounds) == 0 {
			marks = at
		} else {
			marks = slices.DeleteFunc(marks, func(m string) bool { return !slices.Contains(at, m) })
		}
		if !slices.Contains(rounds, sr.Round) {
			rounds = append(rounds, sr.Round)
		}
	}
	switch {
	case !early:
		return nil
	case len(rounds) == 1:
		return []string{"--round", strconv.Itoa(rounds[0])}
	case len(marks) > 0:
		return []string{"--round", marks[0]}
	}
	return nil
}

// designFlags are the flags of the design of d, a directory of kind, as
// its manifest records them.
func designFlags(kind string, d *results.Dir) []string {
	man := d.Manifest
	switch kind {
	case kindCompare:
		return listFlag("--packages", man.Scenarios[0].Packages)
	case kindSweep:
		return sweepFlags(man.Sweep)
	case kindSensitivity:
		return append(listFlag("--packages", man.Scenarios[0].Packages), sensitivityFlags(d)...)
	case kindDiscover:
		return discoverFlags(man.Discovery)
	case kindBargain:
		return bargainFlags(man.Bargain)
	case kindOptimize:
		return optimizeFlags(man.Optimize)
	}
	return nil
}

// listFlag is flag with the values joined by commas, or nothing when
// there are none.
func listFlag(flag string, values []string) []string {
	if len(values) == 0 {
		return nil
	}
	return []string{flag, strings.Join(values, ",")}
}

// sweepFlags are a sweep's --vary, --lhs, --packages and --tables.
func sweepFlags(sw *results.Sweep) []string {
	if sw == nil {
		return nil
	}
	var args []string
	for _, v := range sw.Vary {
		args = append(args, "--vary", v)
	}
	if sw.LHS > 0 {
		args = append(args, "--lhs", strconv.Itoa(sw.LHS))
	}
	args = append(args, listFlag("--packages", sw.Packages)...)
	return append(args, listFlag("--tables", sw.Tables)...)
}

// sensitivityFlags are a sensitivity analysis's --range, --samples,
// --bootstrap, --methods, each --group and the --inputs no group holds.
func sensitivityFlags(d *results.Dir) []string {
	s := d.Manifest.Sensitivity
	if s == nil {
		return nil
	}
	args := []string{"--range", formatFloat(s.Range[0]) + "," + formatFloat(s.Range[1]),
		"--samples", strconv.FormatInt(s.Samples, 10)}
	if s.Samples > 0 {
		args = append(args, "--bootstrap", strconv.Itoa(s.Bootstrap))
	}
	if !d.Has(results.TornadoFile) && d.Has(results.SobolFile) {
		args = append(args, "--methods", "sobol")
	}
	var grouped []string
	for _, g := range s.Groups {
		args = append(args, "--group", g.Name+"="+strings.Join(g.Keys, ","))
		grouped = append(grouped, g.Name)
	}
	inputs := slices.DeleteFunc(slices.Clone(s.Inputs), func(in string) bool { return slices.Contains(grouped, in) })
	return append(args, listFlag("--inputs", inputs)...)
}

// discoverFlags are a scenario discovery's package, pathway, inputs and
// peeling parameters.
func discoverFlags(s *results.Discovery) []string {
	if s == nil {
		return nil
	}
	return []string{"--package", s.Package, "--pathway", s.Pathway,
		"--inputs", strings.Join(s.Inputs, ","), "--min-density", formatFloat(s.MinDensity),
		"--peel", formatFloat(s.Peel), "--paste", formatFloat(s.Paste), "--min-mass", formatFloat(s.MinMass)}
}

// bargainFlags are a bargaining analysis's --package and --expected.
func bargainFlags(b *results.Bargain) []string {
	if b == nil {
		return nil
	}
	args := []string{"--package", b.Package}
	if b.Mode == "expected" {
		args = append(args, "--expected")
	}
	return args
}

// optimizeFlags are a package search's target, objective, the package it
// starts from or the one it repairs, and its evaluations.
func optimizeFlags(o *results.Optimize) []string {
	if o == nil {
		return nil
	}
	args := []string{"--target", o.Target, "--objective", o.Objective}
	if o.Repair != "" {
		args = append(args, "--repair", o.Repair, "--min-prob", formatFloat(o.MinProb))
	} else {
		args = append(args, "--package", o.Package)
	}
	if o.Evaluations > 0 {
		args = append(args, "--max-evals", strconv.FormatInt(o.Evaluations, 10))
	}
	return args
}

// commandNotes say what of d's command line its manifest does not record.
func commandNotes(d *results.Dir) []string {
	var notes []string
	switch kindOf(d) {
	case kindSensitivity:
		notes = append(notes, "The manifest does not record --pathways: the command analyses every pathway.")
	case kindBargain:
		notes = append(notes, "The manifest does not record --grid: the command uses its default.")
	case kindOptimize:
		notes = append(notes, "The manifest does not record --starts: the command uses its default; --max-evals is the number of packages the search evaluated.")
	}
	if runs := d.Manifest.Scenarios; roundFlag(runs) == nil && slices.ContainsFunc(runs, func(sr results.ScenarioRun) bool {
		return sr.Timeline != nil && sr.Round > 0 && sr.Round < sr.Timeline.Rounds
	}) {
		notes = append(notes, "The scenarios were reported by rounds that no one --round names: run each on its own with the --round of its round.")
	}
	if v := d.Manifest.Version; v != "" {
		notes = append(notes, fmt.Sprintf("The tables are the same, byte for byte, with peacesim %s; another version may differ in Monte Carlo noise.", v))
	}
	return notes
}

// setFlags are the --set flags of runs: the overrides of the first when
// every scenario had the same, else each scenario's aimed at it by id
// (--set ID:KEY=VALUE).
func setFlags(runs []results.ScenarioRun) []string {
	var args []string
	same := true
	for _, sr := range runs {
		same = same && slices.Equal(sr.Overrides, runs[0].Overrides)
	}
	for _, sr := range runs {
		for _, o := range sr.Overrides {
			if same {
				args = append(args, "--set", o)
			} else {
				args = append(args, "--set", sr.Scenario+":"+o)
			}
		}
		if same {
			break
		}
	}
	return args
}

// scenarioArg is how a command line names the scenario of file.
func scenarioArg(sources []Source, file string) string {
	if i := slices.IndexFunc(sources, func(s Source) bool { return s.File == file }); i >= 0 && sources[i].Name != "" {
		return sources[i].Name
	}
	return file
}

// formatFloat writes v as its flag takes it: the shortest form that reads
// back the same.
func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// lineWidth is the width past which a command is written over several
// lines, a flag to a line, joined by backslashes.
const lineWidth = 96

// shellLines writes args as shellJoin does, over several lines when they
// are long: each flag and its value begin a line.
func shellLines(args []string) string {
	one := shellJoin(args)
	if len(one) <= lineWidth {
		return one
	}
	var lines []string
	var cur []string
	for _, a := range args {
		if strings.HasPrefix(a, "-") && len(cur) > 0 {
			lines = append(lines, shellJoin(cur))
			cur = nil
		}
		cur = append(cur, a)
	}
	lines = append(lines, shellJoin(cur))
	return strings.Join(lines, " \\\n    ")
}

// shellSafe are the words a POSIX shell reads as they are.
var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// shellJoin writes args as one POSIX shell command line, quoting the
// words that need it.
func shellJoin(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if shellSafe.MatchString(a) {
			out[i] = a
		} else {
			out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(out, " ")
}
