package sim_test

import (
	"context"
	"math"
	"os"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// seTolerance is how many standard errors an estimate may stray from its
// closed form. With a fixed seed the test is deterministic; 4 SE would be
// exceeded by chance about once in 16,000 independent checks.
const seTolerance = 4

func loadTestdata(t testing.TB, name string) *sim.Model {
	t.Helper()
	src, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	m, err := scenarios.Load("testdata/"+name, src)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// closedForm holds the exact probabilities of testdata/closed_form.toml for
// a package with number x and bool h. See the comment at the top of that file.
type closedForm struct {
	acceptA, acceptB, acceptAH, acceptBH float64
	violatedA, violatedB                 float64
	pivotalA, pivotalB                   float64
	framework, humanitarian, collapse    float64
	marginAMean, marginASD               float64
}

func phi(z float64) float64 { return distuv.UnitNormal.CDF(z) }

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

func closedFormFor(x float64, h bool) closedForm {
	const lambda = 0.15 // a's soft red-line penalty
	var c closedForm
	// Party a: u = x, R ~ N(0.5, 0.1²); red line min ~ U(0.4, 0.8), soft.
	c.violatedA = clamp01((0.8 - x) / 0.4)
	keep, lose := phi((x-0.5)/0.1), phi((x-lambda-0.5)/0.1)
	c.acceptA = (1-c.violatedA)*keep + c.violatedA*lose
	c.pivotalA = c.violatedA * (keep - lose)
	c.marginAMean = x - lambda*c.violatedA - 0.5
	c.marginASD = math.Sqrt(lambda*lambda*c.violatedA*(1-c.violatedA) + 0.1*0.1)
	// Party b: u = 1 − x, R ~ N(0.3, 0.1²); red line max ~ U(0.5, 0.7), hard.
	c.violatedB = clamp01((x - 0.5) / 0.2)
	ok := phi((1 - x - 0.3) / 0.1)
	c.acceptB = (1 - c.violatedB) * ok
	c.pivotalB = c.violatedB * ok
	// Humanitarian track: independent reservations.
	uA, uB := 0.0, 0.1
	if h {
		uA, uB = 0.7, 0.5
	}
	c.acceptAH = phi((uA - 0.4) / 0.2)
	c.acceptBH = phi((uB - 0.35) / 0.15)
	c.framework = c.acceptA * c.acceptB
	c.humanitarian = (1 - c.framework) * c.acceptAH * c.acceptBH
	c.collapse = 1 - c.framework - c.humanitarian
	return c
}

func TestClosedForm(t *testing.T) {
	m := loadTestdata(t, "closed_form.toml")
	r, err := sim.Run(context.Background(), m, sim.Options{Trials: int64(m.Trials), Seed: m.Seed, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	n := float64(r.Trials)
	check := func(t *testing.T, name string, got sim.Proportion, want float64) {
		t.Helper()
		se := math.Sqrt(want * (1 - want) / n)
		if !(math.Abs(got.P-want) <= seTolerance*se+1e-12) {
			t.Errorf("%s = %.5f, closed form %.5f (%.1f SE away)", name, got.P, want, math.Abs(got.P-want)/se)
		}
		if !(got.Low <= got.P && got.P <= got.High) {
			t.Errorf("%s: interval [%g, %g] does not contain %g", name, got.Low, got.High, got.P)
		}
	}
	const a, b, fw, hum = 0, 1, 0, 1
	for k, pkg := range m.Packages {
		t.Run(pkg.ID, func(t *testing.T) {
			x, h := pkg.Values[0], pkg.Values[1] == 1
			c := closedFormFor(x, h)
			check(t, "P(framework_agreement)", r.Pathways[k][0], c.framework)
			check(t, "P(humanitarian_ceasefire)", r.Pathways[k][1], c.humanitarian)
			check(t, "P(talks_collapse)", r.Pathways[k][2], c.collapse)
			check(t, "a accepts framework", r.Acceptance[k][a][fw], c.acceptA)
			check(t, "b accepts framework", r.Acceptance[k][b][fw], c.acceptB)
			check(t, "a accepts humanitarian", r.Acceptance[k][a][hum], c.acceptAH)
			check(t, "b accepts humanitarian", r.Acceptance[k][b][hum], c.acceptBH)
			check(t, "a's red line violated", r.Violated[k][a][0], c.violatedA)
			check(t, "b's red line violated", r.Violated[k][b][0], c.violatedB)
			check(t, "a's red line pivotal", r.Pivotal[k][a][0], c.pivotalA)
			check(t, "b's red line pivotal", r.Pivotal[k][b][0], c.pivotalB)
			// The framework rule needs a and b; their rejections are
			// independent, so each blocks it alone when the other accepts.
			fwRule := r.Blocking[k][0]
			check(t, "framework rule blocked", fwRule.Blocked, 1-c.acceptA*c.acceptB)
			if len(fwRule.Blockers) != 2 || fwRule.Blockers[0].Party != a || fwRule.Blockers[1].Party != b {
				t.Fatalf("framework blockers %+v, want a's and b's framework", fwRule.Blockers)
			}
			check(t, "a blocks the framework", fwRule.Blockers[0].Blocks, 1-c.acceptA)
			check(t, "a alone blocks the framework", fwRule.Blockers[0].Sole, (1-c.acceptA)*c.acceptB)
			check(t, "b alone blocks the framework", fwRule.Blockers[1].Sole, (1-c.acceptB)*c.acceptA)
			humRule := r.Blocking[k][1]
			check(t, "humanitarian rule blocked", humRule.Blocked, 1-c.acceptAH*c.acceptBH)
			check(t, "b alone blocks the humanitarian rule", humRule.Blockers[1].Sole, (1-c.acceptBH)*c.acceptAH)
			if len(r.Blocking[k][2].Blockers) != 0 {
				t.Error("the fallback has blockers")
			}

			mg := r.Margins[k][a][fw]
			se := c.marginASD / math.Sqrt(n)
			if !(math.Abs(mg.Mean-c.marginAMean) <= seTolerance*se) {
				t.Errorf("a's framework margin mean = %.5f, closed form %.5f", mg.Mean, c.marginAMean)
			}
			// The sd of a sample sd is about σ/√(2n) for a margin no more
			// heavy-tailed than a normal, as this two-normal mixture is.
			if !(math.Abs(mg.SD-c.marginASD) <= seTolerance*c.marginASD/math.Sqrt(2*n)) {
				t.Errorf("a's framework margin sd = %.5f, closed form %.5f", mg.SD, c.marginASD)
			}
			// b's humanitarian margin is u − R with R ~ N(0.35, 0.15²): its
			// percentiles are normal quantiles. A sample q-quantile has SE
			// √(q(1−q)/n)/f(x_q); the histogram adds up to half a bin.
			uB := 0.1
			if h {
				uB = 0.5
			}
			margin := distuv.Normal{Mu: uB - 0.35, Sigma: 0.15}
			hm := r.Margins[k][b][hum]
			for _, q := range []struct {
				p   float64
				got float64
			}{{0.05, hm.P5}, {0.5, hm.P50}, {0.95, hm.P95}} {
				want := margin.Quantile(q.p)
				se := math.Sqrt(q.p*(1-q.p)/n) / margin.Prob(want)
				if !(math.Abs(q.got-want) <= seTolerance*se+sim.MarginBinWidth/2) {
					t.Errorf("b's humanitarian margin p%g = %.5f, closed form %.5f", 100*q.p, q.got, want)
				}
			}
		})
	}
}

// TestFactorShiftsReservation runs testdata/factor_shift.toml: a factor
// F ~ N(0.2, 0.2²) adds 0.5·F to a reservation R ~ N(0.4, 0.05²) on the
// framework track, so the party accepts a utility u there with probability
// Φ((u − 0.4 − 0.5·0.2)/√(0.05² + 0.5²·0.2²)), and on the humanitarian
// track, which the effect does not reach, with Φ((u − 0.4)/0.05). With the
// effect switched off, or applied to every track, the two would not hold.
func TestFactorShiftsReservation(t *testing.T) {
	m := loadTestdata(t, "factor_shift.toml")
	r, err := sim.Run(context.Background(), m, sim.Options{Trials: int64(m.Trials), Seed: m.Seed})
	if err != nil {
		t.Fatal(err)
	}
	n := float64(r.Trials)
	const c, fw, hum = 0.5, 0, 1
	for _, k := range []struct {
		name  string
		track int
		want  float64
	}{
		{"framework", fw, phi((0.55 - 0.4 - c*0.2) / math.Sqrt(0.05*0.05+c*c*0.2*0.2))},
		{"humanitarian", hum, phi((0.42 - 0.4) / 0.05)},
	} {
		got := r.Acceptance[0][0][k.track].P
		if se := math.Sqrt(k.want * (1 - k.want) / n); !(math.Abs(got-k.want) <= seTolerance*se) {
			t.Errorf("P(accept %s) = %.5f, closed form %.5f (%.1f SE)", k.name, got, k.want, math.Abs(got-k.want)/se)
		}
	}
	// The margin's sd is the combined sd of R + c·F.
	if sd, want := r.Margins[0][0][fw].SD, math.Sqrt(0.05*0.05+c*c*0.2*0.2); !(math.Abs(sd-want) <= seTolerance*want/math.Sqrt(2*n)) {
		t.Errorf("framework margin sd = %.5f, want %.5f", sd, want)
	}
}
