package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/peacesim/peacesim/results"
)

// colorBarWidth is the strip at the right of a heatmap for its colour
// scale and the scale's labels.
const colorBarWidth = 2.6 * vg.Centimeter

// newHeatmap charts a sweep over two keys: one package's probability of
// one pathway at each pair of values, the first key across and the second
// up, on a colour scale of the whole tens of percentage points that hold
// the values, stated in the caption. On a grid each point is a cell with its value
// written in; points that do not form a grid (a Latin hypercube) are
// coloured dots at their values.
func newHeatmap(d *results.Dir, opts Options) (*Chart, error) {
	h, err := heatmapOf(d, opts)
	if err != nil {
		return nil, err
	}
	m := h.probabilityMap()
	c := &Chart{kind: Heatmap}
	name := h.pkg
	if len(firstSeen(d.Sweep, func(r results.SweepRow) string { return r.Scenario })) > 1 {
		name = group(true, h.scenario, h.pkg)
	}
	note := "each cell one point of the sweep"
	if !m.grid {
		note = "each dot one point of the sweep"
	}
	note += " · " + colorNote(m)
	c.fig = figure{
		title: fmt.Sprintf("Probability of %s: %s", h.pathway, name),
		caption: withLine(caption(d, note, runsOf(d.Sweep, func(r results.SweepRow) (string, int64, uint64) {
			return r.Scenario, r.Trials, r.Seed
		})), shownLine(opts, h.pkg, h.why)),
		body: func(dc draw.Canvas) { h.draw(dc, m, d.SweepKeys) },
	}
	c.width = 16 * vg.Centimeter
	c.height = 12 * vg.Centimeter
	return c, nil
}

// heatmap is what a heatmap shows: the rows of one scenario, package and
// pathway of a sweep over two keys, and the scales of the keys' values.
type heatmap struct {
	scenario, pkg, pathway string
	// why says why the package, when it was not asked for.
	why  string
	rows []results.SweepRow
	x, y scale
}

// heatmapOf selects the rows of the package and pathway asked for (by
// default the first pathway, and the package DefaultPackage chooses), of
// the first scenario that has the package: a sweep runs one.
func heatmapOf(d *results.Dir, opts Options) (*heatmap, error) {
	rows := d.Sweep
	if len(rows) == 0 {
		return nil, errNoRows(d, "sweep.csv")
	}
	if len(opts.Packages) > 1 {
		return nil, &optionsError{fmt.Sprintf("a sweep over two keys is drawn for one package; --packages names %d", len(opts.Packages))}
	}
	packages, err := choose("package", opts.Packages, firstSeen(rows, func(r results.SweepRow) string { return r.Package }))
	if err != nil {
		return nil, err
	}
	pathways, err := pathwayOpt(opts.Pathway, firstSeen(rows, func(r results.SweepRow) string { return r.Pathway }))
	if err != nil {
		return nil, err
	}
	h := &heatmap{pkg: packages[0], pathway: pathways[0]}
	if p, why := DefaultPackage(d, "heatmap", h.pathway); len(opts.Packages) == 0 && p != "" {
		h.pkg, h.why = p, why
	}
	h.scenario = rows[slices.IndexFunc(rows, func(r results.SweepRow) bool { return r.Package == h.pkg })].Scenario
	h.rows = slices.DeleteFunc(slices.Clone(rows), func(r results.SweepRow) bool {
		return r.Scenario != h.scenario || r.Package != h.pkg || r.Pathway != h.pathway
	})
	h.x = newScale(firstSeen(h.rows, func(r results.SweepRow) string { return r.Values[0] }))
	h.y = newScale(firstSeen(h.rows, func(r results.SweepRow) string { return r.Values[1] }))
	return h, nil
}

// probabilityMap places the points: cells one step apart on a grid (every
// pair of values once), whatever the values' numbers; dots at their values
// otherwise. Its colour scale spans the whole tens of points that hold
// the probabilities (colorRange).
func (h *heatmap) probabilityMap() *probabilityMap {
	m := &probabilityMap{}
	cells := map[[2]int]int{}
	for _, r := range h.rows {
		m.pts = append(m.pts, cell{
			i: h.x.index(r.Values[0]), j: h.y.index(r.Values[1]),
			x: h.x.at(r.Values[0]), y: h.y.at(r.Values[1]), p: r.Probability,
		})
		cells[[2]int{h.x.index(r.Values[0]), h.y.index(r.Values[1])}]++
	}
	m.grid = len(cells) == len(h.x.values)*len(h.y.values) && len(h.rows) == len(cells)
	if m.grid {
		for k := range m.pts {
			m.pts[k].x, m.pts[k].y = float64(m.pts[k].i), float64(m.pts[k].j)
		}
		h.x.numeric, h.y.numeric = false, false
	}
	lo, hi := colorRange(m.pts)
	m.colors = heatColors()
	m.colors.SetMin(lo)
	m.colors.SetMax(hi)
	return m
}

// colorStep is the step a heatmap's colour scale spans whole multiples
// of: ten percentage points. A scale stretched over the values alone
// (3.6–4.7%) makes a one-point difference span every colour; on whole
// tens a point is a tenth of the scale at most, and a colour means the
// same probability in every heatmap whose values lie in the same tens.
const colorStep = 0.1

// colorRange is the range of the colour scale: the whole tens of
// percentage points that hold the points' probabilities, one ten at
// least; 0–100% when every probability is NA.
func colorRange(pts []cell) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, pt := range pts {
		if !math.IsNaN(pt.p) {
			lo, hi = min(lo, pt.p), max(hi, pt.p)
		}
	}
	if lo > hi {
		return 0, 1
	}
	// In whole steps, counted so that 0.3 is 3 steps and not 2.999….
	const steps = 1 / colorStep
	const eps = 1e-9
	low, high := math.Floor(lo*steps+eps), math.Ceil(hi*steps-eps)
	if high == low {
		if high < steps {
			high++
		} else {
			low--
		}
	}
	return max(low, 0) / steps, min(high, steps) / steps
}

// colorNote says what the colours of a heatmap span.
func colorNote(m *probabilityMap) string {
	return fmt.Sprintf("colours span %.0f–%.0f%%, the whole tens of points that hold the values", 100*m.colors.Min(), 100*m.colors.Max())
}

// draw draws the map on the left of dc, its axes the keys, and its colour
// scale on the right, as high as the map's data area.
func (h *heatmap) draw(dc draw.Canvas, m *probabilityMap, keys []string) {
	left, right := dc, dc
	left.Max.X -= colorBarWidth
	right.Min.X = left.Max.X + 0.3*vg.Centimeter

	p := newPlot()
	p.X.Label.Text, p.Y.Label.Text = keys[0], keys[1]
	h.x.axis(&p.X, left.Max.X-left.Min.X-3*vg.Centimeter)
	h.y.axis(&p.Y, left.Max.Y-left.Min.Y-2*vg.Centimeter)
	if m.grid {
		p.X.Tick.Length, p.Y.Tick.Length = 0, 0
	} else {
		p.Add(lightGrid())
	}
	p.Add(m)
	p.Draw(left)

	data := p.DataCanvas(left)
	right.Min.Y, right.Max.Y = data.Min.Y, data.Max.Y
	bar := newPlot()
	bar.HideX()
	bar.X.Padding, bar.Y.Padding = 0, 0
	bar.Y.Label.Text = "P(" + h.pathway + ")"
	bar.Y.Tick.Marker = percentTicks{unit: "%"}
	bar.Add(&plotter.ColorBar{ColorMap: m.colors, Vertical: true, Colors: 256})
	bar.Draw(right)
}

// heatColors is the colour scale of probabilities: viridis's colours, dark
// purple to yellow, with lightness rising evenly (Moreland's luminance
// interpolation), so the order of values reads in grey too, and the top of
// the scale is not the white of the page.
func heatColors() palette.ColorMap {
	cm, err := moreland.NewLuminance([]color.Color{
		color.NRGBA{0x44, 0x01, 0x54, 0xff},
		color.NRGBA{0x3B, 0x52, 0x8B, 0xff},
		color.NRGBA{0x21, 0x91, 0x8C, 0xff},
		color.NRGBA{0x5E, 0xC9, 0x62, 0xff},
		color.NRGBA{0xFD, 0xE7, 0x25, 0xff},
	})
	if err != nil {
		// Only if the controls' lightness did not rise (a test checks
		// it does): a sequential scale all the same.
		return moreland.Kindlmann()
	}
	return cm
}

// probabilityMap draws a sweep's probabilities over two keys: cells on a
// grid, dots otherwise.
type probabilityMap struct {
	pts    []cell
	grid   bool
	colors palette.ColorMap
}

// cell is one point: its indices among the keys' values, its position and
// its probability.
type cell struct {
	i, j int
	x, y float64
	p    float64
}

// naColor fills a point whose probability is NA.
func naColor() color.Color { return color.Gray{Y: 0xcc} }

// colorOf is the colour of probability p on the scale, clamped to it.
func (m *probabilityMap) colorOf(p float64) color.Color {
	if math.IsNaN(p) {
		return naColor()
	}
	col, err := m.colors.At(min(max(p, m.colors.Min()), m.colors.Max()))
	if err != nil {
		return naColor()
	}
	return col
}

// Plot draws the cells with their values, or the dots.
func (m *probabilityMap) Plot(c draw.Canvas, plt *plot.Plot) {
	tx, ty := plt.Transforms(&c)
	for _, pt := range m.pts {
		col := m.colorOf(pt.p)
		if !m.grid {
			c.DrawGlyph(draw.GlyphStyle{Color: col, Radius: vg.Points(4.5), Shape: draw.CircleGlyph{}}, vg.Point{X: tx(pt.x), Y: ty(pt.y)})
			c.DrawGlyph(draw.GlyphStyle{Color: color.Gray{Y: 0x55}, Radius: vg.Points(4.5), Shape: draw.RingGlyph{}}, vg.Point{X: tx(pt.x), Y: ty(pt.y)})
			continue
		}
		x0, x1 := tx(pt.x-0.5), tx(pt.x+0.5)
		y0, y1 := ty(pt.y-0.5), ty(pt.y+0.5)
		c.FillPolygon(col, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
		label := results.Percent(pt.p)
		st := textStyle(tickSize, text.XCenter, text.YCenter)
		if st.Width(label)+vg.Points(4) > x1-x0 || st.Height(label)+vg.Points(2) > y1-y0 {
			continue // too small a cell to carry its value
		}
		if luminance(col) < 0.45 {
			st.Color = color.White
		}
		c.FillText(st, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, label)
	}
}

// luminance is the relative luminance of c (ITU-R BT.709 weights on the
// sRGB values): whether dark or light text reads on it.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}
