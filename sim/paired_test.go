package sim_test

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/peacesim/peacesim/sim"
)

// TestPairedDifferenceClosedForm runs testdata/paired.toml, whose discordant
// probabilities have closed forms (see the file), and checks the paired
// counts and the difference against them, and the interval's width against
// the standard error of a paired difference, √((p₁₀ + p₀₁ − δ²)/n).
func TestPairedDifferenceClosedForm(t *testing.T) {
	m := loadTestdata(t, "paired.toml")
	r, err := sim.Run(t.Context(), m, sim.Options{Trials: int64(m.Trials), Seed: m.Seed, Paired: true})
	if err != nil {
		t.Fatal(err)
	}
	one := func(x float64) float64 { return phi((x - 0.5) / 0.1) } // P(R₁ ≤ x)
	two := func(x float64) float64 { return phi((x - 0.4) / 0.1) } // P(R₂ ≤ x)
	wantBoth := one(0.5) * two(0.4)
	wantAOnly := (one(0.6) - one(0.5)) * two(0.4)
	wantBOnly := one(0.5) * (two(0.5) - two(0.4))
	wantDiff := wantAOnly - wantBOnly

	n := float64(r.Trials)
	if len(r.Paired) != 3*2 { // pairs (a,b), (a,c), (b,c) × two pathways
		t.Fatalf("%d paired differences, want 6", len(r.Paired))
	}
	d := r.Paired[0] // a against b on the deal
	if d.A != 0 || d.B != 1 || d.Pathway != 0 {
		t.Fatalf("first comparison is %d against %d on %d, want a against b on the deal", d.A, d.B, d.Pathway)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"both", float64(d.Both) / n, wantBoth},
		{"a only", float64(d.AOnly) / n, wantAOnly},
		{"b only", float64(d.BOnly) / n, wantBOnly},
	} {
		if se := math.Sqrt(c.want * (1 - c.want) / n); !(math.Abs(c.got-c.want) <= seTolerance*se) {
			t.Errorf("P(%s) = %.5f, closed form %.5f (%.1f SE)", c.name, c.got, c.want, math.Abs(c.got-c.want)/se)
		}
	}
	se := math.Sqrt((wantAOnly + wantBOnly - wantDiff*wantDiff) / n)
	if !(math.Abs(d.Difference-wantDiff) <= seTolerance*se) {
		t.Errorf("P(a) − P(b) = %.5f, closed form %.5f (%.1f SE)", d.Difference, wantDiff, math.Abs(d.Difference-wantDiff)/se)
	}
	if !(math.Abs(d.Difference-(r.Pathways[0][0].P-r.Pathways[1][0].P)) <= 1e-15) {
		t.Errorf("difference %g is not P(a) − P(b) = %g", d.Difference, r.Pathways[0][0].P-r.Pathways[1][0].P)
	}
	// A 95% interval is about ±1.96 SE; Newcombe's is close to that here.
	if half := (d.High - d.Low) / 2; !(math.Abs(half-1.96*se) <= 0.1*1.96*se) {
		t.Errorf("interval [%.5f, %.5f] has half-width %.5f, want about 1.96 SE = %.5f", d.Low, d.High, half, 1.96*se)
	}
	// And narrower than the square-and-add of two independent intervals:
	// the two packages' outcomes are positively correlated on the same draws.
	wa, wb := r.Pathways[0][0].High-r.Pathways[0][0].Low, r.Pathways[1][0].High-r.Pathways[1][0].Low
	if indep := math.Hypot(wa, wb); d.High-d.Low >= indep {
		t.Errorf("paired interval %.5f wide, not narrower than independent intervals make it, %.5f", d.High-d.Low, indep)
	}
	if d.Identical {
		t.Error("a and b called identical")
	}
}

// TestPairedDifferenceExactlyZero checks that two packages that differ only
// on an issue no pathway can depend on show a difference of exactly 0 with
// a zero-width interval, on every pathway, and that the flag is not given
// to packages that merely happen to agree.
func TestPairedDifferenceExactlyZero(t *testing.T) {
	m := loadTestdata(t, "paired.toml")
	r, err := sim.Run(t.Context(), m, sim.Options{Trials: 20000, Seed: 3, Paired: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range r.Paired {
		ac := d.A == 0 && d.B == 2
		switch {
		case ac && (!d.Identical || d.Difference != 0 || d.Low != 0 || d.High != 0 || d.AOnly != 0 || d.BOnly != 0):
			t.Errorf("a against c on %s: %+v, want identical with difference 0 in [0, 0]", m.Pathways[d.Pathway].ID, d)
		case !ac && d.Identical:
			t.Errorf("%s against %s on %s called identical", m.Packages[d.A].ID, m.Packages[d.B].ID, m.Pathways[d.Pathway].ID)
		case !ac && d.High-d.Low <= 0:
			t.Errorf("%s against %s: a zero-width interval for an estimate", m.Packages[d.A].ID, m.Packages[d.B].ID)
		}
	}
}

// TestNewPairedDifference checks the interval against the worked example
// of Fagerland, Lydersen and Laake (2017), Table 8.2 (Cavo et al. 2012):
// 59 both, 6 first only, 16 second only, 80 neither give −0.0621 with the
// Newcombe square-and-add 95% interval (−0.1186, −0.0046).
func TestNewPairedDifference(t *testing.T) {
	d := sim.NewPairedDifference(59, 6, 16, 80)
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"difference", d.Difference, -0.0621}, {"low", d.Low, -0.1186}, {"high", d.High, -0.0046}} {
		if !(math.Abs(c.got-c.want) <= 0.00005) {
			t.Errorf("%s = %.5f, want %.4f", c.name, c.got, c.want)
		}
	}
	// Symmetry: swapping the packages negates the interval.
	s := sim.NewPairedDifference(59, 16, 6, 80)
	if !(math.Abs(s.Low+d.High) <= 1e-12 && math.Abs(s.High+d.Low) <= 1e-12) {
		t.Errorf("swapped: [%g, %g], want [%g, %g]", s.Low, s.High, -d.High, -d.Low)
	}
	// Bounds stay in [−1, 1] and hold the estimate, however extreme.
	for _, c := range [][4]int64{{0, 10, 0, 0}, {0, 0, 10, 0}, {5, 0, 0, 5}, {0, 0, 0, 1}, {1e12 - 2, 1, 1, 0}} {
		d := sim.NewPairedDifference(c[0], c[1], c[2], c[3])
		if !(-1 <= d.Low && d.Low <= d.Difference && d.Difference <= d.High && d.High <= 1) {
			t.Errorf("%v: %g in [%g, %g]", c, d.Difference, d.Low, d.High)
		}
	}
}

// TestAggregatesMerge splits a run's chunks into ranges of uneven sizes,
// simulates each range on its own and merges the aggregates in another
// order: the result is identical to the whole run's, paired counts and all.
func TestAggregatesMerge(t *testing.T) {
	m := loadTestdata(t, "paired.toml")
	opt := sim.Options{Trials: 9*sim.ChunkSize + 123, Seed: 4, Paired: true, Workers: 2}
	whole, err := sim.Run(t.Context(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	chunks := sim.ChunkCount(opt.Trials) // 10
	for _, cuts := range [][]int64{{0, chunks}, {0, 1, 7, chunks}, {0, 2, 3, 9, chunks}} {
		var parts []*sim.Aggregate
		for i := 0; i+1 < len(cuts); i++ {
			o := opt
			o.Chunks = sim.ChunkRange{First: cuts[i], End: cuts[i+1]}
			a, err := sim.Simulate(t.Context(), m, o)
			if err != nil {
				t.Fatal(err)
			}
			parts = append(parts, a)
		}
		rand.New(rand.NewPCG(1, uint64(len(parts)))).Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
		total := parts[0]
		for _, p := range parts[1:] {
			if err := total.Merge(p); err != nil {
				t.Fatal(err)
			}
		}
		got, err := total.Result(m)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, whole) {
			t.Errorf("%d ranges %v: the merged result differs from the whole run's", len(cuts)-1, cuts)
		}
		if c := total.Chunks(); len(c) != 1 || c[0] != (sim.ChunkRange{First: 0, End: chunks}) {
			t.Errorf("merged chunks %v, want one range [0, %d)", c, chunks)
		}
	}
}

// TestAggregatesRefuseToMerge: aggregates of different seeds, models or
// options, or that both cover a chunk, do not merge.
func TestAggregatesRefuseToMerge(t *testing.T) {
	m := loadTestdata(t, "paired.toml")
	run := func(seed uint64, paired bool, first, end int64, m *sim.Model) *sim.Aggregate {
		a, err := sim.Simulate(t.Context(), m, sim.Options{Trials: 4 * sim.ChunkSize, Seed: seed, Paired: paired,
			Chunks: sim.ChunkRange{First: first, End: end}})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	other := loadTestdata(t, "factor_shift.toml")
	for _, c := range []struct {
		name string
		b    *sim.Aggregate
	}{
		{"another seed", run(2, true, 2, 4, m)},
		{"without pairs", run(1, false, 2, 4, m)},
		{"another model", run(1, true, 2, 4, other)},
		{"an overlapping range", run(1, true, 1, 3, m)},
	} {
		a := run(1, true, 0, 2, m)
		if err := a.Merge(c.b); err == nil {
			t.Errorf("%s: merged", c.name)
		}
		if a.Trials() != 2*sim.ChunkSize {
			t.Errorf("%s: a refused merge changed the aggregate", c.name)
		}
	}
	if _, err := run(1, true, 0, 2, m).Result(other); err == nil {
		t.Error("an aggregate gave a result for another model")
	}
}
