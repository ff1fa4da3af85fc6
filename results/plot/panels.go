package plot

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// drawTiles draws plots in the tiles of dc, row by row, their axes
// aligned (plot.Align); tiles past the last plot stay empty.
func drawTiles(dc draw.Canvas, tiles draw.Tiles, plots []*plot.Plot) {
	grid := make([][]*plot.Plot, tiles.Rows)
	for row := range grid {
		grid[row] = make([]*plot.Plot, tiles.Cols)
	}
	for i, p := range plots {
		grid[i/tiles.Cols][i%tiles.Cols] = p
	}
	canvases := plot.Align(grid, tiles, dc)
	for row := range grid {
		for col, p := range grid[row] {
			if p != nil {
				p.Draw(canvases[row][col])
			}
		}
	}
}

// lightGrid is the grid of a panel of points or lines: light lines both
// ways, under the data.
func lightGrid() *plotter.Grid {
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 0xe4}
	grid.Horizontal.Color = color.Gray{Y: 0xe4}
	return grid
}

// linePanels are lines over their bands in a grid of panels that share a
// legend: a sweep's (a panel per package, a line per pathway against the
// key) and a timeline's (the same against the round, or one panel of a
// line per package).
type linePanels struct {
	// panels are the panels' titles; names the lines of every panel, as
	// the legend names them.
	panels, names []string
	// series[panel][line]
	series [][]*line
	// xlabel is the x axis's label, written once under a grid of
	// panels; ylabel the y axis's, in the first column.
	xlabel, ylabel string
	// xaxis sets the x axis of panel i, whose data area is width long.
	xaxis func(i int, a *plot.Axis, width vg.Length)
	// yaxis sets every panel's y axis; nil is probabilityAxis.
	yaxis func(a *plot.Axis)
	// over, when not nil, are drawn in panel i over its lines.
	over func(i int) []plot.Plotter
}

// legend has an entry per line, its line over its band.
func (s *linePanels) legend() []legendEntry {
	var legend []legendEntry
	for j, name := range s.names {
		legend = append(legend, legendEntry{label: name, color: s.series[0][j].color, line: true})
	}
	return legend
}

// height is the figure's height for the panels: about 5.5 cm a row of
// them, with room for the title, legend and caption.
func (s *linePanels) height() vg.Length {
	_, nrows := panelGrid(len(s.panels))
	return max(10*vg.Centimeter, vg.Length(nrows)*5.5*vg.Centimeter+3.5*vg.Centimeter)
}

// draw draws the panels in a grid. A grid's panels share the x label,
// written once under them: on each panel a long key path would squeeze
// the panel.
func (s *linePanels) draw(dc draw.Canvas) {
	shared := len(s.panels) > 1
	if shared && s.xlabel != "" {
		st := textStyle(labelSize, text.XCenter, text.YBottom)
		dc.FillText(st, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Min.Y}, s.xlabel)
		dc.Min.Y += st.Height(s.xlabel) + margin
	}
	cols, nrows := panelGrid(len(s.panels))
	tiles := draw.Tiles{Rows: nrows, Cols: cols, PadX: 0.5 * vg.Centimeter, PadY: 0.4 * vg.Centimeter}
	panelWidth := (dc.Max.X - dc.Min.X - tiles.PadX*vg.Length(cols-1)) / vg.Length(cols)
	plots := make([]*plot.Plot, len(s.panels))
	for i := range s.panels {
		plots[i] = s.panel(i, panelWidth, i%cols == 0, shared)
	}
	drawTiles(dc, tiles, plots)
}

// panel is the plot of the i-th panel, panelWidth wide: the y axis
// labelled in the first column, the x axis under the panel unless shared.
func (s *linePanels) panel(i int, panelWidth vg.Length, first, shared bool) *plot.Plot {
	p := newPlot()
	p.Title.Text = s.panels[i]
	fitText(&p.Title.TextStyle, s.panels[i], panelWidth)
	if s.yaxis != nil {
		s.yaxis(&p.Y)
	} else {
		probabilityAxis(&p.Y, "")
	}
	if first {
		p.Y.Label.Text = s.ylabel
	}
	// The data area is about the panel less its y axis.
	s.xaxis(i, &p.X, panelWidth-1.6*vg.Centimeter)
	if !shared {
		p.X.Label.Text = s.xlabel
	}
	p.Add(lightGrid())
	for _, l := range s.series[i] {
		p.Add(l)
	}
	if s.over != nil {
		p.Add(s.over(i)...)
	}
	return p
}
