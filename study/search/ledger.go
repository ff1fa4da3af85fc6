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

// ledger is the account of one search: every point the objective has
// scored and its value, so that no point is paid for twice, and the
// budget, which it enforces. It calls the objective in batches; the
// evaluations are the distinct points sent to it. The search's moves
// (climb, local, shrink) are its methods, since each spends from it.
type ledger struct {
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

func newLedger(s space.Space, base []float64, f Objective, opt Options) *ledger {
	return &ledger{
		f: f, s: s, base: base, seen: map[string]int{},
		maxBatch: opt.MaxBatch, maxEvals: opt.MaxEvals, polishEvals: opt.PolishEvals,
	}
}

// evals is the number of points evaluated so far.
func (l *ledger) evals() int { return len(l.points) }

func (l *ledger) keyOf(x []float64) string {
	l.key = l.key[:0]
	for _, v := range x {
		if v == 0 {
			v = 0 // −0 and +0 are the same package
		}
		l.key = binary.LittleEndian.AppendUint64(l.key, math.Float64bits(v))
	}
	return string(l.key)
}

// eval returns the value of each point of xs, evaluating the points not
// seen before in batches of at most maxBatch while the number of
// evaluations is below stop (and maxEvals). A point left unevaluated for
// want of budget gets NaN, which the callers skip: the objective itself
// may not return NaN.
func (l *ledger) eval(xs [][]float64, stop int) ([]float64, error) {
	stop = min(stop, l.maxEvals)
	out := make([]float64, len(xs))
	var todo [][]float64
	var todoKeys []string
	pending := map[string]bool{}
	for i, x := range xs {
		k := l.keyOf(x)
		if j, ok := l.seen[k]; ok {
			out[i] = l.values[j]
			continue
		}
		out[i] = math.NaN()
		if pending[k] || l.evals()+len(todo) >= stop {
			continue
		}
		pending[k] = true
		todo = append(todo, slices.Clone(x))
		todoKeys = append(todoKeys, k)
	}
	for len(todo) > 0 {
		n := min(len(todo), l.maxBatch)
		vs, err := l.f(todo[:n])
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
			l.seen[todoKeys[i]] = len(l.points)
			l.points = append(l.points, todo[i])
			l.values = append(l.values, v)
			l.dists = append(l.dists, l.s.Distance(l.base, todo[i]))
		}
		todo, todoKeys = todo[n:], todoKeys[n:]
	}
	for i, x := range xs {
		if math.IsNaN(out[i]) {
			if j, ok := l.seen[l.keyOf(x)]; ok {
				out[i] = l.values[j]
			}
		}
	}
	return out, nil
}

// better reports whether candidate a ranks before b: a higher value, then
// a smaller distance to the base, then the lexicographically smaller
// point. It is the one order of every result of the package.
func (l *ledger) better(a, b Candidate) bool {
	return l.compare(a, b) < 0
}

func (l *ledger) compare(a, b Candidate) int {
	return rank(a.Value, l.s.Distance(l.base, a.X), a.X, b.Value, l.s.Distance(l.base, b.X), b.X)
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
func (l *ledger) top(n int, keep func(i int) bool) []Candidate {
	order := func(i, j int) int {
		return rank(l.values[i], l.dists[i], l.points[i], l.values[j], l.dists[j], l.points[j])
	}
	var idx []int
	for i := range l.points {
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
		out[k] = Candidate{X: slices.Clone(l.points[i]), Value: l.values[i]}
	}
	return out
}
