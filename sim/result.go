package sim

import "math"

// wilsonZ is the standard normal quantile for a two-sided 95% interval.
const wilsonZ = 1.959963984540054

// Proportion is an estimated probability: Count successes in Trials, with
// the Wilson score 95% interval [Low, High]. In a run with evidence the
// trials are those the evidence kept; where it weighs them (a reliability
// below 1), P is the weighted share and the interval that of the run's
// effective trials (Result.Effective), while Count and Trials still
// count trials (docs/model.md#evidence).
type Proportion struct {
	Count, Trials int64
	P, Low, High  float64
}

// NewProportion estimates a probability from a count and computes its
// Wilson score interval (Wilson 1927):
//
//	(p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)
//
// which, unlike the normal approximation, stays inside [0, 1] and is sound
// for rare events such as a red line that almost never binds.
func NewProportion(count, trials int64) Proportion {
	if trials <= 0 {
		return Proportion{Count: count, Trials: trials, P: math.NaN(), Low: math.NaN(), High: math.NaN()}
	}
	return weightedProportion(count, trials, float64(count)/float64(trials), float64(trials))
}

// weightedProportion is the estimate p of a probability from weighted
// trials, of which count (of trials kept) were successes, with the Wilson
// interval of an effective sample size of n trials: NewProportion's, with
// p and n the unweighted count/trials and trials.
func weightedProportion(count, trials int64, p, n float64) Proportion {
	z2 := wilsonZ * wilsonZ
	centre := (p + z2/(2*n)) / (1 + z2/n)
	half := wilsonZ * math.Sqrt(p*(1-p)/n+z2/(4*n*n)) / (1 + z2/n)
	// In exact arithmetic Low ≤ p ≤ High, with equality at p = 0 and 1;
	// the clamps keep rounding from putting p outside its own interval.
	return Proportion{Count: count, Trials: trials, P: p,
		Low: math.Max(0, math.Min(p, centre-half)), High: math.Min(1, math.Max(p, centre+half))}
}

// Margin summarises a party's margin U − R on one track over the trials:
// how far above (or below) its reservation a package leaves it.
type Margin struct {
	// N is the number of trials summarised; 0 when the party has no stake
	// on the track (it is indifferent and has no margin).
	N        int64
	Mean, SD float64
	// P5, P50 and P95 are percentiles read from a fixed histogram
	// (see MarginBinWidth), so they merge exactly across chunks and shards.
	P5, P50, P95 float64
	Min, Max     float64
	// Clamped is the number of trials whose margin lay beyond ±MarginClamp
	// or was not a number; when it is not 0, Mean and SD are NaN.
	Clamped int64
}

// Result holds the estimates of a run, indexed like its Model.
type Result struct {
	// Trials is the number of trials the estimates rest on: those the
	// evidence kept, in a run with evidence; every trial run otherwise.
	Trials int64
	// Prior is the number of trials run, and Effective the Kish effective
	// sample size of the kept trials, (Σw)²/Σw², the n of every interval:
	// Trials and float64(Trials) without evidence, or where the evidence's
	// reliabilities are all 1 (docs/model.md#evidence).
	Prior     int64
	Effective float64
	// Evidence reports a run conditioned on evidence.
	Evidence bool
	Seed     uint64
	// Lean reports a run with Options.Lean: Margins and Pivotal were not
	// counted, and hold zero values.
	Lean bool
	// NoMargins reports a run with Options.NoMargins: Margins were not
	// counted, and hold zero values.
	NoMargins bool
	// Pathways[k][w] is the probability that package k leads to pathway w.
	Pathways [][]Proportion
	// Acceptance[k][p][t] is the probability that party p accepts track t
	// of package k (1 when it has no stake on the track).
	Acceptance [][][]Proportion
	// Violated[k][p][r] and Pivotal[k][p][r] are the rates at which party
	// p's red line r is violated by package k, and is pivotal: the party
	// rejects the red line's track but would have accepted it had that one
	// red line been satisfied.
	Violated, Pivotal [][][]Proportion
	// Margins[k][p][t] summarises U − R of party p on track t for package k.
	Margins [][][]Margin
	// Blocking[k][w] says what stops package k from meeting pathway w's
	// rule: how often the rule fails, and how often each (party, track)
	// it names rejects, alone or with others. The fallback has no rule.
	Blocking [][]RuleBlocking
	// Round is the round whose outcome every estimate above describes, of
	// a timeline's (Options.Round): 1 without a timeline.
	Round int
	// Timeline[k][r][w] is, with a timeline, the probability that package
	// k reaches pathway w by round r + 1, and that its outcome by then is
	// w; nil without a timeline (docs/model.md#timeline).
	Timeline [][][]RoundEstimate
	// Observed[i] is, in a run with evidence, the probability under the
	// prior of evidence entry i's observation: the share of the trials
	// run that reproduce it (docs/model.md#evidence).
	Observed []Proportion
	// Posterior is, in a run with evidence, what it taught about each
	// uncertain input: its prior and posterior mean and percentiles; nil
	// without evidence, and when NoMargins (they are tallied as margins
	// are, for posterior.csv).
	Posterior []InputPosterior
	// Paired compares every pair of packages on every pathway, over the
	// same trials, when the run was asked for it (Options.Paired): for
	// a < b in model order, then each pathway in order.
	Paired []PairedDifference
}

// Run is the number of trials run: Prior in a run with evidence, Trials
// otherwise.
func (r *Result) Run() int64 {
	if r.Evidence {
		return r.Prior
	}
	return r.Trials
}

// Packages returns the estimates of packages [lo, hi) of r, as a run of
// those packages alone gives them (every input draws from a stream of its
// own, so a package's estimates do not depend on the others), but for the
// pairs, which it leaves out. It shares r's slices.
func (r *Result) Packages(lo, hi int) *Result {
	out := &Result{Trials: r.Trials, Prior: r.Prior, Effective: r.Effective, Evidence: r.Evidence, Seed: r.Seed, Lean: r.Lean, NoMargins: r.NoMargins, Round: r.Round,
		Pathways: r.Pathways[lo:hi], Acceptance: r.Acceptance[lo:hi], Violated: r.Violated[lo:hi],
		Pivotal: r.Pivotal[lo:hi], Margins: r.Margins[lo:hi], Blocking: r.Blocking[lo:hi], Posterior: r.Posterior, Observed: r.Observed}
	if r.Timeline != nil {
		out.Timeline = r.Timeline[lo:hi]
	}
	return out
}

// RoundEstimate is one pathway of one package by one round of a timeline:
// the probability that it is reached by then (its rule held in some round
// so far), and that it is the outcome by then (the first pathway, in file
// order, reached so far).
type RoundEstimate struct {
	Reached, Outcome Proportion
}

// RuleBlocking is what stops a package from meeting one pathway's rule.
type RuleBlocking struct {
	// Blocked is the share of trials in which the rule is not met: some
	// party it names rejects some track it names. It counts every trial,
	// whether or not an earlier pathway matched, so it describes the rule
	// itself; 1 − Blocked is how often the rule alone would be met.
	Blocked Proportion
	// Blockers are the (party, track) pairs the rule names on which the
	// party has a stake (the others always accept), in the order of the
	// rule's parties, then tracks.
	Blockers []Blocker
}

// Blocker is one (party, track) of a pathway's rule and how it blocks it.
type Blocker struct {
	// Party and Track are indices into Model.Parties and Model.Tracks.
	Party, Track int
	// Blocks is the share of trials in which the party rejects the track,
	// which blocks the rule; Sole the share in which it is the only
	// rejection, so that its acceptance alone would have met the rule.
	Blocks, Sole Proportion
}

// PairedDifference compares packages A and B (indices into
// Model.Packages, A < B) on pathway Pathway over the same trials: the
// difference P(A) − P(B) with its 95% interval, and the discordant trials
// it rests on. Common random numbers make it far more precise than the
// difference of two independent estimates: trials in which both packages
// reach the pathway, or neither does, add nothing to its variance.
type PairedDifference struct {
	A, B, Pathway int
	// Both, AOnly, BOnly and Neither count the trials in which both
	// packages lead to the pathway, A only, B only, and neither.
	Both, AOnly, BOnly, Neither int64
	// Difference is P(A) − P(B) = (AOnly − BOnly)/trials, and [Low, High]
	// Newcombe's hybrid score 95% interval for it (see
	// NewPairedDifference).
	Difference, Low, High float64
	// Identical reports that the two packages lead to the pathway in the
	// same trials whatever the draws, because every (party, track) the
	// pathway's rule (and the rules before it) depend on scores them alike:
	// they differ only on issues that cannot move this pathway. The
	// difference is then exactly 0, and so is the interval [0, 0]: it is a
	// fact of the model, not an estimate.
	Identical bool
}

// Trials is the number of trials compared.
func (d PairedDifference) Trials() int64 { return d.Both + d.AOnly + d.BOnly + d.Neither }

// NewPairedDifference estimates P(A) − P(B) from the paired counts of
// trials in which both A and B reach an outcome, A only, B only and
// neither, with Newcombe's hybrid score interval for a difference of
// paired proportions (Newcombe 1998, "Improved confidence intervals for
// the difference between binomial proportions based on paired data",
// Statistics in Medicine 17:2635–2650, method 10; Fagerland, Lydersen and
// Laake 2017, "Statistical Analysis of Contingency Tables", §8.5). With
// n = both + aOnly + bOnly + neither, p₁ = (both + aOnly)/n and
// p₂ = (both + bOnly)/n, Wilson 95% intervals [l₁, u₁] and [l₂, u₂] for
// them, and δ = p₁ − p₂,
//
//	Low  = δ − √((p₁ − l₁)² − 2ψ(p₁ − l₁)(u₂ − p₂) + (u₂ − p₂)²)
//	High = δ + √((p₂ − l₂)² − 2ψ(p₂ − l₂)(u₁ − p₁) + (u₁ − p₁)²)
//
// where ψ estimates the correlation of the two outcomes, with Newcombe's
// continuity correction: with A = both·neither − aOnly·bOnly and
// D = the product of the four margins, ψ = (A − n/2)/√D when A > n/2,
// 0 when 0 ≤ A ≤ n/2, A/√D when A < 0, and 0 when a margin is empty.
// Unlike the Wald interval it keeps sound coverage when discordant trials
// are rare, and it never leaves [−1, 1].
func NewPairedDifference(both, aOnly, bOnly, neither int64) PairedDifference {
	d := PairedDifference{Both: both, AOnly: aOnly, BOnly: bOnly, Neither: neither}
	n := d.Trials()
	if n <= 0 {
		d.Difference, d.Low, d.High = math.NaN(), math.NaN(), math.NaN()
		return d
	}
	d.estimate(float64(both), float64(aOnly), float64(bOnly), float64(neither))
	return d
}

// WeightedPairedDifference is NewPairedDifference for trials that
// evidence weighs: the four cells hold the weights of their trials
// summed, and are scaled to add up to ess, the Kish effective sample
// size, before Newcombe's interval, as a run's own pairs are. Its counts
// are left at 0: they would not be the trials the estimate rests on.
func WeightedPairedDifference(both, aOnly, bOnly, neither, ess float64) PairedDifference {
	var d PairedDifference
	total := both + aOnly + bOnly + neither
	if !(total > 0) || !(ess > 0) {
		d.Difference, d.Low, d.High = math.NaN(), math.NaN(), math.NaN()
		return d
	}
	s := ess / total
	d.estimate(both*s, aOnly*s, bOnly*s, neither*s)
	return d
}

// estimate sets the difference and its interval from the four cells'
// counts, or, in a run that weighs its trials, their weights scaled to the
// run's effective sample size: NewPairedDifference's formulas, in which
// integer counts are exact.
func (d *PairedDifference) estimate(both, aOnly, bOnly, neither float64) {
	n := both + aOnly + bOnly + neither
	a := weightedProportion(0, 0, (both+aOnly)/n, n)
	b := weightedProportion(0, 0, (both+bOnly)/n, n)
	d.Difference = (aOnly - bOnly) / n
	var psi float64
	margins := []float64{both + aOnly, bOnly + neither, both + bOnly, aOnly + neither}
	if margins[0] > 0 && margins[1] > 0 && margins[2] > 0 && margins[3] > 0 {
		// In float64: the products reach 10⁴⁸ for 10¹² trials, far inside
		// its range, and ψ needs no more than its 16 digits.
		cross := both*neither - aOnly*bOnly
		root := math.Sqrt(margins[0]) * math.Sqrt(margins[1]) * math.Sqrt(margins[2]) * math.Sqrt(margins[3])
		switch half := n / 2; {
		case cross > half:
			psi = (cross - half) / root
		case cross < 0:
			psi = cross / root
		}
	}
	dl1, du1 := a.P-a.Low, a.High-a.P
	dl2, du2 := b.P-b.Low, b.High-b.P
	d.Low = d.Difference - math.Sqrt(math.Max(0, dl1*dl1-2*psi*dl1*du2+du2*du2))
	d.High = d.Difference + math.Sqrt(math.Max(0, dl2*dl2-2*psi*dl2*du1+du1*du1))
	d.Low, d.High = math.Max(-1, math.Min(d.Difference, d.Low)), math.Min(1, math.Max(d.Difference, d.High))
}
