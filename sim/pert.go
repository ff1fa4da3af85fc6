package sim

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// BetaPERT is the PERT distribution on [Min, Max] with most likely value
// Mode, the three-point estimate of project risk analysis (as in @RISK):
//
//	X = Min + (Max−Min)·B,  B ~ Beta(1 + 4·(Mode−Min)/(Max−Min), 1 + 4·(Max−Mode)/(Max−Min))
//
// so that its mean is (Min + 4·Mode + Max)/6.
type BetaPERT struct {
	Min, Mode, Max float64
	Src            rand.Source
}

func (p BetaPERT) beta() distuv.Beta {
	r := p.Max - p.Min
	return distuv.Beta{Alpha: 1 + 4*(p.Mode-p.Min)/r, Beta: 1 + 4*(p.Max-p.Mode)/r, Src: p.Src}
}

// Rand draws one value.
func (p BetaPERT) Rand() float64 { return p.Min + (p.Max-p.Min)*p.beta().Rand() }

// CDF returns P(X ≤ x).
func (p BetaPERT) CDF(x float64) float64 {
	switch {
	case x <= p.Min:
		return 0
	case x >= p.Max:
		return 1
	}
	return p.beta().CDF((x - p.Min) / (p.Max - p.Min))
}

// Quantile returns the x with CDF(x) = q.
func (p BetaPERT) Quantile(q float64) float64 {
	return p.Min + (p.Max-p.Min)*p.beta().Quantile(q)
}

// Mean returns (Min + 4·Mode + Max)/6.
func (p BetaPERT) Mean() float64 { return (p.Min + 4*p.Mode + p.Max) / 6 }
