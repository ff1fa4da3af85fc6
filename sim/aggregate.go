package sim

import (
	"math"
	"math/big"
	"math/bits"
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
// current chunk's sums, and the run's extremes and count of clamped margins.
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

// tally holds every count of a run, for all packages. All of it is integers
// (or exact minima and maxima), so tallies of chunks, workers or shards merge
// to the same bits in any order: the combination in chunk order that
// DESIGN.md §2 asks for is satisfied by construction.
//
// Margin cells are indexed i = (k·P + p)·T + t, like accept.
type tally struct {
	trials int64
	// pathway[k*W+w]
	pathway []int64
	accept  []int64
	// violated[k*NR+r] and pivotal[k*NR+r], r numbering every party's red
	// lines in turn (layout.redLineOffset[p] is party p's first).
	violated, pivotal []int64

	chunk []chunkMargin
	total []marginTotal
	// hist[histCell[i]·marginBins + bin] counts cell i's margins by bin.
	// Only the cells whose party has a stake on the track have margins, and
	// a histogram: histCell of the others is −1.
	histCell []int
	hist     []int64
}

func newTally(m *Model, l *layout) *tally {
	K, P, T := len(m.Packages), len(m.Parties), len(m.Tracks)
	t := &tally{
		pathway:  make([]int64, K*len(m.Pathways)),
		accept:   make([]int64, K*P*T),
		violated: make([]int64, K*l.redLines),
		pivotal:  make([]int64, K*l.redLines),
		chunk:    make([]chunkMargin, K*P*T),
		total:    make([]marginTotal, K*P*T),
		histCell: make([]int, K*P*T),
		hist:     make([]int64, K*len(l.stakedCells)*marginBins),
	}
	for i := range t.chunk {
		t.chunk[i] = chunkMargin{min: math.Inf(1), max: math.Inf(-1)}
		t.histCell[i] = -1
	}
	n := 0
	for k := 0; k < K; k++ {
		for _, c := range l.stakedCells {
			t.histCell[k*P*T+c] = n
			n++
		}
	}
	return t
}

// tallyBytes is about how much memory one tally of m takes: mostly the
// margin histograms, 8 KiB for each staked (party, track) of each package,
// then for every (package, party, track) its acceptance count, histogram
// index, chunk sums and totals.
func tallyBytes(m *Model, l *layout) int64 {
	K, cells := int64(len(m.Packages)), int64(len(m.Parties)*len(m.Tracks))
	perCell := int64(8+8) + int64(unsafe.Sizeof(chunkMargin{})+unsafe.Sizeof(marginTotal{}))
	return K*int64(len(l.stakedCells))*int64(marginBins)*8 + K*cells*perCell
}

// histogram is the margin histogram of cell i, a staked cell.
func (t *tally) histogram(i int) []int64 {
	h := t.histCell[i] * marginBins
	return t.hist[h : h+marginBins]
}

// addMargins records the margins ms of cell i, one a trial, and returns the
// trials in which the margin is ≥ 0: bit b for ms[b] (len(ms) ≤ Block). It
// runs for every staked (party, track) of every package of every block,
// hence the sums in registers and plain comparisons rather than math.Min,
// Max and Floor.
func (t *tally) addMargins(i int, ms []float64) (nonNegative uint64) {
	c := &t.chunk[i]
	// Locals, not a copy of *c: the compiler keeps a struct of more than
	// four fields in memory, and the sums' loop-carried additions would
	// wait on a store and a load every trial.
	sum, sumSq, lo, hi := c.sum, c.sumSq, c.min, c.max
	hist := t.histogram(i)
	for b, m := range ms {
		nonNegative |= bit(m >= 0) << (b & (Block - 1))
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
	return nonNegative
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
func (t *tally) endChunk() {
	for i := range t.chunk {
		c := &t.chunk[i]
		t.total[i].sum.add(int64(math.Round(c.sum * marginScale)))
		t.total[i].sumSq.add(int64(math.Round(c.sumSq * marginScale)))
		c.sum, c.sumSq = 0, 0
	}
}

func (t *tally) merge(o *tally) {
	t.trials += o.trials
	addInts(t.pathway, o.pathway)
	addInts(t.accept, o.accept)
	addInts(t.violated, o.violated)
	addInts(t.pivotal, o.pivotal)
	addInts(t.hist, o.hist)
	for i := range t.total {
		t.total[i].sum.merge(o.total[i].sum)
		t.total[i].sumSq.merge(o.total[i].sumSq)
		t.chunk[i].min = math.Min(t.chunk[i].min, o.chunk[i].min)
		t.chunk[i].max = math.Max(t.chunk[i].max, o.chunk[i].max)
		t.chunk[i].clamped += o.chunk[i].clamped
	}
}

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
func (t *tally) margin(i int, n int64) Margin {
	if n == 0 {
		return Margin{}
	}
	tot, ext := t.total[i], t.chunk[i]
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
	hist := t.histogram(i)
	mg.P5 = percentile(hist, n, 0.05, ext.min, ext.max)
	mg.P50 = percentile(hist, n, 0.50, ext.min, ext.max)
	mg.P95 = percentile(hist, n, 0.95, ext.min, ext.max)
	return mg
}

// percentile interpolates linearly inside the histogram bin where the
// cumulative count crosses q·n. The tail bins span from the observed extreme
// to the edge of the histogram.
func percentile(hist []int64, n int64, q, lo, hi float64) float64 {
	target := q * float64(n)
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

// result turns the counts into estimates.
func (t *tally) result(m *Model, l *layout, seed uint64) *Result {
	K, P, T, W := len(m.Packages), len(m.Parties), len(m.Tracks), len(m.Pathways)
	r := &Result{Trials: t.trials, Seed: seed,
		Pathways:   make([][]Proportion, K),
		Acceptance: make([][][]Proportion, K),
		Violated:   make([][][]Proportion, K),
		Pivotal:    make([][][]Proportion, K),
		Margins:    make([][][]Margin, K),
	}
	violated := append([]int64(nil), t.violated...)
	for k, broken := range l.brokenRedLines {
		for _, i := range broken {
			violated[k*l.redLines+i] = t.trials // broken by the package itself
		}
	}
	for k := 0; k < K; k++ {
		r.Pathways[k] = make([]Proportion, W)
		for w := 0; w < W; w++ {
			r.Pathways[k][w] = NewProportion(t.pathway[k*W+w], t.trials)
		}
		r.Acceptance[k] = make([][]Proportion, P)
		r.Margins[k] = make([][]Margin, P)
		r.Violated[k] = make([][]Proportion, P)
		r.Pivotal[k] = make([][]Proportion, P)
		for p := 0; p < P; p++ {
			r.Acceptance[k][p] = make([]Proportion, T)
			r.Margins[k][p] = make([]Margin, T)
			for tr := 0; tr < T; tr++ {
				i := (k*P+p)*T + tr
				if !l.staked[p*T+tr] {
					// Indifferent: accepts in every trial, has no margin.
					r.Acceptance[k][p][tr] = NewProportion(t.trials, t.trials)
					continue
				}
				r.Acceptance[k][p][tr] = NewProportion(t.accept[i], t.trials)
				r.Margins[k][p][tr] = t.margin(i, t.trials)
			}
			n := len(m.Parties[p].RedLines)
			r.Violated[k][p] = make([]Proportion, n)
			r.Pivotal[k][p] = make([]Proportion, n)
			for j := 0; j < n; j++ {
				i := k*l.redLines + l.redLineOffset[p] + j
				r.Violated[k][p][j] = NewProportion(violated[i], t.trials)
				r.Pivotal[k][p][j] = NewProportion(t.pivotal[i], t.trials)
			}
		}
	}
	return r
}
