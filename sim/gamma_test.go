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
