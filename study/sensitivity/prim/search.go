package prim

import (
	"runtime"
	"slices"
	"sync"
)

// search is the state of one run of PRIM. Each input's cases are sorted
// once; the box is, for each input j, the range lo[j] ≤ p < hi[j] of
// positions in j's order that lie within j's limits, and each case
// carries how many inputs' limits it lies outside, so that a case is in
// the box when that number is 0 and enters it by one paste when it is 1.
// A peel or a paste then walks only the positions next to the limit it
// moves, instead of sorting the box's cases again.
//
// Invariant: lo[j] is the first position of its value in j's order and
// hi[j] one past the last of its value, so that limits by position and
// limits by value select the same cases.
type search struct {
	n    int
	vals [][]float64 // vals[j][p]: the p-th smallest value of input j
	ord  [][]int32   // ord[j][p]: the case that holds it (ties by case)
	// state[i] is 2·(limits case i lies outside) + (1 if of interest).
	state    []int32
	lo, hi   []int
	cases    int // cases inside the box
	interest int // cases of interest inside the box
	total    int // cases of interest in all
}

// newSearch sorts every input and starts from the box of all cases.
func newSearch(x [][]float64, y []bool) *search {
	n, d := len(y), len(x)
	s := &search{
		n:     n,
		vals:  make([][]float64, d),
		ord:   make([][]int32, d),
		state: make([]int32, n),
		lo:    make([]int, d),
		hi:    make([]int, d),
		cases: n,
	}
	for i, v := range y {
		if v {
			s.state[i] = 1
			s.total++
		}
	}
	s.interest = s.total
	// One allocation for all columns' orders, not one a column.
	vals := make([]float64, n*d)
	ord := make([]int32, n*d)
	for j := range x {
		s.vals[j], s.ord[j] = vals[j*n:(j+1)*n:(j+1)*n], ord[j*n:(j+1)*n:(j+1)*n]
		s.hi[j] = n
	}
	// The columns are sorted independently, by as many workers as there
	// are processors; each writes only its own columns, so the orders do
	// not depend on the scheduling.
	workers := min(d, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			srt := newSorter(n)
			for j := w; j < d; j += workers {
				srt.sortColumn(x[j], s.vals[j], s.ord[j])
			}
		})
	}
	wg.Wait()
	return s
}

// move is a candidate peel or paste: input j's lower (or, if upper, its
// upper) limit moves to position pos, and cases enter (paste) or leave
// (peel) the box, interest of them of interest.
type move struct {
	j        int
	upper    bool
	pos      int
	cases    int
	interest int
}

// denser reports whether a/b > c/e, exactly: densities are compared as
// fractions of counts, so that ties are ties and results do not depend on
// rounding.
func denser(a, b, c, e int) bool {
	return int64(a)*int64(e) > int64(c)*int64(b)
}

// bestPeel returns the peel, each removing about k cases, whose remaining
// box is densest among those that leave at least minCases; false if there
// is none. Candidates are visited by input, lower end first, and replaced
// only by a denser box or an equally dense one that removes fewer cases,
// which is the documented order of ties.
func (s *search) bestPeel(k, minCases int) (best move, ok bool) {
	for j := range s.vals {
		for _, upper := range [2]bool{false, true} {
			m, found := s.peel(j, upper, k)
			if !found || s.cases-m.cases < minCases {
				continue
			}
			in, hit := s.cases-m.cases, s.interest-m.interest
			bin, bhit := s.cases-best.cases, s.interest-best.interest
			if !ok || denser(hit, in, bhit, bin) || (!denser(bhit, bin, hit, in) && m.cases < best.cases) {
				best, ok = m, true
			}
		}
	}
	return best, ok
}

// peel returns the peel of input j at its lower (or upper) end that
// removes the k cases of the box nearest that end and every case tied with
// the k-th; false if it would leave the box empty.
func (s *search) peel(j int, upper bool, k int) (m move, ok bool) {
	vals, ord, st := s.vals[j], s.ord[j], s.state
	lo, hi := s.lo[j], s.hi[j]
	m = move{j: j, upper: upper}
	if !upper {
		p := lo
		for ; p < hi && m.cases < k; p++ {
			if c := st[ord[p]]; c < 2 {
				m.cases++
				m.interest += int(c)
			}
		}
		for ; p < hi && vals[p] == vals[p-1]; p++ {
			if c := st[ord[p]]; c < 2 {
				m.cases++
				m.interest += int(c)
			}
		}
		// The new limit is the smallest value still in the box.
		q := p
		for q < hi && st[ord[q]] >= 2 {
			q++
		}
		if q == hi {
			return m, false
		}
		for q > p && vals[q-1] == vals[q] {
			q--
		}
		m.pos = q
		return m, true
	}
	p := hi
	for p > lo && m.cases < k {
		p--
		if c := st[ord[p]]; c < 2 {
			m.cases++
			m.interest += int(c)
		}
	}
	for p > lo && vals[p-1] == vals[p] {
		p--
		if c := st[ord[p]]; c < 2 {
			m.cases++
			m.interest += int(c)
		}
	}
	q := p
	for q > lo && st[ord[q-1]] >= 2 {
		q--
	}
	if q == lo {
		return m, false
	}
	for q < p && vals[q] == vals[q-1] {
		q++
	}
	m.pos = q
	return m, true
}

// paste returns the paste of input j at its lower (or upper) end that adds
// the k cases nearest the limit among those outside the box by that limit
// alone (all of them if fewer), and every such case tied with the last;
// false if there is none.
func (s *search) paste(j int, upper bool, k int) (m move, ok bool) {
	vals, ord, st := s.vals[j], s.ord[j], s.state
	m = move{j: j, upper: upper}
	last := -1
	if !upper {
		for p := s.lo[j]; p > 0 && m.cases < k; {
			p--
			if c := st[ord[p]]; c>>1 == 1 {
				m.cases++
				m.interest += int(c & 1)
				last = p
			}
		}
		if last < 0 {
			return m, false
		}
		for last > 0 && vals[last-1] == vals[last] {
			last--
			if c := st[ord[last]]; c>>1 == 1 {
				m.cases++
				m.interest += int(c & 1)
			}
		}
		m.pos = last
		return m, true
	}
	for p := s.hi[j]; p < s.n && m.cases < k; p++ {
		if c := st[ord[p]]; c>>1 == 1 {
			m.cases++
			m.interest += int(c & 1)
			last = p
		}
	}
	if last < 0 {
		return m, false
	}
	for last < s.n-1 && vals[last+1] == vals[last] {
		last++
		if c := st[ord[last]]; c>>1 == 1 {
			m.cases++
			m.interest += int(c & 1)
		}
	}
	m.pos = last + 1
	return m, true
}

// move applies m, a peel or a paste alike.
func (s *search) move(m move) {
	if m.upper {
		s.setHigh(m.j, m.pos)
	} else {
		s.setLow(m.j, m.pos)
	}
}

// setLow moves input j's lower limit to position p, in either direction,
// updating the cases' counts of limits and the box's tallies.
func (s *search) setLow(j, p int) {
	s.shift(s.ord[j], s.lo[j], p)
	s.lo[j] = p
}

// setHigh moves input j's upper limit to position p (exclusive).
func (s *search) setHigh(j, p int) {
	s.shift(s.ord[j], p, s.hi[j])
	s.hi[j] = p
}

// shift puts the cases at positions [a, b) of ord outside one more limit
// if a < b (they leave), or the cases at [b, a) inside one more limit if
// b < a (they come back).
func (s *search) shift(ord []int32, a, b int) {
	st := s.state
	for _, i := range ord[min(a, b):max(a, b)] {
		if a < b {
			if st[i] < 2 {
				s.cases--
				s.interest -= int(st[i])
			}
			st[i] += 2
		} else {
			st[i] -= 2
			if st[i] < 2 {
				s.cases++
				s.interest += int(st[i])
			}
		}
	}
}

// pasted returns the current box after pasting with fraction alpha, and
// leaves the search at the box it started from, so that peeling goes on
// from the peeled box.
func (s *search) pasted(alpha float64) Box {
	lo, hi := slices.Clone(s.lo), slices.Clone(s.hi)
	for s.interest < s.cases {
		k := atLeast(alpha, s.cases)
		var best move
		ok := false
		for j := range s.vals {
			for _, upper := range [2]bool{false, true} {
				m, found := s.paste(j, upper, k)
				if !found {
					continue
				}
				in, hit := s.cases+m.cases, s.interest+m.interest
				bin, bhit := s.cases+best.cases, s.interest+best.interest
				if !ok || denser(hit, in, bhit, bin) || (!denser(bhit, bin, hit, in) && m.cases > best.cases) {
					best, ok = m, true
				}
			}
		}
		if !ok || !denser(s.interest+best.interest, s.cases+best.cases, s.interest, s.cases) {
			break
		}
		s.move(best)
	}
	b := s.box()
	for j := range lo {
		s.setLow(j, lo[j])
		s.setHigh(j, hi[j])
	}
	return b
}

// box records the current box.
func (s *search) box() Box {
	b := Box{
		Limits:   make([]Limit, len(s.vals)),
		Coverage: float64(s.interest) / float64(s.total),
		Density:  float64(s.interest) / float64(s.cases),
		Mass:     float64(s.cases) / float64(s.n),
		Cases:    s.cases,
		Interest: s.interest,
	}
	for j, v := range s.vals {
		b.Limits[j] = Limit{v[s.lo[j]], v[s.hi[j]-1]}
		if s.lo[j] > 0 || s.hi[j] < s.n {
			b.Restricted = append(b.Restricted, j)
		}
	}
	return b
}
