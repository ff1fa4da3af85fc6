package sim

import (
	"math"
	"math/big"
	"math/bits"
)

// What the evidence taught about each assumption (docs/model.md#evidence):
// with evidence, a run keeps, for every uncertain input, a histogram and
// the sums of its draws over all trials (the prior) and over each weight
// class's trials (the posterior), exactly as it keeps a margin's. An input
// is mapped onto the margins' histogram range, [−2, 2], by its prior's
// 0.1% to 99.9% quantiles, so each of its 1024 bins holds 1/1024 of that
// range and a percentile is read to within half a bin.

// inputQuantile is the prior quantile that maps onto either end of an
// input's histogram range.
const inputQuantile = 0.001

// posteriorInput is one input whose draws a run with evidence tallies: a
// Param (param ≥ 0), or the share of a stake on a salient cell (stake ≥
// 0): w/Σw on its (party, track). Its draws x enter as
// u = (x − lo)·scale − MarginHistRange.
type posteriorInput struct {
	name         string
	param, stake int
	cell         int
	lo, scale    float64
}

// addPosteriorInputs lists m's uncertain inputs for the posterior, when m
// has evidence: every Param with a distribution that is drawn once a
// trial, then each stake's share on each salient cell.
func (l *layout) addPosteriorInputs(m *Model, order [][2]int) {
	if len(m.Evidence) == 0 {
		return
	}
	span := 2 * MarginHistRange
	for i, p := range m.Params {
		if p.Dist.IsFixed() || l.perRound[i] {
			continue
		}
		lo, hi := p.Dist.Quantile(inputQuantile), p.Dist.Quantile(1-inputQuantile)
		if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
			lo, hi = p.Dist.Support()
			if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
				lo, hi = lo-1, lo+1
			}
		}
		l.evidence.inputs = append(l.evidence.inputs, posteriorInput{name: p.Name, param: i, stake: -1, lo: lo, scale: span / (hi - lo)})
	}
	for c, salient := range l.salient {
		if !salient {
			continue
		}
		p, t := c/l.tracks, c%l.tracks
		for s := l.cellStakes[c][0]; s < l.cellStakes[c][1]; s++ {
			st := order[s]
			name := m.SalienceName(p, t) + "." + keySegment(m.Issues[m.Parties[st[0]].Stakes[st[1]].Issue].ID)
			l.evidence.inputs = append(l.evidence.inputs, posteriorInput{name: name, param: -1, stake: s, cell: c, lo: 0, scale: span})
		}
	}
}

// inputTally is the draws of a run's posterior inputs over some of its
// trials, kept as a margin's are: a chunk's float sums, exact integer
// totals, extremes and a histogram of marginBins bins per input.
type inputTally struct {
	chunk []chunkMargin
	total []marginTotal
	hist  []int64
}

func newInputTally(inputs int) *inputTally {
	t := &inputTally{chunk: make([]chunkMargin, inputs), total: make([]marginTotal, inputs), hist: make([]int64, inputs*marginBins)}
	for i := range t.chunk {
		t.chunk[i] = chunkMargin{min: math.Inf(1), max: math.Inf(-1)}
	}
	return t
}

// add counts the block's draws of every input in the trials of keep.
func (t *inputTally) add(e *blockScorer, n int, keep uint64) {
	if keep == 0 {
		return
	}
	var u [Block]float64
	for j := range e.l.evidence.inputs {
		in := &e.l.evidence.inputs[j]
		x := e.inputDraws(in, n)
		m := 0
		for k := keep; k != 0; k &= k - 1 {
			u[m] = (x[bits.TrailingZeros64(k)]-in.lo)*in.scale - MarginHistRange
			m++
		}
		addMarginsTo(&t.chunk[j], t.hist[j*marginBins:(j+1)*marginBins], u[:m])
	}
}

// inputDraws are the block's n draws of input in (a share is w·(1/Σw),
// left in e.num as scratch).
func (e *blockScorer) inputDraws(in *posteriorInput, n int) []float64 {
	if in.param >= 0 {
		return e.param(in.param, n)
	}
	w, inv, x := e.weight[in.stake*Block:in.stake*Block+n], e.invDen[in.cell*Block:in.cell*Block+n], e.num[:n]
	for b := range x {
		x[b] = w[b] * inv[b]
	}
	return x
}

// endChunk moves the chunk's float sums into the integer totals.
func (t *inputTally) endChunk() {
	for i := range t.chunk {
		endChunkMargin(&t.chunk[i], &t.total[i])
	}
}

// merge adds o's counts to t's.
func (t *inputTally) merge(o *inputTally) {
	addInts(t.hist, o.hist)
	for i := range t.total {
		mergeMargin(&t.chunk[i], &t.total[i], o.chunk[i], o.total[i])
	}
}

// Belief summarises an input's distribution over a run's trials: its
// mean and its 10th, 50th and 90th percentiles (the percentiles read from
// a histogram, to within half of one of its bins: 1/1024 of the prior's
// central 99.8%).
type Belief struct {
	Mean, P10, P50, P90 float64
}

// InputPosterior is what a run's evidence taught about one uncertain
// input: its distribution over all the trials run (Prior) and over the
// trials the evidence kept, weighted (Posterior).
type InputPosterior struct {
	// Name is the input's key path, or for a salience share
	// "parties.P.salience.T.ISSUE": the stake's weight over the party's
	// weights on the track.
	Name             string
	Prior, Posterior Belief
}

// posterior summarises every input over the prior's trials and the
// classes' weighted trials.
func (g *weigher) posterior(l *layout, prior *inputTally, classes []*inputTally) []InputPosterior {
	out := make([]InputPosterior, len(l.evidence.inputs))
	for j, in := range l.evidence.inputs {
		out[j] = InputPosterior{Name: in.name,
			Prior:     belief(&in, []*inputTally{prior}, []float64{1}, j),
			Posterior: belief(&in, classes, g.parts[0].classWeights(), j)}
	}
	return out
}

// belief summarises input j of in over the tallies ts, weighted by ws.
func belief(in *posteriorInput, ts []*inputTally, ws []float64, j int) Belief {
	var sum, total float64
	lo, hi := math.Inf(1), math.Inf(-1)
	hist := make([]float64, marginBins)
	for c, t := range ts {
		s, _ := new(big.Float).SetInt(t.total[j].sum.big()).Float64()
		sum += ws[c] * s / marginScale
		lo, hi = math.Min(lo, t.chunk[j].min), math.Max(hi, t.chunk[j].max)
		for b, n := range t.hist[j*marginBins : (j+1)*marginBins] {
			hist[b] += ws[c] * float64(n)
			total += ws[c] * float64(n)
		}
	}
	back := func(u float64) float64 { return in.lo + (u+MarginHistRange)/in.scale }
	if total <= 0 {
		return Belief{math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	}
	return Belief{Mean: back(sum / total),
		P10: back(percentile(hist, total, 0.10, lo, hi)),
		P50: back(percentile(hist, total, 0.50, lo, hi)),
		P90: back(percentile(hist, total, 0.90, lo, hi))}
}
