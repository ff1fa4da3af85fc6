package sim

import (
	"math"
	"math/rand/v2"
)

// gammaVariate draws Gamma(α, 1) variates by the method of Marsaglia and
// Tsang (2000), "A simple method for generating gamma variables", ACM TOMS
// 26(3), boosting α < 1 as Gamma(α) = Gamma(α+1)·U^{1/α}. It is the
// algorithm of gonum's distuv.Gamma, with the constants d = α − 1/3 and
// c = 1/√(9d) computed once rather than per draw and the generator called
// directly: the Dirichlet salience weights and the beta and PERT inputs draw
// dozens of gamma variates per trial, and profiling showed distuv.Gamma's
// per-call set-up (a rand.Rand and three method values, a square root and a
// division) costing more than the draws themselves. gamma_test.go checks it
// against distuv.Gamma's moments.
type gammaVariate struct {
	d, c     float64
	invAlpha float64 // 1/α when α < 1 (the boost), else 0
}

func newGammaVariate(alpha float64) gammaVariate {
	g := gammaVariate{}
	if alpha < 1 {
		g.invAlpha = 1 / alpha
		alpha++
	}
	g.d = alpha - 1.0/3
	g.c = 1 / math.Sqrt(9*g.d)
	return g
}

// rand draws one variate from r.
func (g gammaVariate) rand(r *rand.Rand) float64 {
	boost := 1.0
	if g.invAlpha != 0 {
		boost = math.Pow(r.Float64(), g.invAlpha)
	}
	for {
		x := r.NormFloat64()
		v := 1 + g.c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		x2 := x * x
		if u < 1-0.0331*x2*x2 || math.Log(u) < 0.5*x2+g.d*(1-v+math.Log(v)) {
			return boost * g.d * v
		}
	}
}

// betaVariate draws Lo + (Hi−Lo)·X/(X+Y) with X ~ Gamma(a, 1) and
// Y ~ Gamma(b, 1), which is Beta(a, b) scaled to [Lo, Hi]: the sampler of
// the beta and PERT inputs. Their CDFs and quantiles stay with gonum's
// distuv.Beta.
type betaVariate struct {
	x, y   gammaVariate
	lo, hi float64
	mean   float64
	r      *rand.Rand
}

func newBetaVariate(a, b, lo, hi float64, src rand.Source) betaVariate {
	return betaVariate{x: newGammaVariate(a), y: newGammaVariate(b), lo: lo, hi: hi,
		mean: lo + (hi-lo)*a/(a+b), r: rand.New(src)}
}

// Rand draws one value.
func (b betaVariate) Rand() float64 {
	x := b.x.rand(b.r)
	y := b.y.rand(b.r)
	return b.lo + (b.hi-b.lo)*x/(x+y)
}

// Mean returns Lo + (Hi−Lo)·a/(a+b).
func (b betaVariate) Mean() float64 { return b.mean }
