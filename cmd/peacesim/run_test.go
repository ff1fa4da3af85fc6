package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/scenarios"
)

// outputFiles are the files a run writes with -o, all of which must be
// reproducible byte for byte.
var outputFiles = []string{"pathways.csv", "acceptance.csv", "red_lines.csv", "margins.csv", "blocking.csv", "manifest.json"}

// runToDir runs the default scenario into a new directory and returns it.
func runToDir(t *testing.T, seed, workers int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	r := cli(t, "run", "-o", dir, "--quiet", "--trials", "20000",
		"--seed", strconv.Itoa(seed), "--workers", strconv.Itoa(workers))
	if r.code != exitOK {
		t.Fatalf("run --seed %d --workers %d: exit %d: %s", seed, workers, r.code, r.stderr)
	}
	return dir
}

func readOutputs(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, name := range outputFiles {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	return files
}

// TestReproducible holds the CLI to docs/model.md#chunks: the same seed gives
// byte-identical outputs for any --workers, and another seed does not.
func TestReproducible(t *testing.T) {
	base := readOutputs(t, runToDir(t, 5, 1))
	for _, workers := range []int{1, 2, 7} {
		got := readOutputs(t, runToDir(t, 5, workers))
		for _, name := range outputFiles {
			if !bytes.Equal(got[name], base[name]) {
				t.Errorf("--workers %d: %s differs from the --workers 1 run", workers, name)
			}
		}
	}
	other := readOutputs(t, runToDir(t, 6, 2))
	if bytes.Equal(other["pathways.csv"], base["pathways.csv"]) {
		t.Error("--seed 6 gives the same pathways.csv as --seed 5")
	}
}

// TestOutputDirForce: an existing output is never overwritten without
// --force, and is with it.
func TestOutputDirForce(t *testing.T) {
	dir := t.TempDir()
	old := []byte("an earlier run\n")
	path := filepath.Join(dir, "pathways.csv")
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	r := cli(t, "run", "-o", dir, "--quiet", "--trials", "1000")
	if r.code != exitUsage {
		t.Fatalf("without --force: exit %d, want %d; stderr: %s", r.code, exitUsage, r.stderr)
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, old) {
		t.Error("without --force the existing pathways.csv changed")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("without --force the directory has %d entries, want the 1 it had", len(entries))
	}

	r = cli(t, "run", "-o", dir, "--quiet", "--force", "--trials", "1000")
	if r.code != exitOK {
		t.Fatalf("with --force: exit %d; stderr: %s", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(path); bytes.Equal(b, old) {
		t.Error("with --force pathways.csv was not rewritten")
	}
}

// TestOutputIsADirectory: a directory where an output file is to go stops
// the run before it starts (it is not replaced, even with --force), with
// exit 2 and a message naming it, and nothing is written.
func TestOutputIsADirectory(t *testing.T) {
	dir := t.TempDir()
	inTheWay := filepath.Join(dir, "pathways.csv")
	if err := os.Mkdir(inTheWay, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, force := range []bool{false, true} {
		args := []string{"run", "-o", dir, "--quiet", "--trials", "1000"}
		if force {
			args = append(args, "--force")
		}
		r := cli(t, args...)
		if want := "peacesim: output " + inTheWay + " is a directory: remove or rename it"; r.code != exitUsage || !strings.HasPrefix(r.stderr, want) {
			t.Errorf("--force %v: exit %d, stderr %q; want %d and %q", force, r.code, r.stderr, exitUsage, want)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("--force %v: %d entries in %s, want only pathways.csv", force, len(entries), dir)
		}
	}
}

// TestQuietWithOut: --quiet writes the files and nothing else.
func TestQuietWithOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	r := cli(t, "run", "-o", dir, "--quiet", "--trials", "1000")
	if r.code != exitOK || r.stdout != "" || r.stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 0 and both empty", r.code, r.stdout, r.stderr)
	}
	readOutputs(t, dir)
}

// TestOutAndStdout: with -o the results are still printed on stdout, the
// same as without it.
func TestOutAndStdout(t *testing.T) {
	args := []string{"run", "--trials", "1000", "--seed", "3", "--format", "csv"}
	plain := cli(t, args...)
	dir := filepath.Join(t.TempDir(), "out")
	withOut := cli(t, append(args, "-o", dir)...)
	if plain.code != exitOK || withOut.code != exitOK {
		t.Fatalf("exit %d and %d; stderr: %s %s", plain.code, withOut.code, plain.stderr, withOut.stderr)
	}
	if plain.stdout == "" || plain.stdout != withOut.stdout {
		t.Error("-o changed what is printed on stdout")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "pathways.csv")); string(b) != plain.stdout {
		t.Error("--format csv on stdout differs from pathways.csv")
	}
	if plain.stderr != "" {
		t.Errorf("stderr of a successful run off a terminal = %q, want empty", plain.stderr)
	}
}

// TestJSONManifestListsFilesWritten: with --format json and -o, the
// manifest on stdout lists the files written, as manifest.json does.
func TestJSONManifestListsFilesWritten(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	r := cli(t, "run", "--trials", "1000", "--format", "json", "-o", dir)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var doc struct {
		Manifest json.RawMessage `json:"manifest"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	var printed, written struct {
		Files []string `json:"files"`
	}
	if err := json.Unmarshal(doc.Manifest, &printed); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &written); err != nil {
		t.Fatal(err)
	}
	if want := append(slices.Clone(outputFiles[:5]), "timeline.csv", "posterior.csv"); !slices.Equal(printed.Files, want) || !slices.Equal(written.Files, want) {
		t.Errorf("manifest files: printed %q, in manifest.json %q; want %q in both", printed.Files, written.Files, want)
	}
}

// TestFlagsOverrideScenario: without flags the scenario's [run] defaults
// apply; a flag set by the user overrides them.
func TestFlagsOverrideScenario(t *testing.T) {
	manifest := func(args ...string) (trials int64, seed uint64) {
		t.Helper()
		r := cli(t, append([]string{"run", "testdata/good.toml", "--format", "json"}, args...)...)
		if r.code != exitOK {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		var doc struct {
			Manifest struct {
				Scenarios []struct {
					Trials int64  `json:"trials"`
					Seed   uint64 `json:"seed"`
				} `json:"scenarios"`
			} `json:"manifest"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Manifest.Scenarios) != 1 {
			t.Fatal(err, r.stdout)
		}
		return doc.Manifest.Scenarios[0].Trials, doc.Manifest.Scenarios[0].Seed
	}
	// testdata/good.toml: [run] trials = 100000, seed = 20251220.
	if trials, seed := manifest(); trials != 100000 || seed != 20251220 {
		t.Errorf("scenario defaults: trials %d seed %d, want 100000 and 20251220", trials, seed)
	}
	if trials, seed := manifest("--trials", "3000", "--seed", "0"); trials != 3000 || seed != 0 {
		t.Errorf("flags: trials %d seed %d, want 3000 and 0 (an explicit zero seed counts)", trials, seed)
	}
}

// TestEmbeddedScenarios runs every scenario of the library briefly: each
// must load and run as shipped.
func TestEmbeddedScenarios(t *testing.T) {
	lib := scenarios.Library()
	if len(lib) == 0 {
		t.Fatal("the embedded library is empty")
	}
	for _, e := range lib {
		t.Run(e.Name, func(t *testing.T) {
			r := cli(t, "run", e.Name, "--trials", "500", "--workers", "2")
			if r.code != exitOK || r.stdout == "" {
				t.Fatalf("exit %d, %d bytes of stdout; stderr: %s", r.code, len(r.stdout), r.stderr)
			}
		})
	}
}

// packageRows are the rows of a table whose package (its second column)
// is pkg, in order.
func packageRows(rows []string, pkg string) []string {
	var out []string
	for _, row := range rows {
		if f := strings.SplitN(row, ",", 3); len(f) == 3 && f[1] == pkg {
			out = append(out, row)
		}
	}
	return out
}

// TestRunPackages: run --packages scores only the packages listed, in
// their order, and their rows are byte for byte those of the full run
// (every package on the same draws: common random numbers), in a batch as
// alone; the manifest records them. A package that a scenario of the
// batch lacks, or an unknown or repeated id, is bad input.
func TestRunPackages(t *testing.T) {
	const a, b = "miami-2025", "testdata/good.toml"
	chosen := []string{"us_28_point", "miami_20_point"} // not the scenario's order
	full := runDir(t, a)
	some := runDir(t, a, "--packages", strings.Join(chosen, ","))
	for _, name := range results.CSVFiles(false) {
		header, rows := csvRows(t, some, name)
		h, all := csvRows(t, full, name)
		var want []string
		for _, pkg := range chosen {
			want = append(want, packageRows(all, pkg)...)
		}
		if header != h || !slices.Equal(rows, want) {
			t.Errorf("%s: the rows of --packages %s are not the full run's rows of those packages, in that order",
				name, strings.Join(chosen, ","))
		}
	}
	if got := readManifest(t, some).Scenarios[0].Packages; !slices.Equal(got, chosen) {
		t.Errorf("manifest packages %q, want %q", got, chosen)
	}
	// stdout holds only the package's rows too.
	r := cli(t, "run", a, "--trials", "4096", "--seed", "3", "--packages", "us_28_point", "--format", "csv")
	header, all := csvRows(t, full, "pathways.csv")
	if want := strings.Join(append([]string{header}, packageRows(all, "us_28_point")...), "\n") + "\n"; r.code != exitOK || r.stdout != want {
		t.Errorf("run --packages us_28_point --format csv: exit %d, stdout not the package's rows of pathways.csv: %s", r.code, r.stderr)
	}

	// In a batch, every scenario scores the packages listed: good.toml has
	// us_28_point too. (On the prior: a batch in which only some scenarios
	// have evidence gives them all its columns, TestBatchMixedEvidence.)
	batch := runDir(t, a, b, "--packages", "us_28_point", "--evidence", "none")
	_, rows := csvRows(t, batch, "pathways.csv")
	_, alone := csvRows(t, runDir(t, b), "pathways.csv")
	_, first := csvRows(t, runDir(t, a, "--evidence", "none"), "pathways.csv")
	if want := append(packageRows(first, "us_28_point"), packageRows(alone, "us_28_point")...); !slices.Equal(rows, want) {
		t.Error("a batch with --packages: the rows are not each scenario's rows of the package")
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{a, b, "--packages", "miami_20_point"}, `--packages: scenario example has no package "miami_20_point"`},
		{[]string{a, "--packages", "us_28_pont"}, `--packages: scenario miami-2025 has no package "us_28_pont" (did you mean us_28_point?)`},
		{[]string{a, "--packages", "us_28_point,us_28_point"}, "--packages: us_28_point is listed twice"},
	} {
		r := cli(t, append([]string{"run", "--trials", "100"}, c.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, r.code, r.stderr, c.want)
		}
	}
}
