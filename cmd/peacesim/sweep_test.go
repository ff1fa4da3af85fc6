package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSweepIsRunWithSet: every point of a sweep has the rows of
// peacesim run --set KEY=VALUE at that value, byte for byte — over a
// numeric range (put in place without compiling each value), over levels,
// over distributions, and on a grid of two keys.
func TestSweepIsRunWithSet(t *testing.T) {
	const trials = "3000"
	cases := []struct {
		vary []string
		// the --set of each point, in point order
		points [][]string
	}{
		{[]string{"packages.miami_20_point.troop_cap=500:800:100"}, [][]string{
			{"packages.miami_20_point.troop_cap=500"}, {"packages.miami_20_point.troop_cap=600"},
			{"packages.miami_20_point.troop_cap=700"}, {"packages.miami_20_point.troop_cap=800"}}},
		{[]string{"parties.russia.reservation.framework=normal(0.38, 0.12),0.5", "packages.us_28_point.nato=renounced,deferred"}, [][]string{
			{"parties.russia.reservation.framework=normal(0.38, 0.12)", "packages.us_28_point.nato=renounced"},
			{"parties.russia.reservation.framework=normal(0.38, 0.12)", "packages.us_28_point.nato=deferred"},
			{"parties.russia.reservation.framework=0.5", "packages.us_28_point.nato=renounced"},
			{"parties.russia.reservation.framework=0.5", "packages.us_28_point.nato=deferred"}}},
		{[]string{"parties.ukraine.salience_concentration=10:40:10"}, [][]string{
			{"parties.ukraine.salience_concentration=10"}, {"parties.ukraine.salience_concentration=20"},
			{"parties.ukraine.salience_concentration=30"}, {"parties.ukraine.salience_concentration=40"}}},
	}
	for _, c := range cases {
		args := []string{"sweep", "--trials", trials, "--format", "csv"}
		for _, v := range c.vary {
			args = append(args, "--vary", v)
		}
		sw := cli(t, args...)
		if sw.code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, sw.code, sw.stderr)
		}
		records, err := csv.NewReader(strings.NewReader(sw.stdout)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		header := records[0]
		keys := len(c.vary)
		if want := append([]string{"scenario", "point"}, header[2:2+keys]...); header[2+keys] != "package" || !slices.Equal(header[:2+keys], want) {
			t.Fatalf("header %v", header)
		}
		for i, sets := range c.points {
			args := []string{"run", "--trials", trials, "--format", "csv"}
			for _, s := range sets {
				args = append(args, "--set", s)
			}
			run := cli(t, args...)
			if run.code != exitOK {
				t.Fatalf("%v: exit %d: %s", args, run.code, run.stderr)
			}
			runRecords, err := csv.NewReader(strings.NewReader(run.stdout)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, f := range runRecords[1:] {
				// pathways.csv: scenario, package, pathway, probability,
				// ci_low, ci_high, count, trials, (the default scenario's
				// evidence columns,) seed; sweep.csv has the point and the
				// values after the scenario, and no count and no evidence
				// columns.
				want = append(want, sweepCells(runRecords[0], f))
			}
			var got []string
			for _, f := range records[1:] {
				if f[1] == strconv.Itoa(i) {
					got = append(got, strings.Join(append([]string{f[0]}, f[2+keys:]...), ","))
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%v point %d: its rows differ from run --set %v", c.vary, i, sets)
			}
		}
	}
}

// TestSweepLHSIsRunWithSet: a Latin hypercube's values are printed as they
// run — snapped to a range's step, or to its resolution without one — so
// that run --set with a point's printed values gives its rows, byte for
// byte.
func TestSweepLHSIsRunWithSet(t *testing.T) {
	const trials = "2000"
	keys := []string{"packages.miami_20_point.troop_cap", "parties.russia.reservation.framework"}
	sw := cli(t, "sweep", "--trials", trials, "--format", "csv", "--lhs", "3", "--packages", "miami_20_point",
		"--vary", keys[0]+"=400:1000:50", "--vary", keys[1]+"=0.3:0.6")
	if sw.code != exitOK {
		t.Fatalf("exit %d: %s", sw.code, sw.stderr)
	}
	records, err := csv.NewReader(strings.NewReader(sw.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	byPoint := map[string][]string{}
	values := map[string][]string{}
	for _, f := range records[1:] {
		byPoint[f[1]] = append(byPoint[f[1]], strings.Join(append([]string{f[0]}, f[4:]...), ","))
		values[f[1]] = f[2:4]
	}
	if len(byPoint) != 3 {
		t.Fatalf("%d points, want 3", len(byPoint))
	}
	for point, vs := range values {
		if x, err := strconv.Atoi(vs[0]); err != nil || (x-400)%50 != 0 {
			t.Errorf("point %s: troop cap %s is not on the step of 50", point, vs[0])
		}
		if len(vs[1]) > len("0.3000") {
			t.Errorf("point %s: reservation %s has more than 4 decimals", point, vs[1])
		}
		run := cli(t, "run", "--trials", trials, "--format", "csv", "--packages", "miami_20_point",
			"--set", keys[0]+"="+vs[0], "--set", keys[1]+"="+vs[1])
		if run.code != exitOK {
			t.Fatalf("run: exit %d: %s", run.code, run.stderr)
		}
		runRecords, _ := csv.NewReader(strings.NewReader(run.stdout)).ReadAll()
		var want []string
		for _, f := range runRecords[1:] {
			want = append(want, sweepCells(runRecords[0], f))
		}
		if !slices.Equal(byPoint[point], want) {
			t.Errorf("point %s %v: its rows differ from run --set\n%v\n%v", point, vs, byPoint[point], want)
		}
	}
}

// TestSweepProblems: bad values get the checks of the file and name their
// --vary; a key that changes the scenario's structure cannot be swept.
func TestSweepProblems(t *testing.T) {
	for _, c := range []struct {
		vary []string
		want string
	}{
		{[]string{"packages.miami_20_point.troop_cap=1000:1400:200"},
			"miami-2025.toml: --vary packages.miami_20_point.troop_cap=1000:1400:200 (at 1400): 1400 is outside the range of troop_cap"},
		{[]string{"packages.miami_20_point.nato=renounced,defered"}, `unknown level "defered" of nato (did you mean "deferred"?)`},
		{[]string{"parties.europe.veto=false,true"}, "--vary parties.europe.veto=false,true: changes more than values"},
		{[]string{"parties.rusia.reservation=0.4,0.5"}, `parties.rusia: not in the scenario (did you mean "russia"?)`},
		{[]string{"packages.us_28_point.troop_cap=800:400:100"}, "lo must not exceed hi"},
		{[]string{"packages.us_28_point.troop_cap=400:800:0"}, "the step must be > 0"},
		{[]string{"troop_cap"}, "write KEY=lo:hi:step or KEY=v1,v2,..."},
		{[]string{"packages.us_28_point.troop_cap=400:800"}, "--vary packages.us_28_point.troop_cap=400:800: a range without a step is for a Latin hypercube (--lhs N)"},
		{nil, "sweep needs at least one --vary"},
	} {
		args := []string{"sweep", "--trials", "100"}
		for _, v := range c.vary {
			args = append(args, "--vary", v)
		}
		r := cli(t, args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) || r.stdout != "" {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", c.vary, r.code, r.stderr, c.want)
		}
	}
}

// TestSweepOut: -o writes sweep.csv, the tables asked for and the manifest
// with the design; the rows of a Latin hypercube follow its seed; an
// interrupted sweep leaves nothing behind.
func TestSweepOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	r := cli(t, "sweep", "--vary", "packages.miami_20_point.troop_cap=400:1000:1", "--vary", "parties.russia.reservation.framework=0.3:0.6:0.01",
		"--lhs", "5", "--packages", "miami_20_point", "--tables", "acceptance,blocking", "--trials", "500", "-q", "-o", dir)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	header, rows := csvRows(t, dir, "sweep.csv")
	if !strings.HasPrefix(header, "scenario,point,packages.miami_20_point.troop_cap,parties.russia.reservation.framework,package,") {
		t.Errorf("sweep.csv header %q", header)
	}
	if len(rows) != 5*3 { // 5 points × 1 package × 3 pathways
		t.Errorf("%d rows, want 15", len(rows))
	}
	for _, name := range []string{"sweep_acceptance.csv", "sweep_blocking.csv"} {
		if h, _ := csvRows(t, dir, name); !strings.HasPrefix(h, "scenario,point,packages.miami_20_point.troop_cap,") {
			t.Errorf("%s header %q", name, h)
		}
	}
	man := readManifest(t, dir)
	if man.Sweep == nil || man.Sweep.LHS != 5 || man.Sweep.Points != 5 || !slices.Equal(man.Files, []string{"sweep.csv", "sweep_acceptance.csv", "sweep_blocking.csv"}) {
		t.Errorf("manifest %+v, sweep %+v", man, man.Sweep)
	}
	again := filepath.Join(t.TempDir(), "again")
	cli(t, "sweep", "--vary", "packages.miami_20_point.troop_cap=400:1000:1", "--vary", "parties.russia.reservation.framework=0.3:0.6:0.01",
		"--lhs", "5", "--packages", "miami_20_point", "--trials", "500", "-q", "-o", again)
	a, _ := os.ReadFile(filepath.Join(dir, "sweep.csv"))
	b, _ := os.ReadFile(filepath.Join(again, "sweep.csv"))
	if string(a) != string(b) {
		t.Error("the same seed drew another Latin hypercube")
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	gone := filepath.Join(t.TempDir(), "gone")
	if r := cliContext(t, ctx, "sweep", "--vary", "packages.miami_20_point.troop_cap=400:1000:100", "-o", gone); r.code != exitInterrupted {
		t.Errorf("cancelled: exit %d", r.code)
	}
	if entries, _ := os.ReadDir(gone); len(entries) > 0 {
		t.Errorf("an interrupted sweep left %d files", len(entries))
	}
}

// TestSweepStudyFile: a [sweep] table runs the study from files alone, as
// the same flags would; a flag replaces the table's value it names.
func TestSweepStudyFile(t *testing.T) {
	file := cli(t, "sweep", "testdata/study.toml", "--trials", "2000", "--format", "csv")
	flags := cli(t, "sweep", "testdata/study.toml", "--trials", "2000", "--format", "csv",
		"--vary", "packages.miami_20_point.troop_cap=400:1000:200", "--packages", "miami_20_point")
	if file.code != exitOK || flags.code != exitOK || file.stdout != flags.stdout {
		t.Fatalf("the file's study and the same flags differ (exit %d, %d): %s%s", file.code, flags.code, file.stderr, flags.stderr)
	}
	over := cli(t, "sweep", "testdata/study.toml", "--trials", "2000", "--format", "csv", "--vary", "packages.miami_20_point.nato=renounced,deferred")
	if over.code != exitOK || !strings.HasPrefix(over.stdout, "scenario,point,packages.miami_20_point.nato,package,") {
		t.Errorf("--vary does not replace the file's vary: %s %s", over.stdout[:min(80, len(over.stdout))], over.stderr)
	}
	if strings.Contains(over.stdout, ",us_28_point,") {
		t.Error("the file's packages were dropped with its vary")
	}
}

// sweepCells are the cells of a row f of pathways.csv (of header h) that
// sweep.csv gives a point: all but the count and the evidence columns.
func sweepCells(h, f []string) string {
	var out []string
	for i, c := range f {
		switch h[i] {
		case "count", "prior_trials", "effective_trials", "evidence":
			continue
		}
		out = append(out, c)
	}
	return strings.Join(out, ",")
}
