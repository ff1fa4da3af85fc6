package space

import (
	"math"
	"slices"
	"testing"
)

func TestDistance(t *testing.T) {
	s := Space{{Name: "cap", Lo: 400, Hi: 1000}, {Name: "nato", Values: []float64{0, 1, 2}}, {Name: "pow", Values: []float64{0, 1}}}
	a, b := []float64{400, 0, 0}, []float64{700, 2, 1}
	if d := s.Distance(a, b); math.Abs(d-2.5) > 1e-12 {
		t.Errorf("distance %g, want 0.5 + 1 + 1", d)
	}
	if d := s.Distance(a, a); d != 0 {
		t.Errorf("distance to itself %g", d)
	}
	if c := s.Changed(a, []float64{400, 1, 0}); !slices.Equal(c, []int{1}) {
		t.Errorf("changed %v, want [1]", c)
	}
	if !s.Contains(b) || s.Contains([]float64{1001, 0, 0}) || s.Contains([]float64{400, 0.5, 0}) {
		t.Error("Contains is wrong")
	}
}

func TestGrid(t *testing.T) {
	s := Space{{Name: "a", Lo: 0, Hi: 1}, {Name: "b", Values: []float64{3, 5}}}
	g, n := s.Grid(3, 100)
	want := [][]float64{{0, 3}, {0, 5}, {0.5, 3}, {0.5, 5}, {1, 3}, {1, 5}}
	if n != 6 || len(g) != 6 {
		t.Fatalf("%d points, want 6", n)
	}
	for i := range want {
		if !slices.Equal(g[i], want[i]) {
			t.Errorf("point %d = %v, want %v", i, g[i], want[i])
		}
	}
	if g, n := s.Grid(100, 50); g != nil || n <= 50 {
		t.Errorf("a grid past max: %d points returned, %d counted", len(g), n)
	}
}
