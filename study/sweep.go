// Package study runs experiments over a compiled sim.Model: sweeps of its
// values over a grid or a Latin hypercube, every point on the same random
// numbers. It varies values through sim's own types (a Patch of inputs,
// package values and concentrations), never by reading a scenario again,
// and knows nothing of files or flags.
package study

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
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
	Places sim.Patch
	Levels []Value
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
			x := r.Lo + u*(r.Hi-r.Lo)
			vals[j] = Value{Text: fmt.Sprint(x), Patch: r.Places.WithNumber(x)}
		}
		points[i] = Point{Index: i, Values: vals}
	}
	return points, nil
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

// Run runs every point on base with opt — the same seed and trials for
// all, so that any two points are paired — and calls emit for each point
// in index order. Points run in parallel, each on one worker (a point of a
// few thousand trials has too few chunks to share among workers well), on
// workers goroutines (≤ 0: one per processor); the results do not depend on
// their number. It stops early with ctx's error when ctx is cancelled, and
// with emit's first error.
func Run(ctx context.Context, base *sim.Model, points []Point, opt sim.Options, workers int, emit Emit) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(points)))
	opt.Workers = 1
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	type done struct {
		m *sim.Model
		r *sim.Result
	}
	var (
		mu      sync.Mutex
		ready   = map[int]done{} // finished, waiting for the points before them
		next    int              // the next point to emit
		started int
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
				if i >= len(points) || ctx.Err() != nil {
					return
				}
				m := points[i].Model(base)
				r, err := sim.Run(ctx, m, opt)
				if err != nil {
					cancel(fmt.Errorf("point %d: %w", i, err))
					return
				}
				mu.Lock()
				ready[i] = done{m, r}
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
