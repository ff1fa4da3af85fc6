package search

import (
	"reflect"
	"testing"

	"github.com/peacesim/peacesim/study/space"
)

// TestSnap: a package's value outside the negotiable space moves onto
// it, a number to the nearer bound, a level to the nearest allowed; a
// value inside stays.
func TestSnap(t *testing.T) {
	s := space.Space{
		{Name: "troop_cap", Lo: 600, Hi: 1200},
		{Name: "nato", Values: []float64{1, 2}},
		{Name: "crimea", Values: []float64{0, 1, 2}},
	}
	for _, tc := range []struct {
		name    string
		x, want []float64
	}{
		{"inside", []float64{800, 2, 1}, []float64{800, 2, 1}},
		{"below and a level not allowed", []float64{400, 0, 2}, []float64{600, 1, 2}},
		{"above", []float64{1300, 1, 0}, []float64{1200, 1, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := append([]float64(nil), tc.x...)
			if got := snap(s, x); !reflect.DeepEqual(got, tc.want) || !reflect.DeepEqual(x, tc.x) {
				t.Errorf("snap(%v) = %v, want %v, the argument unchanged", tc.x, got, tc.want)
			}
		})
	}
}

// TestDistinct: near-copies of a better package, within a hundredth of
// the space, are left out, and at most n are kept, best first.
func TestDistinct(t *testing.T) {
	s := space.Space{{Name: "share", Lo: 0, Hi: 1}}
	cs := []Candidate{{[]float64{0.5}, 0.9}, {[]float64{0.505}, 0.89}, {[]float64{0.3}, 0.8}, {[]float64{0.52}, 0.79}, {[]float64{0.9}, 0.5}}
	want := []Candidate{{[]float64{0.5}, 0.9}, {[]float64{0.3}, 0.8}}
	if got := distinct(s, cs, 2); !reflect.DeepEqual(got, want) {
		t.Errorf("distinct(…, 2) = %v, want %v", got, want)
	}
	if got := distinct(s, cs, 10); len(got) != 4 {
		t.Errorf("distinct(…, 10) kept %d, want 4 (0.505 is a copy of 0.5; 0.52 is not)", len(got))
	}
}
