package search

import (
	"cmp"
	"math"
	"slices"

	"github.com/peacesim/peacesim/study/space"
)

// segmentTol is the length, in normalised distance (space.Space.Distance),
// below which a scan for the first point of a segment reaching the target
// stops narrowing its bracket.
const segmentTol = 1e-9

// maxShrinkPasses bounds the rounds of shrinking a repair toward the base:
// a round that moves the point is followed by another, because moving one
// issue back may let another move back too, but a continuous issue could
// creep back by ever smaller steps.
const maxShrinkPasses = 10

// Repair is the smallest change to a base package found to reach a
// target.
type Repair struct {
	// X is the repaired package.
	X []float64
	// Changed are the indices of the issues changed from the base, in
	// order.
	Changed []int
	// Distance is s.Distance(base, X).
	Distance float64
	// Value is the objective at X, at least the target.
	Value float64
}

// SmallestRepair finds the smallest change to base that makes f reach
// target (f ≥ target): the fewest issues changed first, at most
// opt.MaxChanged, then the smallest normalised distance
// (space.Space.Distance). found is false when no point evaluated within
// the budget reaches the target. best is the best point evaluated
// (ties: nearer the base), so that a caller can say how close the search
// came; evals is the number of points evaluated. A base that already
// reaches the target is its own repair, with nothing changed. The package
// comment describes the search.
func SmallestRepair(s space.Space, base []float64, f Objective, target float64, opt Options) (r Repair, found bool, best Candidate, evals int, err error) {
	opt, err = opt.withDefaults()
	if err != nil {
		return Repair{}, false, Candidate{}, 0, err
	}
	if err := check(s, base); err != nil {
		return Repair{}, false, Candidate{}, 0, err
	}
	l := newLedger(s, base, f, opt)
	finish := func(r Repair, found bool) (Repair, bool, Candidate, int, error) {
		var best Candidate
		if top := l.top(1, nil); len(top) > 0 {
			best = top[0]
		}
		return r, found, best, l.evals(), nil
	}
	v, err := l.eval([][]float64{base}, opt.MaxEvals)
	if err != nil {
		return Repair{}, false, Candidate{}, l.evals(), err
	}
	if v[0] >= target {
		return finish(Repair{X: slices.Clone(base), Distance: 0, Value: v[0]}, true)
	}
	var movable []int
	for i, d := range s {
		if d.Discrete() && len(d.Values) > 1 || !d.Discrete() && d.Hi > d.Lo {
			movable = append(movable, i)
		}
	}
	maxK := min(opt.MaxChanged, len(movable))
	for k := 1; k <= maxK; k++ {
		subsets := combinations(movable, k)
		levelEnd := l.evals() + (opt.MaxEvals-l.evals())/(maxK-k+1)
		var repair Repair
		found := false
		for j, dims := range subsets {
			stop := l.evals() + (levelEnd-l.evals())/(len(subsets)-j)
			if _, err := l.climb(dims, opt, target, stop); err != nil {
				return Repair{}, false, Candidate{}, l.evals(), err
			}
			seed := l.top(1, func(i int) bool {
				return l.values[i] >= target && within(l.s, base, l.points[i], dims)
			})
			if len(seed) == 0 {
				continue
			}
			r, err := l.shrink(seed[0], dims, target)
			if err != nil {
				return Repair{}, false, Candidate{}, l.evals(), err
			}
			if !found || r.Distance < repair.Distance ||
				r.Distance == repair.Distance && slices.Compare(r.X, repair.X) < 0 {
				repair, found = r, true
			}
		}
		if found {
			return finish(repair, true)
		}
	}
	return finish(Repair{}, false)
}

// within reports whether x differs from base only on the issues in dims.
func within(s space.Space, base, x []float64, dims []int) bool {
	for _, i := range s.Changed(base, x) {
		if !slices.Contains(dims, i) {
			return false
		}
	}
	return true
}

// combinations returns every subset of k elements of set, in
// lexicographic order of positions.
func combinations(set []int, k int) [][]int {
	var out [][]int
	pick := make([]int, 0, k)
	var rec func(from int)
	rec = func(from int) {
		if len(pick) == k {
			out = append(out, slices.Clone(pick))
			return
		}
		for i := from; i <= len(set)-(k-len(pick)); i++ {
			pick = append(pick, set[i])
			rec(i + 1)
			pick = pick[:len(pick)-1]
		}
	}
	rec(0)
	return out
}

// shrink moves a point that reaches target toward the base while it still
// reaches it: along the segment in the continuous issues of dims, then
// issue by issue, in rounds while it moves (see the package comment).
func (l *ledger) shrink(c Candidate, dims []int, target float64) (Repair, error) {
	var cont []int
	for _, i := range dims {
		if !l.s[i].Discrete() {
			cont = append(cont, i)
		}
	}
	for range maxShrinkPasses {
		before := l.s.Distance(l.base, c.X)
		var err error
		// Discrete issues first: a level back is a large step, which the
		// continuous issues, still far out, are most likely to allow.
		for _, i := range dims {
			if l.s[i].Discrete() {
				if c, err = l.nearestValue(c, i, target); err != nil {
					return Repair{}, err
				}
			}
		}
		if len(cont) > 1 {
			if c, err = l.firstOnSegment(c, cont, target); err != nil {
				return Repair{}, err
			}
		}
		for _, i := range cont {
			if c, err = l.firstOnSegment(c, []int{i}, target); err != nil {
				return Repair{}, err
			}
		}
		if l.s.Distance(l.base, c.X) >= before-segmentTol {
			break
		}
	}
	return Repair{
		X:        c.X,
		Changed:  l.s.Changed(l.base, c.X),
		Distance: l.s.Distance(l.base, c.X),
		Value:    c.Value,
	}, nil
}

// nearestValue moves discrete issue i of c to the value nearest the base
// that still reaches target, evaluating every nearer value in one batch.
func (l *ledger) nearestValue(c Candidate, i int, target float64) (Candidate, error) {
	d := l.s[i]
	now := d.Distance(l.base[i], c.X[i])
	var xs [][]float64
	for _, v := range d.Values {
		if d.Distance(l.base[i], v) < now {
			x := slices.Clone(c.X)
			x[i] = v
			xs = append(xs, x)
		}
	}
	// Nearest first; equal distances (one value either side of the base)
	// in the order of Values.
	slices.SortStableFunc(xs, func(a, b []float64) int {
		return cmp.Compare(d.Distance(l.base[i], a[i]), d.Distance(l.base[i], b[i]))
	})
	vs, err := l.eval(xs, l.maxEvals)
	if err != nil {
		return c, err
	}
	for j, v := range vs {
		if v >= target { // NaN, out of budget, never is
			return Candidate{X: xs[j], Value: v}, nil
		}
	}
	return c, nil
}

// firstOnSegment moves the issues cont of c toward the base, to the first
// point of the segment p(t) = base + t·(c − base), t in [0, 1], that
// reaches target. The objective is not monotone, so each round scans the
// bracket [lo, hi] (hi reaching the target) at scanPoints points in one
// batch and keeps the spacing before the first that reaches it.
func (l *ledger) firstOnSegment(c Candidate, cont []int, target float64) (Candidate, error) {
	at := func(t float64) []float64 {
		if t == 1 {
			return c.X
		}
		x := slices.Clone(c.X)
		for _, i := range cont {
			d := l.s[i]
			x[i] = clamp(l.base[i]+t*(c.X[i]-l.base[i]), d.Lo, d.Hi)
		}
		return x
	}
	length := 0.0
	for _, i := range cont {
		length += l.s[i].Distance(l.base[i], c.X[i])
	}
	best := c
	lo, hi := 0.0, 1.0
	for (hi-lo)*length > segmentTol {
		step := (hi - lo) / (scanPoints - 1)
		xs := make([][]float64, scanPoints-1)
		for m := range xs {
			xs[m] = at(lo + step*float64(m))
		}
		vs, err := l.eval(xs, l.maxEvals)
		if err != nil {
			return c, err
		}
		first := -1
		for m, v := range vs {
			if v >= target {
				first = m
				break
			}
		}
		switch {
		case first == 0:
			return Candidate{X: xs[0], Value: vs[0]}, nil
		case first > 0:
			best = Candidate{X: xs[first], Value: vs[first]}
			lo, hi = lo+step*float64(first-1), lo+step*float64(first)
		case slices.ContainsFunc(vs, math.IsNaN):
			return best, nil // out of budget
		default:
			lo = lo + step*float64(scanPoints-2)
		}
	}
	return best, nil
}
