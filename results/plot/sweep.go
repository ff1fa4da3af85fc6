package plot

import (
	"cmp"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/peacesim/peacesim/results"
)

// scale places the values of a varied key on an axis: at their numbers
// when every value is one (a troop cap, a reservation), else one step
// apart in the order they first appear (levels, booleans, distributions).
type scale struct {
	values  []string
	numeric bool
	number  map[string]float64
}

// newScale is the scale of the values, distinct, in the order they first
// appear. A numeric scale keeps them sorted by number.
func newScale(values []string) scale {
	s := scale{values: values, numeric: len(values) > 0, number: map[string]float64{}}
	for _, v := range values {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			s.numeric = false
			break
		}
		s.number[v] = f
	}
	if s.numeric {
		s.values = slices.Clone(values)
		slices.SortStableFunc(s.values, func(a, b string) int { return cmp.Compare(s.number[a], s.number[b]) })
	}
	return s
}

// at is the position of value v on the axis.
func (s scale) at(v string) float64 {
	if s.numeric {
		return s.number[v]
	}
	return float64(slices.Index(s.values, v))
}

// index is the rank of v among the values (sorted, when numeric).
func (s scale) index(v string) int { return slices.Index(s.values, v) }

// axis sets a's range and ticks for an axis width long. Each value is
// marked as the sweep wrote it when their labels fit side by side; a
// numeric scale whose labels do not is marked by gonum's ticks, a
// categorical one at every k-th value.
func (s scale) axis(a *plot.Axis, width vg.Length) {
	var total vg.Length
	for _, v := range s.values {
		total += a.Tick.Label.Width(v)
	}
	// Labels need a sixth of their width again between them.
	need := total * 1.15
	fit := len(s.values) <= maxValueTicks && need <= width
	if !s.numeric {
		a.Min, a.Max = -0.5, float64(len(s.values))-0.5
		every := 1
		if !fit && width > 0 {
			every = int(math.Ceil(float64(need / width)))
		}
		ticks := categoryTicks(s.values, func(i int) float64 { return float64(i) })
		for i := range ticks {
			if i%every != 0 {
				ticks[i].Label = "" // a minor tick
			}
		}
		a.Tick.Marker = ticks
		return
	}
	lo, hi := s.number[s.values[0]], s.number[s.values[len(s.values)-1]]
	pad := (hi - lo) * 0.03
	if pad == 0 {
		pad = max(math.Abs(lo)*0.1, 1)
	}
	a.Min, a.Max = lo-pad, hi+pad
	if fit {
		a.Tick.Marker = categoryTicks(s.values, func(i int) float64 { return s.number[s.values[i]] })
	}
}

// maxValueTicks is the most values a sweep's axis labels one by one.
const maxValueTicks = 12

// glyphPoints is the most points of a line marked each with a dot: beyond
// it (a Latin hypercube's hundreds) the dots would hide the line.
const glyphPoints = 30

// newSweep charts a sweep over one key: in a panel per package, each
// pathway's probability against the key's value as a line over its 95%
// band.
func newSweep(d *results.Dir, opts Options) (*Chart, error) {
	if len(d.Sweep) == 0 {
		return nil, errNoRows(d, "sweep.csv")
	}
	s, err := sweepLinesOf(d, opts)
	if err != nil {
		return nil, err
	}
	key := d.SweepKeys[0]
	title := "Pathway probabilities against " + key
	if len(s.names) == 1 {
		title = "Probability of " + s.names[0] + " against " + key
	}
	c := &Chart{kind: Sweep}
	c.fig = figure{
		title:  title,
		legend: s.legend(),
		caption: caption(d, "bands: 95% Wilson intervals", runsOf(d.Sweep, func(r results.SweepRow) (string, int64, uint64) {
			return r.Scenario, r.Trials, r.Seed
		})),
		body: s.draw,
	}
	c.width = 16 * vg.Centimeter
	c.height = s.height()
	return c, nil
}

// sweepLinesOf gathers the lines of a sweep over one key, of the packages
// and pathways asked for (default: all): a panel per package (per
// scenario and package in a batch), in the order asked for, a line per
// pathway in each; a pathway keeps its colour when it is shown alone.
func sweepLinesOf(d *results.Dir, opts Options) (*linePanels, error) {
	rows := d.Sweep
	batch := len(firstSeen(rows, func(r results.SweepRow) string { return r.Scenario })) > 1
	packages, err := choose("package", opts.Packages, firstSeen(rows, func(r results.SweepRow) string { return r.Package }))
	if err != nil {
		return nil, err
	}
	allPathways := firstSeen(rows, func(r results.SweepRow) string { return r.Pathway })
	pathways, err := pathwayOpt(opts.Pathway, allPathways)
	if err != nil {
		return nil, err
	}
	rows = slices.DeleteFunc(slices.Clone(rows), func(r results.SweepRow) bool {
		return !slices.Contains(packages, r.Package) || !slices.Contains(pathways, r.Pathway)
	})
	slices.SortStableFunc(rows, func(a, b results.SweepRow) int {
		return slices.Index(packages, a.Package) - slices.Index(packages, b.Package)
	})
	x := newScale(firstSeen(rows, func(r results.SweepRow) string { return r.Values[0] }))
	s := &linePanels{
		panels: firstSeen(rows, func(r results.SweepRow) string { return group(batch, r.Scenario, r.Package) }),
		names:  pathways,
		xlabel: d.SweepKeys[0],
		ylabel: "probability",
		xaxis:  func(_ int, a *plot.Axis, width vg.Length) { x.axis(a, width) },
	}
	s.series = make([][]*line, len(s.panels))
	for i := range s.panels {
		s.series[i] = make([]*line, len(pathways))
		for j, pw := range pathways {
			s.series[i][j] = &line{color: pathwayColor(slices.Index(allPathways, pw))}
		}
	}
	for _, r := range rows {
		l := s.series[slices.Index(s.panels, group(batch, r.Scenario, r.Package))][slices.Index(pathways, r.Pathway)]
		l.pts = append(l.pts, point{x: x.at(r.Values[0]), p: r.Probability, lo: r.CILow, hi: r.CIHigh})
	}
	for _, ps := range s.series {
		for _, l := range ps {
			slices.SortStableFunc(l.pts, func(a, b point) int { return cmp.Compare(a.x, b.x) })
			l.glyphs = len(l.pts) <= glyphPoints
		}
	}
	return s, nil
}

// line draws one pathway's probability along a sweep: the 95% band, the
// line through the estimates, and a dot at each when there are few.
type line struct {
	pts    []point
	color  color.Color
	glyphs bool
}

// point is one estimate of a line: the key's position, the probability
// and its interval.
type point struct{ x, p, lo, hi float64 }

// Plot draws the band, then the line and dots over it.
func (l *line) Plot(c draw.Canvas, plt *plot.Plot) {
	tx, ty := plt.Transforms(&c)
	var band, upper, mid []vg.Point
	for _, pt := range l.pts {
		if math.IsNaN(pt.p) {
			continue
		}
		mid = append(mid, vg.Point{X: tx(pt.x), Y: ty(pt.p)})
		if !math.IsNaN(pt.lo) && !math.IsNaN(pt.hi) {
			band = append(band, vg.Point{X: tx(pt.x), Y: ty(pt.lo)})
			upper = append(upper, vg.Point{X: tx(pt.x), Y: ty(pt.hi)})
		}
	}
	if len(band) > 1 {
		slices.Reverse(upper)
		c.FillPolygon(translucent(l.color), c.ClipPolygonXY(append(band, upper...)))
	}
	c.StrokeLines(draw.LineStyle{Color: l.color, Width: lineWidth}, c.ClipLinesXY(mid)...)
	if l.glyphs || len(mid) == 1 {
		for _, p := range mid {
			c.DrawGlyph(draw.GlyphStyle{Color: l.color, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}, p)
		}
	}
}
