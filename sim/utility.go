package sim

import "math"

// Utility is party p's utility for a package on track t
// (docs/model.md#utility), with every input at the value param gives it
// (param(i) is Param i's):
//
//	U(p, t) = Σ_{i∈t} wᵢ·uᵢ(xᵢ) / Σ_{i∈t} wᵢ  −  Σ_{r on t} λ_r·[r violated]
//
// with the nominal weights (salience is not resampled), and whether a hard
// red line on t vetoes it. values holds one value per issue, as
// Package.Values. With param the inputs' means it is the nominal utility
// that a bargaining analysis works with; with the draws of a trial, that
// trial's utility but for salience. A party without a stake on t has
// utility 0 there.
func (m *Model) Utility(p, t int, values []float64, param func(i int) float64) (u float64, vetoed bool) {
	party := &m.Parties[p]
	var num, den float64
	for _, s := range party.Stakes {
		if m.Issues[s.Issue].Track != t {
			continue
		}
		w := math.Max(0, param(s.Weight))
		num += w * s.Utility(values[s.Issue])
		den += w
	}
	if den > 0 {
		u = num / den
	}
	for _, r := range party.RedLines {
		if m.Issues[r.Issue].Track != t {
			continue
		}
		threshold := math.NaN()
		if r.Kind == Min || r.Kind == Max {
			threshold = param(r.Threshold)
		}
		if !r.Violated(values[r.Issue], threshold) {
			continue
		}
		if r.Hard {
			vetoed = true
		} else {
			u -= param(r.Penalty)
		}
	}
	return u, vetoed
}

// Reservation is party p's reservation on track t with every input at the
// value param gives it: its own reservation plus every factor's effect on
// it, coefficient × value. NaN when the party has no stake on t.
func (m *Model) Reservation(p, t int, param func(i int) float64) float64 {
	i := m.Parties[p].Reservation[t]
	if i < 0 {
		return math.NaN()
	}
	r := param(i)
	for _, f := range m.Factors {
		for _, eff := range f.Effects {
			if eff.Party != p {
				continue
			}
			if eff.Tracks == nil || containsInt(eff.Tracks, t) {
				r += param(eff.Coef) * param(f.Value)
			}
		}
	}
	return r
}

// Mean is the param function of the inputs' means: the nominal model.
func (m *Model) Mean(i int) float64 { return m.Params[i].Dist.Mean() }

func containsInt(s []int, x int) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}
