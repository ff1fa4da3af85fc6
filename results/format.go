package results

import (
	"cmp"
	"math"
	"strconv"
)

// The figures of peacesim's outputs for people — the terminal tables, the
// charts' labels, the report — each written by one rule, whichever output
// shows it. The CSV and JSON outputs keep every figure at full precision,
// NA where undefined; these are for reading.
//
// Two rules hold for them all: an undefined figure (NaN) reads Undefined,
// and a negative one has a minus sign (−, U+2212), the width of the plus
// sign and not a hyphen.

// Undefined is how a figure for people reads where it is undefined: a
// Sobol index of a pathway that never varies, a group's value.
const Undefined = "n/a"

// minus is the sign of a negative figure for people.
const minus = "−"

// signed writes s, the figure's magnitude, with the sign of x: − for a
// negative x, + for a positive one when plus is set.
func signed(x float64, s string, plus bool) string {
	switch {
	case x < 0:
		return minus + s
	case plus && x > 0:
		return "+" + s
	}
	return s
}

// Percent writes a probability in percent with one decimal: 41.2%. A
// probability that is not 0 but would read 0.0% reads <0.1%, and one that
// is not 1 but would read 100.0% reads >99.9%, so that a rare event never
// reads as impossible, nor a likely one as certain.
func Percent(p float64) string {
	if math.IsNaN(p) {
		return Undefined
	}
	s := strconv.FormatFloat(100*p, 'f', 1, 64)
	switch {
	case p > 0 && s == "0.0":
		return "<0.1%"
	case p < 1 && s == "100.0":
		return ">99.9%"
	}
	return s + "%"
}

// PercentInterval writes an interval of a probability, each bound as
// Percent writes it: [39.7%, 42.7%].
func PercentInterval(lo, hi float64) string {
	return "[" + Percent(lo) + ", " + Percent(hi) + "]"
}

// Points writes a difference of two probabilities in percentage points,
// signed, with one decimal: +3.2, −0.4, 0.0 for no difference at all. A
// difference that is not 0 but rounds to it keeps its sign (+0.0, −0.0),
// so that the direction of a small difference still reads.
func Points(d float64) string {
	if math.IsNaN(d) {
		return Undefined
	}
	x := 100 * d
	return signed(x, strconv.FormatFloat(math.Abs(x), 'f', 1, 64), true)
}

// PointsInterval writes an interval of a difference in percentage
// points, each bound as Points writes it: [−1.2, +3.4]. An interval
// whose bounds both round to 0.0 without both being 0 — two packages that
// differ in no trial, or too few to tell — reads [±0.0]: within a
// twentieth of a point of no difference, either way.
func PointsInterval(lo, hi float64) string {
	small := func(d float64) bool { return math.Abs(100*d) < 0.05 }
	if small(lo) && small(hi) && (lo != 0 || hi != 0) {
		return "[±0.0]"
	}
	return "[" + Points(lo) + ", " + Points(hi) + "]"
}

// SobolIndex writes a Sobol index (a share of variance, in [0, 1] but for
// sampling error) with two decimals: 0.42, −0.03. An index that rounds to
// zero reads 0.00, without a sign.
func SobolIndex(v float64) string {
	if math.IsNaN(v) {
		return Undefined
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', 2, 64)
	if s == "0.00" {
		return s
	}
	return signed(v, s, false)
}

// InputValue writes the value of an uncertain input as a reader quotes
// it: four significant digits (0.3812, 1250, 2.5e-05), and whole numbers
// from 10,000 up (12500, not 1.25e+04).
func InputValue(v float64) string {
	switch {
	case math.IsNaN(v):
		return Undefined
	case math.IsInf(v, 0):
		return signed(v, "∞", false)
	case math.Abs(v) >= 1e4:
		return signed(v, strconv.FormatFloat(math.Abs(v), 'f', 0, 64), false)
	}
	return signed(v, strconv.FormatFloat(math.Abs(v), 'g', 4, 64), false)
}

// Descending orders figures for people largest first and undefined ones
// (NaN) last, as slices.SortFunc takes it: the inputs of a summary or a
// chart by their indices.
func Descending(a, b float64) int {
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return 1
	case math.IsNaN(b):
		return -1
	}
	return cmp.Compare(b, a)
}
