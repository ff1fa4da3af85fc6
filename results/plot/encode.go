package plot

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Encode draws the chart at its size and writes it to w in format (one of
// Formats). A size outside the limits (MinSide, MaxVectorSide, MaxPNGSide,
// MaxPNGPixels, MinDPI, MaxDPI) is a *SizeError, returned before a canvas
// is made.
func (c *Chart) Encode(w io.Writer, format string) error {
	if !slices.Contains(Formats(), format) {
		return fmt.Errorf("%w: %q (want %s)", ErrFormat, format, strings.Join(Formats(), ", "))
	}
	if err := checkSize(format, c.width, c.height, c.dpi); err != nil {
		return err
	}
	canvas := newCanvas(format, c.width, c.height, c.dpi)
	c.Draw(draw.New(canvas))
	_, err := canvas.WriteTo(w)
	return err
}

// newCanvas makes the canvas of a figure of width × height in format
// (one of Formats), at dpi for a PNG.
func newCanvas(format string, width, height vg.Length, dpi int) vg.CanvasWriterTo {
	switch format {
	case "png":
		return vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi))}
	case "svg":
		return vgsvg.New(width, height)
	default:
		return vgpdf.New(width, height)
	}
}
