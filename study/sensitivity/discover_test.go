package sensitivity

import (
	"context"
	"math"
	"testing"

	"github.com/peacesim/peacesim/sim"
)

// TestDiscoverClosedForm: the framework happens exactly when R_f ≤ 0.5,
// so the box of density 1 with the most coverage bounds R_f alone, from
// above, near 0.5.
func TestDiscoverClosedForm(t *testing.T) {
	m, _ := closedModel(t)
	var inputs []int
	rf := -1
	for i, in := range m.Inputs() {
		if in.Param >= 0 {
			if in.Name == "parties.a.reservation.framework" {
				rf = len(inputs)
			}
			inputs = append(inputs, i)
		}
	}
	d, err := Discover(context.Background(), m, sim.Options{Trials: 20000, Seed: 4, Workers: 2},
		Discovery{Package: 0, Pathway: 0, Inputs: inputs, MinDensity: 0.95})
	if err != nil {
		t.Fatal(err)
	}
	if !d.Reached || d.Trials != 20000 {
		t.Fatalf("reached %v over %d trials", d.Reached, d.Trials)
	}
	b := d.Trajectory[d.Chosen]
	if len(b.Restricted) != 1 || b.Restricted[0] != rf {
		t.Fatalf("box restricts %v, want only R_f (%d)", b.Restricted, rf)
	}
	if hi := b.Limits[rf].Hi; math.Abs(hi-0.5) > 0.03 || b.Density < 0.95 || b.Coverage < 0.9 {
		t.Errorf("box R_f ≤ %.3f, density %.3f, coverage %.3f: want ≤ 0.5, ≥ 0.95, ≥ 0.9", hi, b.Density, b.Coverage)
	}
}
