package bargain

import "math"

// gainTol is the least ideal surplus I_i − R_i for which a party counts in
// the Kalai–Smorodinsky ratio: a party that can gain nothing in F has
// surplus 0 everywhere on it, and dividing by its gain would be 0/0.
const gainTol = 1e-12

// ZOPA reports whether the zone of possible agreement is non-empty: some
// package that no party vetoes is worth at least its reservation to every
// party, U_i(x) ≥ R_i. The witness is the maximin package, the one that
// maximises the least surplus min_i (U_i(x) − R_i), found on the grid and
// refined. When ok is false the witness is still the maximin package, its
// least surplus negative (how far the track is from a deal), or the zero
// Point when every package is vetoed or p fails Check.
func ZOPA(p Problem, opt Options) (witness Point, ok bool) {
	s, valid := newSearcher(p, opt)
	if !valid {
		return Point{}, false
	}
	return s.zopa()
}

func (s *searcher) zopa() (Point, bool) {
	x, u, _, found := s.best(func(u []float64) (float64, float64) {
		if n := vetoes(u); n > 0 {
			return 0, vetoViolation * float64(n)
		}
		least, sum := math.Inf(1), 0.0
		for i, pt := range s.parties {
			d := u[i] - pt.Reservation
			least = min(least, d)
			sum += d
		}
		return least + tieBreak*sum, 0
	})
	if !found {
		return Point{}, false
	}
	return Point{X: x, U: u}, s.acceptable(u)
}

// Nash returns the Nash bargaining solution: the package that maximises
// the product of the surpluses Π_i (U_i(x) − R_i) over the zone of
// possible agreement (Nash 1950). The search maximises Σ_i log(U_i − R_i),
// which has the same maximiser and neither overflows nor underflows with
// many parties. ok is false when there is no zone of possible agreement
// (or p fails Check). When every package of the zone leaves some party
// exactly at its reservation, every product is 0 and Nash returns the
// ZOPA witness.
func Nash(p Problem, opt Options) (Point, bool) {
	s, valid := newSearcher(p, opt)
	if !valid {
		return Point{}, false
	}
	w, ok := s.zopa()
	if !ok {
		return Point{}, false
	}
	return s.nash(w), true
}

// nash is the Nash solution given w, the ZOPA witness.
func (s *searcher) nash(w Point) Point {
	x, u, _, found := s.best(func(u []float64) (float64, float64) {
		if viol := s.shortfall(u, true); viol > 0 {
			return 0, viol
		}
		var sum float64
		for i, pt := range s.parties {
			sum += math.Log(u[i] - pt.Reservation)
		}
		return sum, 0
	}, w.X)
	if !found {
		return w
	}
	return Point{X: x, U: u}
}

// KalaiSmorodinsky returns the Kalai–Smorodinsky solution: the package
// of the zone of possible agreement F that maximises
// min_i (U_i(x) − R_i)/(I_i − R_i), where I_i = max_{x ∈ F} U_i(x) is the
// most party i can get in any deal (Kalai and Smorodinsky 1975). Where the
// frontier is continuous the surpluses there are in the ratio of the ideal
// surpluses. A party with I_i = R_i, which gains nothing in any deal, is
// left out of the minimum. ok is false when there is no zone of possible
// agreement (or p fails Check).
func KalaiSmorodinsky(p Problem, opt Options) (Point, bool) {
	s, valid := newSearcher(p, opt)
	if !valid {
		return Point{}, false
	}
	w, ok := s.zopa()
	if !ok {
		return Point{}, false
	}
	return s.kalaiSmorodinsky(w), true
}

// kalaiSmorodinsky is the Kalai–Smorodinsky solution given w, the ZOPA
// witness.
func (s *searcher) kalaiSmorodinsky(w Point) Point {
	gain := make([]float64, len(s.parties))
	counted := false
	for i, pt := range s.parties {
		_, u, _, _ := s.best(func(u []float64) (float64, float64) {
			if viol := s.shortfall(u, false); viol > 0 {
				return 0, viol
			}
			return u[i], 0
		}, w.X)
		// u is never nil: w is in F, so the search has an admissible start.
		gain[i] = u[i] - pt.Reservation
		counted = counted || gain[i] > gainTol
	}
	if !counted {
		return w
	}
	x, u, _, found := s.best(func(u []float64) (float64, float64) {
		if viol := s.shortfall(u, false); viol > 0 {
			return 0, viol
		}
		least, sum := math.Inf(1), 0.0
		for i, pt := range s.parties {
			if gain[i] > gainTol {
				r := (u[i] - pt.Reservation) / gain[i]
				least = min(least, r)
				sum += r
			}
		}
		return least + tieBreak*sum, 0
	}, w.X)
	if !found {
		return w
	}
	return Point{X: x, U: u}
}

// Analysis is the bargaining geometry of one track.
type Analysis struct {
	// Witness is the maximin package (see ZOPA), and HasZOPA whether it is
	// acceptable to every party.
	Witness Point
	HasZOPA bool
	// Frontier is the Pareto frontier (see Frontier).
	Frontier []Point
	// Nash and KalaiSmorodinsky are the two solutions, zero Points when
	// HasZOPA is false.
	Nash, KalaiSmorodinsky Point
}

// Analyse computes everything the functions ZOPA, Frontier, Nash and
// KalaiSmorodinsky return, with the same results, on one grid and with
// one search for the ZOPA witness, where calling the four would build four
// grids and search for the witness three times. The error is p.Check's.
func Analyse(p Problem, opt Options) (Analysis, error) {
	if err := p.Check(opt); err != nil {
		return Analysis{}, err
	}
	s, _ := newSearcher(p, opt)
	var a Analysis
	a.Witness, a.HasZOPA = s.zopa()
	a.Frontier = s.frontier()
	if a.HasZOPA {
		a.Nash = s.nash(a.Witness)
		a.KalaiSmorodinsky = s.kalaiSmorodinsky(a.Witness)
	}
	return a, nil
}
