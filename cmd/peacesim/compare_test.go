package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// compareToDir runs compare of the default scenario into a new directory
// and returns it.
func compareToDir(t *testing.T, workers int, extra ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	args := append([]string{"compare", "-o", dir, "--quiet", "--trials", "20000", "--seed", "5",
		"--workers", strconv.Itoa(workers)}, extra...)
	if r := cli(t, args...); r.code != exitOK {
		t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
	}
	return dir
}

// TestCompareReproducible: the comparisons, like every output, are the
// same bytes for any --workers; -o writes them beside the run's tables.
func TestCompareReproducible(t *testing.T) {
	files := append([]string{"comparisons.csv"}, outputFiles...)
	read := func(dir string) map[string][]byte {
		out := map[string][]byte{}
		for _, name := range files {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			out[name] = b
		}
		return out
	}
	base := read(compareToDir(t, 1))
	for _, workers := range []int{2, 7} {
		got := read(compareToDir(t, workers))
		for _, name := range files {
			if !bytes.Equal(got[name], base[name]) {
				t.Errorf("--workers %d: %s differs from the --workers 1 run", workers, name)
			}
		}
	}
	// The run's tables of a compare are the run's.
	run := readOutputs(t, runToDir(t, 5, 2))
	for _, name := range []string{"pathways.csv", "acceptance.csv", "red_lines.csv", "margins.csv", "blocking.csv"} {
		if !bytes.Equal(run[name], base[name]) {
			t.Errorf("%s of compare differs from run's", name)
		}
	}
	if !bytes.Contains(base["manifest.json"], []byte(`"comparisons.csv"`)) {
		t.Error("the manifest does not list comparisons.csv")
	}
}

// TestCompareExactlyZero runs testdata/paired.toml, where package c is a
// with a value no pathway depends on: their difference is 0 with the
// interval [0, 0] on every pathway, and marked identical.
func TestCompareExactlyZero(t *testing.T) {
	r := cli(t, "compare", "testdata/paired.toml", "--trials", "20000", "--format", "csv")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	seen := 0
	for _, row := range rows[1:] {
		ac := row[col["package_a"]] == "a" && row[col["package_b"]] == "c"
		zero := row[col["difference"]] == "0" && row[col["ci_low"]] == "0" && row[col["ci_high"]] == "0" &&
			row[col["identical"]] == "TRUE" && row[col["a_only"]] == "0" && row[col["b_only"]] == "0"
		if ac {
			seen++
		}
		if ac != zero {
			t.Errorf("%s against %s on %s: %v", row[col["package_a"]], row[col["package_b"]], row[col["pathway"]], row)
		}
	}
	if seen != 2 {
		t.Errorf("%d rows compare a with c, want one per pathway, 2", seen)
	}
}

// TestCompareBadPackages: an unknown or repeated package, or fewer than
// two, is bad usage (exit 2) with a suggestion, and nothing runs.
func TestCompareBadPackages(t *testing.T) {
	for _, c := range []struct{ packages, want string }{
		{"miami_20_point,us_28_pont", `no package "us_28_pont" (did you mean us_28_point?)`},
		{"miami_20_point", "compare needs two or more packages"},
		{"miami_20_point,miami_20_point", "listed twice"},
	} {
		r := cli(t, "compare", "--packages", c.packages, "--trials", "100")
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) || r.stdout != "" {
			t.Errorf("--packages %s: exit %d, stderr %q; want exit 2 and %q", c.packages, r.code, r.stderr, c.want)
		}
	}
	if r := cli(t, "compare", "testdata/good.toml", "--packages", "us_28_point", "--trials", "100"); r.code != exitUsage {
		t.Errorf("one package: exit %d, want 2", r.code)
	}
}
