package sensitivity

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/sensitivity/prim"
)

// TestAnalyse: Analyse runs what RunTornado and RunSobol run on the units
// ChooseUnits chooses, and counts their evaluations; without a tornado its
// trials are the options' and its tornado nil, without samples its Sobol
// result nil.
func TestAnalyse(t *testing.T) {
	m, units := closedModel(t)
	ctx := context.Background()
	opt := sim.Options{Trials: 4096, Seed: 4, Workers: 2}
	o := AnalysisOptions{Tornado: true, Range: [2]float64{10, 90}, Samples: 512, Bootstrap: 10}
	a, err := Analyse(ctx, m, opt, o)
	if err != nil {
		t.Fatal(err)
	}
	tor, err := RunTornado(ctx, m, opt, units, Tornado{Low: 0.1, High: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	sob, err := RunSobol(ctx, m, opt, units, Sobol{Samples: 512, Bootstrap: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Units, units) || !reflect.DeepEqual(a.Tornado, tor) || !equalIndices(a.Sobol, sob) {
		t.Error("Analyse differs from RunTornado and RunSobol on the same units")
	}
	if want := TornadoEvaluations(3, 4096) + SobolEvaluations(3, 512); a.Evaluations != want || a.Trials != 4096 || a.Seed != 4 || !a.Reached() {
		t.Errorf("%d evaluations, %d trials, seed %d, reached %v: want %d, 4096, 4, true", a.Evaluations, a.Trials, a.Seed, a.Reached(), want)
	}

	o.Tornado = false
	if a, err = Analyse(ctx, m, opt, o); err != nil || a.Tornado != nil || a.Sobol == nil || a.Trials != 4096 || a.Evaluations != SobolEvaluations(3, 512) {
		t.Errorf("Sobol alone: %+v, %v", a, err)
	}
	o.Tornado, o.Samples = true, 0
	if a, err = Analyse(ctx, m, opt, o); err != nil || a.Tornado == nil || a.Sobol != nil || a.Evaluations != TornadoEvaluations(3, 4096) {
		t.Errorf("tornado alone: %+v, %v", a, err)
	}
}

// equalIndices compares two Sobol results, NaN equal to NaN.
func equalIndices(a, b *SobolResult) bool {
	if a == nil || b == nil || a.Evaluations != b.Evaluations || len(a.Indices) != len(b.Indices) {
		return false
	}
	for i := range a.Indices {
		x, y := a.Indices[i], b.Indices[i]
		same := func(p, q float64) bool { return p == q || (p != p && q != q) }
		if x.Unit != y.Unit || x.Package != y.Package || x.Pathway != y.Pathway || !same(x.First, y.First) || !same(x.Total, y.Total) ||
			!same(x.FirstLow, y.FirstLow) || !same(x.TotalHigh, y.TotalHigh) {
			return false
		}
	}
	return true
}

// TestPlan: a plan's units, fixable units, most trials and evaluations,
// and the options it refuses, each as an InputError of its field.
func TestPlan(t *testing.T) {
	m := defaultModel(t)
	o := AnalysisOptions{Inputs: []string{"parties.ukraine.salience.framework", "factors.escalation.value"},
		Tornado: true, Range: [2]float64{10, 90}, Precision: 0.01, MaxTrials: 100_000, Samples: 256}
	p, err := o.Plan(m)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Units) != 2 || p.Fixable != 1 || p.MostTrials(5000) != 100_000 {
		t.Errorf("%d units, %d fixable, most trials %d: want 2, 1 (not the salience), 100000", len(p.Units), p.Fixable, p.MostTrials(5000))
	}
	if got, want := p.Evaluations(1000), TornadoEvaluations(1, 1000)+SobolEvaluations(2, 256); got != want {
		t.Errorf("%d evaluations, want %d", got, want)
	}
	bounded := o
	bounded.Inputs, bounded.Range = []string{"factors.escalation.value"}, [2]float64{0, 100}
	if _, err := bounded.Plan(m); err != nil {
		t.Errorf("the 0th and 100th percentiles of a bounded input: %v", err)
	}
	o.Precision = 0
	if p, _ = o.Plan(m); p.MostTrials(5000) != 5000 {
		t.Errorf("without a precision the most trials are %d, want the options' 5000", p.MostTrials(5000))
	}
	for _, tt := range []struct {
		name   string
		change func(*AnalysisOptions)
		option string
	}{
		{"nothing to run", func(o *AnalysisOptions) { o.Tornado, o.Samples = false, 0 }, "Samples"},
		{"percentiles out of order", func(o *AnalysisOptions) { o.Range = [2]float64{90, 10} }, "Range"},
		{"a precision without a bound", func(o *AnalysisOptions) { o.Precision, o.MaxTrials = 0.01, 0 }, "MaxTrials"},
		{"one sample", func(o *AnalysisOptions) { o.Samples = 1 }, "Samples"},
		{"negative replicates", func(o *AnalysisOptions) { o.Bootstrap = -1 }, "Bootstrap"},
		{"an unknown input", func(o *AnalysisOptions) { o.Inputs = []string{"factors.escalaton.value"} }, "Inputs"},
		// Quantiles 0 and 100 of an unbounded input are infinite: refused,
		// not clamped.
		{"the 0th percentile of a normal", func(o *AnalysisOptions) {
			o.Inputs, o.Range = []string{"parties.russia.reservation.framework"}, [2]float64{0, 90}
		}, "Range"},
		{"the 100th percentile of a normal", func(o *AnalysisOptions) {
			o.Inputs, o.Range = []string{"parties.russia.reservation.framework"}, [2]float64{50, 100}
		}, "Range"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bad := o
			tt.change(&bad)
			_, err := bad.Plan(m)
			inputError(t, err, tt.option, "", "")
			if err := bad.Check(m); err == nil {
				t.Error("Check accepts what Plan refuses")
			}
			if _, err := Analyse(context.Background(), m, sim.Options{Trials: 100, Seed: 1, Workers: 1}, bad); err == nil {
				t.Error("Analyse accepts what Plan refuses")
			}
		})
	}
}

// TestDiscoverModel: DiscoverModel finds what Discover finds on the
// uncertain values, names them, and refuses what a box cannot bound; a
// pathway never reached is a failure that wraps prim.ErrNoInterest.
func TestDiscoverModel(t *testing.T) {
	m, _ := closedModel(t)
	ctx := context.Background()
	opt := sim.Options{Trials: 8192, Seed: 4, Workers: 2}
	o := DiscoveryOptions{Package: 0, Pathway: 0, MinDensity: 0.95, Peel: 0.05, Paste: 0.05, MinMass: 0.05}
	d, err := DiscoverModel(ctx, m, opt, o)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := Discover(ctx, m, opt, Discovery{Pathway: 0, Inputs: []int{0, 1, 2}, MinDensity: 0.95,
		Options: prim.Options{Peel: 0.05, Paste: 0.05, MinMass: 0.05}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"parties.a.reservation.framework", "parties.a.reservation.humanitarian", "factors.noise.value"}
	if !reflect.DeepEqual(d.DiscoveryResult, plain) || !reflect.DeepEqual(d.Names, want) || d.Seed != 4 {
		t.Errorf("DiscoverModel differs from Discover on the uncertain values %q: %+v", want, d)
	}
	// Paste 0 is no pasting, which prim spells as a negative fraction (its
	// own 0 is its default, 0.05): on the default scenario, where pasting
	// moves the US plan's humanitarian trajectory, Paste 0 gives the
	// unpasted one.
	dm := defaultModel(t)
	mo := DiscoveryOptions{Package: 0, Pathway: 1, MinDensity: 0.5, Peel: 0.05, Paste: 0.05, MinMass: 0.05}
	dopt := sim.Options{Trials: 20000, Seed: 20251220, Workers: 2}
	pasted, err := DiscoverModel(ctx, dm, dopt, mo)
	if err != nil {
		t.Fatal(err)
	}
	mo.Paste = 0
	d0, err := DiscoverModel(ctx, dm, dopt, mo)
	if err != nil {
		t.Fatal(err)
	}
	unpasted, err := Discover(ctx, dm, dopt, Discovery{Package: 0, Pathway: 1, Inputs: d0.Inputs, MinDensity: 0.5,
		Options: prim.Options{Peel: 0.05, Paste: -1, MinMass: 0.05}})
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(pasted.DiscoveryResult, unpasted) {
		t.Fatal("pasting changes nothing here: the test of Paste 0 cannot tell")
	}
	if !reflect.DeepEqual(d0.DiscoveryResult, unpasted) {
		t.Error("DiscoverModel with Paste 0 pastes: it differs from Discover with pasting off")
	}

	for _, tt := range []struct {
		name   string
		change func(*DiscoveryOptions)
		option string
	}{
		{"density above 1", func(o *DiscoveryOptions) { o.MinDensity = 2 }, "MinDensity"},
		{"peel of a half", func(o *DiscoveryOptions) { o.Peel = 0.5 }, "Peel"},
		{"paste of a half", func(o *DiscoveryOptions) { o.Paste = 0.5 }, "Paste"},
		{"no mass", func(o *DiscoveryOptions) { o.MinMass = 0 }, "MinMass"},
		{"no such package", func(o *DiscoveryOptions) { o.Package = 1 }, "Package"},
		{"no such pathway", func(o *DiscoveryOptions) { o.Pathway = 3 }, "Pathway"},
		{"an unknown input", func(o *DiscoveryOptions) { o.Inputs = []string{"factors.nose.value"} }, "Inputs"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bad := o
			tt.change(&bad)
			_, err := DiscoverModel(ctx, m, opt, bad)
			inputError(t, err, tt.option, "", "")
		})
	}

	// dm is the default scenario, as above.
	_, err = DiscoveryInputs(dm, []string{"factors.escalation.value", "parties.ukraine.salience.framework"})
	inputError(t, err, "Inputs", "", "is a salience Dirichlet")
	if in, err := DiscoveryInputs(dm, nil); err != nil || len(in) == 0 || len(in) == len(dm.Inputs()) {
		t.Errorf("every uncertain value of the default scenario: %d of %d inputs, %v; want all but the salience Dirichlets", len(in), len(dm.Inputs()), err)
	}

	never, err := scenarios.Load("never.toml", []byte(strings.Replace(closedForm, `framework = "uniform(0, 1)"`, `framework = "uniform(0.6, 1)"`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = DiscoverModel(ctx, never, opt, o)
	if !errors.Is(err, prim.ErrNoInterest) || err.Error() != "p never leads to framework_agreement in these 8192 trials: there are no trials of interest for PRIM to find a box around" {
		t.Errorf("a pathway never reached: %v", err)
	}
}
