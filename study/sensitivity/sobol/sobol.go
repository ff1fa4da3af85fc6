package sobol

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"
)

// DefaultLevel is the level of the intervals when NewBootstrap is given a
// level of 0: 95%, the 2.5% and 97.5% quantiles of the replicates.
const DefaultLevel = 0.95

// Estimate is one input's indices with their intervals. An interval is NaN
// when the bootstrap is off (no replicates) or when some replicate's
// outputs never vary, so that its indices are undefined; every field is
// NaN when the full sample's outputs never vary.
type Estimate struct {
	// First is the first-order index S_i, the share of the output's
	// variance that input i explains alone, and [FirstLow, FirstHigh] its
	// interval.
	First, FirstLow, FirstHigh float64
	// Total is the total-effect index ST_i, the share input i explains
	// with all its interactions, and [TotalLow, TotalHigh] its interval.
	Total, TotalLow, TotalHigh float64
}

// Bootstrap holds the resampling of the rows of one design, shared by every
// output of that design, so that many outputs (packages × pathways) reuse
// the same replicates. It is not changed by Indices, which may be called
// from many goroutines at once.
type Bootstrap struct {
	samples, replicates int
	level               float64
	// weights[j*(1+replicates)+c] is row j's weight in sample c: 1 in
	// sample 0, the full one, and in sample 1+r the number of times
	// replicate r draws row j. Row-major, so that one row's weights in
	// every sample are one contiguous vector that a row's terms scale
	// into the samples' sums (floats.AddScaled, SIMD).
	weights []float64
}

// replicateBatch is how many replicates one worker draws at a time: eight
// float64 weights fill a cache line of a row.
const replicateBatch = 8

// NewBootstrap draws the replicates of a design of samples rows: each
// replicate is samples rows drawn uniformly with replacement, replicate r
// from math/rand/v2's PCG seeded with (seed, r), so the replicates depend
// on (samples, seed) alone and replicate r is the same whatever the
// number of replicates. replicates = 0 switches the intervals off. level
// is the intervals' confidence level, in (0, 1); 0 means DefaultLevel.
// The replicates take (1 + replicates) × samples × 8 bytes.
func NewBootstrap(samples, replicates int, level float64, seed uint64) (*Bootstrap, error) {
	if level == 0 {
		level = DefaultLevel
	}
	var errs []error
	if samples < 1 {
		errs = append(errs, fmt.Errorf("sobol: %d samples, need at least 1", samples))
	}
	if replicates < 0 {
		errs = append(errs, fmt.Errorf("sobol: %d replicates, need 0 (no intervals) or more", replicates))
	}
	if !(level > 0 && level < 1) {
		errs = append(errs, fmt.Errorf("sobol: level %g, need a level in (0, 1), or 0 for %g", level, DefaultLevel))
	}
	if len(errs) == 0 && (samples > math.MaxInt32 || samples > math.MaxInt/8/(1+replicates)) {
		errs = append(errs, fmt.Errorf("sobol: %d replicates of %d samples are too many to hold", replicates, samples))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	cols := 1 + replicates
	b := &Bootstrap{samples: samples, replicates: replicates, level: level,
		weights: make([]float64, samples*cols)}
	// Batch 0 also writes the full sample's weights, even with no
	// replicates; the workers' first writes spread the page faults.
	batches := max(1, (replicates+replicateBatch-1)/replicateBatch)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), batches) {
		wg.Go(func() {
			var counts [replicateBatch][]int32
			for q := range counts {
				counts[q] = make([]int32, samples)
			}
			for {
				batch := int(next.Add(1) - 1)
				if batch >= batches {
					return
				}
				first := batch * replicateBatch
				end := min(first+replicateBatch, replicates)
				for r := first; r < end; r++ {
					c := counts[r-first]
					clear(c)
					rng := rand.New(rand.NewPCG(seed, uint64(r)))
					for range samples {
						c[rng.IntN(samples)]++
					}
				}
				for j := range samples {
					if batch == 0 {
						b.weights[j*cols] = 1
					}
					row := b.weights[j*cols+1+first : j*cols+1+end]
					for q := range row {
						row[q] = float64(counts[q][j])
					}
				}
			}
		})
	}
	wg.Wait()
	return b, nil
}

// Samples is N, the number of rows of the design.
func (b *Bootstrap) Samples() int { return b.samples }

// Replicates is the number of bootstrap replicates; 0 when the intervals
// are off.
func (b *Bootstrap) Replicates() int { return b.replicates }

// Level is the intervals' confidence level.
func (b *Bootstrap) Level() float64 { return b.level }

// Indices estimates every input's indices, with their intervals, for one
// output of the design: yA[j] = f(A_j), yB[j] = f(B_j) and yAB[i][j] =
// f(A_B^(i)_j), row j of A with input i's column taken from B (see the
// package comment). It returns one Estimate per input, in the order of
// yAB, and an error only when a length does not match the design's
// samples. A NaN output makes NaN the indices it enters. The estimates
// are the same for any GOMAXPROCS.
func (b *Bootstrap) Indices(yA, yB []float64, yAB [][]float64) ([]Estimate, error) {
	if err := b.check(yA, yB, yAB); err != nil {
		return nil, err
	}
	samples := b.estimate(yA, yB, yAB, runtime.GOMAXPROCS(0))
	point, reps := samples[0], samples[1:]
	est := make([]Estimate, len(yAB))
	lo, hi := (1-b.level)/2, (1+b.level)/2
	x := make([]float64, len(reps))
	interval := func(of func(indices) float64) (low, high float64) {
		if len(reps) == 0 {
			return math.NaN(), math.NaN()
		}
		for r, rep := range reps {
			x[r] = of(rep)
		}
		if floats.HasNaN(x) {
			return math.NaN(), math.NaN()
		}
		slices.Sort(x)
		return stat.Quantile(lo, stat.Empirical, x, nil), stat.Quantile(hi, stat.Empirical, x, nil)
	}
	for i := range est {
		e := &est[i]
		e.First, e.Total = point.first[i], point.total[i]
		e.FirstLow, e.FirstHigh = interval(func(s indices) float64 { return s.first[i] })
		e.TotalLow, e.TotalHigh = interval(func(s indices) float64 { return s.total[i] })
	}
	return est, nil
}

// check reports every length that does not match the design.
func (b *Bootstrap) check(yA, yB []float64, yAB [][]float64) error {
	var errs []error
	if len(yA) != b.samples {
		errs = append(errs, fmt.Errorf("sobol: yA has %d outputs, want %d (the design's samples)", len(yA), b.samples))
	}
	if len(yB) != b.samples {
		errs = append(errs, fmt.Errorf("sobol: yB has %d outputs, want %d (the design's samples)", len(yB), b.samples))
	}
	for i, y := range yAB {
		if len(y) != b.samples {
			errs = append(errs, fmt.Errorf("sobol: yAB[%d] has %d outputs, want %d (the design's samples)", i, len(y), b.samples))
		}
	}
	return errors.Join(errs...)
}

// indices are every input's S_i and ST_i on one sample: the full one or a
// replicate.
type indices struct{ first, total []float64 }

// undefine makes s's indices NaN.
func (s indices) undefine() {
	for i := range s.first {
		s.first[i], s.total[i] = math.NaN(), math.NaN()
	}
}

// The sums the estimators need, each over the rows of a sample weighted by
// their weights in it, with a_j and b_j the outputs yA_j and yB_j less the
// full sample's mean (which leaves V unchanged and keeps V = mean of
// squares − square of mean free of cancellation):
//
//	term 0:     a_j + b_j                              2N × mean
//	term 1:     a_j² + b_j²                            2N × mean of squares
//	term 2:     (yB_j − yA_j)²
//	term 3+2i:  (yA_j − yAB_ij)²                       Jansen's total effect
//	term 4+2i:  (yA_j − yAB_ij)(2yB_j − yA_j − yAB_ij)
//
// Jansen's first-order sum is term 2 + term 4+2i, since
// (yB − yAB)² = (yB − yA)² + (yA − yAB)(2yB − yA − yAB). Written so, both
// of an input's terms are 0 on every row where it leaves the output
// unchanged (yAB_ij = yA_j), and those rows are skipped: for an indicator
// output, most rows of most inputs.
const (
	termSum, termSquares, termBA = 0, 1, 2
	sharedTerms                  = 3 // terms 0–2, before the inputs'
	termsPerInput                = 2
)

// estimate returns the indices of the full sample, then of each replicate,
// with the work split over workers; the results do not depend on workers.
func (b *Bootstrap) estimate(yA, yB []float64, yAB [][]float64, workers int) []indices {
	k, cols := len(yAB), 1+b.replicates
	samples := make([]indices, cols)
	first, total := make([]float64, cols*k), make([]float64, cols*k)
	for c := range samples {
		samples[c] = indices{first[c*k : (c+1)*k], total[c*k : (c+1)*k]}
	}
	if constant(yA, yB) {
		for _, s := range samples {
			s.undefine()
		}
		return samples
	}
	var mean float64
	for j := range yA {
		mean += yA[j] + yB[j]
	}
	mean /= float64(2 * b.samples)

	sums := b.sums(yA, yB, yAB, mean, workers)
	nt := sharedTerms + termsPerInput*k
	s := make([]float64, nt)
	for c := range samples {
		for q := range nt {
			s[q] = sums[q*cols+c]
		}
		b.fromSums(samples[c], s, c, yA, yB)
	}
	return samples
}

// constant reports whether every output of A and B is the same: V = 0
// exactly, which a computed variance, with its rounding, cannot tell.
func constant(yA, yB []float64) bool {
	c := yA[0]
	for j := range yA {
		if yA[j] != c || yB[j] != c {
			return false
		}
	}
	return true
}

// cancellation is the ratio of a computed variance to the mean of squares
// it was computed from below which the variance may be all rounding error
// (which is about 1e-16 of the mean of squares), so that whether the
// outputs vary at all must be checked row by row.
const cancellation = 1e-9

// fromSums turns sample c's sums of the terms into its indices, ind.
func (b *Bootstrap) fromSums(ind indices, s []float64, c int, yA, yB []float64) {
	twoN := float64(2 * b.samples)
	m, sq := s[termSum]/twoN, s[termSquares]/twoN
	v := sq - m*m
	if v <= cancellation*sq && b.constantIn(c, yA, yB) {
		ind.undefine()
		return
	}
	for i := range ind.first {
		total, cross := s[sharedTerms+termsPerInput*i], s[sharedTerms+termsPerInput*i+1]
		ind.first[i] = (v - (s[termBA]+cross)/twoN) / v
		ind.total[i] = total / twoN / v
	}
}

// constantIn reports whether the outputs of A and B of the rows sample c
// draws are all the same.
func (b *Bootstrap) constantIn(c int, yA, yB []float64) bool {
	cols := 1 + b.replicates
	v, seen := 0.0, false
	for j := range yA {
		if b.weights[j*cols+c] == 0 {
			continue
		}
		if !seen {
			v, seen = yA[j], true
		}
		if yA[j] != v || yB[j] != v {
			return false
		}
	}
	return true
}

// chunkRows is the number of rows of a chunk, the unit of work of sums:
// its weights, 1024 × 101 × 8 bytes with 100 replicates, stay in a core's
// L2 cache while every input's terms are scaled into its sums.
const chunkRows = 1024

// sums returns every term's sum in every sample, term q's in sample c at
// [q*(1+replicates)+c]. Each chunk of rows is summed by one worker, in row
// order, into sums of its own; the chunks' sums are then added in chunk
// order, so which worker summed a chunk changes nothing.
func (b *Bootstrap) sums(yA, yB []float64, yAB [][]float64, mean float64, workers int) []float64 {
	n, cols := b.samples, 1+b.replicates
	nt := sharedTerms + termsPerInput*len(yAB)
	chunks := (n + chunkRows - 1) / chunkRows
	stride := nt * cols
	total := make([]float64, stride)
	var (
		next atomic.Int64
		wg   sync.WaitGroup
		mu   sync.Mutex
		done = make(map[int][]float64) // chunks summed, not yet added
		add  int                       // the next chunk to add to total
		free [][]float64               // chunks' sums added, to reuse
	)
	for range max(1, min(workers, chunks)) {
		wg.Go(func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				mu.Lock()
				var p []float64
				if len(free) > 0 {
					p, free = free[len(free)-1], free[:len(free)-1]
				}
				mu.Unlock()
				if p == nil {
					p = make([]float64, stride)
				} else {
					clear(p)
				}
				b.sumChunk(p, c*chunkRows, min((c+1)*chunkRows, n), yA, yB, yAB, mean)
				// Add the chunks in order as soon as they can be, so
				// that only the few ahead of the order wait in memory.
				mu.Lock()
				done[c] = p
				for q, ok := done[add]; ok; q, ok = done[add] {
					floats.Add(total, q)
					free = append(free, q)
					delete(done, add)
					add++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return total
}

// sumChunk adds rows [j0, j1)'s terms, times their weights, into p.
func (b *Bootstrap) sumChunk(p []float64, j0, j1 int, yA, yB []float64, yAB [][]float64, mean float64) {
	cols := 1 + b.replicates
	sum, squares, ba := p[termSum*cols:][:cols], p[termSquares*cols:][:cols], p[termBA*cols:][:cols]
	for j := j0; j < j1; j++ {
		w := b.weights[j*cols : (j+1)*cols]
		a, bb := yA[j]-mean, yB[j]-mean
		floats.AddScaled(sum, a+bb, w)
		floats.AddScaled(squares, a*a+bb*bb, w)
		if d := yB[j] - yA[j]; d != 0 {
			floats.AddScaled(ba, d*d, w)
		}
	}
	for i, y := range yAB {
		total := p[(sharedTerms+termsPerInput*i)*cols:][:cols]
		cross := p[(sharedTerms+termsPerInput*i+1)*cols:][:cols]
		for j := j0; j < j1; j++ {
			if y[j] == yA[j] {
				continue
			}
			w := b.weights[j*cols : (j+1)*cols]
			e := yA[j] - y[j]
			floats.AddScaled(total, e*e, w)
			floats.AddScaled(cross, e*(2*yB[j]-yA[j]-y[j]), w)
		}
	}
}
