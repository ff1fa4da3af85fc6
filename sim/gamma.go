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
	k        float64 // 108·d, for the second squeeze
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
	g.k = 108 * g.d
	return g
}

// rand draws one variate from s.
//
// Marsaglia and Tsang accept x ~ N(0, 1) and u ~ U(0, 1), with
// v = (1 + c·x)³, when ln u < h(x) = x²/2 + d·(1 − v + ln v), and avoid the
// two logarithms most of the time by first accepting when
// u < 1 − 0.0331·x⁴. A second such squeeze, tighter for all but large
// negative x, leaves the logarithms to one draw in fifty rather than one in
// twelve: with t = c·x (so d·c² = 1/9) and m = min(1, 1 + t), Taylor's
// theorem with the Lagrange remainder gives ln(1+t) ≥ t − t²/2 + t³/3 −
// t⁴/(4m⁴), hence h(x) ≥ −x⁴/(108·d·m⁴), and ln u ≤ u − 1; so
// (1 − u)·108·d·m⁴ > x⁴ implies ln u < h(x). Both squeezes accept only
// what the full test accepts (TestGammaSqueezeOnlyAcceptsWhatTheTestAccepts),
// so the variates are Marsaglia and Tsang's.
func (g gammaVariate) rand(s *stream) float64 {
	boost := 1.0
	if g.invAlpha != 0 {
		boost = math.Pow(s.Float64(), g.invAlpha)
	}
	for {
		// x := s.NormFloat64() and u := s.Float64(), written out: the
		// compiler inlines neither, and across a call Go keeps no
		// floating-point value in a register, so the loop would spill and
		// reload its own at every draw.
		r := s.pcg.Uint64()
		j, i := int32(r), r>>32&0x7F
		var x float64
		if absInt32(j) < zigK[i] {
			x = float64(j) * float64(zigW[i])
		} else {
			x = s.normSlow(j, i)
		}
		t1 := 1 + g.c*x
		if t1 <= 0 {
			continue
		}
		v := t1 * t1 * t1
		u := float64(int64(s.pcg.Uint64()&(1<<53-1))) * 0x1p-53
		if g.squeeze(x, t1, u) || math.Log(u) < 0.5*x*x+g.d*(1-v+math.Log(v)) {
			return boost * g.d * v
		}
	}
}

// squeeze reports whether rand's two squeezes accept a normal draw x, with
// t1 = 1 + c·x, and a uniform draw u, without logarithms.
func (g gammaVariate) squeeze(x, t1, u float64) bool {
	x4 := x * x
	x4 *= x4
	m2 := min(t1, 1)
	m2 *= m2
	return u < 1-0.0331*x4 || (1-u)*g.k*m2*m2 > x4
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
