package plot

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/peacesim/peacesim/results"
)

// newTimeline charts timeline.csv (docs/model.md#timeline): the share of
// trials that reached each pathway by each round of the talks — in that
// round or an earlier one, so that a curve never falls — as a line over
// its 95% band against the round, a panel per package (per scenario and
// package in a batch); with Options.Pathway, that pathway alone, a line
// per package in one panel. Where the timeline has a start the x axis is
// in dates; its marks are labelled vertical rules. The fallback
// (TimelineFallbacks), reached in every trial from round 1, is left out
// unless Options.Pathway names it.
func newTimeline(d *results.Dir, opts Options) (*Chart, error) {
	s, err := timelineOf(d, opts)
	if err != nil {
		return nil, err
	}
	c := &Chart{kind: Timeline}
	c.fig = figure{
		title:  s.title,
		legend: s.legend(),
		caption: caption(d, s.note, runsOf(d.Timeline, func(r results.TimelineRow) (string, int64, uint64) {
			return r.Scenario, r.Trials, r.Seed
		})),
		body: s.draw,
	}
	c.width = 16 * vg.Centimeter
	c.height = s.height()
	return c, nil
}

// timelineOf gathers the panels and lines of a timeline chart of the
// packages and pathways asked for, in the order asked for, with its
// title and what its caption says of them.
func timelineOf(d *results.Dir, opts Options) (*timelinePanels, error) {
	rows := d.Timeline
	if len(rows) == 0 {
		return nil, errNoRows(d, results.TimelineFile)
	}
	batch := len(firstSeen(rows, func(r results.TimelineRow) string { return r.Scenario })) > 1
	groupOf := func(r results.TimelineRow) string { return group(batch, r.Scenario, r.Package) }
	allGroups := firstSeen(rows, groupOf)
	packages, err := choose("package", opts.Packages, firstSeen(rows, func(r results.TimelineRow) string { return r.Package }))
	if err != nil {
		return nil, err
	}
	allPathways := firstSeen(rows, func(r results.TimelineRow) string { return r.Pathway })
	pathways, err := pathwayOpt(opts.Pathway, allPathways)
	if err != nil {
		return nil, err
	}
	var left []string // the fallbacks left out
	if opts.Pathway == "" {
		left = TimelineFallbacks(rows)
		pathways = slices.DeleteFunc(slices.Clone(pathways), func(w string) bool { return slices.Contains(left, w) })
	}
	if len(pathways) == 0 {
		return nil, fmt.Errorf("%w: %s holds only the fallback, %s, reached in every trial: --pathway %s draws it",
			ErrNothing, d.Path, strings.Join(left, ", "), left[0])
	}
	rows = slices.DeleteFunc(slices.Clone(rows), func(r results.TimelineRow) bool {
		return !slices.Contains(packages, r.Package) || !slices.Contains(pathways, r.Pathway)
	})
	slices.SortStableFunc(rows, func(a, b results.TimelineRow) int {
		return slices.Index(packages, a.Package) - slices.Index(packages, b.Package)
	})
	groups := firstSeen(rows, groupOf)

	var s *timelinePanels
	if opts.Pathway != "" {
		s = timelineLines(rows, []string{""}, groups, lineColors(groups, allGroups),
			func(results.TimelineRow) string { return "" }, groupOf)
		s.title = "Probability of reaching " + opts.Pathway + " by the round, by package"
	} else {
		s = timelineLines(rows, groups, pathways, lineColors(pathways, allPathways), groupOf,
			func(r results.TimelineRow) string { return r.Pathway })
		s.title = "Probability of reaching each pathway by the round"
	}
	s.xlabel = roundLabel(d, s.axes)
	s.note = "curves: the share of trials that reached the pathway in some round up to this one (cumulative) · bands: 95% Wilson intervals"
	if len(left) > 0 {
		s.note += " · not drawn: " + strings.Join(left, ", ") + ", the fallback, reached in every trial"
	}
	if opts.Pathway != "" {
		s.note += hiddenLines(s.names, s.series[0])
	}
	return s, nil
}

// lineColors are the colours of the lines shown, of all those there are:
// each the colour of its place among all, so that a line keeps its colour
// when others are left out, unless two shown would then share one.
func lineColors(shown, all []string) []color.Color {
	at := make([]int, len(shown))
	for i, name := range shown {
		at[i] = slices.Index(all, name) % len(pathwayColors())
	}
	if slices.Sort(at); len(slices.Compact(at)) < min(len(shown), len(pathwayColors())) {
		all = shown
	}
	colors := make([]color.Color, len(shown))
	for i, name := range shown {
		colors[i] = pathwayColor(slices.Index(all, name))
	}
	return colors
}

// TimelineFallbacks are the pathways of timeline rows that are a
// scenario's fallback: its last pathway (a scenario's rules end with
// it), reached in every trial of every round — the outcome when no other
// pathway is reached, it is "reached" whatever happens. A timeline chart
// leaves them out: a line at 100%.
func TimelineFallbacks(rows []results.TimelineRow) []string {
	var out []string
	for _, sc := range firstSeen(rows, func(r results.TimelineRow) string { return r.Scenario }) {
		of := func(r results.TimelineRow) bool { return r.Scenario == sc }
		pathways := firstSeen(slices.DeleteFunc(slices.Clone(rows), func(r results.TimelineRow) bool { return !of(r) }),
			func(r results.TimelineRow) string { return r.Pathway })
		last := pathways[len(pathways)-1]
		always := !slices.ContainsFunc(rows, func(r results.TimelineRow) bool {
			return of(r) && r.Pathway == last && r.ReachedCount != r.Trials
		})
		if always && !slices.Contains(out, last) {
			out = append(out, last)
		}
	}
	return out
}

// timelinePanels are a timeline chart's lines and each panel's axis.
type timelinePanels struct {
	*linePanels
	axes []timeAxis
	// title is the chart's; note what its caption says of the lines.
	title, note string
}

// timelineLines places each row in its panel (panelOf, among panels) and
// its line (lineOf, among names, drawn in colors), each panel on the
// time axis of its own rows, and every panel on one probability axis, up
// to the highest upper bound of them all.
func timelineLines(rows []results.TimelineRow, panels, names []string, colors []color.Color,
	panelOf, lineOf func(results.TimelineRow) string) *timelinePanels {
	s := &timelinePanels{linePanels: &linePanels{panels: panels, names: names, ylabel: "P(reached)"}}
	s.series = make([][]*line, len(panels))
	top := 0.0
	for i := range panels {
		s.series[i] = make([]*line, len(names))
		for j := range names {
			s.series[i][j] = &line{color: colors[j]}
		}
		s.axes = append(s.axes, timeAxisOf(slices.DeleteFunc(slices.Clone(rows), func(r results.TimelineRow) bool {
			return panelOf(r) != panels[i]
		})))
	}
	for _, r := range rows {
		l := s.series[slices.Index(panels, panelOf(r))][slices.Index(names, lineOf(r))]
		l.pts = append(l.pts, point{x: float64(r.Round), p: r.Reached, lo: r.ReachedLow, hi: r.ReachedHigh})
		top = max(top, r.ReachedHigh)
	}
	for _, ps := range s.series {
		for _, l := range ps {
			slices.SortStableFunc(l.pts, func(a, b point) int { return cmp.Compare(a.x, b.x) })
			l.glyphs = len(l.pts) <= timelineGlyphs
		}
	}
	marks := slices.ContainsFunc(s.axes, func(t timeAxis) bool { return len(t.marks) > 0 })
	s.yaxis = func(a *plot.Axis) { shareAxis(a, top, marks) }
	s.xaxis = func(i int, a *plot.Axis, width vg.Length) { s.axes[i].axis(a, width) }
	s.over = func(i int) []plot.Plotter { return []plot.Plotter{s.axes[i].rules()} }
	return s
}

// timelineGlyphs is the most rounds a timeline's lines mark each with a
// dot: past it, in a panel a third of the figure wide, the dots would
// touch.
const timelineGlyphs = 12

// shareAxis makes a the axis of a share of trials from 0 to the first
// tenth above top, the highest of the upper bounds drawn, so that curves
// of a few percent are not flat on the floor; with room above it for the
// marks' labels when there are marks.
func shareAxis(a *plot.Axis, top float64, marks bool) {
	a.Min, a.Max = 0, min(1, math.Max(0.1, math.Ceil((top+0.01)*10)/10))
	a.Tick.Marker = shareTicks{top: a.Max}
	if marks {
		a.Max *= 1 + markRoom
	}
}

// markRoom is the room above the highest tick that a chart with marks
// leaves for their labels, as a share of the axis: a line of text in a
// panel 5 cm high.
const markRoom = 0.1

// shareTicks marks a share of trials from 0 to top in percent: every 20%
// when top is above 50%, every 10% above 20%, else every 5%, a minor tick
// halfway; none above top, where the marks are labelled.
type shareTicks struct{ top float64 }

// Ticks returns the ticks of [0, top] within [min, max].
func (t shareTicks) Ticks(min, max float64) []plot.Tick {
	step := 5
	switch {
	case t.top > 0.5:
		step = 20
	case t.top > 0.2:
		step = 10
	}
	var ticks []plot.Tick
	for half := 0; float64(half*step)/200 <= t.top+1e-9; half++ {
		v := float64(half*step) / 200
		if v < min || v > max {
			continue
		}
		tk := plot.Tick{Value: v}
		if half%2 == 0 {
			tk.Label = percentTicks{unit: "%"}.label(v)
		}
		ticks = append(ticks, tk)
	}
	return ticks
}

// hiddenLines says which of a panel's lines another hides: those that
// are 0 in every round, on the axis, and those equal to another in every
// round, one over the other. A reader who finds fewer lines than the
// legend has their names.
func hiddenLines(names []string, lines []*line) string {
	var never []string
	var same []string
	seen := make([]bool, len(lines))
	for i, l := range lines {
		if !slices.ContainsFunc(l.pts, func(p point) bool { return p.p != 0 }) {
			never = append(never, names[i])
			continue
		}
		if seen[i] {
			continue
		}
		equal := []string{names[i]}
		for j := i + 1; j < len(lines); j++ {
			if slices.Equal(l.pts, lines[j].pts) {
				seen[j] = true
				equal = append(equal, names[j])
			}
		}
		if len(equal) > 1 {
			same = append(same, strings.Join(equal, " = "))
		}
	}
	var out string
	if len(never) > 0 {
		out += " · never reached: " + strings.Join(never, ", ")
	}
	if len(same) > 0 {
		out += " · the same in every round, one line over the other: " + strings.Join(same, "; ")
	}
	return out
}

// roundLabel is the label of a timeline's x axis: the date of each round,
// or the round, and what a round is when every scenario says the same
// ("date (a round a week)").
func roundLabel(d *results.Dir, axes []timeAxis) string {
	label := "round"
	if !slices.ContainsFunc(axes, func(t timeAxis) bool { return t.dates == nil }) {
		label = "date"
	}
	var units []string
	for _, sr := range d.Manifest.Scenarios {
		if sr.Timeline != nil && !slices.Contains(units, sr.Timeline.Unit) {
			units = append(units, sr.Timeline.Unit)
		}
	}
	var about []string
	if len(units) == 1 && units[0] != "" && units[0] != "round" {
		if label == "date" {
			about = append(about, "a round a "+units[0])
		} else {
			about = append(about, "a "+units[0]+" each")
		}
	}
	if label == "date" && !slices.ContainsFunc(axes, func(t timeAxis) bool { return !t.dates[0].Equal(axes[0].dates[0]) }) {
		about = append(about, "round 1 on "+axes[0].dates[0].Format("2 January 2006"))
	}
	if len(about) == 0 {
		return label
	}
	return label + " (" + strings.Join(about, ", ") + ")"
}

// timeAxis is the x axis of a timeline's panel: its rounds, their dates
// and its marks.
type timeAxis struct {
	rounds int
	// dates are the rounds' dates, dates[r − 1] round r's; nil when a
	// round has none, or rows of two scenarios give it two.
	dates []time.Time
	// marks are the names of the marks at each round that has some.
	marks map[int][]string
}

// timeAxisOf is the axis of rows: the last round of any, the date of each
// round, and the marks, each name once.
func timeAxisOf(rows []results.TimelineRow) timeAxis {
	t := timeAxis{marks: map[int][]string{}}
	dates := map[int]string{}
	dated := true
	for _, r := range rows {
		t.rounds = max(t.rounds, r.Round)
		if d, ok := dates[r.Round]; r.Date == "" || (ok && d != r.Date) {
			dated = false
		}
		dates[r.Round] = r.Date
		for _, m := range r.Marks {
			if !slices.Contains(t.marks[r.Round], m) {
				t.marks[r.Round] = append(t.marks[r.Round], m)
			}
		}
	}
	if !dated || len(dates) != t.rounds {
		return t
	}
	for r := 1; r <= t.rounds; r++ {
		d, err := time.Parse(time.DateOnly, dates[r])
		if err != nil || (r > 1 && !d.After(t.dates[r-2])) {
			t.dates = nil
			return t
		}
		t.dates = append(t.dates, d)
	}
	return t
}

// axis sets a's range to the rounds and its ticks for a data area width
// long: the dates of a calendar step (a day, a week, a month, a year …)
// where the rounds have dates, else round numbers, the smallest step
// whose labels fit, at most maxTimeTicks of them; and a minor tick at
// each round when there is room.
func (t timeAxis) axis(a *plot.Axis, width vg.Length) {
	pad := max(0.25, 0.02*float64(t.rounds-1))
	a.Min, a.Max = 1-pad, float64(t.rounds)+pad
	var ticks []plot.Tick
	if t.dates != nil {
		ticks = t.dateTicks(a, width)
	} else {
		ticks = t.roundTicks(a, width)
	}
	if width >= vg.Length(t.rounds)*minorGap {
		for r := 1; r <= t.rounds; r++ {
			if !slices.ContainsFunc(ticks, func(tk plot.Tick) bool { return tk.Value == float64(r) }) {
				ticks = append(ticks, plot.Tick{Value: float64(r)})
			}
		}
	}
	a.Tick.Marker = plot.ConstantTicks(ticks)
}

// maxTimeTicks is the most labels a timeline's x axis has: a tick per
// month over half a year.
const maxTimeTicks = 8

// minorGap is the least room between the minor ticks of rounds.
const minorGap = 3 * vg.Length(1)

// roundTicks labels the rounds every 1, 2, 5, 10, 20 … rounds, the first
// step whose labels fit (round 1 labelled too from a step of 5).
func (t timeAxis) roundTicks(a *plot.Axis, width vg.Length) []plot.Tick {
	var ticks []plot.Tick
	for step := 1; ; step = nextStep(step) {
		ticks = ticks[:0]
		if step == 1 || step >= 5 {
			ticks = append(ticks, plot.Tick{Value: 1, Label: "1"})
		}
		for r := step; r <= t.rounds; r += step {
			if r > 1 {
				ticks = append(ticks, plot.Tick{Value: float64(r), Label: strconv.Itoa(r)})
			}
		}
		if step >= t.rounds || (len(ticks) <= maxTimeTicks+2 && labelsFit(a, width, ticks)) {
			return ticks
		}
	}
}

// nextStep is the step after step of 1, 2, 5, 10, 20, 50 ….
func nextStep(step int) int {
	if s := strconv.Itoa(step); s[0] == '2' {
		return step / 2 * 5
	}
	return step * 2
}

// dateStep is a step of a date axis: a number of days (from round 1's
// date) or of calendar months (from the first of a month that is a
// multiple of them in the year: quarters start in January).
type dateStep struct{ days, months int }

// dateSteps are the steps a date axis tries, the smallest first.
var dateSteps = []dateStep{{days: 1}, {days: 2}, {days: 7}, {days: 14}, {months: 1}, {months: 2}, {months: 3},
	{months: 6}, {months: 12}, {months: 24}, {months: 60}, {months: 120}, {months: 240}, {months: 600}, {months: 1200}}

// dateTicks labels the dates of the first step whose labels fit, at most
// maxTimeTicks of them; when none fit, round 1's date alone.
func (t timeAxis) dateTicks(a *plot.Axis, width vg.Length) []plot.Tick {
	for _, step := range dateSteps {
		ticks := t.stepTicks(step)
		if len(ticks) > 0 && len(ticks) <= maxTimeTicks && labelsFit(a, width, ticks) {
			return ticks
		}
	}
	return []plot.Tick{{Value: 1, Label: t.dates[0].Format("2 Jan\n2006")}}
}

// stepTicks are the dates of step from round 1's date to the last
// round's, each at its place between the rounds' dates. A label gives
// the day (a step of days: with the month at the first and where it
// changes), the month (a step of months) or the year; the first and each
// in a new year add the year on a second line.
func (t timeAxis) stepTicks(step dateStep) []plot.Tick {
	first, last := t.dates[0], t.dates[len(t.dates)-1]
	var ticks []plot.Tick
	var prev time.Time
	add := func(d time.Time, layout string) {
		if step.months < 12 && d.Year() != prev.Year() {
			layout += "\n2006"
		}
		prev = d
		ticks = append(ticks, plot.Tick{Value: t.at(d), Label: d.Format(layout)})
	}
	if step.days > 0 {
		// The month once, where it starts or changes: 20 Dec, 22, 24 ….
		for d := first; !d.After(last); d = d.AddDate(0, 0, step.days) {
			layout := "2"
			if len(ticks) == 0 || d.Month() != prev.Month() || d.Year() != prev.Year() {
				layout = "2 Jan"
			}
			add(d, layout)
		}
		return ticks
	}
	layout := "Jan"
	if step.months >= 12 {
		layout = "2006"
	}
	// The first of the month of round 1 or after it, on the step.
	d := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
	if d.Before(first) {
		d = d.AddDate(0, 1, 0)
	}
	for ; (d.Year()*12+int(d.Month())-1)%step.months != 0; d = d.AddDate(0, 1, 0) {
	}
	for ; !d.After(last); d = d.AddDate(0, step.months, 0) {
		add(d, layout)
	}
	return ticks
}

// at is the place of date d on the axis: its round, or its share of the
// way between the rounds it falls between.
func (t timeAxis) at(d time.Time) float64 {
	i, _ := slices.BinarySearchFunc(t.dates, d, func(a, b time.Time) int { return a.Compare(b) })
	switch {
	case i >= len(t.dates):
		return float64(len(t.dates))
	case t.dates[i].Equal(d) || i == 0:
		return float64(i + 1)
	}
	prev, next := t.dates[i-1], t.dates[i]
	return float64(i) + float64(d.Sub(prev))/float64(next.Sub(prev))
}

// labelsFit reports whether the labels of ticks, on an axis width long
// between a.Min and a.Max, are apart by a space at least, an em of their
// font, and the first and last within the axis by no more than half.
func labelsFit(a *plot.Axis, width vg.Length, ticks []plot.Tick) bool {
	st := a.Tick.Label
	gap := st.Font.Size
	place := func(v float64) vg.Length { return vg.Length((v - a.Min) / (a.Max - a.Min) * float64(width)) }
	var prev plot.Tick
	for i, tk := range ticks {
		if i > 0 && place(tk.Value)-place(prev.Value) < (st.Width(tk.Label)+st.Width(prev.Label))/2+gap {
			return false
		}
		prev = tk
	}
	return true
}

// rules are the axis's marks, drawn over a panel's lines.
func (t timeAxis) rules() plot.Plotter {
	var rounds []int
	for r := range t.marks {
		rounds = append(rounds, r)
	}
	slices.Sort(rounds)
	m := markRules{}
	for _, r := range rounds {
		m = append(m, markRule{x: float64(r), label: strings.Join(t.marks[r], ", ")})
	}
	return m
}

// markRules are a timeline's marks: a dashed vertical rule at each
// mark's round, its name at the top beside it — right of the rule, or
// left when that would cross another rule or run past the panel — and a
// line lower when it would run over the name of an earlier mark.
type markRules []markRule

// markRule is a mark: its round and its name.
type markRule struct {
	x     float64
	label string
}

// markSize is the size of a mark's name.
const markSize = 8 * vg.Length(1)

// Plot draws the rules, then their names over them on a white ground, on
// the data canvas.
func (m markRules) Plot(c draw.Canvas, plt *plot.Plot) {
	tx, _ := plt.Transforms(&c)
	rule := draw.LineStyle{Color: color.Gray{Y: 0x55}, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(2)}}
	var xs []vg.Length
	for _, mk := range m {
		if x := tx(mk.x); x >= c.Min.X-1e-6 && x <= c.Max.X+1e-6 {
			c.StrokeLine2(rule, x, c.Min.Y, x, c.Max.Y)
			xs = append(xs, x)
		}
	}
	st := textStyle(markSize, text.XLeft, text.YTop)
	pad := vg.Points(2)
	// rows[k] are the extents of the names on the k-th line from the top.
	var rows [][][2]vg.Length
	for _, mk := range m {
		x := tx(mk.x)
		if !slices.Contains(xs, x) {
			continue
		}
		w, h := st.Width(mk.label), st.Height(mk.label)
		crosses := func(x0 vg.Length) bool {
			return x0 < c.Min.X || x0+w > c.Max.X ||
				slices.ContainsFunc(xs, func(o vg.Length) bool { return o != x && o > x0-pad && o < x0+w+pad })
		}
		x0 := x + pad
		if left := max(c.Min.X, x-pad-w); crosses(x0) && (!crosses(left) || x0+w > c.Max.X) {
			x0 = left
		}
		k := 0
		for k < len(rows) && slices.ContainsFunc(rows[k], func(e [2]vg.Length) bool { return x0 < e[1]+pad && e[0] < x0+w+pad }) {
			k++
		}
		if k == len(rows) {
			rows = append(rows, nil)
		}
		rows[k] = append(rows[k], [2]vg.Length{x0, x0 + w})
		top := c.Max.Y - pad - vg.Length(k)*(h+pad)
		c.FillPolygon(color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xd8}, []vg.Point{
			{X: x0 - 1, Y: top - h}, {X: x0 + w + 1, Y: top - h}, {X: x0 + w + 1, Y: top + 1}, {X: x0 - 1, Y: top + 1}})
		c.FillText(st, vg.Point{X: x0, Y: top}, mk.label)
	}
}
