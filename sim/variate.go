package sim

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// variate is the engine's sampler of one uncertain input: it draws from a
// trial's stream directly, where a Sampler reaches its generator through an
// interface call per number. Normal, uniform, triangular, truncated normal,
// lognormal and Bernoulli inputs get the very values that Dist.Sampler's
// gonum distributions draw from the same generator state
// (TestVariateMatchesSampler); beta and PERT inputs are drawn with
// gammaVariate rather than distuv.Gamma, from the same distribution.
type variate struct {
	family Family
	// check says the family's draws pass through a quotient, an
	// exponential or an inverse CDF, and drawParams checks that they are
	// finite. The others (normal, uniform, triangular, Bernoulli) are sums
	// and products of Z, U and parameters that Validate keeps within
	// ±10¹⁰⁰, finite by construction.
	check bool
	p     [4]float64
	tri   distuv.Triangle
	trunc truncInverse
	beta  betaVariate
}

// variate returns d's variate. An invalid Dist, which scenarios never
// compiles, is fixed at its mean, as in Sampler.
func (d Dist) variate() variate {
	p := d.P
	if d.Validate() != nil {
		return variate{family: Fixed, p: [4]float64{d.Mean()}}
	}
	v := variate{family: d.Family, p: p}
	switch d.Family {
	case TruncNormal, LogNormal, PERT, Beta:
		v.check = true
	}
	switch d.Family {
	case Triangular:
		v.tri = distuv.NewTriangle(p[0], p[2], p[1], nil)
	case TruncNormal:
		v.trunc = TruncatedNormal{Mu: p[0], Sigma: p[1], Lo: p[2], Hi: p[3]}.inverse()
	case PERT:
		a, b := pertShape(p[0], p[1], p[2])
		v.beta = newBetaVariate(a, b, p[0], p[2])
	case Beta:
		v.beta = newBetaVariate(p[0], p[1], 0, 1)
	}
	return v
}

// fill sets dst[b] to a value drawn from src[b], for each b: the input's
// draws in a block's trials. The family is chosen once for the block, not
// once a draw.
func (v *variate) fill(dst []float64, src []stream) {
	src = src[:len(dst)]
	p := v.p
	switch v.family {
	case Normal:
		for b := range dst {
			dst[b] = src[b].NormFloat64()*p[1] + p[0]
		}
	case Uniform:
		for b := range dst {
			dst[b] = src[b].Float64()*(p[1]-p[0]) + p[0]
		}
	case Triangular:
		for b := range dst {
			dst[b] = v.tri.Quantile(src[b].Float64())
		}
	case PERT, Beta:
		for b := range dst {
			dst[b] = v.beta.rand(&src[b])
		}
	case Bernoulli: // the events a timeline's steps count, every round
		for b := range dst {
			dst[b] = float64(bit(src[b].Float64() < p[0]))
		}
	default:
		for b := range dst {
			dst[b] = v.draw(&src[b])
		}
	}
}

// draw returns one value drawn from s.
func (v *variate) draw(s *stream) float64 {
	p := &v.p
	switch v.family {
	case Normal:
		return s.NormFloat64()*p[1] + p[0]
	case Uniform:
		return s.Float64()*(p[1]-p[0]) + p[0]
	case Triangular:
		return v.tri.Quantile(s.Float64())
	case TruncNormal:
		return v.trunc.at(s.Float64())
	case PERT, Beta:
		return v.beta.rand(s)
	case LogNormal:
		return math.Exp(s.NormFloat64()*p[1] + p[0])
	case Bernoulli:
		if s.Float64() < p[0] {
			return 1
		}
		return 0
	}
	return p[0]
}
