package plot

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/peacesim/peacesim/results"
)

// What the charts of an analysis (tornado, Sobol, PRIM trajectory) share:
// they show one package and one pathway, the inputs that matter most, and
// are drawn in layers.

// layer is one drawing of a chart: a plotter with a name, drawn unless it
// is off. The charts of analyses are built of layers, so that a test can
// switch each off and see that it drew something.
type layer struct {
	name string
	off  bool
	plot.Plotter
}

// addLayers adds to p the layers that are on, in order.
func addLayers(p *plot.Plot, ls []*layer) {
	for _, l := range ls {
		if !l.off {
			p.Add(l)
		}
	}
}

// plotFunc is a plotter drawn by a function of the data canvas.
type plotFunc func(c draw.Canvas, plt *plot.Plot)

// Plot draws f.
func (f plotFunc) Plot(c draw.Canvas, plt *plot.Plot) { f(c, plt) }

// oneOf returns the rows a chart of an analysis shows, those of one
// package and one pathway: the ones asked for, or the first pathway of
// rows and the package of its chart by default (DefaultPackage; the first
// without one), and of the first scenario that has the package (an
// analysis runs one); and why that package, when it was not asked for.
// what names the chart (Options.Chart's name, capitalised as in a
// sentence), file its table. Several packages wrap ErrOptions;
// one the rows lack is an *UnknownError.
func oneOf[R any](d *results.Dir, opts Options, what, file string, rows []R, of func(R) (scenario, pkg, pathway string)) ([]R, string, error) {
	if len(rows) == 0 {
		return nil, "", errNoRows(d, file)
	}
	if len(opts.Packages) > 1 {
		return nil, "", &optionsError{fmt.Sprintf("a %s chart is drawn for one package; --packages names %d", what, len(opts.Packages))}
	}
	packages, err := choose("package", opts.Packages, firstSeen(rows, func(r R) string { _, p, _ := of(r); return p }))
	if err != nil {
		return nil, "", err
	}
	pathways, err := pathwayOpt(opts.Pathway, firstSeen(rows, func(r R) string { _, _, w := of(r); return w }))
	if err != nil {
		return nil, "", err
	}
	pkg, pathway := packages[0], pathways[0]
	var why string
	if p, w := DefaultPackage(d, strings.ToLower(what), pathway); len(opts.Packages) == 0 && p != "" {
		pkg, why = p, w
	}
	var scenario string
	for _, r := range rows {
		if s, p, _ := of(r); p == pkg {
			scenario = s
			break
		}
	}
	rows = slices.DeleteFunc(slices.Clone(rows), func(r R) bool {
		s, p, w := of(r)
		return s != scenario || p != pkg || w != pathway
	})
	if len(rows) == 0 {
		return nil, "", errNoneOf(d, file, pkg, pathway)
	}
	return rows, why, nil
}

// topRows orders rows by a value, largest first (NaN last), and keeps
// those Options.Top asks for; omitted is how many it leaves out.
func topRows[R any](opts Options, rows []R, by func(R) float64) (kept []R, omitted int) {
	slices.SortStableFunc(rows, func(a, b R) int { return results.Descending(by(a), by(b)) })
	omitted = max(len(rows)-top(opts), 0)
	return rows[:len(rows)-omitted], omitted
}

// errNoneOf is the error of a table with no rows of the package and
// pathway chosen, though it has rows of each.
func errNoneOf(d *results.Dir, file, pkg, pathway string) error {
	return fmt.Errorf("%w: %s has no rows of package %s and pathway %s", ErrNothing, filepath.Join(d.Path, file), pkg, pathway)
}

// top is the number of inputs to show: Options.Top, or DefaultTop.
func top(opts Options) int {
	if opts.Top > 0 {
		return opts.Top
	}
	return DefaultTop
}

// minData is the least width a chart of inputs keeps for its data when
// its figure is narrow: the inputs' names beside it shrink first.
const minData = 4 * vg.Centimeter

// textScale is how much the text beside a chart's data, as wide as text
// at full size, shrinks so that a figure as wide as width keeps minData
// for the data: at most 1, and no smaller than minTextSize allows.
func textScale(width, text vg.Length) vg.Length {
	if text <= 0 {
		return 1
	}
	return min(1, max((width-minData)/text, minTextSize/tickSize))
}

// inputsPlot is the plot of a chart with a row per input, its labels
// from the top at text scale, a vertical grid, and the layers.
func inputsPlot(labels []string, scale vg.Length, layers []*layer) *plot.Plot {
	n := len(labels)
	p := newPlot()
	p.Y.Tick.Label.Font.Size = tickSize * scale
	p.Y.Tick.Marker = categoryTicks(labels, func(i int) float64 { return float64(n - 1 - i) })
	p.Y.Tick.Length = 0
	grid := plotter.NewGrid()
	grid.Horizontal.Color = nil
	grid.Vertical.Color = color.Gray{Y: 0xdd}
	p.Add(grid)
	addLayers(p, layers)
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	return p
}

// inputLabels are the inputs' tick labels (inputLabel), and the width of
// the widest.
func inputLabels(inputs []string) (labels []string, width vg.Length) {
	st := textStyle(tickSize, text.XRight, text.YCenter)
	for _, in := range inputs {
		l := inputLabel(in)
		labels = append(labels, l)
		width = max(width, st.Width(l))
	}
	return labels, width
}

// maxInputLabel is the longest input name a chart writes whole, in
// characters: longer key paths keep their end, which names the input.
const maxInputLabel = 45

// inputLabel is an input's key path as a tick label, shortened from the
// left with "…" when it is longer than maxInputLabel.
func inputLabel(key string) string {
	if utf8.RuneCountInString(key) <= maxInputLabel {
		return key
	}
	r := []rune(key)
	return "…" + string(r[len(r)-(maxInputLabel-1):])
}

// leftOut says how many inputs a chart does not show, in a caption's
// second line, by what they have less of (one: "a smaller swing"; many:
// "smaller swings"); "" when it shows them all.
func leftOut(n int, one, many string) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "1 more input with " + one + " not shown"
	}
	return fmt.Sprintf("%d more inputs with %s not shown", n, many)
}

// withLine adds a second line to a caption, if there is one.
func withLine(caption, line string) string {
	if line == "" {
		return caption
	}
	return caption + "\n" + line
}

// withLines adds each line that is not empty to a caption.
func withLines(caption string, lines ...string) string {
	for _, l := range lines {
		caption = withLine(caption, l)
	}
	return caption
}

// ordinal writes a percentile as an ordinal: 10th, 1st, 2.5th.
func ordinal(p float64) string {
	s := strconv.FormatFloat(p, 'f', -1, 64)
	if p != math.Trunc(p) || math.IsInf(p, 0) || math.IsNaN(p) {
		return s + "th"
	}
	switch n := int64(math.Abs(p)); {
	case n%100 >= 11 && n%100 <= 13:
		return s + "th"
	case n%10 == 1:
		return s + "st"
	case n%10 == 2:
		return s + "nd"
	case n%10 == 3:
		return s + "rd"
	}
	return s + "th"
}

// value writes an input's value as a reader quotes it: four significant
// digits, whole numbers from 10,000 up.
func value(v float64) string {
	if math.Abs(v) >= 1e4 && !math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strings.Replace(strconv.FormatFloat(v, 'g', 4, 64), "-", "−", 1)
}

// Colours of the analyses' charts, from Okabe and Ito's palette.
func lowColor() color.Color   { return color.RGBA{0x00, 0x72, 0xB2, 0xff} } // blue
func highColor() color.Color  { return color.RGBA{0xD5, 0x5E, 0x00, 0xff} } // vermillion
func totalColor() color.Color { return color.RGBA{0x56, 0xB4, 0xE9, 0xff} } // sky blue
func noteColor() color.Color  { return color.Gray{Y: 0x55} }
