// Package plot draws charts of peacesim's results tables with
// gonum.org/v1/plot: what a results directory holds decides the chart. It
// reads only what package results reads back (results.Dir), never a model
// or a run, so a chart can be redrawn from the CSV files alone.
//
//   - a run (pathways.csv): each package's probability of each pathway, as
//     horizontal bars with their 95% intervals;
//   - a run over a timeline (timeline.csv): each pathway's probability of
//     being reached by each round, cumulative, against the round (its date
//     where the timeline has a start), a line and a 95% band per pathway,
//     a panel per package, the timeline's marks as labelled rules; or one
//     pathway, a line per package;
//   - a compare (comparisons.csv): the paired differences of one pathway
//     between every pair of packages, with their intervals, against zero;
//   - a sweep over one key (sweep.csv): each pathway's probability against
//     the key's value, a line and a 95% band per pathway, a panel per
//     package;
//   - a sweep over two keys: one package's probability of one pathway over
//     the two keys, as a heatmap with a colour scale of whole tens of
//     percentage points (as coloured points when the sweep's points do not
//     form a grid, as a Latin hypercube's do not);
//   - a sensitivity analysis (tornado.csv): for one package and pathway, a
//     tornado of how far each input, fixed low and then high, moves the
//     probability; with sobol.csv, the inputs' Sobol indices instead
//     (Options.Chart);
//   - a scenario discovery (trajectory.csv): PRIM's peeling trajectory,
//     density against coverage, the chosen box marked;
//   - a bargaining analysis (frontier.csv): each track's Pareto frontier
//     in the utilities of two veto parties, with their reservations, the
//     ZOPA, the Nash and Kalai–Smorodinsky solutions and the declared
//     packages.
//
// Every chart is captioned with its scenarios, trials and seed from the
// manifest, so that a figure pasted into a paper still says where it comes
// from.
//
// New builds a chart and Chart.Encode writes it in a format; WriteFile
// does both into an image file, atomically, as peacesim plot does.
package plot

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/peacesim/peacesim/results"
)

// Kind is a kind of chart, chosen by the tables a directory holds.
type Kind int

// The kinds of chart: one per kind of results directory, two for a run
// over a timeline and for a sensitivity analysis.
const (
	// Run draws pathways.csv: pathway probabilities per package.
	Run Kind = iota + 1
	// Compare draws comparisons.csv: paired differences for one pathway.
	Compare
	// Sweep draws a sweep over one key: probability against the key.
	Sweep
	// Heatmap draws a sweep over two keys: one pathway's probability.
	Heatmap
	// Tornado draws tornado.csv: each input's swing of one probability.
	Tornado
	// Sobol draws sobol.csv: each input's first-order and total indices.
	Sobol
	// Trajectory draws trajectory.csv: PRIM's density against coverage.
	Trajectory
	// Frontier draws frontier.csv: each track's Pareto frontier.
	Frontier
	// Timeline draws timeline.csv: each pathway reached by the round.
	Timeline
	// Posterior draws posterior.csv: prior against posterior for the
	// inputs a run's evidence moved most.
	Posterior
)

// String names the kind as the command line's help does.
func (k Kind) String() string {
	switch k {
	case Run:
		return "run"
	case Compare:
		return "compare"
	case Sweep:
		return "sweep over one key"
	case Heatmap:
		return "sweep over two keys"
	case Tornado:
		return "tornado"
	case Sobol:
		return "Sobol indices"
	case Trajectory:
		return "PRIM trajectory"
	case Frontier:
		return "bargaining frontier"
	case Timeline:
		return "timeline"
	case Posterior:
		return "posterior"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// ErrNothing reports a directory that holds no table a chart is drawn
// from, a table without rows, or a sweep over more keys than a chart
// shows.
var ErrNothing = errors.New("nothing to plot")

// ErrOptions reports options that do not fit the chart the directory
// calls for, such as several packages for a heatmap, or a chart
// (Options.Chart) that the directory cannot draw.
var ErrOptions = errors.New("options do not fit the chart")

// ErrFormat reports an output name whose extension is not a format plot
// writes (Formats).
var ErrFormat = errors.New("unknown image format")

// UnknownError reports a pathway or package that the results do not hold,
// with those they do, for a did-you-mean.
type UnknownError struct {
	// What is "pathway", "package" or "track".
	What string
	// Name is the one asked for.
	Name string
	// Known are those the results hold, in their order.
	Known []string
}

// Error names what was asked for and what there is.
func (e *UnknownError) Error() string {
	return fmt.Sprintf("the results have no %s %q (they have %s)", e.What, e.Name, strings.Join(e.Known, ", "))
}

// Options choose what a chart shows and how large it is. The zero value
// draws the whole directory at a size that fits it.
type Options struct {
	// Chart names the chart to draw of those the directory can (Charts):
	// "tornado" or "sobol" for a sensitivity analysis that wrote both.
	// Empty draws the first.
	Chart string
	// Pathway is the pathway of a compare, heatmap, tornado, Sobol or
	// trajectory chart (default: the first in the tables); for a run or a
	// sweep over one key, the one pathway to show (default: all); for a
	// timeline, the one pathway to show, a line per package in one panel
	// (default: all but the fallback, a panel per package).
	Pathway string
	// Packages are the packages to show, in this order (default: all, in
	// the tables' order); a heatmap, tornado, Sobol or trajectory chart
	// takes one (default: DefaultPackage's, the one the study is about,
	// named in the caption; the first of a trajectory). On a frontier
	// chart they are the declared packages marked.
	Packages []string
	// Track is the one track a frontier chart shows (default: a panel for
	// each track with a frontier).
	Track string
	// Top is the number of inputs a tornado or Sobol chart shows, those
	// that matter most; zero means DefaultTop.
	Top int
	// Title replaces the chart's own title.
	Title string
	// Width and Height are the figure's size; zero picks one that fits
	// the chart (16 cm wide, and as high as its rows or panels need).
	// Encode refuses a size outside the limits (MinSide, MaxVectorSide,
	// MaxPNGSide, MaxPNGPixels) with a *SizeError.
	Width, Height vg.Length
	// DPI is the resolution of a PNG, in dots per inch, from MinDPI to
	// MaxDPI; zero means DefaultDPI. SVG and PDF are vector formats and
	// ignore it.
	DPI int
}

// DefaultTop is the number of inputs a tornado or Sobol chart shows when
// Options.Top is zero: as many as a reader compares at a glance.
const DefaultTop = 10

// DefaultDPI is the resolution of a PNG when Options.DPI is zero: sharp on
// a screen and in print at the default size, and under 1000 pixels wide.
const DefaultDPI = 150

// Chart is a figure ready to be written in any format: the chart that fits
// a results directory, laid out for its size.
type Chart struct {
	kind          Kind
	fig           figure
	width, height vg.Length
	dpi           int
	// layers are the drawings of a chart built of them, by name.
	layers []*layer
}

// chart is a chart a directory can draw: its name, as Options.Chart takes
// it, and how it is built.
type chart struct {
	name  string
	build func(*results.Dir, Options) (*Chart, error)
}

// charts are the charts d can draw by the tables it holds, the one drawn
// by default first.
func charts(d *results.Dir) []chart {
	var cs []chart
	switch {
	case d.Has("sweep.csv") && len(d.SweepKeys) == 2:
		cs = append(cs, chart{"heatmap", newHeatmap})
	case d.Has("sweep.csv") && len(d.SweepKeys) < 2:
		cs = append(cs, chart{"sweep", newSweep})
	}
	tables := []struct {
		file string
		chart
	}{
		{"comparisons.csv", chart{"compare", newCompare}},
		{results.TimelineFile, chart{"timeline", newTimeline}},
		{"pathways.csv", chart{"run", newRun}},
		{results.TornadoFile, chart{"tornado", newTornado}},
		{results.SobolFile, chart{"sobol", newSobol}},
		{results.TrajectoryFile, chart{"trajectory", newTrajectory}},
		{results.FrontierFile, chart{"frontier", newFrontier}},
		{results.PosteriorFile, chart{"posterior", newPosterior}},
	}
	// A run over a timeline draws it before the run's bars, unless some
	// of its scenarios have none: their packages would be missing.
	if !allOverTime(d) {
		tables[1], tables[2] = tables[2], tables[1]
	}
	for _, c := range tables {
		if d.Has(c.file) {
			cs = append(cs, c.chart)
		}
	}
	return cs
}

// allOverTime reports whether every scenario d's manifest records a run
// of (those that did not fail) has a timeline.
func allOverTime(d *results.Dir) bool {
	return !slices.ContainsFunc(d.Manifest.Scenarios, func(sr results.ScenarioRun) bool {
		return sr.Error == "" && sr.Timeline == nil
	})
}

// Charts names the charts d can draw, as Options.Chart takes them, the
// one drawn by default first: heatmap or sweep for a sweep over two keys
// or one, compare and run for a compare, run for a run, timeline then
// run for a run over a timeline (run first when some of a batch's
// scenarios have no timeline), compare, timeline and run for a compare
// over one, tornado and sobol for a sensitivity analysis, trajectory for
// a scenario discovery, frontier for a bargaining analysis.
func Charts(d *results.Dir) []string {
	var names []string
	for _, c := range charts(d) {
		names = append(names, c.name)
	}
	return names
}

// New builds the chart that fits d, or the one Options.Chart names:
// Heatmap when d holds a sweep over two keys, Sweep over one, Compare when
// it holds comparisons.csv, Timeline for a run over a timeline
// (timeline.csv), Run when it holds pathways.csv, Tornado (or
// Sobol) for a sensitivity analysis, Trajectory for a scenario discovery,
// Frontier for a bargaining analysis. An option naming a pathway,
// package or track d does not hold is an *UnknownError; options the chart
// cannot take (two packages for a heatmap, packages of a compare that
// make no pair, a chart d cannot draw) wrap ErrOptions; a sweep over more
// than two keys, or a directory with none of those tables, wraps
// ErrNothing.
func New(d *results.Dir, opts Options) (*Chart, error) {
	if d.Has("sweep.csv") && len(d.SweepKeys) > 2 {
		return nil, fmt.Errorf("%w: %s holds a sweep over %d keys; plot draws a sweep over one key (lines) or two (a heatmap)",
			ErrNothing, d.Path, len(d.SweepKeys))
	}
	cs := charts(d)
	if len(cs) == 0 {
		return nil, fmt.Errorf("%w: %s holds none of pathways.csv, comparisons.csv, sweep.csv, %s, %s, %s, %s",
			ErrNothing, d.Path, results.TornadoFile, results.SobolFile, results.TrajectoryFile, results.FrontierFile)
	}
	ch := cs[0]
	if opts.Chart != "" {
		i := slices.IndexFunc(cs, func(c chart) bool { return c.name == opts.Chart })
		if i < 0 {
			return nil, &optionsError{fmt.Sprintf("--chart %s: %s cannot draw it; it can draw %s",
				opts.Chart, d.Path, strings.Join(Charts(d), ", "))}
		}
		ch = cs[i]
	}
	if opts.Top < 0 {
		return nil, &optionsError{fmt.Sprintf("--top must be ≥ 1, got %d", opts.Top)}
	}
	c, err := ch.build(d, opts)
	if err != nil {
		return nil, err
	}
	if opts.Title != "" {
		c.fig.title = opts.Title
	}
	if opts.Width > 0 {
		c.width = opts.Width
	}
	if opts.Height > 0 {
		c.height = opts.Height
	}
	c.dpi = opts.DPI
	if c.dpi <= 0 {
		c.dpi = DefaultDPI
	}
	return c, nil
}

// Kind is the kind of chart drawn.
func (c *Chart) Kind() Kind { return c.kind }

// Size is the figure's width and height.
func (c *Chart) Size() (width, height vg.Length) { return c.width, c.height }

// Draw draws the figure onto dc, filling it.
func (c *Chart) Draw(dc draw.Canvas) { c.fig.draw(dc) }

// Formats are the formats Encode writes, by the extension of their files.
func Formats() []string { return []string{"png", "svg", "pdf"} }

// FormatOf is the format of an output file by its extension (case aside):
// png, svg or pdf. Any other is an error wrapping ErrFormat.
func FormatOf(path string) (string, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	if !slices.Contains(Formats(), ext) {
		if ext == "" {
			return "", fmt.Errorf("%w: %s has no extension (want .%s)", ErrFormat, path, strings.Join(Formats(), ", ."))
		}
		return "", fmt.Errorf("%w: .%s (want .%s)", ErrFormat, ext, strings.Join(Formats(), ", ."))
	}
	return ext, nil
}
