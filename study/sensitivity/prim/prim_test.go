package prim_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"testing"

	"github.com/peacesim/peacesim/study/sensitivity/prim"
)

// twoInputBox draws n cases of d inputs U(0, 1) and makes a case of
// interest when x0 > 0.7 and x1 < 0.4 (mass 0.12), then flips each outcome
// with probability flip.
func twoInputBox(seed uint64, n, d int, flip float64) ([][]float64, []bool) {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	x := uniform(rng, n, d)
	y := make([]bool, n)
	for i := range y {
		y[i] = (x[0][i] > 0.7 && x[1][i] < 0.4) != (rng.Float64() < flip)
	}
	return x, y
}

// TestFindsKnownBox: on data whose box is known, the box chosen at a
// density of 0.9 restricts inputs 0 and 1 alone, one end each, with the
// limits near the true 0.7 and 0.4; with 5% of the outcomes flipped it
// still does, within looser bounds.
//
// Tolerances. Without noise the limits must be within 0.03 of the truth (a
// peel moves a limit by 5% of the box, 0.015 of x0's range at the end) and
// the coverage at least 0.85. With noise they must be within 0.05, and
// the coverage at least 0.9 of the attainable: flipped cases of interest
// outside the true box (about 28% of all) are beyond any box's reach.
func TestFindsKnownBox(t *testing.T) {
	const n, d, minDensity = 20000, 5, 0.9
	for _, tc := range []struct {
		name     string
		flip     float64
		limitTol float64
		coverage float64 // the least coverage, as a fraction of the attainable
		pure     bool    // peeling stops at a box of density 1
	}{
		{"exact", 0, 0.03, 0.85, true},
		{"5% of outcomes flipped", 0.05, 0.05, 0.9, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x, y := twoInputBox(1, n, d, tc.flip)
			r, err := prim.Find(x, y, prim.Options{})
			if err != nil {
				t.Fatal(err)
			}
			k, ok := r.Choose(minDensity)
			if !ok {
				t.Fatalf("no step reaches a density of %g", minDensity)
			}
			b := r.Trajectory[k]
			t.Logf("step %d of %d: x0 ≥ %.4f, x1 ≤ %.4f; coverage %.3f, density %.3f, mass %.3f",
				k, len(r.Trajectory), b.Limits[0].Lo, b.Limits[1].Hi, b.Coverage, b.Density, b.Mass)
			if !slices.Equal(b.Restricted, []int{0, 1}) {
				t.Errorf("restricted inputs %v, want [0 1]", b.Restricted)
			}
			if math.Abs(b.Limits[0].Lo-0.7) > tc.limitTol || b.Limits[0].Hi != r.DataRange[0].Hi {
				t.Errorf("x0 in %v, want [0.7 ± %g, %g]", b.Limits[0], tc.limitTol, r.DataRange[0].Hi)
			}
			if math.Abs(b.Limits[1].Hi-0.4) > tc.limitTol || b.Limits[1].Lo != r.DataRange[1].Lo {
				t.Errorf("x1 in %v, want [%g, 0.4 ± %g]", b.Limits[1], r.DataRange[1].Lo, tc.limitTol)
			}
			inside, total := 0, 0
			for i := range y {
				if y[i] {
					total++
					if x[0][i] > 0.7 && x[1][i] < 0.4 {
						inside++
					}
				}
			}
			attainable := float64(inside) / float64(total)
			if b.Coverage < tc.coverage*attainable {
				t.Errorf("coverage %.3f, want ≥ %g × %.3f", b.Coverage, tc.coverage, attainable)
			}
			if b.Density < minDensity {
				t.Errorf("density %.3f below %g", b.Density, minDensity)
			}
			// Without noise peeling stops at the first pure box, well
			// above the minimum mass: a further peel could not raise the
			// density and would only lose coverage.
			last := r.Peeled[len(r.Peeled)-1]
			if stopped := last.Density == 1 && last.Mass > 0.1; stopped != tc.pure {
				t.Errorf("peeling ended at density %g, mass %g: stopped at a pure box %v, want %v", last.Density, last.Mass, stopped, tc.pure)
			}
		})
	}
}

// TestTrajectoryInvariants: step 0 is all the data; peeling only shrinks
// the box, and stops at the minimum mass; pasting only enlarges it and
// never lowers its density; and every box's measures, restricted inputs
// and the data's range are what a count over all cases gives.
func TestTrajectoryInvariants(t *testing.T) {
	const n, d = 5000, 6
	x, y := twoInputBox(7, n, d, 0.1)
	opt := prim.Options{Peel: 0.05, Paste: 0.05, MinMass: 0.05}
	r, err := prim.Find(x, y, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Trajectory) != len(r.Peeled) || len(r.Trajectory) < 20 {
		t.Fatalf("%d pasted and %d peeled steps: want as many, and more than 20", len(r.Trajectory), len(r.Peeled))
	}
	interest := 0
	for _, v := range y {
		if v {
			interest++
		}
	}
	for j := range x {
		if want := (prim.Limit{Lo: slices.Min(x[j]), Hi: slices.Max(x[j])}); r.DataRange[j] != want {
			t.Errorf("range of input %d: %v, want %v", j, r.DataRange[j], want)
		}
	}
	first := r.Trajectory[0]
	if first.Mass != 1 || first.Coverage != 1 || first.Density != float64(interest)/n || len(first.Restricted) != 0 ||
		!reflect.DeepEqual(first.Limits, r.DataRange) {
		t.Errorf("step 0 = %+v, want all the data", first)
	}
	check := func(name string, k int, b prim.Box) {
		cases, hits := 0, 0
		for i := range n {
			in := true
			for j, l := range b.Limits {
				in = in && l.Lo <= x[j][i] && x[j][i] <= l.Hi
			}
			if in {
				cases++
				if y[i] {
					hits++
				}
			}
		}
		var restricted []int
		for j, l := range b.Limits {
			if l.Lo > r.DataRange[j].Lo || l.Hi < r.DataRange[j].Hi {
				restricted = append(restricted, j)
			}
		}
		if b.Cases != cases || b.Interest != hits ||
			b.Mass != float64(cases)/n || b.Density != float64(hits)/float64(cases) || b.Coverage != float64(hits)/float64(interest) ||
			!slices.Equal(b.Restricted, restricted) {
			t.Errorf("%s step %d: %d cases, %d of interest, mass %g, density %g, coverage %g, restricted %v; counted %d, %d, restricted %v",
				name, k, b.Cases, b.Interest, b.Mass, b.Density, b.Coverage, b.Restricted, cases, hits, restricted)
		}
		if b.Mass < opt.MinMass {
			t.Errorf("%s step %d: mass %g below the minimum %g", name, k, b.Mass, opt.MinMass)
		}
	}
	for k := range r.Trajectory {
		check("peeled", k, r.Peeled[k])
		check("pasted", k, r.Trajectory[k])
		if k > 0 && r.Peeled[k].Mass >= r.Peeled[k-1].Mass {
			t.Errorf("peeling step %d: mass %g, not below the %g before", k, r.Peeled[k].Mass, r.Peeled[k-1].Mass)
		}
		p, q := r.Peeled[k], r.Trajectory[k]
		for j := range p.Limits {
			if q.Limits[j].Lo > p.Limits[j].Lo || q.Limits[j].Hi < p.Limits[j].Hi {
				t.Errorf("step %d: pasting shrank input %d from %v to %v", k, j, p.Limits[j], q.Limits[j])
			}
		}
		if q.Density < p.Density {
			t.Errorf("step %d: pasting lowered the density from %g to %g", k, p.Density, q.Density)
		}
	}
	// With 10% of outcomes flipped no box is pure, so peeling stops only
	// because every further peel (at least ⌈α·m⌉ cases) would leave less
	// than the minimum mass.
	last := r.Peeled[len(r.Peeled)-1]
	if rest := last.Cases - int(math.Ceil(opt.Peel*float64(last.Cases))); last.Density == 1 || float64(rest) >= opt.MinMass*n {
		t.Errorf("peeling stopped at %d cases (density %g), though a peel would leave %d ≥ %g", last.Cases, last.Density, rest, opt.MinMass*n)
	}
}

// pastingCase is data on which coarse peeling cuts too deep: the cases
// with x0 below 0.3 are never of interest, those in [0.3, 0.5) always,
// those above 0.5 with probability 0.6; inputs 1 and 2 are noise. Peeling
// a fifth of the box at a time, the second peel takes x0's lower limit
// past 0.3 into the best cases.
func pastingCase() ([][]float64, []bool) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 5000
	x := uniform(rng, n, 3)
	y := make([]bool, n)
	for i := range y {
		p := 0.0
		switch v := x[0][i]; {
		case v >= 0.5:
			p = 0.6
		case v >= 0.3:
			p = 1
		}
		y[i] = rng.Float64() < p
	}
	return x, y
}

// TestPastingBites: where peeling overshoots, pasting moves the limit back
// near 0.3, raising both density and coverage, and the box chosen at a
// density of 0.7 covers more; with pasting off the trajectory is the
// peeled one, and the peeling path is the same either way.
func TestPastingBites(t *testing.T) {
	x, y := pastingCase()
	on, err := prim.Find(x, y, prim.Options{Peel: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	off, err := prim.Find(x, y, prim.Options{Peel: 0.2, Paste: -1})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(off.Trajectory, off.Peeled) {
		t.Error("with pasting off, the trajectory is not the peeled one")
	}
	if !reflect.DeepEqual(on.Peeled, off.Peeled) {
		t.Error("pasting changed the peeling path")
	}
	const step = 2 // the peel past 0.3
	peeled, pasted := on.Peeled[step], on.Trajectory[step]
	t.Logf("step %d: peeled x0 ≥ %.3f (coverage %.3f, density %.3f), pasted x0 ≥ %.3f (coverage %.3f, density %.3f)",
		step, peeled.Limits[0].Lo, peeled.Coverage, peeled.Density, pasted.Limits[0].Lo, pasted.Coverage, pasted.Density)
	if peeled.Limits[0].Lo < 0.33 {
		t.Fatalf("peeled x0 ≥ %.3f: the case no longer overshoots 0.3", peeled.Limits[0].Lo)
	}
	if math.Abs(pasted.Limits[0].Lo-0.3) > 0.03 {
		t.Errorf("pasted x0 ≥ %.3f, want 0.3 ± 0.03", pasted.Limits[0].Lo)
	}
	if pasted.Density <= peeled.Density || pasted.Coverage <= peeled.Coverage {
		t.Errorf("pasting took density %.3f → %.3f and coverage %.3f → %.3f: want both higher",
			peeled.Density, pasted.Density, peeled.Coverage, pasted.Coverage)
	}
	const minDensity = 0.7
	kOn, okOn := on.Choose(minDensity)
	kOff, okOff := off.Choose(minDensity)
	if !okOn || !okOff || on.Trajectory[kOn].Coverage <= off.Trajectory[kOff].Coverage {
		t.Errorf("at a density of %g: coverage %.3f (ok %v) with pasting, %.3f (ok %v) without: want more with",
			minDensity, on.Trajectory[kOn].Coverage, okOn, off.Trajectory[kOff].Coverage, okOff)
	}
}

// TestChoose: the highest coverage at or above the density asked for,
// ties to the denser box; when no step reaches it, ok is false and the
// densest step is offered.
func TestChoose(t *testing.T) {
	const interest = 100
	box := func(cases, hits int) prim.Box {
		return prim.Box{
			Cases: cases, Interest: hits,
			Density:  float64(hits) / float64(cases),
			Coverage: float64(hits) / interest,
		}
	}
	r := &prim.Result{Trajectory: []prim.Box{
		box(1000, 100), // density 0.1, coverage 1
		box(400, 90),   // 0.225, 0.9
		box(200, 80),   // 0.4, 0.8
		box(100, 80),   // 0.8, 0.8
		box(90, 60),    // 0.667, 0.6
		box(70, 56),    // 0.8, 0.56
		box(60, 54),    // 0.9, 0.54
		box(50, 40),    // 0.8, 0.4
	}}
	for _, tc := range []struct {
		minDensity float64
		step       int
		ok         bool
	}{
		{0, 0, true},
		{0.1, 0, true},
		{0.2, 1, true},
		{0.3, 3, true}, // steps 2 and 3 cover 0.8: the denser
		{0.5, 3, true},
		{0.8, 3, true}, // density exactly 0.8 counts
		{0.85, 6, true},
		{0.95, 6, false}, // none reaches it: the densest
	} {
		step, ok := r.Choose(tc.minDensity)
		if step != tc.step || ok != tc.ok {
			t.Errorf("Choose(%g) = %d, %v; want %d, %v", tc.minDensity, step, ok, tc.step, tc.ok)
		}
	}
	// Equal coverage: the denser step, whichever comes first.
	tie := &prim.Result{Trajectory: []prim.Box{box(1000, 100), box(300, 80), box(100, 80), box(200, 80)}}
	if step, ok := tie.Choose(0.3); step != 2 || !ok {
		t.Errorf("tie on coverage: Choose(0.3) = %d, %v; want 2, true", step, ok)
	}

	// On a real trajectory: no step at or above the density covers more.
	x, y := twoInputBox(9, 3000, 4, 0.1)
	res, err := prim.Find(x, y, prim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []float64{0, 0.5, 0.7, 0.8, 0.9} {
		k, ok := res.Choose(d)
		if !ok {
			t.Errorf("Choose(%g): no step reaches it", d)
			continue
		}
		for j, b := range res.Trajectory {
			if b.Density >= d && b.Coverage > res.Trajectory[k].Coverage {
				t.Errorf("Choose(%g) = %d (coverage %g), but step %d has density %g, coverage %g", d, k, res.Trajectory[k].Coverage, j, b.Density, b.Coverage)
			}
		}
	}
}

// TestFindErrors: bad data and options are errors that say what is wrong
// and where, never a panic.
func TestFindErrors(t *testing.T) {
	good := [][]float64{{1, 2, 3}, {4, 5, 6}}
	goodY := []bool{true, false, true}
	for _, tc := range []struct {
		name         string
		x            [][]float64
		y            []bool
		opt          prim.Options
		input, case_ int // the position a *DataError must carry (-2: not a DataError)
		is           error
	}{
		{"no inputs", nil, goodY, prim.Options{}, -1, -1, nil},
		{"no cases", [][]float64{{}, {}}, []bool{}, prim.Options{}, -1, -1, nil},
		{"ragged", [][]float64{{1, 2, 3}, {4, 5}}, goodY, prim.Options{}, 1, -1, nil},
		{"NaN", [][]float64{{1, 2, 3}, {4, math.NaN(), 6}}, goodY, prim.Options{}, 1, 1, nil},
		{"no case of interest", good, []bool{false, false, false}, prim.Options{}, -2, -2, prim.ErrNoInterest},
		{"peel of 1", good, goodY, prim.Options{Peel: 1}, -2, -2, nil},
		{"negative peel", good, goodY, prim.Options{Peel: -0.1}, -2, -2, nil},
		{"NaN peel", good, goodY, prim.Options{Peel: math.NaN()}, -2, -2, nil},
		{"paste above 1", good, goodY, prim.Options{Paste: 1.5}, -2, -2, nil},
		{"NaN paste", good, goodY, prim.Options{Paste: math.NaN()}, -2, -2, nil},
		{"minimum mass above 1", good, goodY, prim.Options{MinMass: 2}, -2, -2, nil},
		{"negative minimum mass", good, goodY, prim.Options{MinMass: -1}, -2, -2, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := prim.Find(tc.x, tc.y, tc.opt)
			if err == nil || r != nil {
				t.Fatalf("got %v, %v; want an error", r, err)
			}
			t.Log(err)
			var de *prim.DataError
			if isData := errors.As(err, &de); isData != (tc.input > -2) {
				t.Errorf("%v: a *DataError: %v, want %v", err, isData, tc.input > -2)
			} else if isData && (de.Input != tc.input || de.Case != tc.case_) {
				t.Errorf("%v: at input %d, case %d; want %d, %d", err, de.Input, de.Case, tc.input, tc.case_)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("%v: not %v", err, tc.is)
			}
		})
	}
}

// TestFindDegenerate: data with nothing to peel give the one box of all
// cases: every case of interest (density 1 already), or every input
// constant (no peel removes less than the whole box).
func TestFindDegenerate(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    [][]float64
		y    []bool
	}{
		{"all of interest", [][]float64{{1, 2, 3, 4}}, []bool{true, true, true, true}},
		{"constant inputs", [][]float64{{5, 5, 5, 5}, {-1, -1, -1, -1}}, []bool{true, false, false, true}},
		{"one case", [][]float64{{0.5}}, []bool{true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := prim.Find(tc.x, tc.y, prim.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Trajectory) != 1 || r.Trajectory[0].Mass != 1 {
				t.Errorf("trajectory %+v: want the one box of all cases", r.Trajectory)
			}
		})
	}
}

// TestFindDeterministic: the same data give the same result, call after
// call and whatever the number of processors sorting the inputs; the data
// are left as they were.
func TestFindDeterministic(t *testing.T) {
	x, y := twoInputBox(5, 4000, 8, 0.05)
	// Ties, infinities and a negative zero, to stress the sort.
	for i := range 200 {
		x[2][i] = 0.25
		x[3][i] = math.Round(x[3][i]*4) / 4
	}
	x[4][0], x[4][1], x[4][2], x[4][3] = math.Inf(-1), math.Inf(1), math.Copysign(0, -1), 0
	orig := make([][]float64, len(x))
	for j := range x {
		orig[j] = slices.Clone(x[j])
	}
	first, err := prim.Find(x, y, prim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	for range 3 {
		again, err := prim.Find(x, y, prim.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(first, again) {
			t.Fatal("a second call differs")
		}
		runtime.GOMAXPROCS(prev + 3)
	}
	if !reflect.DeepEqual(x, orig) {
		t.Error("Find modified the data")
	}
}
