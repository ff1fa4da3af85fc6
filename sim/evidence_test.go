package sim

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// evidenceModel is two veto parties deciding one framework track on one
// issue x ∈ [0, 1], with utilities x and 1 − x and reservations
// R_a ~ N(0.5, 0.1²) and R_b ~ N(0.3, 0.15²), drawn independently: a
// accepts a package of value x with probability Φ((x − 0.5)/0.1), b with
// Φ((0.7 − x)/0.15), and the framework is reached when both do. Packages
// p and twin have x = 0.55 (twin differs only on a humanitarian issue no
// one has a stake in); far has x = 0.4.
func evidenceModel(ev ...Evidence) *Model {
	norm := func(s string) Dist {
		d, err := ParseDist(s)
		if err != nil {
			panic(err)
		}
		return d
	}
	return &Model{
		ID:     "evidence",
		Tracks: []string{"framework", "humanitarian"},
		Issues: []Issue{{ID: "x", Track: 0, Kind: Number, Lo: 0, Hi: 1}, {ID: "pow", Track: 1, Kind: Bool, Levels: []string{"false", "true"}}},
		Params: []Param{
			{Name: "parties.a.reservation", Dist: norm("normal(0.5, 0.1)")},
			{Name: "parties.a.stakes.x.weight", Dist: FixedValue(1)},
			{Name: "parties.b.reservation", Dist: norm("normal(0.3, 0.15)")},
			{Name: "parties.b.stakes.x.weight", Dist: FixedValue(1)},
		},
		Parties: []Party{
			{ID: "a", Veto: true, Reservation: []int{0, 0}, Stakes: []Stake{{Issue: 0, Weight: 1, CurveX: []float64{0, 1}, CurveY: []float64{0, 1}}}},
			{ID: "b", Veto: true, Reservation: []int{2, 2}, Stakes: []Stake{{Issue: 0, Weight: 3, CurveX: []float64{0, 1}, CurveY: []float64{1, 0}}}},
		},
		Packages: []Package{{ID: "p", Values: []float64{0.55, 0}}, {ID: "twin", Values: []float64{0.55, 1}}, {ID: "far", Values: []float64{0.4, 0}}},
		Pathways: []Pathway{{ID: "framework", Tracks: []int{0}, Parties: []int{0, 1}, AcceptedBy: "veto"}, {ID: "collapse"}},
		Evidence: ev,
	}
}

func acceptA(x float64) float64 { return distuv.UnitNormal.CDF((x - 0.5) / 0.1) }
func acceptB(x float64) float64 { return distuv.UnitNormal.CDF((0.7 - x) / 0.15) }

// within fails t unless the estimate p of n effective trials lies within
// seTolerance standard errors of want.
func within(t *testing.T, what string, p, want, n float64) {
	t.Helper()
	se := math.Sqrt(want * (1 - want) / n)
	if math.Abs(p-want) > 4*se+1e-12 {
		t.Errorf("%s = %.5f, want %.5f ± 4·%.5f", what, p, want, se)
	}
}

func runEvidence(t *testing.T, m *Model, opt Options) *Result {
	t.Helper()
	r, err := Run(context.Background(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestEvidenceAcceptance: that a accepted p's framework leaves P(framework
// of p) = P(b accepts), since the parties' reservations are independent;
// and of far, whose acceptance by a implies p's (lower x, a wants more),
// P(framework of far) = P(a accepts far)·P(b accepts far) / P(a accepts p)
// — a accepting far means R_a ≤ 0.4 ≤ 0.55.
func TestEvidenceAcceptance(t *testing.T) {
	m := evidenceModel(Evidence{Label: "a accepted p", Package: 0, Pathway: -1, Party: 0, Track: 0, Observed: true, Round: 1, Reliability: 1})
	r := runEvidence(t, m, Options{Trials: 200_000, Seed: 7, Workers: 2})
	pa := acceptA(0.55)
	if !r.Evidence || r.Prior != 200_000 || math.Abs(float64(r.Trials)/float64(r.Prior)-pa) > 4*math.Sqrt(pa*(1-pa)/2e5) {
		t.Fatalf("kept %d of %d trials, want about %.4f of them", r.Trials, r.Prior, pa)
	}
	if r.Effective != float64(r.Trials) {
		t.Errorf("exact conditioning: effective trials %v, want the %d kept", r.Effective, r.Trials)
	}
	n := float64(r.Trials)
	t.Logf("kept %d of %d: P(framework of p) %.4f (prior %.4f), of far %.4f (prior %.4f)", r.Trials, r.Prior,
		r.Pathways[0][0].P, pa*acceptB(0.55), r.Pathways[2][0].P, acceptA(0.4)*acceptB(0.4))
	within(t, "P(framework | a accepted p)", r.Pathways[0][0].P, acceptB(0.55), n)
	within(t, "P(a accepts p | a accepted p)", r.Acceptance[0][0][0].P, 1, n)
	within(t, "P(framework of far | a accepted p)", r.Pathways[2][0].P, acceptA(0.4)*acceptB(0.4)/pa, n)
}

// TestEvidenceIdenticalRejection: that b rejected twin, whose framework
// is p's, leaves P(framework of p) exactly 0, not an estimate near it.
func TestEvidenceIdenticalRejection(t *testing.T) {
	m := evidenceModel(Evidence{Label: "b rejected twin", Package: 1, Pathway: -1, Party: 1, Track: 0, Observed: false, Round: 1, Reliability: 1})
	r := runEvidence(t, m, Options{Trials: 50_000, Seed: 3, Workers: 2})
	if got := r.Pathways[0][0]; got.Count != 0 || got.P != 0 {
		t.Errorf("P(framework of p | b rejected twin) = %v (%d trials), want exactly 0", got.P, got.Count)
	}
	if r.Trials == 0 {
		t.Fatal("no trial kept")
	}
}

// TestEvidenceReliability: an observation of reliability r that a
// accepted p gives each trial weight r where a accepts and 1 − r where
// not, so P(framework of p) is the closed-form mixture
//
//	r·Pa·Pb / (r·Pa + (1 − r)(1 − Pa))
//
// and at r = ½ the evidence changes no estimate, bit for bit.
func TestEvidenceReliability(t *testing.T) {
	pa, pb := acceptA(0.55), acceptB(0.55)
	for _, rel := range []float64{0.9, 0.7, 0.3} {
		m := evidenceModel(Evidence{Label: "a accepted p", Package: 0, Pathway: -1, Party: 0, Track: 0, Observed: true, Round: 1, Reliability: rel})
		r := runEvidence(t, m, Options{Trials: 200_000, Seed: 11, Workers: 2})
		want := rel * pa * pb / (rel*pa + (1-rel)*(1-pa))
		if r.Effective >= float64(r.Trials) || r.Effective <= 0 {
			t.Errorf("r = %v: effective trials %v of %d kept", rel, r.Effective, r.Trials)
		}
		within(t, "P(framework | a accepted p, r)", r.Pathways[0][0].P, want, r.Effective)
		if lo, hi := r.Pathways[0][0].Low, r.Pathways[0][0].High; !(lo < want && want < hi) {
			t.Logf("r = %v: the interval [%v, %v] misses %v (expected about 1 time in 20)", rel, lo, hi, want)
		}
	}
	prior := runEvidence(t, evidenceModel(), Options{Trials: 30_000, Seed: 5, Workers: 2, Paired: true})
	half := runEvidence(t, evidenceModel(Evidence{Label: "a coin", Package: 0, Pathway: 0, Observed: true, Round: 1, Reliability: 0.5}),
		Options{Trials: 30_000, Seed: 5, Workers: 2, Paired: true})
	if !half.Evidence || half.Prior != prior.Trials {
		t.Fatalf("a run with evidence of reliability ½: Evidence %v, prior %d", half.Evidence, half.Prior)
	}
	for _, in := range half.Posterior {
		if in.Prior != in.Posterior {
			t.Errorf("%s: evidence of reliability ½ moved it from %+v to %+v", in.Name, in.Prior, in.Posterior)
		}
	}
	// The coin is reproduced as often as p reaches the framework.
	within(t, "P(the coin's observation)", half.Observed[0].P, pa*pb, 30_000)
	half.Evidence, half.Posterior, half.Observed = false, nil, nil
	if !reflect.DeepEqual(prior, half) {
		t.Error("evidence of reliability ½ changed the estimates")
	}
}

// TestEvidenceWorkersAndShards: with soft and exact evidence the result
// is the same for any number of workers, and for shards merged.
func TestEvidenceWorkersAndShards(t *testing.T) {
	m := evidenceModel(
		Evidence{Label: "no framework for far", Package: 2, Pathway: 0, Observed: false, Round: 1, Reliability: 1},
		Evidence{Label: "a accepted p", Package: 0, Pathway: -1, Party: 0, Track: 0, Observed: true, Round: 1, Reliability: 0.8},
		Evidence{Label: "b accepted twin", Package: 1, Pathway: -1, Party: 1, Track: 0, Observed: true, Round: 1, Reliability: 0.6})
	opt := Options{Trials: 5*ChunkSize + 77, Seed: 9, Paired: true}
	var want *Result
	for _, w := range []int{1, 2, 7} {
		opt.Workers = w
		r := runEvidence(t, m, opt)
		if want == nil {
			want = r
		} else if !reflect.DeepEqual(r, want) {
			t.Errorf("%d workers give another result than 1", w)
		}
	}
	var total *Aggregate
	for _, c := range []ChunkRange{{3, 6}, {0, 1}, {1, 3}} {
		opt.Chunks = c
		a, err := Simulate(context.Background(), m, opt)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := a.MarshalBinary()
		var back Aggregate
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if total == nil {
			total = &back
		} else if err := total.Merge(&back); err != nil {
			t.Fatal(err)
		}
	}
	r, err := total.Result(m)
	if err != nil || !reflect.DeepEqual(r, want) {
		t.Errorf("merged shards differ from the whole run (%v)", err)
	}
	// Another evidence does not merge with this one's.
	other := evidenceModel(Evidence{Label: "no framework for far", Package: 2, Pathway: 0, Observed: false, Round: 1, Reliability: 1})
	opt.Chunks = ChunkRange{}
	o, _ := Simulate(context.Background(), other, Options{Trials: opt.Trials, Seed: 9, Paired: true, Chunks: ChunkRange{0, 1}})
	a, _ := Simulate(context.Background(), m, Options{Trials: opt.Trials, Seed: 9, Paired: true, Chunks: ChunkRange{1, 2}})
	if err := a.Merge(o); !errors.Is(err, ErrMismatch) {
		t.Errorf("aggregates of different evidence merged: %v", err)
	}
}

// TestEvidenceNoneKept: evidence no trial reproduces is an error naming
// the entries, not a table of NaN.
func TestEvidenceNoneKept(t *testing.T) {
	m := evidenceModel(
		Evidence{Label: "b rejected p", Package: 0, Pathway: -1, Party: 1, Track: 0, Observed: false, Round: 1, Reliability: 1},
		Evidence{Label: "framework for twin", Package: 1, Pathway: 0, Observed: true, Round: 1, Reliability: 1})
	_, err := Run(context.Background(), m, Options{Trials: 20_000, Seed: 1})
	if !errors.Is(err, ErrEvidence) {
		t.Fatalf("err = %v, want ErrEvidence", err)
	}
	for _, want := range []string{`evidence[0] "b rejected p"`, `evidence[1] "framework for twin"`, "none reproduces all of", "20000 trials"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
}

// TestEvidencePosterior: that a accepted p (x = 0.55) means R_a ≤ 0.55,
// so R_a's posterior is N(0.5, 0.1²) truncated above at 0.55, of mean
// μ − σ·φ(α)/Φ(α) with α = (0.55 − μ)/σ, and median the prior quantile
// Φ(α)/2; R_b's does not move (it is independent of a's decision).
func TestEvidencePosterior(t *testing.T) {
	m := evidenceModel(Evidence{Label: "a accepted p", Package: 0, Pathway: -1, Party: 0, Track: 0, Observed: true, Round: 1, Reliability: 1})
	r := runEvidence(t, m, Options{Trials: 200_000, Seed: 7, Workers: 2})
	if len(r.Posterior) != 2 || r.Posterior[0].Name != "parties.a.reservation" || r.Posterior[1].Name != "parties.b.reservation" {
		t.Fatalf("posterior inputs %+v, want the two reservations", r.Posterior)
	}
	const mu, sigma = 0.5, 0.1
	alpha := (0.55 - mu) / sigma
	n := distuv.UnitNormal
	mean := mu - sigma*n.Prob(alpha)/n.CDF(alpha)
	// The truncated normal's variance, for the standard error of the mean.
	v := sigma * sigma * (1 - alpha*n.Prob(alpha)/n.CDF(alpha) - math.Pow(n.Prob(alpha)/n.CDF(alpha), 2))
	post := r.Posterior[0].Posterior
	if se := math.Sqrt(v / float64(r.Trials)); math.Abs(post.Mean-mean) > 4*se {
		t.Errorf("posterior mean of R_a %.5f, want %.5f ± 4·%.5f", post.Mean, mean, se)
	}
	median := mu + sigma*n.Quantile(n.CDF(alpha)/2)
	// Half a bin of the histogram plus 4 SE of a median (√(p(1−p)/n)/f).
	bin := -2 * sigma * n.Quantile(0.001) / 1024 // 1/1024 of the prior's central 99.8%
	f := n.Prob((median-mu)/sigma) / sigma / n.CDF(alpha)
	if tol := bin/2 + 4*0.5/math.Sqrt(float64(r.Trials))/f; math.Abs(post.P50-median) > tol {
		t.Errorf("posterior median of R_a %.5f, want %.5f ± %.5f", post.P50, median, tol)
	}
	if pr := r.Posterior[0].Prior; math.Abs(pr.Mean-mu) > 4*sigma/math.Sqrt(2e5) || math.Abs(pr.P10-(mu+sigma*n.Quantile(0.1))) > 0.002 {
		t.Errorf("prior of R_a %+v, want mean %v and 10th percentile %.4f", pr, mu, mu+sigma*n.Quantile(0.1))
	}
	b := r.Posterior[1]
	if se := 0.15 / math.Sqrt(float64(r.Trials)); math.Abs(b.Posterior.Mean-0.3) > 4*se {
		t.Errorf("posterior mean of R_b %.5f moved from 0.3 (± 4·%.5f)", b.Posterior.Mean, se)
	}
}

// TestEvidenceRounds: with a timeline, an acceptance is seen in its round
// and a pathway by its round. Package p's framework is on the table from
// round 2 of 3, so in round 1 no one accepts it and nothing is reached:
// evidence of that keeps every trial, while the same evidence of round 2
// keeps those in which a accepts p, and "no framework by round 3" those in
// which a or b rejects it.
func TestEvidenceRounds(t *testing.T) {
	pa, pb := acceptA(0.55), acceptB(0.55)
	for _, c := range []struct {
		ev   Evidence
		keep float64
	}{
		{Evidence{Label: "a rejected p in round 1", Pathway: -1, Party: 0, Observed: false, Round: 1, Reliability: 1}, 1},
		{Evidence{Label: "no framework by round 1", Pathway: 0, Observed: false, Round: 1, Reliability: 1}, 1},
		{Evidence{Label: "a accepted p in round 2", Pathway: -1, Party: 0, Observed: true, Round: 2, Reliability: 1}, pa},
		{Evidence{Label: "no framework by round 3", Pathway: 0, Observed: false, Round: 3, Reliability: 1}, 1 - pa*pb},
	} {
		m := evidenceModel(c.ev)
		m.Timeline = &Timeline{Rounds: 3, Unit: "round"}
		m.Packages[0].Schedule = []int{2, 1}
		for _, round := range []int{1, 3} {
			r := runEvidence(t, m, Options{Trials: 100_000, Seed: 4, Workers: 2, Round: round})
			kept := float64(r.Trials) / float64(r.Prior)
			if se := math.Sqrt(c.keep * (1 - c.keep) / 1e5); math.Abs(kept-c.keep) > 4*se+1e-12 {
				t.Errorf("%s, reporting round %d: kept %.4f of the trials, want %.4f", c.ev.Label, round, kept, c.keep)
			}
		}
	}
}

// TestEvidenceWithPackages: a model of some of the packages still
// conditions on what was seen of the others, and its estimates are the
// full run's, bit for bit.
func TestEvidenceWithPackages(t *testing.T) {
	m := evidenceModel(
		Evidence{Label: "a accepted p", Package: 0, Pathway: -1, Party: 0, Track: 0, Observed: true, Round: 1, Reliability: 1},
		Evidence{Label: "no framework for twin", Package: 1, Pathway: 0, Observed: false, Round: 1, Reliability: 0.7})
	opt := Options{Trials: 40_000, Seed: 2, Workers: 2}
	full := runEvidence(t, m, opt)
	sub := m.WithPackages([]int{2})
	if len(sub.Observed) != 2 || sub.Evidence[0].Package != 1 || sub.Evidence[1].Package != 2 {
		t.Fatalf("observed %d packages, evidence on %d and %d", len(sub.Observed), sub.Evidence[0].Package, sub.Evidence[1].Package)
	}
	if len(m.Observed) != 0 || m.Evidence[0].Package != 0 {
		t.Fatal("WithPackages changed the model it was given")
	}
	r := runEvidence(t, sub, opt)
	if !reflect.DeepEqual(r.Pathways[0], full.Pathways[2]) || !reflect.DeepEqual(r.Acceptance[0], full.Acceptance[2]) ||
		r.Trials != full.Trials || r.Effective != full.Effective {
		t.Errorf("far alone: %+v, in the full run: %+v", r.Pathways[0], full.Pathways[2])
	}
}

// TestEvidenceFirstRound: a pass of round 1 decides only the cells its
// entries need, and keeps the very trials that deciding the package over
// every round keeps.
func TestEvidenceFirstRound(t *testing.T) {
	m := evidenceModel(
		Evidence{Label: "a accepted p in round 1", Package: 0, Pathway: -1, Party: 0, Track: 0, Observed: true, Round: 1, Reliability: 1},
		Evidence{Label: "no framework for far in round 1", Package: 2, Pathway: 0, Observed: false, Round: 1, Reliability: 0.8})
	m.Timeline = &Timeline{Rounds: 4, Unit: "round"}
	opt := Options{Trials: 3*ChunkSize + 9, Seed: 6, Workers: 2}
	run := func(full bool) *Result {
		// The workers share the layout: it is changed once, before any
		// of them reads it.
		var once sync.Once
		a, _, err := simulate(context.Background(), m, opt, func(m *Model, l *layout, seed uint64) *blockScorer {
			once.Do(func() {
				for j := range l.evidence.passes {
					if !full && l.evidence.passes[j].first == nil {
						t.Error("a pass of round 1 decides every round")
					}
					if full {
						l.evidence.passes[j].first = nil
					}
				}
			})
			return newBlockScorer(m, l, seed)
		})
		if err != nil {
			t.Fatal(err)
		}
		r, err := a.Result(m)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if fast, full := run(false), run(true); !reflect.DeepEqual(fast, full) {
		t.Errorf("round 1 alone keeps %d trials (%v effective), every round %d (%v)", fast.Trials, fast.Effective, full.Trials, full.Effective)
	}
}

// TestEvidenceNeverSeen: an observation that no trial reproduces on its
// own is named alone, and its prior probability is 0; the others'
// probabilities are their closed forms.
func TestEvidenceNeverSeen(t *testing.T) {
	m := evidenceModel(
		Evidence{Label: "a accepted p", Package: 0, Pathway: -1, Party: 0, Track: 0, Observed: true, Round: 1, Reliability: 1},
		Evidence{Label: "collapse not reached", Package: 2, Pathway: 1, Observed: false, Round: 1, Reliability: 1})
	_, err := Run(context.Background(), m, Options{Trials: 10_000, Seed: 1})
	if !errors.Is(err, ErrEvidence) || !strings.Contains(err.Error(), `reproduces evidence[1] "collapse not reached"; run more`) ||
		strings.Contains(err.Error(), "evidence[0]") {
		t.Errorf("err = %v, want one naming evidence[1] alone", err)
	}
	m.Evidence = m.Evidence[:1]
	r := runEvidence(t, m, Options{Trials: 100_000, Seed: 1, Workers: 2})
	if len(r.Observed) != 1 || r.Observed[0].Trials != 100_000 || r.Observed[0].Count != r.Trials {
		t.Fatalf("observed %+v, kept %d", r.Observed, r.Trials)
	}
	within(t, "P(a accepts p) under the prior", r.Observed[0].P, acceptA(0.55), 100_000)
}

// TestNoMargins: a run that counts no margins allocates no margin
// histograms, nor the inputs' prior and posterior tallies of a run with
// evidence, and gives every other estimate as a full run does, bit for
// bit, evidence, pivotal red lines and pairs included; its aggregate has
// no binary form.
func TestNoMargins(t *testing.T) {
	for _, m := range []*Model{twoParty(), evidenceModel(Evidence{Label: "a accepted p", Package: 0, Pathway: -1, Party: 0, Track: 0, Observed: true, Round: 1, Reliability: 0.8})} {
		l := newLayout(m)
		full, none := countingOf(Options{Paired: true}), countingOf(Options{Paired: true, NoMargins: true})
		if a := newAggregate(m, l, 1, none); len(a.hist) != 0 || a.priorInputs != nil || a.inputs != nil {
			t.Errorf("%s: %d histogram bins allocated without margins, input tallies %v", m.ID, len(a.hist), a.priorInputs != nil || a.inputs != nil)
		}
		want := int64(len(m.Packages)*len(l.stakedCells)*marginBins*8) * int64(evidenceClasses(m))
		if d := aggregateBytes(m, len(l.stakedCells), full) - aggregateBytes(m, len(l.stakedCells), none); d != want {
			t.Errorf("%s: without margins the aggregates need %d bytes fewer, want the histograms' %d", m.ID, d, want)
		}
		opt := Options{Trials: 2*ChunkSize + 5, Seed: 3, Workers: 2, Paired: true}
		r := runEvidence(t, m, opt)
		opt.NoMargins = true
		nm := runEvidence(t, m, opt)
		if !nm.NoMargins || nm.Margins[0][0][0] != (Margin{}) {
			t.Errorf("%s: NoMargins %v, a margin %+v", m.ID, nm.NoMargins, nm.Margins[0][0][0])
		}
		if nm.Posterior != nil {
			t.Errorf("%s: a posterior of the inputs without margins", m.ID)
		}
		if len(m.Evidence) > 0 && len(r.Posterior) == 0 {
			t.Errorf("%s: a run with margins and evidence has no posterior of the inputs", m.ID)
		}
		nm.NoMargins, nm.Margins, r.Margins, r.Posterior = false, nil, nil, nil
		if !reflect.DeepEqual(r, nm) {
			t.Errorf("%s: without margins another estimate changed", m.ID)
		}
		a, _ := Simulate(context.Background(), m, Options{Trials: 10, NoMargins: true})
		if _, err := a.MarshalBinary(); err == nil {
			t.Errorf("%s: an aggregate without margins written as a shard's", m.ID)
		}
	}
}
