package sim

import "math"

// wilsonZ is the standard normal quantile for a two-sided 95% interval.
const wilsonZ = 1.959963984540054

// Proportion is an estimated probability: Count successes in Trials, with
// the Wilson score 95% interval [Low, High].
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
	n := float64(trials)
	p := float64(count) / n
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
	Trials int64
	Seed   uint64
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
}
