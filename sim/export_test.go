package sim

// BlockFunc exposes one worker's evaluation of a block of Block trials to
// the benchmarks in package sim_test, which load the default scenario
// (package scenarios imports sim, so they cannot live in package sim itself).
// Like a run, it closes a chunk every ChunkSize trials.
func BlockFunc(m *Model, seed uint64) func(t0 uint64) {
	l := newLayout(m)
	e, tl := newBlockScorer(m, l, seed), newAggregate(m, l, seed, false, false)
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
