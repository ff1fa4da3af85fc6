package sim

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// ChunkSize is the number of consecutive trials a worker takes at a time:
// large enough that handing out chunks costs nothing measurable, small
// enough that a cancelled run stops within milliseconds and that progress
// moves smoothly. Shards are cut on chunk boundaries.
const ChunkSize = 4096

// TallyBudget is the memory, in bytes, that the workers of a run may give
// their aggregates together before the run uses fewer workers. Each worker
// counts into aggregates of its own, whose margin histograms take 8 KiB for
// every (package, party, track) on which the party has a stake: 0.6 MiB for
// the default scenario, but gigabytes for hundreds of packages over
// hundreds of parties and tracks.
const TallyBudget = 1 << 30

// Options control a run. Zero values take the defaults noted.
type Options struct {
	// Trials is the number of Monte Carlo trials (> 0).
	Trials int64
	// Seed selects the random streams: trial t draws from a stream derived
	// from (Seed, t) alone.
	Seed uint64
	// Workers is the number of goroutines; ≤ 0 means runtime.GOMAXPROCS(0).
	// A run uses fewer when there are fewer chunks, or when the workers'
	// aggregates would need more than TallyBudget bytes together; the
	// results are the same for any number.
	Workers int
	// Progress, if not nil, is called from the workers (concurrently) with the
	// number of trials just completed, once per chunk.
	Progress func(trials int64)
	// MemoryLimit, if > 0, is the most memory in bytes that one worker's
	// aggregates may take: a scenario whose aggregates need more makes Run
	// fail with an error wrapping ErrTooLarge before it allocates them,
	// rather than the process running out of memory.
	MemoryLimit int64
}

// ErrTooLarge reports a scenario whose aggregates would not fit in
// Options.MemoryLimit.
var ErrTooLarge = errors.New("too large for the memory available")

// Run scores every package of m on the same draws of Options.Trials trials
// and returns the estimates. It stops early, returning ctx.Err(), when ctx is
// cancelled.
//
// Workers take chunks of ChunkSize trials in turn and count outcomes into
// tallies of their own. A chunk's floating-point sums are rounded into
// integer totals when it ends, and tallies hold only integers (and exact
// extremes), so adding them up gives the same bits whatever worker ran which
// chunk: the chunk-order combination of DESIGN.md §2, by construction.
func Run(ctx context.Context, m *Model, opt Options) (*Result, error) {
	if opt.Trials <= 0 || opt.Trials > MaxTrials {
		return nil, fmt.Errorf("trials must be in [1, %d], got %d", int64(MaxTrials), opt.Trials)
	}
	if err := m.Check(); err != nil {
		return nil, err
	}
	l := newLayout(m)
	need := tallyBytes(m, l)
	if opt.MemoryLimit > 0 && need > opt.MemoryLimit {
		return nil, fmt.Errorf("scenario %q: its aggregates need %.1f GiB (8 KiB for each of %d packages × %d staked (party, track) cells): %w, %.1f GiB",
			m.ID, float64(need)/(1<<30), len(m.Packages), len(l.stakedCells), ErrTooLarge, float64(opt.MemoryLimit)/(1<<30))
	}
	chunks := (opt.Trials + ChunkSize - 1) / ChunkSize
	workers := workerCount(opt.Workers, chunks, need)

	var next atomic.Int64
	tallies := make([]*tally, workers)
	var wg sync.WaitGroup
	for w := range tallies {
		tl := newTally(m, l)
		tallies[w] = tl
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := newEvaluator(m, l, opt.Seed)
			for ctx.Err() == nil {
				c := next.Add(1) - 1
				if c >= chunks {
					return
				}
				lo, hi := c*ChunkSize, min((c+1)*ChunkSize, opt.Trials)
				for t := lo; t < hi; t += Block {
					e.block(uint64(t), int(min(Block, hi-t)), tl)
				}
				tl.endChunk()
				if opt.Progress != nil {
					opt.Progress(hi - lo)
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	total := tallies[0]
	for _, tl := range tallies[1:] {
		total.merge(tl)
	}
	return total.result(m, l, opt.Seed), nil
}

// workerCount is the number of workers a run of chunks chunks uses when
// asked for requested (≤ 0: one per processor) and each worker's
// aggregates take tally bytes: no more than there are chunks, and no more
// than TallyBudget holds, but always one.
func workerCount(requested int, chunks, tally int64) int {
	if requested <= 0 {
		requested = runtime.GOMAXPROCS(0)
	}
	return int(max(1, min(int64(requested), chunks, TallyBudget/max(1, tally))))
}
