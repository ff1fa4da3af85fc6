package sim

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// layout is what a run precomputes from a Model once: everything that does
// not change between trials, flattened into slices indexed by integers so the
// per-trial loop reads memory in order and allocates nothing.
//
// Cells number (party, track) pairs as p·T + t. Stakes of all parties are
// numbered in cell order, so the stakes of one cell are contiguous
// (cellStakes[c] is their range). Red lines are numbered party by party in
// Model order: party p's start at redLineOffset[p].
type layout struct {
	parties, tracks int
	staked          []bool   // [cell]: the party has a stake on the track
	stakedCells     []int    // the cells with staked[cell], in order
	cellStakes      [][2]int // [cell]: the range of its stakes

	stakes      int
	stakeWeight []int // [stake]: Param index of the nominal weight
	// drawnWeights are the stakes whose nominal weight is uncertain; the
	// others are set once per worker (and, where salient, redrawn).
	drawnWeights []int
	// terms[k·cells + cell] are the stakes of a cell with their utilities
	// under package k, leaving out those whose utility is 0: they add
	// nothing to Σ wᵢ·uᵢ.
	terms [][]term
	// weighted[cell] says the cell's weights change from trial to trial
	// (drawn, or resampled for salience), so its U is summed in every
	// trial; elsewhere U of package k is the same in every trial and is
	// computed once, as fixedU[k·cells + cell].
	weighted []bool
	fixedU   []float64
	// salient[cell] says the party resamples its weights on the track; where
	// its weights there are all fixed, so are the Dirichlet's α, and
	// salience[stake] holds the stake's gamma variate ready to draw.
	salient    []bool
	fixedAlpha []bool // [cell]
	salience   []gammaVariate
	conc       []float64 // [cell]: the party's salience concentration

	redLines      int
	redLineOffset []int
	redLineHard   []bool    // [red line]
	redLinePen    []int     // [red line]: Param index of λ (soft only)
	redLineThr    []int     // [red line]: Param index of the threshold (min/max only)
	redLineMax    []bool    // [red line]: a max red line (violated when x > t), not a min
	redLineValue  []float64 // [k·NR + r]: the package's value of the issue
	// cellThresholds[cell] are the min and max red lines on the cell, whose
	// violation depends on the trial's threshold; cellBroken[k·cells + cell]
	// are the allowed and require red lines on it that package k violates in
	// every trial, and brokenRedLines[k] all of those, for every cell. All
	// are in red-line order.
	cellThresholds [][]int
	cellBroken     [][]int
	brokenRedLines [][]int

	// pathwayCells[w] are the staked cells that must all accept for pathway
	// w (a cell without a stake always accepts); ruleOffset[w] numbers them
	// across pathways, ruleCells in all, for the blocking counts.
	pathwayCells [][]int
	ruleOffset   []int
	ruleCells    int

	// paramKey[i] and salienceKey[cell] identify the random streams of
	// Param i and of the Dirichlet of the cell's salience weights: each is
	// derived from the input's key path (stream.seed).
	paramKey    []inputKey
	salienceKey []inputKey
}

// newLayout precomputes the layout of m, once for a run: its stakes and red
// lines, what each package makes of them, its pathways' cells and the keys
// of its random streams.
func newLayout(m *Model) *layout {
	P, T := len(m.Parties), len(m.Tracks)
	cells := P * T
	l := &layout{parties: P, tracks: T, staked: make([]bool, cells), cellStakes: make([][2]int, cells),
		salient: make([]bool, cells), fixedAlpha: make([]bool, cells), weighted: make([]bool, cells),
		conc: make([]float64, cells), redLineOffset: make([]int, P), cellThresholds: make([][]int, cells)}
	order := l.addStakes(m)
	redLineCell := l.addRedLines(m)
	l.addSalience(m)
	util := make([]float64, l.stakes) // [stake]: u(x) under the package
	for k := range m.Packages {
		l.addPackageTerms(m, &m.Packages[k], order, util)
		l.addBrokenRedLines(m, &m.Packages[k], redLineCell)
	}
	l.addPathways(m)
	l.addStreamKeys(m)
	return l
}

// addStakes numbers the stakes of every party in cell order, sets which
// cells are staked, salient and weighted, and lists the stakes whose
// weights are drawn. It returns every stake as (party, index in
// Party.Stakes), in that order.
func (l *layout) addStakes(m *Model) [][2]int {
	T := l.tracks
	var order [][2]int
	for p := range m.Parties {
		party := &m.Parties[p]
		for t := 0; t < T; t++ {
			cell := p*T + t
			l.cellStakes[cell][0] = len(order)
			fixed := true
			for s, st := range party.Stakes {
				if m.Issues[st.Issue].Track == t {
					order = append(order, [2]int{p, s})
					l.stakeWeight = append(l.stakeWeight, st.Weight)
					fixed = fixed && m.Params[st.Weight].Dist.IsFixed()
				}
			}
			l.cellStakes[cell][1] = len(order)
			n := l.cellStakes[cell][1] - l.cellStakes[cell][0]
			l.staked[cell] = n > 0
			if n > 0 {
				l.stakedCells = append(l.stakedCells, cell)
			}
			// One stake on a track takes all of its weight, drawn or not.
			l.salient[cell] = party.Concentration > 0 && n > 1
			l.fixedAlpha[cell] = fixed
			l.weighted[cell] = l.salient[cell] || !fixed
			l.conc[cell] = party.Concentration
		}
	}
	l.stakes = len(order)
	for s, w := range l.stakeWeight {
		if !m.Params[w].Dist.IsFixed() {
			l.drawnWeights = append(l.drawnWeights, s)
		}
	}
	return order
}

// addRedLines numbers the red lines party by party and records what a
// trial needs of each: hard or soft, its penalty and threshold, and, for
// a min or max one, the cell whose thresholds it is among. It returns the
// cell each red line penalises or vetoes, by red line.
func (l *layout) addRedLines(m *Model) []int {
	T := l.tracks
	redLineCell := []int{}
	for p := range m.Parties {
		party := &m.Parties[p]
		l.redLineOffset[p] = l.redLines
		for _, r := range party.RedLines {
			cell := p*T + m.Issues[r.Issue].Track
			if r.Kind == Min || r.Kind == Max {
				l.cellThresholds[cell] = append(l.cellThresholds[cell], len(redLineCell))
			}
			redLineCell = append(redLineCell, cell)
			l.redLineHard = append(l.redLineHard, r.Hard)
			l.redLinePen = append(l.redLinePen, r.Penalty)
			l.redLineThr = append(l.redLineThr, r.Threshold)
			l.redLineMax = append(l.redLineMax, r.Kind == Max)
		}
		l.redLines += len(party.RedLines)
	}
	return redLineCell
}

// addSalience prepares the gamma variates of the salient cells whose
// nominal weights are all fixed, so that their Dirichlet's α is too.
func (l *layout) addSalience(m *Model) {
	l.salience = make([]gammaVariate, l.stakes)
	for _, c := range l.stakedCells {
		if !l.salient[c] || !l.fixedAlpha[c] {
			continue
		}
		lo, hi := l.cellStakes[c][0], l.cellStakes[c][1]
		nominal := make([]float64, hi-lo)
		for i := range nominal {
			nominal[i] = math.Max(0, m.Params[l.stakeWeight[lo+i]].Dist.P[0])
		}
		dirichletAlphas(nominal, l.conc[c], l.salience[lo:hi])
	}
}

// addPackageTerms appends package pkg's utilities to fixedU and terms, a
// cell at a time; order lists the stakes as addStakes returned them, and
// util is scratch space, one for each stake.
func (l *layout) addPackageTerms(m *Model, pkg *Package, order [][2]int, util []float64) {
	for s, ps := range order {
		st := &m.Parties[ps[0]].Stakes[ps[1]]
		util[s] = st.Utility(pkg.Values[st.Issue])
	}
	for c := 0; c < l.parties*l.tracks; c++ {
		lo, hi := l.cellStakes[c][0], l.cellStakes[c][1]
		l.fixedU = append(l.fixedU, fixedUtility(m, l.stakeWeight[lo:hi], util[lo:hi]))
		var ts []term
		for s := lo; s < hi; s++ {
			if util[s] != 0 {
				ts = append(ts, term{stake: s, u: util[s]})
			}
		}
		l.terms = append(l.terms, ts)
	}
}

// addBrokenRedLines appends package pkg's value of each red line's issue
// to redLineValue, and the allowed and require red lines it violates in
// every trial to brokenRedLines and, by cell (redLineCell), to cellBroken.
func (l *layout) addBrokenRedLines(m *Model, pkg *Package, redLineCell []int) {
	var broken []int
	cellBroken := make([][]int, l.parties*l.tracks)
	j := 0 // the red line's number
	for p := range m.Parties {
		for i := range m.Parties[p].RedLines {
			r := &m.Parties[p].RedLines[i]
			x := pkg.Values[r.Issue]
			if (r.Kind == Allowed || r.Kind == Require) && r.Violated(x, 0) {
				broken = append(broken, j)
				cellBroken[redLineCell[j]] = append(cellBroken[redLineCell[j]], j)
			}
			l.redLineValue = append(l.redLineValue, x)
			j++
		}
	}
	l.brokenRedLines = append(l.brokenRedLines, broken)
	l.cellBroken = append(l.cellBroken, cellBroken...)
}

// addPathways lists, for each pathway, the staked cells that must accept
// for it, and numbers them across pathways.
func (l *layout) addPathways(m *Model) {
	T := l.tracks
	for _, w := range m.Pathways {
		var need []int
		for _, p := range w.Parties {
			for _, t := range w.Tracks {
				if l.staked[p*T+t] {
					need = append(need, p*T+t)
				}
			}
		}
		l.pathwayCells = append(l.pathwayCells, need)
		l.ruleOffset = append(l.ruleOffset, l.ruleCells)
		l.ruleCells += len(need)
	}
}

// addStreamKeys derives the key of the random stream of every uncertain
// Param and of every salient cell's Dirichlet from its key path.
func (l *layout) addStreamKeys(m *Model) {
	l.paramKey = make([]inputKey, len(m.Params))
	for i, prm := range m.Params {
		if !prm.Dist.IsFixed() {
			l.paramKey[i] = newInputKey(prm.Name)
		}
	}
	l.salienceKey = make([]inputKey, l.parties*l.tracks)
	for _, c := range l.stakedCells {
		if l.salient[c] {
			l.salienceKey[c] = newInputKey(m.SalienceName(c/l.tracks, c%l.tracks))
		}
	}
}

// sameOutcomes reports, for each pathway w, whether packages i and j lead
// to w in exactly the same trials whatever the draws: when every (party,
// track) that the rules of pathways 0…w ask to accept scores the two
// packages alike — the same utility from every stake, the same value of
// every issue a min or max red line constrains, the same allowed and
// require red lines broken. A trial's outcome is the first rule it meets,
// so w's trials depend on the rules before it too.
func (l *layout) sameOutcomes(i, j int) []bool {
	cells := l.parties * l.tracks
	sameCell := func(c int) bool {
		ti, tj := l.terms[i*cells+c], l.terms[j*cells+c]
		if !slices.Equal(ti, tj) || !slices.Equal(l.cellBroken[i*cells+c], l.cellBroken[j*cells+c]) {
			return false
		}
		for _, r := range l.cellThresholds[c] {
			if l.redLineValue[i*l.redLines+r] != l.redLineValue[j*l.redLines+r] {
				return false
			}
		}
		return true
	}
	out := make([]bool, len(l.pathwayCells))
	same := true
	for w, need := range l.pathwayCells {
		for _, c := range need {
			same = same && sameCell(c)
		}
		out[w] = same
	}
	return out
}

// term is one stake's share of Σ wᵢ·uᵢ under one package.
type term struct {
	stake int
	u     float64
}

// fixedUtility is Σ wᵢ·uᵢ / Σ wᵢ over a cell's stakes with the nominal
// weights (Param indices) and utilities given, summed in the order and with
// the operations of a cell whose weights vary, so that both give the same
// bits for the same weights; 0 when the weights sum to 0.
func fixedUtility(m *Model, weights []int, util []float64) float64 {
	var num, den float64
	for j, i := range weights {
		w := math.Max(0, m.Params[i].Dist.P[0])
		num += w * util[j]
		den += w
	}
	var inv float64
	if den > 0 {
		inv = 1 / den
	}
	return num * inv
}

// dirichletAlphas sets out[i] to the gamma variate of the Dirichlet
// component with α_i = c·w_i/Σw; a zero weight stays zero (its variate is
// left empty and never drawn).
func dirichletAlphas(w []float64, c float64, out []gammaVariate) bool {
	var total float64
	for _, x := range w {
		total += x
	}
	if total <= 0 {
		return false
	}
	for i, x := range w {
		out[i] = gammaVariate{}
		if x > 0 {
			out[i] = newGammaVariate(c * x / total)
		}
	}
	return true
}

// Block is the number of trials a blockScorer draws and scores together: 64,
// so that one bit of a uint64 stands for each trial of a block. Each trial
// still draws from its own stream; blocking only changes the order of the
// arithmetic (trial-minor arrays), so each package's scoring runs as tight
// loops over a block's trials and a block's acceptances, vetoes and red-line
// violations are bit masks combined a word at a time. ChunkSize is a multiple
// of it, so blocks never straddle chunks.
const Block = 64

// blockScorer evaluates a worker's trials a block at a time: it draws the
// uncertain inputs of a block's trials (draw) and scores every package on
// those draws (score). It is the worker's scratch space: the random streams
// of a block's trials, the samplers of the uncertain inputs, and the
// buffers a block of trials fills, each laid out as [index·Block + trial].
// It is reused for every block the worker runs, so the hot loop allocates
// nothing.
type blockScorer struct {
	m     *Model
	l     *layout
	seed  uint64
	trial [Block]trialKey // trial[b] is the key of the block's trial b
	// src[b] is the stream of the block's trial b for the input being
	// drawn: each input seeds it anew (seedStreams).
	src [Block]stream

	uncertain []int     // Param indices that are not Fixed, in Model order
	variates  []variate // [param]: how each uncertain Param is drawn
	vals      []float64 // [param·Block + b]: the draws

	weight   []float64      // [stake·Block + b]: salience weight
	salience []gammaVariate // [stake]: scratch for uncertain α
	nominal  []float64      // [stake]: scratch for uncertain α
	logW     []float64      // [stake]: scratch for salience weights drawn in log space
	invDen   []float64      // [cell·Block + b]: 1/Σ weights on a weighted cell (0 if none)
	res      []float64      // [cell·Block + b]: reservation after factor effects
	allTrack []int          // 0…T−1, for effects on every track

	// The package and cell being scored: the sum Σ wᵢ·uᵢ, the penalties of
	// violated soft red lines, and the margins U − R of the block's trials.
	num, pen, margin [Block]float64
	// violated[r] has bit b set when red line r is violated in trial b by
	// the package being scored; accept[cell] when the cell's party accepts
	// its track.
	violated []uint64
	accept   []uint64
	// reach[k·W + w] has bit b set when package k leads to pathway w in
	// trial b: kept for the pairs of packages when the aggregate counts
	// them.
	reach []uint64

	// alt[b] is the key of another trial, whose draws the swapped inputs
	// take in the block's trial b: the rows of Saltelli's matrices A_B,
	// which mix the inputs of two trials (Saltelli). swapParam[i] and
	// swapCell[cell] name the swapped Params and salience Dirichlets; both
	// are nil in a plain run.
	alt       [Block]trialKey
	swapParam []bool
	swapCell  []bool

	// t0 is the block's first trial, and err the first non-finite value
	// its draws gave (nonFinite), which fails the run.
	t0  uint64
	err error
}

// newBlockScorer returns the blockScorer of one worker of a run of m,
// laid out as l, with the given seed. The fixed Params and the weights
// they set are filled in here, once, for every trial of a block.
func newBlockScorer(m *Model, l *layout, seed uint64) *blockScorer {
	cells := l.parties * l.tracks
	e := &blockScorer{m: m, l: l, seed: seed,
		variates: make([]variate, len(m.Params)), vals: make([]float64, len(m.Params)*Block),
		weight: make([]float64, l.stakes*Block), salience: make([]gammaVariate, l.stakes),
		nominal: make([]float64, l.stakes), logW: make([]float64, l.stakes),
		invDen: make([]float64, cells*Block), res: make([]float64, cells*Block),
		allTrack: make([]int, l.tracks),
		violated: make([]uint64, l.redLines), accept: make([]uint64, cells),
		reach: make([]uint64, len(m.Packages)*len(m.Pathways))}
	for i := range e.allTrack {
		e.allTrack[i] = i
	}
	for i, prm := range m.Params {
		if prm.Dist.IsFixed() {
			for b := 0; b < Block; b++ {
				e.vals[i*Block+b] = prm.Dist.P[0]
			}
			continue
		}
		e.variates[i] = prm.Dist.variate()
		e.uncertain = append(e.uncertain, i)
	}
	for s, w := range l.stakeWeight {
		for b := 0; b < Block; b++ {
			e.weight[s*Block+b] = math.Max(0, e.vals[w*Block+b])
		}
	}
	return e
}

// param returns the draws of Param i in the block's first n trials.
func (e *blockScorer) param(i, n int) []float64 { return e.vals[i*Block : i*Block+n] }

// seedStreams points the streams of the block's first n trials at those
// of input k: of the trials' own keys, or, for a swapped input, of the
// alternative trials' keys.
func (e *blockScorer) seedStreams(k inputKey, swapped bool, n int) {
	keys := &e.trial
	if swapped {
		keys = &e.alt
	}
	for b := range e.src[:n] {
		e.src[b].seed(keys[b], k)
	}
}

// draw samples the uncertain inputs of n trials t0, t0+1, …: every Param,
// then the salience weights; then the reservations with their factor
// effects. Each input draws from its own stream in each trial, derived
// from (seed, its key path, trial) alone (stream.seed), so it sees the same
// values whichever worker and block run the trial, and whatever other
// inputs the model has.
//
// Each input is drawn for all the block's trials before the next: the
// trials' streams are independent, so the processor overlaps the work of
// consecutive trials, where one trial's draws all wait on each other.
func (e *blockScorer) draw(t0 uint64, n int) {
	e.t0 = t0
	for b := range e.trial[:n] {
		e.trial[b] = newTrialKey(e.seed, t0+uint64(b))
	}
	e.drawInputs(n)
}

// drawInputs is draw once the block's trial keys (and, for swapped inputs,
// the alternative keys) are set.
func (e *blockScorer) drawInputs(n int) {
	e.drawParams(n)
	e.salienceWeights(n)
	e.weightSums(n)
	e.reservations(n)
}

// drawParams draws every uncertain Param in the block's n trials, and sets
// the weights whose nominal value is drawn.
func (e *blockScorer) drawParams(n int) {
	l := e.l
	src := e.src[:n]
	for _, i := range e.uncertain {
		e.seedStreams(l.paramKey[i], e.swapParam != nil && e.swapParam[i], n)
		e.variates[i].fill(e.vals[i*Block:i*Block+n], src)
		if e.variates[i].check && !allFinite(e.vals[i*Block:i*Block+n]) {
			e.nonFinite(e.m.Params[i].Name, e.vals[i*Block:i*Block+n])
		}
	}
	for _, s := range l.drawnWeights {
		w, nominal := e.weight[s*Block:s*Block+n], e.param(l.stakeWeight[s], n)
		for b := range w {
			w[b] = math.Max(0, nominal[b])
		}
	}
}

// weightSums sets invDen, on every weighted cell, to 1/Σ wᵢ over its
// stakes in each of the block's n trials (0 when the weights sum to 0).
func (e *blockScorer) weightSums(n int) {
	l := e.l
	for _, c := range l.stakedCells {
		if !l.weighted[c] {
			continue
		}
		lo, hi := l.cellStakes[c][0], l.cellStakes[c][1]
		den := e.num[:n]
		clear(den)
		for s := lo; s < hi; s++ {
			for b, w := range e.weight[s*Block : s*Block+n] {
				den[b] += w
			}
		}
		inv := e.invDen[c*Block : c*Block+n]
		for b, d := range den {
			inv[b] = 0
			if d > 0 {
				inv[b] = 1 / d
			}
		}
	}
}

// reservations sets res to every party's reservation on every track in
// each of the block's n trials: the drawn reservation plus the effects of
// the factors, Σ coef·value.
func (e *blockScorer) reservations(n int) {
	T := e.l.tracks
	for p := range e.m.Parties {
		for t, i := range e.m.Parties[p].Reservation {
			if i >= 0 {
				copy(e.res[(p*T+t)*Block:(p*T+t)*Block+n], e.param(i, n))
			}
		}
	}
	for f := range e.m.Factors {
		fac := &e.m.Factors[f]
		v := e.param(fac.Value, n)
		for _, eff := range fac.Effects {
			coef := e.param(eff.Coef, n)
			tracks := eff.Tracks
			if tracks == nil {
				tracks = e.allTrack
			}
			for _, t := range tracks {
				res := e.res[(eff.Party*T+t)*Block : (eff.Party*T+t)*Block+n]
				for b := range res {
					res[b] += coef[b] * v[b]
				}
			}
		}
	}
}

// allFinite reports whether every x[b] is finite: whether no exponent
// field is all ones (±Inf, NaN), tested with integer operations that
// cost a block of draws far less than drawing them.
func allFinite(x []float64) bool {
	// Two words a pass, in two accumulators, so that consecutive draws do
	// not wait on each other.
	var top0, top1 uint64
	for ; len(x) >= 2; x = x[2:] {
		top0 |= math.Float64bits(x[0])>>52&0x7FF + 1
		top1 |= math.Float64bits(x[1])>>52&0x7FF + 1
	}
	if len(x) == 1 {
		top0 |= math.Float64bits(x[0])>>52&0x7FF + 1
	}
	return (top0|top1)&0x800 == 0
}

// nonFinite records, unless the block has one already, that the draws x
// of the input named what are not all finite: the engine refuses to count
// a trial it cannot score.
func (e *blockScorer) nonFinite(what string, x []float64) {
	if e.err != nil {
		return
	}
	for b, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			e.err = fmt.Errorf("%s is %v in trial %d (seed %d): a run refuses values that are not finite numbers", what, v, e.t0+uint64(b), e.seed)
			return
		}
	}
}

// salienceWeights resamples the weights of the block's n trials. On each
// track, a party's weights are Dirichlet with concentration c around their
// nominal shares, w ~ Dir(c·w̄/Σw̄), drawn as independent Gamma(c·w̄ᵢ/Σw̄, 1)
// variates. The Dirichlet's normalisation is left out because U divides by
// the weights' sum on the track anyway. (gonum's distmv.Dirichlet fixes α when it is
// built, whereas here w̄ may itself be drawn; gammaVariate says why the
// variates are not distuv.Gamma's.)
func (e *blockScorer) salienceWeights(n int) {
	l := e.l
	for _, c := range l.stakedCells {
		if !l.salient[c] {
			continue
		}
		lo, hi := l.cellStakes[c][0], l.cellStakes[c][1]
		e.seedStreams(l.salienceKey[c], e.swapCell != nil && e.swapCell[c], n)
		if l.fixedAlpha[c] {
			boosted := false
			for i, g := range l.salience[lo:hi] {
				if g.d == 0 { // a zero nominal weight stays zero
					continue
				}
				boosted = boosted || g.invAlpha != 0
				w := e.weight[(lo+i)*Block : (lo+i)*Block+n]
				for b := range w {
					w[b] = g.rand(&e.src[b])
				}
			}
			if boosted {
				for b := 0; b < n; b++ {
					e.rescueSalience(c, b, l.salience[lo:hi])
				}
			}
			continue
		}
		// Some nominal weights are drawn, so α changes from trial to trial.
		// They are read from the draws, not from e.weight, which holds the
		// previous block's salience draws for the stakes whose nominal
		// weight is fixed.
		g := e.salience[lo:hi]
		for b := 0; b < n; b++ {
			for s := lo; s < hi; s++ {
				e.nominal[s] = math.Max(0, e.vals[l.stakeWeight[s]*Block+b])
			}
			if !dirichletAlphas(e.nominal[lo:hi], l.conc[c], g) {
				continue
			}
			boosted := false
			for i := range g {
				if g[i].d > 0 {
					boosted = boosted || g[i].invAlpha != 0
					e.weight[(lo+i)*Block+b] = g[i].rand(&e.src[b])
				}
			}
			if boosted {
				e.rescueSalience(c, b, g)
			}
		}
	}
}

// rescueSalience redraws the salience weights of cell c in the block's
// trial b, whose gamma variates are g, in log space when the largest of
// them is below minNormal: for shapes α < 1 the boost U^{1/α} may
// underflow, and the weights lose their precision or are all 0. The cell's
// stream is seeded anew and the same random numbers are read again
// (logRand), and each weight is set to exp(ln wᵢ − maxⱼ ln wⱼ): the
// Dirichlet's weights up to a common factor, which U divides out. Where
// the largest weight is normal, the weights are those rand drew: exact to
// rounding, relative to the largest.
func (e *blockScorer) rescueSalience(c, b int, g []gammaVariate) {
	lo := e.l.cellStakes[c][0]
	top := 0.0
	for i := range g {
		if g[i].d > 0 {
			top = max(top, e.weight[(lo+i)*Block+b])
		}
	}
	if top >= minNormal {
		return
	}
	key := e.trial[b]
	if e.swapCell != nil && e.swapCell[c] {
		key = e.alt[b]
	}
	s := &e.src[b]
	s.seed(key, e.l.salienceKey[c])
	lw := e.logW[lo : lo+len(g)]
	logTop := math.Inf(-1)
	for i := range g {
		if g[i].d > 0 {
			lw[i] = g[i].logRand(s)
			logTop = max(logTop, lw[i])
		}
	}
	for i := range g {
		if g[i].d > 0 {
			e.weight[(lo+i)*Block+b] = math.Exp(lw[i] - logTop)
		}
	}
}

// bit is 1 for true and 0 for false. The compiler makes it a SETcc, not a
// branch: the scoring loops test conditions such as "margin ≥ 0" that are
// true about as often as false, where a mispredicted branch costs more than
// all the arithmetic around it.
func bit(b bool) uint64 {
	var i uint64
	if b {
		i = 1
	}
	return i
}

// count is the number of trials whose bit is set in mask.
func count(mask uint64) int64 { return int64(bits.OnesCount64(mask)) }

// score evaluates package k on the block's n trials and adds the outcomes
// to ag.
//
//	U(p, T) = Σ_{i∈T} wᵢ·uᵢ(xᵢ) / Σ_{i∈T} wᵢ  −  Σ_{r on T} λ_r·[r violated]
//
// Party p accepts T when U(p, T) − R(p, T) ≥ 0 and no hard red line on T is
// violated; with no stake on T it is indifferent and accepts. The first
// pathway whose cells all accept is the trial's outcome.
func (e *blockScorer) score(k, n int, ag *Aggregate) {
	l := e.l
	all := ^uint64(0) >> (Block - n) // the block's trials
	for _, c := range l.stakedCells {
		e.scoreCell(k, c, n, all, ag)
	}
	var matched uint64
	W := len(l.pathwayCells)
	for w, need := range l.pathwayCells {
		// Which of the rule's cells reject, and in which trials one alone
		// does: the rule's blockers.
		var anyRejects, twice uint64
		for _, c := range need {
			rejects := all &^ e.accept[c]
			twice |= anyRejects & rejects
			anyRejects |= rejects
		}
		base := k*l.ruleCells + l.ruleOffset[w]
		for j, c := range need {
			rejects := all &^ e.accept[c]
			ag.blocks[base+j] += count(rejects)
			ag.sole[base+j] += count(rejects &^ twice)
		}
		ag.blocked[k*W+w] += count(anyRejects)
		ok := all &^ anyRejects &^ matched
		ag.pathway[k*W+w] += count(ok)
		e.reach[k*W+w] = ok
		matched |= ok
	}
}

// scoreCell evaluates package k for one staked (party, track) cell: its red
// lines, its margins U − R and whether the party accepts, in each of the
// block's trials, and counts them into ag.
func (e *blockScorer) scoreCell(k, c, n int, all uint64, ag *Aggregate) {
	l := e.l
	v := e.applyRedLines(k, c, n, all, ag)
	e.margins(k, c, n, v.penalised)
	margin := e.margin[:n]
	i := k*l.parties*l.tracks + c
	var nonNegative uint64
	if ag.shape.lean {
		for b, m := range margin {
			nonNegative |= bit(m >= 0) << (b & (Block - 1))
		}
	} else {
		nonNegative = ag.addMargins(i, margin)
	}
	accept := nonNegative &^ v.vetoed
	e.accept[c] = accept
	ag.accept[i] += count(accept)
	if ag.shape.lean {
		return
	}

	// A violated red line is pivotal when its party rejects the track but
	// would accept had that one red line been satisfied: for a soft one,
	// U − R + λ ≥ 0 and no veto; for a hard one, U − R ≥ 0 and no other veto.
	base := k * l.redLines
	for _, r := range l.cellBroken[i] {
		ag.pivotal[base+r] += count(e.pivotal(r, n, accept, nonNegative, v.vetoed, v.vetoedTwice))
	}
	for _, r := range l.cellThresholds[c] {
		ag.pivotal[base+r] += count(e.pivotal(r, n, accept, nonNegative, v.vetoed, v.vetoedTwice))
	}
}

// cellVetoes is what a cell's red lines do to its party in the block's
// trials: the trials in which at least one hard red line vetoes the track
// (vetoed) and at least two do (vetoedTwice), and whether a soft one's
// penalty is added up in pen.
type cellVetoes struct {
	vetoed, vetoedTwice uint64
	penalised           bool
}

// applyRedLines evaluates package k's red lines on cell c in the block's
// trials: it sets which trials violate each, counts the violations of the
// min and max ones into ag, adds up the penalties of the soft ones in pen,
// and returns the vetoes of the hard ones.
//
// Red lines broken by the package itself are violated in every trial
// (Aggregate.result counts them once per run). They are applied before the
// threshold red lines, in red-line order, so that the penalties add up
// in the same order in every run.
func (e *blockScorer) applyRedLines(k, c, n int, all uint64, ag *Aggregate) cellVetoes {
	l := e.l
	base := k * l.redLines
	var v cellVetoes
	pen := e.pen[:n]
	for _, r := range l.cellBroken[k*l.parties*l.tracks+c] {
		e.violated[r] = all
		if l.redLineHard[r] {
			v.vetoedTwice |= v.vetoed
			v.vetoed = all
			continue
		}
		if !v.penalised {
			clear(pen)
			v.penalised = true
		}
		for b, lambda := range e.param(l.redLinePen[r], n) {
			pen[b] += lambda
		}
	}
	for _, r := range l.cellThresholds[c] {
		x, thr := l.redLineValue[base+r], e.param(l.redLineThr[r], n)
		var violated uint64
		if l.redLineMax[r] {
			for b, t := range thr {
				violated |= bit(x > t) << (b & (Block - 1))
			}
		} else {
			for b, t := range thr {
				violated |= bit(x < t) << (b & (Block - 1))
			}
		}
		e.violated[r] = violated
		ag.violated[base+r] += count(violated)
		if l.redLineHard[r] {
			v.vetoedTwice |= v.vetoed & violated
			v.vetoed |= violated
			continue
		}
		if !v.penalised {
			clear(pen)
			v.penalised = true
		}
		for b, lambda := range e.param(l.redLinePen[r], n) {
			pen[b] += lambda * float64(violated>>b&1)
		}
	}
	return v
}

// margins sets margin to U − R of package k on cell c in each of the
// block's trials, less the penalties in pen when penalised: with the
// trial's weights on a weighted cell, else with the cell's fixed U.
func (e *blockScorer) margins(k, c, n int, penalised bool) {
	l := e.l
	cells := l.parties * l.tracks
	o := c * Block
	res, margin, pen := e.res[o:o+n], e.margin[:n], e.pen[:n]
	if l.weighted[c] {
		e.sumTerms(l.terms[k*cells+c], n)
		num, invDen := e.num[:n], e.invDen[o:o+n]
		if penalised {
			for b := range margin {
				margin[b] = num[b]*invDen[b] - pen[b] - res[b]
			}
		} else {
			for b := range margin {
				margin[b] = num[b]*invDen[b] - res[b]
			}
		}
		return
	}
	u := l.fixedU[k*cells+c]
	if penalised {
		for b := range margin {
			margin[b] = u - pen[b] - res[b]
		}
	} else {
		for b := range margin {
			margin[b] = u - res[b]
		}
	}
}

// sumTerms sets num to Σ wᵢ·uᵢ over a cell's terms ts in each of the
// block's n trials.
func (e *blockScorer) sumTerms(ts []term, n int) {
	num := e.num[:n]
	clear(num)
	// Two stakes a pass, which halves the loads and stores of num; the
	// sums are formed in the same order either way.
	for ; len(ts) >= 2; ts = ts[2:] {
		u0, u1 := ts[0].u, ts[1].u
		w0, w1 := e.weight[ts[0].stake*Block:], e.weight[ts[1].stake*Block:]
		w0, w1 = w0[:len(num)], w1[:len(num)]
		for b := range num {
			num[b] = num[b] + w0[b]*u0 + w1[b]*u1
		}
	}
	if len(ts) == 1 {
		u, w := ts[0].u, e.weight[ts[0].stake*Block:]
		w = w[:len(num)]
		for b := range num {
			num[b] += w[b] * u
		}
	}
}

// pivotal returns the trials of the block in which red line r, on the cell
// scoreCell has just evaluated, is pivotal.
func (e *blockScorer) pivotal(r, n int, accept, nonNegative, vetoed, vetoedTwice uint64) uint64 {
	rejected := e.violated[r] &^ accept
	if e.l.redLineHard[r] {
		return rejected & nonNegative &^ vetoedTwice
	}
	var relieved uint64
	for b, lambda := range e.param(e.l.redLinePen[r], n) {
		relieved |= bit(e.margin[b]+lambda >= 0) << (b & (Block - 1))
	}
	return rejected & relieved &^ vetoed
}

// block draws n ≤ Block trials starting at t0 once and scores every package
// on those same draws (common random numbers), so package comparisons are
// paired.
func (e *blockScorer) block(t0 uint64, n int, ag *Aggregate) {
	e.draw(t0, n)
	if e.err != nil {
		return
	}
	for k := range e.m.Packages {
		e.score(k, n, ag)
	}
	if ag.shape.paired {
		e.countPairs(ag)
	}
	ag.trials += int64(n)
}

// countPairs counts, for every pair of packages a < b and every pathway,
// the block's trials in which only a leads to the pathway, and only b: the
// discordant trials of a paired comparison.
func (e *blockScorer) countPairs(ag *Aggregate) {
	K, W := len(e.m.Packages), len(e.m.Pathways)
	q := 0
	for a := 0; a < K; a++ {
		ra := e.reach[a*W : a*W+W]
		for b := a + 1; b < K; b++ {
			rb := e.reach[b*W : b*W+W]
			aOnly, bOnly := ag.aOnly[q*W:q*W+W], ag.bOnly[q*W:q*W+W]
			for w := range ra {
				aOnly[w] += count(ra[w] &^ rb[w])
				bOnly[w] += count(rb[w] &^ ra[w])
			}
			q++
		}
	}
}
