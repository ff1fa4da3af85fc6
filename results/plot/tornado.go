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
	rows, omitted, err := tornadoRows(d, opts)
	if err != nil {
		return nil, err
	}
	pkg, pathway := rows[0].Package, rows[0].Pathway
	n := len(rows)
	inputs := make([]string, n)
	bars := make([]tornadoBar, n)
	for i, r := range rows {
		inputs[i] = r.Input
		bars[i] = tornadoBar{y: float64(n - 1 - i), r: r}
	}
	labels, names := inputLabels(inputs)
	base := rows[0].PBase
	lo, hi := base, base
	for _, b := range bars {
		for _, v := range b.xs() {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	hi = max(hi, lo+0.01) // an axis, even when nothing swings
	valueStyle := textStyle(captionSize, text.XLeft, text.YCenter)
	var values vg.Length
	for _, r := range rows {
		values = max(values, valueStyle.Width(value(r.Low)), valueStyle.Width(value(r.High)))
	}
	values += vg.Points(6)

	lowName, highName := "input fixed low", "input fixed high"
	note := "whiskers: 95% interval of the swing, at the high end"
	if s := d.Manifest.Sensitivity; s != nil {
		lowName = "input at its " + ordinal(s.Range[0]) + " percentile"
		highName = "at its " + ordinal(s.Range[1]) + " percentile"
		note = "low/high: " + ordinal(s.Range[0]) + "/" + ordinal(s.Range[1]) + " percentile · " + note
	}

	const barHeight = 0.62
	column := func(b tornadoBar) string {
		return points(b.r.Swing) + " [" + points(b.r.SwingLow) + ", " + points(b.r.SwingHigh) + "]"
	}
	const heading = "swing, pts [95% CI]"
	colStyle := textStyle(tickSize, text.XLeft, text.YCenter)
	var colWidth vg.Length
	for _, b := range bars {
		colWidth = max(colWidth, colStyle.Width(column(b)))
	}
	colWidth = max(colWidth, colStyle.Width(heading)) + margin
	headStyle := textStyle(tickSize, text.XLeft, text.YBottom)
	headStyle.Color = noteColor()

	c := &Chart{kind: Tornado}
	c.layers = []*layer{
		{name: "bars", Plotter: plotFunc(func(c draw.Canvas, plt *plot.Plot) {
			tx, ty := plt.Transforms(&c)
			for _, b := range bars {
				y0, y1 := ty(b.y-barHeight/2), ty(b.y+barHeight/2)
				// The longer end first, so that when both lie on one side
				// of the base the shorter shows over it.
				ends := []struct {
					p   float64
					col color.Color
				}{{b.r.PLow, lowColor()}, {b.r.PHigh, highColor()}}
				if math.Abs(b.r.PHigh-base) > math.Abs(b.r.PLow-base) {
					ends[0], ends[1] = ends[1], ends[0]
				}
				for _, e := range ends {
					if math.IsNaN(e.p) {
						continue
					}
					x0, x1 := tx(base), tx(e.p)
					c.FillPolygon(e.col, c.ClipPolygonX([]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}))
				}
			}
		})},
		{name: "base line", Plotter: plotFunc(func(c draw.Canvas, plt *plot.Plot) {
			tx, _ := plt.Transforms(&c)
			x := tx(base)
			st := draw.LineStyle{Color: color.Black, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
			c.StrokeLine2(st, x, c.Min.Y, x, c.Max.Y)
			c.FillText(textStyle(tickSize, text.XCenter, text.YBottom), vg.Point{X: x, Y: c.Max.Y + vg.Points(2)},
				"all inputs drawn: "+results.Percent(base))
		})},
		{name: "swing whiskers", Plotter: plotFunc(func(c draw.Canvas, plt *plot.Plot) {
			tx, ty := plt.Transforms(&c)
			ls := draw.LineStyle{Color: whiskerColor(), Width: vg.Points(1)}
			for _, b := range bars {
				w := b.whisker()
				w0, w1 := w[0], w[1]
				if math.IsNaN(w0) || math.IsNaN(w1) {
					continue
				}
				y := ty(b.y)
				cap := (ty(barHeight) - ty(0)) * 0.25
				x0, x1 := tx(w0), tx(w1)
				c.StrokeLine2(ls, x0, y, x1, y)
				c.StrokeLine2(ls, x0, y-cap, x0, y+cap)
				c.StrokeLine2(ls, x1, y-cap, x1, y+cap)
			}
		})},
		{name: "input values", Plotter: plotFunc(func(c draw.Canvas, plt *plot.Plot) {
			tx, ty := plt.Transforms(&c)
			for _, b := range bars {
				if size := (ty(barHeight) - ty(0)) * 0.8; size < 5 {
					return // bars too thin to carry text
				}
				for _, e := range []struct {
					p, v float64
					high bool
				}{{b.r.PLow, b.r.Low, false}, {b.r.PHigh, b.r.High, true}} {
					if math.IsNaN(e.p) || e.p == base {
						continue
					}
					// Beyond the bar's end, and beyond the whisker there.
					x, align, gap := tx(e.p), text.XLeft, vg.Points(3)
					if e.p < base {
						align, gap = text.XRight, -gap
					}
					for _, w := range b.whisker() {
						switch {
						case !e.high || math.IsNaN(w):
						case e.p < base:
							x = min(x, tx(w))
						default:
							x = max(x, tx(w))
						}
					}
					st := valueStyle
					st.XAlign, st.Color = align, noteColor()
					// A value that would run off the data area, over the
					// input's name, goes inside its bar's end instead.
					if wd := st.Width(value(e.v)); e.p < base && x+gap-wd < c.Min.X {
						x, st.XAlign, st.Color, gap = tx(e.p), text.XLeft, color.White, -gap
					} else if e.p >= base && x+gap+wd > c.Max.X {
						x, st.XAlign, st.Color, gap = tx(e.p), text.XRight, color.White, -gap
					}
					c.FillText(st, vg.Point{X: x + gap, Y: ty(b.y)}, value(e.v))
				}
			}
		})},
		{name: "swing column", Plotter: plotFunc(func(c draw.Canvas, plt *plot.Plot) {
			_, ty := plt.Transforms(&c)
			x := c.Max.X + margin
			for _, b := range bars {
				c.FillText(colStyle, vg.Point{X: x, Y: ty(b.y)}, column(b))
			}
			c.FillText(headStyle, vg.Point{X: x, Y: c.Max.Y + vg.Points(2)}, heading)
		})},
	}
	c.fig = figure{
		title:  "Tornado: " + pkg + " → " + pathway,
		legend: []legendEntry{{label: lowName, color: lowColor()}, {label: highName, color: highColor()}},
		caption: withLine(caption(d, note, runsOf(d.Tornado, func(r results.TornadoRow) (string, int64, uint64) {
			return r.Scenario, r.Trials, r.Seed
		})), leftOut(omitted, "a smaller swing", "smaller swings")),
		body: func(dc draw.Canvas) {
			scale := textScale(dc.Max.X-dc.Min.X, names+colWidth)
			colStyle.Font.Size, headStyle.Font.Size = tickSize*scale, tickSize*scale
			left := dc
			left.Max.X -= colWidth * scale
			left.Max.Y -= headStyle.Height(heading) + vg.Points(2)
			data := left.Max.X - left.Min.X - names*scale - vg.Centimeter
			p := inputsPlot(labels, scale, c.layers)
			p.X.Label.Text = "probability of " + pathway
			fitText(&p.X.Label.TextStyle, p.X.Label.Text, data)
			p.X.Tick.Marker = percentTicks{unit: "%"}
			// Room at both ends for the inputs' values, within 0–100%:
			// the share of the data area they take, from its width less
			// the inputs' names.
			share := float64(values / max(data, vg.Centimeter))
			share = min(share, 0.3)
			pad := (hi - lo) * share / (1 - 2*share)
			p.X.Min, p.X.Max = max(lo-pad, 0), min(hi+pad, 1)
			p.Draw(left)
		},
	}
	c.width = max(16*vg.Centimeter, names+colWidth+9*vg.Centimeter)
	c.height = max(10*vg.Centimeter, vg.Length(n)*0.6*vg.Centimeter+5.5*vg.Centimeter)
	return c, nil
}

// tornadoRows are the rows a tornado shows: one package's and pathway's,
// the largest swing first, the top ones; and how many inputs it leaves
// out.
func tornadoRows(d *results.Dir, opts Options) (rows []results.TornadoRow, omitted int, err error) {
	rows, err = oneOf(d, opts, "tornado", results.TornadoFile, d.Tornado, func(r results.TornadoRow) (string, string, string) {
		return r.Scenario, r.Package, r.Pathway
	})
	if err != nil {
		return nil, 0, err
	}
	rows, omitted = topRows(opts, rows, func(r results.TornadoRow) float64 { return math.Abs(r.Swing) })
	return rows, omitted, nil
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

// xs are the probabilities the bar reaches: its ends and its whisker's.
func (b tornadoBar) xs() []float64 { return append([]float64{b.r.PLow, b.r.PHigh}, b.whisker()...) }
