package main

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/results/report"
)

// reportKinds are the commands whose directories a report draws, with
// few trials: the kind (its section's anchor is KIND-N), the charts it
// draws, and its command line.
var reportKinds = []struct {
	kind   string
	charts int
	args   []string
}{
	// The default scenario's timeline adds its chart to a run's and a
	// compare's, and its evidence what it taught.
	{"run", 3, []string{"run", "--trials", "2000", "--seed", "3"}},
	// A chart per pathway of the scenario (three), the timeline and the
	// posterior.
	{"compare", 5, []string{"compare", "--trials", "2000", "--seed", "3", "--packages", "us_28_point,miami_20_point,miami_20_point_de_jure"}},
	{"sweep", 1, []string{"sweep", "--trials", "1000", "--vary", "packages.miami_20_point.troop_cap=400:1000:300"}},
	{"sensitivity", 2, []string{"sensitivity", "--evidence", "none", "--trials", "1000", "--samples", "64", "--packages", "miami_20_point"}},
	{"discover", 1, []string{"discover", "--trials", "2000", "--package", "miami_20_point", "--pathway", "framework_agreement"}},
	{"bargain", 1, []string{"bargain", "--evidence", "none", "--trials", "500", "--package", "miami_20_point"}},
	{"optimize", 0, []string{"optimize", "--evidence", "none", "--trials", "500", "--max-evals", "40", "--target", "framework_agreement"}},
}

// reportDirs writes a directory of each of the first n kinds of
// reportKinds, in order.
func reportDirs(t *testing.T, n int) []string {
	t.Helper()
	base := t.TempDir()
	var dirs []string
	for _, k := range reportKinds[:n] {
		dir := filepath.Join(base, k.kind)
		args := append(append([]string{}, k.args...), "-q", "-o", dir)
		if r := cli(t, args...); r.code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
		dirs = append(dirs, dir)
	}
	return dirs
}

// TestReport writes a report of a directory of each kind and checks that
// each has its section and charts, that the page opens with the run's
// table, needs nothing from outside, and is the same bytes on stdout and
// in the file, every time.
func TestReport(t *testing.T) {
	dirs := reportDirs(t, len(reportKinds))
	out := filepath.Join(t.TempDir(), "report.html")
	r := cli(t, append([]string{"report", "-o", out}, dirs...)...)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if r.stdout != "" || !strings.HasPrefix(r.stderr, "wrote "+out+": report of 7 directories") {
		t.Errorf("stdout %q, stderr %q: want the page in the file and a line saying so", r.stdout, r.stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	checkSelfContained(t, page)

	for i, k := range reportKinds {
		id := fmt.Sprintf("%s-%d", k.kind, i+1)
		section := sectionOf(t, page, id)
		if n := strings.Count(section, "<svg "); n != k.charts {
			t.Errorf("%s: %d charts, want %d", k.kind, n, k.charts)
		}
		if !strings.Contains(section, "<table>") {
			t.Errorf("%s: no table", k.kind)
		}
		if !strings.Contains(page, `<a href="#`+id+`">`) {
			t.Errorf("%s: not in the contents", k.kind)
		}
	}

	// The opening table: every package and pathway of the run, with its
	// figures.
	run, err := results.ReadDir(dirs[0])
	if err != nil {
		t.Fatal(err)
	}
	summary := sectionOf(t, page, "summary")
	for _, want := range []string{"Miami US–Russia–Ukraine talks, December 2025 (miami-2025)", "<dd>2,000</dd>", "<dd>3</dd>",
		run.Manifest.Scenarios[0].ScenarioHash, "<dd>" + run.Manifest.Version + "</dd>"} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary lacks %q", want)
		}
	}
	for _, p := range run.Pathways {
		if !strings.Contains(summary, `<th scope="row">`+p.Package+`</th>`) || !strings.Contains(summary, `<th scope="col" class="num">`+p.Pathway+`</th>`) {
			t.Errorf("the opening table lacks %s or %s", p.Package, p.Pathway)
		}
	}
	row := regexp.MustCompile(`<tr><th scope="row">us_28_point</th><td class="num">([0-9.]+)% \(([0-9.]+)–([0-9.]+)%\)</td>`).FindStringSubmatch(summary)
	if row == nil || row[1] != pct1(run.Pathways[0].Probability) || row[2] != pct1(run.Pathways[0].CILow) || row[3] != pct1(run.Pathways[0].CIHigh) {
		t.Errorf("us_28_point's %s: %v, want %+v", run.Pathways[0].Pathway, row, run.Pathways[0])
	}
	// Provenance: the default scenario's seeds and assumptions.
	prov := sectionOf(t, page, "provenance")
	for _, want := range []string{"000_79aedf7f49e5f43a.txt", "004_b7f5078018200428.txt", "run.seed", "Values of miami-2025.toml marked as assumptions"} {
		if !strings.Contains(prov, want) {
			t.Errorf("the provenance lacks %q", want)
		}
	}

	// Every figure's plot command draws it.
	figures := t.TempDir()
	plots := regexp.MustCompile(`(?m)^peacesim (plot .*)$`).FindAllStringSubmatch(
		strings.ReplaceAll(html.UnescapeString(sectionOf(t, page, "reproduce")), " \\\n    ", " "), -1)
	charts := 0
	for _, k := range reportKinds {
		charts += k.charts
	}
	if len(plots) != charts {
		t.Errorf("%d plot commands, want one per chart (%d)", len(plots), charts)
	}
	for _, p := range plots {
		args := strings.Fields(p[1])
		for i, a := range args {
			if i > 0 && args[i-1] == "-o" {
				args[i] = filepath.Join(figures, a)
			}
		}
		if r := cli(t, args...); r.code != exitOK {
			t.Errorf("peacesim %s: exit %d: %s", p[1], r.code, r.stderr)
		}
	}

	stdout := cli(t, append([]string{"report", "-o", "-"}, dirs...)...)
	if stdout.code != exitOK || stdout.stdout != page {
		t.Errorf("-o -: exit %d, %d bytes on stdout, want the %d bytes of the file (stderr %q)", stdout.code, len(stdout.stdout), len(page), stdout.stderr)
	}

	again := cli(t, append([]string{"report", "-o", out}, dirs...)...)
	if again.code != exitUsage || !strings.Contains(again.stderr, out) {
		t.Errorf("an existing report: exit %d (%s), want %d naming it", again.code, again.stderr, exitUsage)
	}
	if r := cli(t, append([]string{"report", "--force", "-o", out}, dirs...)...); r.code != exitOK {
		t.Fatalf("--force: exit %d: %s", r.code, r.stderr)
	}
	if b2, _ := os.ReadFile(out); !bytes.Equal(b, b2) {
		t.Error("the same directories gave another page")
	}
}

// pct1 is a probability as a percentage with one decimal.
func pct1(p float64) string { return strconv.FormatFloat(100*p, 'f', 1, 64) }

// checkSelfContained fails on anything a page would fetch, and on a
// table or chart a screen reader could not read. A link (<a href>) is not
// fetched: it is set aside.
func checkSelfContained(t *testing.T, page string) {
	t.Helper()
	page = regexp.MustCompile(`<a href="https://[^"<>]*">`).ReplaceAllString(page, "<a>")
	for _, bad := range []string{`(?i)https?://`, `(?i)<script`, `(?i)<link`, `(?i)@import`, `(?i)<img`, `(?i)<[^>]*\s(src|on\w+)\s*=`, `(?i)url\(\s*['"]?[^#'"\s]`} {
		if m := regexp.MustCompile(bad).FindString(page); m != "" {
			t.Errorf("the page is not self-contained: it holds %q", m)
		}
	}
	for _, tb := range regexp.MustCompile(`(?s)<table>.*?</table>`).FindAllString(page, -1) {
		if !strings.Contains(tb, "<caption>") || !strings.Contains(tb, `<th scope="col"`) {
			t.Errorf("a table without a caption or column headers: %.200s", tb)
		}
	}
	for _, svg := range regexp.MustCompile(`<svg [^>]*><title>[^<]*</title>|<svg [^>]*>`).FindAllString(page, -1) {
		if !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, `aria-label="`) || !strings.Contains(svg, "<title>") {
			t.Errorf("a chart without role, aria-label or title: %.200s", svg)
		}
	}
}

// sectionOf is the section of page with the id.
func sectionOf(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `<section id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no section %s", id)
	}
	j := strings.Index(page[i:], "</section>")
	return page[i : i+j]
}

// TestReportEscaping reports a scenario whose label and package id are
// HTML: they appear as text, and the page has no script.
func TestReportEscaping(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "hostile")
	if r := cli(t, "run", "testdata/report_hostile.toml", "--trials", "500", "-q", "-o", dir); r.code != exitOK {
		t.Fatalf("run: exit %d: %s", r.code, r.stderr)
	}
	r := cli(t, "report", dir, "-o", "-")
	if r.code != exitOK {
		t.Fatalf("report: exit %d: %s", r.code, r.stderr)
	}
	page := r.stdout
	checkSelfContained(t, page)
	const escaped = `&lt;script&gt;alert(1)&lt;/script&gt;`
	for _, want := range []string{
		"<title>" + escaped + ` &#34;&amp;&#39;</title>`,
		"<h1>" + escaped + ` &#34;&amp;&#39;</h1>`,
		`<th scope="row">` + escaped + `&#34;&amp;&#39;</th>`,
		`&lt;img src=x onerror=alert(1)&gt;`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks the escaped %s", want)
		}
	}
	// In the chart too: the package's tick label is text.
	svg := regexp.MustCompile(`(?s)<svg .*?</svg>`).FindString(page)
	if !strings.Contains(svg, escaped) {
		t.Error("the chart does not show the package id as text")
	}
}

// TestReportExitCodes: what is not a report's input is exit status 2,
// naming the culprit.
func TestReportExitCodes(t *testing.T) {
	notResults := t.TempDir()
	file := filepath.Join(t.TempDir(), "file.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "r.html")
	tests := []struct {
		name string
		args []string
		say  string
	}{
		{"no directory", []string{"report", "-o", out}, "arg"},
		{"no -o", []string{"report", notResults}, "-o"},
		{"missing directory", []string{"report", "-o", out, filepath.Join(notResults, "nope")}, "nope"},
		{"not results", []string{"report", "-o", out, notResults}, notResults},
		{"a file", []string{"report", "-o", out, file}, file},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, tt.args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tt.say) {
				t.Errorf("exit %d, stderr %q: want %d naming %s", r.code, r.stderr, exitUsage, tt.say)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a report was written")
			}
		})
	}
}

// TestReportCommandsReproduce runs the command the report gives for a run
// and for a sweep, and gets their main table back byte for byte.
func TestReportCommandsReproduce(t *testing.T) {
	dirs := reportDirs(t, 3)
	for _, c := range []struct {
		dir, table string
	}{{dirs[0], "pathways.csv"}, {dirs[2], "sweep.csv"}} {
		d, err := results.ReadDir(c.dir)
		if err != nil {
			t.Fatal(err)
		}
		src := reportSource(context.Background(), d.Manifest.Scenarios[0].File)
		args := report.Command(d, []report.Source{src})
		if args[0] != "peacesim" || args[len(args)-2] != "-o" || args[len(args)-1] != c.dir {
			t.Fatalf("command %q: want peacesim … -o %s", args, c.dir)
		}
		again := filepath.Join(t.TempDir(), "again")
		args[len(args)-1] = again
		if r := cli(t, append(args[1:], "-q")...); r.code != exitOK {
			t.Fatalf("%q: exit %d: %s", args, r.code, r.stderr)
		}
		want, _ := os.ReadFile(filepath.Join(c.dir, c.table))
		got, err := os.ReadFile(filepath.Join(again, c.table))
		if err != nil || !bytes.Equal(got, want) || len(want) == 0 {
			t.Errorf("%q does not write %s again (%v)", args, c.table, err)
		}
	}
}

// TestReportRound: the command the report gives for a run reported by a
// round before its last (run --round) has that --round, and writes its
// tables again, byte for byte.
func TestReportRound(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "round")
	if r := cli(t, "run", "--trials", "2000", "--seed", "3", "--round", "end_of_year", "-q", "-o", dir); r.code != exitOK {
		t.Fatalf("run: exit %d: %s", r.code, r.stderr)
	}
	d, err := results.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	args := report.Command(d, []report.Source{reportSource(context.Background(), d.Manifest.Scenarios[0].File)})
	if i := slices.Index(args, "--round"); i < 0 || args[i+1] != "2" {
		t.Fatalf("command %q: want --round 2", args)
	}
	again := filepath.Join(t.TempDir(), "again")
	args[len(args)-1] = again
	if r := cli(t, append(args[1:], "-q")...); r.code != exitOK {
		t.Fatalf("%q: exit %d: %s", args, r.code, r.stderr)
	}
	for _, table := range []string{"pathways.csv", "timeline.csv"} {
		want, _ := os.ReadFile(filepath.Join(dir, table))
		got, err := os.ReadFile(filepath.Join(again, table))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%q does not write %s again (%v)", args, table, err)
		}
	}
	page := cli(t, "report", dir, "-o", "-")
	if page.code != exitOK || !strings.Contains(page.stdout, "outcomes by round 2 of 26 (end_of_year, 2025-12-27), as --round chose") {
		t.Errorf("exit %d: the report does not say its tables are of round 2 (%s)", page.code, page.stderr)
	}
}

// TestReportUnreadableSource: a scenario file gone since the run is said
// in the report, not an error.
func TestReportUnreadableSource(t *testing.T) {
	tmp := t.TempDir()
	scenario := filepath.Join(tmp, "gone.toml")
	src, err := os.ReadFile("testdata/good.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(scenario, src, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "out")
	if r := cli(t, "run", scenario, "--trials", "500", "-q", "-o", dir); r.code != exitOK {
		t.Fatalf("run: exit %d: %s", r.code, r.stderr)
	}
	if err := os.Remove(scenario); err != nil {
		t.Fatal(err)
	}
	r := cli(t, "report", dir, "-o", "-")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "The source of "+scenario+" could not be read") {
		t.Error("the report does not say the scenario's source is gone")
	}
}

// TestReportPackages: --packages chooses the packages of the page; one
// that no directory holds is exit status 2, with a did-you-mean.
func TestReportPackages(t *testing.T) {
	dirs := reportDirs(t, 1)
	out := filepath.Join(t.TempDir(), "report.html")
	r := cli(t, "report", dirs[0], "-o", out, "--packages", "miami_20_pint")
	if want := `--packages: the results have no package "miami_20_pint" (did you mean miami_20_point?)`; r.code != exitUsage || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, stderr %q: want %d and %q", r.code, r.stderr, exitUsage, want)
	}
	r = cli(t, "report", dirs[0], "-o", "-", "--packages", "miami_20_point,us_28_point")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	summary := sectionOf(t, r.stdout, "summary")
	miami, us := strings.Index(summary, `<th scope="row">miami_20_point</th>`), strings.Index(summary, `<th scope="row">us_28_point</th>`)
	if miami < 0 || us < miami || strings.Count(summary, `<th scope="row">`) != 2 {
		t.Errorf("the opening table is not of miami_20_point then us_28_point alone:\n%s", summary)
	}
}

// TestReportSourceLinks: the ids of the seeds of an embedded scenario's
// index link to their entries on peacesim's sources page.
func TestReportSourceLinks(t *testing.T) {
	dirs := reportDirs(t, 1)
	r := cli(t, "report", dirs[0], "-o", "-")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	prov := sectionOf(t, r.stdout, "provenance")
	for _, id := range []string{"000", "001", "002", "003", "004"} {
		want := `<th scope="row"><a href="https://github.com/peacesim/peacesim/blob/main/docs/sources.md#source-` + id + `">` + id + `</a></th>`
		if !strings.Contains(prov, want) {
			t.Errorf("the provenance lacks %s", want)
		}
	}
	checkSelfContained(t, r.stdout)
}
