package plot

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"slices"
	"strings"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// fastPNG is the number of pixels above which a PNG is compressed at
// png.BestSpeed rather than zlib's default level: ten times a default
// figure. A profile of a 50-megapixel chart (MaxPNGPixels) gave 1.0–1.7 s
// to make the canvas (vgimg's allocation and copy), 0.5 s to draw and
// 0.56 s to compress at the default level, 0.35 s at BestSpeed, for a
// file 16% larger (such a figure is mostly white). Smaller PNGs keep the
// default level, and their bytes.
const fastPNG = 10_000_000

// Encode draws the chart at its size and writes it to w in format (one of
// Formats). A size outside the limits (MinSide, MaxVectorSide, MaxPNGSide,
// MaxPNGPixels, MinDPI, MaxDPI) is a *SizeError, returned before a canvas
// is made.
func (c *Chart) Encode(w io.Writer, format string) error {
	return c.EncodeContext(context.Background(), w, format)
}

// EncodeContext is Encode that stops once ctx is done, returning
// ctx.Err(): at once while a PNG's canvas is made (newCanvasContext), at
// the drawing's next stroke, fill or text, before the encoding and at the
// encoder's next write. w may then hold the start of an image (WriteFile
// writes none).
func (c *Chart) EncodeContext(ctx context.Context, w io.Writer, format string) error {
	if !slices.Contains(Formats(), format) {
		return fmt.Errorf("%w: %q (want %s)", ErrFormat, format, strings.Join(Formats(), ", "))
	}
	if err := checkSize(format, c.width, c.height, c.dpi); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	canvas, write, err := newCanvasContext(ctx, format, c.width, c.height, c.dpi)
	if err != nil {
		return err
	}
	c.Draw(draw.New(cancelCanvas{canvas, ctx}))
	if err := ctx.Err(); err != nil {
		return err
	}
	return write(ctxWriter{ctx, w})
}

// newCanvasContext is newCanvas that returns ctx.Err() once ctx is done.
// Making a PNG's canvas is the one step no check reaches: vgimg allocates
// it, copies it and paints it white, 1–2 s of page faults at MaxPNGPixels.
// So it is made on a goroutine of its own, which shares nothing; when ctx
// is done first, the canvas is finished there and dropped.
func newCanvasContext(ctx context.Context, format string, width, height vg.Length, dpi int) (vg.CanvasSizer, func(io.Writer) error, error) {
	if format != "png" {
		canvas, write := newCanvas(format, width, height, dpi)
		return canvas, write, nil
	}
	type made struct {
		canvas vg.CanvasSizer
		write  func(io.Writer) error
	}
	done := make(chan made, 1) // the goroutine never blocks
	go func() {
		canvas, write := newCanvas(format, width, height, dpi)
		done <- made{canvas, write}
	}()
	select {
	case m := <-done:
		return m.canvas, m.write, nil
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
}

// newCanvas makes the canvas of a figure of width × height in format
// (one of Formats), at dpi for a PNG, and the function that writes it.
func newCanvas(format string, width, height vg.Length, dpi int) (vg.CanvasSizer, func(io.Writer) error) {
	var canvas vg.CanvasWriterTo
	switch format {
	case "png":
		img := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi))
		return img, func(w io.Writer) error { return writePNG(w, img.Image()) }
	case "svg":
		canvas = vgsvg.New(width, height)
	default:
		canvas = vgpdf.New(width, height)
	}
	return canvas, func(w io.Writer) error {
		_, err := canvas.WriteTo(w)
		return err
	}
}

// writePNG writes img as a PNG, at png.BestSpeed above fastPNG pixels.
func writePNG(w io.Writer, img image.Image) error {
	e := png.Encoder{CompressionLevel: png.DefaultCompression}
	if b := img.Bounds(); b.Dx()*b.Dy() > fastPNG {
		e.CompressionLevel = png.BestSpeed
	}
	return e.Encode(w, img)
}

// cancelCanvas draws on its canvas until ctx is done, and nothing after:
// a chart's drawing takes no context, and stops at its next stroke, fill,
// text or image once the command is cancelled.
type cancelCanvas struct {
	vg.CanvasSizer
	ctx context.Context
}

// Stroke strokes p unless ctx is done.
func (c cancelCanvas) Stroke(p vg.Path) {
	if c.ctx.Err() == nil {
		c.CanvasSizer.Stroke(p)
	}
}

// Fill fills p unless ctx is done.
func (c cancelCanvas) Fill(p vg.Path) {
	if c.ctx.Err() == nil {
		c.CanvasSizer.Fill(p)
	}
}

// FillString draws text unless ctx is done.
func (c cancelCanvas) FillString(f font.Face, pt vg.Point, text string) {
	if c.ctx.Err() == nil {
		c.CanvasSizer.FillString(f, pt, text)
	}
}

// DrawImage draws img unless ctx is done.
func (c cancelCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	if c.ctx.Err() == nil {
		c.CanvasSizer.DrawImage(rect, img)
	}
}

// ctxWriter writes to w until ctx is done, and then fails with ctx.Err():
// an encoder stops at its next write.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

// Write writes p to w unless ctx is done.
func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}
