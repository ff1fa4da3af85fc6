package sim

import "math"

// MeanLine moves the mean of a distribution and keeps its spread: the
// parameters of the distribution of mean m are Offset + Slope·m, in the
// order the notation takes them. A what-if asks "and if Russia's
// reservation were a little higher?", which is a new mean, not a new sd.
// Per family:
//
//	fixed(v)                 v = m
//	normal(mu, sigma)        mu = m
//	uniform, triangular, pert: every bound (and the mode) shifted by m − mean
//	beta(a, b)               a = κ·m, b = κ·(1 − m), with κ = a + b kept
//	bernoulli(p)             p = m
//
// truncnormal and lognormal have none: the mean of the one moves with its
// bounds, and the other's parameters are not linear in its mean.
type MeanLine struct {
	Family        Family
	Offset, Slope [4]float64
	// Lo and Hi bound the means the family can take (infinite for the
	// shifted families); a mean at an open end (beta's 0 and 1) is not a
	// distribution, and Validate says so.
	Lo, Hi float64
}

// MeanLine returns d's line of means, and false for a family that has
// none (or an invalid d).
func (d Dist) MeanLine() (MeanLine, bool) {
	if d.Validate() != nil {
		return MeanLine{}, false
	}
	l := MeanLine{Family: d.Family, Lo: math.Inf(-1), Hi: math.Inf(1)}
	p := d.P
	switch d.Family {
	case Fixed:
		l.Slope[0] = 1
	case Normal:
		l.Slope[0], l.Offset[1] = 1, p[1]
	case Uniform, Triangular, PERT:
		mean := d.Mean()
		for i := range families[d.Family].params {
			l.Offset[i], l.Slope[i] = p[i]-mean, 1
		}
	case Beta:
		k := p[0] + p[1]
		l.Slope[0], l.Offset[1], l.Slope[1] = k, k, -k
		l.Lo, l.Hi = 0, 1
	case Bernoulli:
		l.Slope[0] = 1
		l.Lo, l.Hi = 0, 1
	default:
		return MeanLine{}, false
	}
	return l, true
}

// At is the distribution of the line whose mean is m; Validate it, as m
// may be beyond the family's means.
func (l MeanLine) At(m float64) Dist {
	d := Dist{Family: l.Family}
	for i := range families[l.Family].params {
		d.P[i] = l.Offset[i] + l.Slope[i]*m
	}
	return d
}

// Params is the number of parameters of the line's family.
func (l MeanLine) Params() int { return len(families[l.Family].params) }
