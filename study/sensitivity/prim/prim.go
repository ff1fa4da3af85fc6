// Package prim finds the box of inputs in which a pathway of interest is
// likely: the Patient Rule Induction Method (PRIM) of Friedman and Fisher
// (1999), applied, as in scenario discovery (Bryant and Lempert 2010), to
// the trials of a Monte Carlo run.
//
// # What it is for
//
// A run draws d uncertain inputs for each of n trials and records whether
// each trial reached the pathway of interest (a case of interest). Scenario
// discovery asks which ranges of the inputs make that outcome likely, and
// answers with a box, a conjunction of intervals lo_j ≤ x_j ≤ hi_j that a
// policy maker can read ("Russia's reservation above 0.7 and the ceasefire
// cost below 0.4"), restricting as few inputs as possible. A box is judged
// by three measures (Bryant and Lempert 2010):
//
//	coverage = (cases of interest inside) / (cases of interest)
//	density  = (cases of interest inside) / (cases inside)
//	mass     = (cases inside) / n
//
// Coverage and density trade against each other, so PRIM returns a
// trajectory of boxes, from all the cases down to a minimum mass, and the
// analyst chooses one (Result.Choose: the highest coverage at a minimum
// density).
//
// # The algorithm
//
// Peeling (Friedman and Fisher 1999). Start from the box of all cases.
// At each step, for every input j and each of its two ends, consider
// removing the α fraction of the box's m cases with the lowest (or highest)
// x_j: with k = ⌈α·m⌉ and v the k-th smallest x_j in the box, remove every
// case of the box with x_j ≤ v, so that cases tied at v go together (a
// peel removes at least k cases, more when values tie). The new lower
// limit is the smallest x_j still inside. Of all these peels, take the one
// whose remaining box has the highest density; ties go to the peel that
// removes fewer cases (the larger box), then to the lower input, then to
// the lower end. Peels that would leave a mass below MinMass, or no case at
// all, are not candidates. Peeling stops when no candidate remains or the
// density reaches 1.
//
// Pasting (Friedman and Fisher 1999, §3). Peeling is greedy: a limit set
// early, when the box still held cases that later peels removed, may cut
// too deep. Pasting moves limits back out: for each restricted end of each
// input, the cases outside the box only by that limit are candidates;
// with k = ⌈α_paste·m⌉ and v the k-th nearest of their x_j (the farthest
// if there are fewer), the limit moves to v and every candidate at or
// inside v enters. The paste whose box has the highest density is taken
// (ties: more cases added, then lower input, then lower end) if it raises
// the density strictly, and pasting repeats until none does.
//
// Pasting is applied to the box at every step of the peeling trajectory,
// not only to the last: step k of the trajectory is then the box that
// Friedman and Fisher's procedure returns when peeling is stopped at step
// k's mass, so whichever step the analyst chooses has been pasted.
// (The EMA Workbench pastes only the box at the end of peeling, which a
// scenario-discovery analyst seldom chooses.) The boxes of peeling alone are
// kept in Result.Peeled.
//
// Limits are values of the data, inclusive: a box is the set of x with
// Lo_j ≤ x_j ≤ Hi_j for every j. An input is restricted when Lo_j is above
// the data's minimum or Hi_j below its maximum.
//
// Two choices differ from the EMA Workbench's defaults. The objective is
// Friedman and Fisher's, the density of the box left, where the Workbench's
// ("lenient1") divides the gain in density by the cases removed. And a
// limit is the nearest value inside the box, where the Workbench's is a
// quantile halfway between two values.
//
// # Defaults
//
// α = 0.05 (Options.Peel), α_paste = 0.05 (Options.Paste) and a minimum
// mass of 0.05 (Options.MinMass), those of the EMA Workbench (Kwakkel
// 2017); Friedman and Fisher recommend α between 0.05 and 0.10. A negative
// Options.Paste switches pasting off.
//
// # Cost
//
// Each input's cases are sorted once; a box is a range of positions in
// each sorted order, and each case carries the number of limits it
// violates, so that a peel or a paste walks only the cases near the limit
// it moves. A run of n = 100,000 cases and 40 inputs takes about half a
// second on two cores of a 2 GHz Xeon (BenchmarkFind), most of it sorting.
//
// # References
//
// J. H. Friedman and N. I. Fisher (1999), Bump hunting in high-dimensional
// data, Statistics and Computing 9:123–143.
//
// B. P. Bryant and R. J. Lempert (2010), Thinking inside the box: a
// participatory, computer-assisted approach to scenario discovery,
// Technological Forecasting & Social Change 77:34–49.
//
// J. H. Kwakkel (2017), The Exploratory Modeling Workbench, Environmental
// Modelling & Software 96:239–250 (ema_workbench/analysis/prim.py).
package prim

import (
	"errors"
	"fmt"
	"math"
)

// Default values of the fields of Options left at zero.
const (
	DefaultPeel    = 0.05
	DefaultPaste   = 0.05
	DefaultMinMass = 0.05
)

// Options tune Find; a zero field takes its default.
type Options struct {
	// Peel is α, the fraction of the box's cases a peel removes, in (0, 1).
	Peel float64
	// Paste is α_paste, the fraction of the box's cases a paste adds back,
	// in (0, 1]; a negative value switches pasting off.
	Paste float64
	// MinMass is the smallest fraction of all cases a box may hold, in
	// (0, 1].
	MinMass float64
}

// withDefaults returns o with its zero fields set to their defaults, or an
// error naming the first field out of its range.
func (o Options) withDefaults() (Options, error) {
	if o.Peel == 0 {
		o.Peel = DefaultPeel
	}
	if o.Paste == 0 {
		o.Paste = DefaultPaste
	}
	if o.MinMass == 0 {
		o.MinMass = DefaultMinMass
	}
	switch {
	case !(o.Peel > 0 && o.Peel < 1):
		return o, fmt.Errorf("prim: peel fraction %g: want a value in (0, 1)", o.Peel)
	case !(o.Paste < 0 || o.Paste <= 1):
		return o, fmt.Errorf("prim: paste fraction %g: want a value in (0, 1], or negative to switch pasting off", o.Paste)
	case !(o.MinMass > 0 && o.MinMass <= 1):
		return o, fmt.Errorf("prim: minimum mass %g: want a value in (0, 1]", o.MinMass)
	}
	return o, nil
}

// Limit is one input's interval, both ends included.
type Limit struct {
	Lo, Hi float64
}

// Box is one step of a trajectory: the limits of every input and the
// measures of the cases inside.
type Box struct {
	// Limits holds each input's interval, for all d inputs; an input left
	// unrestricted has its data's minimum and maximum (Result.DataRange).
	Limits []Limit
	// Coverage is the fraction of the cases of interest that are inside,
	// Density the fraction of the cases inside that are of interest, and
	// Mass the fraction of all cases that are inside.
	Coverage, Density, Mass float64
	// Cases counts the cases inside and Interest the cases of interest
	// among them: the exact counts the fractions are made of.
	Cases, Interest int
	// Restricted lists, in increasing order, the inputs whose limits are
	// strictly inside the data's range at either end.
	Restricted []int
}

// Result is what Find returns.
type Result struct {
	// Trajectory is the sequence of boxes, each pasted; step 0 is the box
	// of all cases. Choose picks a step of it.
	Trajectory []Box
	// Peeled holds, step for step, the boxes of peeling before pasting;
	// its masses do not increase. With pasting off it equals Trajectory.
	Peeled []Box
	// DataRange holds each input's minimum and maximum over the cases.
	DataRange []Limit
}

// ErrNoInterest is returned by Find when no case is of interest: no trial
// reached the pathway, so there is no box to find.
var ErrNoInterest = errors.New("prim: no case is of interest (y is false in every case): there is no box to find")

// DataError is a problem with the data given to Find, with the input
// (column of x) and case (row) it concerns, or -1 where none applies.
type DataError struct {
	Input, Case int
	Problem     string
}

// Error reads "prim: input 3, case 17: NaN".
func (e *DataError) Error() string {
	switch {
	case e.Input >= 0 && e.Case >= 0:
		return fmt.Sprintf("prim: input %d, case %d: %s", e.Input, e.Case, e.Problem)
	case e.Input >= 0:
		return fmt.Sprintf("prim: input %d: %s", e.Input, e.Problem)
	}
	return "prim: " + e.Problem
}

// Find runs PRIM on n cases of d inputs. x is given input by input:
// x[j][i] is input j in case i, so every x[j] has n values; y[i] says
// whether case i is of interest. Infinite inputs are allowed; NaN is not.
// The data are not modified.
//
// Errors: a *DataError for no inputs, no cases, a column whose length is
// not len(y), or a NaN; ErrNoInterest when y is false throughout; an error
// naming the field for Options out of range.
func Find(x [][]float64, y []bool, opt Options) (*Result, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := check(x, y); err != nil {
		return nil, err
	}
	s := newSearch(x, y)
	r := &Result{DataRange: make([]Limit, len(x))}
	for j := range x {
		r.DataRange[j] = Limit{s.vals[j][0], s.vals[j][s.n-1]}
	}
	minCases := atLeast(opt.MinMass, s.n)
	first := s.box()
	r.Peeled = append(r.Peeled, first)
	r.Trajectory = append(r.Trajectory, first.clone())
	for s.interest < s.cases {
		m, ok := s.bestPeel(atLeast(opt.Peel, s.cases), minCases)
		if !ok {
			break
		}
		s.move(m)
		b := s.box()
		r.Peeled = append(r.Peeled, b)
		if opt.Paste > 0 {
			b = s.pasted(opt.Paste)
		} else {
			b = b.clone()
		}
		r.Trajectory = append(r.Trajectory, b)
	}
	return r, nil
}

// check returns the first problem of the data, or nil.
func check(x [][]float64, y []bool) error {
	if len(x) == 0 {
		return &DataError{Input: -1, Case: -1, Problem: "no inputs"}
	}
	if len(y) == 0 {
		return &DataError{Input: -1, Case: -1, Problem: "no cases"}
	}
	if len(y) > math.MaxInt32 {
		return &DataError{Input: -1, Case: -1, Problem: fmt.Sprintf("%d cases: at most %d", len(y), math.MaxInt32)}
	}
	for j, col := range x {
		if len(col) != len(y) {
			return &DataError{Input: j, Case: -1, Problem: fmt.Sprintf("%d cases, want %d (the length of y)", len(col), len(y))}
		}
	}
	for j, col := range x {
		for i, v := range col {
			if math.IsNaN(v) {
				return &DataError{Input: j, Case: i, Problem: "NaN"}
			}
		}
	}
	for _, v := range y {
		if v {
			return nil
		}
	}
	return ErrNoInterest
}

// atLeast is ⌈frac·m⌉, at least 1. The product is nudged down by a
// relative 1e-12 first, so that a fraction that is a round number in
// decimal (0.05·60 = 3.0000000000000004 in binary) does not take a case
// more than it says.
func atLeast(frac float64, m int) int {
	return max(1, int(math.Ceil(frac*float64(m)*(1-1e-12))))
}

// clone returns a copy of b that shares no slice with it.
func (b Box) clone() Box {
	c := b
	c.Limits = append([]Limit(nil), b.Limits...)
	c.Restricted = append([]int(nil), b.Restricted...)
	return c
}
