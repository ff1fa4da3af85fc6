package bargain

import (
	"math"
	"testing"

	"github.com/peacesim/peacesim/study/space"
)

// benchTrack is a track of the size a scenario's negotiable block
// typically has: two parties, three continuous issues and two ordinal
// ones of three levels, with concave and interacting utilities.
func benchTrack() Problem {
	levels := []float64{0, 1, 2}
	return Problem{
		Space: space.Space{
			{Name: "territory", Lo: 0, Hi: 1},
			{Name: "troops", Lo: 0, Hi: 100},
			{Name: "reparations", Lo: 0, Hi: 50},
			{Name: "guarantee", Values: levels},
			{Name: "sanctions", Values: levels},
		},
		Parties: []Party{
			{Name: "A", Reservation: 0.3, Utility: func(x []float64) float64 {
				return 0.4*math.Sqrt(x[0]) + 0.25*(1-x[1]/100) + 0.15*x[2]/50 + 0.1*x[3]/2 - 0.05*x[4]*x[0]
			}},
			{Name: "B", Reservation: 0.25, Utility: func(x []float64) float64 {
				if x[1] < 10 && x[3] == 2 {
					return math.Inf(-1) // a red line: no guarantee without troops
				}
				return 0.35*(1-x[0]*x[0]) + 0.2*x[1]/100 + 0.25*(1-x[2]/50) + 0.1*x[4]/2 - 0.05*x[3]
			}},
		},
	}
}

func BenchmarkNash(b *testing.B) {
	p := benchTrack()
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := Nash(p, Options{}); !ok {
			b.Fatal("no solution")
		}
	}
}

// BenchmarkTrack is the whole analysis of one track, as the bargain
// command runs it.
func BenchmarkTrack(b *testing.B) {
	p := benchTrack()
	b.ReportAllocs()
	for b.Loop() {
		a, err := Analyse(p, Options{})
		if err != nil || !a.HasZOPA {
			b.Fatal(err, a.HasZOPA)
		}
	}
}
