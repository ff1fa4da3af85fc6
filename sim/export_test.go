package sim

// BlockFunc exposes one worker's evaluation of a block of Block trials to
// the benchmarks in package sim_test, which load the default scenario
// (package scenarios imports sim, so they cannot live in package sim itself).
// Like a run, it closes a chunk every ChunkSize trials.
func BlockFunc(m *Model, seed uint64) func(t0 uint64) {
	l := newLayout(m)
	e, tl := newBlockScorer(m, l, seed), newAggregate(m, l, seed, counting{})
	return func(t0 uint64) {
		e.block(t0, Block, tl)
		if (t0+Block)%ChunkSize == 0 {
			tl.endChunk()
		}
	}
}

// Draws returns what the uncertain inputs of m draw in trials t0…t0+n−1
// (n ≤ Block) of a run with the given seed, by key path: each uncertain
// Param's values, and for each party and track whose salience weights are
// resampled, the weights of its stakes in turn under the key path of the
// salience input followed by "#" and the stake's issue id.
func Draws(m *Model, seed, t0 uint64, n int) map[string][]float64 {
	l := newLayout(m)
	e := newBlockScorer(m, l, seed)
	e.draw(t0, n)
	out := map[string][]float64{}
	for _, i := range e.uncertain {
		out[m.Params[i].Name] = append([]float64(nil), e.param(i, n)...)
	}
	for _, c := range l.stakedCells {
		if !l.salient[c] {
			continue
		}
		p, t := c/l.tracks, c%l.tracks
		for s := l.cellStakes[c][0]; s < l.cellStakes[c][1]; s++ {
			var issue string
			for _, st := range m.Parties[p].Stakes {
				if st.Weight == l.stakeWeight[s] {
					issue = m.Issues[st.Issue].ID
				}
			}
			out[m.SalienceName(p, t)+"#"+issue] = append([]float64(nil), e.weight[s*Block:s*Block+n]...)
		}
	}
	return out
}

// CellTrial is what the engine makes of one package for one party on one
// track in one trial: the utility U, the reservation R, whether a hard red
// line vetoes the track and whether the party accepts it.
type CellTrial struct {
	U, R            float64
	Vetoed, Accepts bool
}

// ScoreCells scores every package of m on trials t0…t0+n−1 (n ≤ Block)
// of a run with the given seed, and returns what the engine made of each
// package k for each party p on each track t on which it has a stake, in
// each trial b (ok false where it has none), and the draw of each Param
// in each trial.
//
// With a timeline, it is what the parties decide in round round, and
// param gives each factor's Value Param the factor's value in that round,
// so that Model.Reservation with it is the round's reservation (but for
// the effects of pathways reached).
func ScoreCells(m *Model, seed, t0 uint64, n, round int) (cell func(k, p, t, b int) (CellTrial, bool), param func(i, b int) float64) {
	l := newLayout(m)
	e := newBlockScorer(m, l, seed)
	e.report = max(1, round)
	e.draw(t0, n)
	got := map[[4]int]CellTrial{}
	for k := range m.Packages {
		e.utilities(k, n)
		if l.timed {
			e.decideRounds(k, n)
		} else {
			e.decide(k, n)
		}
		for _, c := range l.stakedCells {
			for b := range n {
				got[[4]int{k, c / l.tracks, c % l.tracks, b}] = CellTrial{
					U: e.util[c*Block+b], R: e.util[c*Block+b] - e.at.margin[c*Block+b],
					Vetoed: e.vetoed[c]>>b&1 == 1, Accepts: e.at.accept[c]>>b&1 == 1}
			}
		}
	}
	vals := append([]float64(nil), e.vals...)
	// The steppers' values in round round, as stepFactors leaves them.
	if len(l.steppers) > 0 && round > 1 {
		for j, f := range l.steppers {
			copy(e.fval[j*Block:j*Block+n], e.param(m.Factors[f].Value, n))
		}
		for r := 2; r <= round; r++ {
			e.stepFactors(r, n)
		}
		for j, f := range l.steppers {
			copy(vals[m.Factors[f].Value*Block:], e.fval[j*Block:j*Block+n])
		}
	}
	return func(k, p, t, b int) (CellTrial, bool) {
			ct, ok := got[[4]int{k, p, t, b}]
			return ct, ok
		}, func(i, b int) float64 {
			return vals[i*Block+b]
		}
}

// RoundsDecided scores every package of m on the Block trials from t0 of
// a run with the given seed and returns how many rounds, other than the
// reported (last) one, the engine decided for each.
func RoundsDecided(m *Model, seed, t0 uint64) []int {
	l := newLayout(m)
	e := newBlockScorer(m, l, seed)
	e.report = l.rounds
	e.draw(t0, Block)
	out := make([]int, len(m.Packages))
	for k := range m.Packages {
		e.roundsDecided = 0
		e.utilities(k, Block)
		e.decideRounds(k, Block)
		out[k] = e.roundsDecided
	}
	return out
}
