package plot

import (
	"bytes"
	"context"
	"fmt"

	"gonum.org/v1/plot/vg"

	"github.com/peacesim/peacesim/results"
)

// FileOptions choose a chart of a results directory and the image file
// WriteFile writes it to.
type FileOptions struct {
	Options
	// Out is the image file; its extension chooses the format (FormatOf).
	Out string
	// Force replaces an existing file: without it, one is an error
	// wrapping results.ErrExists.
	Force bool
}

// Written is what WriteFile wrote: the file, its format, and the chart's
// kind, size and resolution.
type Written struct {
	Out, Format   string
	Kind          Kind
	Width, Height vg.Length
	DPI           int
}

// String says what was written as peacesim plot does: the file, the
// chart's kind, and its size in pixels for a PNG, in centimetres for a
// vector format.
func (w Written) String() string {
	size := fmt.Sprintf("%.1f × %.1f cm", w.Width/vg.Centimeter, w.Height/vg.Centimeter)
	if w.Format == "png" {
		size = fmt.Sprintf("%s × %s pixels", count(pixels(w.Width, w.DPI)), count(pixels(w.Height, w.DPI)))
	}
	return fmt.Sprintf("wrote %s: %s chart, %s", w.Out, w.Kind, size)
}

// WriteFile draws the chart of d that opts choose (New) and writes it to
// opts.Out in the format of its extension, atomically (results.WriteFile):
// a reader never sees half an image. Its errors are New's, FormatOf's and
// results.WriteFile's, and Encode's *SizeError for a size outside the
// limits, before anything is drawn; a cancelled ctx stops the drawing
// (EncodeContext) and writes nothing.
func WriteFile(ctx context.Context, d *results.Dir, opts FileOptions) (Written, error) {
	format, err := FormatOf(opts.Out)
	if err != nil {
		return Written{}, err
	}
	c, err := New(d, opts.Options)
	if err != nil {
		return Written{}, err
	}
	var buf bytes.Buffer
	if err := c.EncodeContext(ctx, &buf, format); err != nil {
		return Written{}, err
	}
	if err := ctx.Err(); err != nil {
		return Written{}, err
	}
	if err := results.WriteFile(opts.Out, buf.Bytes(), opts.Force); err != nil {
		return Written{}, err
	}
	w, h := c.Size()
	return Written{Out: opts.Out, Format: format, Kind: c.Kind(), Width: w, Height: h, DPI: c.dpi}, nil
}
