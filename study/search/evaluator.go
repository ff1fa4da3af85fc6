package search

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/peacesim/peacesim/study/space"
)

// Objective scores a batch of points (each one value per Dim, every point
// in the space) and returns one value per point, higher is better. It must
// be deterministic: the search remembers every value and never asks for a
// point twice.
type Objective func(xs [][]float64) ([]float64, error)

// Candidate is a point and its value.
type Candidate struct {
	X     []float64
	Value float64
}

// evaluator calls the objective in batches, remembers every value so that
// no point is paid for twice, and enforces the budget: the evaluations
// are the distinct points sent to the objective.
type evaluator struct {
	f        Objective
	s        space.Space
	base     []float64
	maxBatch int
	maxEvals int
	// polishEvals caps the points evaluated for Nelder–Mead, polished
	// counts them.
	polishEvals, polished int

	seen   map[string]int // key of a point → its index in points
	points [][]float64
	values []float64
	dists  []float64 // distance of each point to the base, for the ties
	key    []byte    // scratch
}

func newEvaluator(s space.Space, base []float64, f Objective, opt Options) *evaluator {
	return &evaluator{
		f: f, s: s, base: base, seen: map[string]int{},
		maxBatch: opt.MaxBatch, maxEvals: opt.MaxEvals, polishEvals: opt.PolishEvals,
	}
}

// evals is the number of points evaluated so far.
func (e *evaluator) evals() int { return len(e.points) }

func (e *evaluator) keyOf(x []float64) string {
	e.key = e.key[:0]
	for _, v := range x {
		if v == 0 {
			v = 0 // −0 and +0 are the same package
		}
		e.key = binary.LittleEndian.AppendUint64(e.key, math.Float64bits(v))
	}
	return string(e.key)
}

// eval returns the value of each point of xs, evaluating the points not
// seen before in batches of at most maxBatch while the number of
// evaluations is below stop (and maxEvals). A point left unevaluated for
// want of budget gets NaN, which the callers skip: the objective itself
// may not return NaN.
func (e *evaluator) eval(xs [][]float64, stop int) ([]float64, error) {
	stop = min(stop, e.maxEvals)
	out := make([]float64, len(xs))
	var todo [][]float64
	var todoKeys []string
	pending := map[string]bool{}
	for i, x := range xs {
		k := e.keyOf(x)
		if j, ok := e.seen[k]; ok {
			out[i] = e.values[j]
			continue
		}
		out[i] = math.NaN()
		if pending[k] || e.evals()+len(todo) >= stop {
			continue
		}
		pending[k] = true
		todo = append(todo, slices.Clone(x))
		todoKeys = append(todoKeys, k)
	}
	for len(todo) > 0 {
		n := min(len(todo), e.maxBatch)
		vs, err := e.f(todo[:n])
		if err != nil {
			return nil, err
		}
		if len(vs) != n {
			return nil, fmt.Errorf("search: objective returned %d values for %d points", len(vs), n)
		}
		for i, v := range vs {
			if math.IsNaN(v) {
				return nil, fmt.Errorf("search: objective returned NaN at %v", todo[i])
			}
			e.seen[todoKeys[i]] = len(e.points)
			e.points = append(e.points, todo[i])
			e.values = append(e.values, v)
			e.dists = append(e.dists, e.s.Distance(e.base, todo[i]))
		}
		todo, todoKeys = todo[n:], todoKeys[n:]
	}
	for i, x := range xs {
		if math.IsNaN(out[i]) {
			if j, ok := e.seen[e.keyOf(x)]; ok {
				out[i] = e.values[j]
			}
		}
	}
	return out, nil
}

// better reports whether candidate a ranks before b: a higher value, then
// a smaller distance to the base, then the lexicographically smaller
// point. It is the one order of every result of the package.
func (e *evaluator) better(a, b Candidate) bool {
	return e.compare(a, b) < 0
}

func (e *evaluator) compare(a, b Candidate) int {
	return rank(a.Value, e.s.Distance(e.base, a.X), a.X, b.Value, e.s.Distance(e.base, b.X), b.X)
}

// rank orders two points by value (higher first), distance to the base
// (nearer first), then coordinates.
func rank(va, da float64, xa []float64, vb, db float64, xb []float64) int {
	if c := cmp.Compare(vb, va); c != 0 {
		return c
	}
	if c := cmp.Compare(da, db); c != 0 {
		return c
	}
	return slices.Compare(xa, xb)
}

// top returns the n best points evaluated whose index passes keep (all
// when keep is nil), best first, in the order of compare.
func (e *evaluator) top(n int, keep func(i int) bool) []Candidate {
	order := func(i, j int) int {
		return rank(e.values[i], e.dists[i], e.points[i], e.values[j], e.dists[j], e.points[j])
	}
	var idx []int
	for i := range e.points {
		if keep == nil || keep(i) {
			idx = append(idx, i)
		}
	}
	if n == 1 && len(idx) > 1 {
		// The best alone, as most callers want: a scan, not a sort.
		idx = []int{slices.MinFunc(idx, order)}
	}
	slices.SortFunc(idx, order)
	out := make([]Candidate, min(n, len(idx)))
	for k := range out {
		i := idx[k]
		out[k] = Candidate{X: slices.Clone(e.points[i]), Value: e.values[i]}
	}
	return out
}
