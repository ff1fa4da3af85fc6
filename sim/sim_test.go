package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"time"
)

// twoParty builds by hand a small model that uses every feature the engine
// evaluates: uncertain reservations, weights and thresholds, salience
// resampling (of fixed and uncertain weights on one track),
// soft and hard red lines, a factor with an effect, a party without a stake
// on one track, and three pathways.
func twoParty() *Model {
	p := func(name string, d Dist) Param { return Param{Name: name, Dist: d} }
	mustDist := func(s string) Dist {
		d, err := ParseDist(s)
		if err != nil {
			panic(err)
		}
		return d
	}
	return &Model{
		ID:     "two-party",
		Tracks: []string{"framework", "humanitarian"},
		Issues: []Issue{
			{ID: "cap", Track: 0, Kind: Number, Lo: 0, Hi: 1200},
			{ID: "nato", Track: 0, Kind: Ordinal, Levels: []string{"member", "deferred", "renounced"}},
			{ID: "pow", Track: 1, Kind: Bool, Levels: []string{"false", "true"}},
		},
		Params: []Param{
			p("parties.u.reservation.framework", mustDist("normal(0.25, 0.1)")),     // 0
			p("parties.u.reservation.humanitarian", mustDist("normal(0.85, 0.15)")), // 1
			p("parties.u.stakes.cap.weight", FixedValue(0.3)),                       // 2
			p("parties.u.stakes.nato.weight", FixedValue(0.4)),                      // 3
			p("parties.u.stakes.pow.weight", FixedValue(0.3)),                       // 4
			p("parties.u.red_lines[0].min", mustDist("triangular(500, 600, 700)")),  // 5
			p("parties.u.red_lines[0].weight", FixedValue(0.5)),                     // 6
			p("parties.r.reservation", mustDist("normal(0.5, 0.1)")),                // 7
			p("parties.r.stakes.cap.weight", FixedValue(0.3)),                       // 8
			p("parties.r.stakes.nato.weight", FixedValue(0.7)),                      // 9
			p("factors.f.value", mustDist("normal(0.6, 0.15)")),                     // 10
			p("factors.f.effects[0].coef", FixedValue(0.15)),                        // 11
		},
		Parties: []Party{
			{ID: "u", Veto: true, Reservation: []int{0, 1}, Concentration: 40,
				Stakes: []Stake{
					{Issue: 0, Weight: 2, CurveX: []float64{400, 1000}, CurveY: []float64{0, 1}},
					{Issue: 1, Weight: 3, Values: []float64{1, 0.5, 0}},
					{Issue: 2, Weight: 4, Values: []float64{0, 1}},
				},
				RedLines: []RedLine{{Issue: 0, Kind: Min, Threshold: 5, Penalty: 6}},
			},
			{ID: "r", Veto: true, Reservation: []int{7, -1},
				Stakes: []Stake{
					{Issue: 0, Weight: 8, CurveX: []float64{0, 600, 1200}, CurveY: []float64{1, 0.6, 0}},
					{Issue: 1, Weight: 9, Values: []float64{0, 0.3, 1}},
				},
				RedLines: []RedLine{{Issue: 1, Kind: Allowed, Levels: []bool{false, false, true}, Hard: true, Threshold: -1, Penalty: -1}},
			},
		},
		Factors: []Factor{{ID: "f", Value: 10, Effects: []Effect{{Party: 1, Coef: 11}}, Step: -1}},
		Packages: []Package{
			{ID: "a", Values: []float64{800, 2, 1}},
			{ID: "b", Values: []float64{800, 1, 1}},
		},
		Pathways: []Pathway{
			{ID: "framework", Tracks: []int{0}, Parties: []int{0, 1}, AcceptedBy: "veto"},
			{ID: "humanitarian", Tracks: []int{1}, Parties: []int{0, 1}, AcceptedBy: "u,r"},
			{ID: "collapse"},
		},
	}
}

func TestRunIsIndependentOfWorkers(t *testing.T) {
	// Also with a fixed and a drawn weight side by side under salience,
	// where α changes from trial to trial.
	mixed := twoParty()
	mixed.Params[3].Dist = Dist{Family: Uniform, P: [4]float64{0.3, 0.5}}
	for name, m := range map[string]*Model{"two-party": twoParty(), "mixed weights": mixed} {
		t.Run(name, func(t *testing.T) { testIndependentOfWorkers(t, m) })
	}
}

func testIndependentOfWorkers(t *testing.T, m *Model) {
	run := func(workers int, seed uint64) *Result {
		r, err := Run(context.Background(), m, Options{Trials: 3*ChunkSize + 17, Seed: seed, Workers: workers, Paired: true})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	one := run(1, 9)
	for _, w := range []int{2, 7} {
		if got := run(w, 9); !reflect.DeepEqual(one, got) {
			t.Errorf("workers=%d gives a different result from workers=1", w)
		}
	}
	if again := run(1, 9); !reflect.DeepEqual(one, again) {
		t.Error("the same seed twice gives different results")
	}
	if other := run(2, 10); reflect.DeepEqual(one.Pathways, other.Pathways) {
		t.Error("another seed gives the same pathway counts")
	}
}

func TestRunSanity(t *testing.T) {
	m := twoParty()
	r, err := Run(context.Background(), m, Options{Trials: 20000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for k := range m.Packages {
		var total int64
		for _, p := range r.Pathways[k] {
			total += p.Count
		}
		if total != r.Trials {
			t.Errorf("package %d: pathway counts sum to %d, want %d", k, total, r.Trials)
		}
		// r has no stake on the humanitarian track: indifferent, it always accepts.
		if got := r.Acceptance[k][1][1]; got.Count != r.Trials {
			t.Errorf("package %d: indifferent party accepted %d of %d", k, got.Count, r.Trials)
		}
		if r.Margins[k][1][1].N != 0 {
			t.Errorf("package %d: indifferent party has a margin", k)
		}
		for p := range m.Parties {
			for i := range m.Parties[p].RedLines {
				if r.Pivotal[k][p][i].Count > r.Violated[k][p][i].Count {
					t.Errorf("package %d party %d red line %d: pivotal more often than violated", k, p, i)
				}
			}
		}
	}
	// Package b defers NATO: r's hard red line is violated in every trial,
	// so the framework agreement never happens.
	if got := r.Violated[1][1][0].Count; got != r.Trials {
		t.Errorf("hard red line violated %d times, want %d", got, r.Trials)
	}
	if got := r.Pathways[1][0].Count; got != 0 {
		t.Errorf("framework reached %d times despite a violated hard red line", got)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, twoParty(), Options{Trials: 1 << 30, Seed: 1})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run on a cancelled context: err = %v, want context.Canceled", err)
	}
}

// TestRunStopsWithinAChunk cancels a run whose single chunk takes a tenth
// of a second (600 packages): the engine checks the context every block of trials,
// not only between chunks, so it stops long before the chunk would end.
// The bound is generous, for a slow or busy machine; without the check
// the run would take the whole chunk.
func TestRunStopsWithinAChunk(t *testing.T) {
	m := twoParty()
	for len(m.Packages) < 600 {
		p := m.Packages[len(m.Packages)%2]
		p.ID = fmt.Sprintf("p%d", len(m.Packages))
		m.Packages = append(m.Packages, p)
	}
	// A chunk, timed on this machine as the fastest of three runs of one
	// chunk: a single timing is at the mercy of whatever else runs.
	chunk := time.Duration(math.MaxInt64)
	for range 3 {
		start := time.Now()
		if _, err := Run(context.Background(), m, Options{Trials: ChunkSize, Seed: 1, Workers: 1}); err != nil {
			t.Fatal(err)
		}
		chunk = min(chunk, time.Since(start))
	}
	t.Logf("a chunk of %d packages takes %v", len(m.Packages), chunk)
	// Three tries: on a machine busy with other work, the goroutine that
	// cancels may itself wait its turn for longer than the bound.
	var took time.Duration
	for range 3 {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(chunk/20, cancel)
		start := time.Now()
		_, err := Run(ctx, m, Options{Trials: ChunkSize, Seed: 1, Workers: 1})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if took = time.Since(start); took <= chunk/2 {
			return
		}
	}
	t.Errorf("a cancelled run took %v; a chunk takes about %v", took, chunk)
}

func TestRunRejectsBadInput(t *testing.T) {
	if _, err := Run(context.Background(), twoParty(), Options{Trials: 0}); err == nil {
		t.Error("Trials = 0 accepted")
	}
	m := twoParty()
	m.Parties[0].Stakes[0].Issue = 99
	if _, err := Run(context.Background(), m, Options{Trials: 10}); err == nil {
		t.Error("a stake on issue 99 accepted")
	}
	m = twoParty()
	m.Parties[1].RedLines[0].Issue = 2 // r has no stake in pow
	if _, err := Run(context.Background(), m, Options{Trials: 10}); err == nil {
		t.Error("a red line on an issue without a stake accepted")
	}
}

func TestTrialAllocatesNothing(t *testing.T) {
	for _, paired := range []bool{false, true} {
		m := twoParty()
		l := newLayout(m)
		e, tl := newBlockScorer(m, l, 1), newAggregate(m, l, 1, counting{paired: paired})
		var t0 uint64
		if a := testing.AllocsPerRun(100, func() { e.block(t0, Block, tl); t0 += Block }); a != 0 {
			t.Errorf("paired %v: a block of trials allocates %v times, want 0", paired, a)
		}
	}
}

func TestWilson(t *testing.T) {
	// At p̂ = 0, ½ and 1 the Wilson interval has simple closed forms:
	// [0, z²/(n+z²)], ½ ± z·√(1/4n + z²/4n²)/(1+z²/n) and [n/(n+z²), 1].
	const n = 100
	z2 := wilsonZ * wilsonZ
	half := wilsonZ * math.Sqrt(0.25/n+z2/(4*n*n)) / (1 + z2/n)
	cases := []struct {
		name      string
		count     int64
		low, high float64
	}{
		{"none", 0, 0, z2 / (n + z2)},
		{"half", n / 2, 0.5 - half, 0.5 + half},
		{"all", n, n / (n + z2), 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := NewProportion(c.count, n)
			if math.Abs(p.Low-c.low) > 1e-12 || math.Abs(p.High-c.high) > 1e-12 {
				t.Errorf("Wilson(%d/%d) = [%.12f, %.12f], want [%.12f, %.12f]", c.count, n, p.Low, p.High, c.low, c.high)
			}
		})
	}
	if p := NewProportion(0, 0); !math.IsNaN(p.P) {
		t.Error("a proportion of no trials is not NaN")
	}
	// Rounding must never put an estimate outside its own interval.
	for _, trials := range []int64{1, 7, 100, 12345, 100000, 1 << 40} {
		for _, count := range []int64{0, 1, trials / 3, trials - 1, trials} {
			if p := NewProportion(count, trials); !(p.Low <= p.P && p.P <= p.High) {
				t.Errorf("Wilson(%d/%d) = [%v, %v] does not contain %v", count, trials, p.Low, p.High, p.P)
			}
		}
	}
}

// TestClampedMargins checks that margins beyond ±MarginClamp (here, a
// reservation on a scale of thousands) are counted and leave the mean and
// sd undefined rather than distorted, while the percentiles and extremes
// stay right.
func TestClampedMargins(t *testing.T) {
	tl := &Aggregate{chunk: []chunkMargin{{min: math.Inf(1), max: math.Inf(-1)}},
		total: make([]marginTotal, 1), histCell: []int{0}, hist: make([]int64, marginBins)}
	for i := 0; i < 100; i++ {
		tl.addMargins(0, []float64{-100000 - float64(i)})
	}
	tl.addMargins(0, []float64{math.NaN()})
	tl.endChunk()
	g := tl.margin(0, 101)
	if g.Clamped != 101 || !math.IsNaN(g.Mean) || !math.IsNaN(g.SD) {
		t.Errorf("clamped %d, mean %g, sd %g; want 101, NaN, NaN", g.Clamped, g.Mean, g.SD)
	}
	if g.Min != -100099 || g.P5 > -100000 || g.P5 < -100099 {
		t.Errorf("min %g, p5 %g; want -100099 and a p5 within the margins", g.Min, g.P5)
	}
}

// TestInt128 checks the margin totals' accumulator across the sign and the
// 64-bit boundary.
func TestInt128(t *testing.T) {
	var u int128
	u.add(math.MaxInt64)
	u.add(math.MaxInt64)
	u.add(-5)
	var v int128
	v.add(-7)
	u.merge(v)
	want := new(big.Int).Mul(big.NewInt(math.MaxInt64), big.NewInt(2))
	want.Sub(want, big.NewInt(12))
	if u.big().Cmp(want) != 0 {
		t.Errorf("int128 total %v, want %v", u.big(), want)
	}
	var w int128
	w.add(-3)
	if w.big().Int64() != -3 {
		t.Errorf("int128 of -3 is %v", w.big())
	}
}

func TestRunTooLarge(t *testing.T) {
	m := twoParty()
	l := newLayout(m)
	_, err := Run(context.Background(), m, Options{Trials: 10, MemoryLimit: aggregateBytes(m, len(l.stakedCells), counting{}) - 1})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("aggregates beyond MemoryLimit: err = %v, want ErrTooLarge", err)
	}
	agg := aggregateBytes(m, len(l.stakedCells), counting{})
	if _, err := Run(context.Background(), m, Options{Trials: 10, MemoryLimit: agg}); err != nil {
		t.Errorf("aggregates within MemoryLimit: %v", err)
	}
	// The tables of the result count too: the aggregates fit, with them
	// they do not, and the message says how many packages would.
	cells := int64(len(m.Packages) * len(m.Parties) * len(m.Tracks))
	opt := Options{Trials: 10, MemoryLimit: agg + cells*100 - 1, ResultBytes: 100}
	_, err = Run(context.Background(), m, opt)
	fits := opt.MemoryLimit / ((agg + cells*100) / int64(len(m.Packages)))
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), fmt.Sprintf("it allows about %d packages", fits)) {
		t.Errorf("aggregates and tables beyond MemoryLimit: err = %v, want ErrTooLarge allowing %d packages", err, fits)
	}
	opt.MemoryLimit++
	if _, err := Run(context.Background(), m, opt); err != nil {
		t.Errorf("aggregates and tables within MemoryLimit: %v", err)
	}
}

func TestWorkerCount(t *testing.T) {
	cases := []struct {
		name          string
		requested     int
		chunks, tally int64
		want          int
	}{
		{"as asked", 7, 100, 1 << 20, 7},
		{"no more than chunks", 7, 3, 1 << 20, 3},
		{"within the budget", 8, 100, TallyBudget / 3, 3},
		{"one even beyond it", 8, 100, 2 * TallyBudget, 1},
	}
	for _, c := range cases {
		if got := workerCount(c.requested, c.chunks, c.tally); got != c.want {
			t.Errorf("%s: workerCount(%d, %d, %d) = %d, want %d", c.name, c.requested, c.chunks, c.tally, got, c.want)
		}
	}
}

func TestStakeUtility(t *testing.T) {
	curve := Stake{CurveX: []float64{0, 600, 1200}, CurveY: []float64{1, 0.6, 0}}
	levels := Stake{Values: []float64{1, 0.5, 0}}
	cases := []struct {
		name  string
		stake Stake
		x     float64
		want  float64
	}{
		{"below the curve clamps", curve, -5, 1},
		{"first knot", curve, 0, 1},
		{"between knots", curve, 300, 0.8},
		{"inner knot", curve, 600, 0.6},
		{"second segment", curve, 900, 0.3},
		{"above the curve clamps", curve, 5000, 0},
		{"level", levels, 1, 0.5},
		{"level out of range", levels, 7, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.stake.Utility(c.x); math.Abs(got-c.want) > 1e-12 {
				t.Errorf("Utility(%g) = %g, want %g", c.x, got, c.want)
			}
		})
	}
}

func TestMarginSummary(t *testing.T) {
	tl := &Aggregate{chunk: []chunkMargin{{min: math.Inf(1), max: math.Inf(-1)}},
		total: make([]marginTotal, 1), histCell: []int{0}, hist: make([]int64, marginBins)}
	const n = 1001
	for i := 0; i < n-1; i++ {
		tl.addMargins(0, []float64{float64(i)/1000 - 0.5}) // uniform on [−0.5, 0.5)
		if i%300 == 0 {
			tl.endChunk()
		}
	}
	tl.addMargins(0, []float64{-9}) // one value in the lower tail bin
	tl.endChunk()
	g := tl.margin(0, n)
	if g.Min != -9 || g.Max != 0.499 {
		t.Errorf("min, max = %g, %g", g.Min, g.Max)
	}
	// Mean and sd of the 1001 values, computed directly.
	var sum, sumSq float64
	for i := 0; i < n-1; i++ {
		x := float64(i)/1000 - 0.5
		sum += x
		sumSq += x * x
	}
	sum, sumSq = sum-9, sumSq+81
	mean := sum / n
	sd := math.Sqrt((sumSq - n*mean*mean) / (n - 1))
	if math.Abs(g.Mean-mean) > 1e-6 || math.Abs(g.SD-sd) > 1e-6 {
		t.Errorf("mean, sd = %g, %g; want %g, %g", g.Mean, g.SD, mean, sd)
	}
	if math.Abs(g.P50-0) > MarginBinWidth {
		t.Errorf("median = %g, want ≈ 0", g.P50)
	}
	if math.Abs(g.P95-0.45) > 2*MarginBinWidth {
		t.Errorf("p95 = %g, want ≈ 0.45", g.P95)
	}
}

// TestSalienceKeepsNominalShares checks the Dirichlet salience on a track
// where one weight is fixed and the other drawn: E[wᵢ/Σw] = w̄ᵢ/Σw̄ for a
// Dirichlet, so the fixed stake keeps a mean share of 0.5 against a weight
// drawn from uniform(0.49, 0.51) (its mean share is 0.5 ± 10⁻⁴).
func TestSalienceKeepsNominalShares(t *testing.T) {
	const seTolerance = 4 // standard errors
	m := twoParty()
	m.Params[2].Dist = FixedValue(0.5)                                  // u's cap weight
	m.Params[3].Dist = Dist{Family: Uniform, P: [4]float64{0.49, 0.51}} // u's nato weight
	m.Parties[0].Concentration = 10
	l := newLayout(m)
	e, tl := newBlockScorer(m, l, 3), newAggregate(m, l, 3, counting{})
	cap := l.cellStakes[0][0] // the first stake of u's framework cell
	var shares []float64
	for t0 := uint64(0); t0 < 200*Block; t0 += Block {
		e.block(t0, Block, tl)
		for b := 0; b < Block; b++ {
			w := func(s int) float64 { return e.weight[s*Block+b] }
			shares = append(shares, w(cap)/(w(cap)+w(cap+1)))
		}
	}
	var sum, sumSq float64
	for _, s := range shares {
		sum += s
		sumSq += s * s
	}
	n := float64(len(shares))
	mean := sum / n
	se := math.Sqrt((sumSq/n - mean*mean) / n)
	if math.Abs(mean-0.5) > seTolerance*se+1e-4 {
		t.Errorf("the fixed stake's mean share is %.4f, want 0.5 (SE %.4f)", mean, se)
	}
}

// TestSalienceShareVariance checks the spread of the Dirichlet salience:
// with concentration c around nominal shares s, a stake's share of its
// track's weight is Beta(c·s, c·(1−s)), whose variance is s(1−s)/(c+1).
// (TestSalienceKeepsNominalShares checks the mean, which fixed weights
// would keep too; this fails if the weights are not resampled.)
func TestSalienceShareVariance(t *testing.T) {
	const seTolerance = 4 // standard errors
	m := twoParty()       // u's framework weights: cap 0.3, nato 0.4
	const c, s = 40.0, 0.3 / (0.3 + 0.4)
	m.Parties[0].Concentration = c
	l := newLayout(m)
	e, ag := newBlockScorer(m, l, 5), newAggregate(m, l, 5, counting{})
	cap := l.cellStakes[0][0]
	var shares []float64
	for t0 := uint64(0); t0 < 500*Block; t0 += Block {
		e.block(t0, Block, ag)
		for b := 0; b < Block; b++ {
			w := func(s int) float64 { return e.weight[s*Block+b] }
			shares = append(shares, w(cap)/(w(cap)+w(cap+1)))
		}
	}
	n := float64(len(shares))
	var mean float64
	for _, x := range shares {
		mean += x / n
	}
	// The sample variance, and its standard error from the spread of the
	// squared deviations.
	var v, v2 float64
	for _, x := range shares {
		d := (x - mean) * (x - mean)
		v += d / n
		v2 += d * d / n
	}
	se := math.Sqrt(math.Max(0, v2-v*v) / n)
	// Written so that a NaN fails too.
	if want := s * (1 - s) / (c + 1); !(math.Abs(v-want) <= seTolerance*se) {
		t.Errorf("a share's variance is %.6f, want s(1−s)/(c+1) = %.6f (SE %.6f)", v, want, se)
	}
}

// TestWithPackages: a package scores the same whichever others a run
// holds, and in whatever order.
func TestWithPackages(t *testing.T) {
	m := twoParty()
	opt := Options{Trials: 2 * ChunkSize, Seed: 6}
	both, err := Run(context.Background(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	second, err := Run(context.Background(), m.WithPackages([]int{1}), opt)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(second.Pathways[0], both.Pathways[1]) || !reflect.DeepEqual(second.Margins[0], both.Margins[1]) {
		t.Error("package b alone scores otherwise than beside a")
	}
	if len(m.Packages) != 2 {
		t.Error("WithPackages changed the model it copied")
	}
}

// TestLeanCountsTheSame: a lean run counts pathways, acceptance, blocking
// and violations exactly as a full run does, and leaves margins and
// pivotal rates out.
func TestLeanCountsTheSame(t *testing.T) {
	m := twoParty()
	opt := Options{Trials: 2*ChunkSize + 5, Seed: 4, Paired: true}
	full, err := Run(context.Background(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Lean = true
	lean, err := Run(context.Background(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !lean.Lean || full.Lean {
		t.Error("Result.Lean does not say which run was lean")
	}
	for name, pair := range map[string][2]any{
		"pathways": {full.Pathways, lean.Pathways}, "acceptance": {full.Acceptance, lean.Acceptance},
		"blocking": {full.Blocking, lean.Blocking}, "violated": {full.Violated, lean.Violated}, "paired": {full.Paired, lean.Paired},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("%s differ between a lean and a full run", name)
		}
	}
	if lean.Margins[0][0][0].N != 0 || lean.Pivotal[0][0][0].Count != 0 || full.Margins[0][0][0].N == 0 {
		t.Error("a lean run counted margins or pivotal red lines")
	}
}

// TestPlanWorkers: a run of many packages, whose workers' aggregates would
// pass TallyBudget together, plans fewer workers than asked.
func TestPlanWorkers(t *testing.T) {
	m := twoParty()
	opt := Options{Trials: 1 << 20, Workers: 2}
	if n := PlanWorkers(m, opt); n != 2 {
		t.Errorf("two packages: %d workers, want 2", n)
	}
	for len(m.Packages) < 30000 { // 30,000 × 3 staked cells × 8 KiB > 512 MiB
		m.Packages = append(m.Packages, m.Packages[0])
	}
	if n := PlanWorkers(m, opt); n != 1 {
		t.Errorf("30,000 packages: %d workers, want 1", n)
	}
	opt.Lean = true // no histograms: small aggregates again
	if n := PlanWorkers(m, opt); n != 2 {
		t.Errorf("30,000 packages, lean: %d workers, want 2", n)
	}
}
