package prim_test

import (
	"math/rand/v2"
	"testing"

	"github.com/peacesim/peacesim/study/sensitivity/prim"
)

// BenchmarkFind runs PRIM at the size of a real study: 100,000 trials of
// 40 inputs, the pathway reached in a box of two inputs (mass 0.12) with
// 5% of the outcomes flipped, so that peeling goes on to the minimum mass
// rather than stopping at a pure box. Default options, pasting on.
func BenchmarkFind(b *testing.B) {
	x, y := benchData(100_000, 40)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := prim.Find(x, y, prim.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchData draws n cases of d uniform inputs; y is the box x0 > 0.7,
// x1 < 0.4 with 5% of the cases flipped.
func benchData(n, d int) ([][]float64, []bool) {
	rng := rand.New(rand.NewPCG(5, 6))
	x := uniform(rng, n, d)
	y := make([]bool, n)
	for i := range y {
		y[i] = (x[0][i] > 0.7 && x[1][i] < 0.4) != (rng.Float64() < 0.05)
	}
	return x, y
}

// uniform draws n cases of d inputs, each U(0, 1), column by column.
func uniform(rng *rand.Rand, n, d int) [][]float64 {
	x := make([][]float64, d)
	for j := range x {
		x[j] = make([]float64, n)
	}
	for i := range n {
		for j := range x {
			x[j][i] = rng.Float64()
		}
	}
	return x
}
