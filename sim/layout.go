package sim

import (
	"cmp"
	"math"
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

	// The timeline (docs/model.md#timeline). rounds is the number of
	// rounds; timed says a package's outcome needs the rounds loop (more
	// than one round, or a pathway with after or effects); steppers are the
	// factors with a step, and stepKey[j][r−2] the stream of stepper j's
	// step in round r ≥ 2; perRound[i] marks the Params that are steps,
	// drawn each round rather than once a trial; shifted[cell] the cells
	// whose reservations pathway effects shift.
	// allTracks is 0 … T−1, the tracks of an effect on every track.
	allTracks []int

	rounds   int
	timed    bool
	steppers []int
	stepKey  [][]inputKey
	perRound []bool
	shifted  []bool
	// ruleCellList are the staked cells some pathway's rule needs, the only
	// ones a round other than the reported one decides; varying[cell] marks
	// those whose reservation may change from round to round (a stepper's
	// effect or a pathway's reaches them), so that the others' decision of
	// round 1 holds in every round.
	ruleCellList []int
	varying      []bool
	// stepped[cell] marks the staked cells whose reservation a stepper's
	// effect moves from round to round, and roundCells says how to compute
	// each one's in a round after the first: first the ruleRoundCells that
	// some pathway's rule needs, every round; then the others, which only
	// the reported round decides.
	stepped        []bool
	roundCells     []roundCell
	ruleRoundCells int

	evidence evidenceLayout
}

// roundCell is how a round after the first computes the reservation of a
// cell a stepper moves: its own reservation (Param base) plus each
// factor's effect on it, in factor and effect order (terms). Split, the
// same terms are those of the factors that do not step, the same in every
// round (fixed), and the steppers', with the round's values (stepped).
type roundCell struct {
	cell, base            int
	terms, fixed, stepped []roundTerm
}

// roundTerm is one factor's effect on a roundCell: coefficient (Param
// coef) × the factor's value, its Param value or, for a stepper (stepper
// ≥ 0), its value in the round.
type roundTerm struct{ coef, value, stepper int }

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
	// Every package's share of the per-package slices, allocated once:
	// appended package by package, they would be copied over and over.
	K := m.scored()
	l.fixedU, l.terms = make([]float64, 0, K*cells), make([][]term, 0, K*cells)
	l.redLineValue, l.brokenRedLines = make([]float64, 0, K*l.redLines), make([][]int, 0, K)
	l.cellBroken = make([][]int, 0, K*cells)
	for k := range K {
		l.addPackageTerms(m, m.ScoredPackage(k), order, util)
		l.addBrokenRedLines(m, m.ScoredPackage(k), redLineCell)
	}
	l.addPathways(m)
	l.addStreamKeys(m)
	l.addTimeline(m)
	l.addEvidence(m)
	l.addPosteriorInputs(m, order)
	return l
}

// addTimeline records what the rounds of m's timeline need: the steppers
// and the keys of their rounds' streams, and the cells pathway effects
// shift.
func (l *layout) addTimeline(m *Model) {
	l.allTracks = make([]int, l.tracks)
	for t := range l.allTracks {
		l.allTracks[t] = t
	}
	l.rounds = m.Rounds()
	l.timed = timed(m)
	l.addSteppers(m)
	cells := l.parties * l.tracks
	l.shifted = make([]bool, cells)
	for _, w := range m.Pathways {
		l.markEffects(l.shifted, w.Effects)
	}
	l.stepped = make([]bool, cells)
	for _, f := range l.steppers {
		l.markEffects(l.stepped, m.Factors[f].Effects)
	}
	l.varying = make([]bool, cells)
	for c := range l.varying {
		l.stepped[c] = l.stepped[c] && l.staked[c]
		l.varying[c] = l.stepped[c] || l.shifted[c]
	}
	inRule := make([]bool, cells)
	for _, need := range l.pathwayCells {
		for _, c := range need {
			inRule[c] = true
		}
	}
	evidenceCells(m, inRule)
	for _, c := range l.stakedCells {
		if inRule[c] {
			l.ruleCellList = append(l.ruleCellList, c)
		}
	}
	l.addRoundCells(m, inRule)
}

// timed reports whether m's packages need the rounds' loop: more than one
// round, or, in one, a pathway that waits on another or a track not on the
// table in round 1 (a schedule beyond a horizon cut short).
func timed(m *Model) bool {
	if m.Rounds() > 1 {
		return true
	}
	for _, w := range m.Pathways {
		if len(w.After) > 0 {
			return true
		}
	}
	for k := range m.scored() {
		for t := range m.Tracks {
			if m.ScoredPackage(k).OnTable(t) > 1 {
				return true
			}
		}
	}
	return false
}

// addSteppers lists the factors that step, with the keys of their rounds'
// streams, and marks their steps as drawn each round: none in one round.
func (l *layout) addSteppers(m *Model) {
	l.perRound = make([]bool, len(m.Params))
	if l.rounds == 1 {
		return
	}
	for f := range m.Factors {
		fac := &m.Factors[f]
		if fac.Step < 0 {
			continue
		}
		l.steppers = append(l.steppers, f)
		l.perRound[fac.Step] = true
		keys := make([]inputKey, l.rounds-1)
		for r := range keys {
			keys[r] = roundKey(newInputKey(m.Params[fac.Step].Name), r+2)
		}
		l.stepKey = append(l.stepKey, keys)
	}
}

// markEffects sets cells[c] for every (party, track) cell the effects
// shift.
func (l *layout) markEffects(cells []bool, effects []Effect) {
	for _, e := range effects {
		for _, t := range l.effectTracks(e) {
			cells[e.Party*l.tracks+t] = true
		}
	}
}

// addRoundCells lists how to compute, in a round after the first, the
// reservation of each cell a stepper moves: those a rule needs (inRule)
// first.
func (l *layout) addRoundCells(m *Model, inRule []bool) {
	stepperOf := make([]int, len(m.Factors))
	for f := range stepperOf {
		stepperOf[f] = slices.Index(l.steppers, f)
	}
	for _, c := range l.stakedCells {
		if !l.stepped[c] {
			continue
		}
		p, t := c/l.tracks, c%l.tracks
		rc := roundCell{cell: c, base: m.Parties[p].Reservation[t]}
		for f := range m.Factors {
			for _, e := range m.Factors[f].Effects {
				if e.Party == p && slices.Contains(l.effectTracks(e), t) {
					term := roundTerm{coef: e.Coef, value: m.Factors[f].Value, stepper: stepperOf[f]}
					rc.terms = append(rc.terms, term)
					if term.stepper >= 0 {
						rc.stepped = append(rc.stepped, term)
					} else {
						rc.fixed = append(rc.fixed, term)
					}
				}
			}
		}
		l.roundCells = append(l.roundCells, rc)
	}
	slices.SortStableFunc(l.roundCells, func(a, b roundCell) int {
		return cmp.Compare(b2i(!inRule[a.cell]), b2i(!inRule[b.cell]))
	})
	for _, rc := range l.roundCells {
		if inRule[rc.cell] {
			l.ruleRoundCells++
		}
	}
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// effectTracks are the tracks an effect shifts: its own, or every track.
func (l *layout) effectTracks(e Effect) []int {
	if e.Tracks != nil {
		return e.Tracks
	}
	return l.allTracks
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
	// The package's terms share one array: a package has at most one
	// term a stake.
	arena := make([]term, 0, l.stakes)
	for c := 0; c < l.parties*l.tracks; c++ {
		lo, hi := l.cellStakes[c][0], l.cellStakes[c][1]
		l.fixedU = append(l.fixedU, fixedUtility(m, l.stakeWeight[lo:hi], util[lo:hi]))
		from := len(arena)
		for s := lo; s < hi; s++ {
			if util[s] != 0 {
				arena = append(arena, term{stake: s, u: util[s]})
			}
		}
		var ts []term
		if len(arena) > from {
			ts = arena[from:len(arena):len(arena)]
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
// so w's trials depend on the rules before it too. Over the rounds of a
// timeline, a pathway's effects and after tie every pathway to every
// other, so there the packages must score alike on every rule's cells and
// have the same schedule.
func (l *layout) sameOutcomes(m *Model, i, j int) []bool {
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
	if l.timed {
		for t := range l.tracks {
			same = same && m.Packages[i].OnTable(t) == m.Packages[j].OnTable(t)
		}
		for _, need := range l.pathwayCells {
			for _, c := range need {
				same = same && sameCell(c)
			}
		}
	}
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
