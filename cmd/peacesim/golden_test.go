package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// toolchain matches the manifest fields that change with the Go toolchain
// and gonum release, not with peacesim's output.
var toolchain = regexp.MustCompile(`("(?:go_version|gonum_version)": )"[^"]*"`)

// TestGolden pins what a user sees: stdout, stderr and the exit status of
// each command, in testdata/NAME.golden. Regenerate with
// go test ./cmd/peacesim -update and review the diff.
func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"run_table", []string{"run", "--trials", "2000", "--seed", "7", "--workers", "2"}},
		{"run_csv", []string{"run", "--trials", "2000", "--seed", "7", "--workers", "2", "--format", "csv"}},
		{"run_json", []string{"run", "--trials", "2000", "--seed", "7", "--workers", "2", "--format", "json"}},
		{"run_file", []string{"run", "testdata/good.toml", "--trials", "2000", "--seed", "7"}},
		{"compare_table", []string{"compare", "--trials", "2000", "--seed", "7", "--workers", "2"}},
		{"compare_chosen", []string{"compare", "--packages", "miami_20_point,us_28_point", "--trials", "2000", "--seed", "7", "--format", "json"}},
		{"scenarios_list", []string{"scenarios", "list"}},
		{"validate_good", []string{"validate", "testdata/good.toml"}},
		{"validate_bad", []string{"validate", "testdata/good.toml", "testdata/bad.toml", "testdata/missing.toml"}},
		{"validate_json", []string{"validate", "--format", "json", "testdata/good.toml", "testdata/bad.toml", "testdata/missing.toml", "testdata/timeline.toml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, tt.args...)
			got := fmt.Sprintf("$ peacesim %s\nexit: %d\n-- stdout --\n%s-- stderr --\n%s",
				strings.Join(tt.args, " "), r.code, r.stdout, r.stderr)
			got = toolchain.ReplaceAllString(got, `$1"TOOLCHAIN"`)
			checkGolden(t, tt.name, got)
		})
	}
}

// checkGolden compares got with testdata/name.golden, or rewrites the file
// under -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (generate it with go test ./cmd/peacesim -update)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (regenerate with -update and review the diff)\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}
