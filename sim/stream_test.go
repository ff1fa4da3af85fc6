package sim

import (
	"fmt"
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

// TestStreams checks what makes runs reproducible and paired: an input's
// stream in a trial depends on the seed, the input's key path and the
// trial alone, and differs between trials, between inputs and between
// seeds.
func TestStreams(t *testing.T) {
	first := func(seed uint64, input string, trial uint64) uint64 {
		var s stream
		s.seed(newTrialKey(seed, trial), newInputKey(input))
		return s.Uint64()
	}
	const a, b = "parties.u.reservation", "parties.r.reservation"
	// The same (seed, input, trial) gives the same stream, whatever other
	// streams were seeded in between: no state is kept from one to the next.
	x := first(1, a, 5)
	_, _ = first(1, b, 5), first(2, a, 6)
	if y := first(1, a, 5); x != y {
		t.Errorf("the same (seed, input, trial) gives two streams: %#x, then %#x", x, y)
	}
	seen := map[uint64]string{}
	for trial := uint64(0); trial < 1000; trial++ {
		for _, in := range []string{a, b} {
			x := first(1, in, trial)
			if prev, dup := seen[x]; dup {
				t.Fatalf("%s in trial %d starts like %s", in, trial, prev)
			}
			seen[x] = fmt.Sprintf("%s in trial %d", in, trial)
		}
	}
	if first(1, a, 0) == first(2, a, 0) {
		t.Error("seeds 1 and 2 give an input the same stream in trial 0")
	}
}
