package sim_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

func defaultModel(b testing.TB) *sim.Model {
	b.Helper()
	src, ok := scenarios.Lookup(scenarios.Default)
	if !ok {
		b.Fatalf("no embedded scenario %q", scenarios.Default)
	}
	m, err := scenarios.Load(scenarios.Default+".toml", src)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkTrial measures the trials of the default scenario on one worker,
// one op a trial: draw every uncertain input once, then score every package
// on that draw. Trials are evaluated a block (sim.Block) at a time, as a run
// does; b.N is rounded up to whole blocks. It must report 0 allocs/op.
func BenchmarkTrial(b *testing.B) {
	block := sim.BlockFunc(defaultModel(b), 1)
	b.ReportAllocs()
	b.ResetTimer()
	for t := 0; t < b.N; t += sim.Block {
		block(uint64(t))
	}
}

// BenchmarkRunDefault measures whole runs of the default scenario, 2²⁰
// trials each, with 1 and 2 workers; trials/s is the figure
// docs/performance.md sets a target for, and the ratio of the two is the
// parallel speed-up.
func BenchmarkRunDefault(b *testing.B) {
	m := defaultModel(b)
	const trials = 1 << 20
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				if _, err := sim.Run(context.Background(), m, sim.Options{Trials: trials, Seed: uint64(i), Workers: workers}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(trials)*float64(b.N)/time.Since(start).Seconds(), "trials/s")
		})
	}
}

// manyPackages is the default scenario with n packages: its own, and then
// copies of them with other troop caps and withdrawals, as a study of
// proposals scores.
func manyPackages(b testing.TB, n int) *sim.Model {
	m := defaultModel(b)
	base := m.Packages
	cap, withdrawal := -1, -1
	for i, is := range m.Issues {
		switch is.ID {
		case "troop_cap":
			cap = i
		case "donbas_withdrawal":
			withdrawal = i
		}
	}
	for len(m.Packages) < n {
		k := len(m.Packages)
		p := base[k%len(base)]
		p.ID = fmt.Sprintf("%s_%d", p.ID, k)
		p.Values = append([]float64(nil), p.Values...)
		p.Values[cap] = float64(400 + k%800)
		p.Values[withdrawal] = float64(k%11) / 10
		m.Packages = append(m.Packages, p)
	}
	return m
}

// BenchmarkPackages measures the cost of a package in a trial, ns per
// (trial × package), for the default scenario's 7 packages and for 1,000:
// the cost of scoring must not grow with the number of packages a study
// scores at once (docs/performance.md). One worker, 2¹³ trials a run.
func BenchmarkPackages(b *testing.B) {
	for _, n := range []int{7, 1000} {
		m := manyPackages(b, n)
		b.Run(fmt.Sprintf("packages=%d", n), func(b *testing.B) {
			const trials = 1 << 13
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := sim.Run(context.Background(), m, sim.Options{Trials: trials, Seed: uint64(i), Workers: 1}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/trials/float64(n), "ns/trial-package")
		})
	}
}
