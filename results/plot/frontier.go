package plot

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/peacesim/peacesim/results"
)

// newFrontier charts frontier.csv: for each track (or the one
// Options.Track names), a panel of the utilities of the analysis's first
// two veto parties, x the first's and y the second's. The Pareto frontier
// is a line through its points (with more than two parties, the points
// projected onto the two, the line joining those no other beats for
// both); the parties' reservations (zopa.csv) are dashed lines, and where
// a ZOPA exists the region under the frontier beyond both reservations is
// shaded. The Nash and Kalai–Smorodinsky solutions (solutions.csv) are
// marked, and each declared package (packages.csv) is a labelled point,
// filled when every veto party accepts it and hollow when not, and a
// square rather than a circle when it lies beyond the frontier: outside
// the negotiable space the frontier is computed over, which the caption
// says. Packages at one point share one label.
func newFrontier(d *results.Dir, opts Options) (*Chart, error) {
	b, err := bargainOf(d, opts)
	if err != nil {
		return nil, err
	}
	panels, undrawn := b.panels()
	if len(panels) == 0 {
		return nil, fmt.Errorf("%w: %s has no point of %s with utilities of both %s and %s", ErrNothing,
			d.Path, strings.Join(b.tracks, ", "), b.parties[0], b.parties[1])
	}
	c := &Chart{kind: Frontier}
	// byPlot finds a panel's figures from the plot a layer draws on.
	byPlot := map[*plot.Plot]*frontierPanel{}
	c.layers = frontierLayers(byPlot)
	cols, nrows := panelGrid(len(panels))
	c.fig = figure{
		title:   frontierTitle(panels),
		legend:  frontierLegend(panels),
		caption: withLine(bargainCaption(d, b.mode), frontierNote(b.parties, undrawn, beyondNote(d, panels))),
		body: func(dc draw.Canvas) {
			tiles := draw.Tiles{Rows: nrows, Cols: cols, PadX: 0.5 * vg.Centimeter, PadY: 0.4 * vg.Centimeter}
			panelWidth := (dc.Max.X - dc.Min.X - tiles.PadX*vg.Length(cols-1)) / vg.Length(cols)
			clear(byPlot)
			plots := make([]*plot.Plot, len(panels))
			for i, fp := range panels {
				plots[i] = fp.plot(b.parties, panelWidth, len(panels) > 1, c.layers)
				byPlot[plots[i]] = fp
			}
			drawTiles(dc, tiles, plots)
		},
	}
	c.width = 16 * vg.Centimeter
	c.height = vg.Length(nrows)*min(14*vg.Centimeter/vg.Length(cols), 11*vg.Centimeter) + 4*vg.Centimeter
	return c, nil
}

// bargainRun is what a frontier chart shows of a bargaining analysis: the
// rows of its one scenario and mode, the tracks and declared packages
// chosen.
type bargainRun struct {
	d               *results.Dir
	scenario, mode  string
	parties, tracks []string
	rows            []results.FrontierRow
	declared        []results.BargainPackageRow
	packages        []string
}

// bargainOf selects what a frontier chart of d shows: a bargain writes one
// scenario in one mode, so the first row's; the track Options.Track names,
// or every track; the declared packages Options.Packages names, or all.
func bargainOf(d *results.Dir, opts Options) (*bargainRun, error) {
	if len(d.Frontier) == 0 {
		return nil, errNoRows(d, results.FrontierFile)
	}
	if len(d.BargainParties) < 2 {
		return nil, fmt.Errorf("%w: %s has the utilities of %s; a frontier chart shows two", ErrNothing,
			d.Path, plural(len(d.BargainParties), "party"))
	}
	b := &bargainRun{d: d, scenario: d.Frontier[0].Scenario, mode: d.Frontier[0].Mode, parties: d.BargainParties}
	b.rows = slices.DeleteFunc(slices.Clone(d.Frontier), func(r results.FrontierRow) bool { return !b.of(r.Scenario, r.Mode) })
	b.tracks = firstSeen(b.rows, func(r results.FrontierRow) string { return r.Track })
	if opts.Track != "" {
		if _, err := choose("track", []string{opts.Track}, b.tracks); err != nil {
			return nil, err
		}
		b.tracks = []string{opts.Track}
	}
	for _, r := range d.BargainPackages {
		if b.of(r.Scenario, r.Mode) {
			b.declared = append(b.declared, r)
		}
	}
	var err error
	b.packages, err = choose("package", opts.Packages, firstSeen(b.declared, func(r results.BargainPackageRow) string { return r.Package }))
	return b, err
}

// of reports whether a row of scenario and mode is of the run shown.
func (b *bargainRun) of(scenario, mode string) bool { return scenario == b.scenario && mode == b.mode }

// panels are the panels of the tracks shown, and the tracks with no point
// the two parties both have a utility at.
func (b *bargainRun) panels() (panels []*frontierPanel, undrawn []string) {
	for _, track := range b.tracks {
		if p := b.panel(track); p != nil {
			panels = append(panels, p)
		} else {
			undrawn = append(undrawn, track)
		}
	}
	return panels, undrawn
}

// panel gathers a track's figures in the two parties' utilities: the
// frontier's points and its envelope, the ZOPA, the solutions and the
// declared packages, in the order asked for. It is nil when no point of the
// frontier can be drawn.
func (b *bargainRun) panel(track string) *frontierPanel {
	p := &frontierPanel{track: track}
	for _, r := range b.rows {
		if r.Track == track && drawable(r.Utilities[0], r.Utilities[1]) {
			p.points = append(p.points, xy{r.Utilities[0], r.Utilities[1]})
		}
	}
	if len(p.points) == 0 {
		return nil
	}
	p.line = envelope(p.points)
	if i := slices.IndexFunc(b.d.ZOPA, func(z results.ZOPARow) bool { return b.of(z.Scenario, z.Mode) && z.Track == track }); i >= 0 {
		z := b.d.ZOPA[i]
		p.zopa = &z
	}
	for _, s := range b.d.Solutions {
		if b.of(s.Scenario, s.Mode) && s.Track == track && drawable(s.Utilities[0], s.Utilities[1]) {
			p.solution(s.Solution, xy{s.Utilities[0], s.Utilities[1]})
		}
	}
	for _, r := range b.declared {
		if r.Track == track && slices.Contains(b.packages, r.Package) && drawable(r.Utilities[0], r.Utilities[1]) {
			p.packages = append(p.packages, packagePoint{id: r.Package, at: xy{r.Utilities[0], r.Utilities[1]}, acceptable: r.Acceptable})
		}
	}
	slices.SortStableFunc(p.packages, func(a, c packagePoint) int {
		return cmp.Compare(slices.Index(b.packages, a.id), slices.Index(b.packages, c.id))
	})
	for i := range p.packages {
		p.packages[i].beyond = p.beyond(p.packages[i].at)
	}
	return p
}

// beyondTolerance is how far past the frontier's line, as a share of the
// panel's span, a package is drawn as beyond it: less is on the line to
// the eye, and within the frontier's sampling.
const beyondTolerance = 0.005

// beyond reports whether q lies beyond the frontier as drawn: right of its
// last point, or above its line (above its first point, left of it). No
// point of the frontier is then at least as good for both parties, so q is
// outside the negotiable space the frontier is computed over.
func (p *frontierPanel) beyond(q xy) bool {
	xmin, xmax, ymin, ymax := p.ranges()
	tx, ty := beyondTolerance*(xmax-xmin), beyondTolerance*(ymax-ymin)
	if q.x > p.line[len(p.line)-1].x+tx {
		return true
	}
	return q.y > lineAt(p.line, q.x)+ty
}

// lineAt is the height of the envelope's line at x: its first point's
// left of it, and joined point to point along it (x at most the last
// point's).
func lineAt(line []xy, x float64) float64 {
	if x <= line[0].x {
		return line[0].y
	}
	for i := 1; i < len(line); i++ {
		a, b := line[i-1], line[i]
		if x <= b.x {
			if b.x == a.x {
				return max(a.y, b.y)
			}
			return a.y + (x-a.x)/(b.x-a.x)*(b.y-a.y)
		}
	}
	return line[len(line)-1].y
}

// solution places a bargaining solution of solutions.csv by its name.
func (p *frontierPanel) solution(name string, at xy) {
	switch name {
	case "nash":
		p.nash = &at
	case "kalai_smorodinsky":
		p.ks = &at
	}
}

// panelDrawing draws one of a frontier panel's figures on the data canvas,
// with the plot's transforms.
type panelDrawing func(p *frontierPanel, c draw.Canvas, tx, ty func(float64) vg.Length)

// frontierLayers are the drawings of a frontier chart, bottom first, each
// drawing the figures of the panel byPlot finds for the plot it is on.
func frontierLayers(byPlot map[*plot.Plot]*frontierPanel) []*layer {
	on := func(f panelDrawing) plot.Plotter {
		return plotFunc(func(c draw.Canvas, plt *plot.Plot) {
			tx, ty := plt.Transforms(&c)
			f(byPlot[plt], c, tx, ty)
		})
	}
	return []*layer{
		{name: "ZOPA", Plotter: on((*frontierPanel).drawZOPA)},
		{name: "reservations", Plotter: on((*frontierPanel).drawReservations)},
		{name: "frontier", Plotter: on((*frontierPanel).drawFrontier)},
		{name: "packages", Plotter: on((*frontierPanel).drawPackages)},
		{name: "package labels", Plotter: on((*frontierPanel).drawLabels)},
		{name: "Nash solution", Plotter: on(func(p *frontierPanel, c draw.Canvas, tx, ty func(float64) vg.Length) {
			p.drawSolution(p.nash, nashGlyph(), c, tx, ty)
		})},
		{name: "Kalai–Smorodinsky solution", Plotter: on(func(p *frontierPanel, c draw.Canvas, tx, ty func(float64) vg.Length) {
			p.drawSolution(p.ks, ksGlyph(), c, tx, ty)
		})},
	}
}

// drawZOPA shades the ZOPA's region, within the data area.
func (p *frontierPanel) drawZOPA(c draw.Canvas, tx, ty func(float64) vg.Length) {
	poly := p.zopaRegion()
	pts := make([]vg.Point, len(poly))
	for i, q := range poly {
		pts[i] = vg.Point{X: tx(q.x), Y: ty(q.y)}
	}
	if len(pts) >= 3 {
		c.FillPolygon(translucent(zopaColor()), c.ClipPolygonXY(pts))
	}
}

// drawReservations draws each party's reservation as a dashed line across
// the data area.
func (p *frontierPanel) drawReservations(c draw.Canvas, tx, ty func(float64) vg.Length) {
	rx, ry := p.reservations()
	st := reservationStyle()
	if !math.IsNaN(rx) {
		c.StrokeLine2(st, tx(rx), c.Min.Y, tx(rx), c.Max.Y)
	}
	if !math.IsNaN(ry) {
		c.StrokeLine2(st, c.Min.X, ty(ry), c.Max.X, ty(ry))
	}
}

// drawFrontier draws the envelope's line and a dot at each point of the
// frontier, smaller when there are many.
func (p *frontierPanel) drawFrontier(c draw.Canvas, tx, ty func(float64) vg.Length) {
	line := make([]vg.Point, len(p.line))
	for i, q := range p.line {
		line[i] = vg.Point{X: tx(q.x), Y: ty(q.y)}
	}
	c.StrokeLines(draw.LineStyle{Color: lowColor(), Width: lineWidth}, c.ClipLinesXY(line)...)
	radius := vg.Points(2.2)
	if len(p.points) > glyphPoints*3 {
		radius = vg.Points(1.4)
	}
	for _, q := range p.points {
		// A point off the line (a frontier of more than two parties,
		// seen by two) in a lighter blue.
		col := lowColor()
		if !slices.Contains(p.line, q) {
			col = translucent(col)
		}
		if at := (vg.Point{X: tx(q.x), Y: ty(q.y)}); c.Contains(at) {
			c.DrawGlyph(draw.GlyphStyle{Color: col, Radius: radius, Shape: draw.CircleGlyph{}}, at)
		}
	}
}

// drawPackages draws each declared package's point.
func (p *frontierPanel) drawPackages(c draw.Canvas, tx, ty func(float64) vg.Length) {
	for _, k := range p.packages {
		c.DrawGlyph(packageGlyph(k.acceptable, k.beyond), vg.Point{X: tx(k.at.x), Y: ty(k.at.y)})
	}
}

// drawSolution marks a bargaining solution, if the track has it.
func (p *frontierPanel) drawSolution(at *xy, g draw.GlyphStyle, c draw.Canvas, tx, ty func(float64) vg.Length) {
	if at != nil {
		c.DrawGlyph(g, vg.Point{X: tx(at.x), Y: ty(at.y)})
	}
}

// frontierTitle names the track of a chart of one, or says there are
// several.
func frontierTitle(panels []*frontierPanel) string {
	if len(panels) > 1 {
		return "Bargaining frontier by track"
	}
	return "Bargaining frontier: " + panels[0].track
}

// frontierLegend has an entry for each kind of figure some panel draws.
func frontierLegend(panels []*frontierPanel) []legendEntry {
	has := func(f func(p *frontierPanel) bool) bool { return slices.ContainsFunc(panels, f) }
	legend := []legendEntry{{label: "Pareto frontier", color: lowColor(), line: true, plain: true}}
	if has(func(p *frontierPanel) bool { rx, ry := p.reservations(); return !math.IsNaN(rx) || !math.IsNaN(ry) }) {
		legend = append(legend, legendEntry{label: "reservations", color: noteColor(), line: true, dashed: true})
	}
	if has(func(p *frontierPanel) bool { return len(p.zopaRegion()) >= 3 }) {
		legend = append(legend, legendEntry{label: "ZOPA", color: translucent(zopaColor())})
	}
	if has(func(p *frontierPanel) bool { return p.nash != nil }) {
		legend = append(legend, legendEntry{label: "Nash", color: highColor(), glyph: nashGlyph()})
	}
	if has(func(p *frontierPanel) bool { return p.ks != nil }) {
		legend = append(legend, legendEntry{label: "Kalai–Smorodinsky", color: ksColor(), glyph: ksGlyph()})
	}
	for _, beyond := range []bool{false, true} {
		for _, ok := range []bool{true, false} {
			if has(func(p *frontierPanel) bool {
				return slices.ContainsFunc(p.packages, func(k packagePoint) bool { return k.acceptable == ok && k.beyond == beyond })
			}) {
				g := packageGlyph(ok, beyond)
				legend = append(legend, legendEntry{label: packageLegend(ok, beyond), color: g.Color, glyph: g})
			}
		}
	}
	return legend
}

// packageLegend is the legend's label of a declared package's marker.
func packageLegend(acceptable, beyond bool) string {
	label := "package"
	if beyond {
		label = "beyond the frontier"
	}
	if acceptable {
		return label + ", acceptable"
	}
	return label + ", not acceptable"
}

// plot is the panel's plot, panelWidth wide: titled by its track and ZOPA
// when it is one of several (by its ZOPA alone, smaller, when it is the
// only one), axes of the parties' utilities, a grid and the layers.
func (p *frontierPanel) plot(parties []string, panelWidth vg.Length, several bool, layers []*layer) *plot.Plot {
	pl := newPlot()
	if several {
		pl.Title.Text = p.panelTitle()
	} else {
		pl.Title.Text = p.zopaStatus()
		pl.Title.TextStyle.Font.Size = tickSize
	}
	fitText(&pl.Title.TextStyle, pl.Title.Text, panelWidth)
	pl.X.Label.Text = "utility of " + parties[0]
	pl.Y.Label.Text = "utility of " + parties[1]
	fitText(&pl.X.Label.TextStyle, pl.X.Label.Text, panelWidth-1.6*vg.Centimeter)
	pl.Add(lightGrid())
	addLayers(pl, layers)
	pl.X.Min, pl.X.Max, pl.Y.Min, pl.Y.Max = p.ranges()
	return pl
}

// xy is a point in the utility space of the two parties shown.
type xy struct{ x, y float64 }

// drawable reports whether a point has both coordinates: a party without
// a stake on the track has no utility there (NA).
func drawable(x, y float64) bool {
	return !math.IsNaN(x) && !math.IsNaN(y) && !math.IsInf(x, 0) && !math.IsInf(y, 0)
}

// packagePoint is a declared package in a panel.
type packagePoint struct {
	id         string
	at         xy
	acceptable bool
	// beyond: the package lies beyond the frontier (frontierPanel.beyond).
	beyond bool
}

// frontierPanel is one track's panel of a frontier chart: its figures in
// the utility space of the two parties shown.
type frontierPanel struct {
	track string
	// points are the frontier's points; line joins those on the upper
	// right envelope, by the first party's utility.
	points, line []xy
	zopa         *results.ZOPARow
	nash, ks     *xy
	packages     []packagePoint
}

// envelope is the points that no other point beats for both parties —
// the whole frontier with two parties; with more, the frontier of the
// two parties' projection — from left to right.
func envelope(points []xy) []xy {
	sorted := slices.Clone(points)
	// From right to left, the highest first at equal x: a point joins the
	// envelope when it is higher than every point to its right.
	slices.SortFunc(sorted, func(a, b xy) int {
		if c := cmp.Compare(b.x, a.x); c != 0 {
			return c
		}
		return cmp.Compare(b.y, a.y)
	})
	var env []xy
	for _, p := range sorted {
		if len(env) == 0 || p.y > env[len(env)-1].y {
			env = append(env, p)
		}
	}
	slices.Reverse(env)
	return env
}

// reservations are the two parties' reservations on the track, NaN when
// unknown (no zopa.csv row, or no stake on the track).
func (p *frontierPanel) reservations() (rx, ry float64) {
	if p.zopa == nil || len(p.zopa.Reservations) < 2 {
		return math.NaN(), math.NaN()
	}
	return p.zopa.Reservations[0], p.zopa.Reservations[1]
}

// zopaRegion is the ZOPA of the two parties, when zopa.csv says one
// exists: the utilities reachable under the frontier's line — everything
// left of and below it — that are at or above both reservations (or the
// one a party has). Empty when no ZOPA exists or no reservation is known.
func (p *frontierPanel) zopaRegion() []xy {
	rx, ry := p.reservations()
	if p.zopa == nil || !p.zopa.Exists || (math.IsNaN(rx) && math.IsNaN(ry)) {
		return nil
	}
	first, last := p.line[0], p.line[len(p.line)-1]
	left, bottom := first.x, last.y
	if !math.IsNaN(rx) {
		left = min(left, rx)
	}
	if !math.IsNaN(ry) {
		bottom = min(bottom, ry)
	}
	region := []xy{{left, bottom}, {left, first.y}}
	region = append(region, p.line...)
	region = append(region, xy{last.x, bottom})
	if !math.IsNaN(rx) {
		region = clipHalf(region, func(q xy) float64 { return q.x - rx })
	}
	if !math.IsNaN(ry) {
		region = clipHalf(region, func(q xy) float64 { return q.y - ry })
	}
	return region
}

// clipHalf clips a polygon to the half-plane where side ≥ 0, a linear
// function of the point (Sutherland and Hodgman 1974, Communications of
// the ACM 17:32): each edge keeps its part inside, with the point where it
// crosses the boundary.
func clipHalf(poly []xy, side func(xy) float64) []xy {
	var out []xy
	for i, b := range poly {
		a := poly[(i+len(poly)-1)%len(poly)]
		sa, sb := side(a), side(b)
		if (sa >= 0) != (sb >= 0) {
			t := sa / (sa - sb)
			out = append(out, xy{a.x + t*(b.x-a.x), a.y + t*(b.y-a.y)})
		}
		if sb >= 0 {
			out = append(out, b)
		}
	}
	return out
}

// ranges are the panel's axes: every point, marker and reservation in
// view, with a margin.
func (p *frontierPanel) ranges() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	add := func(q xy) {
		if !math.IsNaN(q.x) {
			xmin, xmax = min(xmin, q.x), max(xmax, q.x)
		}
		if !math.IsNaN(q.y) {
			ymin, ymax = min(ymin, q.y), max(ymax, q.y)
		}
	}
	for _, q := range p.points {
		add(q)
	}
	for _, k := range p.packages {
		add(k.at)
	}
	for _, s := range []*xy{p.nash, p.ks} {
		if s != nil {
			add(*s)
		}
	}
	rx, ry := p.reservations()
	add(xy{rx, ry})
	pad := func(lo, hi float64) (float64, float64) {
		span := max(hi-lo, 0.05)
		return lo - 0.06*span, hi + 0.06*span
	}
	xmin, xmax = pad(xmin, xmax)
	ymin, ymax = pad(ymin, ymax)
	return xmin, xmax, ymin, ymax
}

// zopaStatus says whether the track has a ZOPA, and how often over the
// trials when that was estimated.
func (p *frontierPanel) zopaStatus() string {
	z := p.zopa
	switch {
	case z == nil:
		return ""
	case !math.IsNaN(z.Probability) && z.Trials > 0:
		return fmt.Sprintf("ZOPA in %s of trials %s", results.Percent(z.Probability), results.PercentInterval(z.CILow, z.CIHigh))
	case z.Exists:
		return "a ZOPA exists"
	}
	return "no ZOPA"
}

// panelTitle is the track, and whether it has a ZOPA.
func (p *frontierPanel) panelTitle() string {
	if s := p.zopaStatus(); s != "" {
		return p.track + ": " + s
	}
	return p.track
}

// labelGap is the space between a package's point and its label.
const labelGap = 3 * vg.Length(1)

// drawLabels writes the ids of the packages at each point beside it, one
// label for the packages whose markers overlap (a line each), where it
// covers no point, marker, line or label drawn before if it can
// (placeLabels).
func (p *frontierPanel) drawLabels(c draw.Canvas, tx, ty func(float64) vg.Length) {
	st := textStyle(captionSize, text.XLeft, text.YBottom)
	st.Color = noteColor()
	var taken []vg.Rectangle
	mark := func(q xy, r vg.Length) {
		at := vg.Point{X: tx(q.x), Y: ty(q.y)}
		taken = append(taken, vg.Rectangle{Min: vg.Point{X: at.X - r, Y: at.Y - r}, Max: vg.Point{X: at.X + r, Y: at.Y + r}})
	}
	for _, k := range p.packages {
		mark(k.at, packageRadius)
	}
	for _, s := range []*xy{p.nash, p.ks} {
		if s != nil {
			mark(*s, markerRadius)
		}
	}
	for _, q := range p.points {
		mark(q, vg.Points(2))
	}
	labels := p.labels(tx, ty)
	boxes := make([]labelBox, len(labels))
	for i, l := range labels {
		boxes[i] = labelBox{at: l.at, w: st.Width(l.text), h: st.Height(l.text)}
	}
	for i, at := range placeLabels(boxes, taken, p.lines(c, tx, ty), c.Rectangle) {
		c.FillText(alignedText(st, boxes[i], at, labels[i].text))
	}
}

// alignedText places a label's lines in its box, lower left corner at, so
// that each line ends next to the point: aligned right in a box left of
// the point, left in a box right of it, centred in one above or below.
func alignedText(st text.Style, b labelBox, at vg.Point, label string) (text.Style, vg.Point, string) {
	switch {
	case at.X+b.w <= b.at.X:
		st.XAlign, at.X = text.XRight, at.X+b.w
	case at.X < b.at.X:
		st.XAlign, at.X = text.XCenter, at.X+b.w/2
	}
	return st, at, label
}

// pointLabel is the label of the packages at a point: their ids, a line
// each, in the order asked for.
type pointLabel struct {
	at   vg.Point
	text string
}

// labels are the packages' labels: one for the packages whose markers
// overlap (centres a marker's radius apart or less), at the first's point;
// those of most lines first, which are the hardest to place.
func (p *frontierPanel) labels(tx, ty func(float64) vg.Length) []pointLabel {
	var out []pointLabel
	for _, k := range p.packages {
		at := vg.Point{X: tx(k.at.x), Y: ty(k.at.y)}
		i := slices.IndexFunc(out, func(l pointLabel) bool {
			return vg.Length(math.Hypot(float64(l.at.X-at.X), float64(l.at.Y-at.Y))) <= packageRadius
		})
		if i < 0 {
			out = append(out, pointLabel{at: at, text: k.id})
		} else {
			out[i].text += "\n" + k.id
		}
	}
	slices.SortStableFunc(out, func(a, b pointLabel) int {
		return strings.Count(b.text, "\n") - strings.Count(a.text, "\n")
	})
	return out
}

// lines are the lines a label should not cross: the frontier's and the
// reservations'.
func (p *frontierPanel) lines(c draw.Canvas, tx, ty func(float64) vg.Length) [][2]vg.Point {
	var lines [][2]vg.Point
	for i := 1; i < len(p.line); i++ {
		a, b := p.line[i-1], p.line[i]
		lines = append(lines, [2]vg.Point{{X: tx(a.x), Y: ty(a.y)}, {X: tx(b.x), Y: ty(b.y)}})
	}
	rx, ry := p.reservations()
	if !math.IsNaN(rx) {
		lines = append(lines, [2]vg.Point{{X: tx(rx), Y: c.Min.Y}, {X: tx(rx), Y: c.Max.Y}})
	}
	if !math.IsNaN(ry) {
		lines = append(lines, [2]vg.Point{{X: c.Min.X, Y: ty(ry)}, {X: c.Max.X, Y: ty(ry)}})
	}
	return lines
}

// labelBox is a label to place: the point it names and its size.
type labelBox struct {
	at   vg.Point
	w, h vg.Length
}

// placeLabels returns the lower left corner of each label, in order: the
// first of its places around its point (labelPlaces) where it stays within
// bounds and covers no rectangle taken (markers, and the labels placed
// before it) and crosses no line; where none is free, the place that
// covers least.
func placeLabels(boxes []labelBox, taken []vg.Rectangle, lines [][2]vg.Point, bounds vg.Rectangle) []vg.Point {
	taken = slices.Clone(taken)
	out := make([]vg.Point, len(boxes))
	for i, b := range boxes {
		best, least := vg.Point{}, vg.Length(math.Inf(1))
		for _, pl := range labelPlaces(b, bounds) {
			r := vg.Rectangle{Min: pl, Max: vg.Point{X: pl.X + b.w, Y: pl.Y + b.h}}
			if cover := covered(r, taken, lines, bounds); cover < least {
				best, least = pl, cover
			}
			if least == 0 {
				break
			}
		}
		taken = append(taken, vg.Rectangle{Min: best, Max: vg.Point{X: best.X + b.w, Y: best.Y + b.h}})
		out[i] = best
	}
	return out
}

// labelPlaces are the lower left corners of the places of a label around
// its point, in the order tried: right of it, left, above, below, and the
// corners. A label right or left of its point moves up or down, and one
// above or below it sideways, to stay within bounds, as far as it still
// spans the point: a label at the edge of a panel stays beside its point.
func labelPlaces(b labelBox, bounds vg.Rectangle) []vg.Point {
	at, w, h := b.at, b.w, b.h
	off := packageRadius + labelGap
	// within moves v into [lo, hi − size], as far as [at − size, at].
	within := func(v, size, lo, hi, at vg.Length) vg.Length {
		return min(max(v, lo, at-size), hi-size, at)
	}
	y := within(at.Y-h/2, h, bounds.Min.Y, bounds.Max.Y, at.Y)
	x := within(at.X-w/2, w, bounds.Min.X, bounds.Max.X, at.X)
	return []vg.Point{
		{X: at.X + off, Y: y}, {X: at.X - off - w, Y: y},
		{X: x, Y: at.Y + off}, {X: x, Y: at.Y - off - h},
		{X: at.X + off*0.7, Y: at.Y + off*0.7}, {X: at.X - off*0.7 - w, Y: at.Y + off*0.7},
		{X: at.X + off*0.7, Y: at.Y - off*0.7 - h}, {X: at.X - off*0.7 - w, Y: at.Y - off*0.7 - h},
	}
}

// covered is how much a label at r covers: the area it has off the panel,
// weighted (off the panel is worse than over a label), the area it shares
// with the rectangles taken, and the length of each line it crosses by a
// strip of text as wide as the line, and more: text over a line reads
// badly.
func covered(r vg.Rectangle, taken []vg.Rectangle, lines [][2]vg.Point, bounds vg.Rectangle) vg.Length {
	cover := outside(r, bounds) * 4
	for _, t := range taken {
		cover += overlap(r, t)
	}
	for _, l := range lines {
		cover += crossed(l[0], l[1], r) * vg.Points(3)
	}
	return cover
}

// overlap is the area two rectangles share.
func overlap(a, b vg.Rectangle) vg.Length {
	w := min(a.Max.X, b.Max.X) - max(a.Min.X, b.Min.X)
	h := min(a.Max.Y, b.Max.Y) - max(a.Min.Y, b.Min.Y)
	if w <= 0 || h <= 0 {
		return 0
	}
	return w * h
}

// crossed is the length of the segment from a to b inside r (the
// parametric clipping of Liang and Barsky 1984, ACM Transactions on
// Graphics 3:1).
func crossed(a, b vg.Point, r vg.Rectangle) vg.Length {
	t0, t1 := 0.0, 1.0
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	for _, e := range []struct{ p, q float64 }{
		{-dx, float64(a.X - r.Min.X)}, {dx, float64(r.Max.X - a.X)},
		{-dy, float64(a.Y - r.Min.Y)}, {dy, float64(r.Max.Y - a.Y)},
	} {
		switch {
		case e.p == 0:
			if e.q < 0 {
				return 0
			}
		case e.p < 0:
			t0 = max(t0, e.q/e.p)
		default:
			t1 = min(t1, e.q/e.p)
		}
	}
	if t0 >= t1 {
		return 0
	}
	return vg.Length((t1 - t0) * math.Hypot(dx, dy))
}

// outside is the area of r that lies outside bounds.
func outside(r, bounds vg.Rectangle) vg.Length {
	return (r.Max.X-r.Min.X)*(r.Max.Y-r.Min.Y) - overlap(r, bounds)
}

// The sizes of a frontier chart's markers.
const (
	packageRadius = 3 * vg.Length(1)
	markerRadius  = 5 * vg.Length(1)
)

// Colours and markers of a frontier chart, from Okabe and Ito's palette:
// the frontier in the analyses' blue, the Nash solution in their
// vermillion.
func zopaColor() color.Color { return color.RGBA{0x00, 0x9E, 0x73, 0xff} } // bluish green
func ksColor() color.Color   { return color.RGBA{0xCC, 0x79, 0xA7, 0xff} } // reddish purple

func reservationStyle() draw.LineStyle {
	return draw.LineStyle{Color: noteColor(), Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
}

func nashGlyph() draw.GlyphStyle {
	return draw.GlyphStyle{Color: highColor(), Radius: markerRadius, Shape: diamond{}}
}

func ksGlyph() draw.GlyphStyle {
	return draw.GlyphStyle{Color: ksColor(), Radius: markerRadius, Shape: draw.PyramidGlyph{}}
}

// packageGlyph is a declared package's point: filled when acceptable,
// an outline when not; a circle, or a square when it lies beyond the
// frontier.
func packageGlyph(acceptable, beyond bool) draw.GlyphStyle {
	g := draw.GlyphStyle{Color: color.Black, Radius: packageRadius}
	switch {
	case beyond && acceptable:
		g.Shape = draw.BoxGlyph{}
	case beyond:
		g.Shape = frame{width: vg.Points(1.2)}
	case acceptable:
		g.Shape = draw.CircleGlyph{}
	default:
		g.Shape = ring{width: vg.Points(1.2)}
	}
	return g
}

// frame is a square drawn as an outline of its width, as large as
// draw.BoxGlyph's square.
type frame struct{ width vg.Length }

// DrawGlyph strokes the square.
func (f frame) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius * 0.85
	var p vg.Path
	p.Move(vg.Point{X: pt.X - r, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y + r})
	p.Line(vg.Point{X: pt.X - r, Y: pt.Y + r})
	p.Close()
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: f.width})
	c.Stroke(p)
}

// diamond is a filled square standing on a corner.
type diamond struct{}

// DrawGlyph fills the diamond.
func (diamond) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius
	var p vg.Path
	p.Move(vg.Point{X: pt.X, Y: pt.Y + r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Line(vg.Point{X: pt.X, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X - r, Y: pt.Y})
	p.Close()
	c.SetColor(sty.Color)
	c.Fill(p)
}

// bargainCaption says where a bargaining analysis's figures come from:
// the scenario, the mode and its trials, peacesim's version.
func bargainCaption(d *results.Dir, mode string) string {
	var parts []string
	runs := slices.DeleteFunc(slices.Clone(d.Manifest.Scenarios), func(sr results.ScenarioRun) bool { return sr.Error != "" })
	for _, sr := range runs {
		parts = append(parts, sr.Scenario)
	}
	if len(runs) == 0 && len(d.Frontier) > 0 {
		parts = append(parts, d.Frontier[0].Scenario)
	}
	var trials int64
	var seed uint64
	if b := d.Manifest.Bargain; b != nil {
		trials = b.Trials
	}
	if len(runs) > 0 {
		seed = runs[0].Seed
		if trials == 0 {
			trials = runs[0].Trials
		}
	}
	switch {
	case mode == "nominal":
		parts = append(parts, "nominal: every distribution at its mean")
	case trials > 0:
		parts = append(parts, fmt.Sprintf("%s: in expectation over %s trials, seed %d", mode, thousands(trials), seed))
	default:
		parts = append(parts, mode)
	}
	if b := d.Manifest.Bargain; b != nil && b.Package != "" {
		parts = append(parts, "from "+b.Package)
	}
	if v := d.Manifest.Version; v != "" {
		parts = append(parts, "peacesim "+v)
	}
	return strings.Join(parts, " · ")
}

// frontierNote is a frontier chart's second caption line: the parties
// not shown, the tracks with no point to draw, and what the squares of
// packages beyond the frontier mean (beyond, when there are any).
func frontierNote(parties, undrawn []string, beyond string) string {
	var notes []string
	if len(parties) > 2 {
		notes = append(notes, fmt.Sprintf("utilities of the first 2 of %d veto parties; not shown: %s (the shaded ZOPA heeds only the two shown)",
			len(parties), strings.Join(parties[2:], ", ")))
	}
	if len(undrawn) > 0 {
		notes = append(notes, fmt.Sprintf("no frontier of %s and %s on %s", parties[0], parties[1], strings.Join(undrawn, ", ")))
	}
	if beyond != "" {
		notes = append(notes, beyond)
	}
	return strings.Join(notes, " · ")
}

// beyondNote says what a square means, when a panel has one: a declared
// package beyond the frontier, outside the negotiable space it is computed
// over, whose other issues are as the analysis's package has them.
func beyondNote(d *results.Dir, panels []*frontierPanel) string {
	if !slices.ContainsFunc(panels, func(p *frontierPanel) bool {
		return slices.ContainsFunc(p.packages, func(k packagePoint) bool { return k.beyond })
	}) {
		return ""
	}
	note := "squares: declared packages beyond the frontier, outside the negotiable space it is computed over"
	if b := d.Manifest.Bargain; b != nil && b.Package != "" {
		note += " (the issues that do not move as in " + b.Package + ")"
	}
	return note
}
