package sensitivity

import (
	"context"
	"slices"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// load returns the default scenario.
func load(t testing.TB) *sim.Model {
	t.Helper()
	src, _ := scenarios.Lookup(scenarios.Default)
	m, err := scenarios.Load("miami-2025.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// allUnits is every input of m on its own.
func allUnits(m *sim.Model) []Unit {
	var units []Unit
	for i, in := range m.Inputs() {
		units = append(units, Unit{Name: in.Name, Inputs: []int{i}})
	}
	return units
}

// BenchmarkSobol measures the Sobol analysis of the default scenario the
// sensitivity issue sets a target for: 65,536 base samples, every input,
// every package and pathway, 100 bootstrap replicates, 2 workers (under
// 30 s on the reference machine). It reports model evaluations per second.
func BenchmarkSobol(b *testing.B) {
	m := load(b)
	units := allUnits(m)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := RunSobol(context.Background(), m, sim.Options{Seed: 1, Workers: 2}, units, Sobol{Samples: 65536, Bootstrap: 100}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*float64(SobolEvaluations(len(units), 65536))/b.Elapsed().Seconds(), "evaluations/s")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/analysis")
}

// BenchmarkTornado measures the tornado of the default scenario at its
// 100,000 trials, 2 workers.
func BenchmarkTornado(b *testing.B) {
	m := load(b)
	units := allUnits(m)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := RunTornado(context.Background(), m, sim.Options{Trials: 100000, Seed: 1, Workers: 2}, units, Tornado{Low: 0.1, High: 0.9}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/analysis")
}

// BenchmarkDiscover measures PRIM on the default scenario's Miami plan and
// framework agreement over 100,000 trials, 2 workers.
func BenchmarkDiscover(b *testing.B) {
	m := load(b)
	inputs, err := DiscoveryInputs(m, nil) // every uncertain value a box can bound
	if err != nil {
		b.Fatal(err)
	}
	k := slices.IndexFunc(m.Packages, func(p sim.Package) bool { return p.ID == "miami_20_point" })
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := Discover(context.Background(), m, sim.Options{Trials: 100000, Seed: 1, Workers: 2},
			Discovery{Package: k, Pathway: 0, Inputs: inputs, MinDensity: 0.5}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/analysis")
}
