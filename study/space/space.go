// Package space describes a negotiable space: the issues a bargaining
// analysis or a package search may move, each over an interval of numbers
// or a set of allowed values (the level indices of an ordinal or bool
// issue), and the normalised distance between two packages in it. It is
// the common language of package bargain and package search; the
// scenario's `negotiable` keys (docs/model.md#negotiable) compile into it.
package space

import (
	"fmt"
	"math"
)

// Dim is one issue that may move.
type Dim struct {
	// Name is the id.
	Name string
	// Lo and Hi bound a continuous issue (Values empty).
	Lo, Hi float64
	// Values, when not empty, are the values a discrete issue may take, in
	// their order (level indices for an ordinal or bool issue).
	Values []float64
}

// Discrete reports whether the issue takes one of Values rather than any
// number in [Lo, Hi].
func (d Dim) Discrete() bool { return len(d.Values) > 0 }

// Contains reports whether x is a value the issue may take.
func (d Dim) Contains(x float64) bool {
	if d.Discrete() {
		return d.index(x) >= 0
	}
	return x >= d.Lo && x <= d.Hi
}

func (d Dim) index(x float64) int {
	for i, v := range d.Values {
		if v == x {
			return i
		}
	}
	return -1
}

// Distance is how far apart two values of the issue are on a scale where
// the whole issue spans 1: |a − b|/(Hi − Lo) for a continuous issue (0
// when Lo = Hi), and for a discrete one the distance between their
// positions in Values over len(Values) − 1 (1 between the two values of a
// bool). A value outside a discrete issue's Values is at distance 1 from
// every other.
func (d Dim) Distance(a, b float64) float64 {
	if a == b {
		return 0
	}
	if d.Discrete() {
		i, j := d.index(a), d.index(b)
		if i < 0 || j < 0 || len(d.Values) < 2 {
			return 1
		}
		return math.Abs(float64(i-j)) / float64(len(d.Values)-1)
	}
	if d.Hi <= d.Lo {
		return 0
	}
	return math.Abs(a-b) / (d.Hi - d.Lo)
}

// Space is the negotiable issues, in order: a point of it is one value per
// Dim.
type Space []Dim

// Check reports a Dim that is empty or ill-formed.
func (s Space) Check() error {
	for _, d := range s {
		switch {
		case d.Discrete():
		case math.IsNaN(d.Lo) || math.IsNaN(d.Hi) || math.IsInf(d.Lo, 0) || math.IsInf(d.Hi, 0):
			return fmt.Errorf("issue %s: bounds must be finite, got [%g, %g]", d.Name, d.Lo, d.Hi)
		case d.Lo > d.Hi:
			return fmt.Errorf("issue %s: lo %g above hi %g", d.Name, d.Lo, d.Hi)
		}
	}
	return nil
}

// Contains reports whether every value of x is one its Dim may take.
func (s Space) Contains(x []float64) bool {
	if len(x) != len(s) {
		return false
	}
	for i, d := range s {
		if !d.Contains(x[i]) {
			return false
		}
	}
	return true
}

// Distance is the normalised distance between two points: the sum over
// the issues of Dim.Distance, so that moving one issue across its whole
// range counts 1.
func (s Space) Distance(a, b []float64) float64 {
	var sum float64
	for i, d := range s {
		sum += d.Distance(a[i], b[i])
	}
	return sum
}

// Changed lists the issues on which two points differ.
func (s Space) Changed(a, b []float64) []int {
	var out []int
	for i := range s {
		if a[i] != b[i] {
			out = append(out, i)
		}
	}
	return out
}

// Grid returns every point of a grid over the space: each discrete issue
// takes each of its Values, each continuous one n evenly spaced values
// from Lo to Hi (one, Lo, when Lo = Hi or n < 2), the first issue varying
// slowest. It returns nil, and the number of points it would hold, when
// there would be more than max.
func (s Space) Grid(n, max int) ([][]float64, int) {
	axes := make([][]float64, len(s))
	total := 1
	for i, d := range s {
		switch {
		case d.Discrete():
			axes[i] = d.Values
		case n < 2 || d.Hi == d.Lo:
			axes[i] = []float64{d.Lo}
		default:
			axes[i] = make([]float64, n)
			for j := range axes[i] {
				axes[i][j] = d.Lo + (d.Hi-d.Lo)*float64(j)/float64(n-1)
			}
		}
		if total > max/len(axes[i]) {
			return nil, total * len(axes[i])
		}
		total *= len(axes[i])
	}
	points := make([][]float64, total)
	for p := range points {
		x := make([]float64, len(s))
		rest := p
		for i := len(s) - 1; i >= 0; i-- {
			x[i] = axes[i][rest%len(axes[i])]
			rest /= len(axes[i])
		}
		points[p] = x
	}
	return points, total
}
