package plot

import (
	"cmp"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
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
	if len(s.pathways) == 1 {
		title = "Probability of " + s.pathways[0] + " against " + key
	}
	c := &Chart{kind: Sweep}
	c.fig = figure{
		title:  title,
		legend: s.legend(),
		caption: caption(d, "bands: 95% Wilson intervals", runsOf(d.Sweep, func(r results.SweepRow) (string, int64, uint64) {
			return r.Scenario, r.Trials, r.Seed
		})),
		body: func(dc draw.Canvas) { s.draw(dc, key) },
	}
	_, nrows := panelGrid(len(s.panels))
	c.width = 16 * vg.Centimeter
	c.height = max(10*vg.Centimeter, vg.Length(nrows)*5.5*vg.Centimeter+3.5*vg.Centimeter)
	return c, nil
}

// sweepLines are the lines of a sweep over one key: a panel per package
// (per scenario and package in a batch), a line per pathway in each.
type sweepLines struct {
	x        scale
	panels   []string
	pathways []string
	// series[panel][pathway]
	series [][]*line
}

// sweepLinesOf gathers the lines of the packages and pathways asked for
// (default: all), the packages in the order asked for; a pathway keeps its
// colour when it is shown alone.
func sweepLinesOf(d *results.Dir, opts Options) (*sweepLines, error) {
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
	s := &sweepLines{
		x:        newScale(firstSeen(rows, func(r results.SweepRow) string { return r.Values[0] })),
		panels:   firstSeen(rows, func(r results.SweepRow) string { return group(batch, r.Scenario, r.Package) }),
		pathways: pathways,
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
		l.pts = append(l.pts, point{x: s.x.at(r.Values[0]), p: r.Probability, lo: r.CILow, hi: r.CIHigh})
	}
	for _, ps := range s.series {
		for _, l := range ps {
			slices.SortStableFunc(l.pts, func(a, b point) int { return cmp.Compare(a.x, b.x) })
			l.glyphs = len(l.pts) <= glyphPoints
		}
	}
	return s, nil
}

// legend has an entry per pathway, its line over its band.
func (s *sweepLines) legend() []legendEntry {
	var legend []legendEntry
	for j, pw := range s.pathways {
		legend = append(legend, legendEntry{label: pw, color: s.series[0][j].color, line: true})
	}
	return legend
}

// draw draws the panels in a grid. A grid's panels share the key, written
// once under them: on each panel a long key path would squeeze the panel.
func (s *sweepLines) draw(dc draw.Canvas, key string) {
	shared := len(s.panels) > 1
	if shared {
		st := textStyle(labelSize, text.XCenter, text.YBottom)
		dc.FillText(st, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Min.Y}, key)
		dc.Min.Y += st.Height(key) + margin
	}
	cols, nrows := panelGrid(len(s.panels))
	tiles := draw.Tiles{Rows: nrows, Cols: cols, PadX: 0.5 * vg.Centimeter, PadY: 0.4 * vg.Centimeter}
	panelWidth := (dc.Max.X - dc.Min.X - tiles.PadX*vg.Length(cols-1)) / vg.Length(cols)
	plots := make([]*plot.Plot, len(s.panels))
	for i := range s.panels {
		plots[i] = s.panel(i, panelWidth, i%cols == 0, key, shared)
	}
	drawTiles(dc, tiles, plots)
}

// panel is the plot of the i-th panel, panelWidth wide: the probability
// labelled in the first column, the key under the panel unless shared.
func (s *sweepLines) panel(i int, panelWidth vg.Length, first bool, key string, shared bool) *plot.Plot {
	p := newPlot()
	p.Title.Text = s.panels[i]
	fitText(&p.Title.TextStyle, s.panels[i], panelWidth)
	probabilityAxis(&p.Y, "")
	if first {
		p.Y.Label.Text = "probability"
	}
	// The data area is about the panel less its y axis.
	s.x.axis(&p.X, panelWidth-1.6*vg.Centimeter)
	if !shared {
		p.X.Label.Text = key
	}
	p.Add(lightGrid())
	for _, l := range s.series[i] {
		p.Add(l)
	}
	return p
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
