package results

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/sim"
)

// cellsOf flattens a row struct into its fields' values, in declaration
// order: the order of its table's columns.
func cellsOf(row any) []any {
	v := reflect.ValueOf(row)
	out := make([]any, 0, v.NumField())
	for i := range v.NumField() {
		// The evidence columns are three cells, or none.
		if e, ok := v.Field(i).Interface().(EvidenceCells); ok {
			if e.Present {
				out = append(out, e.PriorTrials, e.EffectiveTrials, e.Hash)
			}
			continue
		}
		out = append(out, v.Field(i).Interface())
	}
	return out
}

// sameCell reports whether a read cell is the written one: the same Go
// type and the same value, NaN equal to NaN.
func sameCell(got, want any) bool {
	if g, ok := got.(float64); ok {
		if w, ok := want.(float64); ok && math.IsNaN(g) && math.IsNaN(w) {
			return true
		}
	}
	return reflect.TypeOf(got) == reflect.TypeOf(want) && got == want
}

// rowsOf returns the rows of a slice of row structs as cells.
func rowsOf(rows any) [][]any {
	v := reflect.ValueOf(rows)
	out := make([][]any, v.Len())
	for i := range out {
		out[i] = cellsOf(v.Index(i).Interface())
	}
	return out
}

// edgeFixture is fixture with the values a reader must get back exactly:
// infinities, a seed above 2⁶³, floats with no short decimal form.
func edgeFixture() (*sim.Model, *sim.Result) {
	m, r := fixture()
	r.Seed = 1<<63 + 12345
	r.Margins[0][0][0].Min = math.Inf(-1)
	r.Margins[0][0][0].Max = math.Inf(1)
	r.Margins[0][0][1].Mean = 1.0 / 3
	r.Pathways[0][0].Low = math.Nextafter(0.382, 1)
	// A never whose interval reaches the smallest float64 above 0.
	r.Pathways[1][0].High = 5e-324
	return m, r
}

// otherScenario is fixture under another id, for a batch of two.
func otherScenario() (*sim.Model, *sim.Result) {
	m, r := fixture()
	m.ID = "fixture-b"
	r.Seed = 7
	return m, r
}

// TestReadDirRoundTrip writes each fixture with WriteDir, reads it back,
// and compares every cell of every table with the row the writer built:
// the same type and the same value, exactly.
func TestReadDirRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		runs   func() []Run
		paired bool
	}{
		{"run", func() []Run { m, r := fixture(); return []Run{{m, r}} }, false},
		{"compare", func() []Run { m, r := pairedFixture(); return []Run{{m, r}} }, true},
		{"edge values", func() []Run { m, r := edgeFixture(); return []Run{{m, r}} }, false},
		{"batch", func() []Run {
			m, r := fixture()
			m2, r2 := otherScenario()
			return []Run{{m, r}, {m2, r2}}
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs := tt.runs()
			man := testManifest(runs[0].Model, runs[0].Result)
			for _, run := range runs[1:] {
				man.Scenarios = append(man.Scenarios, NewScenarioRun(run.Model, run.Result, run.Model.ID+".toml"))
			}
			dir := t.TempDir()
			if err := WriteDir(dir, man, false, runs...); err != nil {
				t.Fatal(err)
			}
			d, err := ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if want := CSVFiles(tt.paired); !slices.Equal(d.Files, want) {
				t.Errorf("Files = %v, want %v", d.Files, want)
			}
			man.Files = CSVFiles(tt.paired)
			if !reflect.DeepEqual(d.Manifest, man.lists()) {
				t.Errorf("manifest read back\n%+v\nwant\n%+v", d.Manifest, man.lists())
			}
			read := map[string]any{
				"pathways": d.Pathways, "acceptance": d.Acceptance, "red_lines": d.RedLines,
				"margins": d.Margins, "blocking": d.Blocking, "comparisons": d.Comparisons,
			}
			ts, err := buildAll(runs)
			if err != nil {
				t.Fatal(err)
			}
			for _, table := range ts {
				got := rowsOf(read[table.name])
				if len(got) != len(table.rows) {
					t.Errorf("%s: read %d rows, wrote %d", table.name, len(got), len(table.rows))
					continue
				}
				for i, row := range table.rows {
					if len(got[i]) != len(row) {
						t.Fatalf("%s: a row has %d fields, the table %d columns", table.name, len(got[i]), len(row))
					}
					for j := range row {
						if !sameCell(got[i][j], row[j]) {
							t.Errorf("%s row %d, %s: read %#v, wrote %#v", table.name, i+1, table.columns[j], got[i][j], row[j])
						}
					}
				}
			}
			if !tt.paired && (d.Comparisons != nil || d.Has("comparisons.csv")) {
				t.Error("a run without pairs read comparisons")
			}
			if d.Sweep != nil || d.SweepKeys != nil {
				t.Error("a run read as a sweep")
			}
		})
	}
}

// TestReadDirSweep reads the hand-written sweeps of testdata/ by the format
// of sweep.csv: the varied keys between point and package, values as text.
func TestReadDirSweep(t *testing.T) {
	tests := []struct {
		dir   string
		keys  []string
		rows  int
		check int // the index of a row compared in full
		want  SweepRow
	}{
		{"testdata/sweep_one", []string{"packages.miami_20_point.troop_cap"}, 9, 4, SweepRow{
			Scenario: "miami-2025", Point: 1, Values: []string{"800"}, Package: "miami_20_point",
			Pathway: "humanitarian_ceasefire", Probability: 0.349, CILow: 0.32, CIHigh: 0.3791, Trials: 1000, Seed: 20251220}},
		{"testdata/sweep_two", []string{"packages.miami_20_point.nato", "parties.russia.reservation.framework"}, 8, 2, SweepRow{
			Scenario: "miami-2025", Point: 1, Values: []string{"deferred", "normal(0.5, 0.05)"}, Package: "miami_20_point",
			Pathway: "framework_agreement", Probability: 0, CILow: 0, CIHigh: 0.0038, Trials: 1000, Seed: 20251220}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.dir), func(t *testing.T) {
			d, err := ReadDir(tt.dir)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(d.SweepKeys, tt.keys) {
				t.Errorf("SweepKeys = %q, want %q", d.SweepKeys, tt.keys)
			}
			if !slices.Equal(d.Files, []string{"sweep.csv"}) || d.Pathways != nil {
				t.Errorf("Files = %v, pathways %d rows: want sweep.csv alone", d.Files, len(d.Pathways))
			}
			if len(d.Sweep) != tt.rows {
				t.Fatalf("read %d rows, want %d", len(d.Sweep), tt.rows)
			}
			if got := d.Sweep[tt.check]; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("row %d = %+v, want %+v", tt.check, got, tt.want)
			}
			for i, r := range d.Sweep {
				if len(r.Values) != len(tt.keys) {
					t.Errorf("row %d has %d values for %d keys", i, len(r.Values), len(tt.keys))
				}
			}
			if d.Manifest.Scenarios[0].Trials != 1000 {
				t.Errorf("manifest trials = %d", d.Manifest.Scenarios[0].Trials)
			}
		})
	}
}

// writeRunDir writes the fixture's run into a new directory and returns it.
func writeRunDir(t *testing.T) string {
	t.Helper()
	return writeFixtureDir(t, fixture)
}

// writeFixtureDir writes the run of a fixture into a new directory and
// returns it.
func writeFixtureDir(t *testing.T, fixture func() (*sim.Model, *sim.Result)) string {
	t.Helper()
	m, r := fixture()
	dir := t.TempDir()
	if err := WriteDir(dir, testManifest(m, r), false, Run{m, r}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// copySweep copies testdata/sweep_one into a new directory and returns it.
func copySweep(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"manifest.json", "sweep.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata/sweep_one", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestReadDirMalformed: a file that is not what the writers write is an
// error naming the file, the line and, for a cell, the column; a directory
// that is not a complete output is ErrNotResults.
func TestReadDirMalformed(t *testing.T) {
	const header = "scenario,package,pathway,probability,ci_low,ci_high,count,trials,seed\n"
	const good = "fixture,a,framework_agreement,0.5,0.4,0.6,500,1000,7\n"
	const sweepHeader = "scenario,point,packages.p.troop_cap,package,pathway,probability,ci_low,ci_high,trials,seed\n"
	tests := []struct {
		name  string
		dir   func(t *testing.T) string // the directory before the change
		file  string                    // the file replaced by content
		body  string
		line  int    // the ReadError's line, 0 for an error that is not one
		field string // the ReadError's field
		is    error  // or the error it wraps
		msg   string // a part of the message
	}{
		{"renamed column", writeRunDir, "pathways.csv",
			strings.Replace(header, "probability", "prob", 1) + good, 1, "", nil, `column 4 of the header is "prob", want "probability"`},
		{"missing column", writeRunDir, "pathways.csv",
			strings.Replace(header, ",seed", "", 1), 1, "", nil, `no "seed" column after the "trials" column`},
		{"extra column", writeRunDir, "pathways.csv",
			strings.Replace(header, "\n", ",extra\n", 1), 1, "", nil, `column 10 of the header is "extra", after the last column "seed"`},
		{"evidence columns misnamed", writeRunDir, "pathways.csv",
			strings.Replace(header, ",seed", ",prior_trials,effective,evidence,seed", 1), 1, "", nil, "the columns before seed are prior_trials,effective,evidence: want prior_trials,effective_trials,evidence, or none"},
		{"empty file", writeRunDir, "pathways.csv", "", 1, "", nil, "empty file"},
		{"bad number", writeRunDir, "pathways.csv",
			header + good + good + "fixture,a,talks_collapse,0.5x,0.4,0.6,500,1000,7\n", 4, "probability", nil, `"0.5x" is not a number`},
		{"bad count", writeRunDir, "pathways.csv",
			header + "fixture,a,framework_agreement,0.5,0.4,0.6,5.5,1000,7\n", 2, "count", nil, `"5.5" is not an integer`},
		{"negative seed", writeRunDir, "pathways.csv",
			header + "fixture,a,framework_agreement,0.5,0.4,0.6,500,1000,-7\n", 2, "seed", nil, "not an unsigned integer"},
		{"short line", writeRunDir, "pathways.csv",
			header + good + "fixture,a,framework_agreement,0.5\n", 3, "", nil, "wrong number of fields"},
		{"bare quote", writeRunDir, "pathways.csv",
			header + good + good + "fix\"ture,a,b,0,0,0,0,1,1\n", 4, "", nil, "bare"},
		{"bad boolean", writeRunDir, "acceptance.csv",
			"scenario,package,party,track,stake,probability,ci_low,ci_high,count,trials,seed\n" +
				"fixture,a,ukraine,framework,true,0.5,0.4,0.6,500,1000,7\n", 2, "stake", nil, `"true" is not TRUE or FALSE`},
		{"manifest not JSON", writeRunDir, "manifest.json", "{\n  \"tool\": \"peacesim\",\n  oops\n}\n", 3, "", nil, "invalid character"},
		{"manifest wrong type", writeRunDir, "manifest.json",
			`{"tool": "peacesim", "scenarios": [{"trials": "many"}]}`, 1, "scenarios.trials", nil, "a JSON string"},
		{"not peacesim's manifest", writeRunDir, "manifest.json", `{"tool": "other"}`, 0, "", ErrNotResults, `"other"`},
		{"no manifest", writeRunDir, "manifest.json", "", 0, "", ErrNotResults, "no manifest.json"},
		{"a listed table missing", writeRunDir, "margins.csv", "", 0, "", ErrNotResults, "lists margins.csv, which is missing"},
		{"sweep without a key", copySweep, "sweep.csv",
			strings.Replace(sweepHeader, "packages.p.troop_cap,", "", 1), 1, "", nil, "no varied key"},
		{"sweep with a key twice", copySweep, "sweep.csv",
			strings.Replace(sweepHeader, "troop_cap,", "troop_cap,packages.p.troop_cap,", 1), 1, "", nil, `the column "packages.p.troop_cap" twice, 3 and 4`},
		{"sweep without package", copySweep, "sweep.csv",
			strings.Replace(sweepHeader, "package,", "", 1), 1, "", nil, `no "package" column`},
		{"sweep with a column after seed", copySweep, "sweep.csv",
			strings.Replace(sweepHeader, "seed", "seed,count", 1), 1, "", nil, `"count", after the last column "seed"`},
		{"sweep with a bad point", copySweep, "sweep.csv",
			sweepHeader + "s,first,600,a,w,0.5,0.4,0.6,1000,7\n", 2, "point", nil, `"first" is not an integer`},
		{"sweep with a negative point", copySweep, "sweep.csv",
			sweepHeader + "s,0,600,a,w,0.5,0.4,0.6,1000,7\ns,-1,600,a,w,0.5,0.4,0.6,1000,7\n", 3, "point", nil, "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.dir(t)
			path := filepath.Join(dir, tt.file)
			var err error
			if tt.body == "" && tt.line == 0 {
				err = os.Remove(path)
			} else {
				err = os.WriteFile(path, []byte(tt.body), 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
			_, err = ReadDir(dir)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
			if tt.is != nil {
				if !errors.Is(err, tt.is) {
					t.Errorf("error %q does not wrap %v", err, tt.is)
				}
				return
			}
			wantReadError(t, err, path, tt.line, tt.field)
		})
	}
}

// wantReadError checks that err is a *ReadError of the file at path, at
// line and field (a column's name), its message leading with FILE:LINE,
// as compilers and editors read it.
func wantReadError(t *testing.T, err error, path string, line int, field string) {
	t.Helper()
	var re *ReadError
	if !errors.As(err, &re) {
		t.Fatalf("error %v (%T) is not a *ReadError", err, err)
	}
	if re.File != path || re.Line != line || re.Field != field {
		t.Errorf("error at %s line %d field %q, want %s line %d field %q", re.File, re.Line, re.Field, path, line, field)
	}
	if prefix := path + ":" + strconv.Itoa(line); line > 0 && !strings.HasPrefix(err.Error(), prefix) {
		t.Errorf("error %q does not start with %s", err, prefix)
	}
}

// TestReadDirWhichTables: the manifest says which tables are the run's; a
// known CSV it does not list (left by an earlier compare into the same
// directory) is not read. A manifest that lists none lets ReadDir read
// those present.
func TestReadDirWhichTables(t *testing.T) {
	m, r := pairedFixture()
	var stale strings.Builder
	if err := WriteComparisons(&stale, Run{m, r}); err != nil {
		t.Fatal(err)
	}

	dir := writeRunDir(t)
	if err := os.WriteFile(filepath.Join(dir, "comparisons.csv"), []byte(stale.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d.Has("comparisons.csv") || d.Comparisons != nil {
		t.Error("read comparisons.csv, which the manifest does not list")
	}

	// A hand-made manifest listing nothing: every known table present.
	man := `{"tool": "peacesim", "scenarios": [], "files": []}`
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(man), 0o644); err != nil {
		t.Fatal(err)
	}
	if d, err = ReadDir(dir); err != nil {
		t.Fatal(err)
	}
	if want := CSVFiles(true); !slices.Equal(d.Files, want) {
		t.Errorf("Files = %v, want %v", d.Files, want)
	}
	if len(d.Comparisons) != 3 {
		t.Errorf("read %d comparisons, want 3", len(d.Comparisons))
	}
}

// TestReadDirNotADirectory: a missing path and a file are errors a caller
// can tell apart.
func TestReadDirNotADirectory(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadDir(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing directory: %v, want fs.ErrNotExist", err)
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadDir(file); !errors.Is(err, ErrNotDir) {
		t.Errorf("a file: %v, want ErrNotDir", err)
	}
}

// FuzzReadDir: whatever a table holds, ReadDir never panics; a table it
// rejects is a *ReadError at a line of the file, and a table it accepts
// has every cell in its column's domain and bounds (outOfDomain).
func FuzzReadDir(f *testing.F) {
	for _, seed := range []struct{ file, path string }{
		{"pathways.csv", "testdata/pathways.csv.golden"},
		{"acceptance.csv", "testdata/acceptance.csv.golden"},
		{"red_lines.csv", "testdata/red_lines.csv.golden"},
		{"margins.csv", "testdata/margins.csv.golden"},
		{"blocking.csv", "testdata/blocking.csv.golden"},
		{"comparisons.csv", "testdata/comparisons.csv.golden"},
		{TimelineFile, "testdata/timeline.csv.golden"},
		{TimelineFile, "testdata/timeline_undated.csv.golden"},
		{"sweep.csv", "testdata/sweep_one/sweep.csv"},
		{"sweep.csv", "testdata/sweep_two/sweep.csv"},
		{TornadoFile, "testdata/tornado.csv.golden"},
		{SobolFile, "testdata/sobol.csv.golden"},
		{TrajectoryFile, "testdata/trajectory.csv.golden"},
		{BoxesFile, "testdata/boxes.csv.golden"},
		{ZOPAFile, "testdata/zopa.csv.golden"},
		{SolutionsFile, "testdata/solutions.csv.golden"},
		{FrontierFile, "testdata/frontier.csv.golden"},
		{BargainPackagesFile, "testdata/packages.csv.golden"},
		{OptimizeFile, "testdata/optimize.csv.golden"},
		{RepairFile, "testdata/repair.csv.golden"},
	} {
		b, err := os.ReadFile(seed.path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(seed.file, string(b))
	}
	f.Fuzz(func(t *testing.T, file, body string) {
		if !slices.ContainsFunc(tables(), func(t fileTable) bool { return t.name() == file }) {
			t.Skip()
		}
		dir := t.TempDir()
		man := `{"tool": "peacesim", "scenarios": [], "files": ["` + file + `"]}`
		if err := os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(man), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, file), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		d, err := ReadDir(dir)
		var re *ReadError
		switch {
		case err == nil:
			if !d.Has(file) {
				t.Errorf("read without error, but %s is not among the files read", file)
			}
			if err := outOfDomain(d); err != nil {
				t.Errorf("read without error, but %v", err)
			}
		case !errors.As(err, &re):
			t.Errorf("error %v (%T) is not a *ReadError", err, err)
		case re.Line < 1:
			t.Errorf("error %v has no line", err)
		}
	})
}
