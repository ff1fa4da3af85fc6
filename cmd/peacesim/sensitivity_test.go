package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/results"
)

// TestSensitivityOut: sensitivity writes tornado.csv, sobol.csv and the
// manifest, identical for any number of workers; the tables read back, the
// Russian framework reservation is among the largest swings of the Miami
// plan's framework chance, and a salience Dirichlet is in the Sobol table
// but not the tornado.
func TestSensitivityOut(t *testing.T) {
	dir := t.TempDir()
	args := []string{"sensitivity", "--evidence", "none", "--packages", "miami_20_point,us_28_point", "--trials", "8192", "--samples", "1024", "--bootstrap", "20", "-q"}
	for _, w := range []string{"1", "2"} {
		if r := cli(t, append(args, "--workers", w, "-o", filepath.Join(dir, w))...); r.code != exitOK {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
	}
	sameFiles(t, filepath.Join(dir, "1"), filepath.Join(dir, "2"))
	d, err := results.ReadDir(filepath.Join(dir, "1"))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Tornado) == 0 || len(d.Sobol) == 0 || d.Manifest.Sensitivity == nil {
		t.Fatalf("%d tornado rows, %d Sobol rows, sensitivity %v", len(d.Tornado), len(d.Sobol), d.Manifest.Sensitivity)
	}
	var top []string
	for _, r := range d.Tornado {
		if r.Package == "miami_20_point" && r.Pathway == "framework_agreement" && len(top) < 5 {
			top = append(top, r.Input)
		}
		if strings.Contains(r.Input, ".salience.") {
			t.Errorf("a salience Dirichlet in the tornado: %s", r.Input)
		}
	}
	if !slices.Contains(top, "parties.russia.reservation.framework") {
		t.Errorf("the five largest swings of miami_20_point's framework chance are %q, without Russia's framework reservation", top)
	}
	if !slices.ContainsFunc(d.Sobol, func(r results.SobolRow) bool { return strings.Contains(r.Input, ".salience.") }) {
		t.Error("no salience Dirichlet in sobol.csv")
	}
	man := d.Manifest.Sensitivity
	if want := int64(len(man.Inputs)+2) * 1024; man.Evaluations <= want {
		t.Errorf("%d evaluations recorded, want the tornado's on top of Sobol's %d", man.Evaluations, want)
	}

	// The summary names the largest swing first.
	r := cli(t, "sensitivity", "--evidence", "none", "--packages", "miami_20_point", "--pathways", "framework_agreement", "--trials", "8192", "--samples", "0")
	if r.code != exitOK || !strings.Contains(r.stdout, "miami_20_point → framework_agreement") {
		t.Fatalf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	lines := strings.Split(r.stdout, "\n")
	i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(strings.TrimSpace(l), "input") })
	if i < 0 || !strings.Contains(lines[i+1], "parties.russia.reservation.framework") {
		t.Errorf("the largest swing is not Russia's framework reservation:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "S1") {
		t.Error("--samples 0 still reports Sobol indices")
	}
}

// TestSensitivityProblems: mistakes are exit 2 with a message that helps,
// and nothing is written.
func TestSensitivityProblems(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown input", []string{"--inputs", "parties.russia.reservaton.framework"}, "did you mean parties.russia.reservation.framework"},
		{"fixed input", []string{"--set", "parties.russia.reservation.framework=0.5", "--inputs", "parties.russia.reservation.framework"}, "is fixed"},
		{"unknown pathway", []string{"--pathways", "framework_agreemnt"}, "did you mean framework_agreement"},
		{"unknown package", []string{"--packages", "miami"}, "no package"},
		{"bad group", []string{"--group", "russia"}, "NAME=KEY"},
		{"unknown key in group", []string{"--group", "russia=parties.russia.reservation.frame"}, "no uncertain input"},
		{"input in two groups", []string{"--group", "a=parties.russia.reservation.framework", "--group", "b=parties.russia.reservation.framework"}, "already in group a"},
		{"group named as an input", []string{"--group", "parties.russia.reservation.framework=parties.russia.reservation.humanitarian"}, "already names"},
		{"bad range", []string{"--range", "90,10"}, "--range"},
		{"one sample", []string{"--samples", "1"}, "--samples"},
		{"shard", []string{"--shard", "0/2"}, "unknown flag: --shard"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := cli(t, append([]string{"sensitivity", "--evidence", "none", "--trials", "4096", "--samples", "64", "-o", out}, c.args...)...)
			if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
				t.Errorf("exit %d, stderr %q: want exit %d and %q", r.code, r.stderr, exitUsage, c.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s written", out)
			}
		})
	}
}

// TestSensitivityGroups: a group is one input of the tables, named as
// given, and its members are no longer inputs of their own.
func TestSensitivityGroups(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	r := cli(t, "sensitivity", "--evidence", "none", "--packages", "miami_20_point", "--trials", "4096", "--samples", "256", "--bootstrap", "0", "-q", "-o", out,
		"--group", "russia=parties.russia.reservation.framework,parties.russia.reservation.humanitarian")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	d, err := results.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	inputs := d.Manifest.Sensitivity.Inputs
	if inputs[len(inputs)-1] != "russia" || slices.Contains(inputs, "parties.russia.reservation.framework") {
		t.Errorf("inputs %q: want the group last and its members gone", inputs)
	}
	if !slices.ContainsFunc(d.Tornado, func(r results.TornadoRow) bool { return r.Input == "russia" }) {
		t.Error("no tornado row of the group")
	}
}

// TestDiscover: the box of the Miami plan's framework agreement bounds
// Russia's framework reservation from above (a lower reservation makes a
// deal likelier); the files read back; mistakes are exit 2.
func TestDiscover(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	r := cli(t, "discover", "--package", "miami_20_point", "--pathway", "framework_agreement", "--trials", "20000", "-o", out)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	d, err := results.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Trajectory) < 2 || len(d.Boxes) == 0 {
		t.Fatalf("%d steps, %d box rows", len(d.Trajectory), len(d.Boxes))
	}
	i := slices.IndexFunc(d.Boxes, func(b results.BoxRow) bool { return b.Input == "parties.russia.reservation.framework" })
	if i < 0 || !(d.Boxes[i].High < d.Boxes[i].DataHigh) {
		t.Errorf("box %+v: want Russia's framework reservation bounded from above", d.Boxes)
	}
	if !strings.Contains(r.stdout, "parties.russia.reservation.framework") || !strings.Contains(r.stdout, "chosen") {
		t.Errorf("summary:\n%s", r.stdout)
	}
	// A pathway the package never reaches has no box: a clear failure.
	r = cli(t, "discover", "--package", "russia_june_2024", "--pathway", "framework_agreement", "--trials", "4096", "-q")
	if r.code != exitFailure || !strings.Contains(r.stderr, "never leads to framework_agreement") {
		t.Errorf("exit %d, stderr %q: want exit %d saying the pathway never happens", r.code, r.stderr, exitFailure)
	}
	for _, c := range []struct{ args []string }{
		{[]string{"--pathway", "framework"}},
		{[]string{"--package", "miami"}},
		{[]string{"--min-density", "2"}},
		{[]string{"--inputs", "parties.ukraine.salience.framework"}},
		{[]string{"--precision", "0.01"}},
	} {
		r := cli(t, append([]string{"discover", "--trials", "4096", "-o", filepath.Join(out, "x")}, c.args...)...)
		if r.code != exitUsage {
			t.Errorf("%q: exit %d (%s), want %d", c.args, r.code, r.stderr, exitUsage)
		}
	}
}

// TestSensitivitySobolOnly: --methods sobol runs no tornado: no
// tornado.csv, and the evaluations counted are Saltelli's N·(k + 2) alone.
func TestSensitivitySobolOnly(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	r := cli(t, "sensitivity", "--evidence", "none", "--methods", "sobol", "--samples", "256", "--bootstrap", "0", "-q", "-o", out)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	d, err := results.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	s := d.Manifest.Sensitivity
	if d.Has(results.TornadoFile) || len(d.Sobol) == 0 || s.Evaluations != int64(len(s.Inputs)+2)*256 {
		t.Errorf("files %v, %d Sobol rows, %d evaluations: want sobol.csv alone and %d evaluations", d.Files, len(d.Sobol), s.Evaluations, (len(s.Inputs)+2)*256)
	}
}
