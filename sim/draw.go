package sim

import (
	"fmt"
	"math"
)

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
// those draws (utilities, then decide). It is the worker's scratch space: the random streams
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

	// Scratch for the cell being scored: the sum Σ wᵢ·uᵢ and the penalties
	// of violated soft red lines in the block's trials.
	num, pen [Block]float64

	// The outcome of the package being scored (utilities, then decide),
	// which a blockSink then counts or records. util[cell·Block + b] is U
	// of each staked cell, penalties included; violated[r] has bit b set
	// when red line r is violated in trial b; vetoed[cell] when a hard red
	// line on the cell vetoes it, and vetoedTwice when two do. at is what
	// the parties decide in the reported round; reachAt[(r−1)·W + w] has
	// bit b set when pathway w is reached by round r in trial b.
	util                []float64
	violated            []uint64
	vetoed, vetoedTwice []uint64
	at                  decision
	reachAt             []uint64
	// reach[k·W + w] has bit b set when package k's outcome (by the
	// reported round) is pathway w in trial b: every package's, for the
	// pairs of packages.
	reach []uint64

	// The rounds of a timeline (docs/model.md#timeline). report is the
	// round whose outcome the run reports (Options.Round); resRounds holds
	// the reservations of rounds 2… (res is round 1's) where factors step;
	// fval[j·Block + b] is stepper j's value in the round being computed,
	// and step scratch for its step's draws; fixedRes the part of each of layout.roundCells'
	// reservations that no step moves; round is what the parties decide
	// in a round other than the reported one; reached[w] and before[w] the
	// trials in which pathway w is reached by this round and by the one
	// before; shift[cell·Block + b], once shiftUsed, what the effects of
	// the pathways reached so far add to the reservations of the cells
	// layout.shifted marks, and shifted the same cells' utilities less
	// it.
	report    int
	resRounds []float64
	fval      []float64
	fixedRes  []float64
	step      [Block]float64
	round     decision
	reached   []uint64
	before    []uint64
	shift     []float64
	shifted   []float64
	shiftUsed bool
	// steady[cell] is, for a cell whose reservation does not vary
	// (layout.varying), the trials in which U − R ≥ 0 in round 1 and so in
	// every round.
	steady []uint64
	// roundsDecided counts the rounds other than the reported one that
	// decideRules decided, for the tests of what settled saves.
	roundsDecided int

	// alt[b] is the key of another trial, whose draws the swapped inputs
	// take in the block's trial b: the rows of Saltelli's matrices A_B,
	// which mix the inputs of two trials (Saltelli). swapParam[i] and
	// swapCell[cell] name the swapped Params and salience Dirichlets; both
	// are nil in a plain run.
	alt       [Block]trialKey
	swapParam []bool
	swapCell  []bool

	// repro[i] is the block's trials that reproduce evidence entry i, and
	// kept[c] those of weight class c (observe).
	repro, kept []uint64

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
		util:     make([]float64, cells*Block),
		violated: make([]uint64, l.redLines), vetoed: make([]uint64, cells), vetoedTwice: make([]uint64, cells),
		at:      newDecision(cells),
		reachAt: make([]uint64, l.rounds*len(m.Pathways)),
		reach:   make([]uint64, m.scored()*len(m.Pathways)),
		report:  l.rounds,
		repro:   make([]uint64, len(m.Evidence)), kept: make([]uint64, l.evidence.classes())}
	if l.timed {
		W := len(m.Pathways)
		e.round, e.reached, e.before = newDecision(cells), make([]uint64, W), make([]uint64, W)
		e.shift = make([]float64, cells*Block)
		e.shifted = make([]float64, cells*Block)
		e.steady = make([]uint64, cells)
	}
	if len(l.steppers) > 0 {
		e.resRounds = make([]float64, (l.rounds-1)*cells*Block)
		e.fval = make([]float64, len(l.steppers)*Block)
		e.fixedRes = make([]float64, len(l.roundCells)*Block)
	}
	for i, prm := range m.Params {
		if prm.Dist.IsFixed() {
			for b := 0; b < Block; b++ {
				e.vals[i*Block+b] = prm.Dist.P[0]
			}
			continue
		}
		e.variates[i] = prm.Dist.variate()
		if !l.perRound[i] {
			e.uncertain = append(e.uncertain, i)
		}
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
// the factors, Σ coef·value. With a timeline whose factors step, it sets
// those of every later round too (resAt), each with its round's values.
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
			for _, t := range e.l.effectTracks(eff) {
				res := e.res[(eff.Party*T+t)*Block : (eff.Party*T+t)*Block+n]
				for b := range res {
					res[b] += coef[b] * v[b]
				}
			}
		}
	}
	if len(e.l.steppers) == 0 {
		return
	}
	for j, f := range e.l.steppers {
		copy(e.fval[j*Block:j*Block+n], e.param(e.m.Factors[f].Value, n))
	}
	e.fixedReservations(n)
	for r := 2; r <= e.l.rounds; r++ {
		e.stepFactors(r, n)
		e.roundReservations(r, n)
	}
}

// roundReservations sets the reservations of round r > 1 of the cells a
// stepper moves (layout.roundCells), with the steppers' values of the
// round in fval; the others' are round 1's (cellRes). Outside the
// reported round only the cells some rule needs are decided
// (decideRules), and so only theirs are set, as the part no step moves
// (fixedRes) plus the steppers' effects. The reported round's, whose
// margins are tallied, add every term in factor order, as
// Model.Reservation does, so that its margins are those of a model whose
// factors do not step, to the last bit.
func (e *blockScorer) roundReservations(r, n int) {
	all := e.resAt(r)
	if r == e.report {
		e.reportedReservations(all, n)
		return
	}
	cells := e.l.roundCells[:e.l.ruleRoundCells]
	for i := range cells {
		rc := &cells[i]
		res := all[rc.cell*Block : rc.cell*Block+n]
		copy(res, e.fixedRes[i*Block:i*Block+n])
		for _, term := range rc.stepped {
			coef, v := e.param(term.coef, n), e.fval[term.stepper*Block:term.stepper*Block+n]
			for b := range res {
				res[b] += coef[b] * v[b]
			}
		}
	}
}

// reportedReservations sets in all the reservations of the reported
// round of every cell a stepper moves, each term in factor order.
func (e *blockScorer) reportedReservations(all []float64, n int) {
	for i := range e.l.roundCells {
		rc := &e.l.roundCells[i]
		res := all[rc.cell*Block : rc.cell*Block+n]
		copy(res, e.param(rc.base, n))
		for _, term := range rc.terms {
			coef, v := e.param(term.coef, n), e.param(term.value, n)
			if term.stepper >= 0 {
				v = e.fval[term.stepper*Block : term.stepper*Block+n]
			}
			for b := range res {
				res[b] += coef[b] * v[b]
			}
		}
	}
}

// fixedReservations sets fixedRes, for each of layout.roundCells, to the
// part of its reservation that no step moves: its own reservation plus the
// effects of the factors that do not step, computed once a block rather
// than once a round.
func (e *blockScorer) fixedReservations(n int) {
	for i := range e.l.roundCells {
		rc := &e.l.roundCells[i]
		res := e.fixedRes[i*Block : i*Block+n]
		copy(res, e.param(rc.base, n))
		for _, term := range rc.fixed {
			coef, v := e.param(term.coef, n), e.param(term.value, n)
			for b := range res {
				res[b] += coef[b] * v[b]
			}
		}
	}
}

// stepFactors moves every stepper's value in fval from round r − 1 to
// round r: a fresh draw of its step, from the step's stream of round r,
// added, then clamped into the factor's bounds.
func (e *blockScorer) stepFactors(r, n int) {
	l := e.l
	for j, f := range l.steppers {
		fac := &e.m.Factors[f]
		step := e.param(fac.Step, n) // a fixed step
		if l.paramKey[fac.Step] != (inputKey{}) {
			e.seedStreams(l.stepKey[j][r-2], e.swapParam != nil && e.swapParam[fac.Step], n)
			src := e.src[:n]
			step = e.step[:n]
			e.variates[fac.Step].fill(step, src)
			if e.variates[fac.Step].check && !allFinite(step) {
				e.nonFinite(e.m.Params[fac.Step].Name, step)
			}
		}
		v := e.fval[j*Block : j*Block+n]
		for b := range v {
			v[b] += step[b]
		}
		if bd := fac.Bounds; bd != nil {
			// Comparisons, not min and max: the values are finite
			// (nonFinite), and min and max pay for NaN and signed zeros.
			lo, hi := bd[0], bd[1]
			for b, x := range v {
				if x < lo {
					v[b] = lo
				} else if x > hi {
					v[b] = hi
				}
			}
		}
	}
}

// resAt is the reservations of round r: res for round 1, and for every
// round when no factor steps. Past round 1 it holds only the cells whose
// reservation varies; cellRes reads any cell's.
func (e *blockScorer) resAt(r int) []float64 {
	if r == 1 || e.resRounds == nil {
		return e.res
	}
	size := len(e.res)
	return e.resRounds[(r-2)*size : (r-1)*size]
}

// cellRes is cell c's reservations in round r, in the block's n trials.
func (e *blockScorer) cellRes(r, c, n int) []float64 {
	if !e.l.stepped[c] {
		r = 1
	}
	return e.resAt(r)[c*Block : c*Block+n]
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
