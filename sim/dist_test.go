package sim

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"
)

func TestParseDist(t *testing.T) {
	cases := []struct {
		in      string
		want    Dist
		wantErr string
	}{
		{in: "0.4", want: FixedValue(0.4)},
		{in: " normal(0.5, 0.08) ", want: Dist{Family: Normal, P: [4]float64{0.5, 0.08}}},
		{in: "truncnormal(0.5, 0.1, 0, 1)", want: Dist{Family: TruncNormal, P: [4]float64{0.5, 0.1, 0, 1}}},
		{in: "triangular(500, 600, 700)", want: Dist{Family: Triangular, P: [4]float64{500, 600, 700}}},
		{in: "PERT(1,2,4)", want: Dist{Family: PERT, P: [4]float64{1, 2, 4}}},
		{in: "bernoulli(0.3)", want: Dist{Family: Bernoulli, P: [4]float64{0.3}}},
		{in: "normal(0.5)", wantErr: "takes 2 parameters"},
		{in: "normal(0.5, -1)", wantErr: "sigma must be > 0"},
		{in: "uniform(2, 1)", wantErr: "lo must be < hi"},
		{in: "triangular(1, 5, 3)", wantErr: "lo ≤ mode ≤ hi"},
		{in: "beta(0, 1)", wantErr: "must be > 0"},
		{in: "bernoulli(1.5)", wantErr: "p must be in [0, 1]"},
		{in: "gauss(0, 1)", wantErr: `unknown distribution "gauss"`},
		{in: "normal(a, 1)", wantErr: "is not a number"},
		{in: "normal(nan, 1)", wantErr: "finite"},
		{in: "truncnormal(0, 1, 50, 60)", wantErr: "too far in the tails"},
		{in: "lots", wantErr: "is not a number or a distribution"},
		{in: "", wantErr: "is not a number or a distribution"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseDist(c.in)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("ParseDist(%q) error = %v, want one containing %q", c.in, err, c.wantErr)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("ParseDist(%q) = %v, %v; want %v", c.in, got, err, c.want)
			}
			if back, err := ParseDist(got.String()); err != nil || back != got {
				t.Errorf("String() = %q does not round-trip: %v, %v", got.String(), back, err)
			}
		})
	}
}

// samplerFamilies are distributions of every family, with parameters that
// exercise both branches of the triangular and truncated normal samplers.
var samplerFamilies = []string{
	"3", "normal(0.5, 0.08)", "truncnormal(0.5, 0.3, 0, 1)", "truncnormal(0, 1, 2, 4)",
	"uniform(0.2, 0.4)", "triangular(500, 600, 700)", "triangular(0, 0, 1)", "pert(0, 0.2, 1)",
	"beta(2, 5)", "beta(0.5, 0.5)", "lognormal(0, 0.5)", "bernoulli(0.3)",
}

// TestSamplersMatchMeans draws from every family, through Dist.Sampler and
// through the engine's variate, and compares each sample mean with the
// closed-form Mean within seTolerance standard errors.
func TestSamplersMatchMeans(t *testing.T) {
	const seTolerance = 4 // standard errors
	const n = 100000
	for _, s := range samplerFamilies {
		t.Run(s, func(t *testing.T) {
			d, err := ParseDist(s)
			if err != nil {
				t.Fatal(err)
			}
			want := d.Mean()
			smp := d.Sampler(rand.NewPCG(1, 2))
			if smp.Mean() != want && math.Abs(smp.Mean()-want) > 1e-9 {
				t.Errorf("Sampler.Mean() = %g, Dist.Mean() = %g", smp.Mean(), want)
			}
			v := d.variate()
			var src stream
			src.pcg.Seed(3, 4)
			for name, draw := range map[string]func() float64{
				"Sampler": smp.Rand,
				"variate": func() float64 { return v.draw(&src) },
			} {
				x := make([]float64, n)
				for i := range x {
					x[i] = draw()
				}
				mean, sd := stat.MeanStdDev(x, nil)
				if se := sd / math.Sqrt(n); math.Abs(mean-want) > seTolerance*se+1e-12 {
					t.Errorf("%s: sample mean %g, Mean() %g (%.1f SE)", name, mean, want, math.Abs(mean-want)/se)
				}
			}
		})
	}
}

// TestVariateMatchesSampler checks that the engine's variates draw exactly
// what gonum's samplers draw from the same generator state, for every family
// whose variate uses the same algorithm (all but beta and PERT, whose gamma
// variates TestGammaVariateMoments checks).
func TestVariateMatchesSampler(t *testing.T) {
	const n = 20000
	for _, s := range samplerFamilies {
		d, err := ParseDist(s)
		if err != nil {
			t.Fatal(err)
		}
		if d.Family == Beta || d.Family == PERT {
			continue
		}
		var src stream
		src.pcg.Seed(7, 8)
		smp := d.Sampler(rand.NewPCG(7, 8))
		v := d.variate()
		for i := 0; i < n; i++ {
			if a, b := smp.Rand(), v.draw(&src); a != b {
				t.Errorf("%s: draw %d: Sampler %v, variate %v", s, i, a, b)
				break
			}
		}
	}
}

func TestTruncatedNormalQuantileInvertsCDF(t *testing.T) {
	for _, tn := range []TruncatedNormal{{Mu: 0.5, Sigma: 0.1, Lo: 0, Hi: 1}, {Mu: 0, Sigma: 1, Lo: 3, Hi: 5}} {
		for _, p := range []float64{0.01, 0.25, 0.5, 0.9, 0.999} {
			if got := tn.CDF(tn.Quantile(p)); math.Abs(got-p) > 1e-9 {
				t.Errorf("%+v: CDF(Quantile(%g)) = %g", tn, p, got)
			}
		}
		smp := TruncatedNormal{Mu: tn.Mu, Sigma: tn.Sigma, Lo: tn.Lo, Hi: tn.Hi, Src: rand.NewPCG(3, 4)}
		for i := 0; i < 10000; i++ {
			if x := smp.Rand(); x < tn.Lo || x > tn.Hi {
				t.Fatalf("%+v drew %g outside its bounds", tn, x)
			}
		}
	}
}

// TestQuantile checks each family's Quantile against its own draws: the
// share of draws at or below Quantile(q) is q, within seTolerance standard
// errors; and the quantiles rise with q and stay in the support.
func TestQuantile(t *testing.T) {
	const seTolerance = 4 // standard errors
	const n = 50000
	for _, s := range samplerFamilies {
		t.Run(s, func(t *testing.T) {
			d, err := ParseDist(s)
			if err != nil {
				t.Fatal(err)
			}
			smp := d.Sampler(rand.NewPCG(5, 6))
			x := make([]float64, n)
			for i := range x {
				x[i] = smp.Rand()
			}
			lo, hi := d.Support()
			prev := math.Inf(-1)
			for _, q := range []float64{0.1, 0.5, 0.9} {
				v := d.Quantile(q)
				if !(v >= prev && v >= lo && v <= hi) {
					t.Errorf("Quantile(%g) = %g: not rising, or outside [%g, %g]", q, v, lo, hi)
				}
				prev = v
				if d.IsFixed() || d.Family == Bernoulli {
					continue // a point mass: no share lands exactly on q
				}
				below := 0
				for _, xi := range x {
					if xi <= v {
						below++
					}
				}
				if se := math.Sqrt(q * (1 - q) / n); !(math.Abs(float64(below)/n-q) <= seTolerance*se) {
					t.Errorf("%.4f of draws ≤ Quantile(%g) = %g", float64(below)/n, q, v)
				}
			}
		})
	}
	if d := (Dist{Family: Normal, P: [4]float64{0, 1}}); !math.IsNaN(d.Quantile(1.5)) {
		t.Error("Quantile(1.5) is a number")
	}
	if got := FixedValue(3).Quantile(0.9); got != 3 {
		t.Errorf("a fixed value's quantile is %g, want 3", got)
	}
}

// TestValidateRefusesOverflow: distributions whose draws overflow the
// model's arithmetic are refused, not run into NaN and wrong answers.
func TestValidateRefusesOverflow(t *testing.T) {
	for _, s := range []string{"uniform(-1e308, 1e308)", "lognormal(700, 10)", "normal(0, 1e99)", "1e200",
		"triangular(0, 1, 1e150)", "truncnormal(0, 1e101, 0, 1)"} {
		if _, err := ParseDist(s); err == nil {
			t.Errorf("%s accepted", s)
		}
	}
	for _, s := range []string{"lognormal(0, 3)", "normal(0, 1e90)", "1e100", "uniform(-1e100, 1e100)"} {
		if _, err := ParseDist(s); err != nil {
			t.Errorf("%s refused: %v", s, err)
		}
	}
}

// BenchmarkTruncNormal measures one draw of a truncated normal input,
// whose Φ(lo) and Φ(hi) are computed once per input, not per draw.
func BenchmarkTruncNormal(b *testing.B) {
	d, _ := ParseDist("truncnormal(0.5, 0.1, 0, 1)")
	v := d.variate()
	var s stream
	s.pcg.Seed(1, 2)
	var sink float64
	for range b.N {
		sink += v.draw(&s)
	}
	if sink == 0 {
		b.Fatal("no draws")
	}
}

// TestFamilyParams checks that FamilyParams gives every family the number
// of parameters ParseDist reads: one fewer or one more is refused for the
// count, that many is not.
func TestFamilyParams(t *testing.T) {
	for _, name := range FamilyNames() {
		params := FamilyParams(name)
		if len(params) == 0 {
			t.Fatalf("%s: no parameters", name)
		}
		args := func(n int) string {
			return name + "(" + strings.TrimSuffix(strings.Repeat("0.5,", n), ",") + ")"
		}
		takes := name + " takes "
		if _, err := ParseDist(args(len(params))); err != nil && strings.HasPrefix(err.Error(), takes) {
			t.Errorf("%s: %d parameters refused: %v", name, len(params), err)
		}
		for _, n := range []int{len(params) - 1, len(params) + 1} {
			if _, err := ParseDist(args(n)); n > 0 && (err == nil || !strings.HasPrefix(err.Error(), takes)) {
				t.Errorf("%s: %d parameters not refused for their count: %v", name, n, err)
			}
		}
	}
	if FamilyParams("gauss") != nil || FamilyParams("fixed") != nil {
		t.Error("FamilyParams knows a family no scenario can name")
	}
}
