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
	if want := outputFiles[:5]; !slices.Equal(printed.Files, want) || !slices.Equal(written.Files, want) {
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
