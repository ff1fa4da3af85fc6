package bargain

import (
	"container/heap"
	"math"
	"slices"

	"gonum.org/v1/gonum/optimize"

	"github.com/peacesim/peacesim/study/space"
)

// score rates the utility vector u of a package for one search: a package
// with violation 0 is admissible and the search maximises value over those;
// a positive violation says how far u is from admissible, so that the
// simplex, which sees only an ordering, is steered back.
type score func(u []float64) (value, violation float64)

// Search constants.
const (
	// penalty is added to the violation of an inadmissible package so that
	// it ranks below every admissible one: admissible values are log
	// products (≥ −745 per party) or utilities, far above −penalty.
	penalty = 1e9
	// vetoViolation is the violation of each veto: larger than any shortfall
	// of utility below a reservation, so a vetoed package is the worst.
	vetoViolation = 1e6
	// fTol is the improvement of the objective below which the simplex is
	// deemed converged. Near a smooth optimum an error δ in x costs ~δ² in
	// the objective, so 1e-13 leaves x within ~1e-6 of the optimum.
	fTol = 1e-13
	// stallIterations is how many simplex steps per free issue may pass
	// without a fTol improvement before a run stops.
	stallIterations = 10
	// tieBreak weighs the sum of a maximin objective's terms: among
	// packages with the same least term it prefers the one better for the
	// others (a Pareto-efficient one), too little to move a kink.
	tieBreak = 1e-6
)

// effort bounds the simplex runs from one start.
type effort struct {
	// rounds is the number of runs, each restarted at the last one's
	// optimum with a fresh simplex: a restart gets a collapsed simplex off
	// a ridge of a maximin objective.
	rounds int
	// evalsPerIssue bounds one run: the evaluations per free issue.
	evalsPerIssue int
}

// The efforts of the two kinds of search. A solution has a few starts,
// worth refining to the last digit; a frontier has one start per point,
// and a point within a small fraction of the grid's spacing of the
// frontier is all a plot or a distance needs.
const (
	solveRounds, solveEvals = 3, 400
	sweepRounds, sweepEvals = 1, 60
)

// searcher holds a problem's grid and the utilities on it: each function
// of the package builds one and runs its searches on it.
type searcher struct {
	space   space.Space
	parties []Party
	starts  int
	// free lists the continuous issues with Lo < Hi, the ones the simplex
	// moves; step is the grid's spacing on them, as a fraction of the range.
	free []int
	step float64
	// axes is the number of grid values of each issue, the first varying
	// slowest, as in space.Grid.
	axes []int
	// points is the grid and utils the parties' utilities on it, point p's
	// at utils[p*len(parties):].
	points [][]float64
	utils  []float64
}

func newSearcher(p Problem, opt Options) (*searcher, bool) {
	opt = opt.withDefaults()
	n, err := gridSize(p, opt)
	if err != nil {
		return nil, false
	}
	s := &searcher{space: p.Space, parties: p.Parties, starts: opt.Starts}
	s.axes = make([]int, len(p.Space))
	for i, d := range p.Space {
		switch {
		case d.Discrete():
			s.axes[i] = len(d.Values)
		case d.Hi > d.Lo:
			s.axes[i] = n
			s.free = append(s.free, i)
		default:
			s.axes[i] = 1
		}
	}
	if n > 1 {
		s.step = 1 / float64(n-1)
	}
	s.points, _ = p.Space.Grid(n, opt.MaxPoints)
	k := len(p.Parties)
	s.utils = make([]float64, len(s.points)*k)
	for q, x := range s.points {
		s.eval(x, s.utils[q*k:(q+1)*k])
	}
	return s, true
}

// eval fills u with the parties' utilities at x, a NaN counting as a veto.
func (s *searcher) eval(x, u []float64) {
	for i, pt := range s.parties {
		v := pt.Utility(x)
		if math.IsNaN(v) {
			v = math.Inf(-1)
		}
		u[i] = v
	}
}

// u returns the utilities at grid point q.
func (s *searcher) u(q int) []float64 {
	k := len(s.parties)
	return s.utils[q*k : (q+1)*k]
}

// vetoes counts the parties that veto a package worth u.
func vetoes(u []float64) int {
	n := 0
	for _, v := range u {
		if math.IsInf(v, -1) {
			n++
		}
	}
	return n
}

// acceptable reports whether a package worth u is in the zone of possible
// agreement: vetoed by no one, and worth its reservation to every party.
func (s *searcher) acceptable(u []float64) bool {
	for i, pt := range s.parties {
		if !(u[i] >= pt.Reservation) || math.IsInf(u[i], -1) {
			return false
		}
	}
	return true
}

// shortfall is the violation of a package worth u for a search confined to
// F: the vetoes, and the sum of the surpluses that are negative (or, with
// strict, not positive, plus one each so that a zero surplus counts).
func (s *searcher) shortfall(u []float64, strict bool) float64 {
	if n := vetoes(u); n > 0 {
		return vetoViolation * float64(n)
	}
	var v float64
	for i, pt := range s.parties {
		d := u[i] - pt.Reservation
		switch {
		case d < 0:
			v += 1 - d
		case d == 0 && strict:
			v++
		}
	}
	return v
}

// best maximises sc: over the grid, then by refining the best grid
// points of distinct basins and the extra starts. It returns the best
// admissible package found, or ok = false when it found none.
func (s *searcher) best(sc score, extra ...[]float64) (x, u []float64, value float64, ok bool) {
	var order rankedHeap
	for q := range s.points {
		if v, viol := sc(s.u(q)); viol == 0 {
			order = append(order, ranked{q, v})
		}
	}
	var starts [][]float64
	if len(order) > 0 {
		// A heap, not a sort: the starts are usually among the first few
		// dozen of the ranking, and sorting the whole grid took most of the
		// time of a search.
		heap.Init(&order)
		top := order[0]
		x, u, value, ok = s.points[top.q], s.u(top.q), top.value, true
		if s.starts > 0 && len(s.free) > 0 {
			var chosen []int
			for len(chosen) < s.starts && order.Len() > 0 {
				r := heap.Pop(&order).(ranked)
				if !slices.ContainsFunc(chosen, func(c int) bool { return s.neighbours(c, r.q) }) {
					chosen = append(chosen, r.q)
					starts = append(starts, s.points[r.q])
				}
			}
		}
	}
	for _, x0 := range extra {
		if x0 == nil {
			continue
		}
		u0 := make([]float64, len(s.parties))
		s.eval(x0, u0)
		if v, viol := sc(u0); viol == 0 && (!ok || v > value) {
			x, u, value, ok = x0, u0, v, true
		}
		if s.starts > 0 && len(s.free) > 0 {
			starts = append(starts, x0)
		}
	}
	for _, x0 := range starts {
		rx, ru, v, viol := s.refine(x0, sc, effort{solveRounds, solveEvals})
		if viol == 0 && (!ok || v > value) {
			x, u, value, ok = rx, ru, v, true
		}
	}
	if !ok {
		return nil, nil, 0, false
	}
	return slices.Clone(x), slices.Clone(u), value, true
}

// ranked is a grid point q and its score's value.
type ranked struct {
	q     int
	value float64
}

// rankedHeap pops the grid points by decreasing value, equal values in
// the grid's order so that the answer does not depend on the heap's
// choices.
type rankedHeap []ranked

func (h rankedHeap) Len() int { return len(h) }
func (h rankedHeap) Less(i, j int) bool {
	if h[i].value != h[j].value {
		return h[i].value > h[j].value
	}
	return h[i].q < h[j].q
}
func (h rankedHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *rankedHeap) Push(x any)   { *h = append(*h, x.(ranked)) }
func (h *rankedHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// neighbours reports whether grid points a and b share their discrete
// values and lie at most one grid step apart on every continuous issue:
// a start next to a better one would climb the same hill.
func (s *searcher) neighbours(a, b int) bool {
	for i := len(s.axes) - 1; i >= 0; i-- {
		n := s.axes[i]
		ia, ib := a%n, b%n
		a, b = a/n, b/n
		if s.space[i].Discrete() {
			if ia != ib {
				return false
			}
		} else if ia-ib > 1 || ib-ia > 1 {
			return false
		}
	}
	return true
}

// fold maps a real z onto [0, 1] by reflecting it at 0 and 1 (a triangle
// wave of period 2). The simplex then searches an unbounded space, yet,
// unlike a logistic or tanh transform, fold reaches the bounds at finite
// z and keeps distances inside the box, so an optimum on a bound (a
// party's whole demand) is found as precisely as one inside.
func fold(z float64) float64 {
	t := math.Mod(z, 2)
	if t < 0 {
		t += 2
	}
	if t > 1 {
		t = 2 - t
	}
	return t
}

// place sets the free issues of x from the simplex coordinates z.
func (s *searcher) place(x, z []float64) {
	for j, i := range s.free {
		d := s.space[i]
		x[i] = d.Lo + (d.Hi-d.Lo)*fold(z[j])
	}
}

// refine maximises sc with Nelder–Mead over the free continuous issues
// from x0, the other issues held at x0's values. It returns the package it
// ends at, which is never worse than x0.
func (s *searcher) refine(x0 []float64, sc score, e effort) (x, u []float64, value, violation float64) {
	m := len(s.free)
	x = slices.Clone(x0)
	u = make([]float64, len(s.parties))
	z := make([]float64, m)
	for j, i := range s.free {
		d := s.space[i]
		z[j] = (x0[i] - d.Lo) / (d.Hi - d.Lo)
	}
	f := func(z []float64) float64 {
		s.place(x, z)
		s.eval(x, u)
		v, viol := sc(u)
		if viol > 0 {
			return penalty + viol
		}
		return -v
	}
	fz := f(z)
	for range e.rounds {
		res, err := optimize.Minimize(optimize.Problem{Func: f}, z, &optimize.Settings{
			Converger:       &optimize.FunctionConverge{Absolute: fTol, Relative: fTol, Iterations: stallIterations * m},
			FuncEvaluations: e.evalsPerIssue * m,
		}, &optimize.NelderMead{SimplexSize: s.step})
		if err != nil || !(res.F < fz-fTol*(1+math.Abs(fz))) {
			break
		}
		z, fz = res.X, res.F
	}
	s.place(x, z)
	s.eval(x, u)
	value, violation = sc(u)
	return x, u, value, violation
}
