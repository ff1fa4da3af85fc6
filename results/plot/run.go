package plot

import (
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/peacesim/peacesim/results"
)

// newRun charts pathways.csv: a row per package, a bar per pathway from 0
// to its probability, the 95% interval as a whisker, the value at its end.
// Packages are rows (their ids are long) and the first is at the top, as
// in the table of peacesim run.
func newRun(d *results.Dir, opts Options) (*Chart, error) {
	rows := d.Pathways
	batch := len(firstSeen(rows, func(r results.PathwayRow) string { return r.Scenario })) > 1
	packages, err := choose("package", opts.Packages, firstSeen(rows, func(r results.PathwayRow) string { return r.Package }))
	if err != nil {
		return nil, err
	}
	allPathways := firstSeen(rows, func(r results.PathwayRow) string { return r.Pathway })
	pathways, err := pathwayOpt(opts.Pathway, allPathways)
	if err != nil {
		return nil, err
	}
	rows = slices.DeleteFunc(slices.Clone(rows), func(r results.PathwayRow) bool {
		return !slices.Contains(packages, r.Package) || !slices.Contains(pathways, r.Pathway)
	})
	if len(rows) == 0 {
		return nil, errNoRows(d, "pathways.csv")
	}
	// Rows in the order asked for, then (in a batch) by scenario.
	slices.SortStableFunc(rows, func(a, b results.PathwayRow) int {
		return slices.Index(packages, a.Package) - slices.Index(packages, b.Package)
	})
	groups := firstSeen(rows, func(r results.PathwayRow) string { return group(batch, r.Scenario, r.Package) })
	// The first group at the top.
	y := func(g int) float64 { return float64(len(groups) - 1 - g) }

	bars := make([]*hbars, len(pathways))
	slot := 0.8 / float64(len(pathways))
	for j, pw := range pathways {
		// A pathway keeps its colour when --pathway shows it alone.
		bars[j] = &hbars{color: pathwayColor(slices.Index(allPathways, pw)), height: slot * 0.9}
	}
	for _, r := range rows {
		g := slices.Index(groups, group(batch, r.Scenario, r.Package))
		j := slices.Index(pathways, r.Pathway)
		// The first pathway on top within its group.
		at := y(g) + 0.4 - slot*(float64(j)+0.5)
		bars[j].bars = append(bars[j].bars, hbar{y: at, p: r.Probability, lo: r.CILow, hi: r.CIHigh})
	}

	c := &Chart{kind: Run}
	var legend []legendEntry
	for j, pw := range pathways {
		legend = append(legend, legendEntry{label: pw, color: bars[j].color})
	}
	title := "Pathway probabilities by package"
	if len(pathways) == 1 {
		title = "Probability of " + pathways[0] + " by package"
	}
	c.fig = figure{
		title:  title,
		legend: legend,
		caption: caption(d, "whiskers: 95% Wilson intervals", runsOf(d.Pathways, func(r results.PathwayRow) (string, int64, uint64) {
			return r.Scenario, r.Trials, r.Seed
		})),
		body: func(dc draw.Canvas) {
			p := newPlot()
			probabilityAxis(&p.X, "probability")
			p.X.Max = labelRoom // room for the values at the bars' ends
			p.Y.Min, p.Y.Max = -0.5, float64(len(groups))-0.5
			p.Y.Tick.Marker = categoryTicks(groups, func(g int) float64 { return y(g) })
			p.Y.Tick.Length = 0
			grid := plotter.NewGrid()
			grid.Horizontal.Color = nil
			grid.Vertical.Color = color.Gray{Y: 0xdd}
			p.Add(grid)
			for _, b := range bars {
				p.Add(b)
			}
			p.Draw(dc)
		},
	}
	c.width = 16 * vg.Centimeter
	// Each pathway's bar gets about 0.3 cm, each package its gap.
	c.height = max(10*vg.Centimeter, vg.Length(len(groups))*(vg.Length(len(pathways))*0.3+0.35)*vg.Centimeter+5*vg.Centimeter)
	return c, nil
}

// labelRoom is how far right of 100% a probability axis with values at the
// bars' ends reaches, so that the value of a bar near 100% is not cut.
const labelRoom = 1.16

// unitTicks marks [0, 1] every 20%, with minor ticks every 10%, and no
// further: an axis stretched for labels still reads 0–100%.
type unitTicks struct{}

// Ticks returns the ticks of [0, 1] within [min, max].
func (unitTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for i := 0; i <= 10; i++ {
		v := float64(i) / 10
		if v < min || v > max {
			continue
		}
		t := plot.Tick{Value: v}
		if i%2 == 0 {
			t.Label = percentTicks{unit: "%"}.label(v)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// hbars draws one pathway's bars across the packages: a bar from 0 to the
// probability, the 95% interval as a whisker, the value in percent at its
// right end. Bars are in data units (rows are 1 apart), so they scale with
// the figure.
type hbars struct {
	bars   []hbar
	color  color.Color
	height float64
	// label writes a bar's value at its end; nil writes it in percent.
	label func(float64) string
}

// hbar is one bar: its centre's y, the probability and its interval.
type hbar struct{ y, p, lo, hi float64 }

// Plot draws the bars on the plot's data canvas.
func (b *hbars) Plot(c draw.Canvas, plt *plot.Plot) {
	tx, ty := plt.Transforms(&c)
	whisker := draw.LineStyle{Color: whiskerColor(), Width: vg.Points(1)}
	for _, bar := range b.bars {
		if math.IsNaN(bar.p) {
			continue
		}
		y0, y1, mid := ty(bar.y-b.height/2), ty(bar.y+b.height/2), ty(bar.y)
		x0, x1 := tx(0), tx(bar.p)
		c.FillPolygon(b.color, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
		end := x1
		if !math.IsNaN(bar.lo) && !math.IsNaN(bar.hi) {
			lo, hi := tx(bar.lo), tx(bar.hi)
			cap := (y1 - y0) * 0.3
			c.StrokeLine2(whisker, lo, mid, hi, mid)
			c.StrokeLine2(whisker, lo, mid-cap, lo, mid+cap)
			c.StrokeLine2(whisker, hi, mid-cap, hi, mid+cap)
			end = max(end, hi)
		}
		// The value, when the bar is high enough to carry text.
		if size := (y1 - y0) * 0.95; size >= 5 {
			st := textStyle(min(size, tickSize), text.XLeft, text.YCenter)
			label := results.Percent
			if b.label != nil {
				label = b.label
			}
			c.FillText(st, vg.Point{X: end + vg.Points(3), Y: mid}, label(bar.p))
		}
	}
}

// DataRange spans the probabilities and the bars' rows.
func (b *hbars) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for _, bar := range b.bars {
		ymin, ymax = min(ymin, bar.y-b.height/2), max(ymax, bar.y+b.height/2)
	}
	return 0, 1, ymin, ymax
}
