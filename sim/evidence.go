package sim

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"
)

// checkEvidence verifies every evidence entry's indices, round and
// reliability, and that there are no more entries than MaxEvidence, nor
// more soft ones than MaxSoftEvidence.
func (m *Model) checkEvidence() error {
	if len(m.Evidence) > MaxEvidence {
		return fmt.Errorf("model %q: %d evidence entries, more than the %d allowed", m.ID, len(m.Evidence), MaxEvidence)
	}
	for _, k := range m.Observed {
		if len(k.Values) != len(m.Issues) {
			return fmt.Errorf("observed package %q: %d values for %d issues", k.ID, len(k.Values), len(m.Issues))
		}
	}
	soft := 0
	for i, ev := range m.Evidence {
		what := fmt.Sprintf("evidence[%d]", i)
		switch {
		case ev.Package < 0 || ev.Package >= m.scored():
			return fmt.Errorf("%s: package index %d out of range", what, ev.Package)
		case ev.Pathway >= len(m.Pathways) || ev.Pathway < -1:
			return fmt.Errorf("%s: pathway index %d out of range", what, ev.Pathway)
		case ev.Pathway < 0 && (ev.Party < 0 || ev.Party >= len(m.Parties) || ev.Track < 0 || ev.Track >= len(m.Tracks)):
			return fmt.Errorf("%s: party %d or track %d out of range", what, ev.Party, ev.Track)
		case ev.Round < 1 || ev.Round > m.Rounds():
			return fmt.Errorf("%s: round %d is not a round of talks of %d", what, ev.Round, m.Rounds())
		case !(ev.Reliability > 0 && ev.Reliability <= 1):
			return fmt.Errorf("%s: reliability %v is not in (0, 1]", what, ev.Reliability)
		}
		if ev.soft() {
			soft++
		}
	}
	if soft > MaxSoftEvidence {
		return fmt.Errorf("model %q: %d evidence entries with a reliability other than 1 or 0.5, more than the %d allowed", m.ID, soft, MaxSoftEvidence)
	}
	return nil
}

// soft reports whether the entry weighs trials without dropping any: a
// reliability other than 1 (which drops the trials that contradict it)
// and ½ (which changes nothing).
func (ev *Evidence) soft() bool { return ev.Reliability != 1 && ev.Reliability != 0.5 }

// weights are the factors a soft entry gives the trials that reproduce it
// and those that do not, scaled so that the likelier is 1: the weights of
// a run's trials are then at most 1, and an entry of reliability ½ gives
// 1 to both.
func (ev *Evidence) weights() (agree, disagree float64) {
	r := ev.Reliability
	top := math.Max(r, 1-r)
	return r / top, (1 - r) / top
}

// evidencePass is one scoring of an evidence package before a block's
// packages are counted: package pkg, with the parties' decisions of round
// round at hand (e.at), for the entries it tells.
type evidencePass struct {
	pkg, round int
	entries    []int
	// first, for a pass whose entries are all of round 1, are the staked
	// cells they need: their acceptance, or the cells of the pathway's
	// rule. Round 1 depends on nothing reached before, so those cells
	// alone are scored and compared (firstRound), not the package over
	// every round.
	first []int
}

// evidenceLayout is what a run precomputes of m's evidence: the passes
// that tell which trials reproduce each entry, the entries that drop the
// trials contradicting them (reliability 1) and those that weigh them
// (soft), and the classes of equal weight the soft ones split the trials
// into: class[combo] is the class of the trials that reproduce exactly the
// soft entries whose bits combo sets, weight[class] its weight, in
// decreasing order from 1. Entries of reliability ½ weigh nothing: they
// are in neither list, but have their pass, which counts how often the
// prior reproduces them.
type evidenceLayout struct {
	passes     []evidencePass
	hard, soft []int
	class      []int
	weight     []float64
	// inputs are the uncertain inputs whose prior and posterior a run
	// with evidence tallies (posterior.go).
	inputs []posteriorInput
}

// addEvidence lays out m's evidence (docs/model.md#evidence).
func (l *layout) addEvidence(m *Model) {
	ev := &l.evidence
	ev.weight = []float64{1}
	pass := map[[2]int]int{} // (package, round) → index in passes
	for i := range m.Evidence {
		x := &m.Evidence[i]
		// An entry of reliability ½ weighs nothing, but its pass still
		// counts how often the prior reproduces it.
		switch {
		case x.soft():
			ev.soft = append(ev.soft, i)
		case x.Reliability == 1:
			ev.hard = append(ev.hard, i)
		}
		// A pathway reached by a round does not depend on which round's
		// decisions are at hand: it joins any pass of its package.
		key := [2]int{x.Package, x.Round}
		j, ok := pass[key]
		if x.Pathway >= 0 && !ok {
			j, ok = l.anyPass(x.Package)
		}
		if !ok {
			j = len(ev.passes)
			pass[key] = j
			ev.passes = append(ev.passes, evidencePass{pkg: x.Package, round: x.Round})
		}
		ev.passes[j].entries = append(ev.passes[j].entries, i)
	}
	for j := range ev.passes {
		l.addFirstRound(m, &ev.passes[j])
	}
	ev.class, ev.weight = classWeights(m, ev.soft)
}

// addFirstRound sets, for a pass whose entries are all of round 1, the
// staked cells they need.
func (l *layout) addFirstRound(m *Model, p *evidencePass) {
	need := make([]bool, l.parties*l.tracks)
	for _, i := range p.entries {
		x := &m.Evidence[i]
		switch {
		case x.Round != 1:
			return
		case x.Pathway < 0:
			need[x.Party*l.tracks+x.Track] = true
		default:
			for _, c := range l.pathwayCells[x.Pathway] {
				need[c] = true
			}
		}
	}
	p.first = []int{}
	for _, c := range l.stakedCells {
		if need[c] {
			p.first = append(p.first, c)
		}
	}
}

// classWeights are the classes of equal weight into which the soft
// entries split the trials: class[combo] is the class of the trials that
// reproduce exactly the entries soft[j] whose bit j combo sets, and
// weight[class] its weight, the product of the entries' factors
// (Evidence.weights), distinct and in decreasing order from 1.
func classWeights(m *Model, soft []int) (class []int, weight []float64) {
	if len(soft) == 0 {
		return nil, []float64{1}
	}
	combos := make([]float64, 1<<len(soft))
	for combo := range combos {
		w := 1.0
		for j, i := range soft {
			agree, disagree := m.Evidence[i].weights()
			if combo>>j&1 == 1 {
				w *= agree
			} else {
				w *= disagree
			}
		}
		combos[combo] = w
	}
	weight = slices.Clone(combos)
	slices.Sort(weight)
	weight = slices.Compact(weight)
	slices.Reverse(weight)
	class = make([]int, len(combos))
	for combo, w := range combos {
		class[combo] = slices.Index(weight, w)
	}
	return class, weight
}

// evidenceClasses is the number of weight classes of a run of m: 1
// without soft evidence.
func evidenceClasses(m *Model) int {
	var soft []int
	for i := range m.Evidence {
		if m.Evidence[i].soft() {
			soft = append(soft, i)
		}
	}
	_, w := classWeights(m, soft)
	return len(w)
}

// evidenceKey identifies m's evidence, so that aggregates of runs
// conditioned on different evidence do not merge.
func evidenceKey(ev []Evidence) uint64 {
	h := fnv.New64a()
	for _, x := range ev {
		fmt.Fprintf(h, "%q %q %d %d %d %d %t %d %x\n", x.Label, x.Source, x.Package, x.Pathway, x.Party, x.Track,
			x.Observed, x.Round, math.Float64bits(x.Reliability))
	}
	return h.Sum64()
}

// anyPass is the first pass of package k, if there is one.
func (l *layout) anyPass(k int) (int, bool) {
	for j, p := range l.evidence.passes {
		if p.pkg == k {
			return j, true
		}
	}
	return 0, false
}

// evidenceCells marks in cells the (party, track) cells whose acceptance
// an entry observes: a round decides them as it decides those of a rule.
func evidenceCells(m *Model, cells []bool) {
	for _, x := range m.Evidence {
		if x.Pathway < 0 {
			cells[x.Party*len(m.Tracks)+x.Track] = true
		}
	}
}

// classes is the number of classes of equal weight a run's trials fall
// into: 1 without soft evidence.
func (ev *evidenceLayout) classes() int { return len(ev.weight) }

// observe sets kept[c] to the block's trials of weight class c: first it
// scores each evidence package, then marks the trials that reproduce
// each entry, drops those that contradict an entry of reliability 1 and
// sorts the rest by the soft entries they reproduce. Without evidence
// every trial is in class 0.
func (e *blockScorer) observe(n int) {
	ev := &e.l.evidence
	all := trialsMask(n)
	e.kept[0] = all
	if len(ev.passes) == 0 {
		return
	}
	report := e.report
	for j := range ev.passes {
		p := &ev.passes[j]
		switch {
		case p.first != nil:
			e.firstRound(p, n)
		case e.l.timed:
			e.report = p.round
			e.utilities(p.pkg, n)
			e.decideRounds(p.pkg, n)
		default:
			e.utilities(p.pkg, n)
			e.decide(p.pkg, n)
		}
		for _, i := range p.entries {
			e.repro[i] = e.reproduces(&e.m.Evidence[i], n)
		}
	}
	e.report = report
	kept := all
	for _, i := range ev.hard {
		kept &= e.repro[i]
	}
	if len(ev.soft) == 0 {
		e.kept[0] = kept
		return
	}
	clear(e.kept)
	for combo, class := range ev.class {
		in := kept
		for j, i := range ev.soft {
			if combo>>j&1 == 1 {
				in &= e.repro[i]
			} else {
				in &^= e.repro[i]
			}
		}
		e.kept[class] |= in
	}
}

// firstRound decides, for a pass of round 1, only the cells its entries
// need, as round 1 of decideRounds (or decide) decides them: the
// utility, red lines and reservation of each, and whether the track is
// on the table. It leaves in e.at their acceptance and in reachAt the
// round-1 pathways of its entries; a pathway with after is not reached in
// round 1.
func (e *blockScorer) firstRound(p *evidencePass, n int) {
	l := e.l
	all := trialsMask(n)
	pkg := e.m.ScoredPackage(p.pkg)
	for _, c := range p.first {
		penalised := e.applyRedLines(p.pkg, c, n, all)
		e.cellUtility(p.pkg, c, n, penalised)
		o := c * Block
		nonNegative := marginNonNegative(e.util[o:o+n], e.cellRes(1, c, n))
		var off uint64
		if pkg.OnTable(c%l.tracks) > 1 {
			off = all
		}
		e.at.accept[c] = nonNegative &^ e.vetoed[c] &^ off
	}
	for _, i := range p.entries {
		if w := e.m.Evidence[i].Pathway; w >= 0 {
			holds := all
			for _, c := range l.pathwayCells[w] {
				holds &= e.at.accept[c]
			}
			if len(e.m.Pathways[w].After) > 0 {
				holds = 0
			}
			e.reachAt[w] = holds
		}
	}
}

// reproduces is the block's trials that reproduce the observation x, of
// the package just decided: the party's decision on the track in the
// round at hand, or the pathway reached by x's round.
func (e *blockScorer) reproduces(x *Evidence, n int) uint64 {
	all := trialsMask(n)
	var seen uint64
	if x.Pathway < 0 {
		c := x.Party*e.l.tracks + x.Track
		seen = all // a party with no stake on the track accepts it
		if e.l.staked[c] {
			seen = e.at.accept[c]
		}
	} else {
		seen = e.reachAt[(x.Round-1)*len(e.m.Pathways)+x.Pathway]
	}
	if x.Observed {
		return seen & all
	}
	return all &^ seen
}

// ErrEvidence reports evidence that no trial of a run reproduces: every
// estimate would be 0/0.
var ErrEvidence = errors.New("no trial reproduces the evidence")

// checkKept reports a run with evidence that kept none of its trials,
// naming the entries that drop trials (those of reliability 1): first
// those that no trial reproduces on its own, if any.
func (a *Aggregate) checkKept(m *Model) error {
	if a.shape.classes == 0 {
		return nil
	}
	for _, part := range a.parts() {
		if part.trials > 0 {
			return nil
		}
	}
	var never, all []string
	for i, x := range m.Evidence {
		if x.Reliability != 1 {
			continue
		}
		name := fmt.Sprintf("evidence[%d] %q", i, x.Label)
		all = append(all, name)
		if i < len(a.seen) && a.seen[i] == 0 {
			never = append(never, name)
		}
	}
	if len(never) > 0 {
		return fmt.Errorf("scenario %q: %w: none of the %d trials reproduces %s; run more trials, or lower its reliability below 1, or check the observation",
			m.ID, ErrEvidence, a.prior, strings.Join(never, ", "))
	}
	return fmt.Errorf("scenario %q: %w: each is reproduced by some of the %d trials, but none reproduces all of %s together; run more trials, or lower a reliability below 1, or check the observations",
		m.ID, ErrEvidence, a.prior, strings.Join(all, ", "))
}
