package sim

import (
	"math"
	"math/rand/v2"
)

// layout is what a run precomputes from a Model once: everything that does
// not change between trials, flattened into slices indexed by integers so the
// per-trial loop reads memory in order and allocates nothing.
//
// Cells number (party, track) pairs as p·T + t. Stakes of all parties are
// numbered in cell order, so the stakes of one cell are contiguous
// (cellStakes[c] is their range) and a utility is summed in a register
// rather than through memory. Red lines are numbered party by party in Model
// order: party p's start at redLineOffset[p].
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
	// penaltyCells are the cells with a red line, the only ones whose
	// penalties and vetoes need clearing between packages.
	penaltyCells []int
	utility      []float64 // [k·S + stake]: u(x) of package k
	// salient[cell] says the party resamples its weights on the track; where
	// its weights there are all fixed, so are the Dirichlet's α, and
	// salience[stake] holds the stake's gamma variate ready to draw.
	salient    []bool
	fixedAlpha []bool // [cell]
	salience   []gammaVariate
	conc       []float64 // [cell]: the party's salience concentration

	redLines      int
	redLineOffset []int
	redLineCell   []int  // [red line]: the cell it penalises or vetoes
	redLineHard   []bool // [red line]
	redLinePen    []int  // [red line]: Param index of λ (soft only)
	redLineThr    []int  // [red line]: Param index of the threshold (min/max only)
	redLineKind   []RedLineKind
	redLineValue  []float64 // [k·NR + r]: the package's value of the issue
	// thresholdRedLines are the min and max red lines, whose violation
	// depends on the trial's threshold; brokenRedLines[k] are the allowed and
	// require red lines that package k violates in every trial.
	thresholdRedLines []int
	brokenRedLines    [][]int

	// pathwayCells[w] are the cells that must all accept for pathway w.
	pathwayCells [][]int
}

func newLayout(m *Model) *layout {
	P, T := len(m.Parties), len(m.Tracks)
	cells := P * T
	l := &layout{parties: P, tracks: T, staked: make([]bool, cells), cellStakes: make([][2]int, cells),
		salient: make([]bool, cells), fixedAlpha: make([]bool, cells), conc: make([]float64, cells),
		redLineOffset: make([]int, P)}
	// order lists every stake as (party, index in Party.Stakes), in cell order.
	var order [][2]int
	for p := range m.Parties {
		party := &m.Parties[p]
		l.redLineOffset[p] = l.redLines
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
			l.conc[cell] = party.Concentration
		}
		for _, r := range party.RedLines {
			if r.Kind == Min || r.Kind == Max {
				l.thresholdRedLines = append(l.thresholdRedLines, len(l.redLineKind))
			}
			l.redLineCell = append(l.redLineCell, p*T+m.Issues[r.Issue].Track)
			l.redLineHard = append(l.redLineHard, r.Hard)
			l.redLinePen = append(l.redLinePen, r.Penalty)
			l.redLineThr = append(l.redLineThr, r.Threshold)
			l.redLineKind = append(l.redLineKind, r.Kind)
		}
		l.redLines += len(party.RedLines)
	}
	l.stakes = len(order)
	for s, w := range l.stakeWeight {
		if !m.Params[w].Dist.IsFixed() {
			l.drawnWeights = append(l.drawnWeights, s)
		}
	}
	seen := make([]bool, cells)
	for _, c := range l.redLineCell {
		if !seen[c] {
			seen[c] = true
			l.penaltyCells = append(l.penaltyCells, c)
		}
	}
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
	for k, pkg := range m.Packages {
		for _, ps := range order {
			st := &m.Parties[ps[0]].Stakes[ps[1]]
			l.utility = append(l.utility, st.Utility(pkg.Values[st.Issue]))
		}
		var broken []int
		for p := range m.Parties {
			for i := range m.Parties[p].RedLines {
				r := &m.Parties[p].RedLines[i]
				x := pkg.Values[r.Issue]
				if (r.Kind == Allowed || r.Kind == Require) && r.Violated(x, 0) {
					broken = append(broken, len(l.redLineValue)-k*l.redLines)
				}
				l.redLineValue = append(l.redLineValue, x)
			}
		}
		l.brokenRedLines = append(l.brokenRedLines, broken)
	}
	for _, w := range m.Pathways {
		var need []int
		for _, p := range w.Parties {
			for _, t := range w.Tracks {
				need = append(need, p*T+t)
			}
		}
		l.pathwayCells = append(l.pathwayCells, need)
	}
	return l
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

// Block is the number of trials an evaluator draws and scores together.
// Each trial still draws from its own stream; blocking only changes the
// order of the arithmetic (trial-minor arrays), so each package's scoring
// runs as tight loops over a block's trials, with its margin sums in
// registers and its histogram updates close together in memory.
// ChunkSize is a multiple of it, so blocks never straddle chunks.
const Block = 64

// evaluator is one worker's scratch space: its random source, the samplers
// bound to it, and the buffers a block of trials fills, each laid out as
// [index·Block + trial]. It is reused for every block the worker runs, so
// the hot loop allocates nothing.
type evaluator struct {
	m    *Model
	l    *layout
	seed uint64
	src  *rand.PCG
	rng  *rand.Rand // reads src

	uncertain []int     // Param indices that are not Fixed, in Model order
	samplers  []Sampler // [param], nil for Fixed
	vals      []float64 // [param·Block + b]: the draws

	weight   []float64      // [b·S + stake]: salience weight (trial-major, unlike the rest)
	salience []gammaVariate // [stake]: scratch for uncertain α
	nominal  []float64      // [stake]: scratch for uncertain α
	invDen   []float64      // [cell·Block + b]: 1/Σ weights on the track (0 if none)
	res      []float64      // [cell·Block + b]: reservation after factor effects
	pen      []float64      // [cell·Block + b]: Σ λ of violated soft red lines
	hard     []int32        // [cell·Block + b]: number of violated hard red lines
	accept   []bool         // [cell·Block + b]
	margin   []float64      // [cell·Block + b]: U − R
	broken   []int64        // [red line·Block + b]: 1 if violated by the package being scored
	allTrack []int          // 0…T−1, for effects on every track
}

func newEvaluator(m *Model, l *layout, seed uint64) *evaluator {
	cells := l.parties * l.tracks
	src := rand.NewPCG(0, 0)
	e := &evaluator{m: m, l: l, seed: seed, src: src, rng: rand.New(src),
		samplers: make([]Sampler, len(m.Params)), vals: make([]float64, len(m.Params)*Block),
		weight: make([]float64, l.stakes*Block), salience: make([]gammaVariate, l.stakes),
		nominal: make([]float64, l.stakes),
		invDen:  make([]float64, cells*Block), res: make([]float64, cells*Block),
		pen: make([]float64, cells*Block), hard: make([]int32, cells*Block),
		accept: make([]bool, cells*Block), margin: make([]float64, cells*Block),
		broken:   make([]int64, l.redLines*Block),
		allTrack: make([]int, l.tracks)}
	for i := range e.allTrack {
		e.allTrack[i] = i
	}
	for c, ok := range l.staked {
		for b := 0; b < Block; b++ {
			e.accept[c*Block+b] = !ok // indifferent: accepts in every trial
		}
	}
	for i, prm := range m.Params {
		if prm.Dist.IsFixed() {
			for b := 0; b < Block; b++ {
				e.vals[i*Block+b] = prm.Dist.P[0]
			}
			continue
		}
		e.samplers[i] = prm.Dist.Sampler(src)
		e.uncertain = append(e.uncertain, i)
	}
	for s, w := range l.stakeWeight {
		for b := 0; b < Block; b++ {
			e.weight[b*l.stakes+s] = math.Max(0, e.vals[w*Block+b])
		}
	}
	return e
}

// draw samples the uncertain inputs of n trials t0, t0+1, …: for each,
// every Param, then the salience weights; then the reservations with their
// factor effects. Trial t draws from its own stream in a fixed order, so it
// sees the same values whichever worker and block run it.
func (e *evaluator) draw(t0 uint64, n int) {
	l, T := e.l, e.l.tracks
	for b := 0; b < n; b++ {
		seedTrial(e.src, e.seed, t0+uint64(b))
		for _, i := range e.uncertain {
			e.vals[i*Block+b] = e.samplers[i].Rand()
		}
		for _, s := range l.drawnWeights {
			e.weight[b*l.stakes+s] = math.Max(0, e.vals[l.stakeWeight[s]*Block+b])
		}
		e.salienceWeights(b)
	}
	for _, c := range l.stakedCells {
		lo, hi := l.cellStakes[c][0], l.cellStakes[c][1]
		inv := e.invDen[c*Block : c*Block+n]
		for b := range inv {
			var d float64
			for _, w := range e.weight[b*l.stakes+lo : b*l.stakes+hi] {
				d += w
			}
			inv[b] = 0
			if d > 0 {
				inv[b] = 1 / d
			}
		}
	}
	for p := range e.m.Parties {
		for t, i := range e.m.Parties[p].Reservation {
			if i >= 0 {
				copy(e.res[(p*T+t)*Block:(p*T+t)*Block+n], e.vals[i*Block:i*Block+n])
			}
		}
	}
	for f := range e.m.Factors {
		fac := &e.m.Factors[f]
		v := e.vals[fac.Value*Block : fac.Value*Block+n]
		for _, eff := range fac.Effects {
			coef := e.vals[eff.Coef*Block : eff.Coef*Block+n]
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

// salienceWeights resamples trial b's weights. On each track, a party's
// weights are Dirichlet with concentration c around their nominal shares,
// w ~ Dir(c·w̄/Σw̄), drawn as independent Gamma(c·w̄ᵢ/Σw̄, 1) variates. The
// Dirichlet's normalisation is left out because U divides by the weights'
// sum on the track anyway. (gonum's distmv.Dirichlet fixes α when it is
// built, whereas here w̄ may itself be drawn; gammaVariate says why the
// variates are not distuv.Gamma's.)
func (e *evaluator) salienceWeights(b int) {
	l := e.l
	for _, c := range l.stakedCells {
		if !l.salient[c] {
			continue
		}
		lo, hi := l.cellStakes[c][0], l.cellStakes[c][1]
		g := l.salience[lo:hi]
		if !l.fixedAlpha[c] {
			g = e.salience[lo:hi]
			// The nominal weights are this trial's draws, not e.weight,
			// which holds the previous trial's salience draws for the
			// stakes whose nominal weight is fixed.
			for s := lo; s < hi; s++ {
				e.nominal[s] = math.Max(0, e.vals[l.stakeWeight[s]*Block+b])
			}
			if !dirichletAlphas(e.nominal[lo:hi], l.conc[c], g) {
				continue
			}
		}
		for i := range g {
			if g[i].d > 0 { // a zero nominal weight stays zero
				e.weight[b*l.stakes+lo+i] = g[i].rand(e.rng)
			}
		}
	}
}

// b2i is 1 for true and 0 for false. The compiler makes it a SETcc, not a
// branch: the scoring loops count outcomes such as "margin ≥ 0" that are
// true about as often as false, where a mispredicted branch costs more than
// all the arithmetic around it.
func b2i(b bool) int64 {
	var i int64
	if b {
		i = 1
	}
	return i
}

// breach applies red line r to its cell in the block's trials: where
// violated[b] is 1, a veto if the red line is hard, else its penalty λ.
// A nil violated means every trial.
func (e *evaluator) breach(r, n int, violated []int64) {
	l := e.l
	o := l.redLineCell[r] * Block
	if l.redLineHard[r] {
		hard := e.hard[o : o+n]
		for b := range hard {
			if violated == nil {
				hard[b]++
			} else {
				hard[b] += int32(violated[b])
			}
		}
		return
	}
	pen, lambda := e.pen[o:o+n], e.vals[l.redLinePen[r]*Block:l.redLinePen[r]*Block+n]
	for b := range pen {
		if violated == nil {
			pen[b] += lambda[b]
		} else {
			pen[b] += lambda[b] * float64(violated[b])
		}
	}
}

// score evaluates package k on the block's n trials and adds the outcomes
// to tl.
//
//	U(p, T) = Σ_{i∈T} wᵢ·uᵢ(xᵢ) / Σ_{i∈T} wᵢ  −  Σ_{r on T} λ_r·[r violated]
//
// Party p accepts T when U(p, T) − R(p, T) ≥ 0 and no hard red line on T is
// violated; with no stake on T it is indifferent and accepts.
func (e *evaluator) score(k, n int, tl *tally) {
	l := e.l
	for _, c := range l.penaltyCells {
		clear(e.pen[c*Block : c*Block+n])
		clear(e.hard[c*Block : c*Block+n])
	}
	// Red lines broken by the package itself are violated in every trial;
	// tally.result counts them once per run.
	for _, r := range l.brokenRedLines[k] {
		e.breach(r, n, nil)
	}
	base := k * l.redLines
	for _, r := range l.thresholdRedLines {
		// A min red line is violated when x < t, a max one when x > t:
		// both are sign·(t − x) > 0.
		x, thr := l.redLineValue[base+r], e.vals[l.redLineThr[r]*Block:l.redLineThr[r]*Block+n]
		sign := 1.0
		if l.redLineKind[r] == Max {
			sign = -1
		}
		broken := e.broken[r*Block : r*Block+n]
		var count int64
		for b, t := range thr {
			v := b2i(sign*(t-x) > 0)
			broken[b] = v
			count += v
		}
		tl.violated[base+r] += count
		e.breach(r, n, broken)
	}
	// Cells without a stake always accept (see newEvaluator); their count is
	// added once per run in tally.result rather than once per trial here.
	util := l.utility[k*l.stakes : (k+1)*l.stakes]
	cells := l.parties * l.tracks
	for _, c := range l.stakedCells {
		lo, hi := l.cellStakes[c][0], l.cellStakes[c][1]
		u := util[lo:hi]
		i := k*cells + c
		o := c * Block
		invDen, pen, res := e.invDen[o:o+n], e.pen[o:o+n], e.res[o:o+n]
		hard, accept, margin := e.hard[o:o+n], e.accept[o:o+n], e.margin[o:o+n]
		var accepted int64
		for b := range margin {
			var num float64
			for j, w := range e.weight[b*l.stakes+lo : b*l.stakes+hi] {
				num += w * u[j]
			}
			m := num*invDen[b] - pen[b] - res[b]
			margin[b] = m
			ok := b2i(m >= 0) & b2i(hard[b] == 0)
			accept[b] = ok == 1
			accepted += ok
		}
		tl.accept[i] += accepted
		tl.addMargins(i, margin)
	}
	// A violated red line is pivotal when its party rejects the track but
	// would accept had that one red line been satisfied.
	for _, r := range l.brokenRedLines[k] {
		tl.pivotal[base+r] += e.pivotal(r, n, nil)
	}
	for _, r := range l.thresholdRedLines {
		tl.pivotal[base+r] += e.pivotal(r, n, e.broken[r*Block:r*Block+n])
	}
	// The first pathway whose cells all accept is the outcome.
	W := len(l.pathwayCells)
	for b := 0; b < n; b++ {
		for w, need := range l.pathwayCells {
			ok := true
			for _, c := range need {
				if !e.accept[c*Block+b] {
					ok = false
					break
				}
			}
			if ok {
				tl.pathway[k*W+w]++
				break
			}
		}
	}
}

// pivotal counts the trials of the block in which red line r is violated
// (in every trial when broken is nil) and pivotal: its party rejects the
// track but would accept it without that red line, the margin then being
// U − R + λ for a soft red line, and a hard one being the only veto.
func (e *evaluator) pivotal(r, n int, broken []int64) int64 {
	l := e.l
	o := l.redLineCell[r] * Block
	accept, margin, hard := e.accept[o:o+n], e.margin[o:o+n], e.hard[o:o+n]
	var lambda []float64 // zero for a hard red line
	vetoes := int32(1)   // the hard red lines left once r is satisfied: none
	if !l.redLineHard[r] {
		lambda = e.vals[l.redLinePen[r]*Block : l.redLinePen[r]*Block+n]
		vetoes = 0
	}
	var count int64
	for b := range accept {
		var relief float64
		if lambda != nil {
			relief = lambda[b]
		}
		p := b2i(!accept[b]) & b2i(margin[b]+relief >= 0) & b2i(hard[b] == vetoes)
		if broken != nil {
			p &= broken[b]
		}
		count += p
	}
	return count
}

// block draws n ≤ Block trials starting at t0 once and scores every package
// on those same draws (common random numbers), so package comparisons are
// paired.
func (e *evaluator) block(t0 uint64, n int, tl *tally) {
	e.draw(t0, n)
	for k := range e.m.Packages {
		e.score(k, n, tl)
	}
	tl.trials += int64(n)
}
