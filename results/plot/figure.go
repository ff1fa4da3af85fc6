package plot

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/peacesim/peacesim/results"
)

// figure is a chart's page: a title, a legend strip under it, the plots in
// the middle and a caption at the foot. body draws the plots into the
// canvas left for them.
type figure struct {
	title   string
	legend  []legendEntry
	caption string
	body    func(c draw.Canvas)
}

// legendEntry is one entry of a figure's legend: a swatch and its label.
type legendEntry struct {
	label string
	color color.Color
	// line draws the swatch as a line over a band (a sweep's pathway)
	// rather than a filled box (a run's bar); plain leaves the band out,
	// dashed draws the line dashed, without the band.
	line, plain, dashed bool
	// glyph, when it has a shape, draws the swatch as that marker (a
	// chart's point) instead.
	glyph draw.GlyphStyle
}

// Sizes of the figure's text and furniture.
const (
	titleSize   = 13 * vg.Length(1)
	labelSize   = 10 * vg.Length(1)
	tickSize    = 9 * vg.Length(1)
	captionSize = 8 * vg.Length(1)
	margin      = 0.25 * vg.Centimeter
	swatch      = 0.45 * vg.Centimeter
)

// textStyle is the figure's sans-serif text at size, aligned as given.
func textStyle(size vg.Length, x text.XAlignment, y text.YAlignment) text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    font.From(font.Font{Typeface: "Liberation", Variant: "Sans"}, size),
		XAlign:  x,
		YAlign:  y,
		Handler: plot.DefaultTextHandler,
	}
}

// newPlot is a plot in the figure's style: sans-serif text, no title of
// its own unless given.
func newPlot() *plot.Plot {
	p := plot.New()
	sans := func(s *text.Style, size vg.Length) {
		s.Font = font.From(font.Font{Typeface: "Liberation", Variant: "Sans"}, size)
	}
	sans(&p.Title.TextStyle, labelSize+1)
	sans(&p.X.Label.TextStyle, labelSize)
	sans(&p.Y.Label.TextStyle, labelSize)
	sans(&p.X.Tick.Label, tickSize)
	sans(&p.Y.Tick.Label, tickSize)
	sans(&p.Legend.TextStyle, labelSize)
	return p
}

// draw lays the figure out on c: title, legend, body, caption.
func (f figure) draw(c draw.Canvas) {
	c.FillPolygon(color.White, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
	c = draw.Crop(c, margin, -margin, margin, -margin)
	top := c.Max.Y
	if f.title != "" {
		st := textStyle(titleSize, text.XCenter, text.YTop)
		fitText(&st, f.title, c.Max.X-c.Min.X)
		c.FillText(st, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: top}, f.title)
		top -= st.Height(f.title) + margin
	}
	if len(f.legend) > 0 {
		top -= drawLegend(c, top, f.legend) + margin
	}
	bottom := c.Min.Y
	if f.caption != "" {
		st, caption := captionText(f.caption, c.Max.X-c.Min.X)
		c.FillText(st, vg.Point{X: c.Min.X, Y: bottom}, caption)
		bottom += st.Height(caption) + margin
	}
	body := c
	body.Min.Y, body.Max.Y = bottom, top
	if f.body != nil && body.Max.Y > body.Min.Y {
		f.body(body)
	}
}

// drawLegend draws the entries in rows under y, centred, wrapping when a
// row is full, and returns the height used.
func drawLegend(c draw.Canvas, y vg.Length, entries []legendEntry) vg.Length {
	st := textStyle(labelSize, text.XLeft, text.YCenter)
	gap := swatch / 2
	width := func(e legendEntry) vg.Length { return swatch + gap + st.Width(e.label) + 2*swatch }
	// Split the entries into rows that fit the width.
	var rows [][]legendEntry
	var w vg.Length
	for _, e := range entries {
		if len(rows) == 0 || w+width(e) > c.Max.X-c.Min.X {
			rows = append(rows, nil)
			w = 0
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], e)
		w += width(e)
	}
	rowHeight := max(swatch, st.Height("Xg")) * 1.4
	for i, row := range rows {
		var total vg.Length
		for _, e := range row {
			total += width(e)
		}
		total -= 2 * swatch // no space after the last entry
		x := (c.Min.X+c.Max.X)/2 - total/2
		mid := y - rowHeight*vg.Length(i) - rowHeight/2
		for _, e := range row {
			drawSwatch(c, vg.Point{X: x, Y: mid}, e)
			c.FillText(st, vg.Point{X: x + swatch + gap, Y: mid}, e.label)
			x += width(e)
		}
	}
	return rowHeight * vg.Length(len(rows))
}

// drawSwatch draws an entry's swatch with its left middle at p.
func drawSwatch(c draw.Canvas, p vg.Point, e legendEntry) {
	h := swatch * 0.7
	box := []vg.Point{{X: p.X, Y: p.Y - h/2}, {X: p.X + swatch, Y: p.Y - h/2}, {X: p.X + swatch, Y: p.Y + h/2}, {X: p.X, Y: p.Y + h/2}}
	switch {
	case e.glyph.Shape != nil:
		c.DrawGlyph(e.glyph, vg.Point{X: p.X + swatch/2, Y: p.Y})
		return
	case !e.line:
		c.FillPolygon(e.color, box)
		return
	}
	ls := draw.LineStyle{Color: e.color, Width: lineWidth}
	if e.dashed {
		ls.Width, ls.Dashes = vg.Points(1), []vg.Length{vg.Points(4), vg.Points(3)}
	} else if !e.plain {
		c.FillPolygon(translucent(e.color), box)
	}
	c.StrokeLine2(ls, p.X, p.Y, p.X+swatch, p.Y)
}

// Colours: Okabe and Ito's palette, told apart with any colour vision,
// in the order pathways take them.
func pathwayColors() []color.Color {
	return []color.Color{
		color.RGBA{0x00, 0x72, 0xB2, 0xff}, // blue
		color.RGBA{0xE6, 0x9F, 0x00, 0xff}, // orange
		color.RGBA{0x00, 0x9E, 0x73, 0xff}, // bluish green
		color.RGBA{0xD5, 0x5E, 0x00, 0xff}, // vermillion
		color.RGBA{0xCC, 0x79, 0xA7, 0xff}, // reddish purple
		color.RGBA{0x56, 0xB4, 0xE9, 0xff}, // sky blue
		color.RGBA{0xF0, 0xE4, 0x42, 0xff}, // yellow
		color.RGBA{0x00, 0x00, 0x00, 0xff}, // black
	}
}

// pathwayColor is the colour of the i-th pathway.
func pathwayColor(i int) color.Color {
	cs := pathwayColors()
	return cs[i%len(cs)]
}

// bandAlpha is the opacity of an interval band: the line over it stays
// the stronger mark, and overlapping bands stay readable.
const bandAlpha = 0.22

// translucent is c at the opacity of a band.
func translucent(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	a := bandAlpha
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(math.Round(a * 255))}
}

// whiskerColor is the colour of interval whiskers drawn over bars.
func whiskerColor() color.Color { return color.Gray{Y: 0x22} }

// lineWidth is the width of a sweep's lines and of whiskers.
const lineWidth = 1.5 * vg.Length(1)

// percentTicks marks a probability axis in percent: 0%, 20%, … for [0, 1],
// gonum's choice of ticks otherwise.
type percentTicks struct {
	// signed writes a + before positive values (differences, in points).
	signed bool
	// unit follows each label: "%" for probabilities, "" for points.
	unit string
}

// Ticks returns the default ticks between min and max labelled in percent.
func (t percentTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = t.label(ticks[i].Value)
		}
	}
	return ticks
}

// label writes v, a probability or a difference of two, in percent.
func (t percentTicks) label(v float64) string {
	v = math.Round(v*1e6) / 1e4 // percent, without 30.000000000000004
	s := strconv.FormatFloat(math.Abs(v), 'f', -1, 64)
	switch {
	case v == 0:
		s = "0"
	case v < 0:
		s = "−" + s
	case t.signed:
		s = "+" + s
	}
	return s + t.unit
}

// probabilityAxis makes a the axis of a probability: 0 to 100%, in
// percent, with its label.
func probabilityAxis(a *plot.Axis, label string) {
	a.Min, a.Max = 0, 1
	a.Tick.Marker = unitTicks{}
	a.Label.Text = label
}

// fitText shrinks st's font, down to minTextSize, until txt fits width.
func fitText(st *text.Style, txt string, width vg.Length) {
	if w := st.Width(txt); w > width && w > 0 {
		st.Font.Size = max(minTextSize, st.Font.Size*width/w)
	}
}

// minTextSize is the smallest text fitText makes: still legible in print.
const minTextSize = 6 * vg.Length(1)

// errNoRows is the error of a table with no row to draw.
func errNoRows(d *results.Dir, file string) error {
	return fmt.Errorf("%w: %s has no rows", ErrNothing, filepath.Join(d.Path, file))
}

// categoryTicks labels positions 0, 1, … with names.
func categoryTicks(names []string, at func(i int) float64) plot.ConstantTicks {
	ticks := make(plot.ConstantTicks, len(names))
	for i, n := range names {
		ticks[i] = plot.Tick{Value: at(i), Label: n}
	}
	return ticks
}

// caption says where a chart's figures come from: its scenarios, trials
// and seeds from the manifest (from the rows when the manifest lists no
// scenario), then what the intervals are.
func caption(d *results.Dir, note string, fromRows func() []results.ScenarioRun) string {
	runs := slices.DeleteFunc(slices.Clone(d.Manifest.Scenarios), func(sr results.ScenarioRun) bool { return sr.Error != "" })
	if len(runs) == 0 {
		runs = fromRows()
	}
	var parts []string
	same := len(runs) > 0
	for _, sr := range runs {
		same = same && sr.Trials == runs[0].Trials && sr.Seed == runs[0].Seed
	}
	if same {
		ids := make([]string, len(runs))
		for i, sr := range runs {
			ids[i] = sr.Scenario
		}
		parts = append(parts, strings.Join(ids, ", "), thousands(runs[0].Trials)+" trials", fmt.Sprintf("seed %d", runs[0].Seed))
	} else {
		for _, sr := range runs {
			parts = append(parts, fmt.Sprintf("%s (%s trials, seed %d)", sr.Scenario, thousands(sr.Trials), sr.Seed))
		}
	}
	if v := d.Manifest.Version; v != "" {
		parts = append(parts, "peacesim "+v)
	}
	if note != "" {
		parts = append(parts, note)
	}
	return strings.Join(parts, " · ")
}

// runsOf lists each scenario of rows once, with its trials and seed: the
// caption of a directory whose manifest names none.
func runsOf[R any](rows []R, of func(R) (string, int64, uint64)) func() []results.ScenarioRun {
	return func() []results.ScenarioRun {
		var out []results.ScenarioRun
		for _, r := range rows {
			id, trials, seed := of(r)
			if !slices.ContainsFunc(out, func(sr results.ScenarioRun) bool { return sr.Scenario == id }) {
				out = append(out, results.ScenarioRun{Scenario: id, Trials: trials, Seed: seed})
			}
		}
		return out
	}
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// firstSeen returns the distinct values of key over rows, in the order
// they first appear.
func firstSeen[R any](rows []R, key func(R) string) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range rows {
		if k := key(r); !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// choose returns the names asked for, in that order, checked against
// known (an *UnknownError for one that is not there), or known itself
// when none is asked for.
func choose(what string, asked, known []string) ([]string, error) {
	if len(asked) == 0 {
		return known, nil
	}
	for _, a := range asked {
		if !slices.Contains(known, a) {
			return nil, &UnknownError{What: what, Name: a, Known: known}
		}
	}
	return asked, nil
}

// pathwayOpt is the pathways to show: the one asked for, or all.
func pathwayOpt(asked string, known []string) ([]string, error) {
	if asked == "" {
		return known, nil
	}
	return choose("pathway", []string{asked}, known)
}

// group is the name of a scenario's package in a chart: the package alone
// when the results hold one scenario, "scenario: package" in a batch.
func group(batch bool, scenario, pkg string) string {
	if batch {
		return scenario + ": " + pkg
	}
	return pkg
}

// panelGrid is the columns and rows of a grid of n panels: up to three
// columns, as square as it gets.
func panelGrid(n int) (cols, rows int) {
	cols = min(n, 3)
	if n == 4 {
		cols = 2
	}
	cols = max(cols, 1)
	return cols, (n + cols - 1) / cols
}
