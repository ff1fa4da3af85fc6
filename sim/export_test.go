package sim

// BlockFunc exposes one worker's evaluation of a block of Block trials to
// the benchmarks in package sim_test, which load the default scenario
// (package scenarios imports sim, so they cannot live in package sim itself).
// Like a run, it closes a chunk every ChunkSize trials.
func BlockFunc(m *Model, seed uint64) func(t0 uint64) {
	l := newLayout(m)
	e, tl := newEvaluator(m, l, seed), newTally(m, l)
	return func(t0 uint64) {
		e.block(t0, Block, tl)
		if (t0+Block)%ChunkSize == 0 {
			tl.endChunk()
		}
	}
}
