package prim

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortColumn: the radix sort orders values, and cases within ties,
// as a comparison sort of (value, case) pairs does, on values of every
// sign and size, with many ties, infinities and zeros of both signs (−0
// and +0 are equal and sort as one value, by case).
func TestSortColumn(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 5000
	cols := map[string][]float64{}
	for _, name := range []string{"uniform", "wide", "ties", "specials", "constant"} {
		col := make([]float64, n)
		for i := range col {
			switch name {
			case "uniform":
				col[i] = rng.Float64()
			case "wide":
				col[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(40)-20))
			case "ties":
				col[i] = float64(rng.IntN(7) - 3)
			case "specials":
				col[i] = []float64{math.Inf(-1), math.Inf(1), 0, math.Copysign(0, -1), -1e-300, 5e-324, -math.MaxFloat64, 1}[rng.IntN(8)]
			case "constant":
				col[i] = 2.5
			}
		}
		cols[name] = col
	}
	srt := newSorter(n)
	for name, col := range cols {
		type pair struct {
			v float64
			i int32
		}
		want := make([]pair, n)
		for i, v := range col {
			want[i] = pair{v, int32(i)}
		}
		slices.SortFunc(want, func(a, b pair) int {
			if a.v != b.v { // −0 == +0, as the sort treats them
				return cmp.Compare(a.v, b.v)
			}
			return cmp.Compare(a.i, b.i)
		})
		vals, ord := make([]float64, n), make([]int32, n)
		srt.sortColumn(col, vals, ord)
		for p := range want {
			if ord[p] != want[p].i || math.Float64bits(vals[p]) != math.Float64bits(col[want[p].i]) {
				t.Errorf("%s: position %d holds case %d (%g), want case %d (%g)", name, p, ord[p], vals[p], want[p].i, want[p].v)
				break
			}
		}
	}
}
