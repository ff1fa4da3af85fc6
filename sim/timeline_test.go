package sim_test

import (
	"context"
	"math"
	"reflect"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/peacesim/peacesim/sim"
)

// The timeline's closed forms use one party, a, whose utility for a package
// is its value x on each of two tracks (a linear stake of weight 1), and
// whose reservations are R_fw ~ N(μ, σ²) on the framework track and
// R_hum ~ N(μh, σh²) on the humanitarian one. The pathways are
// framework (a accepts framework), humanitarian (a accepts humanitarian)
// and collapse.
const (
	tlU, tlMu, tlSigma    = 0.5, 0.6, 0.1
	tlUh, tlMuH, tlSigmaH = 0.5, 0.55, 0.2
)

// timelineModel is that model over rounds rounds, with the factors given
// (each adds to a's framework reservation), and a package of x = tlU on
// the framework track and tlUh on the humanitarian one.
func timelineModel(t testing.TB, rounds int, factors ...timelineFactor) *sim.Model {
	t.Helper()
	dist := func(s string) sim.Dist {
		d, err := sim.ParseDist(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	m := &sim.Model{
		ID:     "timeline",
		Tracks: []string{"framework", "humanitarian"},
		Issues: []sim.Issue{
			{ID: "x", Track: 0, Kind: sim.Number, Lo: 0, Hi: 1},
			{ID: "h", Track: 1, Kind: sim.Number, Lo: 0, Hi: 1},
		},
		Params: []sim.Param{
			{Name: "parties.a.reservation.framework", Dist: sim.Dist{Family: sim.Normal, P: [4]float64{tlMu, tlSigma}}},
			{Name: "parties.a.reservation.humanitarian", Dist: sim.Dist{Family: sim.Normal, P: [4]float64{tlMuH, tlSigmaH}}},
			{Name: "parties.a.stakes.x.weight", Dist: sim.FixedValue(1)},
			{Name: "parties.a.stakes.h.weight", Dist: sim.FixedValue(1)},
		},
		Parties: []sim.Party{{ID: "a", Veto: true, Reservation: []int{0, 1}, Stakes: []sim.Stake{
			{Issue: 0, Weight: 2, CurveX: []float64{0, 1}, CurveY: []float64{0, 1}},
			{Issue: 1, Weight: 3, CurveX: []float64{0, 1}, CurveY: []float64{0, 1}},
		}}},
		Packages: []sim.Package{{ID: "p", Values: []float64{tlU, tlUh}}},
		Pathways: []sim.Pathway{
			{ID: "framework", Tracks: []int{0}, Parties: []int{0}, AcceptedBy: "veto"},
			{ID: "humanitarian", Tracks: []int{1}, Parties: []int{0}, AcceptedBy: "a"},
			{ID: "collapse"},
		},
		Timeline: &sim.Timeline{Rounds: rounds, Unit: "week"},
	}
	param := func(name, d string) int {
		m.Params = append(m.Params, sim.Param{Name: name, Dist: dist(d)})
		return len(m.Params) - 1
	}
	for _, f := range factors {
		fac := sim.Factor{ID: f.id, Value: param("factors."+f.id+".value", f.value), Step: -1, Bounds: f.bounds,
			Effects: []sim.Effect{{Party: 0, Coef: param("factors."+f.id+".effects[0].coef", f.coef), Tracks: []int{0}}}}
		if f.step != "" {
			fac.Step = param("factors."+f.id+".step", f.step)
		}
		m.Factors = append(m.Factors, fac)
	}
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	return m
}

type timelineFactor struct {
	id, value, step, coef string
	bounds                []float64
}

func runTimeline(t testing.TB, m *sim.Model, opt sim.Options) *sim.Result {
	t.Helper()
	if opt.Trials == 0 {
		opt.Trials = 200_000
	}
	if opt.Seed == 0 {
		opt.Seed = 17
	}
	r, err := sim.Run(context.Background(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// near checks an estimate against its closed form within seTolerance
// standard errors; an exact 0 or 1 must be met exactly.
func near(t *testing.T, what string, got sim.Proportion, want float64) {
	t.Helper()
	if want == 0 || want == 1 {
		if got.P != want {
			t.Errorf("%s = %v, exactly %v by construction", what, got.P, want)
		}
		return
	}
	se := math.Sqrt(want * (1 - want) / float64(got.Trials))
	if !(math.Abs(got.P-want) <= seTolerance*se) {
		t.Errorf("%s = %.5f, closed form %.5f (%.1f SE)", what, got.P, want, math.Abs(got.P-want)/se)
	}
}

const tlFramework, tlHumanitarian, tlCollapse = 0, 1, 2

// TestTimelineDrift: a reservation that falls by δ a round — a factor of
// value 0 whose step is 1, with coefficient −δ — is met by round r with
// probability Φ((u − μ + δ(r − 1))/σ): the margin only grows, so reached by
// r is accepted in r. Without the step every round would give Φ((u − μ)/σ).
func TestTimelineDrift(t *testing.T) {
	const delta, R = 0.03, 8
	m := timelineModel(t, R, timelineFactor{id: "drift", value: "0", step: "1", coef: "-0.03"})
	r := runTimeline(t, m, sim.Options{})
	for round := 1; round <= R; round++ {
		want := phi((tlU - tlMu + delta*float64(round-1)) / tlSigma)
		near(t, "P(framework reached by round "+itoa(round)+")", r.Timeline[0][round-1][tlFramework].Reached, want)
		near(t, "P(outcome framework by round "+itoa(round)+")", r.Timeline[0][round-1][tlFramework].Outcome, want)
	}
	if got, want := r.Pathways[0][tlFramework], r.Timeline[0][R-1][tlFramework].Outcome; got != want {
		t.Errorf("P(framework) = %+v, but its outcome by the last round is %+v", got, want)
	}
}

// TestTimelineEvents: events that each lower the reservation by c — a
// step of bernoulli(p) — leave, by round r, k ~ Binom(r − 1, p) events,
// so P(reached by r) = Σₖ Binom(k; r − 1, p)·Φ((u − μ + c·k)/σ).
func TestTimelineEvents(t *testing.T) {
	const p, c, R = 0.4, 0.05, 6
	m := timelineModel(t, R, timelineFactor{id: "strikes", value: "0", step: "bernoulli(0.4)", coef: "-0.05"})
	r := runTimeline(t, m, sim.Options{})
	for round := 1; round <= R; round++ {
		b := distuv.Binomial{N: float64(round - 1), P: p}
		want := 0.0
		for k := 0; k < round; k++ {
			want += b.Prob(float64(k)) * phi((tlU-tlMu+c*float64(k))/tlSigma)
		}
		near(t, "P(framework reached by round "+itoa(round)+")", r.Timeline[0][round-1][tlFramework].Reached, want)
	}
}

// TestTimelineBounds: a step clamped into bounds stops there. A factor of
// value 0, step 1 and bounds [0, 2] with coefficient −δ lowers the
// reservation by at most 2δ: from round 3 on, P(reached) stays
// Φ((u − μ + 2δ)/σ).
func TestTimelineBounds(t *testing.T) {
	const delta, R = 0.03, 6
	m := timelineModel(t, R, timelineFactor{id: "drift", value: "0", step: "1", coef: "-0.03", bounds: []float64{0, 2}})
	r := runTimeline(t, m, sim.Options{})
	for round := 1; round <= R; round++ {
		want := phi((tlU - tlMu + delta*float64(min(round-1, 2))) / tlSigma)
		near(t, "P(framework reached by round "+itoa(round)+")", r.Timeline[0][round-1][tlFramework].Reached, want)
	}
}

// TestTimelineConfidenceBuilding: the humanitarian pathway, reached in
// round 1 with probability q = Φ((u_h − μ_h)/σ_h), lowers the framework
// reservation by d from round 2 on. With the framework after the
// humanitarian pathway, P(framework in round 1) is exactly 0 and
// P(framework by round 2) = q·Φ((u − μ + d)/σ); without after, it is
// Φ((u − μ)/σ) by round 1 and Φ₀ + q·(Φ((u − μ + d)/σ) − Φ₀) by round 2.
func TestTimelineConfidenceBuilding(t *testing.T) {
	const d = 0.08
	q := phi((tlUh - tlMuH) / tlSigmaH)
	phi0, phiD := phi((tlU-tlMu)/tlSigma), phi((tlU-tlMu+d)/tlSigma)
	build := func(after bool) *sim.Model {
		m := timelineModel(t, 3)
		m.Params = append(m.Params, sim.Param{Name: "pathways[1].effects[0].coef", Dist: sim.FixedValue(-d)})
		m.Pathways[tlHumanitarian].Effects = []sim.Effect{{Party: 0, Coef: len(m.Params) - 1, Tracks: []int{0}}}
		if after {
			m.Pathways[tlFramework].After = []int{tlHumanitarian}
		}
		return m
	}
	t.Run("after", func(t *testing.T) {
		r := runTimeline(t, build(true), sim.Options{})
		tl := r.Timeline[0]
		near(t, "P(framework by round 1)", tl[0][tlFramework].Reached, 0)
		near(t, "P(humanitarian by round 1)", tl[0][tlHumanitarian].Reached, q)
		near(t, "P(outcome humanitarian by round 1)", tl[0][tlHumanitarian].Outcome, q)
		near(t, "P(framework by round 2)", tl[1][tlFramework].Reached, q*phiD)
		near(t, "P(outcome humanitarian by round 2)", tl[1][tlHumanitarian].Outcome, q*(1-phiD))
		near(t, "P(outcome collapse by round 2)", tl[1][tlCollapse].Outcome, 1-q)
		// Nothing changes after round 2: the draws are the same each round.
		if tl[2][tlFramework] != tl[1][tlFramework] {
			t.Errorf("round 3 %+v differs from round 2 %+v", tl[2][tlFramework], tl[1][tlFramework])
		}
	})
	t.Run("without after", func(t *testing.T) {
		r := runTimeline(t, build(false), sim.Options{})
		tl := r.Timeline[0]
		near(t, "P(framework by round 1)", tl[0][tlFramework].Reached, phi0)
		near(t, "P(framework by round 2)", tl[1][tlFramework].Reached, phi0+q*(phiD-phi0))
	})
}

// TestTimelineSchedule: a track on the table from round 3 cannot be
// accepted before: P(framework reached) is exactly 0 in rounds 1 and 2,
// then Φ((u − μ)/σ), and the humanitarian pathway, reachable from round
// 1, is the outcome of every trial it reaches before then.
func TestTimelineSchedule(t *testing.T) {
	m := timelineModel(t, 4)
	m.Packages[0].Schedule = []int{3, 1}
	r := runTimeline(t, m, sim.Options{})
	tl := r.Timeline[0]
	q := phi((tlUh - tlMuH) / tlSigmaH)
	for round := 1; round <= 2; round++ {
		near(t, "P(framework by round "+itoa(round)+")", tl[round-1][tlFramework].Reached, 0)
		near(t, "P(humanitarian by round "+itoa(round)+")", tl[round-1][tlHumanitarian].Reached, q)
	}
	// A trial whose talks ended with the humanitarian ceasefire... go on:
	// only the first pathway ends them, so the framework is reached in
	// round 3 wherever a accepts it.
	near(t, "P(framework by round 3)", tl[2][tlFramework].Reached, phi((tlU-tlMu)/tlSigma))
	near(t, "P(accepts framework in round 2)", runTimeline(t, m, sim.Options{Round: 2}).Acceptance[0][0][0], 0)
}

// TestTimelineRoundsArePrefixes: the rounds of a run are fixed by (seed,
// key path, trial, round) alone, so the first 4 rounds of a 6-round run
// are exactly those of a 4-round run, and its outcome by round 4
// (Options.Round) is the 4-round run's, for any number of workers and
// any split of the trials into shards.
func TestTimelineRoundsArePrefixes(t *testing.T) {
	factors := []timelineFactor{
		{id: "momentum", value: "beta(6, 3)", step: "normal(0.01, 0.05)", coef: "0.2", bounds: []float64{0, 1}},
		{id: "strikes", value: "0", step: "bernoulli(0.3)", coef: "-0.02"},
	}
	opt := sim.Options{Trials: 3*sim.ChunkSize + 11, Seed: 4}
	six, four := timelineModel(t, 6, factors...), timelineModel(t, 4, factors...)
	r4 := runTimeline(t, four, opt)
	for _, workers := range []int{1, 3} {
		o := opt
		o.Workers, o.Round = workers, 4
		r6 := runTimeline(t, six, o)
		if !reflect.DeepEqual(r6.Timeline[0][:4], r4.Timeline[0]) {
			t.Errorf("workers=%d: the first 4 rounds of 6 differ from a run of 4", workers)
		}
		r4c := *r4
		r6.Timeline, r4c.Timeline = nil, nil
		if !reflect.DeepEqual(r6, &r4c) {
			t.Errorf("workers=%d: the outcome by round 4 of 6 differs from a run of 4", workers)
		}
	}
	// Shards: the chunks of a run, merged, are the run.
	whole, err := sim.Simulate(context.Background(), six, opt)
	if err != nil {
		t.Fatal(err)
	}
	var merged *sim.Aggregate
	for _, span := range []sim.ChunkRange{{First: 2, End: 4}, {First: 0, End: 2}} {
		o := opt
		o.Chunks = span
		part, err := sim.Simulate(context.Background(), six, o)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := part.MarshalBinary()
		var back sim.Aggregate
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if merged == nil {
			merged = &back
		} else if err := merged.Merge(&back); err != nil {
			t.Fatal(err)
		}
	}
	rw, _ := whole.Result(six)
	rm, err := merged.Result(six)
	if err != nil || !reflect.DeepEqual(rw, rm) {
		t.Errorf("merged shards differ from the whole run (%v)", err)
	}
	// Another reported round does not merge with this one.
	o := opt
	o.Round = 2
	other, _ := sim.Simulate(context.Background(), six, o)
	if err := whole.Merge(other); err == nil {
		t.Error("aggregates of rounds 6 and 2 merged")
	}
}

// TestTimelineOfOneRound: a timeline of one round is the one-shot model:
// every estimate is the same, bit for bit, and its one round is the run's
// outcome.
func TestTimelineOfOneRound(t *testing.T) {
	m := oneShot(miami(t))
	timed := *m
	timed.Timeline = &sim.Timeline{Rounds: 1, Unit: "week"}
	opt := sim.Options{Trials: 2*sim.ChunkSize + 5, Seed: 3, Paired: true}
	plain, once := runTimeline(t, m, opt), runTimeline(t, &timed, opt)
	if once.Timeline == nil || plain.Timeline != nil {
		t.Fatalf("a timeline's result has no rounds, or a plain one has")
	}
	for k := range once.Timeline {
		for w, e := range once.Timeline[k][0] {
			if e.Outcome != plain.Pathways[k][w] {
				t.Errorf("package %d pathway %d: outcome by round 1 %+v, P(pathway) %+v", k, w, e.Outcome, plain.Pathways[k][w])
			}
		}
	}
	once.Timeline = nil
	if !reflect.DeepEqual(plain, once) {
		t.Error("a timeline of one round changes the estimates")
	}
}

// TestTimelineRoundOutOfRange: a round the timeline does not have is an
// error, not a run of another round.
func TestTimelineRoundOutOfRange(t *testing.T) {
	m := timelineModel(t, 3)
	for _, round := range []int{-1, 4} {
		if _, err := sim.Run(context.Background(), m, sim.Options{Trials: 10, Seed: 1, Round: round}); err == nil {
			t.Errorf("Round %d of 3 accepted", round)
		}
	}
	m.Timeline = nil
	if _, err := sim.Run(context.Background(), m, sim.Options{Trials: 10, Seed: 1, Round: 2}); err == nil {
		t.Error("Round 2 of a model without a timeline accepted")
	}
}

func itoa(i int) string { return string(rune('0'+i/10%10)) + string(rune('0'+i%10)) }

// TestTimelineTalksEnd: once a trial reaches the first pathway its talks
// on the package end. Here the framework's effect would lower the
// humanitarian reservation from round 2 on, but it reaches only trials
// whose talks have ended: P(humanitarian reached) stays what it was in
// round 1, Φ((u_h − μ_h)/σ_h), count for count.
func TestTimelineTalksEnd(t *testing.T) {
	m := timelineModel(t, 3)
	m.Params = append(m.Params, sim.Param{Name: "pathways[0].effects[0].coef", Dist: sim.FixedValue(-0.2)})
	m.Pathways[tlFramework].Effects = []sim.Effect{{Party: 0, Coef: len(m.Params) - 1, Tracks: []int{1}}}
	tl := runTimeline(t, m, sim.Options{}).Timeline[0]
	near(t, "P(humanitarian by round 1)", tl[0][tlHumanitarian].Reached, phi((tlUh-tlMuH)/tlSigmaH))
	for r := 1; r < 3; r++ {
		if tl[r][tlHumanitarian] != tl[0][tlHumanitarian] {
			t.Errorf("round %d: P(humanitarian reached) %+v, round 1 %+v", r+1, tl[r][tlHumanitarian].Reached, tl[0][tlHumanitarian].Reached)
		}
	}
}

// TestTimelineScheduleBeyondTheHorizon: a track scheduled after the last
// round (a horizon cut short, --set timeline.rounds=1) is never on the
// table: in a timeline of one round, as of more, nobody accepts it.
func TestTimelineScheduleBeyondTheHorizon(t *testing.T) {
	for _, rounds := range []int{1, 2} {
		m := timelineModel(t, rounds)
		m.Packages[0].Schedule = []int{3, 1}
		r := runTimeline(t, m, sim.Options{Trials: 20_000})
		near(t, "P(framework)", r.Pathways[0][tlFramework], 0)
		near(t, "P(a accepts framework)", r.Acceptance[0][0][0], 0)
		near(t, "P(humanitarian)", r.Pathways[0][tlHumanitarian], phi((tlUh-tlMuH)/tlSigmaH))
	}
}

// TestTimelineAllocatesNothing: a block of trials over the default
// scenario's 26 rounds allocates nothing: rounds reuse the scorer's
// buffers.
// So does a pathway whose effects shift every track (an effect without
// tracks), stepping factors and all.
func TestTimelineAllocatesNothing(t *testing.T) {
	allTracks := timelineModel(t, 8, timelineFactor{id: "drift", value: "0", step: "normal(0.01, 0.01)", coef: "-0.02"})
	allTracks.Params = append(allTracks.Params, sim.Param{Name: "pathways[1].effects[0].coef", Dist: sim.FixedValue(-0.05)})
	allTracks.Pathways[tlHumanitarian].Effects = []sim.Effect{{Party: 0, Coef: len(allTracks.Params) - 1}}
	for name, m := range map[string]*sim.Model{"the default scenario": miami(t), "effects on every track": allTracks} {
		block := sim.BlockFunc(m, 1)
		t0 := uint64(0)
		if a := testing.AllocsPerRun(50, func() { block(t0); t0 += sim.Block }); a != 0 {
			t.Errorf("%s: %v allocations a block of trials over its rounds", name, a)
		}
	}
}

// TestSettledRoundsAreNotDecided: once every trial of a block has reached
// each pathway but the fallback or is vetoed from it, the rounds before
// the reported one are not decided. Package "settles" has its framework
// vetoed by a hard red line in every trial and its humanitarian pause
// accepted in round 1 in every trial; package "p", whose framework is open,
// is decided in every round.
func TestSettledRoundsAreNotDecided(t *testing.T) {
	const rounds = 12
	m := timelineModel(t, rounds)
	m.Params[1].Dist = sim.FixedValue(0.1) // a's humanitarian reservation, below any package's utility
	m.Params = append(m.Params, sim.Param{Name: "parties.a.red_lines[0].threshold", Dist: sim.FixedValue(0.3)})
	m.Parties[0].RedLines = []sim.RedLine{{Issue: 0, Kind: sim.Min, Threshold: len(m.Params) - 1, Hard: true, Penalty: -1}}
	m.Packages = []sim.Package{
		{ID: "p", Values: []float64{tlU, tlUh}},
		{ID: "settles", Values: []float64{0.2, tlUh}},
	}
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	got := sim.RoundsDecided(m, 1, 0)
	if want := []int{rounds - 1, 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("rounds decided before the last, per package: %v, want %v (p every round, settles round 1 alone)", got, want)
	}
	r, err := sim.Run(context.Background(), m, sim.Options{Trials: 1000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if hum := r.Pathways[1][1]; hum.Count != 1000 {
		t.Errorf("settles: humanitarian in %d of 1000 trials, want all", hum.Count)
	}
}
