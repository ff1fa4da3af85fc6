package report

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/results"
)

// runDir is a run of two packages and three pathways, held in memory as
// results.ReadDir would give it back.
func runDir() *results.Dir {
	man := results.Manifest{Tool: "peacesim", Version: "9.9.9", Files: []string{"pathways.csv", "acceptance.csv"},
		Scenarios: []results.ScenarioRun{{Scenario: "example", File: "example.toml", ScenarioHash: "sha256:abc",
			Overrides: []string{"parties.russia.reservation=0.6"}, Seed: 7, Trials: 1000}}}
	d := &results.Dir{Path: "out/run", Manifest: man, Files: man.Files}
	probs := map[string][]float64{"plan_a": {0.125, 0.5, 0.375}, "plan_b": {0.0, 0.25, 0.75}}
	for _, pkg := range []string{"plan_a", "plan_b"} {
		for i, w := range []string{"framework_agreement", "humanitarian_ceasefire", "talks_collapse"} {
			p := probs[pkg][i]
			d.Pathways = append(d.Pathways, results.PathwayRow{Scenario: "example", Package: pkg, Pathway: w,
				Probability: p, CILow: max(p-0.02, 0), CIHigh: min(p+0.02, 1), Count: int64(1000 * p), Trials: 1000, Seed: 7})
		}
		for _, party := range []string{"ukraine", "russia"} {
			for _, track := range []string{"framework", "humanitarian"} {
				d.Acceptance = append(d.Acceptance, results.AcceptanceRow{Scenario: "example", Package: pkg, Party: party, Track: track,
					Stake: track == "framework" || party == "ukraine", Probability: 0.5, CILow: 0.45, CIHigh: 0.55, Count: 500, Trials: 1000, Seed: 7})
			}
		}
	}
	return d
}

// exampleSource is a scenario source following the provenance
// conventions.
const exampleSource = `# Seeds:
#   000 = 000_first.txt  the first report
#   001 = 001_second.txt  the second report
[scenario]
id = "example"
label = "An example"

[parties.russia]
reservation = 0.5   # assumption: Moscow is patient (000)
`

func render(t *testing.T, dirs []*results.Dir, opts Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, dirs, opts); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestWriteOpening(t *testing.T) {
	d := runDir()
	page := render(t, []*results.Dir{d}, Options{Sources: []Source{{File: "example.toml", Name: "example", Label: "An example", Text: []byte(exampleSource)}}})
	summary := between(t, page, `<section id="summary"`, "</section>")
	for _, want := range []string{"An example (example)", "<dd>1,000</dd>", "<dd>7</dd>", "<dd>9.9.9</dd>", "sha256:abc",
		"parties.russia.reservation=0.6"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	// Every package a row, every pathway a column, every figure in its
	// place.
	for _, w := range []string{"framework_agreement", "humanitarian_ceasefire", "talks_collapse"} {
		if !strings.Contains(summary, `<th scope="col" class="num">`+w+`</th>`) {
			t.Errorf("the opening table has no column %s", w)
		}
	}
	row := regexp.MustCompile(`<tr><th scope="row">(\w+)</th>((?:<td class="num">[^<]*</td>)+)</tr>`)
	rows := row.FindAllStringSubmatch(summary, -1)
	if len(rows) != 2 {
		t.Fatalf("the opening table has %d package rows, want 2", len(rows))
	}
	for _, r := range rows {
		var want string
		for _, p := range d.Pathways {
			if p.Package == r[1] {
				want += `<td class="num">` + withInterval(p.Probability, p.CILow, p.CIHigh) + `</td>`
			}
		}
		if r[2] != want {
			t.Errorf("row %s: %s, want %s", r[1], r[2], want)
		}
	}
	if !strings.Contains(summary, "<td class=\"num\">12.5% (10.5–14.5%)</td>") {
		t.Errorf("plan_a's framework_agreement is not 12.5%% (10.5–14.5%%):\n%s", summary)
	}
}

func TestWriteNoPathways(t *testing.T) {
	d := runDir()
	d.Files, d.Pathways = []string{"acceptance.csv"}, nil
	page := render(t, []*results.Dir{d}, Options{})
	if !strings.Contains(page, "None of the directories holds pathways.csv") {
		t.Error("a report without pathways.csv does not say so")
	}
	if !strings.Contains(page, "its source was not given to the report") {
		t.Error("a scenario without a source does not say so")
	}
}

func TestWriteNoDirs(t *testing.T) {
	if err := Write(&bytes.Buffer{}, nil, Options{}); !errors.Is(err, ErrNoDirs) {
		t.Errorf("Write of no directory: %v, want ErrNoDirs", err)
	}
}

// TestWriteChartTooTall: a run of so many packages that its chart would
// be taller than an SVG may be (plot.MaxVectorSide) is reported with a
// note in the chart's place, not a failure: the tables remain.
func TestWriteChartTooTall(t *testing.T) {
	d := runDir()
	rows := d.Pathways
	for i := range 410 { // 412 packages of 1.25 cm each, and 5 cm of title and caption
		for _, r := range rows[:3] {
			r.Package = fmt.Sprintf("plan_%d", i)
			d.Pathways = append(d.Pathways, r)
		}
	}
	page := render(t, []*results.Dir{d}, Options{})
	if want := "No chart: an SVG of 16 × 520 cm: 520 cm is taller than the 508 cm (200 in)"; !strings.Contains(page, want) {
		t.Errorf("the page does not say %q", want)
	}
	if strings.Contains(page, "<svg") || !strings.Contains(page, `<th scope="row">plan_409</th>`) {
		t.Error("the page has a chart, or lacks the table")
	}
}

// TestWriteStructure holds a page to its accessibility and
// self-containment rules, and to its determinism.
func TestWriteStructure(t *testing.T) {
	dirs := []*results.Dir{runDir(), runDir()}
	opts := Options{Sources: []Source{{File: "example.toml", Text: []byte(exampleSource)}}, Version: "9.9.9"}
	page := render(t, dirs, opts)
	checkPage(t, page)
	if again := render(t, dirs, opts); again != page {
		t.Error("the same directories gave two different pages")
	}
	// Two directories of a kind: two sections, anchors apart.
	for _, id := range []string{`id="run-1"`, `id="run-2"`} {
		if strings.Count(page, id) != 1 {
			t.Errorf("%s appears %d times, want once", id, strings.Count(page, id))
		}
	}
	if n := strings.Count(page, "<svg"); n != 2 {
		t.Errorf("%d charts, want one per run", n)
	}
}

// checkPage checks what every report must be: a document with a language,
// a charset, a viewport and a title; landmarks; tables with captions and
// column headers; charts with a role and a text alternative; no ids
// repeated; nothing fetched from anywhere.
func checkPage(t *testing.T, page string) {
	t.Helper()
	// A link is not fetched: the sources page's are set aside.
	page = regexp.MustCompile(`<a href="`+regexp.QuoteMeta(SourcesPage)+`#source-[0-9A-Za-z_-]+">`).ReplaceAllString(page, "<a>")
	for _, want := range []string{"<!DOCTYPE html>", `<html lang="en">`, `<meta charset="utf-8">`, `<meta name="viewport"`,
		"<title>", "<main>", "<header>", "<nav ", "<section ", "<style>", "@media print", "break-before: page", "@media (max-width: 40rem)"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?\s*(https?:)?//`),
		regexp.MustCompile(`(?i)url\(\s*['"]?\s*(https?:)?//`),
		regexp.MustCompile(`(?i)https?://`),
		regexp.MustCompile(`(?i)<script`),
		regexp.MustCompile(`(?i)<link`),
		regexp.MustCompile(`(?i)@import`),
		regexp.MustCompile(`(?i)<img`),
		regexp.MustCompile(`(?i)<iframe`),
		regexp.MustCompile(`(?i)\son\w+\s*=`),
	} {
		if m := bad.FindString(page); m != "" {
			t.Errorf("the page is not self-contained: it holds %q", m)
		}
	}
	tables := regexp.MustCompile(`(?s)<table>.*?</table>`).FindAllString(page, -1)
	if len(tables) == 0 {
		t.Error("no table")
	}
	for _, tb := range tables {
		if !strings.Contains(tb, "<caption>") || !strings.Contains(tb, "<thead>") || !strings.Contains(tb, `<th scope="col"`) {
			t.Errorf("a table without caption, thead or column headers: %.200s", tb)
		}
	}
	svgs := regexp.MustCompile(`<svg[^>]*>(<title>[^<]+</title>)?`).FindAllStringSubmatch(page, -1)
	for _, s := range svgs {
		if !strings.Contains(s[0], `role="img"`) || !regexp.MustCompile(`aria-label="[^"]{20,}"`).MatchString(s[0]) || s[1] == "" {
			t.Errorf("a chart without role, aria-label or title: %.200s", s[0])
		}
	}
	if n, m := len(svgs), strings.Count(page, "<figure "); n != m || n != strings.Count(page, "<figcaption>") {
		t.Errorf("%d charts, %d figures, %d captions: want each chart in a captioned figure", n, m, strings.Count(page, "<figcaption>"))
	}
	var ids []string
	for _, m := range regexp.MustCompile(`\sid="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if slices.Contains(ids, m[1]) {
			t.Errorf("id %q used twice", m[1])
		}
		ids = append(ids, m[1])
	}
	for _, m := range regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if !slices.Contains(ids, m[1]) {
			t.Errorf("a link to #%s, which is nowhere", m[1])
		}
	}
}

// between is the part of s from the first start to the end after it.
func between(t *testing.T, s, start, end string) string {
	t.Helper()
	i := strings.Index(s, start)
	if i < 0 {
		t.Fatalf("no %q", start)
	}
	j := strings.Index(s[i:], end)
	if j < 0 {
		t.Fatalf("no %q after %q", end, start)
	}
	return s[i : i+j]
}

func TestCommand(t *testing.T) {
	d := runDir()
	sources := []Source{{File: "example.toml", Name: "example"}}
	got := shellJoin(Command(d, sources))
	want := "peacesim run example --trials 1000 --seed 7 --set parties.russia.reservation=0.6 -o out/run"
	if got != want {
		t.Errorf("Command = %s\nwant      %s", got, want)
	}
	d.Files = append(d.Files, "comparisons.csv")
	d.Manifest.Scenarios[0].Packages = []string{"plan_a", "plan_b"}
	if got := shellJoin(Command(d, nil)); !strings.HasPrefix(got, "peacesim compare example.toml ") || !strings.Contains(got, "--packages plan_a,plan_b") {
		t.Errorf("the command of a compare: %s", got)
	}
	d.Manifest.Sweep = &results.Sweep{Vary: []string{"issues.x=1:3:1", "k=a,b"}, LHS: 5}
	if got := shellJoin(Command(d, nil)); !strings.Contains(got, "sweep example.toml") || !strings.Contains(got, "--vary issues.x=1:3:1 --vary k=a,b --lhs 5") {
		t.Errorf("the command of a sweep: %s", got)
	}
}

func TestCommandBatch(t *testing.T) {
	d := runDir()
	d.Manifest.Scenarios = []results.ScenarioRun{
		{Scenario: "a", File: "a.toml", Trials: 100, Seed: 1, Overrides: []string{"k=1"}},
		{Scenario: "b", File: "b.toml", Trials: 200, Seed: 1, Overrides: []string{"k=2"}},
	}
	got := shellJoin(Command(d, nil))
	if want := "peacesim run a.toml b.toml --set a:k=1 --set b:k=2 -o out/run"; got != want {
		t.Errorf("Command = %s\nwant      %s", got, want)
	}
}

func TestShellJoin(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"peacesim", "run", "-o", "out/x"}, "peacesim run -o out/x"},
		{[]string{"--set", "parties.x.label=A B"}, "--set 'parties.x.label=A B'"},
		{[]string{"it's"}, `'it'\''s'`},
		{[]string{"$HOME", "a;b", ""}, `'$HOME' 'a;b' ''`},
	}
	for _, tt := range tests {
		if got := shellJoin(tt.args); got != tt.want {
			t.Errorf("shellJoin(%q) = %s, want %s", tt.args, got, tt.want)
		}
	}
	long := []string{"peacesim", "sweep", "scenario.toml", "--vary", strings.Repeat("k", 60) + "=1:9:1", "--trials", "10", "-o", "out"}
	got := shellLines(long)
	if want := "peacesim sweep scenario.toml \\\n    --vary " + strings.Repeat("k", 60) + "=1:9:1 \\\n    --trials 10 \\\n    -o out"; got != want {
		t.Errorf("shellLines = %q\nwant %q", got, want)
	}
}
