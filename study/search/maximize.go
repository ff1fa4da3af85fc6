package search

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"

	"github.com/peacesim/peacesim/study/space"
)

// Default values of the fields of Options left at zero.
const (
	DefaultStarts     = 5
	DefaultGrid       = 5
	DefaultMaxEvals   = 20_000
	DefaultTop        = 10
	DefaultMaxBatch   = 4096
	DefaultMaxChanged = 3
)

const (
	// scanPoints is the number of values of one continuous issue a line
	// scan evaluates in one batch: 20 intervals, so that a zoom by 5 keeps
	// two spacings either side of the point kept.
	scanPoints = 21
	// minStep is the half-width of a scan, as a fraction of the issue's
	// range, below which an issue counts as converged: far below the width
	// of one trial's step in any objective estimated on fewer than 10⁹
	// trials.
	minStep = 1e-9
	// nelderMeadPoints is the most points one Nelder–Mead polish may ask
	// for, per vertex of the simplex: it calls the objective one point at a
	// time, so it is kept short.
	nelderMeadPoints = 50
	// simplexSize is the size of Nelder–Mead's first simplex in the
	// transformed coordinate z: about 5% of an issue's range at its middle,
	// wide enough to see a ridge across a few steps of the objective.
	simplexSize = 0.2
	// maxZ bounds the transformed coordinate: tanh(20) is 1 in float64, so
	// the bounds themselves are reachable and z stays finite.
	maxZ = 20
	// ridgeStep is the half-width of the scans, as a fraction of each
	// issue's range, below which scans that still improve are taken to be
	// zigzagging up a ridge, and Nelder–Mead is called.
	ridgeStep = 1e-3
	// lhsStream is the second word of the PCG seed of the Latin hypercube.
	lhsStream = 0x5ea4c4
)

// Options tune Maximize and SmallestRepair; a zero field takes its
// default.
type Options struct {
	// Starts is the number of local searches: from the base and from the
	// Starts − 1 best other points of the initial design.
	Starts int
	// Seed seeds the Latin hypercube design, the only random part.
	Seed uint64
	// Grid is the number of values of each continuous issue in the initial
	// grid design (at least 2 to include both bounds). When the grid would
	// exceed min(MaxBatch, MaxEvals/4) points, a Latin hypercube of that
	// many points replaces it.
	Grid int
	// MaxEvals is the budget: the most distinct points evaluated.
	MaxEvals int
	// Top is the number of distinct best points Maximize returns.
	Top int
	// MaxBatch is the most points passed to the objective in one call.
	MaxBatch int
	// MaxChanged is the most issues SmallestRepair changes together.
	MaxChanged int
	// PolishEvals caps the points the Nelder–Mead polish may ask for over
	// the whole search, one point per call of the objective: 0 for
	// MaxEvals/4, negative to switch the polish off when a call for one
	// point costs nearly as much as a batch.
	PolishEvals int
}

// withDefaults returns o with its zero fields set to their defaults, or an
// error naming the first field out of its range.
func (o Options) withDefaults() (Options, error) {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.Starts, DefaultStarts)
	def(&o.Grid, DefaultGrid)
	def(&o.MaxEvals, DefaultMaxEvals)
	def(&o.Top, DefaultTop)
	def(&o.MaxBatch, DefaultMaxBatch)
	def(&o.MaxChanged, DefaultMaxChanged)
	switch {
	case o.PolishEvals == 0:
		o.PolishEvals = o.MaxEvals / 4
	case o.PolishEvals < 0:
		o.PolishEvals = 0
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"starts", o.Starts}, {"grid", o.Grid}, {"max evals", o.MaxEvals}, {"top", o.Top}, {"max batch", o.MaxBatch}, {"max changed", o.MaxChanged}} {
		if f.v < 0 {
			return o, fmt.Errorf("search: %s %d: want a positive number, or 0 for the default", f.name, f.v)
		}
	}
	return o, nil
}

// check validates the space and the base package.
func check(s space.Space, base []float64) error {
	if err := s.Check(); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if len(s) == 0 {
		return errors.New("search: the space has no issue")
	}
	if len(base) != len(s) {
		return fmt.Errorf("search: base has %d values for %d issues", len(base), len(s))
	}
	for i, d := range s {
		if !d.Contains(base[i]) {
			return fmt.Errorf("search: base value %g of issue %s is not one it may take", base[i], d.Name)
		}
	}
	return nil
}

// Maximize returns the opt.Top best distinct points found (fewer if fewer
// were evaluated), best first (ties: the smaller Distance to base, then
// the lexicographically smaller point), and the number of evaluations
// used, never more than opt.MaxEvals. The package comment describes the
// search.
func Maximize(s space.Space, base []float64, f Objective, opt Options) ([]Candidate, int, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, 0, err
	}
	if err := check(s, base); err != nil {
		return nil, 0, err
	}
	l := newLedger(s, base, f, opt)
	all := make([]int, len(s))
	for i := range all {
		all[i] = i
	}
	if _, err := l.climb(all, opt, math.Inf(1), opt.MaxEvals); err != nil {
		return nil, l.evals(), err
	}
	return l.top(opt.Top, nil), l.evals(), nil
}

// climb runs the multi-start search over the issues in dims, the others
// fixed at the base, until a point reaches target or stop evaluations
// have been made. It returns the best point it evaluated.
func (l *ledger) climb(dims []int, opt Options, target float64, stop int) (Candidate, error) {
	design := l.design(dims, opt, stop)
	vs, err := l.eval(design, stop)
	if err != nil {
		return Candidate{}, err
	}
	var ranked []Candidate
	for i, x := range design {
		if !math.IsNaN(vs[i]) {
			ranked = append(ranked, Candidate{X: x, Value: vs[i]})
		}
	}
	if len(ranked) == 0 {
		return Candidate{X: slices.Clone(l.base), Value: math.Inf(-1)}, nil
	}
	best := ranked[0] // the base: the design starts with it
	starts := []Candidate{best}
	slices.SortStableFunc(ranked, l.compare)
	for _, c := range ranked {
		if len(starts) == opt.Starts {
			break
		}
		if !slices.Equal(c.X, best.X) {
			starts = append(starts, c)
		}
	}
	for i, c := range starts {
		if l.better(c, best) {
			best = c
		}
		if best.Value >= target {
			return best, nil
		}
		share := l.evals() + (stop-l.evals())/(len(starts)-i)
		c, err := l.local(dims, c, target, share)
		if err != nil {
			return Candidate{}, err
		}
		if l.better(c, best) {
			best = c
		}
	}
	return best, nil
}

// design returns the initial design over dims, the base first: the grid
// when it is small enough, else a Latin hypercube.
func (l *ledger) design(dims []int, opt Options, stop int) [][]float64 {
	size := max(1, min(opt.MaxBatch, (stop-l.evals())/4))
	sub := make(space.Space, len(dims))
	for j, i := range dims {
		sub[j] = l.s[i]
	}
	pts := [][]float64{slices.Clone(l.base)}
	embed := func(y []float64) []float64 {
		x := slices.Clone(l.base)
		for j, i := range dims {
			x[i] = y[j]
		}
		return x
	}
	if grid, _ := sub.Grid(opt.Grid, size); grid != nil {
		for _, y := range grid {
			pts = append(pts, embed(y))
		}
		return pts
	}
	u := mat.NewDense(size, len(dims), nil)
	samplemv.LatinHypercube{
		Q:   distmv.NewUnitUniform(len(dims), nil),
		Src: rand.NewPCG(opt.Seed, lhsStream),
	}.Sample(u)
	y := make([]float64, len(dims))
	for r := range size {
		for j, d := range sub {
			p := u.At(r, j)
			if d.Discrete() {
				y[j] = d.Values[min(int(p*float64(len(d.Values))), len(d.Values)-1)]
			} else {
				y[j] = clamp(d.Lo+p*(d.Hi-d.Lo), d.Lo, d.Hi)
			}
		}
		pts = append(pts, embed(y))
	}
	return pts
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// local is the local search from one start: sweeps of discrete coordinate
// search and continuous line scans, with a Nelder–Mead polish when the
// scans stop improving or zigzag up a ridge.
func (l *ledger) local(dims []int, start Candidate, target float64, stop int) (Candidate, error) {
	cur := Candidate{X: slices.Clone(start.X), Value: start.Value}
	var cont []int
	h := make(map[int]float64)
	for _, i := range dims {
		if d := l.s[i]; !d.Discrete() && d.Hi > d.Lo {
			cont = append(cont, i)
			h[i] = d.Hi - d.Lo
		}
	}
	polished := false
	for l.evals() < min(stop, l.maxEvals) && cur.Value < target {
		improved := false
		for _, i := range dims {
			d := l.s[i]
			if !d.Discrete() {
				continue
			}
			moved, err := l.tryValues(&cur, i, d.Values, stop)
			if err != nil {
				return cur, err
			}
			improved = improved || moved
		}
		converged, ridge := true, true
		for _, i := range cont {
			moved, err := l.scan(&cur, i, h, stop)
			if err != nil {
				return cur, err
			}
			improved = improved || moved
			r := l.s[i].Hi - l.s[i].Lo
			converged = converged && h[i] < minStep*r
			ridge = ridge && h[i] < ridgeStep*r
		}
		if improved && !ridge {
			polished = false
			continue
		}
		// The scans have stopped, or go on only in steps narrower than
		// ridgeStep: the signature of a ridge oblique to the axes.
		if len(cont) >= 2 && !polished && cur.Value < target {
			moved, err := l.nelderMead(&cur, cont, stop)
			if err != nil {
				return cur, err
			}
			polished = !moved
			if moved {
				// The scans resume around the new point, wide enough to
				// leave the plateau Nelder–Mead ended on.
				for _, i := range cont {
					h[i] = math.Max(h[i], 0.05*(l.s[i].Hi-l.s[i].Lo))
				}
				continue
			}
		}
		if improved {
			continue
		}
		if converged {
			break
		}
	}
	return cur, nil
}

// tryValues evaluates cur with issue i at each of values in one batch and
// moves cur to the best if it is strictly better. Among equal values the
// one nearest the current value wins, so that ties never move the point.
func (l *ledger) tryValues(cur *Candidate, i int, values []float64, stop int) (bool, error) {
	xs := make([][]float64, 0, len(values))
	for _, v := range values {
		if v == cur.X[i] {
			continue
		}
		x := slices.Clone(cur.X)
		x[i] = v
		xs = append(xs, x)
	}
	if len(xs) == 0 {
		return false, nil
	}
	vs, err := l.eval(xs, stop)
	if err != nil {
		return false, err
	}
	d := l.s[i]
	bestJ := -1
	for j, v := range vs {
		if math.IsNaN(v) || v <= cur.Value {
			continue
		}
		if bestJ < 0 || v > vs[bestJ] ||
			v == vs[bestJ] && d.Distance(xs[j][i], cur.X[i]) < d.Distance(xs[bestJ][i], cur.X[i]) {
			bestJ = j
		}
	}
	if bestJ < 0 {
		return false, nil
	}
	cur.X, cur.Value = xs[bestJ], vs[bestJ]
	return true, nil
}

// scan is the line scan of continuous issue i: scanPoints values of the
// window [x − h, x + h] ∩ [Lo, Hi] in one batch, cur moved to the best if
// strictly better, and h[i] adapted (see the package comment).
func (l *ledger) scan(cur *Candidate, i int, h map[int]float64, stop int) (bool, error) {
	d := l.s[i]
	x := cur.X[i]
	a, b := math.Max(d.Lo, x-h[i]), math.Min(d.Hi, x+h[i])
	spacing := (b - a) / (scanPoints - 1)
	values := make([]float64, scanPoints)
	for k := range values {
		values[k] = clamp(a+spacing*float64(k), d.Lo, d.Hi)
	}
	values[scanPoints-1] = b
	moved, err := l.tryValues(cur, i, values, stop)
	if err != nil {
		return false, err
	}
	atEnd := moved && (cur.X[i] == a && a > d.Lo || cur.X[i] == b && b < d.Hi)
	if atEnd {
		h[i] = math.Min(2*h[i], d.Hi-d.Lo)
	} else {
		h[i] = 2 * spacing
	}
	return moved, nil
}

// nelderMead polishes the continuous issues cont of cur with gonum's
// Nelder–Mead on −f through the bounded transform
// x = Lo + (Hi − Lo)·(1 + tanh z)/2, and moves cur to the best point it
// evaluated if strictly better.
func (l *ledger) nelderMead(cur *Candidate, cont []int, stop int) (bool, error) {
	left := min(min(stop, l.maxEvals)-l.evals(), l.polishEvals-l.polished)
	if left <= 0 {
		return false, nil
	}
	toX := func(z []float64) []float64 {
		x := slices.Clone(cur.X)
		for j, i := range cont {
			d := l.s[i]
			x[i] = clamp(d.Lo+(d.Hi-d.Lo)*(1+math.Tanh(z[j]))/2, d.Lo, d.Hi)
		}
		return x
	}
	z0 := make([]float64, len(cont))
	for j, i := range cont {
		d := l.s[i]
		z0[j] = clamp(math.Atanh(2*(cur.X[i]-d.Lo)/(d.Hi-d.Lo)-1), -maxZ, maxZ)
	}
	best := *cur
	var evalErr error
	problem := optimize.Problem{Func: func(z []float64) float64 {
		if evalErr != nil {
			return math.Inf(1)
		}
		x := toX(z)
		n := l.evals()
		vs, err := l.eval([][]float64{x}, stop)
		l.polished += l.evals() - n
		if err != nil {
			evalErr = err
			return math.Inf(1)
		}
		if math.IsNaN(vs[0]) { // out of budget
			return math.Inf(1)
		}
		if c := (Candidate{X: x, Value: vs[0]}); c.Value > best.Value {
			best = c
		}
		return -vs[0]
	}}
	settings := &optimize.Settings{
		FuncEvaluations: min(left, nelderMeadPoints*(len(cont)+1)),
		InitValues:      &optimize.Location{F: -cur.Value},
	}
	// Minimize's own errors (an iteration limit, a degenerate simplex) end
	// the polish; only the objective's error ends the search.
	_, _ = optimize.Minimize(problem, z0, settings, &optimize.NelderMead{SimplexSize: simplexSize})
	if evalErr != nil {
		return false, evalErr
	}
	if best.Value > cur.Value {
		*cur = best
		return true, nil
	}
	return false, nil
}
