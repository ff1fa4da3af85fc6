package sobol

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// plain computes the indices the straightforward way, from the package
// comment's formulas: V by gonum's two-pass population variance of the 2N
// outputs, and the sums of squared differences row by row.
func plain(yA, yB []float64, yAB [][]float64) indices {
	twoN := float64(2 * len(yA))
	v := stat.PopVariance(slices.Concat(yA, yB), nil)
	ind := indices{make([]float64, len(yAB)), make([]float64, len(yAB))}
	for i, y := range yAB {
		var first, total float64
		for j := range yA {
			first += (yB[j] - y[j]) * (yB[j] - y[j])
			total += (yA[j] - y[j]) * (yA[j] - y[j])
		}
		ind.first[i] = (v - first/twoN) / v
		ind.total[i] = total / twoN / v
	}
	return ind
}

// resample is sample c of b's design as a data set: row j repeated as many
// times as sample c draws it.
func (b *Bootstrap) resample(c int, yA, yB []float64, yAB [][]float64) (rA, rB []float64, rAB [][]float64) {
	cols := 1 + b.replicates
	rAB = make([][]float64, len(yAB))
	for j := range yA {
		for range int(b.weights[j*cols+c]) {
			rA, rB = append(rA, yA[j]), append(rB, yB[j])
			for i := range yAB {
				rAB[i] = append(rAB[i], yAB[i][j])
			}
		}
	}
	return rA, rB, rAB
}

// testOutputs is a design's outputs for a model with a continuous part, an
// indicator part, and an input (the last) it ignores, so that both the
// skipped and the summed rows of sums are exercised.
func testOutputs(n int, seed uint64) (yA, yB []float64, yAB [][]float64) {
	const k = 4
	rng := rand.New(rand.NewPCG(seed, 0))
	f := func(x []float64) float64 {
		y := math.Sin(3*x[0]) + x[1]*x[1]
		if x[2] > 0.7 {
			y++
		}
		return y
	}
	a, b := make([]float64, n*k), make([]float64, n*k)
	for j := range a {
		a[j], b[j] = rng.Float64(), rng.Float64()
	}
	yA, yB, yAB = make([]float64, n), make([]float64, n), make([][]float64, k)
	row := make([]float64, k)
	for i := range k {
		yAB[i] = make([]float64, n)
	}
	for j := range n {
		yA[j], yB[j] = f(a[j*k:(j+1)*k]), f(b[j*k:(j+1)*k])
		for i := range k {
			copy(row, a[j*k:(j+1)*k])
			row[i] = b[j*k+i]
			yAB[i][j] = f(row)
		}
	}
	return yA, yB, yAB
}

// TestEstimateMatchesPlain is the equivalence test of the fast path: the
// indices of the full sample and of every replicate, from the weighted
// sums, the skipped rows and the first-order sum split in two, equal the
// plain formulas on the replicate written out row by row, to rounding.
func TestEstimateMatchesPlain(t *testing.T) {
	const tolerance = 1e-11 // rounding of sums of a few thousand terms
	for _, n := range []int{1, 2, 37, 3000} {
		yA, yB, yAB := testOutputs(n, 1)
		b, err := NewBootstrap(n, 30, 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		got := b.estimate(yA, yB, yAB, 2)
		for c := range got {
			rA, rB, rAB := b.resample(c, yA, yB, yAB)
			want := plain(rA, rB, rAB)
			if constant(rA, rB) {
				want.undefine()
			}
			for i := range yAB {
				for _, v := range [][2]float64{{got[c].first[i], want.first[i]}, {got[c].total[i], want.total[i]}} {
					if !(math.Abs(v[0]-v[1]) <= tolerance || math.IsNaN(v[0]) && math.IsNaN(v[1])) {
						t.Fatalf("N = %d, sample %d, input %d: S, ST = %v, %v; plainly %v, %v",
							n, c, i, got[c].first[i], got[c].total[i], want.first[i], want.total[i])
					}
				}
			}
		}
	}
}

// TestWorkersDoNotMatter: the sums are the same, bit for bit, whether one
// worker or several sum the chunks (5000 rows make five chunks).
func TestWorkersDoNotMatter(t *testing.T) {
	yA, yB, yAB := testOutputs(5000, 2)
	b, err := NewBootstrap(5000, 20, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	one := b.estimate(yA, yB, yAB, 1)
	for _, workers := range []int{2, 3, 8} {
		if got := b.estimate(yA, yB, yAB, workers); !reflect.DeepEqual(got, one) {
			t.Errorf("%d workers: the indices differ from one worker's", workers)
		}
	}
}

// TestReplicates checks the replicates are resamples of the rows with
// replacement: the full sample weighs every row 1; a replicate's weights
// are counts summing to N, each binomial(N, 1/N), of mean 1 and variance
// 1 − 1/N; and replicate r is the same whatever the number of replicates.
func TestReplicates(t *testing.T) {
	const n, reps = 1000, 50
	b, err := NewBootstrap(n, reps, 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	cols := 1 + reps
	var sum, squares float64
	for r := range reps {
		var total float64
		for j := range n {
			w := b.weights[j*cols+1+r]
			if w != math.Trunc(w) || w < 0 {
				t.Fatalf("replicate %d draws row %d %g times", r, j, w)
			}
			total += w
			sum += w
			squares += w * w
		}
		if total != n {
			t.Errorf("replicate %d draws %g rows, want %d", r, total, n)
		}
	}
	for j := range n {
		if b.weights[j*cols] != 1 {
			t.Fatalf("the full sample weighs row %d %g", j, b.weights[j*cols])
		}
	}
	// The variance of the counts, over 50 000 of them; its standard error
	// is about √(2/50 000) ≈ 0.0063 (a Poisson count's variance's).
	const seTolerance, se = 4, 0.0063
	m := sum / (n * reps)
	if v := squares/(n*reps) - m*m; !(math.Abs(v-(1-1.0/n)) <= seTolerance*se) {
		t.Errorf("the counts' variance is %.4f, want %.4f", v, 1-1.0/n)
	}
	fewer, err := NewBootstrap(n, 3, 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	for j := range n {
		if !slices.Equal(fewer.weights[j*4:(j+1)*4], b.weights[j*cols:j*cols+4]) {
			t.Fatalf("row %d: the first 3 replicates of 3 and of %d differ", j, reps)
		}
	}
}

// TestUndefinedReplicates: an output that varies on 3 rows of 100 has
// replicates that draw none of them (about e⁻³ ≈ 5% of them). Their
// indices are NaN, not the 1 and 0 (or ±Inf) that the rounding error of
// their variance would give; every other replicate's are finite.
func TestUndefinedReplicates(t *testing.T) {
	const n = 100
	yA, yB := make([]float64, n), make([]float64, n)
	for j := range n {
		yA[j], yB[j] = 0.1, 0.1
	}
	yA[10], yB[40], yA[70] = 0.3, 0.7, 0.2
	yAB := [][]float64{slices.Clone(yB), slices.Clone(yA)}
	b, err := NewBootstrap(n, 400, 0, 4)
	if err != nil {
		t.Fatal(err)
	}
	var undefinedReps int
	for c, s := range b.estimate(yA, yB, yAB, 2) {
		cols := 1 + b.replicates
		varies := b.weights[10*cols+c]+b.weights[40*cols+c]+b.weights[70*cols+c] > 0
		for i := range yAB {
			if varies != !math.IsNaN(s.first[i]) || varies != !math.IsNaN(s.total[i]) || math.IsInf(s.first[i], 0) || math.IsInf(s.total[i], 0) {
				t.Errorf("sample %d (draws a varying row: %t), input %d: S = %g, ST = %g", c, varies, i, s.first[i], s.total[i])
			}
		}
		if !varies {
			undefinedReps++
		}
	}
	if undefinedReps == 0 {
		t.Error("no replicate missed every varying row: the test tests nothing")
	}
}
