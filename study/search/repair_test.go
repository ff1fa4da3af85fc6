package search

import (
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/peacesim/peacesim/study/space"
)

// repairTol is how close a repaired continuous issue must come to the
// threshold where the target is first reached: the scans narrow their
// bracket to segmentTol, far below it.
const repairTol = 1e-6

// repairSpace has three continuous issues on [0, 1] and one ordinal
// issue of 4 levels.
func repairSpace() space.Space {
	return space.Space{
		{Name: "a", Lo: 0, Hi: 1},
		{Name: "b", Lo: 0, Hi: 1},
		{Name: "c", Lo: 0, Hi: 1},
		{Name: "level", Values: []float64{0, 1, 2, 3}},
	}
}

func TestSmallestRepair(t *testing.T) {
	base := []float64{0, 0, 0, 0}
	for _, tc := range []struct {
		name    string
		f       func(x []float64) float64
		changed []int
		x       []float64 // the repaired package
	}{
		{
			// Each of four issues alone reaches the target, at distances
			// 0.8, 0.3, 0.5 and 2/3: b, moved to its threshold.
			name: "one issue, the nearest",
			f: func(x []float64) float64 {
				return b2f(x[0] >= 0.8 || x[1] >= 0.3 || x[2] >= 0.5 || x[3] >= 2)
			},
			changed: []int{1},
			x:       []float64{0, 0.3, 0, 0},
		},
		{
			// The ordinal issue, one level up (distance 1/3), beats b at
			// 0.4; the objective falls again past b = 0.6, so that b's
			// best point is not its threshold.
			name: "one issue, discrete",
			f: func(x []float64) float64 {
				return b2f(x[1] >= 0.4 && x[1] <= 0.6 || x[3] >= 1)
			},
			changed: []int{3},
			x:       []float64{0, 0, 0, 1},
		},
		{
			// No issue alone suffices; a and b together do, at
			// a = 0.5, b = 0.4 (distance 0.9), c and the level only add
			// to a partial value that never reaches the target.
			name: "two issues",
			f: func(x []float64) float64 {
				if x[0] >= 0.5 && x[1] >= 0.4 {
					return 1
				}
				return 0.1*x[2] + 0.1*x[3]/3 + 0.2*x[0]
			},
			changed: []int{0, 1},
			x:       []float64{0.5, 0.4, 0, 0},
		},
		{
			// a and b must move in step (within 0.005) and together far
			// enough (a·b ≥ 0.16): the nearest repair is (0.4, 0.4), on the
			// segment to the grid point (0.5, 0.5), and moving one issue
			// back at a time gains only 0.005 a move.
			name: "two issues, moved back together",
			f: func(x []float64) float64 {
				return b2f(x[0]*x[1] >= 0.16 && math.Abs(x[0]-x[1]) <= 0.005)
			},
			changed: []int{0, 1},
			x:       []float64{0.4, 0.4, 0, 0},
		},
		{
			// a and the level together: level L ≥ 1 reaches the target for
			// a in [0.45 + 0.06·L, 0.52 + 0.06·L], bands no point of the
			// grid falls in, and the objective leads the search to level 3
			// first (higher levels look better). Shrinking in rounds: a
			// back to 0.63, which lets the level back to 2; a to 0.57,
			// which lets it back to 1; a to 0.51.
			name: "discrete and continuous, shrunk in rounds",
			f: func(x []float64) float64 {
				if lo := 0.45 + 0.06*x[3]; x[3] >= 1 && x[0] >= lo && x[0] <= lo+0.07 {
					return 1
				}
				return 0.5 - math.Abs(x[0]-0.64) + 0.1*x[3]
			},
			changed: []int{0, 3},
			x:       []float64{0.51, 0, 0, 1},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := repairSpace()
			rec := &recorder{f: pointwise(tc.f), s: s}
			r, found, _, evals, err := SmallestRepair(s, base, rec.objective(t), 1, Options{Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if !found {
				t.Fatal("no repair found")
			}
			if !slices.Equal(r.Changed, tc.changed) {
				t.Errorf("changed %v, want %v (repair %v)", r.Changed, tc.changed, r.X)
			}
			for i := range tc.x {
				if math.Abs(r.X[i]-tc.x[i]) > repairTol {
					t.Errorf("issue %d repaired to %g, want %g", i, r.X[i], tc.x[i])
				}
			}
			if r.Value < 1 || r.Value != tc.f(r.X) {
				t.Errorf("value %g, want f(X) = %g ≥ 1", r.Value, tc.f(r.X))
			}
			if r.Distance != s.Distance(base, r.X) {
				t.Errorf("distance %g, want %g", r.Distance, s.Distance(base, r.X))
			}
			if evals != rec.points() || evals > DefaultMaxEvals {
				t.Errorf("%d evaluations reported, %d made", evals, rec.points())
			}
		})
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func TestSmallestRepairUnreachable(t *testing.T) {
	// The objective is at most 0.3, at (1, 1), the corner of the grid
	// over a and b; the target 0.5 is out of reach.
	s := unitSquare()
	g := func(x []float64) float64 { return 0.2*x[0] + 0.1*x[1] }
	f := pointwise(g)
	r, found, best, evals, err := SmallestRepair(s, []float64{0, 0}, f, 0.5, Options{Seed: 1, MaxEvals: 2000})
	if err != nil {
		t.Fatal(err)
	}
	if found || r.X != nil {
		t.Errorf("found a repair %v", r)
	}
	if best.Value != g([]float64{1, 1}) || !slices.Equal(best.X, []float64{1, 1}) {
		t.Errorf("best %v, want 0.3 at (1, 1)", best)
	}
	if evals > 2000 {
		t.Errorf("%d evaluations, budget 2000", evals)
	}
	// With one issue at most, only a reaches 0.2.
	_, found, best, _, err = SmallestRepair(s, []float64{0, 0}, f, 0.5, Options{Seed: 1, MaxChanged: 1})
	if err != nil {
		t.Fatal(err)
	}
	if found || best.Value != 0.2 || !slices.Equal(best.X, []float64{1, 0}) {
		t.Errorf("one issue at most: found %v, best %v, want 0.2 at (1, 0)", found, best)
	}
}

func TestSmallestRepairBaseReaches(t *testing.T) {
	f := pointwise(func(x []float64) float64 { return 1 - x[0] })
	r, found, _, evals, err := SmallestRepair(unitSquare(), []float64{0.2, 0.5}, f, 0.5, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !found || r.Changed != nil || r.Distance != 0 || r.Value != 0.8 || evals != 1 {
		t.Errorf("repair %+v found %v after %d evaluations, want the base itself after 1", r, found, evals)
	}
}

func TestSmallestRepairDeterministic(t *testing.T) {
	f, _, _ := idealTrials(1000, 7)
	obj := pointwise(f)
	opt := Options{Seed: 5, MaxEvals: 3000}
	r1, f1, b1, e1, err := SmallestRepair(unitSquare(), []float64{0, 0}, obj, 0.5, opt)
	if err != nil {
		t.Fatal(err)
	}
	r2, f2, b2, e2, _ := SmallestRepair(unitSquare(), []float64{0, 0}, obj, 0.5, opt)
	if !f1 || len(r1.Changed) != 2 {
		t.Fatalf("repair %v found %v: the ideal is two issues away", r1, f1)
	}
	rec := &recorder{f: obj, s: unitSquare()}
	_, _, _, e3, err := SmallestRepair(unitSquare(), []float64{0, 0}, rec.objective(t), 0.5, Options{MaxEvals: 50, MaxBatch: 8})
	if err != nil {
		t.Fatal(err)
	}
	if e3 != rec.points() || e3 > 50 || slices.Max(rec.batches) > 8 {
		t.Errorf("budget 50 in batches of 8: %d evaluations reported, %d made, largest batch %d", e3, rec.points(), slices.Max(rec.batches))
	}
	if f(r1.X) < 0.5 || f1 != f2 || e1 != e2 || !reflect.DeepEqual(r1, r2) || !reflect.DeepEqual(b1, b2) {
		t.Error("the same seed gave a different repair")
	}
}

func TestCombinations(t *testing.T) {
	got := combinations([]int{1, 3, 4, 7}, 2)
	want := [][]int{{1, 3}, {1, 4}, {1, 7}, {3, 4}, {3, 7}, {4, 7}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("combinations %v, want %v", got, want)
	}
}
