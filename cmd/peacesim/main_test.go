package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/scenarios"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// cliResult is what a user sees of one invocation.
type cliResult struct {
	stdout, stderr string
	code           int
}

// cli runs the command line as main would, with buffers for stdout and
// stderr (so no progress bar: they are not terminals).
func cli(t *testing.T, args ...string) cliResult {
	t.Helper()
	return cliContext(t, context.Background(), args...)
}

// cliContext is cli with the context main would take from the signals.
func cliContext(t *testing.T, ctx context.Context, args ...string) cliResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := execute(ctx, args, &stdout, &stderr)
	return cliResult{stdout.String(), stderr.String(), code}
}

func TestExitCodeMapping(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, exitOK},
		{"canceled", context.Canceled, exitInterrupted},
		{"wrapped canceled", fmt.Errorf("run: %w", context.Canceled), exitInterrupted},
		{"usage", usageErrorf("bad flag"), exitUsage},
		{"wrapped usage", fmt.Errorf("x: %w", usageErrorf("bad flag")), exitUsage},
		{"problems", scenarios.Problems{{File: "a.toml", Line: 1, Col: 1, Key: "k", Msg: "bad"}}, exitUsage},
		{"wrapped problems", fmt.Errorf("load: %w", scenarios.Problems{{File: "a.toml", Msg: "bad"}}), exitUsage},
		{"outputs exist", fmt.Errorf("%w in out", results.ErrExists), exitUsage},
		{"output not a directory", fmt.Errorf("out: %w", results.ErrNotDir), exitUsage},
		{"output not writable", fmt.Errorf("out: %w", results.ErrNotWritable), exitUsage},
		{"directory where an output goes", fmt.Errorf("out: %w", results.ErrIsDir), exitUsage},
		{"runtime", errors.New("disk full"), exitFailure},
		{"deadline", context.DeadlineExceeded, exitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exitCode(tt.err); got != tt.want {
				t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
}

// TestExitCodes checks the status and the one-line message of each kind of
// bad input; none of them needs the engine to finish a run.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"unknown scenario", []string{"run", "no-such-scenario"}, exitUsage},
		{"unknown flag", []string{"run", "--bogus"}, exitUsage},
		{"flag value not a number", []string{"run", "--trials", "many"}, exitUsage},
		{"trials zero", []string{"run", "--trials", "0"}, exitUsage},
		{"trials negative", []string{"run", "--trials", "-5"}, exitUsage},
		{"trials beyond the maximum", []string{"run", "--trials", "9223372036854775807"}, exitUsage},
		{"workers zero", []string{"run", "--workers", "0"}, exitUsage},
		{"unknown format", []string{"run", "--format", "xml"}, exitUsage},
		{"empty output directory", []string{"run", "-o", ""}, exitUsage},
		{"empty --out=", []string{"run", "--out=", "--quiet"}, exitUsage},
		{"two scenarios", []string{"run", "a", "b"}, exitUsage},
		{"directory as scenario", []string{"run", dir}, exitUsage},
		{"bad scenario file", []string{"run", "testdata/bad.toml"}, exitUsage},
		{"missing file to validate", []string{"validate", filepath.Join(dir, "missing.toml")}, exitUsage},
		{"validate without files", []string{"validate"}, exitUsage},
		{"unknown command", []string{"simulate"}, exitUsage},
		{"unknown scenarios subcommand", []string{"scenarios", "lsit"}, exitUsage},
		{"show unknown scenario", []string{"scenarios", "show", "no-such-scenario"}, exitUsage},
		{"show without name", []string{"scenarios", "show"}, exitUsage},
		{"version with argument", []string{"version", "x"}, exitUsage},
		{"help", []string{"--help"}, exitOK},
		{"no command", nil, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, tt.args...)
			if r.code != tt.want {
				t.Fatalf("peacesim %q: exit %d, want %d\nstderr: %s", tt.args, r.code, tt.want, r.stderr)
			}
			if tt.want != exitOK && r.stdout != "" {
				t.Errorf("stdout carries only results, got %q", r.stdout)
			}
			if tt.want != exitOK && r.stderr == "" {
				t.Error("no error message on stderr")
			}
		})
	}
}

// TestEndlessDevice reads /dev/zero as a scenario: a bounded read and a
// problem, not a process that eats memory until it is killed.
func TestEndlessDevice(t *testing.T) {
	const dev = "/dev/zero"
	if _, err := os.Stat(dev); err != nil {
		t.Skipf("%s: %v", dev, err)
	}
	for _, cmd := range []string{"run", "validate"} {
		r := cli(t, cmd, dev)
		want := fmt.Sprintf("%s: larger than %d MiB: not a scenario file\n", dev, maxScenarioBytes>>20)
		if r.code != exitUsage || r.stderr != want {
			t.Errorf("peacesim %s %s: exit %d, stderr %q; want %d and %q", cmd, dev, r.code, r.stderr, exitUsage, want)
		}
	}
}

// TestMisscaledScenarioWarns runs a scenario whose margins are far off the
// utility scale: the run succeeds, margins.csv has NA for their mean and sd,
// and stderr says why.
func TestMisscaledScenarioWarns(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	r := cli(t, "run", filepath.Join("testdata", "misscaled.toml"), "--trials", "5000", "-o", out, "--quiet")
	if r.code != exitOK {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if want := "warning: margins U − R beyond ±1024 in 1 (package, party, track) cells, the first p, ukraine, humanitarian"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr %q does not contain %q", r.stderr, want)
	}
	margins, err := os.ReadFile(filepath.Join(out, "margins.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "misscaled,p,ukraine,humanitarian,5000,NA,NA,"; !strings.Contains(string(margins), want) {
		t.Errorf("margins.csv:\n%s\nhas no row starting %q", margins, want)
	}
}

// TestCancelledBeforeRun: a Ctrl-C while the scenario loads is reported as
// such (exit 130) before anything else is checked: here an output path that
// is a file, which would otherwise be exit 2.
func TestCancelledBeforeRun(t *testing.T) {
	file := filepath.Join(t.TempDir(), "out")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := cliContext(t, ctx, "run", "--trials", "1000", "-o", file)
	if r.code != exitInterrupted || r.stderr != "peacesim: interrupted\n" {
		t.Errorf("exit %d, stderr %q; want %d and \"peacesim: interrupted\"", r.code, r.stderr, exitInterrupted)
	}
}

func TestUnknownScenarioSuggests(t *testing.T) {
	typo := scenarios.Default[:len(scenarios.Default)-1] // "miami-202"
	r := cli(t, "run", typo)
	want := fmt.Sprintf("peacesim: no scenario file or embedded scenario named %s (did you mean %s?)\n", typo, scenarios.Default)
	if r.code != exitUsage || !bytes.HasPrefix([]byte(r.stderr), []byte(want)) {
		t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, want)
	}
}

// TestCancelled runs with a context cancelled before the start, as after a
// Ctrl-C: the run stops, exits 130 and leaves no output directory files.
func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(t.TempDir(), "out")
	r := cliContext(t, ctx, "run", "--trials", "1000000", "-o", out)
	if r.code != exitInterrupted {
		t.Fatalf("exit %d, want %d; stderr: %s", r.code, exitInterrupted, r.stderr)
	}
	if r.stderr != "peacesim: interrupted\n" {
		t.Errorf("stderr = %q", r.stderr)
	}
	if entries, _ := os.ReadDir(out); len(entries) > 0 {
		t.Errorf("an interrupted run left %d files in %s", len(entries), out)
	}
}

// TestScenarioWarnings: what loads but changes nothing (a factor's step in
// a scenario without a [timeline]) is a warning on stderr, placed as a
// problem is, from validate and from the commands that run a scenario;
// the exit status stays 0 and stdout carries only the results.
func TestScenarioWarnings(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "good.toml"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "stepped.toml")
	stepped := strings.Replace(string(src), "value = \"normal(0.6, 0.15)\"\n", "value = \"normal(0.6, 0.15)\"\nstep = \"normal(0, 0.01)\"\n", 1)
	if err := os.WriteFile(path, []byte(stepped), 0o644); err != nil {
		t.Fatal(err)
	}
	want := "peacesim: warning: " + path + ":80:1: factors.battlefield_momentum.step: a step is added in every round after the first, and without a [timeline] a scenario has one round: it changes nothing\n"
	for _, args := range [][]string{
		{"validate", path},
		{"run", path, "--trials", "1000", "--quiet"},
		{"compare", path, "--trials", "1000", "--quiet"},
	} {
		r := cli(t, args...)
		if r.code != exitOK || r.stderr != want || strings.Contains(r.stdout, "warning") {
			t.Errorf("peacesim %s: exit %d, stderr %q; want 0 and %q", strings.Join(args, " "), r.code, r.stderr, want)
		}
	}
}
