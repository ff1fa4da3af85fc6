package sim

import (
	"math"
	"testing"
)

// meanTolerance is how far the mean of MeanLine.At(m) may be from m: the
// floating-point error of a few operations on parameters of order 1–10.
const meanTolerance = 1e-12

// TestMeanLine: each family with a line keeps its spread (its 10th–90th
// percentile range) and takes the mean asked for, and the line through
// a distribution's own mean is that distribution; the families without
// one say so.
func TestMeanLine(t *testing.T) {
	tests := []struct {
		dist  string
		means []float64
	}{
		{"0.3", []float64{-2, 0, 0.7}},
		{"normal(0.48, 0.12)", []float64{0.3, 0.6}},
		{"uniform(0.1, 0.3)", []float64{0.05, 0.5}},
		{"triangular(500, 600, 700)", []float64{550, 800}},
		{"pert(0, 0.2, 1)", []float64{0.1, 0.9}},
		{"beta(6, 3)", []float64{0.2, 0.5, 0.8}},
		{"bernoulli(0.5)", []float64{0, 0.25, 1}},
	}
	for _, tt := range tests {
		d, err := ParseDist(tt.dist)
		if err != nil {
			t.Fatal(err)
		}
		l, ok := d.MeanLine()
		if !ok {
			t.Errorf("%s: no line of means", tt.dist)
			continue
		}
		if got := l.At(d.Mean()); !closeDists(got, d) {
			t.Errorf("%s: the line at its own mean is %s", tt.dist, got)
		}
		for _, m := range tt.means {
			e := l.At(m)
			if err := e.Validate(); err != nil {
				t.Errorf("%s at mean %g: %v", tt.dist, m, err)
				continue
			}
			if math.Abs(e.Mean()-m) > meanTolerance {
				t.Errorf("%s at mean %g: %s has mean %g", tt.dist, m, e, e.Mean())
			}
			shifted := d.Family != Beta && d.Family != Bernoulli
			if spread, was := e.Quantile(0.9)-e.Quantile(0.1), d.Quantile(0.9)-d.Quantile(0.1); shifted && math.Abs(spread-was) > 1e-9 {
				t.Errorf("%s at mean %g: %s spreads %g, not %g", tt.dist, m, e, spread, was)
			}
			if d.Family == Beta && e.P[0]+e.P[1] != d.P[0]+d.P[1] {
				t.Errorf("%s at mean %g: %s has another concentration", tt.dist, m, e)
			}
		}
	}
	for _, s := range []string{"truncnormal(0.5, 0.1, 0, 1)", "lognormal(0, 0.5)"} {
		d, _ := ParseDist(s)
		if _, ok := d.MeanLine(); ok {
			t.Errorf("%s: a line of means", s)
		}
	}
	beta, _ := ParseDist("beta(6, 3)")
	l, _ := beta.MeanLine()
	if l.At(1).Validate() == nil || l.Lo != 0 || l.Hi != 1 {
		t.Errorf("beta's means: [%g, %g], and mean 1 gives %s", l.Lo, l.Hi, l.At(1))
	}
}

// closeDists reports whether a and b are the same family with parameters
// equal to within meanTolerance.
func closeDists(a, b Dist) bool {
	if a.Family != b.Family {
		return false
	}
	for i := range a.P {
		if math.Abs(a.P[i]-b.P[i]) > meanTolerance*math.Max(1, math.Abs(b.P[i])) {
			return false
		}
	}
	return true
}
