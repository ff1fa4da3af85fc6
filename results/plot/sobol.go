package plot

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/peacesim/peacesim/results"
)

// newSobol charts sobol.csv for one package and pathway: a row per input
// (or group), those of largest total index at the top, each with two bars,
// its first-order index over its total index, with their bootstrap 95%
// intervals as whiskers and their values at the ends. An input whose
// indices are undefined (NA: the pathway's probability is 0 or 1) has no
// row.
func newSobol(d *results.Dir, opts Options) (*Chart, error) {
	rows, omitted, why, err := sobolRows(d, opts)
	if err != nil {
		return nil, err
	}
	pkg, pathway := rows[0].Package, rows[0].Pathway
	n := len(rows)
	inputs := make([]string, n)
	first := &hbars{color: lowColor(), height: 0.36, label: index}
	total := &hbars{color: totalColor(), height: 0.36, label: index}
	lo, hi := 0.0, 0.0
	for i, r := range rows {
		inputs[i] = r.Input
		y := float64(n - 1 - i)
		first.bars = append(first.bars, hbar{y: y + 0.2, p: r.FirstOrder, lo: r.FirstOrderLow, hi: r.FirstOrderHigh})
		total.bars = append(total.bars, hbar{y: y - 0.2, p: r.Total, lo: r.TotalLow, hi: r.TotalHigh})
		for _, v := range []float64{r.FirstOrder, r.FirstOrderLow, r.FirstOrderHigh, r.Total, r.TotalLow, r.TotalHigh} {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	// Room at the right for the values at the bars' ends.
	xmin, xmax := lo, hi+max((hi-lo)*0.2, 0.02)
	if lo < 0 {
		xmin -= (hi - lo) * 0.03
	}

	labels, names := inputLabels(inputs)
	var notes []string
	notes = append(notes, "whiskers: bootstrap 95% intervals")
	if s := d.Manifest.Sensitivity; s != nil && s.Bootstrap > 0 {
		notes[0] += " (" + thousands(int64(s.Bootstrap)) + " resamples)"
	}
	notes = append(notes, fmt.Sprintf("N = %s base samples, %s evaluations", thousands(rows[0].Samples), thousands(rows[0].Trials)))

	c := &Chart{kind: Sobol}
	c.layers = []*layer{
		{name: "first-order bars", Plotter: first},
		{name: "total bars", Plotter: total},
	}
	if xmin < 0 {
		c.layers = append(c.layers, &layer{name: "zero line", Plotter: zeroLine{}})
	}
	c.fig = figure{
		title:  "Sobol indices: " + pkg + " → " + pathway,
		legend: []legendEntry{{label: "first order (alone)", color: lowColor()}, {label: "total (with interactions)", color: totalColor()}},
		caption: withLines(caption(d, strings.Join(notes, " · "), runsOf(d.Sobol, func(r results.SobolRow) (string, int64, uint64) {
			return r.Scenario, r.Trials, r.Seed
		})), leftOut(omitted, "a smaller total index", "smaller total indices"), shownLine(opts, pkg, why)),
		body: func(dc draw.Canvas) {
			scale := textScale(dc.Max.X-dc.Min.X, names)
			p := inputsPlot(labels, scale, c.layers)
			p.X.Label.Text = "share of the variance of reaching " + pathway
			fitText(&p.X.Label.TextStyle, p.X.Label.Text, dc.Max.X-dc.Min.X-names*scale-vg.Centimeter)
			p.X.Min, p.X.Max = xmin, xmax
			p.Draw(dc)
		},
	}
	c.width = max(16*vg.Centimeter, names+10*vg.Centimeter)
	c.height = max(10*vg.Centimeter, vg.Length(n)*0.75*vg.Centimeter+5*vg.Centimeter)
	return c, nil
}

// sobolRows are the rows a Sobol chart shows: one package's and
// pathway's, defined, the largest total index first, the top ones; how
// many inputs it leaves out; and why the package, when it was not asked
// for (DefaultPackage).
func sobolRows(d *results.Dir, opts Options) (rows []results.SobolRow, omitted int, why string, err error) {
	rows, why, err = oneOf(d, opts, "Sobol", results.SobolFile, d.Sobol, func(r results.SobolRow) (string, string, string) {
		return r.Scenario, r.Package, r.Pathway
	})
	if err != nil {
		return nil, 0, "", err
	}
	pkg, pathway := rows[0].Package, rows[0].Pathway
	rows = slices.DeleteFunc(rows, func(r results.SobolRow) bool { return math.IsNaN(r.FirstOrder) && math.IsNaN(r.Total) })
	if len(rows) == 0 {
		return nil, 0, "", fmt.Errorf("%w: the Sobol indices of %s for %s are undefined (NA): the pathway's probability is 0 or 1 for that package, so whether a trial reaches it does not vary",
			ErrNothing, pathway, pkg)
	}
	rows, omitted = topRows(opts, rows, func(r results.SobolRow) float64 { return r.Total })
	return rows, omitted, why, nil
}

// index writes a Sobol index with two decimals.
func index(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', 2, 64), "-", "−", 1)
}
