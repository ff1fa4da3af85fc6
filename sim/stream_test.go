package sim

import (
	"math/rand/v2"
	"testing"
)

// TestStreamMatchesMathRand checks that a stream draws exactly what
// math/rand/v2's Rand draws from the same PCG state, through each method,
// interleaved as the samplers interleave them. Ten million normal draws
// reach every strip of the ziggurat and its tail, so any difference in the
// tables would show.
func TestStreamMatchesMathRand(t *testing.T) {
	n := 10_000_000
	if testing.Short() {
		n = 1_000_000
	}
	var s stream
	s.pcg.Seed(11, 12)
	r := rand.New(rand.NewPCG(11, 12))
	for i := 0; i < n; i++ {
		if a, b := r.NormFloat64(), s.NormFloat64(); a != b {
			t.Fatalf("NormFloat64 draw %d: math/rand %v, stream %v", i, a, b)
		}
		if i%8 == 0 {
			if a, b := r.Float64(), s.Float64(); a != b {
				t.Fatalf("Float64 after draw %d: math/rand %v, stream %v", i, a, b)
			}
			if a, b := r.Uint64(), s.Uint64(); a != b {
				t.Fatalf("Uint64 after draw %d: math/rand %v, stream %v", i, a, b)
			}
		}
	}
}

// TestStreamsOfTrials checks what makes runs reproducible: a trial's stream
// depends on the seed and the trial alone, and differs between trials and
// between seeds.
func TestStreamsOfTrials(t *testing.T) {
	first := func(seed, trial uint64) uint64 {
		var s stream
		s.seed(seed, trial)
		return s.Uint64()
	}
	if first(1, 5) != first(1, 5) {
		t.Error("the same (seed, trial) gives two streams")
	}
	seen := map[uint64]bool{}
	for trial := uint64(0); trial < 1000; trial++ {
		x := first(1, trial)
		if seen[x] {
			t.Fatalf("trial %d starts like an earlier trial", trial)
		}
		seen[x] = true
	}
	if first(1, 0) == first(2, 0) {
		t.Error("seeds 1 and 2 give trial 0 the same stream")
	}
}
