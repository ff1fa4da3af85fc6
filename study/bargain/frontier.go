package bargain

import (
	"math"
	"slices"
)

// Frontier returns the Pareto frontier of the parties' utilities over the
// packages no party vetoes, reservations aside: the grid's non-dominated
// points, each then pushed outwards by the simplex to a package that
// weakly dominates it, and the non-dominated
// points of both, sorted by the first party's utility, then the next's.
// Packages worth the same to every party appear once. It returns nil when
// every package is vetoed or p fails Check.
//
// Each grid point u⁰ of the frontier is refined by maximising
// min_i (U_i(x) − u⁰_i), the Pascoletti–Serafini scalarisation along the
// diagonal: the point moves towards more for everyone, so distinct grid
// points reach distinct points of the frontier, its non-convex stretches
// included, which a weighted sum of utilities would skip.
func Frontier(p Problem, opt Options) []Point {
	s, valid := newSearcher(p, opt)
	if !valid {
		return nil
	}
	return s.frontier()
}

func (s *searcher) frontier() []Point {
	cands := make([]Point, 0, len(s.points))
	for q, x := range s.points {
		if vetoes(s.u(q)) == 0 {
			cands = append(cands, Point{X: x, U: s.u(q)})
		}
	}
	front := nonDominated(cands)
	if s.starts > 0 && len(s.free) > 0 {
		refined := make([]Point, 0, 2*len(front))
		for _, f := range front {
			ref := f.U
			x, u, _, viol := s.refine(f.X, func(u []float64) (float64, float64) {
				if n := vetoes(u); n > 0 {
					return 0, vetoViolation * float64(n)
				}
				least, sum := math.Inf(1), 0.0
				for i := range u {
					d := u[i] - ref[i]
					least = min(least, d)
					sum += d
				}
				return least + tieBreak*sum, 0
			}, effort{sweepRounds, sweepEvals})
			refined = append(refined, f)
			if viol == 0 {
				refined = append(refined, Point{X: x, U: u})
			}
		}
		front = nonDominated(refined)
	}
	if len(front) == 0 {
		return nil
	}
	out := make([]Point, len(front))
	for i, f := range front {
		out[i] = Point{X: slices.Clone(f.X), U: slices.Clone(f.U)}
	}
	slices.SortFunc(out, func(a, b Point) int { return slices.Compare(a.U, b.U) })
	return out
}

// nonDominated returns the points that no other point weakly dominates,
// the first of each set of equal utility vectors. A point is kept unless
// a kept one is at least as good for everyone, and evicts the kept points
// it beats. The kept point that rejects a candidate moves to the front,
// where it rejects the next ones soon: on a grid most points are
// dominated by a few strong ones, so most checks end at once.
func nonDominated(points []Point) []Point {
	var kept []Point
next:
	for _, p := range points {
		for i, k := range kept {
			if weaklyDominates(k.U, p.U) {
				kept[0], kept[i] = kept[i], kept[0]
				continue next
			}
		}
		kept = slices.DeleteFunc(kept, func(k Point) bool { return weaklyDominates(p.U, k.U) })
		kept = append(kept, p)
	}
	return kept
}

// weaklyDominates reports whether a is at least as good as b for every
// party.
func weaklyDominates(a, b []float64) bool {
	for i := range b {
		if a[i] < b[i] {
			return false
		}
	}
	return true
}

// DistanceToFrontier is how far the utility vector u lies inside the
// frontier: the least Euclidean distance, in utility space, from u to a
// frontier point that weakly dominates it (at least as good for every
// party), which is the gain a mediator could still offer everyone at once.
// It is 0 on the frontier. When no frontier point dominates u (u is off
// the sampled frontier, between two of its points, or beyond it) it is the
// least distance to any frontier point; NaN when frontier is empty.
func DistanceToFrontier(frontier []Point, u []float64) float64 {
	best, bestAny := math.Inf(1), math.Inf(1)
	for _, f := range frontier {
		var sq float64
		for i := range u {
			d := f.U[i] - u[i]
			sq += d * d
		}
		bestAny = min(bestAny, sq)
		if weaklyDominates(f.U, u) {
			best = min(best, sq)
		}
	}
	switch {
	case len(frontier) == 0:
		return math.NaN()
	case !math.IsInf(best, 1):
		return math.Sqrt(best)
	default:
		return math.Sqrt(bestAny)
	}
}
