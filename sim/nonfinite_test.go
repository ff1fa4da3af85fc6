package sim

import (
	"context"
	"math"
	"strings"
	"testing"
)

// unboostedBeta is the beta(0.001, 0.001) variate drawn as X/(X + Y) from
// rand's X and Y whatever they are: the sampler before small shapes were
// drawn in log space, whose X and Y both underflow to 0, and X/(X + Y) is
// NaN, in about a quarter of the trials.
func unboostedBeta() variate {
	v := Dist{Family: Beta, P: [4]float64{0.001, 0.001}}.variate()
	v.beta.boosted = false
	return v
}

// TestRunRefusesNonFiniteDraws runs twoParty with its red line's penalty
// (parties.u.red_lines[0].weight) drawn by unboostedBeta, as no valid Dist
// draws since: the block that draws a NaN must say so, naming the input's
// key path, and Simulate fail with that error, the same (its first failing
// trial) whatever the number of workers, rather than count trials it
// cannot score.
func TestRunRefusesNonFiniteDraws(t *testing.T) {
	m := twoParty()
	const key = "parties.u.red_lines[0].weight"
	m.Params[6].Dist = Dist{Family: Beta, P: [4]float64{0.001, 0.001}}
	scorer := func(m *Model, l *layout, seed uint64) *blockScorer {
		e := newBlockScorer(m, l, seed)
		e.variates[6] = unboostedBeta()
		return e
	}
	var first string
	for _, workers := range []int{1, 2, 3} {
		_, _, err := simulate(context.Background(), m, Options{Trials: 3 * ChunkSize, Seed: 9, Workers: workers}, scorer)
		if err == nil || !strings.Contains(err.Error(), key+" is NaN in trial ") {
			t.Fatalf("%d workers: error %v, want one naming %s", workers, err, key)
		}
		if first == "" {
			first = err.Error()
		} else if err.Error() != first {
			t.Errorf("%d workers: error %q, want %q as with 1", workers, err, first)
		}
	}
	t.Log(first)

	// The engine's own sampler draws finite values, and the run passes.
	if _, err := Run(context.Background(), m, Options{Trials: 3 * ChunkSize, Seed: 9}); err != nil {
		t.Errorf("with the engine's beta(0.001, 0.001): %v", err)
	}
}

// TestAllFinite checks allFinite on every kind of float64.
func TestAllFinite(t *testing.T) {
	finite := []float64{0, math.Copysign(0, -1), 1, -1, 5e-324, math.MaxFloat64, -math.MaxFloat64, 0x1p-1022}
	if !allFinite(finite) || !allFinite(nil) {
		t.Errorf("allFinite(%v) = false", finite)
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Float64frombits(0x7FF0000000000001), math.Float64frombits(0xFFF8000000000000)} {
		x := append(append([]float64(nil), finite...), bad)
		if allFinite(x) {
			t.Errorf("allFinite with %v = true", bad)
		}
	}
}
