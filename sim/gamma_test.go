package sim

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestGammaVariateMoments compares gammaVariate's draws with gonum's
// closed-form mean and variance of Gamma(α, 1), for shapes below 1 (the
// boost), at 1 and above.
func TestGammaVariateMoments(t *testing.T) {
	const seTolerance = 4 // standard errors
	const n = 200000
	for _, alpha := range []float64{0.3, 1, 2.5, 20} {
		t.Run(fmt.Sprint(alpha), func(t *testing.T) {
			g := newGammaVariate(alpha)
			var s stream
			s.pcg.Seed(5, 6)
			x := make([]float64, n)
			for i := range x {
				x[i] = g.rand(&s)
			}
			want := distuv.Gamma{Alpha: alpha, Beta: 1}
			mean, variance := stat.MeanVariance(x, nil)
			// SE of the mean is σ/√n; of the variance √((μ₄ − σ⁴)/n), with
			// μ₄ = 3σ⁴(1 + 2/α) for a gamma distribution.
			seMean := math.Sqrt(want.Variance() / n)
			mu4 := 3 * want.Variance() * want.Variance() * (1 + 2/alpha)
			seVar := math.Sqrt((mu4 - want.Variance()*want.Variance()) / n)
			if math.Abs(mean-want.Mean()) > seTolerance*seMean {
				t.Errorf("mean %g, want %g (%.1f SE)", mean, want.Mean(), math.Abs(mean-want.Mean())/seMean)
			}
			if math.Abs(variance-want.Variance()) > seTolerance*seVar {
				t.Errorf("variance %g, want %g (%.1f SE)", variance, want.Variance(), math.Abs(variance-want.Variance())/seVar)
			}
		})
	}
}

// marsagliaTsangH is h = x²/2 + d·(1 − v + ln v) of Marsaglia and Tsang's
// acceptance test ln u < h, with v = (1 + c·x)³, computed accurately: as
// 3d·(ln(1+t) − t + t²/2 − t³/3) with t = c·x (the same, since d·c² = 1/9),
// the bracket summed as its series Σ_{k≥4} (−1)^{k+1} t^k/k for small t.
// The textbook form cancels so badly for large d and small x that its
// rounding error can exceed h itself.
func marsagliaTsangH(d, t float64) float64 {
	if math.Abs(t) >= 0.1 {
		return 3 * d * (math.Log1p(t) - t + t*t/2 - t*t*t/3)
	}
	var sum float64
	p := t * t * t
	for k := 4; k <= 30; k++ {
		p *= -t
		sum += p / float64(k)
	}
	return 3 * d * sum
}

// TestGammaSqueezeOnlyAcceptsWhatTheTestAccepts checks gammaVariate's
// squeezes against Marsaglia and Tsang's full test, evaluated accurately
// (marsagliaTsangH): wherever a squeeze accepts, so must the full test, or
// the variates would not be Gamma(α). The draws cover the shapes of the
// salience weights and beta inputs (with the boost's α+1 below 1), normal
// draws far into both tails, and uniforms both at random and just inside
// the second squeeze's boundary, where it is tightest.
func TestGammaSqueezeOnlyAcceptsWhatTheTestAccepts(t *testing.T) {
	const n = 200000
	var s stream
	s.pcg.Seed(13, 14)
	var squeezed, second int
	for _, alpha := range []float64{0.3, 0.8, 1, 1.5, 2.5, 6, 20, 400} {
		g := newGammaVariate(alpha)
		full := func(t1, u float64) bool {
			// t1 − 1 is exact: t1 lies in (0, 2] unless |x| is huge.
			return math.Log(u) < marsagliaTsangH(g.d, t1-1)
		}
		for i := 0; i < n; i++ {
			x := s.NormFloat64() * 3
			t1 := 1 + g.c*x
			if t1 <= 0 {
				continue
			}
			u := s.Float64()
			if i%2 == 1 {
				// Just inside the second squeeze: 1 − u a hair above
				// x⁴/(108·d·m⁴).
				m := min(t1, 1)
				u = 1 - x*x*x*x/(g.k*m*m*m*m)*(1+1e-9*s.Float64())
				if !(u > 0 && u < 1) {
					continue
				}
			}
			if g.squeeze(x, t1, u) && !full(t1, u) {
				t.Fatalf("α = %g, x = %v, u = %v: a squeeze accepts what the full test rejects", alpha, x, u)
			}
			if u >= 1-0.0331*x*x*x*x && g.squeeze(x, t1, u) {
				second++
			}
			squeezed++
		}
	}
	if second == 0 {
		t.Errorf("the second squeeze accepted none of %d draws", squeezed)
	}
	// The series agrees with the closed form where both are accurate.
	for _, tt := range []float64{-0.09, -0.03, 0.02, 0.099} {
		series := marsagliaTsangH(1, tt)
		closed := 3 * (math.Log1p(tt) - tt + tt*tt/2 - tt*tt*tt/3)
		if math.Abs(series-closed) > 1e-9*math.Abs(closed) {
			t.Errorf("t = %g: series %g, closed form %g", tt, series, closed)
		}
	}
}

// BenchmarkGammaVariate draws the Dirichlet salience weights of the
// default scenario's two salient parties: 24 gamma variates with shapes
// from 1.5 to 20.
func BenchmarkGammaVariate(b *testing.B) {
	alphas := []float64{14, 8, 18, 9.3, 4.2, 5.1, 4.2, 2.5, 9.3, 2.5, 3.4, 2.1, 20, 20, 16, 24, 8.6, 4.3, 10.8, 5.2, 5.2, 3.4, 2.6, 14}
	gs := make([]gammaVariate, len(alphas))
	for i, a := range alphas {
		gs[i] = newGammaVariate(a)
	}
	var s stream
	var sink float64
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s.seed(newTrialKey(1, uint64(i)), inputKey{})
		for _, g := range gs {
			sink += g.rand(&s)
		}
	}
	if sink == 0 {
		b.Fatal("no variates")
	}
}
