package plot

import (
	"cmp"
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
	rows := d.Sweep
	if len(rows) == 0 {
		return nil, errNoRows(d, "sweep.csv")
	}
	key := d.SweepKeys[0]
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
	panels := firstSeen(rows, func(r results.SweepRow) string { return group(batch, r.Scenario, r.Package) })

	// series[panel][pathway]
	series := make([][]*line, len(panels))
	for i := range panels {
		series[i] = make([]*line, len(pathways))
		for j, pw := range pathways {
			series[i][j] = &line{color: pathwayColor(slices.Index(allPathways, pw))}
		}
	}
	for _, r := range rows {
		i := slices.Index(panels, group(batch, r.Scenario, r.Package))
		j := slices.Index(pathways, r.Pathway)
		series[i][j].pts = append(series[i][j].pts, point{x: x.at(r.Values[0]), p: r.Probability, lo: r.CILow, hi: r.CIHigh})
	}
	for _, ps := range series {
		for _, l := range ps {
			slices.SortStableFunc(l.pts, func(a, b point) int { return cmp.Compare(a.x, b.x) })
			l.glyphs = len(l.pts) <= glyphPoints
		}
	}

	var legend []legendEntry
	for j, pw := range pathways {
		legend = append(legend, legendEntry{label: pw, color: series[0][j].color, line: true})
	}
	cols, nrows := panelGrid(len(panels))
	title := "Pathway probabilities against " + key
	if len(pathways) == 1 {
		title = "Probability of " + pathways[0] + " against " + key
	}
	c := &Chart{kind: Sweep}
	c.fig = figure{
		title:  title,
		legend: legend,
		caption: caption(d, "bands: 95% Wilson intervals", runsOf(d.Sweep, func(r results.SweepRow) (string, int64, uint64) {
			return r.Scenario, r.Trials, r.Seed
		})),
		body: func(dc draw.Canvas) {
			// A grid's panels share the key, written once under them: on
			// each panel a long key path would squeeze the panel.
			shared := len(panels) > 1
			if shared {
				st := textStyle(labelSize, text.XCenter, text.YBottom)
				dc.FillText(st, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Min.Y}, key)
				dc.Min.Y += st.Height(key) + margin
			}
			tiles := draw.Tiles{Rows: nrows, Cols: cols, PadX: 0.5 * vg.Centimeter, PadY: 0.4 * vg.Centimeter}
			panelWidth := (dc.Max.X - dc.Min.X - tiles.PadX*vg.Length(cols-1)) / vg.Length(cols)
			plots := make([][]*plot.Plot, nrows)
			for row := range plots {
				plots[row] = make([]*plot.Plot, cols)
			}
			for i, name := range panels {
				row, col := i/cols, i%cols
				p := newPlot()
				p.Title.Text = name
				fitText(&p.Title.TextStyle, name, panelWidth)
				probabilityAxis(&p.Y, "")
				if col == 0 {
					p.Y.Label.Text = "probability"
				}
				// The data area is about the panel less its y axis.
				x.axis(&p.X, panelWidth-1.6*vg.Centimeter)
				if !shared {
					p.X.Label.Text = key
				}
				grid := plotter.NewGrid()
				grid.Vertical.Color = color.Gray{Y: 0xe4}
				grid.Horizontal.Color = color.Gray{Y: 0xe4}
				p.Add(grid)
				for _, l := range series[i] {
					p.Add(l)
				}
				plots[row][col] = p
			}
			canvases := plot.Align(plots, tiles, dc)
			for row := range plots {
				for col, p := range plots[row] {
					if p != nil {
						p.Draw(canvases[row][col])
					}
				}
			}
		},
	}
	c.width = 16 * vg.Centimeter
	c.height = max(10*vg.Centimeter, vg.Length(nrows)*5.5*vg.Centimeter+3.5*vg.Centimeter)
	return c, nil
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
