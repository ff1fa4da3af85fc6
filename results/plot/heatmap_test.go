package plot

import (
	"math"
	"strings"
	"testing"
)

// colorTolerance is how far a scale's end may be from a whole step: the
// float of a tenth.
const colorTolerance = 1e-12

// TestHeatmapScale: the colour scale spans the whole tens of percentage
// points that hold the probabilities, and the caption says which, so that
// a difference of a point is a tenth of the scale at most, never all of
// it.
func TestHeatmapScale(t *testing.T) {
	tests := []struct {
		name   string
		probs  [4]float64
		lo, hi float64
		says   string
	}{
		{"a point apart", [4]float64{0.036, 0.041, 0.044, 0.047}, 0, 0.1, "colours span 0–10%"},
		{"across tens", [4]float64{0.35, 0.41, 0.5, 0.62}, 0.3, 0.7, "colours span 30–70%"},
		{"at a ten", [4]float64{0.3, 0.3, 0.3, 0.3}, 0.3, 0.4, "colours span 30–40%"},
		{"at the top", [4]float64{1, 1, 1, 1}, 0.9, 1, "colours span 90–100%"},
		{"every value", [4]float64{0, 0.2, 0.7, 1}, 0, 1, "colours span 0–100%"},
		{"NA", [4]float64{math.NaN(), math.NaN(), math.NaN(), math.NaN()}, 0, 1, "colours span 0–100%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sweepOf([]string{"packages.p.x", "packages.p.y"}, map[string][4]float64{"p": tt.probs}, "p")
			h, err := heatmapOf(d, Options{})
			if err != nil {
				t.Fatal(err)
			}
			m := h.probabilityMap()
			if lo, hi := m.colors.Min(), m.colors.Max(); math.Abs(lo-tt.lo) > colorTolerance || math.Abs(hi-tt.hi) > colorTolerance {
				t.Errorf("the scale spans %v–%v, want %v–%v", lo, hi, tt.lo, tt.hi)
			}
			c, err := New(d, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(c.fig.caption, tt.says) {
				t.Errorf("caption %q does not say %q", c.fig.caption, tt.says)
			}
		})
	}
}
