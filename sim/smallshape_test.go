package sim

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// The tests of small shapes draw n variates at a fixed seed and accept a
// Kolmogorov–Smirnov distance below ksCritical/√n, the critical value of
// the test at the 1% level for large n, and a mean within momentTolerance
// standard errors of the distribution's.
const (
	smallShapeDraws = 100000
	ksCritical      = 1.63
	momentTolerance = 4
)

// ksDistance is the Kolmogorov–Smirnov distance between the sample x
// (sorted in place) and the continuous CDF cdf. The draws are float64
// values, rounded, and for tiny shapes many of them are the same value (0,
// or 1 for a beta): a value v held by the draws of ranks i to j − 1 stands
// for the true values within half an ulp of it, so the sample's CDF just
// below v, i/n, is compared with cdf at the float below v, and its CDF at
// v, j/n, with cdf at the float above v.
func ksDistance(x []float64, cdf func(float64) float64) float64 {
	slices.Sort(x)
	n := float64(len(x))
	var d float64
	for i := 0; i < len(x); {
		j := i + 1
		for j < len(x) && x[j] == x[i] {
			j++
		}
		below := cdf(math.Nextafter(x[i], math.Inf(-1)))
		above := cdf(math.Nextafter(x[i], math.Inf(1)))
		d = max(d, below-float64(i)/n, float64(j)/n-above)
		i = j
	}
	return d
}

// meanSE is the sample mean of x and its standard error.
func meanSE(x []float64) (mean, se float64) {
	n := float64(len(x))
	for _, v := range x {
		mean += v / n
	}
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / (n - 1) / n)
}

// checkSample checks that x is finite and within [lo, hi], and then its
// distance from cdf and its mean, want, with the distribution's standard
// deviation sd giving the mean's standard error.
func checkSample(t *testing.T, x []float64, lo, hi float64, cdf func(float64) float64, want, sd float64) {
	t.Helper()
	for i, v := range x {
		if !(v >= lo && v <= hi) { // written so that a NaN fails too
			t.Fatalf("draw %d is %v, outside [%g, %g]", i, v, lo, hi)
		}
	}
	n := float64(len(x))
	mean, _ := meanSE(x)
	if se := sd / math.Sqrt(n); !(math.Abs(mean-want) <= momentTolerance*se) {
		t.Errorf("mean %g, want %g (%.1f SE of %g)", mean, want, math.Abs(mean-want)/se, se)
	}
	d, crit := ksDistance(x, cdf), ksCritical/math.Sqrt(n)
	if !(d < crit) {
		t.Errorf("Kolmogorov–Smirnov distance %.5f, want below %.5f", d, crit)
	}
	t.Logf("mean %.6g (want %.6g), Kolmogorov–Smirnov distance %.5f (critical %.5f)", mean, want, d, crit)
}

// TestBetaSmallShapes checks the beta inputs' draws, down to shapes of
// 10⁻⁶ where X and Y of X/(X+Y) underflow in most draws, against gonum's
// Beta CDF (betaCDF): every draw finite and within [0, 1], the Kolmogorov–Smirnov
// distance and the mean. The shapes of 1 and above take the draws of
// before; beta(0.5, 2) is boosted but never underflows.
func TestBetaSmallShapes(t *testing.T) {
	for _, ab := range [][2]float64{{1e-6, 1e-6}, {0.001, 0.001}, {1e-6, 2}, {3, 0.001}, {0.01, 0.05}, {0.5, 2}, {2, 5}} {
		a, b := ab[0], ab[1]
		t.Run(fmt.Sprintf("beta(%g,%g)", a, b), func(t *testing.T) {
			v := Dist{Family: Beta, P: [4]float64{a, b}}.variate()
			var s stream
			s.pcg.Seed(21, 22)
			x := make([]float64, smallShapeDraws)
			for i := range x {
				x[i] = v.draw(&s)
			}
			want := distuv.Beta{Alpha: a, Beta: b}
			checkSample(t, x, 0, 1, betaCDF(a, b), want.Mean(), want.StdDev())
		})
	}
}

// betaCDF is gonum's Beta(a, b) CDF, but for x < 10⁻³⁰⁰ its expansion
// F(x) = x^a/(a·B(a, b))·(1 + O(x)), with ln x from logFloat: gonum's
// regularised incomplete beta is off at subnormal x, where math.Log is
// (for a = b = 0.001 it gives F(5·10⁻³²⁴) = 0.2460, not 0.2375), enough to
// fail the test.
func betaCDF(a, b float64) func(float64) float64 {
	d := distuv.Beta{Alpha: a, Beta: b}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	logAB := math.Log(a) + la + lb - lab
	return func(x float64) float64 {
		if x <= 0 {
			return 0
		}
		if x < 1e-300 {
			return math.Exp(a*logFloat(x) - logAB)
		}
		return d.CDF(x)
	}
}

// gammaCDF is gonum's Gamma(α, 1) CDF, but for x < 10⁻³⁰⁰ its expansion
// F(x) = x^α/Γ(α + 1)·(1 + O(x)), as betaCDF.
func gammaCDF(alpha float64) func(float64) float64 {
	d := distuv.Gamma{Alpha: alpha, Beta: 1}
	lg, _ := math.Lgamma(alpha + 1)
	return func(x float64) float64 {
		if x <= 0 {
			return 0
		}
		if x < 1e-300 {
			return math.Exp(alpha*logFloat(x) - lg)
		}
		return d.CDF(x)
	}
}

// logFloat is ln x for x > 0, subnormal x too: math.Log(5·10⁻³²⁴) is
// −709.09 on amd64, where ln 2⁻¹⁰⁷⁴ = −744.44.
func logFloat(x float64) float64 {
	frac, exp := math.Frexp(x)
	return math.Log(frac) + float64(exp)*math.Ln2
}

// TestBetaSmallShapesKeepTheirDraws checks that a boosted beta takes the
// draws of X/(X+Y) from rand's X and Y whenever both are normal numbers,
// as before the log-space path existed, and reads the same random numbers
// whichever path it takes: the next draw from the stream is the same.
func TestBetaSmallShapesKeepTheirDraws(t *testing.T) {
	for _, ab := range [][2]float64{{0.5, 2}, {0.001, 0.001}, {0.2, 0.9}} {
		bv := newBetaVariate(ab[0], ab[1], 0, 1)
		var s, ref stream
		s.pcg.Seed(31, 32)
		ref.pcg.Seed(31, 32)
		var logSpace int
		for i := 0; i < 20000; i++ {
			got := bv.rand(&s)
			x, y := bv.x.rand(&ref), bv.y.rand(&ref)
			if x >= minNormal && y >= minNormal {
				if want := x / (x + y); got != want {
					t.Fatalf("beta(%g, %g) draw %d: %v, want rand's %v", ab[0], ab[1], i, got, want)
				}
			} else {
				logSpace++
			}
			if a, b := s.Uint64(), ref.Uint64(); a != b {
				t.Fatalf("beta(%g, %g) draw %d reads other random numbers than rand", ab[0], ab[1], i)
			}
		}
		if ab[0] >= 0.1 && logSpace > 0 {
			t.Errorf("beta(%g, %g): %d draws in log space, want none", ab[0], ab[1], logSpace)
		}
	}
}

// TestGammaSmallShapes checks gammaVariate's draws at shapes 10⁻⁶, 0.01
// and 0.5 against gonum's Gamma CDF, both rand's values, which for tiny
// shapes are mostly 0 (the boost underflows, as the true variates would
// round), against gammaCDF, and logRand's ln G, which stay finite: against
// P(ln G ≤ l) = F(eˡ), taken for eˡ < 10⁻³⁰⁰ from gammaCDF's expansion,
// since eˡ underflows. ln G's mean is ψ(α) and its variance
// ψ′(α).
func TestGammaSmallShapes(t *testing.T) {
	for _, alpha := range []float64{1e-6, 0.01, 0.5} {
		t.Run(fmt.Sprint(alpha), func(t *testing.T) {
			g := newGammaVariate(alpha)
			want := distuv.Gamma{Alpha: alpha, Beta: 1}
			var s stream
			s.pcg.Seed(41, 42)
			x := make([]float64, smallShapeDraws)
			for i := range x {
				x[i] = g.rand(&s)
			}
			checkSample(t, x, 0, math.MaxFloat64, gammaCDF(alpha), want.Mean(), want.StdDev())

			s.pcg.Seed(41, 42)
			for i := range x {
				x[i] = g.logRand(&s)
			}
			lg, _ := math.Lgamma(alpha + 1)
			logCDF := func(l float64) float64 {
				if l < math.Log(1e-300) {
					return math.Exp(alpha*l - lg)
				}
				return want.CDF(math.Exp(l))
			}
			trigamma := 1/(alpha*alpha) + mathext.Zeta(2, alpha+1) // ψ′(α) = ζ(2, α)
			checkSample(t, x, -math.MaxFloat64, math.MaxFloat64, logCDF, mathext.Digamma(alpha), math.Sqrt(trigamma))
		})
	}
}

// TestSalienceSmallShapes runs a party whose salience concentration is so
// small (10⁻⁴) that every gamma variate of its Dirichlet underflows: its
// weights must be redrawn in log space, finite and not all 0, and a
// stake's share of its track's weight, w₁/(w₁ + w₂), Beta(c·s, c·(1 − s))
// with s its nominal share, as gonum's CDF has it. With a drawn nominal
// weight (a Dirichlet whose α changes from trial to trial), the share's
// mean is still about the nominal share.
func TestSalienceSmallShapes(t *testing.T) {
	const c = 1e-4
	for _, drawn := range []bool{false, true} {
		t.Run(fmt.Sprint("drawn=", drawn), func(t *testing.T) {
			m := twoParty() // u's framework weights: cap 0.3, nato 0.4
			m.Parties[0].Concentration = c
			if drawn {
				m.Params[3].Dist = Dist{Family: Uniform, P: [4]float64{0.39, 0.41}}
			}
			const s = 0.3 / (0.3 + 0.4)
			l := newLayout(m)
			e, ag := newBlockScorer(m, l, 7), newAggregate(m, l, 7, counting{})
			cap := l.cellStakes[0][0]
			var shares []float64
			for t0 := uint64(0); t0 < smallShapeDraws; t0 += Block {
				e.block(t0, Block, ag)
				if e.err != nil {
					t.Fatal(e.err)
				}
				for b := 0; b < Block; b++ {
					w1, w2 := e.weight[cap*Block+b], e.weight[(cap+1)*Block+b]
					if !(w1 >= 0 && w2 >= 0 && max(w1, w2) >= minNormal && !math.IsInf(w1+w2, 0)) {
						t.Fatalf("trial %d: weights %v and %v", t0+uint64(b), w1, w2)
					}
					shares = append(shares, w1/(w1+w2))
				}
			}
			want := distuv.Beta{Alpha: c * s, Beta: c * (1 - s)}
			if !drawn {
				checkSample(t, shares, 0, 1, betaCDF(c*s, c*(1-s)), want.Mean(), want.StdDev())
				return
			}
			mean, se := meanSE(shares)
			if !(math.Abs(mean-s) <= momentTolerance*se+0.002) { // the nominal share moves by less than ±0.002
				t.Errorf("the share's mean is %.4f, want about %.4f (SE %.4f)", mean, s, se)
			}
		})
	}
}
