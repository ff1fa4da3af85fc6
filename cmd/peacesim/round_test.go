package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// roundCommands are the commands that take --round, each with the
// arguments of a quick run of the default scenario.
func roundCommands() [][]string {
	return [][]string{
		{"run", "--trials", "2000"},
		{"compare", "--trials", "2000"},
		{"sweep", "--trials", "2000", "--vary", "packages.us_28_point.troop_cap=400:1000:300"},
		{"sensitivity", "--evidence", "none", "--trials", "2000", "--samples", "0"},
		{"discover", "--trials", "2000", "--pathway", "humanitarian_ceasefire"},
		{"optimize", "--evidence", "none", "--trials", "2000", "--max-evals", "20", "--target", "humanitarian_ceasefire"},
	}
}

// oneShotScenario is a scenario without a timeline (the default scenario
// has one).
const oneShotScenario = "testdata/good.toml"

// TestRoundWithoutTimeline: on a scenario without a timeline, whose talks
// are one round, every command that takes --round refuses any other round
// and any mark with exit status 2, saying the scenario has no timeline.
func TestRoundWithoutTimeline(t *testing.T) {
	for _, args := range roundCommands() {
		args = slices.Insert(slices.Clone(args), 1, oneShotScenario)
		for _, round := range []string{"2", "0", "end_of_year"} {
			t.Run(args[0]+" --round "+round, func(t *testing.T) {
				r := cli(t, append(args, "--quiet", "--round", round)...)
				if r.code != exitUsage || !strings.Contains(r.stderr, "has no timeline") {
					t.Errorf("exit %d, stderr %q; want %d, has no timeline", r.code, r.stderr, exitUsage)
				}
			})
		}
	}
}

// TestRoundEmpty: --round "" (an unset shell variable) is a usage error,
// not the last round.
func TestRoundEmpty(t *testing.T) {
	r := cli(t, "run", "--quiet", "--trials", "2000", "--round", "")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--round must name a round") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestRoundOneWithoutTimeline: --round 1 on a scenario without a
// timeline is its one round: every output is the run's without the flag,
// byte for byte, and no timeline.csv is written.
func TestRoundOneWithoutTimeline(t *testing.T) {
	plain := filepath.Join(t.TempDir(), "plain")
	one := filepath.Join(t.TempDir(), "one")
	for _, c := range []struct{ dir, round string }{{plain, ""}, {one, "1"}} {
		args := []string{"run", oneShotScenario, "-o", c.dir, "--quiet", "--trials", "5000", "--seed", "3"}
		if c.round != "" {
			args = append(args, "--round", c.round)
		}
		if r := cli(t, args...); r.code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
	}
	a, b := readOutputs(t, plain), readOutputs(t, one)
	for _, name := range outputFiles {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("--round 1 changes %s", name)
		}
	}
	if _, err := os.Stat(filepath.Join(one, "timeline.csv")); err == nil {
		t.Error("a run without a timeline wrote timeline.csv")
	}
}
