package plot

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
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
