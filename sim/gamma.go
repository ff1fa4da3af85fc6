package sim

import "math"

// gammaVariate draws Gamma(α, 1) variates by the method of Marsaglia and
// Tsang (2000), "A simple method for generating gamma variables", ACM TOMS
// 26(3), boosting α < 1 as Gamma(α) = Gamma(α+1)·U^{1/α} (and, in logRand,
// in logarithms, where the boost would underflow). It is the
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

// rand draws one variate from s: for α < 1, the boost's uniform U first,
// then cube's draws, and U^{1/α}·d·v. For α below about 0.01 the boost
// underflows to 0 in a good share of draws (U^{1/α} < 2⁻¹⁰⁷⁴), so the beta
// inputs and the salience weights, which divide variates by their sums,
// draw such shapes in log space with logRand when rand would lose them.
//
// Its loop is cube's, written out again: a call to cube would cost the
// salience weights and the beta and PERT inputs about a twentieth of a
// trial's time. TestBetaSmallShapesKeepTheirDraws checks that the two
// read the same random numbers and accept the same v.
func (g gammaVariate) rand(s *stream) float64 {
	boost := 1.0
	if g.invAlpha != 0 {
		boost = math.Pow(s.Float64(), g.invAlpha)
	}
	for {
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

// logRand draws ln G from s, with the very random numbers rand would read:
// ln G = ln U/α + ln(d·v) for α < 1, Marsaglia and Tsang's boost
// G(α) = G(α+1)·U^{1/α} in logarithms, and ln(d·v) otherwise. It is finite
// for every shape: U = 0, which Float64 returns with probability 2⁻⁵³,
// counts as 2⁻⁵⁴, the middle of the interval [0, 2⁻⁵³) it stands for
// (docs/model.md#small-shapes).
func (g gammaVariate) logRand(s *stream) float64 {
	u := 1.0
	if g.invAlpha != 0 {
		u = s.Float64()
	}
	return g.logBoost(u) + math.Log(g.d*g.cube(s))
}

// minNormal is the smallest positive normal float64: a variate below it
// has lost precision to underflow, or all of it.
const minNormal = 0x1p-1022

// logUniform is ln u for a uniform u in [0, 1) from Float64, with 0 read
// as 2⁻⁵⁴ so that the logarithm is finite.
func logUniform(u float64) float64 {
	if u == 0 {
		u = 0x1p-54
	}
	return math.Log(u)
}

// cube draws from s until Marsaglia and Tsang's test accepts, and returns
// the accepted v = (1 + c·x)³: the variate of the (boosted) shape is d·v.
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
func (g gammaVariate) cube(s *stream) float64 {
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
			return v
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
// sampler of the beta and PERT inputs. When a shape is below 1 (only beta
// inputs: PERT's shapes are at least 1), X or Y may underflow, and X/(X+Y)
// be 0/0; then the ratio is formed from their logarithms instead.
type betaVariate struct {
	x, y    gammaVariate
	lo, hi  float64
	boosted bool // a or b is below 1
}

func newBetaVariate(a, b, lo, hi float64) betaVariate {
	x, y := newGammaVariate(a), newGammaVariate(b)
	return betaVariate{x: x, y: y, lo: lo, hi: hi, boosted: x.invAlpha != 0 || y.invAlpha != 0}
}

// rand draws one value from s.
func (b betaVariate) rand(s *stream) float64 {
	if b.boosted {
		return b.randBoosted(s)
	}
	x := b.x.rand(s)
	y := b.y.rand(s)
	return b.lo + (b.hi-b.lo)*x/(x+y)
}

// randBoosted is rand when a shape is below 1. It reads the random numbers
// rand of X and then of Y would, in that order, and returns X/(X+Y) as
// they would give it whenever X and Y are both normal numbers, so that
// nothing changes where that was already exact to rounding. Otherwise, with
// ln X and ln Y from the same draws (logRand) and δ = ln Y − ln X, the
// ratio is 1/(1 + e^δ) for δ ≤ 0 and e^{−δ}/(1 + e^{−δ}) for δ > 0, which
// neither overflows nor divides 0 by 0: finite and within [0, 1].
func (b betaVariate) randBoosted(s *stream) float64 {
	ux := 1.0
	if b.x.invAlpha != 0 {
		ux = s.Float64()
	}
	vx := b.x.cube(s)
	uy := 1.0
	if b.y.invAlpha != 0 {
		uy = s.Float64()
	}
	vy := b.y.cube(s)
	x := b.x.boost(ux) * b.x.d * vx
	y := b.y.boost(uy) * b.y.d * vy
	if x >= minNormal && y >= minNormal {
		return b.lo + (b.hi-b.lo)*x/(x+y)
	}
	delta := b.y.logBoost(uy) + math.Log(b.y.d*vy) - (b.x.logBoost(ux) + math.Log(b.x.d*vx))
	var r float64
	if delta > 0 {
		e := math.Exp(-delta)
		r = e / (1 + e)
	} else {
		r = 1 / (1 + math.Exp(delta))
	}
	return b.lo + (b.hi-b.lo)*r
}

// boost is rand's factor U^{1/α} for the uniform u, 1 when α ≥ 1.
func (g gammaVariate) boost(u float64) float64 {
	if g.invAlpha == 0 {
		return 1
	}
	return math.Pow(u, g.invAlpha)
}

// logBoost is ln of boost(u), as logRand takes it.
func (g gammaVariate) logBoost(u float64) float64 {
	if g.invAlpha == 0 {
		return 0
	}
	return logUniform(u) * g.invAlpha
}
