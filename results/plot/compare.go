package plot

import (
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/peacesim/peacesim/results"
)

// The verdicts of a paired difference, each with its colour in a compare
// chart.
const (
	beyond    = "beyond sampling error (interval excludes 0)"
	within    = "within sampling error"
	identical = "identical by construction"
)

// verdictColor is the colour of a difference of a verdict.
func verdictColor(verdict string) color.Color {
	switch verdict {
	case beyond:
		return pathwayColors()[0]
	case within:
		return color.Gray{Y: 0x99}
	}
	return color.Black
}

// verdictOf says what a paired difference's interval allows.
func verdictOf(r results.ComparisonRow) string {
	switch {
	case r.Identical:
		return identical
	case r.ExcludesZero:
		return beyond
	}
	return within
}

// newCompare charts comparisons.csv for one pathway: a row per pair of
// packages, the paired difference P(a) − P(b) as a point with its 95%
// interval, coloured by whether the interval excludes zero, against a line
// at zero.
func newCompare(d *results.Dir, opts Options) (*Chart, error) {
	rows := d.Comparisons
	pathways := firstSeen(rows, func(r results.ComparisonRow) string { return r.Pathway })
	if len(rows) == 0 {
		return nil, errNoRows(d, "comparisons.csv")
	}
	pathway := pathways[0]
	if opts.Pathway != "" {
		chosen, err := pathwayOpt(opts.Pathway, pathways)
		if err != nil {
			return nil, err
		}
		pathway = chosen[0]
	}
	var known []string
	for _, r := range rows {
		for _, p := range []string{r.PackageA, r.PackageB} {
			if !slices.Contains(known, p) {
				known = append(known, p)
			}
		}
	}
	packages, err := choose("package", opts.Packages, known)
	if err != nil {
		return nil, err
	}
	rows = slices.DeleteFunc(slices.Clone(rows), func(r results.ComparisonRow) bool {
		return r.Pathway != pathway || !slices.Contains(packages, r.PackageA) || !slices.Contains(packages, r.PackageB)
	})
	if len(rows) == 0 {
		return nil, &optionsError{"--packages leaves no pair of packages to compare"}
	}
	batch := len(firstSeen(rows, func(r results.ComparisonRow) string { return r.Scenario })) > 1
	labels := make([]string, len(rows))
	pts := &diffs{}
	var seen []string
	for i, r := range rows {
		labels[i] = group(batch, r.Scenario, r.PackageA+" − "+r.PackageB)
		v := verdictOf(r)
		if !slices.Contains(seen, v) {
			seen = append(seen, v)
		}
		pts.rows = append(pts.rows, diff{y: float64(len(rows) - 1 - i), d: r.Difference, lo: r.CILow, hi: r.CIHigh, color: verdictColor(v)})
	}
	var legend []legendEntry
	for _, v := range []string{beyond, within, identical} {
		if slices.Contains(seen, v) {
			legend = append(legend, legendEntry{label: v, color: verdictColor(v)})
		}
	}

	c := &Chart{kind: Compare}
	c.fig = figure{
		title:  "Paired differences of packages: " + pathway,
		legend: legend,
		caption: caption(d, "Newcombe 95% intervals on the same trials", runsOf(d.Comparisons, func(r results.ComparisonRow) (string, int64, uint64) {
			return r.Scenario, r.Trials, r.Seed
		})),
		body: func(dc draw.Canvas) {
			// The figures in a column at the right, one per row.
			st := textStyle(tickSize, text.XLeft, text.YCenter)
			var column vg.Length
			for _, l := range pts.labels() {
				column = max(column, st.Width(l))
			}
			heading := "difference [95% CI], pts"
			column = max(column, st.Width(heading)) + margin
			hs := textStyle(tickSize, text.XLeft, text.YBottom)
			hs.Color = color.Gray{Y: 0x55}
			left := dc
			left.Max.X -= column
			left.Max.Y -= hs.Height(heading) + vg.Points(2) // room for the heading

			p := newPlot()
			// A label wider than the data area upsets gonum's layout: the
			// pathway is in the title.
			p.X.Label.Text = "P(A) − P(B), percentage points"
			p.X.Tick.Marker = percentTicks{signed: true}
			lo, hi := pts.span()
			pad := max((hi-lo)*0.08, 0.005)
			p.X.Min, p.X.Max = min(lo-pad, -pad), max(hi+pad, pad)
			p.Y.Min, p.Y.Max = -0.6, float64(len(rows))-0.4
			p.Y.Tick.Marker = categoryTicks(labels, func(i int) float64 { return float64(len(rows) - 1 - i) })
			p.Y.Tick.Length = 0
			grid := plotter.NewGrid()
			grid.Vertical.Color = color.Gray{Y: 0xdd}
			grid.Horizontal.Color = color.Gray{Y: 0xee}
			p.Add(grid, zeroLine{}, pts)
			p.Draw(left)

			data := p.DataCanvas(left)
			_, ty := p.Transforms(&data)
			x := left.Max.X + margin
			for i, l := range pts.labels() {
				dc.FillText(st, vg.Point{X: x, Y: ty(pts.rows[i].y)}, l)
			}
			dc.FillText(hs, vg.Point{X: x, Y: data.Max.Y + vg.Points(2)}, heading)
		},
	}
	// Wide enough for the pairs' names, 7 cm of data and the figures.
	var names vg.Length
	for _, l := range labels {
		names = max(names, textStyle(tickSize, text.XRight, text.YCenter).Width(l))
	}
	c.width = max(16*vg.Centimeter, names+11*vg.Centimeter)
	c.height = max(10*vg.Centimeter, vg.Length(len(rows))*0.55*vg.Centimeter+5*vg.Centimeter)
	return c, nil
}

// optionsError is an ErrOptions with its reason.
type optionsError struct{ msg string }

func (e *optionsError) Error() string { return e.msg }
func (e *optionsError) Unwrap() error { return ErrOptions }

// zeroLine marks zero on the x axis: no difference.
type zeroLine struct{}

// Plot draws a dashed vertical line at x = 0 across the data area.
func (zeroLine) Plot(c draw.Canvas, plt *plot.Plot) {
	tx, _ := plt.Transforms(&c)
	x := tx(0)
	st := draw.LineStyle{Color: color.Black, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	c.StrokeLine2(st, x, c.Min.Y, x, c.Max.Y)
}

// diffs draws paired differences: a point at each difference with its
// interval as a whisker, and the value with the interval at the right.
type diffs struct{ rows []diff }

// diff is one pair's difference, interval and colour.
type diff struct {
	y, d, lo, hi float64
	color        color.Color
}

// span is the smallest and largest value the whiskers reach.
func (ds *diffs) span() (lo, hi float64) {
	lo, hi = 0, 0
	for _, r := range ds.rows {
		for _, v := range []float64{r.d, r.lo, r.hi} {
			if !math.IsNaN(v) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	return lo, hi
}

// Plot draws the points and whiskers on the data canvas.
func (ds *diffs) Plot(c draw.Canvas, plt *plot.Plot) {
	tx, ty := plt.Transforms(&c)
	rowHeight := ty(1) - ty(0)
	radius := min(vg.Points(4), rowHeight*0.3)
	for _, r := range ds.rows {
		if math.IsNaN(r.d) {
			continue
		}
		y := ty(r.y)
		ls := draw.LineStyle{Color: r.color, Width: lineWidth}
		if !math.IsNaN(r.lo) && !math.IsNaN(r.hi) {
			cap := radius
			c.StrokeLine2(ls, tx(r.lo), y, tx(r.hi), y)
			c.StrokeLine2(ls, tx(r.lo), y-cap, tx(r.lo), y+cap)
			c.StrokeLine2(ls, tx(r.hi), y-cap, tx(r.hi), y+cap)
		}
		c.DrawGlyph(draw.GlyphStyle{Color: r.color, Radius: radius, Shape: draw.CircleGlyph{}}, vg.Point{X: tx(r.d), Y: y})
	}
}

// labels are the rows' differences and intervals, as a reader quotes them.
func (ds *diffs) labels() []string {
	out := make([]string, len(ds.rows))
	for i, r := range ds.rows {
		out[i] = points(r.d) + " [" + points(r.lo) + ", " + points(r.hi) + "]"
	}
	return out
}

// DataRange spans the whiskers and rows.
func (ds *diffs) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = ds.span()
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for _, r := range ds.rows {
		ymin, ymax = min(ymin, r.y), max(ymax, r.y)
	}
	return xmin, xmax, ymin, ymax
}

// points writes a difference of probabilities in percentage points, signed:
// one decimal, or two significant digits for a difference too small for
// one, so that no bound that is not zero reads as 0 (as the terminal table
// of peacesim compare writes them).
func points(d float64) string {
	x := 100 * d
	var s string
	switch {
	case math.IsNaN(x):
		return "NA"
	case x == 0:
		return "0"
	case math.Abs(x) < 0.05:
		s = strconv.FormatFloat(math.Abs(x), 'g', 2, 64)
	default:
		s = strconv.FormatFloat(math.Abs(x), 'f', 1, 64)
	}
	if x < 0 {
		return "−" + s
	}
	return "+" + s
}
