package sim

import (
	"math/bits"
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
