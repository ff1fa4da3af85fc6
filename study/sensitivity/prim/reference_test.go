package prim_test

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/peacesim/peacesim/study/sensitivity/prim"
)

// reference is PRIM as the package comment states it, written plainly:
// boxes are limits by value, every candidate sorts the values it needs
// afresh, and every measure is counted over all cases. Find must agree
// with it box for box.
type reference struct {
	x     [][]float64
	y     []bool
	n     int
	total int
	min   []float64
	max   []float64
}

func newReference(x [][]float64, y []bool) *reference {
	r := &reference{x: x, y: y, n: len(y)}
	for _, v := range y {
		if v {
			r.total++
		}
	}
	for _, col := range x {
		r.min = append(r.min, slices.Min(col))
		r.max = append(r.max, slices.Max(col))
	}
	return r
}

// inside reports whether case i is within every limit but input skip's
// (none if skip < 0).
func (r *reference) inside(lim []prim.Limit, i, skip int) bool {
	for j, l := range lim {
		if j != skip && (r.x[j][i] < l.Lo || r.x[j][i] > l.Hi) {
			return false
		}
	}
	return true
}

// count returns the cases inside lim and the cases of interest among them.
func (r *reference) count(lim []prim.Limit) (cases, interest int) {
	for i := range r.n {
		if r.inside(lim, i, -1) {
			cases++
			if r.y[i] {
				interest++
			}
		}
	}
	return cases, interest
}

func (r *reference) box(lim []prim.Limit) prim.Box {
	c, h := r.count(lim)
	b := prim.Box{
		Limits:   slices.Clone(lim),
		Coverage: float64(h) / float64(r.total),
		Density:  float64(h) / float64(c),
		Mass:     float64(c) / float64(r.n),
		Cases:    c,
		Interest: h,
	}
	for j, l := range lim {
		if l.Lo > r.min[j] || l.Hi < r.max[j] {
			b.Restricted = append(b.Restricted, j)
		}
	}
	return b
}

// ceil is ⌈frac·m⌉, at least 1, as the package computes it.
func ceil(frac float64, m int) int {
	return max(1, int(math.Ceil(frac*float64(m)*(1-1e-12))))
}

// peel returns the limits after peeling input j at one end, or false.
func (r *reference) peel(lim []prim.Limit, j int, upper bool, k int) ([]prim.Limit, bool) {
	var in []float64
	for i := range r.n {
		if r.inside(lim, i, -1) {
			in = append(in, r.x[j][i])
		}
	}
	slices.Sort(in)
	if upper {
		slices.Reverse(in)
	}
	if k > len(in) {
		return nil, false
	}
	v := in[k-1]
	var rest []float64
	for _, w := range in {
		if (!upper && w > v) || (upper && w < v) {
			rest = append(rest, w)
		}
	}
	if len(rest) == 0 {
		return nil, false
	}
	out := slices.Clone(lim)
	if upper {
		out[j].Hi = slices.Max(rest)
	} else {
		out[j].Lo = slices.Min(rest)
	}
	return out, true
}

// paste returns the limits after pasting input j at one end, or false.
func (r *reference) paste(lim []prim.Limit, j int, upper bool, k int) ([]prim.Limit, bool) {
	var out []float64
	for i := range r.n {
		v := r.x[j][i]
		if r.inside(lim, i, j) && ((!upper && v < lim[j].Lo) || (upper && v > lim[j].Hi)) {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil, false
	}
	slices.Sort(out)
	if !upper {
		slices.Reverse(out) // nearest the limit first
	}
	v := out[min(k, len(out))-1]
	next := slices.Clone(lim)
	if upper {
		next[j].Hi = v
	} else {
		next[j].Lo = v
	}
	return next, true
}

// run returns the peeled and the pasted trajectories.
func (r *reference) run(opt prim.Options) (peeled, pasted []prim.Box) {
	lim := make([]prim.Limit, len(r.x))
	for j := range lim {
		lim[j] = prim.Limit{Lo: r.min[j], Hi: r.max[j]}
	}
	minCases := ceil(opt.MinMass, r.n)
	peeled = append(peeled, r.box(lim))
	pasted = append(pasted, r.box(lim))
	for {
		c, h := r.count(lim)
		if h == c {
			break
		}
		k := ceil(opt.Peel, c)
		var best []prim.Limit
		bc, bh := 0, 0
		for j := range lim {
			for _, upper := range []bool{false, true} {
				next, ok := r.peel(lim, j, upper, k)
				if !ok {
					continue
				}
				nc, nh := r.count(next)
				if nc < minCases {
					continue
				}
				// Denser, or as dense and larger; else the first found.
				if best == nil || nh*bc > bh*nc || (nh*bc == bh*nc && nc > bc) {
					best, bc, bh = next, nc, nh
				}
			}
		}
		if best == nil {
			break
		}
		lim = best
		peeled = append(peeled, r.box(lim))
		if opt.Paste < 0 {
			pasted = append(pasted, r.box(lim))
			continue
		}
		p := lim
		for {
			c, h := r.count(p)
			if h == c {
				break
			}
			k := ceil(opt.Paste, c)
			var bestP []prim.Limit
			bc, bh := 0, 0
			for j := range p {
				for _, upper := range []bool{false, true} {
					next, ok := r.paste(p, j, upper, k)
					if !ok {
						continue
					}
					nc, nh := r.count(next)
					if bestP == nil || nh*bc > bh*nc || (nh*bc == bh*nc && nc > bc) {
						bestP, bc, bh = next, nc, nh
					}
				}
			}
			if bestP == nil || bh*c <= h*bc {
				break
			}
			p = bestP
		}
		pasted = append(pasted, r.box(p))
	}
	return peeled, pasted
}

// TestFindMatchesReference: the sorted orders, position limits and counts
// of limits violated that make Find fast give, box for box, the boxes of
// the plain statement of the algorithm, on data with many ties (values on
// a coarse grid), with and without pasting, at several fractions.
func TestFindMatchesReference(t *testing.T) {
	for _, tc := range []struct {
		name string
		grid float64 // values are rounded to multiples of grid (0: none)
		opt  prim.Options
		// pastes: pasting changes some box, so that the case checks it
		pastes bool
	}{
		{"continuous", 0, prim.Options{Peel: 0.05, Paste: 0.05, MinMass: 0.05}, true},
		{"coarse grid", 0.1, prim.Options{Peel: 0.05, Paste: 0.05, MinMass: 0.05}, true},
		{"fine grid, big steps", 0.02, prim.Options{Peel: 0.25, Paste: 0.1, MinMass: 0.02}, true},
		{"binary inputs", 1, prim.Options{Peel: 0.1, Paste: 0.05, MinMass: 0.05}, false},
		{"no pasting", 0.05, prim.Options{Peel: 0.1, Paste: -1, MinMass: 0.05}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, 12))
			const n, d = 600, 4
			x := make([][]float64, d)
			for j := range x {
				x[j] = make([]float64, n)
				for i := range x[j] {
					v := rng.Float64()
					if tc.grid > 0 {
						v = math.Round(v/tc.grid) * tc.grid
					}
					x[j][i] = v
				}
			}
			y := make([]bool, n)
			for i := range y {
				// A noisy outcome that leans on inputs 0 and 1 and
				// mixes across them, so that pasting has work to do.
				p := 0.1 + 0.7*x[0][i]*x[0][i] + 0.3*(1-x[1][i])*x[0][i]
				y[i] = rng.Float64() < min(p, 0.95)
			}
			got, err := prim.Find(x, y, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			peeled, pasted := newReference(x, y).run(tc.opt)
			if len(got.Peeled) < 3 {
				t.Fatalf("only %d steps: the case tests nothing", len(got.Peeled))
			}
			if pasted := !reflect.DeepEqual(got.Peeled, got.Trajectory); pasted != tc.pastes {
				t.Errorf("pasting changed a box: %v, want %v", pasted, tc.pastes)
			}
			if !reflect.DeepEqual(got.Peeled, peeled) {
				t.Errorf("peeled trajectory differs from the reference:\n got %v\nwant %v", got.Peeled, peeled)
			}
			if !reflect.DeepEqual(got.Trajectory, pasted) {
				t.Errorf("pasted trajectory differs from the reference:\n got %v\nwant %v", got.Trajectory, pasted)
			}
		})
	}
}
