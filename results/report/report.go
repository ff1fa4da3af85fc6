// Package report writes results directories as one self-contained HTML
// page, for readers without peacesim: co-authors, a policy audience, a
// paper's supplement.
//
// The page opens with the package × pathway table of the first directory
// that has one (pathways.csv: each pathway's probability with its 95%
// Wilson interval) and the scenario it comes from: label, id, trials,
// seed, peacesim version and scenario hash, from the manifest. Then each
// directory, in the order given, is a section with its charts and its
// tables: a run or a batch its chart and its acceptance by party and
// track; a compare the paired differences of each pathway; a sweep its
// lines (one key) or heatmap (two keys) and the probabilities at its
// points; a sensitivity analysis its tornado and its Sobol indices; a
// scenario discovery its peeling trajectory and its box; a bargaining
// analysis its frontier, zones of agreement, solutions and declared
// packages; a package search its best packages and repair. A long table
// shows the rows its chart shows (one package and pathway, the ten inputs
// of largest effect, the first points) and names the CSV file that holds
// all of them. Then the provenance of each scenario (ScanProvenance: the
// seed documents its comments cite and the values it marks as
// assumptions), and the commands that reproduce every directory and every
// figure (Command, PlotCommand).
//
// Self-contained means no network access at all: no script, no style
// sheet, font or image loaded from anywhere. A link (the ids of seed
// documents, to the page that documents them) is not a request: a reader
// may follow it, the page loads nothing. The CSS is in a <style>
// element and uses the reader's system fonts; the charts are the plot
// package's SVG, inlined (inlineSVG: prolog dropped, ids prefixed per
// figure, every element and attribute re-encoded from a short list, no
// reference outside the figure), each in a <figure> with a <figcaption>,
// role="img" and a text alternative summarising what it shows. Every
// scenario string (a label, a package id) is escaped by html/template.
// Tables are semantic: <caption>, <thead>, <th scope="col">, row headers
// <th scope="row">. The print style sheet starts each section on a new
// page and keeps figures and table rows whole; at phone width, tables
// scroll sideways inside their box.
//
// The page is a function of its inputs only: the same directories and
// sources give the same bytes (no date, no absolute path but those
// given). The package reads nothing itself: the caller reads the
// directories (results.ReadDir) and gives the scenario sources
// (Options.Sources, or FileOptions.Source to be asked for each).
// WriteFile writes the page to a file atomically, as peacesim report does.
package report

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/peacesim/peacesim/results"
)

// Source is the source of a scenario a manifest names, for its label and
// its provenance.
type Source struct {
	// File is the scenario's file as manifests record it: a path as given,
	// or an embedded scenario's name with .toml.
	File string
	// Name is how a command line names it: the path, or the embedded
	// scenario's name. Empty means File.
	Name string
	// Label is the scenario's [scenario] label, if known.
	Label string
	// Text is the TOML source; nil when it could not be read, and Err
	// says why.
	Text []byte
	Err  error
	// SeedsPage is the page that documents the seed documents of the
	// source's index, each at #source-REF (SourcesPage for peacesim's
	// own scenarios): the provenance links each REF there. Empty links
	// none.
	SeedsPage string
}

// SourcesPage is the page of peacesim's repository that documents the
// seed documents its scenarios cite, each at #source-REF ("#source-004").
// A link is not a request: the report still loads nothing.
const SourcesPage = "https://github.com/peacesim/peacesim/blob/main/docs/sources.md"

// Options are what a report needs besides the directories.
type Options struct {
	// Sources are the scenarios' sources, by Source.File.
	Sources []Source
	// Version is the peacesim version writing the report, stated at its
	// foot.
	Version string
	// Packages are the packages the report shows, in this order, of those
	// each directory holds: the rows of its pathway and acceptance tables,
	// the packages of its run, compare and sweep charts, the declared
	// packages of its frontier, and the package of a heatmap, a tornado or
	// Sobol indices and their tables (the first of them the directory
	// holds). Empty shows every package, and for a chart of one the
	// package its study is about (plot.DefaultPackage). A package that no
	// directory holds is an *plot.UnknownError.
	Packages []string
}

// ErrNoDirs reports a report asked of no directory.
var ErrNoDirs = errors.New("no results directory to report")

//go:embed page.tmpl
var pageTemplate string

//go:embed style.css
var styleSheet string

// page is the template's data.
var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"join": strings.Join,
}).Parse(pageTemplate))

// Write writes the report of dirs as one HTML page to w.
func Write(w io.Writer, dirs []*results.Dir, opts Options) error {
	if len(dirs) == 0 {
		return ErrNoDirs
	}
	doc, err := build(dirs, opts)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, doc); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// document is the page: its opening, a section per directory, the
// provenance of the scenarios and the commands that reproduce it all.
type document struct {
	Title    string
	Subtitle string
	Style    template.CSS
	Version  string
	// Opening is the package × pathway table, if any directory has one,
	// and Scenarios the scenario runs it comes from.
	Opening      *table
	OpeningNote  string
	OpeningDir   string
	Scenarios    []scenarioFacts
	Sections     []*section
	Provenance   []provenance
	Reproduce    []reproduction
	ToolVersions string
}

// scenarioFacts is what the opening says of one scenario run.
type scenarioFacts struct {
	ID, Label, File, Hash, Version string
	Trials, Seed                   string
	Overrides                      []string
	Error                          string
}

// section is one directory's part of the page.
type section struct {
	// ID is the section's anchor, Title its heading.
	ID, Title string
	Dir       string
	// Lead says what the directory holds and how it was made.
	Lead    string
	Figures []figure
	Tables  []*table
	Notes   []string
	// command is the command line that wrote the directory, plots those
	// that draw its figures.
	command []string
	plots   [][]string
	// packages are the packages asked for (Options.Packages) that the
	// directory holds, in the order asked.
	packages []string
}

// figure is one chart, inlined.
type figure struct {
	ID      string
	Caption string
	SVG     template.HTML
}

// table is one table of the page.
type table struct {
	Caption string
	Head    []string
	// RowHead is how many leading cells of each row head it (th
	// scope="row").
	RowHead int
	// Numeric marks the columns aligned right.
	Numeric []bool
	Rows    [][]string
	// Links, when a row has them, are where each of its cells links to,
	// "" for none.
	Links [][]string
	// Note follows the table: where the rest of its rows are.
	Note string
}

// Cells returns row i's cells with whether each is a row header and
// numeric, and where it links to, for the template.
func (t *table) Cells(i int) []cellView {
	row := t.Rows[i]
	out := make([]cellView, len(row))
	for j, c := range row {
		out[j] = cellView{Text: c, Head: j < t.RowHead, Num: j < len(t.Numeric) && t.Numeric[j]}
		if i < len(t.Links) && j < len(t.Links[i]) {
			out[j].Href = t.Links[i][j]
		}
	}
	return out
}

// HeadCells returns the column headers with whether each is numeric.
func (t *table) HeadCells() []cellView {
	out := make([]cellView, len(t.Head))
	for j, c := range t.Head {
		out[j] = cellView{Text: c, Num: j < len(t.Numeric) && t.Numeric[j]}
	}
	return out
}

// cellView is one cell as the template writes it: a link to Href when it
// has one.
type cellView struct {
	Text, Href string
	Head, Num  bool
}

// provenance is the provenance part of one scenario source.
type provenance struct {
	ID, File, Label string
	Err             string
	Seeds           *table
	Assumptions     *table
	NoSeeds         bool
}

// reproduction is the commands of one directory.
type reproduction struct {
	Dir, Section, Title string
	Commands            []string
	Notes               []string
}

// build lays out the page of dirs.
func build(dirs []*results.Dir, opts Options) (*document, error) {
	if err := checkPackages(dirs, opts.Packages); err != nil {
		return nil, err
	}
	doc := &document{Style: template.CSS(styleSheet), Version: opts.Version}
	first := dirs[0]
	for _, d := range dirs {
		if d.Has("pathways.csv") && len(d.Pathways) > 0 {
			first = d
			doc.Opening = pathwayMatrix(d, heldOf(d, opts.Packages))
			doc.OpeningDir = d.Path
			break
		}
	}
	if doc.Opening == nil {
		doc.OpeningNote = "None of the directories holds pathways.csv (written by run and compare): this report has no table of pathway probabilities."
	}
	for _, sr := range first.Manifest.Scenarios {
		src := sourceOf(opts.Sources, sr.File)
		doc.Scenarios = append(doc.Scenarios, scenarioFacts{
			ID: sr.Scenario, Label: src.Label, File: sr.File, Hash: sr.ScenarioHash, Version: first.Manifest.Version,
			Trials: thousands(sr.Trials), Seed: fmt.Sprint(sr.Seed), Overrides: sr.Overrides, Error: sr.Error,
		})
	}
	doc.Title = "peacesim report"
	if len(doc.Scenarios) > 0 {
		s := doc.Scenarios[0]
		doc.Subtitle = s.ID
		if s.Label != "" {
			doc.Title, doc.Subtitle = s.Label, "peacesim report · "+s.ID
		}
	}
	if first.Manifest.GoVersion != "" {
		doc.ToolVersions = fmt.Sprintf("peacesim %s, %s, gonum %s", first.Manifest.Version, first.Manifest.GoVersion, first.Manifest.GonumVersion)
	}

	ids := map[string]int{}
	for i, d := range dirs {
		s, err := buildSection(d, i, d == first && doc.Opening != nil, opts)
		if err != nil {
			return nil, err
		}
		// Anchors unique, however many directories of a kind.
		base := s.ID
		ids[base]++
		if n := ids[base]; n > 1 {
			s.ID = fmt.Sprintf("%s-%d", base, n)
		}
		doc.Sections = append(doc.Sections, s)
	}

	doc.Provenance = provenances(dirs, opts.Sources)
	for i, s := range doc.Sections {
		r := reproduction{Dir: s.Dir, Section: s.ID, Title: s.Title}
		if s.command != nil {
			r.Commands = append(r.Commands, shellLines(s.command))
		} else {
			r.Notes = append(r.Notes, "The manifest does not say which command wrote this directory.")
		}
		for _, p := range s.plots {
			r.Commands = append(r.Commands, shellLines(p))
		}
		r.Notes = append(r.Notes, commandNotes(dirs[i])...)
		doc.Reproduce = append(doc.Reproduce, r)
	}
	return doc, nil
}

// sourceOf is the source of file, or one that says it was not given.
func sourceOf(sources []Source, file string) Source {
	if i := slices.IndexFunc(sources, func(s Source) bool { return s.File == file }); i >= 0 {
		return sources[i]
	}
	return Source{File: file, Err: errors.New("its source was not given to the report")}
}

// provenances lists each scenario of dirs once, in the order met, with
// the seeds and assumptions of its source.
func provenances(dirs []*results.Dir, sources []Source) []provenance {
	var out []provenance
	seen := map[string]bool{}
	for _, d := range dirs {
		for _, sr := range d.Manifest.Scenarios {
			if seen[sr.File] {
				continue
			}
			seen[sr.File] = true
			src := sourceOf(sources, sr.File)
			p := provenance{ID: sr.Scenario, File: sr.File, Label: src.Label}
			if src.Text == nil {
				msg := "unknown reason"
				if src.Err != nil {
					msg = src.Err.Error()
				}
				p.Err = fmt.Sprintf("The source of %s could not be read (%s): its seeds and assumptions are not listed.", sr.File, msg)
				out = append(out, p)
				continue
			}
			pv := ScanProvenance(src.Text)
			p.NoSeeds = len(pv.Seeds) == 0
			if len(pv.Seeds) > 0 {
				t := &table{Caption: fmt.Sprintf("Seed documents cited by %s", sr.File),
					Head: []string{"Seed", "File", "What it is", "Lines citing it", "Lines"}, RowHead: 1,
					Numeric: []bool{false, false, false, true, false}}
				for _, s := range pv.Seeds {
					t.Rows = append(t.Rows, []string{s.Ref, s.File, s.About, fmt.Sprint(len(s.Lines)), lineList(s.Lines)})
					t.Links = append(t.Links, []string{seedLink(src.SeedsPage, s)})
				}
				p.Seeds = t
			}
			t := &table{Caption: fmt.Sprintf("Values of %s marked as assumptions (%d)", sr.File, len(pv.Assumptions)),
				Head: []string{"Line", "Key", "Assumption"}, RowHead: 1, Numeric: []bool{true}}
			for _, a := range pv.Assumptions {
				key := a.Key
				if key == "" {
					key = "(opening comments)"
				}
				t.Rows = append(t.Rows, []string{fmt.Sprint(a.Line), key, a.Text})
			}
			p.Assumptions = t
			out = append(out, p)
		}
	}
	return out
}

// seedLink is where the id of a seed of a source's index links to: its
// entry on the page that documents the index's seeds, #source-REF; none
// without a page, or for a seed cited without an index.
func seedLink(page string, s Seed) string {
	if page == "" || s.File == "" {
		return ""
	}
	return page + "#source-" + s.Ref
}

// lineList writes line numbers as a comma-separated list.
func lineList(lines []int) string {
	s := make([]string, len(lines))
	for i, n := range lines {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ", ")
}

// anchor is a section's anchor of its directory's kind and index.
func anchor(kind string, i int) string {
	return fmt.Sprintf("%s-%d", kind, i+1)
}

// figureName is the file a plot command writes a figure of d to: the
// directory's name and the chart's.
func figureName(d *results.Dir, name string) string {
	base := filepath.Base(filepath.Clean(d.Path))
	if base == "." || base == "/" {
		base = "results"
	}
	return base + "-" + name + ".svg"
}
