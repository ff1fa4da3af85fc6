package plot

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/peacesim/peacesim/results"
)

// newTornado charts tornado.csv for one package and pathway: a row per
// input, the inputs that swing the probability most at the top, each a bar
// from the probability with every input drawn (a line across the chart)
// to the probability with the input fixed low, in one colour, and to the
// probability with it fixed high, in another. The swing's 95% interval is
// a whisker at the high end: where p_high may lie, given p_low, on the
// same trials. The input's low and high values are written at the bars'
// ends, and the swing with its interval in a column at the right.
func newTornado(d *results.Dir, opts Options) (*Chart, error) {
	rows, omitted, why, err := tornadoRows(d, opts)
	if err != nil {
		return nil, err
	}
	t := newTornadoLayout(rows)
	pkg, pathway := rows[0].Package, rows[0].Pathway
	lowName, highName := "input fixed low", "input fixed high"
	note := "whiskers: 95% interval of the swing, at the high end"
	if s := d.Manifest.Sensitivity; s != nil {
		lowName = "input at its " + ordinal(s.Range[0]) + " percentile"
		highName = "at its " + ordinal(s.Range[1]) + " percentile"
		note = "low/high: " + ordinal(s.Range[0]) + "/" + ordinal(s.Range[1]) + " percentile · " + note
	}
	c := &Chart{kind: Tornado}
	c.layers = []*layer{
		{name: "bars", Plotter: plotFunc(t.drawBars)},
		{name: "base line", Plotter: plotFunc(t.drawBase)},
		{name: "swing whiskers", Plotter: plotFunc(t.drawWhiskers)},
		{name: "input values", Plotter: plotFunc(t.drawValues)},
		{name: "swing column", Plotter: plotFunc(t.drawColumn)},
	}
	c.fig = figure{
		title:  "Tornado: " + pkg + " → " + pathway,
		legend: []legendEntry{{label: lowName, color: lowColor()}, {label: highName, color: highColor()}},
		caption: withLines(caption(d, note, runsOf(d.Tornado, func(r results.TornadoRow) (string, int64, uint64) {
			return r.Scenario, r.Trials, r.Seed
		})), leftOut(omitted, "a smaller swing", "smaller swings"), shownLine(opts, pkg, why)),
		body: func(dc draw.Canvas) { t.draw(dc, pathway, c.layers) },
	}
	c.width = max(16*vg.Centimeter, t.names+t.colWidth+9*vg.Centimeter)
	c.height = max(10*vg.Centimeter, vg.Length(len(rows))*0.6*vg.Centimeter+5.5*vg.Centimeter)
	return c, nil
}

// tornadoBarHeight is the height of a tornado's bar, in rows.
const tornadoBarHeight = 0.62

// tornadoHeading heads the column of swings at a tornado's right.
const tornadoHeading = "swing, pts [95% CI]"

// tornadoLayout is a tornado's bars and the room its text takes.
type tornadoLayout struct {
	bars []tornadoBar
	// base is the probability with every input drawn; lo and hi the
	// range every bar and whisker reaches.
	base, lo, hi float64
	// labels are the inputs' tick labels, names the widest's width.
	labels []string
	names  vg.Length
	// values is the width of the widest input value, with its gap.
	values     vg.Length
	valueStyle text.Style
	// colStyle and headStyle write the column of swings and its
	// heading, colWidth wide.
	colStyle, headStyle text.Style
	colWidth            vg.Length
}

// newTornadoLayout lays out the rows, the largest swing first.
func newTornadoLayout(rows []results.TornadoRow) *tornadoLayout {
	n := len(rows)
	t := &tornadoLayout{base: rows[0].PBase, valueStyle: textStyle(captionSize, text.XLeft, text.YCenter),
		colStyle: textStyle(tickSize, text.XLeft, text.YCenter), headStyle: textStyle(tickSize, text.XLeft, text.YBottom)}
	t.headStyle.Color = noteColor()
	inputs := make([]string, n)
	t.lo, t.hi = t.base, t.base
	for i, r := range rows {
		inputs[i] = r.Input
		b := tornadoBar{y: float64(n - 1 - i), r: r}
		t.bars = append(t.bars, b)
		for _, v := range b.xs() {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				t.lo, t.hi = min(t.lo, v), max(t.hi, v)
			}
		}
		t.values = max(t.values, t.valueStyle.Width(value(r.Low)), t.valueStyle.Width(value(r.High)))
		t.colWidth = max(t.colWidth, t.colStyle.Width(b.column()))
	}
	t.hi = max(t.hi, t.lo+0.01) // an axis, even when nothing swings
	t.values += vg.Points(6)
	t.colWidth = max(t.colWidth, t.colStyle.Width(tornadoHeading)) + margin
	t.labels, t.names = inputLabels(inputs)
	return t
}

// draw draws the tornado's plot on dc, its text scaled to fit, the column
// of swings at the right.
func (t *tornadoLayout) draw(dc draw.Canvas, pathway string, layers []*layer) {
	left, data, scale := besideColumn(dc, t.names, t.colWidth, &t.colStyle, &t.headStyle, tornadoHeading)
	p := inputsPlot(t.labels, scale, layers)
	p.X.Label.Text = "probability of " + pathway
	fitText(&p.X.Label.TextStyle, p.X.Label.Text, data)
	p.X.Tick.Marker = percentTicks{unit: "%"}
	// Room at both ends for the inputs' values, within 0–100%: the share
	// of the data area they take, from its width less the inputs' names.
	share := float64(t.values / max(data, vg.Centimeter))
	share = min(share, 0.3)
	pad := (t.hi - t.lo) * share / (1 - 2*share)
	p.X.Min, p.X.Max = max(t.lo-pad, 0), min(t.hi+pad, 1)
	p.Draw(left)
}

// besideColumn is the canvas of a chart of inputs left of the column of
// text at its right (colWidth wide at full size, under heading), its text
// scaled to fit the figure (col and head set to that scale): the canvas,
// the width its data keeps beside the inputs' names, and the scale.
func besideColumn(dc draw.Canvas, names, colWidth vg.Length, col, head *text.Style, heading string) (left draw.Canvas, data, scale vg.Length) {
	scale = textScale(dc.Max.X-dc.Min.X, names+colWidth)
	col.Font.Size, head.Font.Size = tickSize*scale, tickSize*scale
	left = dc
	left.Max.X -= colWidth * scale
	left.Max.Y -= head.Height(heading) + vg.Points(2)
	return left, left.Max.X - left.Min.X - names*scale - vg.Centimeter, scale
}

// drawBars draws each input's bar from the base to p_low and to p_high.
func (t *tornadoLayout) drawBars(c draw.Canvas, plt *plot.Plot) {
	tx, ty := plt.Transforms(&c)
	for _, b := range t.bars {
		y0, y1 := ty(b.y-tornadoBarHeight/2), ty(b.y+tornadoBarHeight/2)
		// The longer end first, so that when both lie on one side of the
		// base the shorter shows over it.
		ends := []struct {
			p   float64
			col color.Color
		}{{b.r.PLow, lowColor()}, {b.r.PHigh, highColor()}}
		if math.Abs(b.r.PHigh-t.base) > math.Abs(b.r.PLow-t.base) {
			ends[0], ends[1] = ends[1], ends[0]
		}
		for _, e := range ends {
			if math.IsNaN(e.p) {
				continue
			}
			x0, x1 := tx(t.base), tx(e.p)
			c.FillPolygon(e.col, c.ClipPolygonX([]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}))
		}
	}
}

// drawBase draws the probability with every input drawn, a dashed line
// labelled above the data area.
func (t *tornadoLayout) drawBase(c draw.Canvas, plt *plot.Plot) {
	tx, _ := plt.Transforms(&c)
	x := tx(t.base)
	st := draw.LineStyle{Color: color.Black, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	c.StrokeLine2(st, x, c.Min.Y, x, c.Max.Y)
	c.FillText(textStyle(tickSize, text.XCenter, text.YBottom), vg.Point{X: x, Y: c.Max.Y + vg.Points(2)},
		"all inputs drawn: "+results.Percent(t.base))
}

// drawWhiskers draws each swing's interval as a whisker at the high end.
func (t *tornadoLayout) drawWhiskers(c draw.Canvas, plt *plot.Plot) {
	tx, ty := plt.Transforms(&c)
	ls := draw.LineStyle{Color: whiskerColor(), Width: vg.Points(1)}
	for _, b := range t.bars {
		w := b.whisker()
		w0, w1 := w[0], w[1]
		if math.IsNaN(w0) || math.IsNaN(w1) {
			continue
		}
		y := ty(b.y)
		cap := (ty(tornadoBarHeight) - ty(0)) * 0.25
		x0, x1 := tx(w0), tx(w1)
		c.StrokeLine2(ls, x0, y, x1, y)
		c.StrokeLine2(ls, x0, y-cap, x0, y+cap)
		c.StrokeLine2(ls, x1, y-cap, x1, y+cap)
	}
}

// drawValues writes each input's low and high value beyond its bar's
// ends, when the bars are thick enough to carry text.
func (t *tornadoLayout) drawValues(c draw.Canvas, plt *plot.Plot) {
	tx, ty := plt.Transforms(&c)
	if size := (ty(tornadoBarHeight) - ty(0)) * 0.8; size < 5 {
		return // bars too thin to carry text
	}
	for _, b := range t.bars {
		for _, e := range []barEnd{{b.r.PLow, b.r.Low, false}, {b.r.PHigh, b.r.High, true}} {
			if !math.IsNaN(e.p) && e.p != t.base {
				t.drawValue(c, tx, ty(b.y), b, e)
			}
		}
	}
}

// barEnd is one end of a tornado's bar: the probability there, the input's
// value that gives it, and whether it is the high end (with the whisker).
type barEnd struct {
	p, v float64
	high bool
}

// drawValue writes the input's value at one end of its bar: beyond the
// bar's end, and beyond the whisker there; a value that would run off the
// data area, over the input's name, goes inside its bar's end instead.
func (t *tornadoLayout) drawValue(c draw.Canvas, tx func(float64) vg.Length, y vg.Length, b tornadoBar, e barEnd) {
	x, align, gap := tx(e.p), text.XLeft, vg.Points(3)
	if e.p < t.base {
		align, gap = text.XRight, -gap
	}
	for _, w := range b.whisker() {
		switch {
		case !e.high || math.IsNaN(w):
		case e.p < t.base:
			x = min(x, tx(w))
		default:
			x = max(x, tx(w))
		}
	}
	st := t.valueStyle
	st.XAlign, st.Color = align, noteColor()
	if wd := st.Width(value(e.v)); e.p < t.base && x+gap-wd < c.Min.X {
		x, st.XAlign, st.Color, gap = tx(e.p), text.XLeft, color.White, -gap
	} else if e.p >= t.base && x+gap+wd > c.Max.X {
		x, st.XAlign, st.Color, gap = tx(e.p), text.XRight, color.White, -gap
	}
	c.FillText(st, vg.Point{X: x + gap, Y: y}, value(e.v))
}

// drawColumn writes each input's swing and its interval in a column right
// of the data area, under its heading.
func (t *tornadoLayout) drawColumn(c draw.Canvas, plt *plot.Plot) {
	_, ty := plt.Transforms(&c)
	x := c.Max.X + margin
	for _, b := range t.bars {
		c.FillText(t.colStyle, vg.Point{X: x, Y: ty(b.y)}, b.column())
	}
	c.FillText(t.headStyle, vg.Point{X: x, Y: c.Max.Y + vg.Points(2)}, tornadoHeading)
}

// tornadoRows are the rows a tornado shows: one package's and pathway's,
// the largest swing first, the top ones; how many inputs it leaves out;
// and why the package, when it was not asked for (DefaultPackage).
func tornadoRows(d *results.Dir, opts Options) (rows []results.TornadoRow, omitted int, why string, err error) {
	rows, why, err = oneOf(d, opts, "tornado", results.TornadoFile, d.Tornado, func(r results.TornadoRow) (string, string, string) {
		return r.Scenario, r.Package, r.Pathway
	})
	if err != nil {
		return nil, 0, "", err
	}
	rows, omitted = topRows(opts, rows, func(r results.TornadoRow) float64 { return math.Abs(r.Swing) })
	return rows, omitted, why, nil
}

// tornadoBar is one input's row of a tornado: its place and its figures.
type tornadoBar struct {
	y float64
	r results.TornadoRow
}

// whisker is where the swing's interval puts p_high, given p_low.
func (b tornadoBar) whisker() []float64 {
	return []float64{b.r.PLow + b.r.SwingLow, b.r.PLow + b.r.SwingHigh}
}

// column is the swing and its interval, in points, as the column at the
// right writes them.
func (b tornadoBar) column() string {
	return points(b.r.Swing) + " [" + points(b.r.SwingLow) + ", " + points(b.r.SwingHigh) + "]"
}

// xs are the probabilities the bar reaches: its ends and its whisker's.
func (b tornadoBar) xs() []float64 { return append([]float64{b.r.PLow, b.r.PHigh}, b.whisker()...) }
