package results

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The fixtures of the analysis tables hold what a reader must get back
// exactly: NaN (undefined indices), infinities, a seed above 2⁶³, floats
// with no short decimal form, an input that needs CSV quoting.

func tornadoFixture() []TornadoRow {
	const seed = 1<<63 + 12345
	return []TornadoRow{
		{"fixture", "us_28_point", "framework_agreement", "parties.russia.reservation.framework", 0.33, 0.63,
			0.412, 0.55, 0.29, -0.26, -0.29, -0.23, 1000, seed},
		{"fixture", "us_28_point", "framework_agreement", "parties.ukraine.red_lines[0].min", 525.6, 674.4,
			0.412, 0.43, 1.0 / 3, 1.0/3 - 0.43, -0.12, -0.07, 1000, seed},
		{"fixture", "us_28_point", "framework_agreement", `group "security, broadly"`, math.Inf(-1), math.Inf(1),
			0.412, 0.412, 0.412, 0, 0, 0, 1000, seed},
		{"fixture", "revised_20_point", "talks_collapse", "parties.russia.reservation.framework", 0.33, 0.63,
			0, 0, 0, 0, math.NaN(), math.NaN(), 1000, seed},
	}
}

func sobolFixture() []SobolRow {
	const seed = 20251220
	return []SobolRow{
		{"fixture", "us_28_point", "framework_agreement", "parties.russia.reservation.framework",
			0.52, 0.47, 0.58, 0.61, 0.55, 0.67, 4096 * 5, 4096, seed},
		{"fixture", "us_28_point", "framework_agreement", "security",
			-0.004, -0.02, 0.011, 5e-324, 0, math.Nextafter(0.03, 1), 4096 * 5, 4096, seed},
		{"fixture", "revised_20_point", "framework_agreement", "parties.russia.reservation.framework",
			math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), 4096 * 5, 4096, seed},
	}
}

func trajectoryFixture() []TrajectoryRow {
	return []TrajectoryRow{
		{"fixture", "us_28_point", "framework_agreement", 0, 1, 0.412, 1, 0, false},
		{"fixture", "us_28_point", "framework_agreement", 1, 0.97, 0.43, 0.95, 1, false},
		{"fixture", "us_28_point", "framework_agreement", 2, 0.8, 0.61, 0.5403, 2, true},
		{"fixture", "us_28_point", "framework_agreement", 3, 0.4, 1.0 / 3 * 2, 0.2472, 2, false},
	}
}

func boxesFixture() []BoxRow {
	return []BoxRow{
		{"fixture", "us_28_point", "framework_agreement", 2, "parties.russia.reservation.framework",
			math.Inf(-1), 0.52, 0.1, 0.9, 0.8, 0.61, 0.5403},
		{"fixture", "us_28_point", "framework_agreement", 2, "parties.ukraine.red_lines[0].min",
			600, 800, 550, 800, 0.8, 0.61, 0.5403},
	}
}

// analysisTable is one of the analysis tables: its file, its rows and
// how they are written and read back.
type analysisTable struct {
	file  string
	rows  any // the fixture, a slice of row structs
	write func(io.Writer) error
	table tidy
	read  func(*Dir) any
}

func analysisTables() []analysisTable {
	tornado, sobol, trajectory, boxes := tornadoFixture(), sobolFixture(), trajectoryFixture(), boxesFixture()
	return []analysisTable{
		{TornadoFile, tornado, func(w io.Writer) error { return WriteTornado(w, tornado) }, mustBuild(tornadoTable.build(tornado)),
			func(d *Dir) any { return d.Tornado }},
		{SobolFile, sobol, func(w io.Writer) error { return WriteSobol(w, sobol) }, mustBuild(sobolTable.build(sobol)),
			func(d *Dir) any { return d.Sobol }},
		{TrajectoryFile, trajectory, func(w io.Writer) error { return WriteTrajectory(w, trajectory) }, mustBuild(trajectoryTable.build(trajectory)),
			func(d *Dir) any { return d.Trajectory }},
		{BoxesFile, boxes, func(w io.Writer) error { return WriteBoxes(w, boxes) }, mustBuild(boxesTable.build(boxes)),
			func(d *Dir) any { return d.Boxes }},
	}
}

// TestAnalysisGolden: each writer's output is its golden file, byte for
// byte, and the same rows always give the same bytes.
func TestAnalysisGolden(t *testing.T) {
	for _, tc := range analysisTables() {
		t.Run(tc.file, func(t *testing.T) {
			var got, again bytes.Buffer
			if err := tc.write(&got); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.file, got.Bytes())
			if err := tc.write(&again); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), again.Bytes()) {
				t.Error("two writes of the same rows differ")
			}
			// The undefined swing interval and indices.
			if nan := tc.file == TornadoFile || tc.file == SobolFile; nan && !strings.Contains(got.String(), ",NA,") {
				t.Errorf("%s does not write its NaN as NA", tc.file)
			}
		})
	}
}

// TestAnalysisRowsAreColumns: a row struct's fields are its table's
// columns, in order and of the same type, so that a row read back is
// compared field by field with the cells written.
func TestAnalysisRowsAreColumns(t *testing.T) {
	for _, tc := range analysisTables() {
		rows := rowsOf(tc.rows)
		if len(rows) != len(tc.table.rows) {
			t.Fatalf("%s: %d rows built of %d", tc.file, len(tc.table.rows), len(rows))
		}
		for i, row := range tc.table.rows {
			if len(row) != len(tc.table.columns) || len(rows[i]) != len(row) {
				t.Fatalf("%s: a row of %d cells, %d fields, %d columns", tc.file, len(row), len(rows[i]), len(tc.table.columns))
			}
			for j := range row {
				if !sameCell(rows[i][j], row[j]) {
					t.Errorf("%s row %d, column %s: field %#v, cell %#v", tc.file, i, tc.table.columns[j], rows[i][j], row[j])
				}
			}
		}
	}
}

// writeAnalysisDir writes the tables named, and a manifest, through a
// Stream as the analysis commands do.
func writeAnalysisDir(t *testing.T, dir string, files []string, man Manifest) {
	t.Helper()
	s, err := OpenStream(dir, files, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range analysisTables() {
		if slices.Contains(files, tc.file) {
			if err := tc.write(s.File(tc.file)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.Commit(man); err != nil {
		t.Fatal(err)
	}
}

// analysisManifest is a manifest of an analysis with its design.
func analysisManifest(sensitivity bool) Manifest {
	m, r := fixture()
	man := testManifest(m, r)
	if sensitivity {
		man.Sensitivity = &Sensitivity{
			Packages: []string{"us_28_point", "revised_20_point"},
			Inputs:   []string{"parties.russia.reservation.framework", "parties.ukraine.red_lines[0].min", "security"},
			Groups:   []Group{{Name: "security", Keys: []string{"parties.russia.stakes.nato.weight", "parties.ukraine.stakes.nato.weight"}}},
			Range:    [2]float64{10, 90}, Samples: 4096, Evaluations: 26480, Bootstrap: 500,
		}
	} else {
		man.Discovery = &Discovery{Package: "us_28_point", Pathway: "framework_agreement",
			Inputs:     []string{"parties.russia.reservation.framework", "parties.ukraine.red_lines[0].min"},
			MinDensity: 0.6, Peel: 0.05, Paste: 0.01, MinMass: 0.05}
	}
	return man
}

// TestReadDirAnalysis writes a sensitivity analysis and a discovery as
// their commands do, reads them back, and compares every cell with the
// row written (NaN as NaN) and the manifest with its design.
func TestReadDirAnalysis(t *testing.T) {
	tests := []struct {
		name        string
		files       []string
		sensitivity bool
	}{
		{"sensitivity", SensitivityFiles(true), true},
		{"tornado alone", SensitivityFiles(false), true},
		{"discovery", DiscoveryFiles(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			man := analysisManifest(tt.sensitivity)
			writeAnalysisDir(t, dir, tt.files, man)
			d, err := ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			tables := slices.DeleteFunc(slices.Clone(tt.files), func(f string) bool { return f == manifestName })
			if !slices.Equal(d.Files, tables) {
				t.Errorf("Files = %v, want %v", d.Files, tables)
			}
			man.Files = tables
			if !reflect.DeepEqual(d.Manifest, man.lists()) {
				t.Errorf("manifest read back\n%+v\nwant\n%+v", d.Manifest, man.lists())
			}
			for _, tc := range analysisTables() {
				got, want := rowsOf(tc.read(d)), rowsOf(tc.rows)
				if !d.Has(tc.file) {
					if len(got) != 0 {
						t.Errorf("%s: not written, but %d rows read", tc.file, len(got))
					}
					continue
				}
				if len(got) != len(want) {
					t.Errorf("%s: read %d rows, wrote %d", tc.file, len(got), len(want))
					continue
				}
				for i := range want {
					for j := range want[i] {
						if !sameCell(got[i][j], want[i][j]) {
							t.Errorf("%s row %d, %s: read %#v, wrote %#v", tc.file, i+1, tc.table.columns[j], got[i][j], want[i][j])
						}
					}
				}
			}
			if d.Pathways != nil || d.Sweep != nil {
				t.Error("an analysis read as a run or a sweep")
			}
		})
	}
}

// TestReadDirAnalysisMalformed: a malformed analysis table is a
// *ReadError at FILE:LINE:COL naming the column.
func TestReadDirAnalysisMalformed(t *testing.T) {
	golden := func(file string) string {
		b, err := os.ReadFile(filepath.Join("testdata", file+".golden"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	// line replaces line n (from 1) of file's golden output with the text
	// its edit makes of it.
	line := func(file string, n int, edit func(string) string) string {
		lines := strings.SplitAfter(golden(file), "\n")
		lines[n-1] = edit(lines[n-1])
		return strings.Join(lines, "")
	}
	tests := []struct {
		name      string
		file      string
		body      string
		line, col int
		field     string
		msg       string
	}{
		{"tornado: a column renamed", TornadoFile,
			line(TornadoFile, 1, func(s string) string { return strings.Replace(s, "p_base", "base", 1) }),
			1, 41, "", `column 7 of the header is "base", want "p_base"`},
		{"tornado: a bad swing", TornadoFile,
			line(TornadoFile, 2, func(s string) string { return strings.Replace(s, ",-0.26,", ",minus,", 1) }),
			2, 0, "swing", `"minus" is not a number`},
		{"sobol: a column missing", SobolFile,
			line(SobolFile, 1, func(s string) string { return strings.Replace(s, ",samples", "", 1) }),
			1, 0, "", `column 12 of the header is "seed", want "samples"`},
		{"sobol: samples not an integer", SobolFile,
			line(SobolFile, 2, func(s string) string { return strings.Replace(s, ",4096,", ",4096.5,", 1) }),
			2, 0, "samples", `"4096.5" is not an integer`},
		{"trajectory: chosen not a boolean", TrajectoryFile,
			line(TrajectoryFile, 4, func(s string) string { return strings.Replace(s, "TRUE", "yes", 1) }),
			4, 0, "chosen", `"yes" is not TRUE or FALSE`},
		{"trajectory: a negative step", TrajectoryFile,
			line(TrajectoryFile, 5, func(s string) string { return strings.Replace(s, ",3,", ",-3,", 1) }),
			5, 0, "step", "-3 is negative"},
		{"boxes: a short line", BoxesFile,
			line(BoxesFile, 3, func(s string) string { return s[:strings.LastIndex(s, ",")] + "\n" }),
			3, 0, "", "wrong number of fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := DiscoveryFiles()
			if tt.file == TornadoFile || tt.file == SobolFile {
				files = SensitivityFiles(true)
			}
			writeAnalysisDir(t, dir, files, analysisManifest(tt.file == TornadoFile || tt.file == SobolFile))
			path := filepath.Join(dir, tt.file)
			if err := os.WriteFile(path, []byte(tt.body), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadDir(dir)
			var re *ReadError
			if !errors.As(err, &re) {
				t.Fatalf("error %v (%T), want a *ReadError", err, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
			if re.File != path || re.Line != tt.line || re.Field != tt.field {
				t.Errorf("error at %s line %d field %q, want %s line %d field %q", re.File, re.Line, re.Field, path, tt.line, tt.field)
			}
			if tt.col > 0 && re.Column != tt.col {
				t.Errorf("error at column %d, want %d", re.Column, tt.col)
			}
			// A bad cell is placed at its column: FILE:LINE:COL.
			prefix := path + ":" + strconv.Itoa(tt.line) + ":"
			if tt.field != "" && (!strings.HasPrefix(err.Error(), prefix) || re.Column < 1) {
				t.Errorf("error %q does not start with %sCOL", err, prefix)
			}
		})
	}
}

// TestAnalysisWriterErrors: a write that fails is the writer's error, not
// a short file.
func TestAnalysisWriterErrors(t *testing.T) {
	for _, tc := range analysisTables() {
		for _, limit := range []int{0, 100} {
			if err := tc.write(&failingWriter{limit: limit}); !errors.Is(err, errFull) {
				t.Errorf("%s after %d bytes: error = %v, want %v", tc.file, limit, err, errFull)
			}
		}
	}
}

// TestAnalysisFiles: the files an analysis writes are those ReadDir
// reads, manifest.json last.
func TestAnalysisFiles(t *testing.T) {
	for _, files := range [][]string{SensitivityFiles(true), SensitivityFiles(false), DiscoveryFiles()} {
		if files[len(files)-1] != manifestName {
			t.Errorf("%v does not end with %s", files, manifestName)
		}
		for _, f := range files[:len(files)-1] {
			if !slices.ContainsFunc(tables(), func(t fileTable) bool { return t.name() == f }) {
				t.Errorf("ReadDir does not read %s", f)
			}
		}
	}
}

// TestREADMEDocumentsAnalyses keeps README.md in step with the manifest's
// sensitivity and discovery objects (each field); TestREADMEColumns
// checks the tables' columns.
func TestREADMEDocumentsAnalyses(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{Sensitivity{}, Discovery{}, Group{}} {
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			if !strings.Contains(string(readme), "\n| `"+name+"` |") {
				t.Errorf("README.md does not document the manifest's %s.%s (%s)", typ.Name(), typ.Field(i).Name, name)
			}
		}
	}
}
