package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/results"
)

// TestReadBackEveryCommand: what every command writes with -o reads back,
// each cell in its column's domain: a directory of each kind a report
// draws, a sweep with its extra tables, a repair, a batch of every
// embedded scenario, a run of one trial (no standard deviation) and the
// runs of the documentation's example scenarios.
func TestReadBackEveryCommand(t *testing.T) {
	dirs := reportDirs(t, len(reportKinds))
	base := t.TempDir()
	names := strings.Fields(cli(t, "scenarios", "list", "--names").stdout)
	examples, err := filepath.Glob("../../docs/examples/*.toml")
	if err != nil || len(examples) == 0 {
		t.Fatalf("no example scenario: %v", err)
	}
	more := [][]string{
		{"sweep", "--trials", "500", "--vary", "packages.miami_20_point.troop_cap=400,1000", "--tables", "acceptance,red_lines,margins,blocking"},
		{"optimize", "--evidence", "none", "--trials", "500", "--max-evals", "60", "--target", "framework_agreement", "--repair", "miami_20_point", "--min-prob", "0.2"},
		append([]string{"run", "--trials", "500"}, names...),
		{"run", "--trials", "1"},
		append([]string{"run", "--trials", "500"}, examples...),
	}
	for i, args := range more {
		dir := filepath.Join(base, strings.Repeat("x", i+1))
		if r := cli(t, append(args, "-q", "-o", dir)...); r.code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
		dirs = append(dirs, dir)
	}
	for _, dir := range dirs {
		d, err := results.ReadDir(dir)
		switch {
		case err != nil:
			t.Errorf("%s: %v", dir, err)
		case len(d.Files) == 0:
			t.Errorf("%s: no table read", dir)
		}
	}
}

// TestPlotReportRefuseOutOfDomain: plot and report of a directory whose
// table holds a value outside its column's domain exit with status 2,
// naming the file, the line and the column, and write nothing.
func TestPlotReportRefuseOutOfDomain(t *testing.T) {
	run := runToDir(t, 3, 2)
	tests := []struct {
		name, file string
		line       int
		column     string
		value      string
		say        string
	}{
		{"probability 7.5", "pathways.csv", 3, "probability", "7.5",
			"pathways.csv:3:"},
		{"count above the trials", "acceptance.csv", 4, "count", "20001",
			"acceptance.csv:4:"},
		{"interval without its estimate", "red_lines.csv", 3, "violated_high", "0.5",
			"red_lines.csv:3:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "bad")
			if err := os.CopyFS(dir, os.DirFS(run)); err != nil {
				t.Fatal(err)
			}
			setCSVCell(t, filepath.Join(dir, tt.file), tt.line, tt.column, tt.value)
			out := t.TempDir()
			for _, args := range [][]string{
				{"plot", dir, "-o", filepath.Join(out, "chart.png")},
				{"report", dir, "-o", filepath.Join(out, "report.html")},
			} {
				r := cli(t, args...)
				if r.code != exitUsage || !strings.Contains(r.stderr, tt.say) || !strings.Contains(r.stderr, tt.column+": "+tt.value+" ") {
					t.Errorf("%s: exit %d, stderr %q; want exit 2 naming %s and %s: %s", args[0], r.code, r.stderr, tt.say, tt.column, tt.value)
				}
				if entries, err := os.ReadDir(out); err != nil || len(entries) > 0 {
					t.Errorf("%s wrote %v (%v)", args[0], entries, err)
				}
			}
		})
	}
	// The message in full, as the user reads it.
	dir := filepath.Join(t.TempDir(), "bad")
	if err := os.CopyFS(dir, os.DirFS(run)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "pathways.csv")
	setCSVCell(t, path, 3, "probability", "7.5")
	r := cli(t, "plot", dir, "-o", filepath.Join(t.TempDir(), "chart.png"))
	if want := "peacesim: " + path + ":3:"; !strings.HasPrefix(r.stderr, want) ||
		!strings.Contains(r.stderr, ": probability: 7.5 is not a probability (must be in [0, 1])\n") {
		t.Errorf("stderr %q, want %s…: probability: 7.5 is not a probability (must be in [0, 1])", r.stderr, want)
	}
}

// setCSVCell rewrites the cell of the named column on line (1-based, the
// header line 1) of a table that has no quoted field.
func setCSVCell(t *testing.T, path string, line int, column, value string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	header := strings.Split(lines[0], ",")
	j := -1
	for i, name := range header {
		if name == column {
			j = i
		}
	}
	if j < 0 || line < 2 || line > len(lines) {
		t.Fatalf("%s has no column %s or no line %d", path, column, line)
	}
	cells := strings.Split(lines[line-1], ",")
	if len(cells) != len(header) {
		t.Fatalf("%s:%d has quoted fields: %s", path, line, lines[line-1])
	}
	cells[j] = value
	lines[line-1] = strings.Join(cells, ",")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}
