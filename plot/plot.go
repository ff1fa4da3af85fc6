// Package plot draws charts of peacesim's results tables with
// gonum.org/v1/plot: what a results directory holds decides the chart. It
// reads only what package results reads back (results.Dir), never a model
// or a run, so a chart can be redrawn from the CSV files alone.
//
//   - a run (pathways.csv): each package's probability of each pathway, as
//     horizontal bars with their 95% intervals;
//   - a compare (comparisons.csv): the paired differences of one pathway
//     between every pair of packages, with their intervals, against zero;
//   - a sweep over one key (sweep.csv): each pathway's probability against
//     the key's value, a line and a 95% band per pathway, a panel per
//     package;
//   - a sweep over two keys: one package's probability of one pathway over
//     the two keys, as a heatmap with a colour scale (as coloured points
//     when the sweep's points do not form a grid, as a Latin hypercube's do
//     not).
//
// Every chart is captioned with its scenarios, trials and seed from the
// manifest, so that a figure pasted into a paper still says where it comes
// from.
package plot

import (
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/peacesim/peacesim/results"
)

// Kind is a kind of chart, chosen by the tables a directory holds.
type Kind int

// The kinds of chart, one per kind of results directory.
const (
	// Run draws pathways.csv: pathway probabilities per package.
	Run Kind = iota + 1
	// Compare draws comparisons.csv: paired differences for one pathway.
	Compare
	// Sweep draws a sweep over one key: probability against the key.
	Sweep
	// Heatmap draws a sweep over two keys: one pathway's probability.
	Heatmap
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
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// ErrNothing reports a directory that holds no table a chart is drawn
// from, a table without rows, or a sweep over more keys than a chart
// shows.
var ErrNothing = errors.New("nothing to plot")

// ErrOptions reports options that do not fit the chart the directory
// calls for, such as several packages for a heatmap.
var ErrOptions = errors.New("options do not fit the chart")

// ErrFormat reports an output name whose extension is not a format plot
// writes (Formats).
var ErrFormat = errors.New("unknown image format")

// UnknownError reports a pathway or package that the results do not hold,
// with those they do, for a did-you-mean.
type UnknownError struct {
	// What is "pathway" or "package".
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
	// Pathway is the pathway of a compare or heatmap (default: the first
	// in the tables); for a run or a sweep over one key, the one pathway
	// to show (default: all).
	Pathway string
	// Packages are the packages to show, in this order (default: all, in
	// the tables' order); a heatmap takes one.
	Packages []string
	// Title replaces the chart's own title.
	Title string
	// Width and Height are the figure's size; zero picks one that fits
	// the chart (16 cm wide, and as high as its rows or panels need).
	Width, Height vg.Length
	// DPI is the resolution of a PNG, in dots per inch; zero means
	// DefaultDPI. SVG and PDF are vector formats and ignore it.
	DPI int
}

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
}

// New builds the chart that fits d: Heatmap when d holds a sweep over two
// keys, Sweep over one, Compare when it holds comparisons.csv, Run when it
// holds pathways.csv. An option naming a pathway or package d does not
// hold is an *UnknownError; options the chart cannot take (two packages
// for a heatmap, packages of a compare that make no pair) wrap ErrOptions;
// a sweep over more than two keys, or a directory with none of those
// tables, wraps ErrNothing.
func New(d *results.Dir, opts Options) (*Chart, error) {
	var (
		c   *Chart
		err error
	)
	switch {
	case d.Has("sweep.csv") && len(d.SweepKeys) > 2:
		return nil, fmt.Errorf("%w: %s holds a sweep over %d keys; plot draws a sweep over one key (lines) or two (a heatmap)",
			ErrNothing, d.Path, len(d.SweepKeys))
	case d.Has("sweep.csv") && len(d.SweepKeys) == 2:
		c, err = newHeatmap(d, opts)
	case d.Has("sweep.csv"):
		c, err = newSweep(d, opts)
	case d.Has("comparisons.csv"):
		c, err = newCompare(d, opts)
	case d.Has("pathways.csv"):
		c, err = newRun(d, opts)
	default:
		return nil, fmt.Errorf("%w: %s holds none of pathways.csv, comparisons.csv, sweep.csv", ErrNothing, d.Path)
	}
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

// Encode draws the chart at its size and writes it to w in format (one of
// Formats).
func (c *Chart) Encode(w io.Writer, format string) error {
	var canvas vg.CanvasWriterTo
	switch format {
	case "png":
		canvas = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(c.width, c.height), vgimg.UseDPI(c.dpi))}
	case "svg":
		canvas = vgsvg.New(c.width, c.height)
	case "pdf":
		canvas = vgpdf.New(c.width, c.height)
	default:
		return fmt.Errorf("%w: %q (want %s)", ErrFormat, format, strings.Join(Formats(), ", "))
	}
	c.Draw(draw.New(canvas))
	_, err := canvas.WriteTo(w)
	return err
}

// ParseLength reads a figure's width or height: a number with a unit, cm,
// mm, in or pt as gonum's vg.ParseLength reads them, or px, pixels of a
// PNG at dpi dots per inch. A bare number is in points.
func ParseLength(s string, dpi int) (vg.Length, error) {
	t := strings.TrimSpace(s)
	var (
		l   vg.Length
		err error
	)
	if n, ok := strings.CutSuffix(t, "px"); ok {
		if dpi <= 0 {
			dpi = DefaultDPI
		}
		var px float64
		px, err = strconv.ParseFloat(strings.TrimSpace(n), 64)
		l = vg.Length(px) * vg.Inch / vg.Length(dpi)
	} else {
		l, err = vg.ParseLength(t)
	}
	if err != nil || math.IsNaN(float64(l)) || l <= 0 || math.IsInf(float64(l), 0) {
		return 0, fmt.Errorf("%q is not a length (want a positive number with cm, mm, in, pt or px, such as 16cm)", s)
	}
	return l, nil
}
