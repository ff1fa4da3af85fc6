package sim

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"unsafe"
)

// Margins are summed in float64 within a chunk, which is deterministic
// because a chunk's trials are always the same and run in order; at the end
// of each chunk the sums are rounded to integers in units of 1/marginScale
// and added to 128-bit integer totals. Integer totals merge exactly in any
// grouping, so a run's figures are the same bits whatever worker ran which
// chunk, and shards (cut on chunk boundaries) merge to a single run's output.
// The rounding, at most 5·10⁻⁷ a chunk, is far below any Monte Carlo error.
const marginScale = 1 << 20

// MarginClamp bounds the margins that enter a margin's sums: utilities lie
// in [0, 1] and penalties in [0, 1] each, so a margin beyond ±1024 means a
// reservation or factor effect on the wrong scale (or an infinite or NaN
// one). Such a margin is clamped, and counted in Margin.Clamped, and the
// mean and sd of its (package, party, track) are reported as NaN rather
// than as figures the clamping distorted.
const MarginClamp = 1 << 10

// MaxTrials is the most trials a run may have: 10¹², eleven days at a
// million trials a second. It keeps every count and total of a run far from
// overflowing 64 bits (margin sums of squares have 128).
const MaxTrials = 1_000_000_000_000

// The margin histogram from which percentiles are read: bins of width
// MarginBinWidth over [−MarginHistRange, MarginHistRange], plus one bin for
// each tail. A percentile is exact to within half a bin. (Margins are
// differences of utilities in [0, 1]: beyond ±2 lie only far tails, which the
// tail bins interpolate to the observed extremes.) The histogram is kept
// small on purpose: every staked (party, track) of every package increments
// one bin per trial, and a histogram that outgrows the CPU caches costs more
// than all the rest of the scoring.
const (
	MarginBinWidth  = 1.0 / 256
	MarginHistRange = 2.0
	marginBins      = int(2*MarginHistRange/MarginBinWidth) + 2
)

// int128 is a two's-complement 128-bit accumulator for the integer margin
// totals: a chunk's Σ m² in units of 2⁻²⁰ reaches 2⁶² (4096 trials of a
// margin of 1024), so a run's totals need more than 64 bits.
type int128 struct{ hi, lo uint64 }

// add adds x, a value of the sign-extended 64 bits.
func (u *int128) add(x int64) {
	var carry uint64
	u.lo, carry = bits.Add64(u.lo, uint64(x), 0)
	u.hi += uint64(x>>63) + carry
}

func (u *int128) merge(v int128) {
	var carry uint64
	u.lo, carry = bits.Add64(u.lo, v.lo, 0)
	u.hi += v.hi + carry
}

func (u int128) big() *big.Int {
	b := new(big.Int).SetInt64(int64(u.hi))
	b.Lsh(b, 64)
	return b.Add(b, new(big.Int).SetUint64(u.lo))
}

// chunkMargin is what a trial updates for one (package, party, track): the
// current chunk's sums, and the extremes and count of clamped margins of
// every trial aggregated so far.
type chunkMargin struct {
	sum, sumSq float64
	min, max   float64
	clamped    int64
}

// marginTotal is the exact integer total of completed chunks.
type marginTotal struct {
	sum   int128 // Σ m in units of 1/marginScale
	sumSq int128 // Σ m² in units of 1/marginScale
}

// Aggregate holds every count of a run, or of some of its chunks, for all
// packages: how many trials reached each pathway, accepted each track and
// violated each red line, the margins' integer sums and histograms, and,
// when asked for (Options.Paired), the discordant trials of every pair of
// packages. All of it is integers (or exact minima and maxima), so
// aggregates of chunks, workers or shards merge to the same bits in any
// order, so every figure is the same for any workers or shards by
// construction (docs/model.md#aggregates). Result derives the estimates.
//
// Margin cells are indexed i = (k·P + p)·T + t, like accept.
type Aggregate struct {
	seed  uint64
	shape shape
	// chunks are the chunk ranges aggregated, sorted and disjoint.
	chunks []ChunkRange
	trials int64
	// pathway[k*W+w]
	pathway []int64
	accept  []int64
	// violated[k*NR+r] and pivotal[k*NR+r], r numbering every party's red
	// lines in turn (layout.redLineOffset[p] is party p's first).
	violated, pivotal []int64
	// blocked[k*W+w] counts the trials in which package k fails pathway
	// w's rule (some party it names rejects some track it names), whether
	// or not an earlier pathway matched; blocks[k*RC+i] and sole[k*RC+i]
	// count, for the i-th cell of the rules (layout.ruleOffset), the
	// trials in which it rejects, and in which it is the only cell of its
	// rule that rejects.
	blocked      []int64
	blocks, sole []int64
	// reachedBy[(k·R + r)·W + w] counts the trials in which package k
	// reached pathway w by round r + 1 of a timeline of R rounds, and
	// outcomeBy those whose outcome by that round is w. Empty without a
	// timeline.
	reachedBy, outcomeBy []int64
	// aOnly[q*W+w] and bOnly[q*W+w] count, for the q-th pair (a, b) with
	// a < b in the order of pairIndex, the trials in which a reaches
	// pathway w and b does not, and the reverse. Empty unless paired.
	aOnly, bOnly []int64

	// prior is the number of trials run, before evidence; trials those of
	// them in this aggregate's weight class (all of them without
	// evidence). keep is the block's trials of the class being counted.
	// more are the aggregates of the other classes of a run with soft
	// evidence, and weights every class's weight, this one's first
	// (docs/model.md#evidence); both are empty otherwise.
	prior int64
	// seen[i] counts, on the first class, the trials run that reproduce
	// evidence entry i: the observation's probability under the prior.
	seen    []int64
	keep    uint64
	more    []*Aggregate
	weights []float64
	// inputs are, with evidence, the draws of the uncertain inputs over
	// this class's trials, and priorInputs (on the first class) over every
	// trial run: what the evidence taught (posterior.go).
	inputs, priorInputs *inputTally

	chunk []chunkMargin
	total []marginTotal
	// hist[histCell[i]·marginBins + bin] counts cell i's margins by bin.
	// Only the cells whose party has a stake on the track have margins, and
	// a histogram: histCell of the others is −1.
	histCell []int
	hist     []int64
}

// shape is what two aggregates must share to merge: the sizes of the
// model they count, and whether pairs are counted.
// With a timeline, rounds is its number of rounds and round the one
// reported (Options.Round); both are 0 without one.
type shape struct {
	packages, parties, tracks, pathways, redLines, stakedCells, ruleCells int
	paired, lean                                                          bool
	rounds, round                                                         int
	// noMargins says no margin statistics are counted (Options.NoMargins).
	noMargins bool
	// classes and evidence are, with evidence, the number of weight
	// classes and a key of the entries; 0 without.
	classes  int
	evidence uint64
}

// counting is what a run's aggregates count beyond the probabilities:
// Options.Paired, Lean and NoMargins.
type counting struct{ paired, lean, noMargins bool }

// countingOf is what a run of opt counts.
func countingOf(opt Options) counting { return counting{opt.Paired, opt.Lean, opt.NoMargins} }

// margins reports whether margin statistics are counted.
func (c counting) margins() bool { return !c.lean && !c.noMargins }

func newShape(m *Model, l *layout, c counting) shape {
	sh := shape{packages: len(m.Packages), parties: len(m.Parties), tracks: len(m.Tracks),
		pathways: len(m.Pathways), redLines: l.redLines, stakedCells: len(l.stakedCells), ruleCells: l.ruleCells,
		paired: c.paired && len(m.Packages) > 1, lean: c.lean, noMargins: c.noMargins && !c.lean}
	if m.Timeline != nil {
		sh.rounds, sh.round = l.rounds, l.rounds
	}
	if len(m.Evidence) > 0 {
		sh.classes, sh.evidence = l.evidence.classes(), evidenceKey(m.Evidence)
	}
	return sh
}

// reporting sets the round whose outcome a reports, of a timeline's.
func (a *Aggregate) reporting(round int) {
	if a.shape.rounds > 0 {
		for _, part := range a.parts() {
			part.shape.round = round
		}
	}
}

// parts are the aggregates of a's weight classes: a itself, then those of
// a run's other classes.
func (a *Aggregate) parts() []*Aggregate {
	if len(a.more) == 0 {
		return []*Aggregate{a}
	}
	return append([]*Aggregate{a}, a.more...)
}

// pairs is the number of pairs of packages an aggregate of this shape
// counts.
func (s shape) pairs() int {
	if !s.paired {
		return 0
	}
	return s.packages * (s.packages - 1) / 2
}

func newAggregate(m *Model, l *layout, seed uint64, c counting) *Aggregate {
	a := newClassAggregate(m, l, seed, c)
	if n := l.evidence.classes(); n > 1 {
		a.weights = l.evidence.weight
		for range n - 1 {
			a.more = append(a.more, newClassAggregate(m, l, seed, c))
		}
	}
	if len(m.Evidence) > 0 {
		a.seen = make([]int64, len(m.Evidence))
	}
	// The inputs' prior and posterior are tallied as the margins are, and
	// for the same tables (posterior.csv): not when no margins are counted.
	if len(m.Evidence) > 0 && !a.shape.noMargins {
		a.priorInputs = newInputTally(len(l.evidence.inputs))
		for _, part := range a.parts() {
			part.inputs = newInputTally(len(l.evidence.inputs))
		}
	}
	return a
}

// newClassAggregate is an empty aggregate of one weight class.
func newClassAggregate(m *Model, l *layout, seed uint64, c counting) *Aggregate {
	sh := newShape(m, l, c)
	K, P, T := len(m.Packages), len(m.Parties), len(m.Tracks)
	a := &Aggregate{
		seed:      seed,
		shape:     sh,
		pathway:   make([]int64, K*len(m.Pathways)),
		accept:    make([]int64, K*P*T),
		violated:  make([]int64, K*l.redLines),
		pivotal:   make([]int64, K*l.redLines),
		blocked:   make([]int64, K*len(m.Pathways)),
		blocks:    make([]int64, K*l.ruleCells),
		sole:      make([]int64, K*l.ruleCells),
		aOnly:     make([]int64, sh.pairs()*len(m.Pathways)),
		bOnly:     make([]int64, sh.pairs()*len(m.Pathways)),
		reachedBy: make([]int64, K*sh.rounds*len(m.Pathways)),
		outcomeBy: make([]int64, K*sh.rounds*len(m.Pathways)),
		chunk:     make([]chunkMargin, K*P*T),
		total:     make([]marginTotal, K*P*T),
		histCell:  make([]int, K*P*T),
	}
	if !c.margins() {
		a.hist = []int64{}
	} else {
		a.hist = make([]int64, K*len(l.stakedCells)*marginBins)
	}
	for i := range a.chunk {
		a.chunk[i] = chunkMargin{min: math.Inf(1), max: math.Inf(-1)}
		a.histCell[i] = -1
	}
	n := 0
	for k := 0; k < K; k++ {
		for _, c := range l.stakedCells {
			a.histCell[k*P*T+c] = n
			n++
		}
	}
	return a
}

// aggregateBytes is about how much memory one Aggregate of m takes: mostly
// the margin histograms, 8 KiB for each staked (party, track) of each
// package, then for every (package, party, track) its acceptance count,
// histogram index, chunk sums and totals, and the pair counts.
// It needs only the number of staked cells, so that a scenario too large
// for memory is refused before its layout is built.
func aggregateBytes(m *Model, stakedCells int, c counting) int64 {
	K, cells := int64(len(m.Packages)), int64(len(m.Parties)*len(m.Tracks))
	perCell := int64(8+8) + int64(unsafe.Sizeof(chunkMargin{})+unsafe.Sizeof(marginTotal{}))
	var pairs, hist int64
	if c.paired {
		pairs = K * (K - 1) / 2 * int64(len(m.Pathways)) * 16
	}
	if c.margins() {
		hist = K * int64(stakedCells) * int64(marginBins) * 8
	}
	var timeline int64
	if m.Timeline != nil {
		timeline = K * int64(m.Rounds()) * int64(len(m.Pathways)) * 16
	}
	return (hist + K*cells*perCell + pairs + timeline) * int64(evidenceClasses(m))
}

// stakedCellCount is the number of (party, track) cells on which the
// party has a stake, as newLayout finds them; m must pass Check.
func stakedCellCount(m *Model) int {
	n := 0
	for p := range m.Parties {
		seen := make([]bool, len(m.Tracks))
		for _, s := range m.Parties[p].Stakes {
			if t := m.Issues[s.Issue].Track; !seen[t] {
				seen[t] = true
				n++
			}
		}
	}
	return n
}

// histogram is the margin histogram of cell i, a staked cell.
func (a *Aggregate) histogram(i int) []int64 {
	h := a.histCell[i] * marginBins
	return a.hist[h : h+marginBins]
}

// addMargins records the margins ms of cell i, one a trial (len(ms) ≤
// Block). It runs for every staked (party, track) of every package of
// every block, hence the sums in registers and plain comparisons rather
// than math.Min, Max and Floor.
func (a *Aggregate) addMargins(i int, ms []float64) {
	addMarginsTo(&a.chunk[i], a.histogram(i), ms)
}

// addMarginsTo adds the margins ms to the sums and extremes c and the
// histogram hist of one cell (or input).
func addMarginsTo(c *chunkMargin, hist []int64, ms []float64) {
	// Locals, not a copy of *c: the compiler keeps a struct of more than
	// four fields in memory, and the sums' loop-carried additions would
	// wait on a store and a load every trial.
	sum, sumSq, lo, hi := c.sum, c.sumSq, c.min, c.max
	for _, m := range ms {
		if m < lo {
			lo = m
		}
		if m > hi {
			hi = m
		}
		if !(m <= MarginClamp) { // also catches NaN
			m = MarginClamp
			c.clamped++
		} else if m < -MarginClamp {
			m = -MarginClamp
			c.clamped++
		}
		sum += m
		sumSq += m * m
		hist[marginBin(m)]++
	}
	c.sum, c.sumSq, c.min, c.max = sum, sumSq, lo, hi
}

// addKeptMargins is addMargins for the trials of a.keep alone, of a
// weight class of a run with evidence.
func (a *Aggregate) addKeptMargins(i int, ms []float64) {
	kept := make([]float64, 0, Block)
	for keep := a.keep; keep != 0; keep &= keep - 1 {
		kept = append(kept, ms[bits.TrailingZeros64(keep)])
	}
	a.addMargins(i, kept)
}

// marginBin is the histogram bin of a margin m in [−MarginClamp,
// MarginClamp]: 0 is the lower tail, marginBins−1 the upper one, and bin
// j in between holds [−MarginHistRange + (j−1)·w, −MarginHistRange + j·w)
// with w = MarginBinWidth.
func marginBin(m float64) int {
	// m/w + (MarginHistRange/w + 1) is ≥ 0 from the first interior bin up;
	// scaling by 1/w, a power of two, is exact.
	f := m*(1/MarginBinWidth) + (MarginHistRange/MarginBinWidth + 1)
	return min(max(int(f), 0), marginBins-1)
}

// endChunk moves the chunk's float sums into the integer totals.
func (a *Aggregate) endChunk() {
	for i := range a.chunk {
		endChunkMargin(&a.chunk[i], &a.total[i])
	}
	if a.inputs != nil {
		a.inputs.endChunk()
	}
	if a.priorInputs != nil {
		a.priorInputs.endChunk()
	}
}

// endChunkMargin moves a chunk's float sums c into the integer totals t.
func endChunkMargin(c *chunkMargin, t *marginTotal) {
	t.sum.add(int64(math.Round(c.sum * marginScale)))
	t.sumSq.add(int64(math.Round(c.sumSq * marginScale)))
	c.sum, c.sumSq = 0, 0
}

// mergeMargin adds the totals and extremes of o to those of c and t.
func mergeMargin(c *chunkMargin, t *marginTotal, oc chunkMargin, ot marginTotal) {
	t.sum.merge(ot.sum)
	t.sumSq.merge(ot.sumSq)
	c.min = math.Min(c.min, oc.min)
	c.max = math.Max(c.max, oc.max)
	c.clamped += oc.clamped
}

// ErrMismatch reports aggregates that cannot be merged: of different
// scenarios, seeds or options, or covering some chunk twice.
var ErrMismatch = errors.New("aggregates do not merge")

// Merge adds o's counts to a's. Both must come from the same model, seed
// and Options.Paired, over chunk ranges that do not overlap; otherwise
// Merge returns an error wrapping ErrMismatch and leaves a unchanged.
// Because every count is an integer (and extremes are exact), merging the
// aggregates of any split of a run's chunks, in any order, gives the
// aggregate of the whole run, bit for bit.
func (a *Aggregate) Merge(o *Aggregate) error {
	switch {
	case a.seed != o.seed:
		return fmt.Errorf("%w: seeds %d and %d", ErrMismatch, a.seed, o.seed)
	case a.shape != o.shape:
		return fmt.Errorf("%w: they count different models or options (%+v and %+v)", ErrMismatch, a.shape, o.shape)
	}
	chunks, err := unionChunks(a.chunks, o.chunks)
	if err != nil {
		return err
	}
	a.chunks = chunks
	a.add(o)
	return nil
}

// add adds o's counts to a's: the workers of one run add up their
// aggregates this way.
func (a *Aggregate) add(o *Aggregate) {
	a.prior += o.prior
	addInts(a.seen, o.seen)
	if a.priorInputs != nil {
		a.priorInputs.merge(o.priorInputs)
	}
	for c, part := range a.more {
		part.addClass(o.more[c])
	}
	a.addClass(o)
}

// addClass adds the counts of o's weight class to a's.
func (a *Aggregate) addClass(o *Aggregate) {
	a.trials += o.trials
	addInts(a.pathway, o.pathway)
	addInts(a.accept, o.accept)
	addInts(a.violated, o.violated)
	addInts(a.pivotal, o.pivotal)
	addInts(a.blocked, o.blocked)
	addInts(a.blocks, o.blocks)
	addInts(a.sole, o.sole)
	addInts(a.reachedBy, o.reachedBy)
	addInts(a.outcomeBy, o.outcomeBy)
	addInts(a.aOnly, o.aOnly)
	addInts(a.bOnly, o.bOnly)
	addInts(a.hist, o.hist)
	for i := range a.total {
		mergeMargin(&a.chunk[i], &a.total[i], o.chunk[i], o.total[i])
	}
	if a.inputs != nil {
		a.inputs.merge(o.inputs)
	}
}

// unionChunks returns the sorted union of two sorted lists of disjoint
// chunk ranges, joining ranges that touch; an overlap is an error.
func unionChunks(x, y []ChunkRange) ([]ChunkRange, error) {
	all := append(slices.Clone(x), y...)
	slices.SortFunc(all, func(p, q ChunkRange) int { return cmp.Compare(p.First, q.First) })
	var out []ChunkRange
	for _, c := range all {
		if n := len(out); n > 0 && c.First < out[n-1].End {
			return nil, fmt.Errorf("%w: both cover chunks from %d to %d", ErrMismatch, c.First, min(c.End, out[n-1].End)-1)
		} else if n > 0 && c.First == out[n-1].End {
			out[n-1].End = c.End
			continue
		}
		out = append(out, c)
	}
	return out, nil
}

// Trials is the number of trials aggregated: of the prior, before any
// evidence weighs them.
func (a *Aggregate) Trials() int64 { return a.prior }

// Seed is the seed of the run whose trials were aggregated.
func (a *Aggregate) Seed() uint64 { return a.seed }

// Chunks returns the chunk ranges aggregated, sorted, with adjacent ranges
// joined: one range [0, ChunkCount(trials)) for a whole run.
func (a *Aggregate) Chunks() []ChunkRange { return slices.Clone(a.chunks) }

func addInts(dst, src []int64) {
	for i, v := range src {
		dst[i] += v
	}
}

// margin summarises cell i over n trials: the mean and sd from the integer
// sums, the percentiles from the histogram. With S = Σm and Q = Σm² both in
// units of 1/c, the variance's numerator n·Σm² − (Σm)² = (n·Q·c − S²)/c² is
// formed exactly in big integers, free of the cancellation of the textbook
// one-pass formula. Where margins were clamped the sums are not theirs, and
// the mean and sd are NaN (see MarginClamp).
func (a *Aggregate) margin(i int, n int64) Margin {
	if n == 0 {
		return Margin{}
	}
	tot, ext := a.total[i], a.chunk[i]
	mg := Margin{N: n, Mean: math.NaN(), SD: math.NaN(), Min: ext.min, Max: ext.max, Clamped: ext.clamped}
	if ext.clamped == 0 {
		s := tot.sum.big()
		sum, _ := new(big.Float).SetInt(s).Float64()
		mg.Mean = sum / float64(n) / marginScale
		if n > 1 {
			num := new(big.Int).Mul(tot.sumSq.big(), big.NewInt(n*marginScale))
			num.Sub(num, s.Mul(s, s))
			v, _ := new(big.Float).SetInt(num).Float64()
			mg.SD = math.Sqrt(math.Max(0, v)/(float64(n)*float64(n-1))) / marginScale
		}
	}
	hist := a.histogram(i)
	mg.P5 = percentile(hist, float64(n), 0.05, ext.min, ext.max)
	mg.P50 = percentile(hist, float64(n), 0.50, ext.min, ext.max)
	mg.P95 = percentile(hist, float64(n), 0.95, ext.min, ext.max)
	return mg
}

// percentile interpolates linearly inside the histogram bin where the
// cumulative count crosses q·n. The tail bins span from the observed extreme
// to the edge of the histogram.
func percentile[T int64 | float64](hist []T, n float64, q, lo, hi float64) float64 {
	target := q * n
	var cum float64
	for b, c := range hist {
		if c == 0 || cum+float64(c) < target {
			cum += float64(c)
			continue
		}
		var from, to float64
		switch b {
		case 0:
			from, to = lo, -MarginHistRange
		case marginBins - 1:
			from, to = MarginHistRange, hi
		default:
			from = -MarginHistRange + float64(b-1)*MarginBinWidth
			to = from + MarginBinWidth
		}
		from, to = math.Max(from, lo), math.Min(to, hi)
		v := from + (to-from)*(target-cum)/float64(c)
		return math.Max(lo, math.Min(hi, v))
	}
	return hi
}

// Result derives the estimates from the counts. m must be the model the
// aggregate counted (the one given to Simulate); a model of another shape
// is an error wrapping ErrMismatch.
func (a *Aggregate) Result(m *Model) (*Result, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	return a.resultOf(m, newLayout(m))
}

// resultOf is Result for m laid out as l (m passes Check).
func (a *Aggregate) resultOf(m *Model, l *layout) (*Result, error) {
	sh := newShape(m, l, counting{a.shape.paired, a.shape.lean, a.shape.noMargins})
	sh.round = a.shape.round
	if sh != a.shape {
		return nil, fmt.Errorf("%w: the aggregate counts another model (%+v, not %+v)", ErrMismatch, a.shape, sh)
	}
	if err := a.checkKept(m); err != nil {
		return nil, err
	}
	return a.result(m, l), nil
}

// result turns the counts into estimates.
func (a *Aggregate) result(m *Model, l *layout) *Result {
	K, P, T, W := len(m.Packages), len(m.Parties), len(m.Tracks), len(m.Pathways)
	g := newWeigher(a)
	r := &Result{Trials: g.kept, Prior: a.prior, Effective: g.ess, Evidence: a.shape.classes > 0,
		Seed: a.seed, Lean: a.shape.lean, NoMargins: a.shape.noMargins, Round: max(1, a.shape.round),
		Pathways:   make([][]Proportion, K),
		Acceptance: make([][][]Proportion, K),
		Violated:   make([][][]Proportion, K),
		Pivotal:    make([][][]Proportion, K),
		Margins:    make([][][]Margin, K),
	}
	broken := make([]bool, len(a.violated))
	for k, rls := range l.brokenRedLines[:K] {
		for _, i := range rls {
			broken[k*l.redLines+i] = true // broken by the package itself
		}
	}
	// Every table's estimates in one array each, sliced by package and
	// party: a scenario of thousands of packages would otherwise make
	// millions of small slices.
	R := l.redLines
	pathways, accept, margins := make([]Proportion, K*W), make([]Proportion, K*P*T), make([]Margin, K*P*T)
	violated, pivotal := make([]Proportion, K*R), make([]Proportion, K*R)
	acceptRows, marginRows := make([][]Proportion, K*P), make([][]Margin, K*P)
	violatedRows, pivotalRows := make([][]Proportion, K*P), make([][]Proportion, K*P)
	for k := 0; k < K; k++ {
		r.Pathways[k] = pathways[k*W : (k+1)*W : (k+1)*W]
		for w := 0; w < W; w++ {
			r.Pathways[k][w] = g.prop(pathwayCounts, k*W+w)
		}
		r.Acceptance[k], r.Margins[k] = acceptRows[k*P:(k+1)*P:(k+1)*P], marginRows[k*P:(k+1)*P:(k+1)*P]
		r.Violated[k], r.Pivotal[k] = violatedRows[k*P:(k+1)*P:(k+1)*P], pivotalRows[k*P:(k+1)*P:(k+1)*P]
		for p := 0; p < P; p++ {
			at := (k*P + p) * T
			r.Acceptance[k][p], r.Margins[k][p] = accept[at:at+T:at+T], margins[at:at+T:at+T]
			for tr := 0; tr < T; tr++ {
				i := (k*P+p)*T + tr
				if !l.staked[p*T+tr] {
					// Indifferent: accepts in every trial, has no margin.
					r.Acceptance[k][p][tr] = g.always()
					continue
				}
				r.Acceptance[k][p][tr] = g.prop(acceptCounts, i)
				if !a.shape.lean && !a.shape.noMargins {
					r.Margins[k][p][tr] = g.margin(i)
				}
			}
			nr := len(m.Parties[p].RedLines)
			from := k*R + l.redLineOffset[p]
			r.Violated[k][p], r.Pivotal[k][p] = violated[from:from+nr:from+nr], pivotal[from:from+nr:from+nr]
			for j := 0; j < nr; j++ {
				i := from + j
				r.Violated[k][p][j] = g.prop(violatedCounts, i)
				if broken[i] {
					r.Violated[k][p][j] = g.always()
				}
				r.Pivotal[k][p][j] = g.prop(pivotalCounts, i)
			}
		}
	}
	for _, n := range a.seen {
		r.Observed = append(r.Observed, NewProportion(n, a.prior))
	}
	if a.priorInputs != nil {
		classes := make([]*inputTally, len(g.parts))
		for c, part := range g.parts {
			classes[c] = part.inputs
		}
		r.Posterior = g.posterior(l, a.priorInputs, classes)
	}
	r.Timeline = g.timeline(a.shape)
	r.Blocking = g.blocking(m, l)
	if a.shape.paired {
		r.Paired = g.paired(m, l)
	}
	return r
}

// The counts of an aggregate that estimates read, by the index of the
// estimate.
func pathwayCounts(x *Aggregate) []int64   { return x.pathway }
func acceptCounts(x *Aggregate) []int64    { return x.accept }
func violatedCounts(x *Aggregate) []int64  { return x.violated }
func pivotalCounts(x *Aggregate) []int64   { return x.pivotal }
func blockedCounts(x *Aggregate) []int64   { return x.blocked }
func blocksCounts(x *Aggregate) []int64    { return x.blocks }
func soleCounts(x *Aggregate) []int64      { return x.sole }
func reachedByCounts(x *Aggregate) []int64 { return x.reachedBy }
func outcomeByCounts(x *Aggregate) []int64 { return x.outcomeBy }

// timeline estimates, per package, round and pathway, the probability
// that the pathway is reached by the round and that it is the outcome by
// then; nil without a timeline.
func (g *weigher) timeline(sh shape) [][][]RoundEstimate {
	R, W := sh.rounds, sh.pathways
	if R == 0 {
		return nil
	}
	out := make([][][]RoundEstimate, sh.packages)
	for k := range out {
		out[k] = make([][]RoundEstimate, R)
		for r := range out[k] {
			out[k][r] = make([]RoundEstimate, W)
			for w := range out[k][r] {
				i := (k*R+r)*W + w
				out[k][r][w] = RoundEstimate{Reached: g.prop(reachedByCounts, i), Outcome: g.prop(outcomeByCounts, i)}
			}
		}
	}
	return out
}

// blocking says, per package and pathway, what stops its rule being met.
func (g *weigher) blocking(m *Model, l *layout) [][]RuleBlocking {
	K, W, T := len(m.Packages), len(m.Pathways), len(m.Tracks)
	out := make([][]RuleBlocking, K)
	for k := range out {
		out[k] = make([]RuleBlocking, W)
		for w, need := range l.pathwayCells {
			rb := RuleBlocking{Blocked: g.prop(blockedCounts, k*W+w)}
			for j, c := range need {
				i := k*l.ruleCells + l.ruleOffset[w] + j
				rb.Blockers = append(rb.Blockers, Blocker{Party: c / T, Track: c % T,
					Blocks: g.prop(blocksCounts, i), Sole: g.prop(soleCounts, i)})
			}
			out[k][w] = rb
		}
	}
	return out
}

// paired compares every pair of packages on every pathway.
func (g *weigher) paired(m *Model, l *layout) []PairedDifference {
	K, W := len(m.Packages), len(m.Pathways)
	out := make([]PairedDifference, 0, g.parts[0].shape.pairs()*W)
	q := 0
	for i := 0; i < K; i++ {
		for j := i + 1; j < K; j++ {
			same := l.sameOutcomes(m, i, j)
			for w := 0; w < W; w++ {
				d := g.pair(i*W+w, q*W+w)
				d.A, d.B, d.Pathway = i, j, w
				if same[w] {
					// The two packages reach the pathway in the same trials by
					// construction, whatever the draws: the difference is 0
					// exactly, not an estimate (see PairedDifference.Identical).
					d.Identical, d.Low, d.High = true, 0, 0
				}
				out = append(out, d)
			}
			q++
		}
	}
	return out
}
