package sim_test

import (
	"testing"

	"github.com/peacesim/peacesim/sim"
)

// TestPatchTimeline: a timeline's rounds and a package's schedule are
// values a study may vary point by point: Diff finds them, Apply puts
// them, WithNumber rounds a drawn number to a whole round.
func TestPatchTimeline(t *testing.T) {
	m := timelineModel(t, 6)
	m.Packages = append(m.Packages, sim.Package{ID: "q", Values: []float64{0.2, 0.3}})
	m.Timeline = &sim.Timeline{Rounds: 6, Unit: "week"}
	v := *m
	v.Timeline = &sim.Timeline{Rounds: 9, Unit: "week"}
	v.Packages = append([]sim.Package(nil), m.Packages...)
	v.Packages[1].Schedule = []int{4, 1}
	p, err := m.Diff(&v)
	if err != nil {
		t.Fatal(err)
	}
	if p.Rounds != 9 || len(p.Schedules) != 1 || p.Schedules[1][0] != 4 || p.Empty() {
		t.Fatalf("Diff = %+v", p)
	}
	got := m.Apply(p)
	if got.Rounds() != 9 || got.Packages[1].OnTable(0) != 4 || got.Packages[1].OnTable(1) != 1 || m.Rounds() != 6 || m.Packages[1].Schedule != nil {
		t.Errorf("Apply: rounds %d, schedule %v; the base: rounds %d, schedule %v", got.Rounds(), got.Packages[1].Schedule, m.Rounds(), m.Packages[1].Schedule)
	}
	if w := p.WithNumber(3.4); w.Rounds != 3 || w.Schedules[1][0] != 3 {
		t.Errorf("WithNumber(3.4) = %+v", w)
	}
	v.Timeline = &sim.Timeline{Rounds: 6, Unit: "day"}
	v.Packages = m.Packages
	if _, err := m.Diff(&v); err == nil {
		t.Error("a timeline of another unit is a difference of values")
	}
}
