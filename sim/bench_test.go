package sim_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// defaultModel is the default scenario as one vote (--set
// timeline.rounds=1) and on the prior (--evidence none): a trial draws the
// uncertainty once and scores every package on it, the figure the
// performance targets are set for (docs/performance.md).
// BenchmarkDefaultTimeline measures its 26 rounds, BenchmarkEvidence its
// evidence.
func defaultModel(b testing.TB) *sim.Model {
	b.Helper()
	src, ok := scenarios.Lookup(scenarios.Default)
	if !ok {
		b.Fatalf("no embedded scenario %q", scenarios.Default)
	}
	m, err := scenarios.Load(scenarios.Default+".toml", src, scenarios.Set("timeline.rounds", "1"))
	if err != nil {
		b.Fatal(err)
	}
	m.Evidence = nil
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

// timelineOf is m over rounds rounds: every factor steps by
// normal(0.005, 0.02) a round, and the second pathway's reach lowers
// every veto party's reservation on the first's tracks by 0.02 from the
// next round on — the work of a timeline, whatever the default
// scenario's own says.
func timelineOf(b testing.TB, m *sim.Model, rounds int) *sim.Model {
	c := *m
	c.Params = append([]sim.Param(nil), m.Params...)
	c.Factors = append([]sim.Factor(nil), m.Factors...)
	c.Pathways = append([]sim.Pathway(nil), m.Pathways...)
	c.Timeline = &sim.Timeline{Rounds: rounds, Unit: "week"}
	step, err := sim.ParseDist("normal(0.005, 0.02)")
	if err != nil {
		b.Fatal(err)
	}
	for f := range c.Factors {
		c.Params = append(c.Params, sim.Param{Name: "factors." + c.Factors[f].ID + ".step", Dist: step})
		c.Factors[f].Step = len(c.Params) - 1
	}
	c.Params = append(c.Params, sim.Param{Name: "pathways[1].effects[0].coef", Dist: sim.FixedValue(-0.02)})
	for p := range c.Parties {
		if c.Parties[p].Veto {
			c.Pathways[1].Effects = append(c.Pathways[1].Effects, sim.Effect{Party: p, Coef: len(c.Params) - 1, Tracks: c.Pathways[0].Tracks})
		}
	}
	if err := c.Check(); err != nil {
		b.Fatal(err)
	}
	return &c
}

// BenchmarkTimeline measures runs of the default scenario over a timeline
// of 1 and of 26 rounds, 10⁵ trials on 2 workers: a round costs a
// comparison per (party, track), not a re-score, and the target is 26
// rounds in at most twice the time of one (docs/performance.md).
func BenchmarkTimeline(b *testing.B) {
	m := defaultModel(b)
	for _, rounds := range []int{1, 26} {
		tm := timelineOf(b, m, rounds)
		b.Run(fmt.Sprintf("rounds=%d", rounds), func(b *testing.B) {
			const trials = 100_000
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := sim.Run(context.Background(), tm, sim.Options{Trials: trials, Seed: uint64(i), Workers: 2}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(trials*float64(b.N)/b.Elapsed().Seconds(), "trials/s")
		})
	}
}

// BenchmarkDefaultTimeline measures the default scenario over its own
// timeline, 10⁵ trials on 2 workers, against the same with one round
// (--set timeline.rounds=1): the target is at most twice the time.
func BenchmarkDefaultTimeline(b *testing.B) {
	src, _ := scenarios.Lookup(scenarios.Default)
	for _, rounds := range []string{"1", "26"} {
		m, err := scenarios.Load(scenarios.Default+".toml", src, scenarios.Set("timeline.rounds", rounds))
		if err != nil {
			b.Fatal(err)
		}
		b.Run("rounds="+rounds, func(b *testing.B) {
			const trials = 100_000
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := sim.Run(context.Background(), m, sim.Options{Trials: trials, Seed: uint64(i), Workers: 2}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(trials*float64(b.N)/b.Elapsed().Seconds(), "trials/s")
		})
	}
}

// BenchmarkEvidence measures the default scenario with its evidence and
// without (--evidence none), 10⁵ trials on 2 workers: the evidence's
// packages are scored once more before the rest, and the target is at
// most 1.2 × the time without (docs/performance.md).
func BenchmarkEvidence(b *testing.B) {
	src, _ := scenarios.Lookup(scenarios.Default)
	with, err := scenarios.Load(scenarios.Default+".toml", src)
	if err != nil {
		b.Fatal(err)
	}
	none := *with
	none.Evidence = nil
	for _, c := range []struct {
		name string
		m    *sim.Model
	}{{"evidence=none", &none}, {"evidence=scenario", with}} {
		b.Run(c.name, func(b *testing.B) {
			const trials = 100_000
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := sim.Run(context.Background(), c.m, sim.Options{Trials: trials, Seed: uint64(i), Workers: 2}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(trials*float64(b.N)/b.Elapsed().Seconds(), "trials/s")
		})
	}
}

// TestRunBytesPerPackage counts what a run allocates for each package of
// a scenario of many, where it writes no tables (Options.NoMargins, as
// `peacesim run` without -o): its layout, aggregates and results, the
// difference between 2,000 packages and 1,000 of the default scenario,
// over 64 trials. About 8 KiB and 13 allocations a package; it was 150 KiB
// before the margins were left uncounted and a package's slices shared one
// array.
func TestRunBytesPerPackage(t *testing.T) {
	alloc := func(n int) (bytes, objects uint64) {
		m := manyPackages(t, n)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if _, err := sim.Run(context.Background(), m, sim.Options{Trials: 64, Seed: 1, Workers: 2, NoMargins: true}); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc, after.Mallocs - before.Mallocs
	}
	b1, o1 := alloc(1000)
	b2, o2 := alloc(2000)
	perPackage, objects := float64(b2-b1)/1000, float64(o2-o1)/1000
	if perPackage > 12<<10 || objects > 20 {
		t.Errorf("a run without margins allocates %.1f KiB and %.1f objects a package, want at most 12 KiB and 20", perPackage/1024, objects)
	}
}
