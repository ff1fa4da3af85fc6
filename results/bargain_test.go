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

// The fixtures of the bargaining and package search tables: two veto
// parties, three negotiable issues on two tracks, and what a reader must
// get back exactly: a reservation NaN (a party without a stake on the
// track), values NA off the track, a level that needs CSV quoting, floats
// with no short decimal form, infinities.

var (
	bargainParties = []string{"russia", "ukraine"}
	bargainIssues  = []string{"troop_cap", "nato", "pow_exchange"}
)

func zopaFixture() []ZOPARow {
	nan := math.NaN()
	return []ZOPARow{
		{"fixture", "expected", "framework", true, 0.634, 0.6041, 0.6629, 1000, []float64{0.5, 0.45}},
		{"fixture", "expected", "humanitarian", false, 1.0 / 3, 0.305, 0.3627, 1000, []float64{nan, 0.3}},
		{"fixture", "nominal", "framework", true, nan, nan, nan, 0, []float64{0.5, 0.45}},
	}
}

func solutionsFixture() []SolutionRow {
	nash, ks := []float64{0.61, 0.58}, []float64{0.6, math.Nextafter(0.6, 1)}
	return []SolutionRow{
		{"fixture", "expected", "framework", "nash", "troop_cap", "600", nash},
		{"fixture", "expected", "framework", "nash", "nato", "deferred, ten years", nash},
		{"fixture", "expected", "framework", "kalai_smorodinsky", "troop_cap", "612.5", ks},
		{"fixture", "expected", "framework", "kalai_smorodinsky", "nato", "deferred, ten years", ks},
		{"fixture", "expected", "humanitarian", "zopa", "pow_exchange", "true", []float64{math.Inf(1), 0.7}},
	}
}

func frontierFixture() []FrontierRow {
	return []FrontierRow{
		{"fixture", "expected", "framework", 0, []float64{0.2, 0.9}, []string{"400", "member", ""}},
		{"fixture", "expected", "framework", 1, []float64{0.61, 0.58}, []string{"600", "deferred, ten years", ""}},
		{"fixture", "expected", "framework", 2, []float64{0.95, 0.1}, []string{"1200", "renounced", ""}},
		{"fixture", "expected", "humanitarian", 0, []float64{math.NaN(), 0.7}, []string{"", "", "true"}},
	}
}

func bargainPackagesFixture() []BargainPackageRow {
	return []BargainPackageRow{
		{"fixture", "expected", "framework", "us_28_point", []float64{0.7, 0.3}, false, 0.0825, 0.2953},
		{"fixture", "expected", "framework", "revised_20_point", []float64{0.55, 0.5}, true, 1e-05, 0.1},
		{"fixture", "expected", "humanitarian", "us_28_point", []float64{math.NaN(), 0.7}, true, 0, math.NaN()},
	}
}

func optimizeFixture() []OptimizeRow {
	return []OptimizeRow{
		{"fixture", "framework_agreement", "probability", 1, 0.512, 0.481, 0.5429, []string{"650", "deferred, ten years", "true"}},
		{"fixture", "framework_agreement", "probability", 2, 0.5, 0.469, 0.531, []string{"600", "deferred, ten years", "true"}},
		{"fixture", "framework_agreement", "probability", 3, 1.0 / 3, 0.305, 0.3627, []string{"800", "member", "false"}},
	}
}

func repairFixture() []RepairRow {
	return []RepairRow{
		{"fixture", "framework_agreement", "us_28_point", "troop_cap", "600", "650", 0.2, 0.512, 0.0417},
		{"fixture", "framework_agreement", "us_28_point", "nato", "renounced", "deferred, ten years", 0.2, 0.512, 0.0417},
	}
}

// bargainTable is one of the bargaining or package search tables: its
// file and its writer.
type bargainTable struct {
	file  string
	write func(io.Writer) error
	// rows are the fixture; read are the rows read back, and again writes
	// them.
	rows  any
	read  func(*Dir) any
	again func(io.Writer, *Dir) error
}

func bargainTables() []bargainTable {
	zopa, solutions, frontier, packages := zopaFixture(), solutionsFixture(), frontierFixture(), bargainPackagesFixture()
	optimize, repair := optimizeFixture(), repairFixture()
	return []bargainTable{
		{ZOPAFile, func(w io.Writer) error { return WriteZOPA(w, bargainParties, zopa) },
			zopa, func(d *Dir) any { return d.ZOPA },
			func(w io.Writer, d *Dir) error { return WriteZOPA(w, d.BargainParties, d.ZOPA) }},
		{SolutionsFile, func(w io.Writer) error { return WriteSolutions(w, bargainParties, solutions) },
			solutions, func(d *Dir) any { return d.Solutions },
			func(w io.Writer, d *Dir) error { return WriteSolutions(w, d.BargainParties, d.Solutions) }},
		{FrontierFile, func(w io.Writer) error { return WriteFrontier(w, bargainParties, bargainIssues, frontier) },
			frontier, func(d *Dir) any { return d.Frontier },
			func(w io.Writer, d *Dir) error {
				return WriteFrontier(w, d.BargainParties, d.BargainIssues, d.Frontier)
			}},
		{BargainPackagesFile, func(w io.Writer) error { return WriteBargainPackages(w, bargainParties, packages) },
			packages, func(d *Dir) any { return d.BargainPackages },
			func(w io.Writer, d *Dir) error { return WriteBargainPackages(w, d.BargainParties, d.BargainPackages) }},
		{OptimizeFile, func(w io.Writer) error { return WriteOptimize(w, bargainIssues, optimize) },
			optimize, func(d *Dir) any { return d.Optimize },
			func(w io.Writer, d *Dir) error { return WriteOptimize(w, d.OptimizeIssues, d.Optimize) }},
		{RepairFile, func(w io.Writer) error { return WriteRepair(w, repair) },
			repair, func(d *Dir) any { return d.Repair },
			func(w io.Writer, d *Dir) error { return WriteRepair(w, d.Repair) }},
	}
}

// TestBargainGolden: each writer's output is its golden file, byte for
// byte, and the same rows always give the same bytes.
func TestBargainGolden(t *testing.T) {
	for _, tc := range bargainTables() {
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
		})
	}
}

// TestBargainHeaders: the named columns sit where the column docs put
// them, named by the party (u_, r_) or the issue exactly.
func TestBargainHeaders(t *testing.T) {
	want := map[string]string{
		ZOPAFile:            "scenario,mode,track,exists,probability,ci_low,ci_high,trials,r_russia,r_ukraine",
		SolutionsFile:       "scenario,mode,track,solution,issue,value,u_russia,u_ukraine",
		FrontierFile:        "scenario,mode,track,point,u_russia,u_ukraine,troop_cap,nato,pow_exchange",
		BargainPackagesFile: "scenario,mode,track,package,u_russia,u_ukraine,acceptable,distance_frontier,distance_nash",
		OptimizeFile:        "scenario,target,objective,rank,probability,ci_low,ci_high,troop_cap,nato,pow_exchange",
		RepairFile:          "scenario,target,package,issue,from,to,base_probability,probability,distance",
	}
	for _, tc := range bargainTables() {
		var b strings.Builder
		if err := tc.write(&b); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := strings.Cut(b.String(), "\n"); got != want[tc.file] {
			t.Errorf("%s header\n%s\nwant\n%s", tc.file, got, want[tc.file])
		}
	}
	// An issue off the row's track is NA; a value with a comma is quoted.
	var b strings.Builder
	if err := WriteFrontier(&b, bargainParties, bargainIssues, frontierFixture()); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		`fixture,expected,framework,1,0.61,0.58,600,"deferred, ten years",NA`,
		"fixture,expected,humanitarian,0,NA,0.7,NA,NA,true",
	} {
		if !strings.Contains(b.String(), line+"\n") {
			t.Errorf("frontier.csv lacks the line %s:\n%s", line, b.String())
		}
	}
}

// bargainManifest is the manifest of a bargaining analysis, or of a
// package search, with its design.
func bargainManifest(bargain bool) Manifest {
	m, r := fixture()
	man := testManifest(m, r)
	if bargain {
		man.Bargain = &Bargain{Package: "us_28_point", Mode: "expected", Parties: bargainParties, Issues: bargainIssues, Trials: 1000}
	} else {
		man.Optimize = &Optimize{Target: "framework_agreement", Objective: "probability", Package: "us_28_point",
			Repair: "us_28_point", MinProb: 0.2, Issues: bargainIssues, Trials: 1000, Evaluations: 4096}
	}
	return man
}

// writeBargainDir writes the tables named, and a manifest, through a
// Stream as peacesim bargain and peacesim optimize do.
func writeBargainDir(t *testing.T, dir string, files []string, man Manifest) {
	t.Helper()
	s, err := OpenStream(dir, files, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range bargainTables() {
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

// TestReadDirBargain writes a bargaining analysis and a package search as
// their commands do and reads them back: every row and the named columns
// as written (writing the rows read gives the same bytes), the manifest
// with its design.
func TestReadDirBargain(t *testing.T) {
	tests := []struct {
		name    string
		files   []string
		bargain bool
	}{
		{"bargain", BargainFiles(), true},
		{"optimize", OptimizeFiles(false), false},
		{"optimize with a repair", OptimizeFiles(true), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			man := bargainManifest(tt.bargain)
			writeBargainDir(t, dir, tt.files, man)
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
			for _, tc := range bargainTables() {
				n := reflect.ValueOf(tc.read(d)).Len()
				if !d.Has(tc.file) {
					if n != 0 {
						t.Errorf("%s: not written, but %d rows read", tc.file, n)
					}
					continue
				}
				if want := reflect.ValueOf(tc.rows).Len(); n != want {
					t.Errorf("%s: read %d rows, wrote %d", tc.file, n, want)
				}
				var again bytes.Buffer
				if err := tc.again(&again, d); err != nil {
					t.Fatal(err)
				}
				written, err := os.ReadFile(filepath.Join(dir, tc.file))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(again.Bytes(), written) {
					t.Errorf("%s: the rows read write\n%s\nnot\n%s", tc.file, again.Bytes(), written)
				}
			}
			if tt.bargain {
				if !slices.Equal(d.BargainParties, bargainParties) || !slices.Equal(d.BargainIssues, bargainIssues) || d.OptimizeIssues != nil {
					t.Errorf("parties %q, issues %q and %q", d.BargainParties, d.BargainIssues, d.OptimizeIssues)
				}
				// Cells a reader must get back as they were.
				if r := d.ZOPA[1]; !math.IsNaN(r.Reservations[0]) || r.Reservations[1] != 0.3 || r.Probability != 1.0/3 {
					t.Errorf("zopa.csv row 2 read as %+v", r)
				}
				if r := d.Frontier[3]; !slices.Equal(r.Values, []string{"", "", "true"}) || !math.IsNaN(r.Utilities[0]) {
					t.Errorf("frontier.csv row 4 read as %+v", r)
				}
				if v := d.Solutions[1].Value; v != "deferred, ten years" {
					t.Errorf("solutions.csv row 2 value %q", v)
				}
			} else if !slices.Equal(d.OptimizeIssues, bargainIssues) || d.BargainParties != nil {
				t.Errorf("issues %q, parties %q", d.OptimizeIssues, d.BargainParties)
			}
			if d.Pathways != nil || d.Tornado != nil {
				t.Error("a bargain or a search read as a run or an analysis")
			}
		})
	}
}

// TestReadDirBargainWithoutDesign: a hand-made manifest that lists the
// tables but records no design reads the parties and issues from the
// headers alone.
func TestReadDirBargainWithoutDesign(t *testing.T) {
	dir := t.TempDir()
	man := bargainManifest(true)
	man.Bargain = nil
	writeBargainDir(t, dir, BargainFiles(), man)
	d, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.BargainParties, bargainParties) || !slices.Equal(d.BargainIssues, bargainIssues) {
		t.Errorf("parties %q, issues %q", d.BargainParties, d.BargainIssues)
	}
	// frontier.csv alone: its parties are its u_ columns up to the first
	// issue.
	only := t.TempDir()
	writeBargainDir(t, only, []string{FrontierFile, manifestName}, man)
	if d, err = ReadDir(only); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.BargainParties, bargainParties) || !slices.Equal(d.BargainIssues, bargainIssues) {
		t.Errorf("frontier.csv alone: parties %q, issues %q", d.BargainParties, d.BargainIssues)
	}
}

// TestReadDirPackagesFile: packages.csv is read as a bargaining analysis's
// table when the manifest lists it, and a run's directory does not read a
// stale one it does not list.
func TestReadDirPackagesFile(t *testing.T) {
	var stale bytes.Buffer
	if err := WriteBargainPackages(&stale, bargainParties, bargainPackagesFixture()); err != nil {
		t.Fatal(err)
	}
	dir := writeRunDir(t)
	if err := os.WriteFile(filepath.Join(dir, BargainPackagesFile), stale.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d.Has(BargainPackagesFile) || d.BargainPackages != nil || len(d.Pathways) == 0 {
		t.Errorf("a run's directory: Files %v, %d packages rows", d.Files, len(d.BargainPackages))
	}
	bargain := t.TempDir()
	writeBargainDir(t, bargain, BargainFiles(), bargainManifest(true))
	if d, err = ReadDir(bargain); err != nil {
		t.Fatal(err)
	}
	if !d.Has(BargainPackagesFile) || len(d.BargainPackages) != 3 || d.Pathways != nil {
		t.Errorf("a bargain's directory: Files %v, %d packages rows", d.Files, len(d.BargainPackages))
	}
}

// TestReadDirBargainMalformed: a malformed table is a *ReadError at
// FILE:LINE:COL naming the column, a party's or an issue's among them;
// parties or issues that are not the analysis's are refused at the
// header.
func TestReadDirBargainMalformed(t *testing.T) {
	golden := func(file string) string {
		b, err := os.ReadFile(filepath.Join("testdata", file+".golden"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	line := func(file string, n int, edit func(string) string) string {
		lines := strings.SplitAfter(golden(file), "\n")
		lines[n-1] = edit(lines[n-1])
		return strings.Join(lines, "")
	}
	replace := func(old, new string) func(string) string {
		return func(s string) string { return strings.Replace(s, old, new, 1) }
	}
	tests := []struct {
		name      string
		file      string
		body      string
		line, col int
		field     string
		msg       string
	}{
		{"zopa: a column renamed", ZOPAFile, line(ZOPAFile, 1, replace("exists", "zopa")),
			1, 0, "", `column 4 of the header is "zopa", want "exists"`},
		{"zopa: a reservation column without its prefix", ZOPAFile, line(ZOPAFile, 1, replace("r_ukraine", "ukraine")),
			1, 0, "", `column 10 of the header is "ukraine", want a party's column r_PARTY`},
		{"zopa: a party not the manifest's", ZOPAFile, line(ZOPAFile, 1, replace("r_ukraine", "r_usa")),
			1, 0, "", "the header's parties are russia, usa, manifest.json's bargain.parties are russia, ukraine"},
		{"zopa: a bad reservation", ZOPAFile, line(ZOPAFile, 3, replace(",0.3\n", ",0.3.\n")),
			3, 0, "r_ukraine", `"0.3." is not a number`},
		{"zopa: exists not a boolean", ZOPAFile, line(ZOPAFile, 2, replace("TRUE", "yes")),
			2, 0, "exists", `"yes" is not TRUE or FALSE`},
		{"solutions: parties not zopa.csv's", SolutionsFile, line(SolutionsFile, 1, replace(",u_russia,u_ukraine", ",u_ukraine,u_russia")),
			1, 0, "", "the header's parties are ukraine, russia, zopa.csv's are russia, ukraine"},
		{"solutions: a bad utility", SolutionsFile, line(SolutionsFile, 2, replace(",0.61,", ",high,")),
			2, 0, "u_russia", `"high" is not a number`},
		{"frontier: an issue not the manifest's", FrontierFile, line(FrontierFile, 1, replace("nato", "neutrality")),
			1, 0, "", "the header's issues are troop_cap, neutrality, pow_exchange, manifest.json's bargain.issues are troop_cap, nato, pow_exchange"},
		{"frontier: a column twice", FrontierFile, line(FrontierFile, 1, replace("pow_exchange", "nato")),
			1, 0, "", `the column "nato" twice, 8 and 9`},
		{"frontier: a negative point", FrontierFile, line(FrontierFile, 3, replace(",1,", ",-1,")),
			3, 0, "point", "-1 is negative"},
		{"frontier: a short line", FrontierFile, line(FrontierFile, 2, func(s string) string { return s[:strings.LastIndex(s, ",")] + "\n" }),
			2, 0, "", "wrong number of fields"},
		{"packages: a column after the last", BargainPackagesFile, line(BargainPackagesFile, 1, replace("distance_nash", "distance_nash,extra")),
			1, 0, "", `column 10 of the header is "extra", after the last column "distance_nash"`},
		{"packages: no acceptable column", BargainPackagesFile, line(BargainPackagesFile, 1, replace("acceptable,", "")),
			1, 0, "", `no "acceptable" column after the "package" column`},
		{"packages: a bad distance", BargainPackagesFile, line(BargainPackagesFile, 3, replace(",1e-05,", ",1e-05e,")),
			3, 0, "distance_frontier", `"1e-05e" is not a number`},
	}
	optimize := []struct {
		name      string
		file      string
		body      string
		line, col int
		field     string
		msg       string
	}{
		{"optimize: an issue not the manifest's", OptimizeFile, line(OptimizeFile, 1, replace(",pow_exchange", "")),
			1, 0, "", "the header's issues are troop_cap, nato, manifest.json's optimize.issues are troop_cap, nato, pow_exchange"},
		{"optimize: rank 0", OptimizeFile, line(OptimizeFile, 2, replace(",1,", ",0,")),
			2, 0, "rank", "0 is not a rank"},
		{"optimize: an unnamed column", OptimizeFile, line(OptimizeFile, 1, replace(",nato,", ",,")),
			1, 0, "", "column 9 of the header has no name"},
		{"repair: a bad probability", RepairFile, line(RepairFile, 3, replace(",0.512,", ",51%,")),
			3, 0, "probability", `"51%" is not a number`},
	}
	tests = append(tests, optimize...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			bargain := !slices.Contains([]string{OptimizeFile, RepairFile}, tt.file)
			files := OptimizeFiles(true)
			if bargain {
				files = BargainFiles()
			}
			writeBargainDir(t, dir, files, bargainManifest(bargain))
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
			// A bad cell is placed at its column: FILE:LINE:COL.
			prefix := path + ":" + strconv.Itoa(tt.line) + ":"
			if tt.field != "" && (!strings.HasPrefix(err.Error(), prefix) || re.Column < 1) {
				t.Errorf("error %q does not start with %sCOL", err, prefix)
			}
		})
	}
}

// TestBargainWriterErrors: rows that do not fit the columns, and columns
// a reader could not tell apart, are errors before anything is written;
// a write that fails is the writer's error.
func TestBargainWriterErrors(t *testing.T) {
	short := zopaFixture()
	short[1].Reservations = short[1].Reservations[:1]
	frontier := frontierFixture()
	frontier[0].Values = append(frontier[0].Values, "extra")
	na := optimizeFixture()
	na[2].Values[1] = "NA"
	tests := []struct {
		name  string
		write func(io.Writer) error
		msg   string
	}{
		{"a reservation missing", func(w io.Writer) error { return WriteZOPA(w, bargainParties, short) }, "row 1 has 1 reservations for 2 columns"},
		{"a value too many", func(w io.Writer) error { return WriteFrontier(w, bargainParties, bargainIssues, frontier) }, "row 0 has 4 values for 3 columns"},
		{"an issue named as a column", func(w io.Writer) error {
			return WriteFrontier(w, bargainParties, []string{"troop_cap", "track"}, nil)
		}, `frontier.csv: the column "track" twice, 3 and 8`},
		{"a party without an id", func(w io.Writer) error { return WriteSolutions(w, []string{"russia", ""}, nil) }, "party 2 has no id"},
		{"a party twice", func(w io.Writer) error { return WriteBargainPackages(w, []string{"russia", "russia"}, nil) }, `the column "u_russia" twice`},
		{"a value spelled NA", func(w io.Writer) error { return WriteOptimize(w, bargainIssues, na) }, `row 2: an issue value "NA" would read back as missing`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			err := tt.write(&b)
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %v, want one saying %q", err, tt.msg)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes before the error", b.Len())
			}
		})
	}
	for _, tc := range bargainTables() {
		for _, limit := range []int{0, 100} {
			if err := tc.write(&failingWriter{limit: limit}); !errors.Is(err, errFull) {
				t.Errorf("%s after %d bytes: error = %v, want %v", tc.file, limit, err, errFull)
			}
		}
	}
}

// TestBargainFiles: the files a bargain or a search writes are those
// ReadDir reads, manifest.json last.
func TestBargainFiles(t *testing.T) {
	for _, files := range [][]string{BargainFiles(), OptimizeFiles(false), OptimizeFiles(true)} {
		if files[len(files)-1] != manifestName {
			t.Errorf("%v does not end with %s", files, manifestName)
		}
		for _, f := range files[:len(files)-1] {
			if !slices.ContainsFunc(tables(), func(t fileTable) bool { return t.name() == f }) {
				t.Errorf("ReadDir does not read %s", f)
			}
		}
	}
	if got := OptimizeFiles(true); !slices.Equal(got, []string{OptimizeFile, RepairFile, manifestName}) {
		t.Errorf("OptimizeFiles(true) = %v", got)
	}
}

// TestREADMEDocumentsBargain keeps README.md in step with the manifest's
// bargain and optimize objects (each field); TestREADMEColumns checks the
// tables' columns.
func TestREADMEDocumentsBargain(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{Bargain{}, Optimize{}} {
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			if !strings.Contains(string(readme), "\n| `"+name+"` |") {
				t.Errorf("README.md does not document the manifest's %s.%s (%s)", typ.Name(), typ.Field(i).Name, name)
			}
		}
	}
}
