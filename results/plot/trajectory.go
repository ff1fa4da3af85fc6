package plot

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/peacesim/peacesim/results"
)

// newTrajectory charts trajectory.csv for one package and pathway: PRIM's
// peeling trajectory as density against coverage, both 0–100%, a point
// per step joined by a line from step 0 (all trials: coverage 100%, the
// pathway's probability) up and to the left. Where the number of inputs
// the box restricts changes, the point carries it; the chosen step is
// ringed and labelled; the minimum density of the discovery, when the
// manifest records it, is a dashed line.
func newTrajectory(d *results.Dir, opts Options) (*Chart, error) {
	rows, _, err := oneOf(d, opts, "trajectory", results.TrajectoryFile, d.Trajectory, func(r results.TrajectoryRow) (string, string, string) {
		return r.Scenario, r.Package, r.Pathway
	})
	if err != nil {
		return nil, err
	}
	pkg, pathway := rows[0].Package, rows[0].Pathway
	slices.SortStableFunc(rows, func(a, b results.TrajectoryRow) int { return cmp.Compare(a.Step, b.Step) })
	drawn := slices.DeleteFunc(slices.Clone(rows), func(r results.TrajectoryRow) bool {
		return math.IsNaN(r.Coverage) || math.IsNaN(r.Density)
	})

	c := &Chart{kind: Trajectory}
	c.layers = []*layer{
		{name: "trajectory", Plotter: plotFunc(func(c draw.Canvas, plt *plot.Plot) {
			tx, ty := plt.Transforms(&c)
			pts := make([]vg.Point, len(drawn))
			for i, r := range drawn {
				pts[i] = vg.Point{X: tx(r.Coverage), Y: ty(r.Density)}
			}
			c.StrokeLines(draw.LineStyle{Color: lowColor(), Width: lineWidth}, c.ClipLinesXY(pts)...)
			radius := vg.Points(2.2)
			if len(pts) > glyphPoints*3 {
				radius = vg.Points(1.4)
			}
			for _, p := range pts {
				c.DrawGlyph(draw.GlyphStyle{Color: lowColor(), Radius: radius, Shape: draw.CircleGlyph{}}, p)
			}
		})},
		{name: "restricted inputs", Plotter: plotFunc(func(c draw.Canvas, plt *plot.Plot) {
			tx, ty := plt.Transforms(&c)
			st := textStyle(captionSize, text.XLeft, text.YBottom)
			st.Color = noteColor()
			// Above and to the right of the point, where a trajectory,
			// falling from left to right, never is; a label that would
			// cover the one before goes above it.
			var last vg.Point
			for i, r := range drawn {
				if i > 0 && r.Restricted == drawn[i-1].Restricted {
					continue
				}
				label := strconv.Itoa(r.Restricted)
				at := vg.Point{X: tx(r.Coverage) + vg.Points(3), Y: ty(r.Density) + vg.Points(3)}
				h := st.Height(label)
				if i > 0 && vg.Length(math.Abs(float64(at.X-last.X))) < st.Width(label)*2 && at.Y < last.Y+h && at.Y > last.Y-h {
					at.Y = last.Y + h
				}
				c.FillText(st, at, label)
				last = at
			}
		})},
	}
	minDensity := math.NaN()
	notes := []string{"numbers: inputs the box restricts"}
	if disc := d.Manifest.Discovery; disc != nil {
		notes = append(notes, fmt.Sprintf("peel α %s, paste α %s, min mass %s", fraction(disc.Peel), fraction(disc.Paste), results.Percent(disc.MinMass)))
		if disc.MinDensity > 0 {
			minDensity = disc.MinDensity
			c.layers = append(c.layers, &layer{name: "minimum density", Plotter: plotFunc(func(c draw.Canvas, plt *plot.Plot) {
				_, ty := plt.Transforms(&c)
				y := ty(minDensity)
				st := draw.LineStyle{Color: noteColor(), Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
				c.StrokeLine2(st, c.Min.X, y, c.Max.X, y)
				// At the right, above the line: the trajectory is below it
				// there, where the box is large.
				ts := textStyle(captionSize, text.XRight, text.YBottom)
				ts.Color = noteColor()
				c.FillText(ts, vg.Point{X: c.Max.X - vg.Points(3), Y: y + vg.Points(2)}, "minimum density "+results.Percent(minDensity))
			})})
		}
	}
	if i := slices.IndexFunc(drawn, func(r results.TrajectoryRow) bool { return r.Chosen }); i >= 0 {
		r := drawn[i]
		c.layers = append(c.layers, &layer{name: "chosen", Plotter: plotFunc(func(c draw.Canvas, plt *plot.Plot) {
			tx, ty := plt.Transforms(&c)
			at := vg.Point{X: tx(r.Coverage), Y: ty(r.Density)}
			c.DrawGlyph(draw.GlyphStyle{Color: highColor(), Radius: vg.Points(6), Shape: ring{width: vg.Points(2)}}, at)
			label := fmt.Sprintf("chosen: step %d, %s\ncoverage %s, density %s", r.Step, plural(r.Restricted, "input"),
				results.Percent(r.Coverage), results.Percent(r.Density))
			// Below and to the left of the point, where a trajectory that
			// rises to the left never is, and under the minimum density.
			st := textStyle(tickSize, text.XRight, text.YTop)
			st.Color = highColor()
			top := at.Y - vg.Points(8)
			if !math.IsNaN(minDensity) {
				top = min(top, ty(minDensity)-vg.Points(4))
			}
			x := max(at.X-vg.Points(6), c.Min.X+st.Width(label)+vg.Points(3))
			c.FillText(st, vg.Point{X: x, Y: top}, label)
		})})
	}
	c.fig = figure{
		title: "PRIM peeling trajectory: " + pkg + " → " + pathway,
		// trajectory.csv has no trials or seed: the manifest alone says.
		caption: caption(d, strings.Join(notes, " · "), func() []results.ScenarioRun { return nil }),
		body: func(dc draw.Canvas) {
			p := newPlot()
			probabilityAxis(&p.X, "coverage (share of the pathway's trials in the box)")
			probabilityAxis(&p.Y, "density (share of the box's trials)")
			grid := plotter.NewGrid()
			grid.Vertical.Color = color.Gray{Y: 0xe4}
			grid.Horizontal.Color = color.Gray{Y: 0xe4}
			p.Add(grid)
			addLayers(p, c.layers)
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
			p.Draw(dc)
		},
	}
	c.width, c.height = 16*vg.Centimeter, 13*vg.Centimeter
	return c, nil
}

// ring is a circle glyph drawn as an outline of its width, to mark a point
// already drawn without hiding it.
type ring struct{ width vg.Length }

// DrawGlyph strokes the circle.
func (r ring) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	var p vg.Path
	p.Move(vg.Point{X: pt.X + sty.Radius, Y: pt.Y})
	p.Arc(pt, sty.Radius, 0, 2*math.Pi)
	p.Close()
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: r.width})
	c.Stroke(p)
}

// plural writes n and the noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// fraction writes a share as given, 0.05 rather than 5%: peeling's α is
// quoted as a fraction.
func fraction(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
