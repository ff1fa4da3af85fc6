package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/peacesim/peacesim/results"
)

// newPosterior charts posterior.csv: what a run's evidence taught about
// the inputs it moved most (docs/model.md#evidence). An input's row is
// on its own scale, its prior's 10th–90th percentile range, so that
// inputs of any unit share an axis: the prior's range is a grey bar from
// 0 to 1 with its median marked, the posterior's 10th–90th a coloured bar
// over it, each mean a dot; the column at the right gives the means in
// the input's own unit.
func newPosterior(d *results.Dir, opts Options) (*Chart, error) {
	if len(d.Posterior) == 0 {
		return nil, errNoRows(d, results.PosteriorFile)
	}
	rows, omitted := topRows(opts, PosteriorRows(d), func(r results.PosteriorRow) float64 { return math.Abs(r.Shift) })
	scenario := rows[0].Scenario
	p := newPosteriorLayout(rows)
	c := &Chart{kind: Posterior}
	c.layers = []*layer{
		{name: "prior bars", Plotter: plotFunc(p.drawPrior)},
		{name: "posterior bars", Plotter: plotFunc(p.drawPosterior)},
		{name: "means", Plotter: plotFunc(p.drawMeans)},
		{name: "means column", Plotter: plotFunc(p.drawColumn)},
	}
	r := rows[0]
	kept := fmt.Sprintf("the evidence kept %s of %s trials", thousands(r.KeptTrials), thousands(r.PriorTrials))
	if r.EffectiveTrials != float64(r.KeptTrials) {
		kept += fmt.Sprintf(", worth %s effective", thousands(int64(math.Round(r.EffectiveTrials))))
	}
	c.fig = figure{
		title:  "What the evidence taught: " + scenario,
		legend: []legendEntry{{label: "prior 10th–90th percentile", color: priorColor()}, {label: "posterior 10th–90th", color: lowColor()}},
		caption: withLines(caption(d, kept+" · dots: means, ticks: prior medians", runsOf(rows, func(r results.PosteriorRow) (string, int64, uint64) {
			return r.Scenario, r.PriorTrials, r.Seed
		})), leftOut(omitted, "a smaller shift", "smaller shifts")),
		body: func(dc draw.Canvas) { p.draw(dc, c.layers) },
	}
	c.width = max(16*vg.Centimeter, p.names+p.colWidth+9*vg.Centimeter)
	c.height = max(10*vg.Centimeter, vg.Length(len(rows))*0.6*vg.Centimeter+5.5*vg.Centimeter)
	return c, nil
}

// PosteriorRows are the rows of d's posterior.csv a posterior chart
// draws from: those of its first scenario, the largest shift first.
func PosteriorRows(d *results.Dir) []results.PosteriorRow {
	if len(d.Posterior) == 0 {
		return nil
	}
	scenario := d.Posterior[0].Scenario
	rows := slices.DeleteFunc(slices.Clone(d.Posterior), func(r results.PosteriorRow) bool { return r.Scenario != scenario })
	slices.SortStableFunc(rows, func(a, b results.PosteriorRow) int { return results.Descending(math.Abs(a.Shift), math.Abs(b.Shift)) })
	return rows
}

// posteriorHeading heads the column of means at the chart's right.
const posteriorHeading = "mean: prior → posterior (shift)"

// posteriorLayout is the rows of a posterior chart, each input's figures
// on its prior's 10th–90th percentile range, and the room its text takes.
type posteriorLayout struct {
	rows   []results.PosteriorRow
	lo, hi float64
	labels []string
	names  vg.Length
	// colStyle and headStyle write the column of means, colWidth wide.
	colStyle, headStyle text.Style
	colWidth            vg.Length
}

func newPosteriorLayout(rows []results.PosteriorRow) *posteriorLayout {
	p := &posteriorLayout{rows: rows, lo: 0, hi: 1,
		colStyle: textStyle(tickSize, text.XLeft, text.YCenter), headStyle: textStyle(tickSize, text.XLeft, text.YBottom)}
	p.headStyle.Color = noteColor()
	inputs := make([]string, len(rows))
	for i, r := range rows {
		inputs[i] = r.Input
		for _, v := range []float64{r.PostP10, r.PostP90, r.PostMean, r.PriorMean} {
			if x := scaled(r, v); !math.IsNaN(x) && !math.IsInf(x, 0) {
				p.lo, p.hi = min(p.lo, x), max(p.hi, x)
			}
		}
		p.colWidth = max(p.colWidth, p.colStyle.Width(meansText(r)))
	}
	p.colWidth = max(p.colWidth, p.colStyle.Width(posteriorHeading)) + margin
	p.labels, p.names = inputLabels(inputs)
	return p
}

// scaled is v on the row's own axis: 0 at its prior's 10th percentile, 1
// at its 90th (NaN when the two are equal).
func scaled(r results.PosteriorRow, v float64) float64 {
	w := r.PriorP90 - r.PriorP10
	if !(w > 0) {
		return math.NaN()
	}
	return (v - r.PriorP10) / w
}

// meansText is the column's text of a row: its means, and the shift, in
// percent of the prior's 10th–90th percentile range.
func meansText(r results.PosteriorRow) string {
	return value(r.PriorMean) + " → " + value(r.PostMean) + fmt.Sprintf(" (%+.1f%%)", 100*r.Shift)
}

// y is the row's place on the plot: the first row at the top.
func (p *posteriorLayout) y(i int) float64 { return float64(len(p.rows) - 1 - i) }

// draw draws the chart's plot on dc, the column of means at the right.
func (p *posteriorLayout) draw(dc draw.Canvas, layers []*layer) {
	left, data, scale := besideColumn(dc, p.names, p.colWidth, &p.colStyle, &p.headStyle, posteriorHeading)
	plt := inputsPlot(p.labels, scale, layers)
	plt.X.Label.Text = "within each input's prior 10th–90th percentile range (0 to 1)"
	fitText(&plt.X.Label.TextStyle, plt.X.Label.Text, data)
	pad := (p.hi - p.lo) * 0.05
	plt.X.Min, plt.X.Max = p.lo-pad, p.hi+pad
	plt.Draw(left)
}

// bar fills a row's bar from x0 to x1, of the given height in rows.
func bar(c draw.Canvas, plt *plot.Plot, y, x0, x1, height float64, col color.Color) {
	if math.IsNaN(x0) || math.IsNaN(x1) {
		return
	}
	tx, ty := plt.Transforms(&c)
	y0, y1 := ty(y-height/2), ty(y+height/2)
	c.FillPolygon(col, c.ClipPolygonX([]vg.Point{{X: tx(x0), Y: y0}, {X: tx(x1), Y: y0}, {X: tx(x1), Y: y1}, {X: tx(x0), Y: y1}}))
}

// drawPrior draws each prior's 10th–90th range, from 0 to 1.
func (p *posteriorLayout) drawPrior(c draw.Canvas, plt *plot.Plot) {
	for i, r := range p.rows {
		if !math.IsNaN(scaled(r, r.PriorP10)) {
			bar(c, plt, p.y(i), 0, 1, tornadoBarHeight, priorColor())
		}
	}
}

// drawPosterior draws each posterior's 10th–90th range over its prior's.
func (p *posteriorLayout) drawPosterior(c draw.Canvas, plt *plot.Plot) {
	for i, r := range p.rows {
		bar(c, plt, p.y(i), scaled(r, r.PostP10), scaled(r, r.PostP90), tornadoBarHeight/2, lowColor())
	}
}

// drawMeans marks each prior's median with a tick across both bars, and
// each mean with a dot: the prior's hollow, the posterior's filled.
func (p *posteriorLayout) drawMeans(c draw.Canvas, plt *plot.Plot) {
	tx, ty := plt.Transforms(&c)
	ls := draw.LineStyle{Color: color.Black, Width: vg.Points(1)}
	h := (ty(tornadoBarHeight) - ty(0)) / 2
	for i, r := range p.rows {
		if x := scaled(r, r.PriorP50); !math.IsNaN(x) {
			y := ty(p.y(i))
			c.StrokeLine2(ls, tx(x), y-h, tx(x), y+h)
		}
	}
	rad := (ty(tornadoBarHeight) - ty(0)) * 0.22
	ring := draw.GlyphStyle{Color: color.Black, Radius: rad, Shape: draw.RingGlyph{}}
	dot := draw.GlyphStyle{Color: highColor(), Radius: rad, Shape: draw.CircleGlyph{}}
	for i, r := range p.rows {
		y := ty(p.y(i))
		if x := scaled(r, r.PriorMean); !math.IsNaN(x) {
			c.DrawGlyph(ring, vg.Point{X: tx(x), Y: y})
		}
		if x := scaled(r, r.PostMean); !math.IsNaN(x) {
			c.DrawGlyph(dot, vg.Point{X: tx(x), Y: y})
		}
	}
}

// drawColumn writes each input's means, in its own unit, and the shift,
// in a column right of the data area under its heading.
func (p *posteriorLayout) drawColumn(c draw.Canvas, plt *plot.Plot) {
	_, ty := plt.Transforms(&c)
	x := c.Max.X + margin
	for i, r := range p.rows {
		c.FillText(p.colStyle, vg.Point{X: x, Y: ty(p.y(i))}, meansText(r))
	}
	c.FillText(p.headStyle, vg.Point{X: x, Y: c.Max.Y + vg.Points(2)}, posteriorHeading)
}

// priorColor is the grey of a prior's range.
func priorColor() color.Color { return color.Gray{Y: 0xc8} }
