package sim

// outcome counts package k's outcome in the block's n trials into a: how
// often each party accepted each track, the margins U − R, the violations
// of the red lines whose thresholds are drawn and the pivotal ones, what
// blocked each pathway, and the pathway reached. It makes an Aggregate a
// blockSink.
func (a *Aggregate) outcome(e *blockScorer, k, n int, _ int64) {
	// Not a.parts(): the hot loop allocates nothing.
	if a.keep = e.kept[0]; a.keep != 0 {
		a.tally(e, k, n)
	}
	for c, part := range a.more {
		if part.keep = e.kept[c+1]; part.keep != 0 {
			part.tally(e, k, n)
		}
	}
}

// tally is outcome for the trials of one weight class, those of keep: the
// kept trials of a run with evidence, all of them without
// (docs/model.md#evidence).
func (a *Aggregate) tally(e *blockScorer, k, n int) {
	l := e.l
	cells := l.parties * l.tracks
	base := k * l.redLines
	for _, c := range l.stakedCells {
		i := k*cells + c
		a.accept[i] += a.count(e.at.accept[c])
		for _, r := range l.cellThresholds[c] {
			a.violated[base+r] += a.count(e.violated[r])
		}
		if a.shape.lean {
			continue
		}
		if !a.shape.noMargins {
			if ms := e.at.margin[c*Block : c*Block+n]; a.keep == trialsMask(n) {
				a.addMargins(i, ms)
			} else {
				a.addKeptMargins(i, ms)
			}
		}
		for _, r := range l.cellBroken[i] {
			a.pivotal[base+r] += a.count(e.pivotal(r, c, n))
		}
		for _, r := range l.cellThresholds[c] {
			a.pivotal[base+r] += a.count(e.pivotal(r, c, n))
		}
	}
	a.countPathways(e, k, n)
	if a.shape.rounds > 0 {
		a.countRounds(e, k)
	}
}

// countRounds counts, for each round of the timeline and each pathway, the
// block's trials in which package k reached the pathway by the round, and
// those whose outcome by the round it is.
func (a *Aggregate) countRounds(e *blockScorer, k int) {
	R, W := a.shape.rounds, a.shape.pathways
	for r := range R {
		by := e.reachAt[r*W : r*W+W]
		i := (k*R + r) * W
		var matched uint64
		for w, reached := range by {
			a.reachedBy[i+w] += a.count(reached)
			a.outcomeBy[i+w] += a.count(reached &^ matched)
			matched |= reached
		}
	}
}

// countPathways counts, for each pathway of package k, the block's trials
// that reached it, that failed its rule (whether or not an earlier pathway
// matched), and in which each of its cells rejects, alone or not: the
// rule's blockers.
func (a *Aggregate) countPathways(e *blockScorer, k, n int) {
	l := e.l
	all := trialsMask(n)
	W := len(l.pathwayCells)
	for w, need := range l.pathwayCells {
		var anyRejects, twice uint64
		for _, c := range need {
			rejects := all &^ e.at.accept[c]
			twice |= anyRejects & rejects
			anyRejects |= rejects
		}
		base := k*l.ruleCells + l.ruleOffset[w]
		for j, c := range need {
			rejects := all &^ e.at.accept[c]
			a.blocks[base+j] += a.count(rejects)
			a.sole[base+j] += a.count(rejects &^ twice)
		}
		a.blocked[k*W+w] += a.count(anyRejects)
		a.pathway[k*W+w] += a.count(e.reach[k*W+w])
	}
}

// blockDone counts the block's trials, and its discordant pairs when a
// counts pairs.
func (a *Aggregate) blockDone(e *blockScorer, n int, _ int64) {
	a.prior += int64(n)
	for i := range a.seen {
		a.seen[i] += count(e.repro[i])
	}
	if a.priorInputs != nil {
		a.priorInputs.add(e, n, trialsMask(n))
	}
	a.classDone(e, n, e.kept[0])
	for c, part := range a.more {
		part.classDone(e, n, e.kept[c+1])
	}
}

// classDone counts the block's trials of one weight class, those of keep,
// and their discordant pairs.
func (a *Aggregate) classDone(e *blockScorer, n int, keep uint64) {
	a.keep = keep
	if a.shape.paired {
		a.countPairs(e)
	}
	a.trials += count(keep)
	if a.inputs != nil {
		a.inputs.add(e, n, keep)
	}
	a.keep = 0
}

// chunkDone moves the chunk's margin sums into the totals.
func (a *Aggregate) chunkDone() {
	a.endChunk()
	for _, part := range a.more {
		part.endChunk()
	}
}

// count is the number of trials of a's weight class whose bit is set in
// mask.
func (a *Aggregate) count(mask uint64) int64 { return count(mask & a.keep) }

// countPairs counts, for every pair of packages a < b and every pathway,
// the block's trials in which only a leads to the pathway, and only b: the
// discordant trials of a paired comparison.
func (a *Aggregate) countPairs(e *blockScorer) {
	K, W := len(e.m.Packages), len(e.m.Pathways)
	q := 0
	for i := 0; i < K; i++ {
		ri := e.reach[i*W : i*W+W]
		for j := i + 1; j < K; j++ {
			rj := e.reach[j*W : j*W+W]
			aOnly, bOnly := a.aOnly[q*W:q*W+W], a.bOnly[q*W:q*W+W]
			for w := range ri {
				aOnly[w] += a.count(ri[w] &^ rj[w])
				bOnly[w] += a.count(rj[w] &^ ri[w])
			}
			q++
		}
	}
}
