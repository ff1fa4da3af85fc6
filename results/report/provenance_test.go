package report

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/results"
)

func TestScanProvenance(t *testing.T) {
	const src = `# An example scenario. Judgement calls are marked "assumption:" with a reason.
#
# Seeds:
#   000 = 000_first.txt  the first report; talks
#   001 = 001_second.txt  the second report
#
# Known simplifications (assumption: kept small)
[scenario]
id = "x"
source = "seeds: 000_first.txt"

[issues.troop_cap]
# Capped at 600,000 troops (001), not 1,000,000.
# assumption: the levels are ours,
# not the seeds'.
range = [0, 1200]   # assumption: wide enough
negotiable = [
  600,   # assumption: Moscow's figure (000, 001)
  1200,
]

# A comment above the next table. assumption: it introduces it
[[pathways]]
id = "a"

[[pathways]]
id = "b"
tracks = ["framework"]
# assumption: after the keys, above one (000)
accepted_by = "veto"
`
	p := ScanProvenance([]byte(src))
	wantSeeds := []Seed{
		{Ref: "000", File: "000_first.txt", About: "the first report; talks", Lines: []int{10, 18, 29}},
		{Ref: "001", File: "001_second.txt", About: "the second report", Lines: []int{13, 18}},
	}
	if !slices.EqualFunc(p.Seeds, wantSeeds, func(a, b Seed) bool {
		return a.Ref == b.Ref && a.File == b.File && a.About == b.About && slices.Equal(a.Lines, b.Lines)
	}) {
		t.Errorf("seeds:\n got %+v\nwant %+v", p.Seeds, wantSeeds)
	}
	want := []Assumption{
		{7, "", "kept small"},
		{14, "issues.troop_cap", "the levels are ours, not the seeds'."},
		{16, "issues.troop_cap.range", "wide enough"},
		{18, "issues.troop_cap.negotiable", "Moscow's figure (000, 001)"},
		{22, "pathways[0]", "it introduces it"},
		{29, "pathways[1].accepted_by", "after the keys, above one (000)"},
	}
	if !slices.Equal(p.Assumptions, want) {
		t.Errorf("assumptions:\n got %+v\nwant %+v", p.Assumptions, want)
	}
}

func TestScanProvenanceWithoutIndex(t *testing.T) {
	const src = "[scenario]\nid = \"x\"   # from seed 004 and seed 004\nlabel = \"y\" # seed 002\n"
	p := ScanProvenance([]byte(src))
	if len(p.Seeds) != 2 || p.Seeds[0].Ref != "004" || !slices.Equal(p.Seeds[0].Lines, []int{2}) || p.Seeds[1].Ref != "002" {
		t.Errorf("seeds without an index: %+v", p.Seeds)
	}
}

// TestScanProvenanceDefault reads the default scenario: its five seeds,
// each cited, and its assumptions on the keys they mark.
func TestScanProvenanceDefault(t *testing.T) {
	src, err := os.ReadFile("../../scenarios/miami-2025.toml")
	if err != nil {
		t.Fatal(err)
	}
	p := ScanProvenance(src)
	if len(p.Seeds) != 5 {
		t.Fatalf("%d seeds, want 5: %+v", len(p.Seeds), p.Seeds)
	}
	for _, s := range p.Seeds {
		if len(s.Lines) < 5 {
			t.Errorf("seed %s cited on %d lines: %v", s.Ref, len(s.Lines), s.Lines)
		}
	}
	if len(p.Assumptions) < 50 {
		t.Errorf("%d assumptions, want the file's many", len(p.Assumptions))
	}
	i := slices.IndexFunc(p.Assumptions, func(a Assumption) bool { return a.Key == "run.seed" })
	if i < 0 || p.Assumptions[i].Text == "" {
		t.Errorf("the assumption on run.seed is missing: %+v", p.Assumptions[:3])
	}
}

// TestProvenanceLinks: each seed of an index links to its entry on the
// sources page the source names, and the page still fetches nothing; a
// source that names no page, or a seed cited without an index, links
// nowhere.
func TestProvenanceLinks(t *testing.T) {
	d := runDir()
	src := Source{File: "example.toml", Name: "example", Label: "An example", Text: []byte(exampleSource), SeedsPage: SourcesPage}
	page := render(t, []*results.Dir{d}, Options{Sources: []Source{src}})
	prov := between(t, page, `<section id="provenance"`, "</section>")
	for _, id := range []string{"000", "001"} {
		want := `<th scope="row"><a href="https://github.com/peacesim/peacesim/blob/main/docs/sources.md#source-` + id + `">` + id + `</a></th>`
		if !strings.Contains(prov, want) {
			t.Errorf("the provenance lacks %s:\n%s", want, prov)
		}
	}
	checkPage(t, page)

	src.SeedsPage = ""
	if page := render(t, []*results.Dir{d}, Options{Sources: []Source{src}}); strings.Contains(page, "<a href=\"http") {
		t.Error("a source without a sources page has links")
	}
	if got := seedLink(SourcesPage, Seed{Ref: "004"}); got != "" {
		t.Errorf("a seed cited without an index links to %s", got)
	}
}
