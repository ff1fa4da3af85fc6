package sim

import (
	"math"
	"math/big"
)

// weigher turns the counts of an aggregate's weight classes into
// estimates (docs/model.md#evidence). Without soft evidence there is one
// class, of weight 1, and every estimate is the plain one of its counts;
// with it, each class's counts enter with its weight w_c, and an interval
// has the Kish effective sample size (Σ w_c·n_c)² / Σ w_c²·n_c.
type weigher struct {
	parts []*Aggregate
	// weights[c] is class c's weight; nil for one class of weight 1.
	weights []float64
	// kept is Σ n_c, the trials of every class; total Σ w_c·n_c, and ess
	// the effective sample size.
	kept       int64
	total, ess float64
}

func newWeigher(a *Aggregate) *weigher {
	g := &weigher{parts: a.parts(), weights: a.weights}
	if g.weights == nil {
		g.kept, g.total, g.ess = a.trials, float64(a.trials), float64(a.trials)
		return g
	}
	var sq float64
	for c, part := range g.parts {
		w, n := g.weights[c], float64(part.trials)
		g.kept += part.trials
		g.total += w * n
		sq += w * w * n
	}
	if sq > 0 {
		g.ess = g.total * g.total / sq
	}
	return g
}

// prop estimates the probability whose counts pick(class)[i] are.
func (g *weigher) prop(pick func(*Aggregate) []int64, i int) Proportion {
	if g.weights == nil {
		return NewProportion(pick(g.parts[0])[i], g.kept)
	}
	var count int64
	var sum float64
	for c, part := range g.parts {
		k := pick(part)[i]
		count += k
		sum += g.weights[c] * float64(k)
	}
	if g.total <= 0 {
		return NewProportion(count, 0)
	}
	return weightedProportion(count, g.kept, sum/g.total, g.ess)
}

// always is the estimate of what holds in every trial.
func (g *weigher) always() Proportion {
	if g.weights == nil || g.total <= 0 {
		return NewProportion(g.kept, g.kept)
	}
	return weightedProportion(g.kept, g.kept, 1, g.ess)
}

// pair compares two packages on a pathway, from the counts of the first
// reaching it (pathway[i]) and of the pair's discordant trials (aOnly[q],
// bOnly[q]).
func (g *weigher) pair(i, q int) PairedDifference {
	var d PairedDifference
	var both, aOnly, bOnly, neither float64
	for c, part := range g.parts {
		a, b := part.aOnly[q], part.bOnly[q]
		bo := part.pathway[i] - a
		ne := part.trials - bo - a - b
		d.Both, d.AOnly, d.BOnly, d.Neither = d.Both+bo, d.AOnly+a, d.BOnly+b, d.Neither+ne
		if g.weights != nil {
			w := g.weights[c]
			both, aOnly, bOnly, neither = both+w*float64(bo), aOnly+w*float64(a), bOnly+w*float64(b), neither+w*float64(ne)
		}
	}
	if g.weights == nil {
		return NewPairedDifference(d.Both, d.AOnly, d.BOnly, d.Neither)
	}
	if g.total <= 0 {
		d.Difference, d.Low, d.High = math.NaN(), math.NaN(), math.NaN()
		return d
	}
	// The weights scaled to the effective sample size: the interval of
	// as many unweighted trials as the weighted ones are worth.
	s := g.ess / g.total
	d.estimate(both*s, aOnly*s, bOnly*s, neither*s)
	return d
}

// margin summarises cell i's margins over the kept trials: weighted
// sums, extremes over every class, percentiles from the classes'
// histograms added with their weights (Aggregate.margin without
// weights).
func (g *weigher) margin(i int) Margin {
	if g.weights == nil {
		return g.parts[0].margin(i, g.kept)
	}
	mg := Margin{N: g.kept, Mean: math.NaN(), SD: math.NaN(), Min: math.Inf(1), Max: math.Inf(-1)}
	if g.kept == 0 || g.total <= 0 {
		return Margin{}
	}
	var sum, sumSq, sq float64
	hist := make([]float64, marginBins)
	for c, part := range g.parts {
		w, ext := g.weights[c], part.chunk[i]
		mg.Min, mg.Max = math.Min(mg.Min, ext.min), math.Max(mg.Max, ext.max)
		mg.Clamped += ext.clamped
		s, _ := new(big.Float).SetInt(part.total[i].sum.big()).Float64()
		q, _ := new(big.Float).SetInt(part.total[i].sumSq.big()).Float64()
		sum += w * s / marginScale
		sumSq += w * q / marginScale
		sq += w * w * float64(part.trials)
		for b, n := range part.histogram(i) {
			hist[b] += w * float64(n)
		}
	}
	if mg.Clamped == 0 {
		mg.Mean = sum / g.total
		// The variance of reliability weights: Σw(m − μ)² / (Σw − Σw²/Σw).
		if den := g.total - sq/g.total; den > 0 {
			mg.SD = math.Sqrt(math.Max(0, sumSq-g.total*mg.Mean*mg.Mean) / den)
		}
	}
	mg.P5 = percentile(hist, g.total, 0.05, mg.Min, mg.Max)
	mg.P50 = percentile(hist, g.total, 0.50, mg.Min, mg.Max)
	mg.P95 = percentile(hist, g.total, 0.95, mg.Min, mg.Max)
	return mg
}
