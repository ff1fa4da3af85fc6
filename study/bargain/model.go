package bargain

import (
	"context"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"

	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/space"
)

// Scorer is how a bargaining analysis of a model scores a package for a
// party on a track: its utility and whether a hard red line vetoes it, and
// the party's reservation there.
type Scorer struct {
	Utility     func(p, t int, values []float64) (u float64, vetoed bool)
	Reservation func(p, t int) float64
}

// NominalScorer scores at nominal values: every uncertain input at its
// mean (sim.Model.Utility with Model.Mean).
func NominalScorer(m *sim.Model) Scorer { return scorerAt(m, m.Mean) }

// scorerAt scores with every input at the value param gives it.
func scorerAt(m *sim.Model, param func(i int) float64) Scorer {
	return Scorer{
		Utility:     func(p, t int, x []float64) (float64, bool) { return m.Utility(p, t, x, param) },
		Reservation: func(p, t int) float64 { return m.Reservation(p, t, param) },
	}
}

// NominalValues is the value a nominal analysis of m gives each input: its
// mean; with evidence, its mean over the trials the evidence keeps, d
// (TrialDraws): the posterior's mean (docs/model.md#evidence).
func NominalValues(m *sim.Model, d Draws) func(i int) float64 {
	if len(m.Evidence) == 0 {
		return m.Mean
	}
	means := make([]float64, len(m.Params))
	for i := range means {
		means[i] = m.Mean(i)
		if len(d[i]) > 0 {
			means[i] = stat.Mean(d[i], nil)
		}
	}
	return func(i int) float64 { return means[i] }
}

// Draws are the values of every Param of a model in each of a run's
// trials: Draws[i][s] is Param i in trial s.
type Draws [][]float64

// TrialDraws runs the trials of opt and records every Param's draws. A
// factor's step in a timeline, drawn afresh each round, has none (nil):
// the bargaining problem is that of the first round, whose reservations
// take the factors' values before any step. With evidence, the draws are
// those of the trials it keeps (evidence that weighs trials is an error
// wrapping sim.ErrWeighted).
func TrialDraws(ctx context.Context, m *sim.Model, opt sim.Options) (Draws, error) {
	var once []int
	for i := range m.Params {
		if !m.IsStep(i) {
			once = append(once, i)
		}
	}
	out, d, err := sim.Trials(ctx, m, opt, once)
	if err != nil {
		return nil, err
	}
	// With evidence, the trials it keeps: an expectation over them is the
	// posterior's (docs/model.md#evidence).
	keep, err := out.Kept(m)
	if err != nil {
		return nil, err
	}
	all := make(Draws, len(m.Params))
	for j, i := range once {
		all[i] = d[j]
		if out.Weight != nil {
			kept := make([]float64, len(keep))
			for k, e := range keep {
				kept[k] = d[j][e]
			}
			all[i] = kept
		}
	}
	return all, nil
}

// Trials is the number of trials drawn.
func (d Draws) Trials() int {
	for _, x := range d {
		if x != nil {
			return len(x)
		}
	}
	return 0
}

// ExpectedScorer scores in expectation over the trials' draws: a party's
// utility is the mean of its utility over the trials (salience at its
// nominal weights), its reservation the mean of its reservations; a hard
// red line vetoes where it does at nominal values.
func ExpectedScorer(m *sim.Model, d Draws) Scorer {
	return expectedScorer(m, d, m.Mean)
}

// expectedScorer is ExpectedScorer with a hard red line's veto decided at
// the values nominal gives.
func expectedScorer(m *sim.Model, d Draws, nominal func(i int) float64) Scorer {
	S := d.Trials()
	return Scorer{
		Utility: func(p, t int, x []float64) (float64, bool) {
			_, vetoed := m.Utility(p, t, x, nominal)
			var sum float64
			for s := range S {
				u, _ := m.Utility(p, t, x, func(i int) float64 { return d[i][s] })
				sum += u
			}
			return sum / float64(S), vetoed
		},
		Reservation: func(p, t int) float64 {
			var sum float64
			for s := range S {
				sum += m.Reservation(p, t, func(i int) float64 { return d[i][s] })
			}
			return sum / float64(S)
		},
	}
}

// Track is the bargaining problem of one track of a model: its negotiable
// issues, the veto parties with a stake on it, and their utilities over
// the issues, every other issue as the base package has it.
type Track struct {
	// Track is the index of the model's track.
	Track int
	// Issues are the indices of the model's issues that move: the track's
	// negotiable issues, a Dim of Problem.Space each, in order.
	Issues []int
	// Parties are the indices of the model's veto parties with a stake on
	// the track, a Party of Problem each, in order.
	Parties []int
	// Base is the base package's values of every issue.
	Base    []float64
	Problem Problem
}

// Package returns the model's values of every issue for a point x of the
// track's negotiable space: the base package with the track's issues set.
func (tr *Track) Package(x []float64) []float64 {
	v := slices.Clone(tr.Base)
	for j, i := range tr.Issues {
		v[i] = x[j]
	}
	return v
}

// Dims returns the negotiable space of a model's issues: a number's
// [lo, hi], an ordinal's or bool's allowed level indices.
func Dims(m *sim.Model, issues []int) space.Space {
	s := make(space.Space, len(issues))
	for j, i := range issues {
		is := &m.Issues[i]
		d := space.Dim{Name: is.ID, Lo: is.Negotiable.Lo, Hi: is.Negotiable.Hi}
		if is.Kind != sim.Number {
			for _, l := range is.Negotiable.Levels {
				d.Values = append(d.Values, float64(l))
			}
		}
		s[j] = d
	}
	return s
}

// Negotiable lists the indices of the model's negotiable issues.
func Negotiable(m *sim.Model) []int {
	var out []int
	for i, is := range m.Issues {
		if is.Negotiable != nil {
			out = append(out, i)
		}
	}
	return out
}

// Tracks builds the bargaining problem of every track of m that has
// negotiable issues and veto parties with a stake on it, around package
// base, scored by sc.
func Tracks(m *sim.Model, base int, sc Scorer) []Track {
	var out []Track
	for t := range m.Tracks {
		tr := Track{Track: t, Base: m.Packages[base].Values}
		tr.Issues, tr.Parties = members(m, t)
		if len(tr.Issues) == 0 || len(tr.Parties) == 0 {
			continue
		}
		tr.Problem.Space = Dims(m, tr.Issues)
		for _, p := range tr.Parties {
			p, t, trc := p, t, tr
			tr.Problem.Parties = append(tr.Problem.Parties, Party{
				Name: m.Parties[p].ID,
				Utility: func(x []float64) float64 {
					u, vetoed := sc.Utility(p, t, trc.Package(x))
					if vetoed {
						return math.Inf(-1)
					}
					return u
				},
				Reservation: sc.Reservation(p, t),
			})
		}
		out = append(out, tr)
	}
	return out
}

// ZOPAProbability is the share of the trials of d in which some point of
// points (the track's negotiable space, sampled) leaves every party of the
// track at or above its reservation, with no hard red line broken: how
// likely a zone of possible agreement is, given the draws. It is a lower
// bound, the points being a sample of the space.
func ZOPAProbability(m *sim.Model, tr *Track, d Draws, points [][]float64) (count, trials int64) {
	S := d.Trials()
	pkgs := make([][]float64, len(points))
	for g, x := range points {
		pkgs[g] = tr.Package(x)
	}
	res := make([]float64, len(tr.Parties))
	for s := range S {
		param := func(i int) float64 { return d[i][s] }
		for j, p := range tr.Parties {
			res[j] = m.Reservation(p, tr.Track, param)
		}
		for _, v := range pkgs {
			ok := true
			for j, p := range tr.Parties {
				u, vetoed := m.Utility(p, tr.Track, v, param)
				if vetoed || u < res[j] {
					ok = false
					break
				}
			}
			if ok {
				count++
				break
			}
		}
	}
	return count, int64(S)
}
