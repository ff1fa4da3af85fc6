package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
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
	// Seed selects the random streams: in trial t, each uncertain input
	// draws from a stream derived from (Seed, its key path, t) alone.
	Seed uint64
	// Workers is the number of goroutines; ≤ 0 means runtime.GOMAXPROCS(0).
	// A run uses fewer when there are fewer chunks, or when the workers'
	// aggregates would need more than TallyBudget bytes together; the
	// results are the same for any number.
	Workers int
	// Chunks, if not the zero ChunkRange, restricts the run to those chunks
	// of its Trials: a shard of a run split across processes or machines,
	// whose aggregates Aggregate.Merge combines.
	Chunks ChunkRange
	// Paired asks for the discordant trials of every pair of packages on
	// every pathway (Result.Paired): what a paired comparison of packages
	// needs. Their count grows with the square of the number of packages.
	Paired bool
	// Lean counts only what the pathways, acceptance, blocking and red-line
	// violations need: no margin statistics and no pivotal tests, which
	// take about a third of a trial's time and most of its memory. A study
	// that reports only probabilities (a sweep) asks for it; its Result's
	// Margins and Pivotal are empty (Result.Lean).
	Lean bool
	// NoMargins counts no margin statistics, the histograms that take
	// most of a run's memory and about a quarter of its time, but every
	// other estimate, pivotal red lines included: what a command that
	// prints no margins asks for (a run without -o). Its Result's Margins
	// are empty (Result.NoMargins); its aggregate cannot be written as a
	// shard's.
	NoMargins bool
	// Progress, if not nil, is called from the workers (concurrently) with the
	// number of trials just completed, once per chunk.
	Progress func(trials int64)
	// Round is the round of a timeline whose outcome the run reports
	// (docs/model.md#timeline): the pathways, acceptance, margins, red
	// lines, blocking and pairs are those by that round; 0 means the last.
	Round int
	// MemoryLimit, if > 0, is the most memory in bytes that one worker's
	// aggregates may take: a scenario whose aggregates need more makes Run
	// fail with an error wrapping ErrTooLarge before it allocates them,
	// rather than the process running out of memory.
	MemoryLimit int64
	// ResultBytes is the memory in bytes the caller will need for each
	// (package, party, track) of the Result, beyond the run's aggregates —
	// the tables a command builds of it — counted with them against
	// MemoryLimit, so that a run whose tables would not fit is refused
	// before it starts rather than after.
	ResultBytes int64
}

// ChunkRange is the chunks [First, End) of a run: the trials from
// First·ChunkSize up to End·ChunkSize (or the run's last trial).
type ChunkRange struct{ First, End int64 }

// ChunkCount is the number of chunks of a run of the given trials; the
// last one may be short.
func ChunkCount(trials int64) int64 { return (trials + ChunkSize - 1) / ChunkSize }

// ErrTooLarge reports a scenario whose aggregates would not fit in
// Options.MemoryLimit.
var ErrTooLarge = errors.New("too large for the memory available")

// Run scores every package of m on the same draws of Options.Trials trials
// and returns the estimates: Simulate, then Aggregate.Result. It stops
// early, returning ctx.Err(), when ctx is cancelled.
func Run(ctx context.Context, m *Model, opt Options) (*Result, error) {
	a, l, err := simulate(ctx, m, opt, newBlockScorer)
	if err != nil {
		return nil, err
	}
	return a.resultOf(m, l) // the run's layout: a large scenario's takes a while
}

// Simulate runs the trials of opt.Chunks (all of them by default) and
// returns their aggregate. It stops early, returning ctx.Err(), when ctx is
// cancelled: within a block of Block trials, so promptly however many
// packages a scenario has.
//
// Workers take chunks of ChunkSize trials in turn and count outcomes into
// aggregates of their own. A chunk's floating-point sums are rounded into
// integer totals when it ends, and aggregates hold only integers (and exact
// extremes), so adding them up gives the same bits whatever worker ran which
// chunk, by construction (docs/model.md#aggregates).
func Simulate(ctx context.Context, m *Model, opt Options) (*Aggregate, error) {
	a, _, err := simulate(ctx, m, opt, newBlockScorer)
	return a, err
}

// simulate is Simulate with the workers' blockScorers made by scorer; it
// returns the run's layout too.
func simulate(ctx context.Context, m *Model, opt Options, scorer func(*Model, *layout, uint64) *blockScorer) (*Aggregate, *layout, error) {
	span, err := runSpan(opt)
	if err != nil {
		return nil, nil, err
	}
	if err := m.Check(); err != nil {
		return nil, nil, err
	}
	if err := checkRound(m, opt); err != nil {
		return nil, nil, err
	}
	staked := stakedCellCount(m)
	if err := checkMemory(m, opt, staked); err != nil {
		return nil, nil, err
	}
	need := aggregateBytes(m, staked, countingOf(opt))
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	l := newLayout(m)
	if err := ctx.Err(); err != nil {
		return nil, nil, err // the layout of a large scenario takes a while
	}
	workers := workerCount(opt.Workers, span.End-span.First, need)
	aggs := make([]*Aggregate, workers)
	sinks := make([]blockSink, workers)
	for w := range aggs {
		aggs[w] = newAggregate(m, l, opt.Seed, countingOf(opt))
		aggs[w].reporting(reportRound(opt, l))
		sinks[w] = aggs[w]
	}
	lo := span.First * ChunkSize
	seg := segment{base: uint64(lo), n: min(span.End*ChunkSize, opt.Trials) - lo}
	if err := runSegments(ctx, m, l, opt, []segment{seg}, sinks, scorer); err != nil {
		return nil, nil, err
	}
	total := aggs[0]
	for _, ag := range aggs[1:] {
		total.add(ag)
	}
	total.chunks = []ChunkRange{span}
	return total, l, nil
}

// runSpan is the chunks a run of opt covers, opt.Chunks or all of them, or
// an error when its trials or its chunks are out of range.
func runSpan(opt Options) (ChunkRange, error) {
	if opt.Trials <= 0 || opt.Trials > MaxTrials {
		return ChunkRange{}, fmt.Errorf("trials must be in [1, %d], got %d", int64(MaxTrials), opt.Trials)
	}
	chunks := ChunkCount(opt.Trials)
	span := opt.Chunks
	if span == (ChunkRange{}) {
		span = ChunkRange{0, chunks}
	}
	if span.First < 0 || span.First >= span.End || span.End > chunks {
		return ChunkRange{}, fmt.Errorf("chunk range [%d, %d) is not within the %d chunks of %d trials", span.First, span.End, chunks, opt.Trials)
	}
	return span, nil
}

// reportRound is the round whose outcome a run of opt reports: opt.Round,
// or the last (a run checks the range first, checkRound).
func reportRound(opt Options, l *layout) int {
	if opt.Round > 0 {
		return opt.Round
	}
	return l.rounds
}

// checkRound reports an Options.Round that m's timeline does not have.
func checkRound(m *Model, opt Options) error {
	if R := m.Rounds(); opt.Round < 0 || opt.Round > R {
		return fmt.Errorf("round %d is not a round of scenario %q, whose talks have %d", opt.Round, m.ID, R)
	}
	return nil
}

// segment is a run of n evaluations of a design: evaluation i of it is
// trial base + i, but for the swapped inputs, which take trial alt + i's
// draws; its outcomes go to evaluation out + i. A run is one segment, the
// matrices of a Saltelli design one each.
type segment struct {
	n, out    int64
	base, alt uint64
	swapParam []bool
	swapCell  []bool
}

// runSegments is the trial loop of every run and study: len(sinks) workers
// take the segments' chunks of ChunkSize evaluations in turn, draw a block
// of Block evaluations at a time, score every package on those draws and
// hand the outcomes to their own sink. Each evaluation's outcome depends on
// its trials' keys alone, so what the sinks make of them is the same for
// any number of workers.
//
// It stops early, returning ctx.Err(), when ctx is cancelled: within a
// block, so promptly however many packages a scenario has. A chunk whose
// draws are not finite fails the run; workers take no chunk after the
// lowest that has failed, so the error is that chunk's whatever the
// workers.
func runSegments(ctx context.Context, m *Model, l *layout, opt Options, segs []segment, sinks []blockSink, scorer func(*Model, *layout, uint64) *blockScorer) error {
	// task c is chunk c − first[s] of segment s.
	first := make([]int64, len(segs)+1)
	for s, seg := range segs {
		first[s+1] = first[s] + ChunkCount(seg.n)
	}
	next := atomic.Int64{}
	fails := make([]chunkError, len(sinks))
	failed := newFailedChunk()
	done := ctx.Done()
	var wg sync.WaitGroup
	for w, sink := range sinks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := scorer(m, l, opt.Seed)
			e.report = reportRound(opt, l)
			for {
				c := next.Add(1) - 1
				if c >= first[len(segs)] || c > failed.Load() {
					return
				}
				s := sortSearch(first, c)
				n, err := e.runChunk(done, &segs[s], c-first[s], sink)
				if err != nil {
					fails[w] = failChunk(failed, c, err)
					return
				}
				if n < 0 {
					return // cancelled
				}
				if opt.Progress != nil {
					opt.Progress(n)
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := firstError(fails); err != nil {
		return fmt.Errorf("scenario %q: %w", m.ID, err)
	}
	return nil
}

// runChunk evaluates chunk c of segment seg a block at a time into sink,
// and returns the number of evaluations it held, −1 if done was closed
// first, or the error of the first non-finite draw.
func (e *blockScorer) runChunk(done <-chan struct{}, seg *segment, c int64, sink blockSink) (int64, error) {
	e.swapParam, e.swapCell = seg.swapParam, seg.swapCell
	lo := c * ChunkSize
	hi := min(lo+ChunkSize, seg.n)
	for t := lo; t < hi; t += Block {
		select {
		case <-done:
			return -1, nil
		default:
		}
		n := int(min(Block, hi-t))
		e.t0 = seg.base + uint64(t)
		for b := range n {
			e.trial[b] = newTrialKey(e.seed, e.t0+uint64(b))
			if seg.swapParam != nil {
				e.alt[b] = newTrialKey(e.seed, seg.alt+uint64(t)+uint64(b))
			}
		}
		e.drawInputs(n)
		if e.err != nil {
			return 0, e.err
		}
		e.evaluateBlock(n, seg.out+t, sink)
	}
	sink.chunkDone()
	return hi - lo, nil
}

// sortSearch is the segment whose chunks include task c: the last s with
// first[s] ≤ c.
func sortSearch(first []int64, c int64) int {
	s, _ := slices.BinarySearch(first, c+1)
	return s - 1
}

// PlanWorkers is the number of workers a run of m with opt uses: fewer
// than opt.Workers when there are fewer chunks, or when their aggregates
// together would pass TallyBudget (the results are the same for any
// number; only the time differs, which a caller may want to say).
func PlanWorkers(m *Model, opt Options) int {
	chunks := ChunkCount(opt.Trials)
	if span := opt.Chunks; span != (ChunkRange{}) {
		chunks = span.End - span.First
	}
	return workerCount(opt.Workers, chunks, aggregateBytes(m, stakedCellCount(m), countingOf(opt)))
}

// checkMemory refuses a run of m whose aggregates, and the caller's
// tables of its result (Options.ResultBytes), would not fit in
// Options.MemoryLimit, saying how many packages would.
func checkMemory(m *Model, opt Options, staked int) error {
	if opt.MemoryLimit <= 0 {
		return nil
	}
	K := int64(len(m.Packages))
	agg := aggregateBytes(m, staked, countingOf(opt))
	tables := K * int64(len(m.Parties)*len(m.Tracks)) * opt.ResultBytes
	if agg+tables <= opt.MemoryLimit {
		return nil
	}
	var also string
	if tables > 0 {
		also = fmt.Sprintf(", and its tables %.1f GiB more", float64(tables)/(1<<30))
	}
	fits := int64(0)
	if perPackage := (agg + tables) / max(1, K); perPackage > 0 {
		fits = opt.MemoryLimit / perPackage
	}
	return fmt.Errorf("scenario %q: its aggregates need %.1f GiB (8 KiB for each of %d packages × %d staked (party, track) cells%s)%s: %w, %.1f GiB; it allows about %d packages of this scenario",
		m.ID, float64(agg)/(1<<30), len(m.Packages), staked, pairNote(opt.Paired, len(m.Packages), len(m.Pathways)), also,
		ErrTooLarge, float64(opt.MemoryLimit)/(1<<30), fits)
}

// pairNote says what the pairs add to a scenario's aggregates, for the
// message of ErrTooLarge.
func pairNote(paired bool, packages, pathways int) string {
	if !paired || packages < 2 {
		return ""
	}
	return fmt.Sprintf(", and 16 bytes for each of %d pairs of packages × %d pathways", packages*(packages-1)/2, pathways)
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

// chunkError is the error of a run's chunk (or of an evaluation's task):
// its first block's first non-finite draw.
type chunkError struct {
	chunk int64
	err   error
}

// newFailedChunk returns the lowest chunk that has failed so far, none yet:
// workers take no chunk after it. Since they take chunks in increasing
// order, every chunk before the lowest that fails is run to its end, so
// the error a run reports is that of its first failing chunk, however
// many workers run it and whichever chunks they take.
func newFailedChunk() *atomic.Int64 {
	var f atomic.Int64
	f.Store(math.MaxInt64)
	return &f
}

// failChunk lowers failed to chunk c, and returns c's error.
func failChunk(failed *atomic.Int64, c int64, err error) chunkError {
	for {
		f := failed.Load()
		if c >= f || failed.CompareAndSwap(f, c) {
			return chunkError{chunk: c, err: err}
		}
	}
}

// firstError is the error of the lowest chunk among fails, or nil.
func firstError(fails []chunkError) error {
	var first *chunkError
	for i := range fails {
		if fails[i].err != nil && (first == nil || fails[i].chunk < first.chunk) {
			first = &fails[i]
		}
	}
	if first == nil {
		return nil
	}
	return first.err
}
