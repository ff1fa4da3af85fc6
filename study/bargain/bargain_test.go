package bargain

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/interp"

	"github.com/peacesim/peacesim/study/space"
)

// Tolerances of the tests.
const (
	// solutionTol is how close a refined solution must come to a closed
	// form: twenty times finer than the grid's spacing of 0.05, so a search
	// that stopped at the grid fails.
	solutionTol = 1e-4
	// frontierTol is how far a frontier point may lie from the true curve.
	frontierTol = 1e-3
	// pwlTol allows for a utility known only at 101 points and
	// interpolated linearly: the kinks move the optimum by O(h²).
	pwlTol = 2e-3
	// exactTol allows for the rounding of a distance computed by hand.
	exactTol = 1e-12
	// bruteRel is how far below a brute-force maximum (a 2001×2001 grid) a
	// solution's objective may fall, relative to it.
	bruteRel = 1e-6
)

// split is a unit split between A and B: x ∈ [0, 1] is A's share, A's
// utility is x and B's is uB(x).
func split(uB func(float64) float64, rA, rB float64) Problem {
	return Problem{
		Space: space.Space{{Name: "share", Lo: 0, Hi: 1}},
		Parties: []Party{
			{Name: "A", Utility: func(x []float64) float64 { return x[0] }, Reservation: rA},
			{Name: "B", Utility: func(x []float64) float64 { return uB(x[0]) }, Reservation: rB},
		},
	}
}

func sqrtRest(x float64) float64 { return math.Sqrt(1 - x) }

// TestUnitSplit is the textbook split of a unit with utilities x and
// √(1 − x). Nash maximises x·√(1 − x): the derivative
// √(1−x) − x/(2√(1−x)) vanishes at 2(1 − x) = x, x = 2/3. The ideal point
// is (1, 1), so Kalai–Smorodinsky solves x = √(1 − x), x² + x − 1 = 0,
// x = (√5 − 1)/2.
func TestUnitSplit(t *testing.T) {
	p := split(sqrtRest, 0, 0)
	nash, ok := Nash(p, Options{})
	if !ok {
		t.Fatal("Nash: no solution")
	}
	if got, want := nash.X[0], 2.0/3; math.Abs(got-want) > solutionTol {
		t.Errorf("Nash: A gets %.6f, want %.6f", got, want)
	}
	ks, ok := KalaiSmorodinsky(p, Options{})
	if !ok {
		t.Fatal("Kalai–Smorodinsky: no solution")
	}
	if got, want := ks.X[0], (math.Sqrt(5)-1)/2; math.Abs(got-want) > solutionTol {
		t.Errorf("Kalai–Smorodinsky: A gets %.6f, want %.6f", got, want)
	}
	if got := ks.U[0] - ks.U[1]; math.Abs(got) > solutionTol {
		t.Errorf("Kalai–Smorodinsky: surpluses %v not equal, as the ideal (1, 1) requires", ks.U)
	}
	if w, ok := ZOPA(p, Options{}); !ok || w.U[0] < 0 || w.U[1] < 0 {
		t.Errorf("ZOPA = %v, %v; want a witness with both utilities ≥ 0", w, ok)
	}

	front := Frontier(p, Options{})
	if len(front) < DefaultGrid {
		t.Fatalf("frontier has %d points, want at least the %d of the grid", len(front), DefaultGrid)
	}
	for i, f := range front {
		if d := math.Abs(f.U[1] - math.Sqrt(1-f.U[0])); d > frontierTol {
			t.Errorf("frontier point %d at %v lies %g from u_B = √(1 − u_A)", i, f.U, d)
		}
		if i > 0 && f.U[0] < front[i-1].U[0] {
			t.Errorf("frontier not sorted by A's utility at %d", i)
		}
	}
	if lo, hi := front[0].U[0], front[len(front)-1].U[0]; lo != 0 || hi != 1 {
		t.Errorf("frontier spans u_A ∈ [%g, %g], want [0, 1]", lo, hi)
	}

	// The true distance from (0.25, 0.25) to the dominating part of the
	// curve, by brute force along it.
	want := math.Inf(1)
	for a := 0.25; a <= 0.9375; a += 1e-6 {
		want = min(want, math.Hypot(a-0.25, math.Sqrt(1-a)-0.25))
	}
	if got := DistanceToFrontier(front, []float64{0.25, 0.25}); !(got > 0) || math.Abs(got-want) > frontierTol {
		t.Errorf("DistanceToFrontier(0.25, 0.25) = %g, want %g", got, want)
	}
	if got := DistanceToFrontier(front, front[len(front)/2].U); got != 0 {
		t.Errorf("DistanceToFrontier of a frontier point = %g, want 0", got)
	}
	// The Nash point is on the curve, between two sampled points 0.05
	// apart in x: no sampled point dominates it, so its distance is to the
	// nearer of the two, less than the grid's spacing.
	if got := DistanceToFrontier(front, nash.U); got > 1.0/(DefaultGrid-1) {
		t.Errorf("DistanceToFrontier of the Nash point = %g, want less than the grid's spacing: Nash is Pareto-efficient", got)
	}
}

// TestPiecewiseLinearUtility is the unit split with B's utility given as
// a scenario file can give it: √(1 − x) at 101 points, linear between.
func TestPiecewiseLinearUtility(t *testing.T) {
	xs, ys := make([]float64, 101), make([]float64, 101)
	for i := range xs {
		xs[i] = float64(i) / 100
		ys[i] = sqrtRest(xs[i])
	}
	var curve interp.PiecewiseLinear
	if err := curve.Fit(xs, ys); err != nil {
		t.Fatal(err)
	}
	nash, ok := Nash(split(curve.Predict, 0, 0), Options{})
	if !ok {
		t.Fatal("Nash: no solution")
	}
	if got, want := nash.X[0], 2.0/3; math.Abs(got-want) > pwlTol {
		t.Errorf("Nash: A gets %.6f, want %.6f ± %g", got, want, pwlTol)
	}
}

// TestNoZOPA is the linear split x, 1 − x: with reservations 0.8 each the
// parties need 1.6 of a unit, so nothing is acceptable to both; with 0.4
// each the zone is x ∈ [0.4, 0.6] and, by symmetry, Nash splits evenly.
func TestNoZOPA(t *testing.T) {
	linear := func(x float64) float64 { return 1 - x }

	p := split(linear, 0.8, 0.8)
	if w, ok := ZOPA(p, Options{}); ok {
		t.Errorf("ZOPA with reservations 0.8/0.8: witness %v, want none", w)
	} else if least := min(w.U[0]-0.8, w.U[1]-0.8); math.Abs(least-(-0.3)) > solutionTol {
		// The maximin package x = 0.5 leaves each party 0.3 short.
		t.Errorf("maximin package %v leaves the worse-off party %g short, want 0.3", w, -least)
	}
	if pt, ok := Nash(p, Options{}); ok {
		t.Errorf("Nash without a ZOPA: %v, want none", pt)
	}
	if pt, ok := KalaiSmorodinsky(p, Options{}); ok {
		t.Errorf("Kalai–Smorodinsky without a ZOPA: %v, want none", pt)
	}
	if front := Frontier(p, Options{}); len(front) == 0 {
		t.Error("no frontier: the frontier does not depend on reservations")
	}

	p = split(linear, 0.4, 0.4)
	w, ok := ZOPA(p, Options{})
	if !ok || w.X[0] < 0.4 || w.X[0] > 0.6 {
		t.Errorf("ZOPA with reservations 0.4/0.4 = %v, %v; want a witness in [0.4, 0.6]", w, ok)
	}
	nash, ok := Nash(p, Options{})
	if !ok || math.Abs(nash.X[0]-0.5) > solutionTol {
		t.Errorf("Nash with reservations 0.4/0.4 = %v, %v; want x = 0.5", nash, ok)
	}
}

// TestVeto: A gets x and B 1 − x, but B values walking away at −1 (it
// dreads no deal), so its surplus is 2 − x. Without a red line Nash
// maximises x(2 − x), which grows up to x = 1, and Kalai–Smorodinsky,
// with ideal surpluses (1, 2), solves x/1 = (2 − x)/2, x = 2/3. B's red
// line at x > 0.9 caps Nash at 0.9 and lowers A's ideal to 0.9, so
// Kalai–Smorodinsky solves x/0.9 = (2 − x)/2, x = 1.8/2.9.
func TestVeto(t *testing.T) {
	for _, tc := range []struct {
		name     string
		redLine  bool
		nash, ks float64
	}{
		{"no red line", false, 1, 2.0 / 3},
		{"red line above 0.9", true, 0.9, 1.8 / 2.9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := split(func(x float64) float64 {
				if tc.redLine && x > 0.9 {
					return math.Inf(-1)
				}
				return 1 - x
			}, 0, -1)
			nash, ok := Nash(p, Options{})
			if !ok || math.Abs(nash.X[0]-tc.nash) > solutionTol {
				t.Errorf("Nash = %v, %v; want x = %g", nash, ok, tc.nash)
			}
			ks, ok := KalaiSmorodinsky(p, Options{})
			if !ok || math.Abs(ks.X[0]-tc.ks) > solutionTol {
				t.Errorf("Kalai–Smorodinsky = %v, %v; want x = %g", ks, ok, tc.ks)
			}
			if !tc.redLine {
				return
			}
			w, _ := ZOPA(p, Options{})
			for _, pt := range append([]Point{nash, ks, w}, Frontier(p, Options{})...) {
				if pt.X[0] > 0.9 || math.IsInf(pt.U[1], -1) {
					t.Errorf("%v is vetoed by B", pt)
				}
			}
		})
	}
}

// TestDiscreteIssue adds a bool b to the linear split: b = 1 is worth 0.2
// to A and costs B c, so U_A = x + 0.2b, U_B = 1 − x − cb, reservations 0.
// For each b the surpluses sum to S = 1 + (0.2 − c)b, and the product is
// largest at the even split S/2 each, worth S²/4. With c = 0.1, b = 1
// gives S = 1.1 > 1, so Nash takes b = 1 and x + 0.2 = 0.55, x = 0.35.
// With c = 0.3, S = 0.9 < 1, so b = 0 and x = 0.5.
func TestDiscreteIssue(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cost    float64
		b, x, u float64
	}{
		{"cheap for B", 0.1, 1, 0.35, 0.55},
		{"dear for B", 0.3, 0, 0.5, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Problem{
				Space: space.Space{
					{Name: "share", Lo: 0, Hi: 1},
					{Name: "guarantee", Values: []float64{0, 1}},
				},
				Parties: []Party{
					{Name: "A", Utility: func(x []float64) float64 { return x[0] + 0.2*x[1] }},
					{Name: "B", Utility: func(x []float64) float64 { return 1 - x[0] - tc.cost*x[1] }},
				},
			}
			nash, ok := Nash(p, Options{})
			if !ok {
				t.Fatal("Nash: no solution")
			}
			if nash.X[1] != tc.b || math.Abs(nash.X[0]-tc.x) > solutionTol {
				t.Errorf("Nash at %v, want share %g and guarantee %g", nash.X, tc.x, tc.b)
			}
			for i, u := range nash.U {
				if math.Abs(u-tc.u) > solutionTol {
					t.Errorf("party %d gets %g, want %g", i, u, tc.u)
				}
			}
		})
	}
}

// threeParties has three parties and two continuous issues, with an
// interior optimum that no symmetry gives away.
func threeParties() Problem {
	return Problem{
		Space: space.Space{{Name: "x", Lo: 0, Hi: 1}, {Name: "y", Lo: 0, Hi: 1}},
		Parties: []Party{
			{Name: "A", Reservation: 0.1, Utility: func(x []float64) float64 { return math.Sqrt(x[0]) * (1 - 0.2*x[1]) }},
			{Name: "B", Reservation: 0.1, Utility: func(x []float64) float64 { return 0.5*x[1] + 0.3*(1-x[0]) }},
			{Name: "C", Reservation: 0.1, Utility: func(x []float64) float64 {
				return 1 - 0.7*x[0]*x[0] - 0.3*math.Pow(x[1], 1.5)
			}},
		},
	}
}

// bruteGrid is the number of values of each issue of the brute-force
// grid: spacing 5e-4, so a smooth maximum is missed by ~1e-7 relative.
const bruteGrid = 2001

// bruteForce calls visit with every point of a fine grid over the unit
// square and the parties' utilities there.
func bruteForce(p Problem, visit func(x, u []float64)) {
	x, u := make([]float64, 2), make([]float64, len(p.Parties))
	for i := range bruteGrid {
		for j := range bruteGrid {
			x[0], x[1] = float64(i)/(bruteGrid-1), float64(j)/(bruteGrid-1)
			for k, pt := range p.Parties {
				u[k] = pt.Utility(x)
			}
			visit(x, u)
		}
	}
}

// surplusProduct is Π (U_i − R_i) for utilities u, or −Inf outside the
// ZOPA.
func surplusProduct(p Problem, u []float64) float64 {
	prod := 1.0
	for k, pt := range p.Parties {
		s := u[k] - pt.Reservation
		if !(s >= 0) {
			return math.Inf(-1)
		}
		prod *= s
	}
	return prod
}

// leastRatio is min_i (U_i − R_i)/(I_i − R_i) for utilities u and ideal
// point ideal, or −Inf outside the ZOPA.
func leastRatio(p Problem, ideal, u []float64) float64 {
	least := math.Inf(1)
	for k, pt := range p.Parties {
		s := u[k] - pt.Reservation
		if !(s >= 0) {
			return math.Inf(-1)
		}
		least = min(least, s/(ideal[k]-pt.Reservation))
	}
	return least
}

func TestThreePartiesAgainstBruteForce(t *testing.T) {
	p := threeParties()
	nash, ok := Nash(p, Options{})
	if !ok {
		t.Fatal("Nash: no solution")
	}
	ks, ok := KalaiSmorodinsky(p, Options{})
	if !ok {
		t.Fatal("Kalai–Smorodinsky: no solution")
	}

	// Kalai–Smorodinsky is judged with the ideal point of the fine grid,
	// found in the same pass as the largest product.
	bestProduct := math.Inf(-1)
	ideal := []float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	bruteForce(p, func(x, u []float64) {
		if prod := surplusProduct(p, u); !math.IsInf(prod, -1) {
			bestProduct = max(bestProduct, prod)
			for k := range ideal {
				ideal[k] = max(ideal[k], u[k])
			}
		}
	})
	bestRatio := math.Inf(-1)
	bruteForce(p, func(x, u []float64) { bestRatio = max(bestRatio, leastRatio(p, ideal, u)) })

	if got := surplusProduct(p, nash.U); got < bestProduct*(1-bruteRel) {
		t.Errorf("Nash product %.10g at %v, brute force reaches %.10g", got, nash.X, bestProduct)
	}
	if got := leastRatio(p, ideal, ks.U); got < bestRatio*(1-bruteRel) {
		t.Errorf("Kalai–Smorodinsky least ratio %.10g at %v, brute force reaches %.10g", got, ks.X, bestRatio)
	}
	t.Logf("Nash product %.12g (brute force %.12g), KS least ratio %.12g (brute force %.12g)",
		surplusProduct(p, nash.U), bestProduct, leastRatio(p, ideal, ks.U), bestRatio)
}

// TestRefinementMatters switches refinement off: the grid alone misses the
// three-party Nash product by more than bruteRel, so the test above would
// catch a refinement that did nothing.
func TestRefinementMatters(t *testing.T) {
	p := threeParties()
	refined, _ := Nash(p, Options{})
	grid, _ := Nash(p, Options{Starts: -1})
	if r, g := surplusProduct(p, refined.U), surplusProduct(p, grid.U); !(g < r*(1-bruteRel)) {
		t.Errorf("grid product %g not below refined %g", g, r)
	}
}

func TestCheck(t *testing.T) {
	unit := func(x []float64) float64 { return x[0] }
	bools := make(space.Space, 20)
	for i := range bools {
		bools[i] = space.Dim{Name: "b", Values: []float64{0, 1}}
	}
	for _, tc := range []struct {
		name string
		p    Problem
		opt  Options
		want string // a fragment of the error, "" for none
	}{
		{"valid", split(sqrtRest, 0, 0), Options{}, ""},
		{"no parties", Problem{Space: space.Space{{Name: "x", Hi: 1}}}, Options{}, "no parties"},
		{"no utility", Problem{Space: space.Space{{Name: "x", Hi: 1}}, Parties: []Party{{Name: "A"}}}, Options{}, "(A): no utility"},
		{"bad bounds", Problem{Space: space.Space{{Name: "x", Lo: 2, Hi: 1}}, Parties: []Party{{Name: "A", Utility: unit}}}, Options{}, "lo 2 above hi 1"},
		{"too many combinations", Problem{Space: bools, Parties: []Party{{Name: "A", Utility: unit}}}, Options{}, "combinations"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.Check(tc.opt)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Check = %v, want nil", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("Check = %v, want an error with %q", err, tc.want)
			}
			if _, ok := Nash(tc.p, tc.opt); tc.want != "" && ok {
				t.Error("Nash found a solution to a problem that fails Check")
			}
		})
	}
}

// TestGridCap: a grid that would exceed MaxPoints is made coarser, not
// refused, and refinement still reaches the textbook answer.
func TestGridCap(t *testing.T) {
	p := split(sqrtRest, 0, 0)
	p.Space = append(p.Space, space.Dim{Name: "flag", Values: []float64{0, 1}})
	n, err := gridSize(p, Options{Grid: 1000, MaxPoints: 50}.withDefaults())
	if err != nil || n != 25 {
		t.Fatalf("gridSize = %d, %v; want 25 values (2 × 25 = 50 points)", n, err)
	}
	nash, ok := Nash(p, Options{Grid: 1000, MaxPoints: 50})
	if !ok || math.Abs(nash.X[0]-2.0/3) > solutionTol {
		t.Errorf("Nash on a capped grid = %v, %v; want x = 2/3", nash, ok)
	}
}

func TestDistanceToFrontier(t *testing.T) {
	front := []Point{{U: []float64{0, 1}}, {U: []float64{0.5, 0.5}}, {U: []float64{1, 0}}}
	for _, tc := range []struct {
		name string
		u    []float64
		want float64
	}{
		{"inside, one dominating point", []float64{0.25, 0.25}, math.Sqrt(0.125)},
		{"on the frontier", []float64{0.5, 0.5}, 0},
		{"beyond: nearest point", []float64{0.6, 0.6}, math.Sqrt(0.02)},
		// (0.5, 0.5) is nearer in A but does not dominate: (1, 0) does not
		// either, so the nearest of all, (1, 0), counts.
		{"between, none dominating", []float64{0.9, 0.2}, math.Sqrt(0.05)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := DistanceToFrontier(front, tc.u); math.Abs(got-tc.want) > exactTol {
				t.Errorf("DistanceToFrontier(%v) = %g, want %g", tc.u, got, tc.want)
			}
		})
	}
	// (0.58, 0.3) is 0.2 from (0.6, 0.1) but gives A less; the gain
	// everyone can share is to (0.85, 0.12), farther.
	front = []Point{{U: []float64{0, 1}}, {U: []float64{0.58, 0.3}}, {U: []float64{0.85, 0.12}}, {U: []float64{1, 0}}}
	if got, want := DistanceToFrontier(front, []float64{0.6, 0.1}), math.Hypot(0.25, 0.02); math.Abs(got-want) > exactTol {
		t.Errorf("DistanceToFrontier past a nearer non-dominating point = %g, want %g", got, want)
	}
	if got := DistanceToFrontier(nil, []float64{0, 0}); !math.IsNaN(got) {
		t.Errorf("DistanceToFrontier of an empty frontier = %g, want NaN", got)
	}
}

func TestNonDominated(t *testing.T) {
	pts := []Point{
		{U: []float64{0.2, 0.2}}, // dominated by (0.5, 0.5)
		{U: []float64{0.5, 0.5}},
		{U: []float64{0.5, 0.5}}, // a duplicate: kept once
		{U: []float64{0.5, 0.4}}, // weakly dominated
		{U: []float64{1, 0}},
		{U: []float64{0, 1}},
	}
	got := nonDominated(pts)
	if len(got) != 3 {
		t.Fatalf("nonDominated kept %d points, want 3: %v", len(got), got)
	}
	for _, g := range got {
		if g.U[0]+g.U[1] != 1 {
			t.Errorf("kept dominated point %v", g.U)
		}
	}
}

// TestAnalyse: the shared grid and witness of Analyse give, value for
// value, what the four functions give one by one.
func TestAnalyse(t *testing.T) {
	for name, p := range map[string]Problem{
		"bench track": benchTrack(),
		"no ZOPA":     split(func(x float64) float64 { return 1 - x }, 0.8, 0.8),
	} {
		t.Run(name, func(t *testing.T) {
			a, err := Analyse(p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			w, ok := ZOPA(p, Options{})
			nash, _ := Nash(p, Options{})
			ks, _ := KalaiSmorodinsky(p, Options{})
			want := Analysis{Witness: w, HasZOPA: ok, Frontier: Frontier(p, Options{}), Nash: nash, KalaiSmorodinsky: ks}
			if !reflect.DeepEqual(a, want) {
				t.Errorf("Analyse = %+v\nwant %+v", a, want)
			}
		})
	}
	if _, err := Analyse(Problem{}, Options{}); err == nil {
		t.Error("Analyse of an empty problem: no error")
	}
}

// twoIssues splits two issues x, y ∈ [0, 1] between A, who values x more
// (U_A = 0.7x + 0.3y), and B, whose cost is convex in x and in y
// (U_B = 1 − x²/2 − y³/2): its frontier follows no grid line.
func twoIssues() Problem {
	return Problem{
		Space: space.Space{{Name: "x", Lo: 0, Hi: 1}, {Name: "y", Lo: 0, Hi: 1}},
		Parties: []Party{
			{Name: "A", Utility: func(x []float64) float64 { return 0.7*x[0] + 0.3*x[1] }},
			{Name: "B", Utility: func(x []float64) float64 { return 1 - x[0]*x[0]/2 - x[1]*x[1]*x[1]/2 }},
		},
	}
}

// bestB is the most B can get in twoIssues when A gets a: B's utility
// falls in x and in y, so its best is on the line 0.7x + 0.3y = a,
// searched finely along x.
func bestB(a float64) float64 {
	const n = 100_000
	best := math.Inf(-1)
	for i := range n + 1 {
		x := float64(i) / n
		y := (a - 0.7*x) / 0.3
		if y >= 0 && y <= 1 {
			best = max(best, 1-x*x/2-y*y*y/2)
		}
	}
	return best
}

// TestFrontierRefinement: the grid's non-dominated points of twoIssues lie
// up to ~0.01 inside the true frontier; refined, every point lies on it.
// The unrefined frontier is checked to miss, so that the test fails if the
// refinement does nothing.
func TestFrontierRefinement(t *testing.T) {
	gap := func(opt Options) float64 {
		front := Frontier(twoIssues(), opt)
		if len(front) < DefaultGrid {
			t.Fatalf("frontier has %d points, want at least %d", len(front), DefaultGrid)
		}
		var worst float64
		for _, f := range front {
			worst = max(worst, bestB(f.U[0])-f.U[1])
		}
		return worst
	}
	if g := gap(Options{}); g > frontierTol {
		t.Errorf("refined frontier lies up to %g inside the true one, want ≤ %g", g, frontierTol)
	}
	if g := gap(Options{Starts: -1}); g <= frontierTol {
		t.Errorf("grid frontier lies only %g inside the true one: the test cannot tell refinement from none", g)
	}
}
