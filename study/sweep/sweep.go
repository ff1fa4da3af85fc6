// Package sweep runs a scenario over a grid or a Latin hypercube of values
// of its keys, every point on the same random numbers. ParseVary reads a
// varied key as a researcher writes it (KEY=lo:hi:step or KEY=v1,v2,…),
// NewDesign compiles the keys into a Design (the base model and a Patch of
// it per point, so that no point reads the scenario again), and Run runs
// the points in parallel and hands their results over in order. It knows
// nothing of files or flags: the scenario comes from a Loader.
package sweep

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"

	"github.com/peacesim/peacesim/sim"
)

// Value is one value a varied key takes: its text as the study wrote it
// (the column's cell in a table) and the Patch that gives the model that
// value.
type Value struct {
	Text  string
	Patch sim.Patch
}

// Dimension is one varied key of a sweep and the values it takes on a grid.
type Dimension struct {
	// Key is the key path varied, e.g. "packages.miami_20_point.troop_cap".
	Key    string
	Values []Value
}

// Point is one point of a sweep: its index (0-based, the order of the
// output) and the value each dimension takes there, in dimension order.
type Point struct {
	Index  int
	Values []Value
}

// Grid returns every combination of the dimensions' values, the first
// dimension varying slowest, as nested loops in the order given.
func Grid(dims []Dimension) []Point {
	total := 1
	for _, d := range dims {
		total *= len(d.Values)
	}
	if len(dims) == 0 || total == 0 {
		return nil
	}
	points := make([]Point, total)
	for i := range points {
		vals := make([]Value, len(dims))
		rest := i
		for j := len(dims) - 1; j >= 0; j-- {
			n := len(dims[j].Values)
			vals[j] = dims[j].Values[rest%n]
			rest /= n
		}
		points[i] = Point{Index: i, Values: vals}
	}
	return points
}

// Range is a dimension of a Latin hypercube: a number drawn in [Lo, Hi]
// and put where Places says (Patch.WithNumber), or, when Levels is not
// empty, one of the levels, each taking an equal share of [0, 1).
type Range struct {
	Key    string
	Lo, Hi float64
	// Step, when > 0, is the resolution a number is drawn to: it is
	// snapped to the nearest Lo + k·Step in [Lo, Hi] and rounded to
	// Decimals decimals, so that its text is the number the point runs.
	Step     float64
	Decimals int
	Places   sim.Patch
	Levels   []Value
}

// LatinHypercube returns n points of a Latin hypercube over the ranges
// (gonum's samplemv.LatinHypercube over the unit cube, each coordinate
// then scaled to its range), drawn from a generator seeded by seed, so
// that the same seed gives the same points.
func LatinHypercube(ranges []Range, n int, seed uint64) ([]Point, error) {
	if n <= 0 || len(ranges) == 0 {
		return nil, fmt.Errorf("a Latin hypercube needs at least one point and one range, got %d and %d", n, len(ranges))
	}
	src := rand.NewPCG(seed, 0x4c4853) // "LHS": the design's own stream, apart from the trials'
	cube := mat.NewDense(n, len(ranges), nil)
	samplemv.LatinHypercube{Q: distmv.NewUnitUniform(len(ranges), nil), Src: src}.Sample(cube)
	points := make([]Point, n)
	for i := range points {
		vals := make([]Value, len(ranges))
		for j, r := range ranges {
			u := cube.At(i, j)
			if len(r.Levels) > 0 {
				vals[j] = r.Levels[min(int(u*float64(len(r.Levels))), len(r.Levels)-1)]
				continue
			}
			x := r.number(u)
			vals[j] = Value{Text: strconv.FormatFloat(x, 'f', -1, 64), Patch: r.Places.WithNumber(x)}
		}
		points[i] = Point{Index: i, Values: vals}
	}
	return points, nil
}

// number is the range's number at u in [0, 1), snapped to its Step.
func (r Range) number(u float64) float64 {
	x := r.Lo + u*(r.Hi-r.Lo)
	if r.Step <= 0 {
		return x
	}
	k := min(math.Round((x-r.Lo)/r.Step), math.Floor((r.Hi-r.Lo)/r.Step+1e-9))
	scale := math.Pow(10, float64(r.Decimals))
	return math.Round((r.Lo+k*r.Step)*scale) / scale
}

// Texts are the point's values as the sweep writes them, in dimension
// order.
func (p Point) Texts() []string {
	texts := make([]string, len(p.Values))
	for i, v := range p.Values {
		texts[i] = v.Text
	}
	return texts
}

// Model is the base model with the point's values applied.
func (p Point) Model(base *sim.Model) *sim.Model {
	patches := make([]sim.Patch, len(p.Values))
	for i, v := range p.Values {
		patches[i] = v.Patch
	}
	return base.Apply(patches...)
}

// Emit receives the points of a sweep in order with their results.
type Emit func(p Point, m *sim.Model, r *sim.Result) error

// Runner runs one model, as sim.Run does.
type Runner func(ctx context.Context, m *sim.Model, opt sim.Options) (*sim.Result, error)

// packSize is how many points one run scores together when the points
// differ only in package values: the draws of a trial, most of its cost,
// are then made once for all of them.
const packSize = 32

// Run runs every point on base with opt — the same seed and trials for
// all, so that any two points are paired — and calls emit for each point
// in index order. It stops early with ctx's error when ctx is cancelled,
// and with emit's first error.
//
// Points run in parallel on workers goroutines (≤ 0: one per processor),
// each run on one worker: a point of a few thousand trials has too few
// chunks to share among workers well. Where the points differ only in
// package values, as a sweep of a proposal's terms does, up to packSize of
// them are scored in one run as packages side by side: every input draws
// from a stream of its own, so a package scores the same whatever others
// share its run, and a trial's draws are made once for all. Either way
// every point's result is the one it gets run alone, whatever the number
// of workers.
//
// run runs one model (nil: sim.Run); a caller that runs each point to a
// precision (sim.RunToPrecision) passes its own.
func Run(ctx context.Context, base *sim.Model, points []Point, opt sim.Options, workers int, run Runner, emit Emit) error {
	if run == nil {
		run = sim.Run
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	opt.Workers = 1
	opt.Paired = false // pairs within a pack would mix the points
	size := 1
	if packable(base, points) {
		size = packSize
	}
	// A pack is the points [i, i+size) of the slice: positions, which the
	// ready map is keyed by (a shard's points do not start at index 0).
	var packs [][2]int
	for i := 0; i < len(points); i += size {
		packs = append(packs, [2]int{i, min(i+size, len(points))})
	}
	workers = max(1, min(workers, len(packs)))
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	type done struct {
		m *sim.Model
		r *sim.Result
	}
	var (
		mu      sync.Mutex
		ready   = map[int]done{} // finished, by position, waiting for the points before them
		next    int              // the position of the next point to emit
		started int              // the next pack to start
	)
	// flush emits, in order, what is ready; it holds mu.
	flush := func() error {
		for {
			d, ok := ready[next]
			if !ok {
				return nil
			}
			delete(ready, next)
			if err := emit(points[next], d.m, d.r); err != nil {
				return err
			}
			next++
		}
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := started
				started++
				mu.Unlock()
				if i >= len(packs) || ctx.Err() != nil {
					return
				}
				pack := points[packs[i][0]:packs[i][1]]
				models := make([]*sim.Model, len(pack))
				for j, p := range pack {
					models[j] = p.Model(base)
				}
				r, err := run(ctx, together(models), opt)
				if err != nil {
					cancel(fmt.Errorf("point %d: %w", pack[0].Index, err))
					return
				}
				mu.Lock()
				for j, part := range split(r, len(pack)) {
					ready[packs[i][0]+j] = done{models[j], part}
				}
				err = flush()
				mu.Unlock()
				if err != nil {
					cancel(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return ctx.Err()
}

// packable reports whether the points differ from the base in package
// values only, so that they can share their trials' draws, and not in a
// package the base's evidence observes: which trials the evidence keeps
// would then differ from point to point (docs/model.md#evidence).
func packable(base *sim.Model, points []Point) bool {
	observed := map[int]bool{}
	for _, x := range base.Evidence {
		observed[x.Package] = true
	}
	for _, p := range points {
		for _, v := range p.Values {
			if len(v.Patch.Params) > 0 || len(v.Patch.Concentrations) > 0 || v.Patch.Rounds != 0 {
				return false
			}
			for k := range v.Patch.Values {
				if observed[k] {
					return false
				}
			}
		}
	}
	return true
}

// together is one model whose packages are those of each model in turn:
// models that differ in package values only.
func together(models []*sim.Model) *sim.Model {
	if len(models) == 1 {
		return models[0]
	}
	m := *models[0]
	m.Packages = nil
	for _, mm := range models {
		m.Packages = append(m.Packages, mm.Packages...)
	}
	// Evidence on a package only it observes (Observed, numbered after
	// the packages) moves with their number; on a package of the points,
	// it observes the first point's, the same in every point (packable).
	if K := len(models[0].Packages); len(m.Evidence) > 0 {
		m.Evidence = slices.Clone(m.Evidence)
		for i := range m.Evidence {
			if m.Evidence[i].Package >= K {
				m.Evidence[i].Package += len(m.Packages) - K
			}
		}
	}
	return &m
}

// split cuts the result of together's model into the result of each of
// its n models, by package.
func split(r *sim.Result, n int) []*sim.Result {
	if n == 1 {
		return []*sim.Result{r}
	}
	k := len(r.Pathways) / n
	out := make([]*sim.Result, n)
	for j := range out {
		lo, hi := j*k, (j+1)*k
		out[j] = r.Packages(lo, hi)
	}
	return out
}
