package sim

import "math"

// gammaVariate draws Gamma(α, 1) variates by the method of Marsaglia and
// Tsang (2000), "A simple method for generating gamma variables", ACM TOMS
// 26(3), boosting α < 1 as Gamma(α) = Gamma(α+1)·U^{1/α}. It is the
// algorithm of gonum's distuv.Gamma for α ≥ 0.2, with the constants
// d = α − 1/3 and c = 1/√(9d) computed once rather than per draw and the
// trial's stream read directly: the Dirichlet salience weights and the beta
// and PERT inputs draw dozens of gamma variates per trial, and profiling
// showed distuv.Gamma's per-call set-up (a rand.Rand and three method
// values, a square root and a division) costing more than the draws
// themselves. gamma_test.go checks its moments against distuv.Gamma's.
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

// rand draws one variate from s.
func (g gammaVariate) rand(s *stream) float64 {
	boost := 1.0
	if g.invAlpha != 0 {
		boost = math.Pow(s.Float64(), g.invAlpha)
	}
	for {
		x := s.NormFloat64()
		v := 1 + g.c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := s.Float64()
		x2 := x * x
		if u < 1-0.0331*x2*x2 || math.Log(u) < 0.5*x2+g.d*(1-v+math.Log(v)) {
			return boost * g.d * v
		}
	}
}

// betaVariate draws Lo + (Hi−Lo)·X/(X+Y) with X ~ Gamma(a, 1) and
// Y ~ Gamma(b, 1), which is Beta(a, b) scaled to [Lo, Hi]: the engine's
// sampler of the beta and PERT inputs.
type betaVariate struct {
	x, y   gammaVariate
	lo, hi float64
}

func newBetaVariate(a, b, lo, hi float64) betaVariate {
	return betaVariate{x: newGammaVariate(a), y: newGammaVariate(b), lo: lo, hi: hi}
}

// rand draws one value from s.
func (b betaVariate) rand(s *stream) float64 {
	x := b.x.rand(s)
	y := b.y.rand(s)
	return b.lo + (b.hi-b.lo)*x/(x+y)
}
