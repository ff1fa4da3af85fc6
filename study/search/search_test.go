package search

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/peacesim/peacesim/study/space"
)

// xTol is how close a continuous maximiser must be found, in the issue's
// units on [0, 1]: the brief's accuracy, far above the scans' resolution.
const xTol = 1e-3

// pointwise turns a function of one point into an Objective.
func pointwise(f func(x []float64) float64) Objective {
	return func(xs [][]float64) ([]float64, error) {
		out := make([]float64, len(xs))
		for i, x := range xs {
			out[i] = f(x)
		}
		return out, nil
	}
}

// recorder wraps an Objective and records every call, to check the
// budget, the batch size and that no point is asked for twice.
type recorder struct {
	f       Objective
	s       space.Space
	batches []int
	seen    map[string]int
}

func (r *recorder) objective(t *testing.T) Objective {
	r.seen = map[string]int{}
	return func(xs [][]float64) ([]float64, error) {
		r.batches = append(r.batches, len(xs))
		for _, x := range xs {
			if !r.s.Contains(x) {
				t.Errorf("point %v outside the space", x)
			}
			k := (&ledger{}).keyOf(x)
			r.seen[k]++
			if r.seen[k] > 1 {
				t.Errorf("point %v evaluated twice", x)
			}
		}
		return r.f(xs)
	}
}

func (r *recorder) points() int {
	n := 0
	for _, b := range r.batches {
		n += b
	}
	return n
}

func unitSquare() space.Space {
	return space.Space{{Name: "a", Lo: 0, Hi: 1}, {Name: "b", Lo: 0, Hi: 1}}
}

func TestMaximizeQuadratic(t *testing.T) {
	// f(x) = −(x0 − 0.3)² − (x1 − 0.7)², maximised at (0.3, 0.7), which no
	// point of the 5-point grid holds.
	f := pointwise(func(x []float64) float64 {
		return -(x[0]-0.3)*(x[0]-0.3) - (x[1]-0.7)*(x[1]-0.7)
	})
	got, _, err := Maximize(unitSquare(), []float64{0, 0}, f, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if x := got[0].X; math.Abs(x[0]-0.3) > xTol || math.Abs(x[1]-0.7) > xTol {
		t.Errorf("best %v, want (0.3, 0.7) within %g", x, xTol)
	}
}

// idealTrials is a probability estimated on n trials: in trial j the
// parties accept a package within a radius r_j of their joint ideal
// (0.3, 0.7), r_j ~ U(−0.1, 0.5), so that a sixth of the trials accept
// nothing. The estimate is a step function of the package, with n steps;
// its maximum, attained within the smallest non-negative radius of the
// ideal, is the fraction of non-negative radii, known by sorting them.
func idealTrials(n int, seed uint64) (f func(x []float64) float64, best float64, plateau float64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	r := make([]float64, n)
	for j := range r {
		r[j] = -0.1 + 0.6*rng.Float64()
	}
	sort.Float64s(r)
	first := sort.SearchFloat64s(r, 0)
	f = func(x []float64) float64 {
		d := math.Hypot(x[0]-0.3, x[1]-0.7)
		// Trials with r_j ≥ d accept: those from the first r_j ≥ d on.
		return float64(n-sort.SearchFloat64s(r, d)) / float64(n)
	}
	return f, float64(n-first) / float64(n), r[first]
}

func TestMaximizeStepFunction(t *testing.T) {
	const trials = 1000
	f, want, plateau := idealTrials(trials, 7)
	if plateau > 1e-3 {
		t.Fatalf("the optimal plateau has radius %g: the test needs a narrow one", plateau)
	}
	got, _, err := Maximize(unitSquare(), []float64{0, 0}, pointwise(f), Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Value != want {
		t.Errorf("best value %g at %v, want %g (the fraction of trials that accept the ideal)", got[0].Value, got[0].X, want)
	}
}

// mixed has one discrete issue of 4 values of which only value 2 opens a
// plateau of height 1 for x1 in [0.61, 0.67], a width no point of the
// initial grid or of a scan of the whole range falls in; elsewhere value
// 2 climbs toward the plateau, and the other values stay at 0.2 + 0.1·x1.
func mixed(x []float64) float64 {
	if x[0] != 2 {
		return 0.2 + 0.1*x[1]
	}
	if x[1] >= 0.61 && x[1] <= 0.67 {
		return 1
	}
	return 0.9 - math.Abs(x[1]-0.64)
}

func mixedSpace() space.Space {
	return space.Space{{Name: "d", Values: []float64{0, 1, 2, 3}}, {Name: "c", Lo: 0, Hi: 1}}
}

func TestMaximizeMixed(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  Options
	}{
		{"multi-start", Options{Seed: 1}},
		// From the base alone the discrete coordinate search must find
		// value 2: the initial design gives no other start.
		{"base only", Options{Seed: 1, Starts: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _, err := Maximize(mixedSpace(), []float64{0, 0.1}, pointwise(mixed), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if x := got[0].X; x[0] != 2 || x[1] < 0.61 || x[1] > 0.67 || got[0].Value != 1 {
				t.Errorf("best %v = %g, want value 2 and the plateau [0.61, 0.67]", x, got[0].Value)
			}
		})
	}
}

// TestMaximizeMultiStart checks that the search starts from the best
// points of the design, not only from the base: from the base (0, 0.1)
// the local search climbs to 0.5 at level 0, x = 0.2, where every other
// level is worse; level 3 rises to 1 at x = 0.93, which the design sees
// only as 0.93 at its corner (3, 1).
func TestMaximizeMultiStart(t *testing.T) {
	f := pointwise(func(x []float64) float64 {
		if x[0] == 3 {
			return 1 - math.Abs(x[1]-0.93)
		}
		return 0.5 - math.Abs(x[1]-0.2)
	})
	got, _, err := Maximize(mixedSpace(), []float64{0, 0.1}, f, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if x := got[0].X; x[0] != 3 || math.Abs(x[1]-0.93) > xTol {
		t.Errorf("best %v = %g, want level 3 at x = 0.93", x, got[0].Value)
	}
}

func TestMaximizeBudgetDeterminismTop(t *testing.T) {
	f, _, _ := idealTrials(1000, 7)
	s := append(unitSquare(), space.Dim{Name: "d", Values: []float64{0, 1, 2}})
	obj := pointwise(func(x []float64) float64 { return f(x) * (1 + x[2]) / 3 })
	for _, tc := range []struct {
		name string
		opt  Options
	}{
		{"grid", Options{Seed: 3, MaxEvals: 137, Top: 7, MaxBatch: 16}},
		{"latin hypercube", Options{Seed: 3, Grid: 50, MaxEvals: 500, Top: 12}},
		{"default budget", Options{Seed: 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{f: obj, s: s}
			got, evals, err := Maximize(s, []float64{0, 0, 0}, rec.objective(t), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			opt, _ := tc.opt.withDefaults()
			if evals != rec.points() || evals > opt.MaxEvals {
				t.Errorf("%d evaluations reported, %d made, budget %d", evals, rec.points(), opt.MaxEvals)
			}
			if m := slices.Max(rec.batches); m > opt.MaxBatch {
				t.Errorf("a batch of %d points, max %d", m, opt.MaxBatch)
			}
			if len(got) != opt.Top {
				t.Errorf("%d points, want %d", len(got), opt.Top)
			}
			l := newLedger(s, []float64{0, 0, 0}, obj, opt)
			for i := 1; i < len(got); i++ {
				if !l.better(got[i-1], got[i]) {
					t.Errorf("points %d and %d out of order or equal: %v, %v", i-1, i, got[i-1], got[i])
				}
			}
			again, evals2, err := Maximize(s, []float64{0, 0, 0}, obj, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if evals2 != evals || !reflect.DeepEqual(again, got) {
				t.Error("the same seed gave a different result")
			}
		})
	}
}

// TestLatinHypercubeSeed checks that a design too large for a grid is a
// Latin hypercube drawn from the seed: one value per slice of each issue,
// the same for the same seed and different for another.
func TestLatinHypercubeSeed(t *testing.T) {
	s := append(unitSquare(), space.Dim{Name: "d", Values: []float64{0, 1, 2, 3}})
	l := newLedger(s, []float64{0, 0, 0}, nil, Options{MaxBatch: 40, MaxEvals: 1000})
	dims := []int{0, 1, 2}
	a := l.design(dims, Options{Seed: 1, Grid: 100, MaxBatch: 40}, 1000)
	b := l.design(dims, Options{Seed: 1, Grid: 100, MaxBatch: 40}, 1000)
	c := l.design(dims, Options{Seed: 2, Grid: 100, MaxBatch: 40}, 1000)
	if len(a) != 41 || !reflect.DeepEqual(a, b) || reflect.DeepEqual(a, c) {
		t.Fatalf("designs of %d points; same seed equal: %v; other seed equal: %v", len(a), reflect.DeepEqual(a, b), reflect.DeepEqual(a, c))
	}
	slice := make([]int, 40)
	for _, x := range a[1:] {
		slice[int(x[0]*40)]++
	}
	for k, n := range slice {
		if n != 1 {
			t.Errorf("slice %d of issue a holds %d points, want 1", k, n)
		}
	}
	count := map[float64]int{}
	for _, x := range a[1:] {
		count[x[2]]++
	}
	for v, n := range count {
		if n != 10 {
			t.Errorf("value %g of the discrete issue drawn %d times, want 10", v, n)
		}
	}
}

// TestNelderMeadPolish checks that the Nelder–Mead polish climbs a ridge
// oblique to the axes, which the line scans alone climb only in tiny
// zigzags: f = −(x0 + x1 − 1)² − 1000·(x0 − x1 − 0.2)², maximised at
// (0.6, 0.4). With the polish switched off, the same budget does not get
// there; with it capped, it asks for no more single points than the cap.
func TestNelderMeadPolish(t *testing.T) {
	f := pointwise(func(x []float64) float64 {
		u, v := x[0]+x[1]-1, x[0]-x[1]-0.2
		return -u*u - 1000*v*v
	})
	near := func(x []float64) bool { return math.Abs(x[0]-0.6) <= xTol && math.Abs(x[1]-0.4) <= xTol }
	for _, tc := range []struct {
		name   string
		polish int
		reach  bool
	}{
		{"default", 0, true},
		{"capped", 400, true},
		{"off", -1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{f: f, s: unitSquare()}
			opt := Options{Seed: 1, Starts: 1, MaxEvals: 3000, PolishEvals: tc.polish}
			got, _, err := Maximize(unitSquare(), []float64{0, 0}, rec.objective(t), opt)
			if err != nil {
				t.Fatal(err)
			}
			if near(got[0].X) != tc.reach {
				t.Errorf("best %v; want (0.6, 0.4) within %g reached: %v", got[0].X, xTol, tc.reach)
			}
			single := 0
			for _, b := range rec.batches {
				if b == 1 {
					single++
				}
			}
			if opt, _ := opt.withDefaults(); single > opt.PolishEvals {
				t.Errorf("%d single points asked for, cap %d", single, opt.PolishEvals)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	ok := pointwise(func(x []float64) float64 { return x[0] })
	boom := errors.New("model failed")
	for _, tc := range []struct {
		name string
		base []float64
		f    Objective
		opt  Options
	}{
		{"base outside", []float64{2, 0}, ok, Options{}},
		{"base too short", []float64{0}, ok, Options{}},
		{"negative budget", []float64{0, 0}, ok, Options{MaxEvals: -1}},
		{"objective error", []float64{0, 0}, func([][]float64) ([]float64, error) { return nil, boom }, Options{}},
		{"short answer", []float64{0, 0}, func([][]float64) ([]float64, error) { return []float64{1}, nil }, Options{}},
		{"NaN", []float64{0, 0}, pointwise(func([]float64) float64 { return math.NaN() }), Options{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := Maximize(unitSquare(), tc.base, tc.f, tc.opt); err == nil {
				t.Error("Maximize: no error")
			}
			if _, _, _, _, err := SmallestRepair(unitSquare(), tc.base, tc.f, 2, tc.opt); err == nil {
				t.Error("SmallestRepair: no error")
			}
		})
	}
	if _, _, err := Maximize(unitSquare(), []float64{0, 0}, func([][]float64) ([]float64, error) { return nil, boom }, Options{}); !errors.Is(err, boom) {
		t.Errorf("the objective's error is lost: %v", err)
	}
}
