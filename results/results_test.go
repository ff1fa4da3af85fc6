package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/sim"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// testManifest is NewManifest with the build-dependent fields pinned, so the
// golden JSON does not change with the Go toolchain.
func testManifest(m *sim.Model, r *sim.Result) Manifest {
	man := NewManifest("v0.0.0-test")
	man.GoVersion = "go-test"
	man.GonumVersion = "v0.0.0-test"
	sr := NewScenarioRun(m, r, "fixture.toml")
	// The hash follows the scenario's canonical form, which grows;
	// TestScenarioHash checks its properties instead.
	sr.ScenarioHash = "sha256:test"
	man.Scenarios = append(man.Scenarios, sr)
	return man
}

// one adapts a writer of runs to the one run of a fixture.
func one(write func(io.Writer, ...Run) error) func(io.Writer, *sim.Model, *sim.Result) error {
	return func(w io.Writer, m *sim.Model, r *sim.Result) error { return write(w, Run{m, r}) }
}

// writers are every output writer under test, by golden file name.
func writers() []struct {
	golden string
	write  func(io.Writer, *sim.Model, *sim.Result) error
} {
	return []struct {
		golden string
		write  func(io.Writer, *sim.Model, *sim.Result) error
	}{
		{"pathways.csv", one(WritePathways)},
		{"acceptance.csv", one(WriteAcceptance)},
		{"red_lines.csv", one(WriteRedLines)},
		{"margins.csv", one(WriteMargins)},
		{"blocking.csv", one(WriteBlocking)},
		{"table.txt", WriteTable},
		{"run.json", func(w io.Writer, m *sim.Model, r *sim.Result) error {
			return WriteJSON(w, testManifest(m, r), Run{m, r})
		}},
	}
}

// pairedWriters are the writers of a compare, run on pairedFixture.
func pairedWriters() []struct {
	golden string
	write  func(io.Writer, *sim.Model, *sim.Result) error
} {
	return []struct {
		golden string
		write  func(io.Writer, *sim.Model, *sim.Result) error
	}{
		{"comparisons.csv", one(WriteComparisons)},
		{"comparison_table.txt", WriteComparisonTable},
		{"compare.json", func(w io.Writer, m *sim.Model, r *sim.Result) error {
			return WriteJSON(w, testManifest(m, r), Run{m, r})
		}},
	}
}

func TestGolden(t *testing.T) {
	type writer = struct {
		golden string
		write  func(io.Writer, *sim.Model, *sim.Result) error
	}
	var all []writer
	fixtures := map[string]func() (*sim.Model, *sim.Result){}
	for _, w := range writers() {
		all, fixtures[w.golden] = append(all, w), fixture
	}
	for _, w := range pairedWriters() {
		all, fixtures[w.golden] = append(all, w), pairedFixture
	}
	for _, tc := range all {
		t.Run(tc.golden, func(t *testing.T) {
			m, r := fixtures[tc.golden]()
			var got bytes.Buffer
			if err := tc.write(&got, m, r); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.golden, got.Bytes())
			// Same inputs, same bytes: nothing depends on time, host or map order.
			var again bytes.Buffer
			if err := tc.write(&again, m, r); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), again.Bytes()) {
				t.Error("two writes of the same result differ")
			}
		})
	}
}

// TestCSVRoundTrip reads every CSV back with encoding/csv and checks that
// each cell parses back to exactly the value it was written from.
func TestCSVRoundTrip(t *testing.T) {
	m, r := fixture()
	cases := []struct {
		write   func(io.Writer, *sim.Model, *sim.Result) error
		build   runTable
		columns []string
		rows    int
	}{
		{one(WritePathways), pathwaysTable, []string{"scenario", "package", "pathway", "probability", "ci_low", "ci_high",
			"count", "trials", "seed"}, len(m.Packages) * len(m.Pathways)},
		{one(WriteAcceptance), acceptanceTable, []string{"scenario", "package", "party", "track", "stake", "probability",
			"ci_low", "ci_high", "count", "trials", "seed"}, len(m.Packages) * len(m.Parties) * len(m.Tracks)},
		{one(WriteRedLines), redLinesTable, []string{"scenario", "package", "party", "red_line", "label", "issue", "track",
			"kind", "hard", "violated", "violated_low", "violated_high", "pivotal", "pivotal_low", "pivotal_high",
			"trials", "seed"}, len(m.Packages) * 2},
		// russia has no stake on humanitarian: 3 of the 4 party × track pairs.
		{one(WriteMargins), marginsTable, []string{"scenario", "package", "party", "track", "n", "mean", "sd", "p5", "p50",
			"p95", "min", "max", "trials", "seed"}, len(m.Packages) * 3},
	}
	for _, tc := range cases {
		want := mustBuild(tc.build.ofRuns([]Run{{m, r}}))
		t.Run(want.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.write(&buf, m, r); err != nil {
				t.Fatal(err)
			}
			records, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(records[0], ","); got != strings.Join(tc.columns, ",") {
				t.Errorf("header = %s, want %s", got, strings.Join(tc.columns, ","))
			}
			if got := len(records) - 1; got != tc.rows {
				t.Fatalf("%d rows, want %d", got, tc.rows)
			}
			for i, rec := range records[1:] {
				for j, cell := range rec {
					if !parsesTo(cell, want.rows[i][j]) {
						t.Errorf("row %d %s = %q, does not parse back to %v", i, tc.columns[j], cell, want.rows[i][j])
					}
				}
			}
		})
	}
}

// parsesTo reports whether a CSV cell reads back as v, exactly.
func parsesTo(cell string, v any) bool {
	switch x := v.(type) {
	case string:
		return cell == x
	case bool:
		b, err := strconv.ParseBool(cell)
		return err == nil && b == x
	case int:
		n, err := strconv.Atoi(cell)
		return err == nil && n == x
	case int64:
		n, err := strconv.ParseInt(cell, 10, 64)
		return err == nil && n == x
	case uint64:
		n, err := strconv.ParseUint(cell, 10, 64)
		return err == nil && n == x
	case float64:
		if math.IsNaN(x) {
			return cell == naString
		}
		f, err := strconv.ParseFloat(cell, 64)
		return err == nil && f == x
	}
	return false
}

func TestCSVContent(t *testing.T) {
	m, r := fixture()
	var buf bytes.Buffer
	if err := WriteAcceptance(&buf, Run{m, r}); err != nil {
		t.Fatal(err)
	}
	// russia has no stake on humanitarian: it is indifferent and accepts.
	if !strings.Contains(buf.String(), "fixture,us_28_point,russia,humanitarian,FALSE,1,") {
		t.Errorf("acceptance.csv lacks the indifferent row:\n%s", buf.String())
	}
	buf.Reset()
	if err := WriteMargins(&buf, Run{m, r}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "russia,humanitarian") {
		t.Error("margins.csv has a row for a track without stake")
	}
	if !strings.Contains(buf.String(), ",NA,") {
		t.Error("margins.csv does not write the NaN sd as NA")
	}
}

func TestJSON(t *testing.T) {
	m, r := fixture()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, testManifest(m, r), Run{m, r}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Manifest   Manifest
		Pathways   []map[string]any
		Acceptance []map[string]any
		RedLines   []map[string]any `json:"red_lines"`
		Margins    []map[string]any
	}
	dec := json.NewDecoder(&buf)
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Manifest.Scenarios) != 1 || doc.Manifest.Scenarios[0].Scenario != "fixture" || doc.Manifest.Scenarios[0].Trials != 1000 {
		t.Errorf("manifest = %+v", doc.Manifest)
	}
	tables, err := buildAll([]Run{{m, r}})
	if err != nil {
		t.Fatal(err)
	}
	for i, got := range [][]map[string]any{doc.Pathways, doc.Acceptance, doc.RedLines, doc.Margins} {
		want := tables[i]
		if len(got) != len(want.rows) {
			t.Fatalf("%s: %d objects, want %d", want.name, len(got), len(want.rows))
		}
		for k, obj := range got {
			if len(obj) != len(want.columns) {
				t.Errorf("%s[%d] has %d fields, want %d", want.name, k, len(obj), len(want.columns))
			}
			for j, col := range want.columns {
				if !jsonMatches(obj[col], want.rows[k][j]) {
					t.Errorf("%s[%d].%s = %v, want %v", want.name, k, col, obj[col], want.rows[k][j])
				}
			}
		}
	}
}

// jsonMatches reports whether a decoded JSON value is v; NaN is null.
func jsonMatches(got, v any) bool {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) {
			return got == nil
		}
		n, ok := got.(json.Number)
		f, err := n.Float64()
		return ok && err == nil && f == x
	case int, int64, uint64:
		n, ok := got.(json.Number)
		return ok && n.String() == formatCell(x)
	}
	return got == v
}

// errFull is the error of a writer whose disk is full.
var errFull = errors.New("no space left on device")

// failingWriter accepts limit bytes, then fails every write.
type failingWriter struct{ limit int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) <= f.limit {
		f.limit -= len(p)
		return len(p), nil
	}
	n := f.limit
	f.limit = 0
	return n, errFull
}

func TestWriterErrors(t *testing.T) {
	for _, tc := range writers() {
		for _, limit := range []int{0, 100} {
			t.Run(tc.golden+"/after_"+strconv.Itoa(limit)+"_bytes", func(t *testing.T) {
				m, r := fixture()
				if err := tc.write(&failingWriter{limit: limit}, m, r); !errors.Is(err, errFull) {
					t.Errorf("error = %v, want %v", err, errFull)
				}
			})
		}
	}
}

func TestShapeMismatch(t *testing.T) {
	cases := map[string]func(*sim.Model, *sim.Result) (*sim.Model, *sim.Result){
		"nil result":      func(m *sim.Model, _ *sim.Result) (*sim.Model, *sim.Result) { return m, nil },
		"missing package": func(m *sim.Model, r *sim.Result) (*sim.Model, *sim.Result) { r.Pathways = r.Pathways[:1]; return m, r },
		"missing pathway": func(m *sim.Model, r *sim.Result) (*sim.Model, *sim.Result) {
			r.Pathways[1] = r.Pathways[1][:2]
			return m, r
		},
		"missing track": func(m *sim.Model, r *sim.Result) (*sim.Model, *sim.Result) { r.Margins[0][1] = nil; return m, r },
		"extra red line result": func(m *sim.Model, r *sim.Result) (*sim.Model, *sim.Result) {
			r.Pivotal[1][0] = append(r.Pivotal[1][0], sim.Proportion{})
			return m, r
		},
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			m, r := mutate(fixture())
			for _, tc := range writers() {
				if err := tc.write(io.Discard, m, r); !errors.Is(err, errShape) {
					t.Errorf("%s: error = %v, want %v", tc.golden, err, errShape)
				}
			}
			if err := WriteDir(t.TempDir(), Manifest{}, false, Run{m, r}); !errors.Is(err, errShape) {
				t.Errorf("WriteDir: error = %v, want %v", err, errShape)
			}
		})
	}
}

// TestREADMEColumns keeps README.md's column lists those of the tables'
// descriptions: under each table's section ## FILE, the list of its
// columns (name, type, meaning) is the description's, in order. go test
// ./results -update rewrites the lists from the descriptions; the prose
// around them is README.md's own.
func TestREADMEColumns(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	got := string(readme)
	for _, tb := range tables() {
		var err error
		got, err = withColumns(got, tb)
		if err != nil {
			t.Error(err)
		}
	}
	if *update {
		if err := os.WriteFile("README.md", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	was, now := strings.Split(string(readme), "\n"), strings.Split(got, "\n")
	for i := range min(len(was), len(now)) {
		if was[i] != now[i] {
			t.Fatalf("README.md:%d is\n%s\nthe tables' descriptions say\n%s\n(run go test ./results -update and review the diff)", i+1, was[i], now[i])
		}
	}
	if len(was) != len(now) {
		t.Fatalf("README.md has %d lines, %d with the tables' column lists (run go test ./results -update)", len(was), len(now))
	}
}

// withColumns is readme with the list of the table's columns, in its
// section, made from its description.
func withColumns(readme string, tb fileTable) (string, error) {
	const listHead = "| column | type | meaning |\n| --- | --- | --- |\n"
	heading := "\n## " + tb.name() + "\n"
	at := strings.Index(readme, heading)
	if at < 0 {
		return readme, fmt.Errorf("README.md has no section ## %s", tb.name())
	}
	at += len(heading)
	end := len(readme)
	if i := strings.Index(readme[at:], "\n## "); i >= 0 {
		end = at + i
	}
	i := strings.Index(readme[at:end], "\n"+listHead)
	if i < 0 {
		return readme, fmt.Errorf("README.md ## %s has no list of columns: end its prose with the lines %q, which -update fills", tb.name(), listHead)
	}
	start := at + i + 1 + len(listHead)
	stop := start
	for stop < end && strings.HasPrefix(readme[stop:], "| ") {
		stop += strings.IndexByte(readme[stop:], '\n') + 1
	}
	var list strings.Builder
	for _, c := range tb.docs() {
		list.WriteString(c.line() + "\n")
	}
	return readme[:start] + list.String() + readme[stop:], nil
}

// TestBatchTables: several runs write one set of tables, each with one
// header and the rows of every run in order, told apart by the scenario
// column; runs that do not hold the same tables are refused.
func TestBatchTables(t *testing.T) {
	m, r := fixture()
	m2, r2 := fixture()
	m2.ID = "fixture-b"
	var one, both bytes.Buffer
	if err := WritePathways(&one, Run{m, r}); err != nil {
		t.Fatal(err)
	}
	if err := WritePathways(&both, Run{m, r}, Run{m2, r2}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(both.String(), "\n"), "\n")
	first := strings.Split(strings.TrimSuffix(one.String(), "\n"), "\n")
	if want := 2*len(first) - 1; len(lines) != want {
		t.Fatalf("batch of two: %d lines, want %d (one header)", len(lines), want)
	}
	for i, l := range lines {
		switch {
		case i < len(first) && l != first[i]:
			t.Errorf("line %d: %q, want the first run's %q", i, l, first[i])
		case i >= len(first) && !strings.HasPrefix(l, "fixture-b,"):
			t.Errorf("line %d: %q, want a row of fixture-b", i, l)
		}
	}
	_, paired := pairedFixture()
	if err := WritePathways(io.Discard, Run{m, r}, Run{m, paired}); !errors.Is(err, errShape) {
		t.Errorf("a paired run beside an unpaired one: %v, want errShape", err)
	}
	if err := WritePathways(io.Discard); !errors.Is(err, errShape) {
		t.Errorf("no run: %v, want errShape", err)
	}
}

// mustBuild is a table built without error.
func mustBuild(t tidy, err error) tidy {
	if err != nil {
		panic(err)
	}
	return t
}

// checkGolden fails t unless got is testdata/NAME.golden byte for byte;
// with -update it first rewrites the file with got.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./results -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test ./results -update and review the diff)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}
