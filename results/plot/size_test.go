package plot

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/vg"
)

// px is n pixels at DefaultDPI, as a length.
func px(n float64) vg.Length { return vg.Length(n) * vg.Inch / DefaultDPI }

// TestParseSize reads --width and --height as the command line gives
// them: each unit, the chart's own size for an empty flag, and no length
// at all (garbage, NaN, infinities, zero, negatives) refused as a
// *SizeError that names the flag and the value.
func TestParseSize(t *testing.T) {
	tests := []struct {
		name          string
		width, height string
		w, h          vg.Length // the lengths read, when no error
		err           string    // the error, whole
	}{
		{"cm and mm", "16cm", "100mm", 16 * vg.Centimeter, 10 * vg.Centimeter, ""},
		{"in and pt", "6in", "288pt", 6 * vg.Inch, 4 * vg.Inch, ""},
		{"a bare number is in points", "432", "", 6 * vg.Inch, 0, ""},
		{"px at the dpi", "1200px", " 600px ", 4 * vg.Inch, 2 * vg.Inch, ""},
		{"the chart's own size", "", "", 0, 0, ""},
		{"garbage", "wide", "", 0, 0, "--width wide: " + notLength},
		{"an unknown unit", "12furlongs", "", 0, 0, "--width 12furlongs: " + notLength},
		{"a blank", "", " ", 0, 0, `--height " ": ` + notLength},
		{"NaN", "NaNcm", "", 0, 0, "--width NaNcm: " + notLength},
		{"NaN px", "NaNpx", "", 0, 0, "--width NaNpx: " + notLength},
		{"infinity", "", "Infin", 0, 0, "--height Infin: " + notLength},
		{"infinite px", "+Infpx", "", 0, 0, "--width +Infpx: " + notLength},
		{"overflow", "1e400cm", "", 0, 0, "--width 1e400cm: " + notLength},
		{"zero", "0", "", 0, 0, "--width 0: " + notLength},
		{"negative zero", "", "-0cm", 0, 0, "--height -0cm: " + notLength},
		{"negative", "-16cm", "", 0, 0, "--width -16cm: " + notLength},
		{"negative px", "", "-1px", 0, 0, "--height -1px: " + notLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, h, err := ParseSize("png", tt.width, tt.height, 300)
			if tt.err != "" {
				var se *SizeError
				if !errors.As(err, &se) || !errors.Is(err, ErrSize) || err.Error() != tt.err {
					t.Errorf("ParseSize(%q, %q) = %v, %v, %v; want the *SizeError %q", tt.width, tt.height, w, h, err, tt.err)
				}
				return
			}
			if err != nil || math.Abs(float64(w-tt.w)) > 1e-9 || math.Abs(float64(h-tt.h)) > 1e-9 {
				t.Errorf("ParseSize(%q, %q) = %v, %v, %v; want %v, %v", tt.width, tt.height, w, h, err, tt.w, tt.h)
			}
		})
	}
}

// TestPlotSizeLimits holds each limit at its edge: a size just inside it
// is taken, one just outside is refused with a message that names the
// size asked and the limit, by ParseSize as the command line asks and by
// the check Encode makes before any canvas. Nothing is drawn: the sizes
// here would take up to gigabytes.
func TestPlotSizeLimits(t *testing.T) {
	tests := []struct {
		name          string
		format        string
		width, height string
		dpi           int
		err           string // "" for a size inside the limits
		// checked is the figure as Encode's check names it (and then
		// the same reason as err's), for a size the check refuses.
		checked string
	}{
		{"the narrowest", "png", "2cm", "", 150, "", ""},
		{"narrower", "png", "1.99cm", "", 150,
			"--width 1.99cm: 1.99 cm is narrower than the 2 cm a chart needs to be legible", "a PNG of 1.99 × 10 cm at 150 dpi"},
		{"the lowest", "svg", "", "20mm", 150, "", ""},
		{"lower", "svg", "", "0.001mm", 150,
			"--height 0.001mm: 0.0001 cm is shorter than the 2 cm a chart needs to be legible", "an SVG of 10 × 0.0001 cm"},
		{"the widest PNG", "png", "20000px", "2000px", 150, "", ""},
		{"a wider PNG", "png", "20001px", "2000px", 150,
			"--width 20001px: 20001 px is wider than the 20000 px a PNG may be", "a PNG of 338.7 × 33.87 cm at 150 dpi"},
		{"a wider PNG in cm", "png", "100000cm", "", 150,
			"--width 100000cm: 5905512 px is wider than the 20000 px a PNG may be", "a PNG of 100000 × 10 cm at 150 dpi"},
		{"a PNG a billion pixels wide", "png", "1e9px", "", 150,
			"--width 1e9px: 1000000000 px is wider than the 20000 px a PNG may be", "a PNG of 16930000 × 10 cm at 150 dpi"},
		{"a taller PNG", "png", "", "20001px", 150,
			"--height 20001px: 20001 px is taller than the 20000 px a PNG may be", "a PNG of 10 × 338.7 cm at 150 dpi"},
		{"the most pixels", "png", "7071px", "7071px", 150, "", ""},
		{"more pixels", "png", "7072px", "7072px", 150,
			"--width 7072px --height 7072px: 7072 × 7072 px is 50,013,184 pixels, more than the 50,000,000 a PNG may have",
			"a PNG of 119.8 × 119.8 cm at 150 dpi"},
		{"the widest PDF", "pdf", "200in", "508cm", 150, "", ""},
		{"a wider PDF", "pdf", "201in", "", 150,
			"--width 201in: 510.5 cm is wider than the 508 cm (200 in) an SVG or a PDF may be", "a PDF of 510.5 × 10 cm"},
		{"a taller SVG", "svg", "", "509cm", 150,
			"--height 509cm: 509 cm is taller than the 508 cm (200 in) an SVG or a PDF may be", "an SVG of 10 × 509 cm"},
		{"a vector side beyond a PNG's", "svg", "500cm", "", 2400, "", ""},
		{"the lowest dpi", "png", "", "", 10, "", ""},
		{"a lower dpi", "png", "", "", 9, "--dpi 9: 9 dpi is outside the 10–2400 dpi a figure is drawn at", "a PNG of 10 × 10 cm at 9 dpi"},
		{"the highest dpi", "png", "2cm", "2cm", 2400, "", ""},
		{"a higher dpi", "png", "", "", 100000,
			"--dpi 100000: 100000 dpi is outside the 10–2400 dpi a figure is drawn at", "a PNG of 10 × 10 cm at 100000 dpi"},
		{"no dpi", "png", "16cm", "", 0, "--dpi 0: 0 dpi is outside the 10–2400 dpi a figure is drawn at", "a PNG of 16 × 10 cm at 0 dpi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, _, err := ParseSize(tt.format, tt.width, tt.height, tt.dpi)
			if tt.err == "" && err != nil {
				t.Fatalf("ParseSize: %v; want it taken", err)
			}
			if tt.err != "" && (!errors.Is(err, ErrSize) || err == nil || err.Error() != tt.err) {
				t.Fatalf("ParseSize: %v; want %q", err, tt.err)
			}
			// Encode's check of the same size, the chart's own sides
			// 10 cm, as a caller of Options would draw it.
			w, h, err := lengths(tt.width, tt.height, tt.dpi)
			if err != nil {
				t.Fatal(err)
			}
			err = checkSize(tt.format, w, h, tt.dpi)
			if tt.err == "" && err != nil {
				t.Errorf("checkSize: %v; want it taken", err)
			}
			if tt.err != "" {
				_, reason, _ := strings.Cut(tt.err, ": ")
				if want := tt.checked + ": " + reason; err == nil || err.Error() != want {
					t.Errorf("checkSize: %v; want %q", err, want)
				}
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("the check took %v: it must allocate nothing of the size", d)
			}
		})
	}
}

// lengths are the sides of TestPlotSizeLimits as Options would hold them:
// read without limits, and 10 cm for a side not given.
func lengths(width, height string, dpi int) (w, h vg.Length, err error) {
	w, h = 10*vg.Centimeter, 10*vg.Centimeter
	if width != "" {
		w, err = ParseLength(width, max(dpi, 1))
	}
	if height != "" && err == nil {
		h, err = ParseLength(height, max(dpi, 1))
	}
	return w, h, err
}

// TestEncodeRefusesBeforeDrawing: a chart asked of a size outside the
// limits, through Options as a library caller asks, is refused by Encode
// and WriteFile before a canvas is made: nothing is written, no file is
// created, and hardly a byte is allocated, where the canvases asked for
// would take 200 MB and more.
func TestEncodeRefusesBeforeDrawing(t *testing.T) {
	d := read(t, "run")
	dir := t.TempDir()
	tests := []struct {
		name   string
		format string
		opts   Options
		want   string
	}{
		{"one pixel too many", "png", Options{Width: px(7072), Height: px(7072)}, "7072 × 7072 px is 50,013,184 pixels"},
		{"too wide a PNG", "png", Options{Width: 2000 * vg.Centimeter}, "118110 px is wider than the 20000 px a PNG may be"},
		{"an infinite PNG", "png", Options{Width: vg.Length(math.Inf(1))}, "+Inf px is wider than the 20000 px a PNG may be"},
		{"too fine a PNG", "png", Options{DPI: 100000}, "100000 dpi is outside the 10–2400 dpi"},
		{"too tall a PDF", "pdf", Options{Height: 600 * vg.Centimeter}, "600 cm is taller than the 508 cm (200 in) an SVG or a PDF may be"},
		{"too narrow an SVG", "svg", Options{Width: vg.Centimeter}, "1 cm is narrower than the 2 cm a chart needs to be legible"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(d, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			err = c.Encode(&buf, tt.format)
			runtime.ReadMemStats(&after)
			var se *SizeError
			if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Encode: %v; want a *SizeError saying %q", err, tt.want)
			}
			if buf.Len() > 0 {
				t.Errorf("Encode wrote %d bytes of a refused size", buf.Len())
			}
			if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
				t.Errorf("Encode allocated %d bytes before it refused", n)
			}
			out := filepath.Join(dir, "chart."+tt.format)
			if _, err := WriteFile(context.Background(), d, FileOptions{Options: tt.opts, Out: out}); !errors.Is(err, ErrSize) {
				t.Errorf("WriteFile: %v; want ErrSize", err)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("refused sizes left %d files, %s first", len(entries), entries[0].Name())
	}
}
