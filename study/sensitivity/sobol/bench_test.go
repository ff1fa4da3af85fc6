package sobol_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/peacesim/peacesim/study/sensitivity/sobol"
)

// benchSamples, benchInputs and benchReplicates are the size of a real
// study's design: 2¹⁶ base samples, about 40 inputs, 100 replicates.
const benchSamples, benchInputs, benchReplicates = 1 << 16, 40, 100

// BenchmarkIndices measures one 0/1 output (a pathway's indicator) of a
// design of a real study's size, one op an output; a study has about 21.
// The indicator is [Σ x_i/i > its median] on U(0, 1) inputs: a few
// inputs matter much and most little: an input changes the output on 1%
// (x40) to 40% (x1) of the rows, 3.6% on average, and those rows are the
// only ones on which its sums cost anything.
func BenchmarkIndices(b *testing.B) {
	half := 0.0
	for i := range benchInputs {
		half += 0.5 / float64(i+1)
	}
	benchmarkIndices(b, func(x []float64) float64 {
		var s float64
		for i, v := range x {
			s += v / float64(i+1)
		}
		if s > half {
			return 1
		}
		return 0
	})
}

// BenchmarkIndicesContinuous measures the worst case, a continuous output
// that every input changes on every row: Σ x_i/i plus a product, so that
// the inputs interact.
func BenchmarkIndicesContinuous(b *testing.B) {
	benchmarkIndices(b, func(x []float64) float64 {
		s, p := 0.0, 1.0
		for i, v := range x {
			s += v / float64(i+1)
			p *= 0.5 + v
		}
		return s + math.Sqrt(p)
	})
}

func benchmarkIndices(b *testing.B, f func([]float64) float64) {
	uniform := func(rng *rand.Rand, _ int) float64 { return rng.Float64() }
	yA, yB, yAB := design(benchSamples, benchInputs, 1, uniform, f)
	boot, err := sobol.NewBootstrap(benchSamples, benchReplicates, 0, 1)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := boot.Indices(yA, yB, yAB); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewBootstrap measures drawing the replicates of that design,
// once a study.
func BenchmarkNewBootstrap(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sobol.NewBootstrap(benchSamples, benchReplicates, 0, 1); err != nil {
			b.Fatal(err)
		}
	}
}
