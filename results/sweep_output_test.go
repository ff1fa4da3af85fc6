package results

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSweepSink: the directory's sweep.csv and the CSV on stdout hold the
// same rows, written as the points are added; a table on stdout has a
// line per point and package; a sink aborted before Close leaves nothing.
func TestSweepSink(t *testing.T) {
	m, r := fixture()
	dir := filepath.Join(t.TempDir(), "out")
	var stdout bytes.Buffer
	sink, err := OpenSweep(SweepOutput{Keys: []string{"k"}, Tables: []string{"acceptance"}, Dir: dir, Stdout: &stdout, Format: "csv"})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range []string{"1", "2"} {
		if err := sink.Add(i, []string{v}, m, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := sink.Close(m, Manifest{Tool: "peacesim"}); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(filepath.Join(dir, "sweep.csv"))
	if err != nil || !bytes.Equal(file, stdout.Bytes()) || !strings.HasPrefix(string(file), "scenario,point,k,package,") {
		t.Errorf("sweep.csv (%v) and stdout differ, or the header is wrong:\n%s\n%s", err, file, stdout.String())
	}
	for _, name := range []string{"sweep_acceptance.csv", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}

	var table bytes.Buffer
	sink, _ = OpenSweep(SweepOutput{Keys: []string{"k"}, Stdout: &table, Format: "table"})
	sink.Add(0, []string{"1"}, m, r)
	if err := sink.Close(m, Manifest{}); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(table.String()), "\n"); len(lines) != 2+len(m.Packages) || !strings.HasPrefix(lines[0], "Sweep of fixture over k: 1 points") {
		t.Errorf("table:\n%s", table.String())
	}

	gone := filepath.Join(t.TempDir(), "gone")
	sink, _ = OpenSweep(SweepOutput{Keys: []string{"k"}, Dir: gone})
	sink.Add(0, []string{"1"}, m, r)
	sink.Abort()
	if entries, err := os.ReadDir(gone); len(entries) > 0 || (err != nil && !errors.Is(err, os.ErrNotExist)) {
		t.Errorf("an aborted sink left %d files (%v)", len(entries), err)
	}
	if err := CheckSweepTables([]string{"acceptance", "nope"}); err == nil || !strings.Contains(err.Error(), `no table "nope"`) {
		t.Errorf("CheckSweepTables: %v", err)
	}
}
