package sweep

import (
	"context"
	"strconv"
	"testing"

	"github.com/peacesim/peacesim/sim"
)

// BenchmarkSweep measures a sweep of the default scenario over one package
// value, 100 points × 10,000 trials (lean, every package): the study
// workload of docs/performance.md. It reports trials × points per
// second; make bench also times the 1,000-point sweep from the command
// line.
func BenchmarkSweep(b *testing.B) {
	base := load(b)
	var values []string
	for x := 200; x < 1200; x += 10 {
		values = append(values, strconv.Itoa(x))
	}
	points := Grid([]Dimension{dimension(b, base, "packages.miami_20_point.troop_cap", values...)})
	opt := sim.Options{Trials: 10000, Seed: 1, Lean: true}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := Run(context.Background(), base, points, opt, 2, nil, func(Point, *sim.Model, *sim.Result) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(points))*float64(opt.Trials)/b.Elapsed().Seconds(), "point-trials/s")
}
