package sim

import (
	"math/bits"
	"slices"
)

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

// trialsMask has a bit set for each of a block's first n trials.
func trialsMask(n int) uint64 { return ^uint64(0) >> (Block - n) }

// blockSink takes the outcomes of a worker's blocks: an Aggregate counts
// them (tally.go), a recorder writes down each evaluation's pathway
// (evaluations.go). Computing an outcome and counting it are kept apart so
// that the engine computes each once, whatever is then made of it.
type blockSink interface {
	// outcome takes package k's outcome in the block's n trials, as
	// utilities and decide left it in e; at is the block's first
	// evaluation.
	outcome(e *blockScorer, k, n int, at int64)
	// blockDone follows the outcomes of every package of the block.
	blockDone(e *blockScorer, n int, at int64)
	// chunkDone follows the last block of a chunk.
	chunkDone()
}

// block draws n ≤ Block trials starting at t0 once and scores every package
// on those same draws (common random numbers), so package comparisons are
// paired; sink takes the outcomes.
func (e *blockScorer) block(t0 uint64, n int, sink blockSink) {
	e.draw(t0, n)
	if e.err != nil {
		return
	}
	e.evaluateBlock(n, int64(t0), sink)
}

// evaluateBlock scores every package on the block's n trials, whose inputs
// are drawn, and hands each package's outcome to sink; at is the block's
// first evaluation.
func (e *blockScorer) evaluateBlock(n int, at int64, sink blockSink) {
	e.observe(n)
	for k := range e.m.Packages {
		e.utilities(k, n)
		if e.l.timed {
			e.decideRounds(k, n)
		} else {
			e.decide(k, n)
		}
		sink.outcome(e, k, n, at)
	}
	sink.blockDone(e, n, at)
}

// utilities sets what package k is worth to each party on each track in the
// block's n trials: every staked cell's utility (util),
//
//	U(p, T) = Σ_{i∈T} wᵢ·uᵢ(xᵢ) / Σ_{i∈T} wᵢ  −  Σ_{r on T} λ_r·[r violated],
//
// and its red lines' violations (violated) and vetoes (vetoed,
// vetoedTwice). None of it depends on the reservations, so over the rounds
// of a timeline it is computed once.
func (e *blockScorer) utilities(k, n int) {
	all := trialsMask(n)
	for _, c := range e.l.stakedCells {
		penalised := e.applyRedLines(k, c, n, all)
		e.cellUtility(k, c, n, penalised)
	}
}

// decision is what the parties decide of a package in one round of a
// block's trials: for each staked cell, the margin U − R
// (margin[cell·Block + b]), the trials in which it is ≥ 0 (nonNegative),
// those in which the party accepts the track (accept: U − R ≥ 0, no veto,
// the track on the table) and those in which the track is not yet on the
// table (offTable).
type decision struct {
	margin                        []float64
	nonNegative, accept, offTable []uint64
}

func newDecision(cells int) decision {
	return decision{margin: make([]float64, cells*Block), nonNegative: make([]uint64, cells),
		accept: make([]uint64, cells), offTable: make([]uint64, cells)}
}

// decide sets, from the utilities and the reservations res, which parties
// accept which tracks in the block's n trials (at), which pathways' rules
// hold (reachAt) and the pathway package k leads to in each (reach), for
// a model of one round without after: decideRounds' one round. Party p
// accepts T when U(p, T) − R(p, T) ≥ 0 and no hard red line on T vetoes
// it; with no stake on T it is indifferent and accepts. The first pathway
// whose cells all accept is the trial's outcome.
func (e *blockScorer) decide(k, n int) {
	e.decideCells(k, 1, n, &e.at)
	for w, need := range e.l.pathwayCells {
		holds := trialsMask(n)
		for _, c := range need {
			holds &= e.at.accept[c]
		}
		e.reachAt[w] = holds
	}
	e.setOutcome(k, e.reachAt[:len(e.l.pathwayCells)])
}

// setOutcome sets reach, for package k, to its outcome in each trial from
// the pathways reached (by is reached[w] by the round reported): the first
// pathway in file order among them.
func (e *blockScorer) setOutcome(k int, by []uint64) {
	W := len(by)
	var matched uint64
	for w, reached := range by {
		e.reach[k*W+w] = reached &^ matched
		matched |= reached
	}
}

// decideRounds is decide over the rounds of a timeline
// (docs/model.md#timeline): in each round the parties decide with that
// round's reservations, shifted by the effects of the pathways reached in
// earlier rounds, and with only the tracks on the table; a pathway is
// reached in a round when its rule holds and its after pathways were
// reached in an earlier round, and stays reached. A trial's talks on the
// package end once its first pathway is reached: nothing later can change
// its outcome; and once the block is settled, its rounds until the
// reported one are not decided. The utilities are the same in every round, so a round
// costs a comparison per (party, track). The outcome is that by the
// reported round: the first pathway, in file order, reached by then.
func (e *blockScorer) decideRounds(k, n int) {
	l := e.l
	W := len(l.pathwayCells)
	clear(e.reached)
	e.shiftUsed = false
	active := trialsMask(n)
	r := 1
	if e.hopeless(n) {
		// Only the fallback can be reached, in round 1: no round need be
		// decided but the reported one, for what the parties decide.
		e.decideCells(k, e.report, n, &e.at)
		e.reached[W-1] = active
		for r = 1; r <= l.rounds; r++ {
			copy(e.reachAt[(r-1)*W:r*W], e.reached)
		}
	}
	settled := false
	for ; r <= l.rounds; r++ {
		if settled && r != e.report {
			copy(e.reachAt[(r-1)*W:r*W], e.reached)
			continue
		}
		d := &e.round
		if r == e.report {
			d = &e.at
			e.decideCells(k, r, n, d)
		} else {
			e.decideRules(k, r, n)
		}
		if r == 1 {
			copy(e.steady, d.nonNegative)
		}
		copy(e.before, e.reached)
		for w, need := range l.pathwayCells {
			holds := active
			for _, c := range need {
				holds &= d.accept[c]
			}
			for _, a := range e.m.Pathways[w].After {
				holds &= e.before[a]
			}
			if newly := holds &^ e.reached[w]; newly != 0 {
				e.reached[w] |= newly
				e.applyEffects(w, newly, n)
			}
		}
		copy(e.reachAt[(r-1)*W:r*W], e.reached)
		active &^= e.reached[0]
		if (active == 0 || settled) && r >= e.report {
			break
		}
		settled = settled || e.settled(active)
	}
	for r++; r <= l.rounds; r++ {
		copy(e.reachAt[(r-1)*W:r*W], e.reached)
	}
	e.setOutcome(k, e.reachAt[(e.report-1)*W:e.report*W])
}

// settled reports whether no later round can change what the block's
// active trials have reached: in each, every pathway but the fallback is
// reached already or needs a cell that a hard red line the package breaks
// in that trial vetoes. Its rounds until the reported one need not be
// decided — the reported one still is, for what the parties decide in it
// — and a trial whose talks go on in vain costs nothing more.
func (e *blockScorer) settled(active uint64) bool {
	cells := e.l.pathwayCells
	for w, need := range cells[:len(cells)-1] {
		open := active &^ e.reached[w]
		for _, c := range need {
			open &^= e.vetoed[c]
		}
		if open != 0 {
			return false
		}
	}
	return true
}

// hopeless reports whether package k can reach no pathway but the
// fallback in any round of the block's n trials: every other pathway's
// rule needs a cell that a hard red line the package breaks vetoes.
func (e *blockScorer) hopeless(n int) bool {
	all := trialsMask(n)
	for _, need := range e.l.pathwayCells[:len(e.l.pathwayCells)-1] {
		if !slices.ContainsFunc(need, func(c int) bool { return e.vetoed[c] == all }) {
			return false
		}
	}
	return true
}

// decideCells sets d to what the parties decide of package k in round r of
// the block's n trials.
func (e *blockScorer) decideCells(k, r, n int, d *decision) {
	l := e.l
	pkg := e.m.ScoredPackage(k)
	for _, c := range l.stakedCells {
		o := c * Block
		util, res, margin := e.util[o:o+n], e.cellRes(r, c, n), d.margin[o:o+n]
		var nonNegative uint64
		if e.shiftUsed && l.shifted[c] {
			shift := e.shift[o : o+n]
			for b := range margin {
				m := util[b] - res[b] - shift[b]
				margin[b] = m
				nonNegative |= bit(m >= 0) << (b & (Block - 1))
			}
		} else {
			for b := range margin {
				m := util[b] - res[b]
				margin[b] = m
				nonNegative |= bit(m >= 0) << (b & (Block - 1))
			}
		}
		d.offTable[c] = 0
		if pkg.OnTable(c%l.tracks) > r {
			d.offTable[c] = trialsMask(n)
		}
		d.nonNegative[c] = nonNegative
		d.accept[c] = nonNegative &^ e.vetoed[c] &^ d.offTable[c]
	}
}

// decideRules is decideCells in a round other than the reported one: it
// sets in round only the acceptance of the cells some rule needs, and
// compares only where the reservation may have moved since round 1.
func (e *blockScorer) decideRules(k, r, n int) {
	l := e.l
	pkg := e.m.ScoredPackage(k)
	d := &e.round
	all := trialsMask(n)
	e.roundsDecided++
	for _, c := range l.ruleCellList {
		if e.vetoed[c] == all {
			// A hard red line the package breaks: no margin can help.
			d.nonNegative[c], d.accept[c] = 0, 0
			continue
		}
		nonNegative := e.steady[c]
		if r == 1 || l.varying[c] {
			nonNegative = marginNonNegative(e.cellUtil(c, n), e.cellRes(r, c, n))
		}
		var off uint64
		if pkg.OnTable(c%l.tracks) > r {
			off = trialsMask(n)
		}
		d.nonNegative[c] = nonNegative
		d.accept[c] = nonNegative &^ e.vetoed[c] &^ off
	}
}

// marginNonNegative is the trials b of a block in which util[b] − res[b]
// ≥ 0. The bits are gathered in two words, even and odd trials, so that
// consecutive comparisons do not wait on each other's OR.
func marginNonNegative(util, res []float64) uint64 {
	res = res[:len(util)]
	var even, odd uint64
	b := 0
	for ; b+1 < len(util); b += 2 {
		even |= bit(util[b]-res[b] >= 0) << (b & (Block - 1))
		odd |= bit(util[b+1]-res[b+1] >= 0) << ((b + 1) & (Block - 1))
	}
	if b < len(util) {
		even |= bit(util[b]-res[b] >= 0) << (b & (Block - 1))
	}
	return even | odd
}

// cellUtil is cell c's utilities in the block's n trials, less the
// effects of the pathways reached so far where they shift its reservation
// (applyEffects): U − shift, compared with the round's reservation in a
// round other than the reported one, where only the sign of the margin is
// wanted. (The reported round's margins are U − R − shift, tallied to the
// last bit.)
func (e *blockScorer) cellUtil(c, n int) []float64 {
	if e.shiftUsed && e.l.shifted[c] {
		return e.shifted[c*Block : c*Block+n]
	}
	return e.util[c*Block : c*Block+n]
}

// applyEffects adds the effects of pathway w to the reservations it
// shifts, in the trials newly reaching it: from the next round on. They
// are added up in shift, for the reported round's margins, and subtracted
// from a copy of the utilities (shifted) for the other rounds' decisions:
// the reservations are every package's, and a decision then costs one
// subtraction a trial, shifted or not.
func (e *blockScorer) applyEffects(w int, newly uint64, n int) {
	effects := e.m.Pathways[w].Effects
	if len(effects) == 0 {
		return
	}
	l := e.l
	if !e.shiftUsed {
		for c, shifted := range l.shifted {
			if shifted {
				clear(e.shift[c*Block : c*Block+Block])
				copy(e.shifted[c*Block:c*Block+Block], e.util[c*Block:c*Block+Block])
			}
		}
		e.shiftUsed = true
	}
	for _, eff := range effects {
		coef := e.param(eff.Coef, n)
		for _, t := range l.effectTracks(eff) {
			o := (eff.Party*l.tracks + t) * Block
			shift, u := e.shift[o:o+n], e.shifted[o:o+n]
			for b := range u {
				s := coef[b] * float64(newly>>b&1)
				shift[b] += s
				u[b] -= s
			}
		}
	}
}

// applyRedLines evaluates package k's red lines on cell c in the block's
// trials: it sets which trials violate each (violated), adds up the
// penalties of the soft ones in pen, and sets the cell's vetoes by hard
// ones (vetoed, vetoedTwice). It reports whether any penalty was added.
//
// Red lines broken by the package itself are violated in every trial
// (Aggregate.result counts them once per run). They are applied before the
// threshold red lines, in red-line order, so that the penalties add up
// in the same order in every run.
func (e *blockScorer) applyRedLines(k, c, n int, all uint64) (penalised bool) {
	l := e.l
	base := k * l.redLines
	var vetoed, twice uint64
	pen := e.pen[:n]
	for _, r := range l.cellBroken[k*l.parties*l.tracks+c] {
		e.violated[r] = all
		if l.redLineHard[r] {
			twice |= vetoed
			vetoed = all
			continue
		}
		if !penalised {
			clear(pen)
			penalised = true
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
		if l.redLineHard[r] {
			twice |= vetoed & violated
			vetoed |= violated
			continue
		}
		if !penalised {
			clear(pen)
			penalised = true
		}
		for b, lambda := range e.param(l.redLinePen[r], n) {
			pen[b] += lambda * float64(violated>>b&1)
		}
	}
	e.vetoed[c], e.vetoedTwice[c] = vetoed, twice
	return penalised
}

// cellUtility sets util of cell c to U of package k in each of the block's
// trials, less the penalties in pen when penalised: with the trial's
// weights on a weighted cell, else with the cell's fixed U.
func (e *blockScorer) cellUtility(k, c, n int, penalised bool) {
	l := e.l
	cells := l.parties * l.tracks
	o := c * Block
	util, pen := e.util[o:o+n], e.pen[:n]
	if l.weighted[c] {
		e.sumTerms(l.terms[k*cells+c], n)
		num, invDen := e.num[:n], e.invDen[o:o+n]
		if penalised {
			for b := range util {
				util[b] = num[b]*invDen[b] - pen[b]
			}
		} else {
			for b := range util {
				util[b] = num[b] * invDen[b]
			}
		}
		return
	}
	u := l.fixedU[k*cells+c]
	if penalised {
		for b := range util {
			util[b] = u - pen[b]
		}
	} else {
		for b := range util {
			util[b] = u
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

// pivotal returns the trials of the block in which red line r, on cell c,
// is pivotal in the reported round: its party rejects the track but would
// accept had that one red line been satisfied — for a soft one,
// U − R + λ ≥ 0 and no veto; for a hard one, U − R ≥ 0 and no other veto.
// A track not yet on the table has no pivotal red line.
func (e *blockScorer) pivotal(r, c, n int) uint64 {
	d := &e.at
	rejected := e.violated[r] &^ d.accept[c] &^ d.offTable[c]
	if e.l.redLineHard[r] {
		return rejected & d.nonNegative[c] &^ e.vetoedTwice[c]
	}
	margin := d.margin[c*Block : c*Block+n]
	var relieved uint64
	for b, lambda := range e.param(e.l.redLinePen[r], n) {
		relieved |= bit(margin[b]+lambda >= 0) << (b & (Block - 1))
	}
	return rejected & relieved &^ e.vetoed[c]
}
