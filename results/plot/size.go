package plot

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"gonum.org/v1/plot/vg"
)

// The limits of a figure's size. A size outside them is refused, with a
// *SizeError, before anything is drawn: by ParseSize as the command line
// reads its flags, and by Chart.Encode for any caller. A PNG's limits are
// in pixels, as its memory is (4 bytes a pixel); a vector format's are in
// length, as a viewer's are.
const (
	// MinSide is the shortest side of a figure: under 2 cm the title,
	// legend and caption leave no room for a chart that can be read.
	MinSide = 2 * vg.Centimeter
	// MaxVectorSide is the longest side of an SVG or a PDF: 200 in
	// (508 cm), the largest page of PDF's implementation limits (ISO
	// 32000-1, annex C), which viewers keep to.
	MaxVectorSide = 200 * vg.Inch
	// MaxPNGSide is the longest side of a PNG, in pixels: 20000, a poster
	// of 1.7 m at 300 dpi.
	MaxPNGSide = 20000
	// MaxPNGPixels is the most pixels a PNG has: 50 megapixels, 200 MB of
	// canvas (4 bytes a pixel), drawn and written in about 2 s.
	MaxPNGPixels = 50_000_000
	// MinDPI and MaxDPI bound the resolution of a PNG, and of px lengths
	// (Options.DPI, --dpi): from a thumbnail's to above a print shop's.
	MinDPI, MaxDPI = 10, 2400
)

// ErrSize reports a figure's size or resolution that is not a length, or
// is outside the limits (MinSide, MaxVectorSide, MaxPNGSide,
// MaxPNGPixels, MinDPI, MaxDPI). Every such error is a *SizeError.
var ErrSize = errors.New("figure size out of bounds")

// SizeError reports a size refused: as it was asked for, and why, with
// the size in the unit of the limit it breaks and that limit, as in
//
//	--width 1e9px: 1000000000 px is wider than the 20000 px a PNG may be
//
// It wraps ErrSize.
type SizeError struct {
	// Asked is the size at fault as it was asked for: the flags and their
	// values as given ("--width 1e9px", "--dpi 100000", both sides when
	// it is their pixels), or, for a chart's own size or a length of
	// Options, the figure ("a PNG of 16 × 400 cm at 150 dpi").
	Asked string
	// Reason is the size in the unit of the limit, and the limit.
	Reason string
}

// Error says what was asked and why it is refused.
func (e *SizeError) Error() string { return e.Asked + ": " + e.Reason }

// Unwrap returns ErrSize.
func (e *SizeError) Unwrap() error { return ErrSize }

// notLength is the Reason of a value that is no length at all.
const notLength = "not a length (want a positive number with cm, mm, in, pt or px, such as 16cm)"

// ParseLength reads a figure's width or height: a number with a unit, cm,
// mm, in or pt as gonum's vg.ParseLength reads them, or px, pixels of a
// PNG at dpi dots per inch (DefaultDPI when dpi ≤ 0). A bare number is in
// points. Anything else, and a length that is not a finite positive
// number, is a *SizeError; ParseLength checks no limit (ParseSize does).
func ParseLength(s string, dpi int) (vg.Length, error) {
	t := strings.TrimSpace(s)
	var (
		l   vg.Length
		err error
	)
	if n, ok := strings.CutSuffix(t, "px"); ok {
		if dpi <= 0 {
			dpi = DefaultDPI
		}
		var px float64
		px, err = strconv.ParseFloat(strings.TrimSpace(n), 64)
		l = vg.Length(px) * vg.Inch / vg.Length(dpi)
	} else {
		l, err = vg.ParseLength(t)
	}
	if err != nil || math.IsNaN(float64(l)) || l <= 0 || math.IsInf(float64(l), 0) {
		return 0, &SizeError{Asked: strconv.Quote(s), Reason: notLength}
	}
	return l, nil
}

// ParseSize reads the --width and --height flags of a figure in format
// (one of Formats) at dpi, the --dpi flag, and checks them against the
// limits: dpi within MinDPI–MaxDPI; each side given a length
// (ParseLength) of at least MinSide and at most MaxVectorSide for SVG and
// PDF, MaxPNGSide pixels for PNG; and, when both are given, a PNG of at
// most MaxPNGPixels. An empty flag is the chart's own size, returned as
// zero (Options takes it so) and checked when the chart is encoded. Each
// error is a *SizeError naming the flags as given.
func ParseSize(format, width, height string, dpi int) (w, h vg.Length, err error) {
	if err := checkDPI(dpi, func() string { return fmt.Sprintf("--dpi %d", dpi) }); err != nil {
		return 0, 0, err
	}
	sides := [2]side{{name: "width", asked: width}, {name: "height", asked: height}}
	for i := range sides {
		s := &sides[i]
		if s.asked == "" {
			continue
		}
		if s.l, err = ParseLength(s.asked, dpi); err != nil {
			return 0, 0, &SizeError{Asked: s.flag(), Reason: notLength}
		}
		if err := s.check(format, dpi, s.flag); err != nil {
			return 0, 0, err
		}
	}
	if err := checkPixels(format, sides, dpi, func() string { return sides[0].flag() + " " + sides[1].flag() }); err != nil {
		return 0, 0, err
	}
	return sides[0].l, sides[1].l, nil
}

// checkSize checks a figure of width × height in format at dpi against
// every limit ParseSize checks, naming the figure when one is broken:
// Encode calls it before it makes a canvas, so that no caller draws one
// too large to allocate.
func checkSize(format string, width, height vg.Length, dpi int) error {
	name := strings.ToUpper(format)
	asked := func() string {
		a := fmt.Sprintf("a%s %s of %s × %s cm", article(name), name, cm(width), cm(height))
		if format == "png" {
			a += fmt.Sprintf(" at %d dpi", dpi)
		}
		return a
	}
	if format == "png" {
		if err := checkDPI(dpi, asked); err != nil {
			return err
		}
	}
	sides := [2]side{{name: "width", l: width}, {name: "height", l: height}}
	for _, s := range sides {
		if err := s.check(format, dpi, asked); err != nil {
			return err
		}
	}
	return checkPixels(format, sides, dpi, asked)
}

// side is a side of a figure: its name, the flag's value as given (empty
// for a length of Options or a chart's own), and its length.
type side struct {
	name, asked string
	l           vg.Length
}

// flag is the side's flag and value as given, the value quoted when a
// reader would not see where it starts or ends.
func (s side) flag() string {
	v := s.asked
	if strings.ContainsFunc(v, unicode.IsSpace) {
		v = strconv.Quote(v)
	}
	return "--" + s.name + " " + v
}

// check checks the side's length against MinSide, and MaxPNGSide pixels
// at dpi for a PNG or MaxVectorSide for another format; asked names the
// size in the error.
func (s side) check(format string, dpi int, asked func() string) error {
	more, less := "wider", "narrower"
	if s.name == "height" {
		more, less = "taller", "shorter"
	}
	switch px := pixels(s.l, dpi); {
	case !(s.l >= MinSide): // NaN too
		return &SizeError{asked(), fmt.Sprintf("%s cm is %s than the %s cm a chart needs to be legible", cm(s.l), less, cm(MinSide))}
	case format == "png" && px > MaxPNGSide:
		return &SizeError{asked(), fmt.Sprintf("%s px is %s than the %d px a PNG may be", count(px), more, MaxPNGSide)}
	case format != "png" && !(s.l <= MaxVectorSide):
		return &SizeError{asked(), fmt.Sprintf("%s cm is %s than the %s cm (%.0f in) an SVG or a PDF may be",
			cm(s.l), more, cm(MaxVectorSide), MaxVectorSide/vg.Inch)}
	}
	return nil
}

// checkPixels checks a PNG of the two sides at dpi against MaxPNGPixels;
// a side of zero length (a chart's own, not yet known) is not checked.
func checkPixels(format string, sides [2]side, dpi int, asked func() string) error {
	w, h := pixels(sides[0].l, dpi), pixels(sides[1].l, dpi)
	if format != "png" || w*h <= MaxPNGPixels {
		return nil
	}
	return &SizeError{asked(), fmt.Sprintf("%s × %s px is %s pixels, more than the %s a PNG may have",
		count(w), count(h), thousands(int64(w*h)), thousands(MaxPNGPixels))}
}

// checkDPI checks dpi against MinDPI and MaxDPI; asked names it in the
// error.
func checkDPI(dpi int, asked func() string) error {
	if dpi < MinDPI || dpi > MaxDPI {
		return &SizeError{asked(), fmt.Sprintf("%d dpi is outside the %d–%d dpi a figure is drawn at", dpi, MinDPI, MaxDPI)}
	}
	return nil
}

// pixels is a length in whole pixels at dpi, rounded as a PNG's canvas
// rounds it (vgimg.NewWith), as a float so that no size overflows.
func pixels(l vg.Length, dpi int) float64 { return math.Floor(float64(l/vg.Inch*vg.Length(dpi)) + 0.5) }

// cm writes a length in centimetres, to 4 significant digits, in
// scientific notation only beyond a billion.
func cm(l vg.Length) string {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(float64(l/vg.Centimeter), 'g', 4, 64), 64)
	if math.Abs(v) >= 1e9 {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// count writes a number of pixels in full, or in scientific notation
// beyond a trillion, where the digits say no more.
func count(px float64) string {
	if px >= 1e12 {
		return strconv.FormatFloat(px, 'g', 3, 64)
	}
	return strconv.FormatFloat(px, 'f', 0, 64)
}

// article is "n" before a format's name read with a vowel (an SVG), else
// empty (a PNG, a PDF).
func article(name string) string {
	if name == "SVG" {
		return "n"
	}
	return ""
}
