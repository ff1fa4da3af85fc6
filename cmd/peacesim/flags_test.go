package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/study"
)

// TestSetIsRepeatableAndKeepsCommas: --set collects every occurrence in
// order, and a value holding commas (a list of levels) stays whole.
func TestSetIsRepeatableAndKeepsCommas(t *testing.T) {
	var o ScenarioOptions
	cmd := &cobra.Command{}
	o.bind(cmd, commandFlags{Formats: runFormats(), Precision: true, Shards: true})
	args := []string{"--set", `packages.p.nato=["deferred","renounced"]`, "--set", "run.seed=3"}
	if err := cmd.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	if want := []string{`packages.p.nato=["deferred","renounced"]`, "run.seed=3"}; !slices.Equal(o.Sets, want) {
		t.Errorf("Sets = %q, want %q", o.Sets, want)
	}
}

// TestSet: --set changes one value of the scenario for the run, and only
// it: with per-input random streams the other packages' rows are the very
// same bytes — of a package the evidence does not observe; one it
// observes changes which trials are kept, and so every package's rows.
// The manifest records the override and its hash moves.
func TestSet(t *testing.T) {
	base := cli(t, "run", "--trials", "4096", "--format", "csv")
	set := cli(t, "run", "--trials", "4096", "--format", "csv", "--set", "packages.miami_20_point_european_guarantees.nato=deferred")
	if base.code != 0 || set.code != 0 {
		t.Fatalf("exit %d and %d: %s%s", base.code, set.code, base.stderr, set.stderr)
	}
	var changed, same int
	baseRows := strings.Split(base.stdout, "\n")
	for i, row := range strings.Split(set.stdout, "\n") {
		switch {
		case strings.Contains(row, ",miami_20_point_european_guarantees,") && row != baseRows[i]:
			changed++
		case row == baseRows[i]:
			same++
		default:
			t.Errorf("a row of another package changed:\n%s\n%s", baseRows[i], row)
		}
	}
	if changed == 0 || same == 0 {
		t.Errorf("%d rows of miami_20_point_european_guarantees changed and %d others stayed: want some of each", changed, same)
	}
	observed := cli(t, "run", "--trials", "4096", "--format", "csv", "--set", "packages.us_28_point.nato=deferred")
	if rows := strings.Split(observed.stdout, "\n"); observed.code != 0 || !strings.Contains(rows[len(rows)-2], ",russia_election_pause,") || rows[len(rows)-2] == baseRows[len(rows)-2] {
		t.Errorf("a value of a package the evidence observes left the last package's rows as they were (exit %d)", observed.code)
	}

	j := cli(t, "run", "--trials", "4096", "--format", "json", "--set", "run.seed=3", "--set", "packages.us_28_point.nato=deferred")
	var doc struct {
		Manifest results.Manifest `json:"manifest"`
	}
	if err := json.Unmarshal([]byte(j.stdout), &doc); err != nil {
		t.Fatal(err, j.stderr)
	}
	if len(doc.Manifest.Scenarios) != 1 {
		t.Fatalf("manifest scenarios %+v, want one", doc.Manifest.Scenarios)
	}
	sr := doc.Manifest.Scenarios[0]
	if want := []string{"run.seed=3", "packages.us_28_point.nato=deferred"}; !slices.Equal(sr.Overrides, want) {
		t.Errorf("manifest overrides %q, want %q", sr.Overrides, want)
	}
	if sr.Seed != 3 || sr.File != "miami-2025.toml" {
		t.Errorf("run.seed=3 ran seed %d of %s", sr.Seed, sr.File)
	}
	plain := cli(t, "run", "--trials", "4096", "--format", "json")
	if strings.Contains(plain.stdout, sr.ScenarioHash) {
		t.Error("the scenario hash does not cover the overrides")
	}
	if h := cli(t, "run", "--help"); !strings.Contains(h.stdout, "--set KEY=VALUE") {
		t.Errorf("help does not offer --set:\n%s", h.stdout)
	}
}

// TestSetProblems: a bad override is bad input (exit 2) reported like a
// bad value in the file, naming the --set it comes from; nothing runs.
func TestSetProblems(t *testing.T) {
	for _, c := range []struct{ set, want string }{
		{"parties.russia.reservation.framework=abc", "miami-2025.toml: --set parties.russia.reservation.framework=abc: must be a number or a distribution"},
		{"packages.miami_20_point.donbas_withdrawal=2", "--set packages.miami_20_point.donbas_withdrawal=2: 2 is outside the range of donbas_withdrawal"},
		{"parties.rusia.reservation=0.5", `parties.rusia: not in the scenario (did you mean "russia"?)`},
		{"parties.russia.reservation", `--set parties.russia.reservation: missing "="`},
	} {
		r := cli(t, "run", "--trials", "100", "--set", c.set)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) || r.stdout != "" {
			t.Errorf("--set %s: exit %d, stderr %q, stdout %d bytes; want exit 2 and %q", c.set, r.code, r.stderr, len(r.stdout), c.want)
		}
	}
}

// TestCommandsShowOnlyFlagsTheyHonour: --help of each scenario command
// lists the shared flags it honours and no other, and a flag it does not
// honour is refused by cobra as unknown (exit 2), not taken and then
// refused for a reason the help does not give.
func TestCommandsShowOnlyFlagsTheyHonour(t *testing.T) {
	optional := []string{"--format", "--precision", "--max-trials", "--shard", "--shards"}
	honours := map[string][]string{
		"run":         {"--format", "--precision", "--max-trials", "--shard", "--shards"},
		"compare":     {"--format", "--precision", "--max-trials", "--shard", "--shards"},
		"sweep":       {"--format", "--precision", "--max-trials", "--shard", "--shards"},
		"sensitivity": {"--precision", "--max-trials"},
		"discover":    nil,
		"bargain":     nil,
		"optimize":    nil,
	}
	for command, want := range honours {
		help := cli(t, command, "--help")
		if help.code != 0 {
			t.Fatalf("%s --help: exit %d: %s", command, help.code, help.stderr)
		}
		for _, flag := range optional {
			shown := strings.Contains(help.stdout, "  "+flag+" ")
			if shown != slices.Contains(want, flag) {
				t.Errorf("%s --help shows %s: %v, want %v", command, flag, shown, !shown)
			}
			if !slices.Contains(want, flag) {
				r := cli(t, command, flag, "1")
				if r.code != exitUsage || !strings.Contains(r.stderr, "unknown flag: "+flag) {
					t.Errorf("%s %s 1: exit %d, stderr %q; want exit 2 and unknown flag", command, flag, r.code, r.stderr)
				}
			}
		}
	}
}

// TestOwnTrialsDefaultIsNotTheUsers: bargain and optimize score on trials
// of their own by default (not the scenario's [run] trials), and that
// default is not taken for a --trials the user gave.
func TestOwnTrialsDefaultIsNotTheUsers(t *testing.T) {
	for _, tt := range []struct {
		args   []string
		trials int64
	}{
		{[]string{"bargain", "--evidence", "none", "--package", "miami_20_point", "--grid", "3"}, defaultBargainTrials},
		{[]string{"optimize", "--evidence", "none", "--target", "framework_agreement", "--max-evals", "20", "--starts", "1"}, defaultOptimizeTrials},
	} {
		dir := t.TempDir() + "/out"
		r := cli(t, append(tt.args, "--quiet", "-o", dir)...)
		if r.code != 0 {
			t.Fatalf("%s: exit %d: %s", tt.args[0], r.code, r.stderr)
		}
		d, err := results.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Manifest.Scenarios[0].Trials; got != tt.trials {
			t.Errorf("%s without --trials ran %d trials, want its own default %d", tt.args[0], got, tt.trials)
		}
	}
}

// TestStudyInput: an experiment's *study.InputError becomes a usage error
// (exit 2) naming the flag of its option, by the map or in kebab case,
// and the item at fault after it; other errors pass through.
func TestStudyInput(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
		code int
	}{
		{study.Inputf("MinProb", "must be in (0, 1]"), "--min-prob: must be in (0, 1]", exitUsage},
		{study.Inputf("Groups", "x is already in group a"), "--group: x is already in group a", exitUsage},
		{&study.InputError{Option: "Groups", Item: "b", Msg: "x is already in group a"}, "--group b: x is already in group a", exitUsage},
		{fmt.Errorf("wrapped: %w", study.Inputf("Inputs", "no input y")), "--inputs: no input y", exitUsage},
		{&study.InputError{Msg: "no negotiable issue"}, "no negotiable issue", exitUsage},
		{errors.New("disk full"), "disk full", exitFailure},
	} {
		err := studyInput(tt.err, map[string]string{"Groups": "--group"})
		if err.Error() != tt.want || exitCode(err) != tt.code {
			t.Errorf("studyInput(%v) = %q, exit %d; want %q, exit %d", tt.err, err, exitCode(err), tt.want, tt.code)
		}
	}
}

// flagLine matches a flag's line in --help: "  -o, --out DIR  …".
var flagLine = regexp.MustCompile(`(?m)^ +(?:-\w, )?--([a-z-]+)`)

// TestCommandFlags: run, compare, merge, validate and scenarios take
// exactly these flags, each of which they honour (the tests of each
// command hold them to it): a new flag is added here with its test.
func TestCommandFlags(t *testing.T) {
	scenario := []string{"evidence", "force", "out", "quiet", "seed", "set", "trials", "workers"}
	ranged := []string{"format", "max-trials", "precision", "round", "shard", "shards"}
	for _, c := range []struct {
		path []string
		want []string
	}{
		{[]string{"run"}, slices.Concat(scenario, ranged, []string{"keep-going", "packages"})},
		{[]string{"compare"}, slices.Concat(scenario, ranged, []string{"packages"})},
		{[]string{"merge"}, []string{"force", "out"}},
		{[]string{"validate"}, []string{"format"}},
		{[]string{"scenarios"}, nil},
		{[]string{"scenarios", "schema"}, nil},
		{[]string{"scenarios", "list"}, []string{"names"}},
		{[]string{"scenarios", "show"}, nil},
		{[]string{"scenarios", "init"}, []string{"force"}},
	} {
		help := cli(t, append(c.path, "--help")...)
		if help.code != exitOK {
			t.Fatalf("%v --help: exit %d: %s", c.path, help.code, help.stderr)
		}
		var got []string
		for _, m := range flagLine.FindAllStringSubmatch(help.stdout, -1) {
			if m[1] != "help" {
				got = append(got, m[1])
			}
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(c.want))
		if !slices.Equal(got, want) {
			t.Errorf("%s takes %v, want %v", strings.Join(c.path, " "), got, want)
		}
	}
}
