// Package bargain computes the bargaining geometry of one track of a
// negotiation over a negotiable space: whether some package is better for
// every party with a veto than walking away, the Pareto frontier of the
// parties' utilities, and the Nash and Kalai–Smorodinsky solutions on it.
// Its geometry (a Problem and the functions that solve it) is pure: it
// knows packages, utilities and reservations, not the simulation model
// they come from. AnalyseModel builds each track of a sim.Model into a
// Problem (Tracks), solves it, and says how likely a zone of agreement is
// over the model's trials and where the model's packages lie: the
// analysis of peacesim bargain.
//
// # Definitions
//
// A Problem is a space X of packages (a space.Space: each issue a number
// in [Lo, Hi] or one of a set of values) and the parties whose consent a
// deal needs. Party i has a utility U_i(x), −Inf where one of its red lines
// vetoes x, and a reservation utility R_i, what walking away is worth to it
// (its BATNA). Its surplus at x is s_i(x) = U_i(x) − R_i.
//
//   - The zone of possible agreement (Raiffa 1982) is
//     F = {x ∈ X : s_i(x) ≥ 0 for every i}. When it is empty no proposal on
//     this track can be signed, however it is worded: a mediator first has
//     to change what the parties compare it with (link another track, add a
//     side payment, wait for a reservation to fall). ZOPA answers with the
//     package that maximises min_i s_i(x), the deal that leaves its least
//     satisfied party furthest above walking away, which is the proposal
//     most robust to a misjudged reservation; when F is empty the same
//     number, now negative, says how far the track is from a deal.
//   - The Pareto frontier is the set of utility vectors U(x), x vetoed by
//     no one, that no other package improves for one party without making
//     another worse off. A proposal inside it leaves value on the table
//     that every party would rather share; DistanceToFrontier measures how
//     much.
//   - The Nash solution (Nash 1950) maximises Π_i s_i(x) over F. It is the
//     one rule that is Pareto-efficient, symmetric, independent of the
//     scale of each party's utility and of irrelevant alternatives. For a
//     mediator it is the package where a concession worth 1% of one
//     party's surplus costs the other parties 1% of theirs in total: no
//     party can argue that a small move its way gains it proportionally
//     more than it costs the rest.
//   - The Kalai–Smorodinsky solution (Kalai and Smorodinsky 1975) gives
//     every party the same fraction of the most it could hope for. With
//     I_i = max_{x ∈ F} U_i(x), party i's ideal, it maximises
//     min_i s_i(x)/(I_i − R_i). It drops Nash's independence of irrelevant
//     alternatives for monotonicity: new deals that give one party more
//     for whatever the others get, their ideals unchanged, never leave it
//     worse off. Its fairness
//     argument ("each of you gets 62% of your best case") is one a
//     mediator can state and the parties can check.
//
// On the textbook split of a unit, where x is A's share, U_A = x,
// U_B = √(1 − x) and both reservations are 0, Nash gives A 2/3 and
// Kalai–Smorodinsky gives A (√5 − 1)/2 ≈ 0.618.
//
// # Computation
//
// Each function evaluates the utilities on a grid over the space (every
// value of each discrete issue, Options.Grid evenly spaced values of each
// continuous one, fewer when the grid would exceed Options.MaxPoints), then
// refines the best Options.Starts grid points of distinct basins with
// gonum's Nelder–Mead simplex over the continuous issues, the discrete ones
// held at the start's values. The simplex moves on the real line, which
// is folded onto each issue's [Lo, Hi] by reflection at the bounds, so it
// needs no constraints and still reaches a bound exactly. A package outside F, or vetoed, scores below every
// package inside, so the simplex walks back in. Nothing is random: the
// same Problem and Options give the same answer.
//
// # References
//
// J. F. Nash (1950), "The bargaining problem", Econometrica 18(2):155–162.
//
// E. Kalai and M. Smorodinsky (1975), "Other solutions to Nash's
// bargaining problem", Econometrica 43(3):513–518.
//
// H. Raiffa (1982), The Art and Science of Negotiation, Harvard University
// Press: reservation values and the zone of possible agreement.
package bargain

import (
	"errors"
	"fmt"
	"math"

	"github.com/peacesim/peacesim/study/space"
)

// Party is a party whose consent a deal on the track needs.
type Party struct {
	// Name is the party's id, used in errors.
	Name string
	// Utility is what the package x (one value per issue of the space) is
	// worth to the party, roughly in [0, 1] and below 0 with penalties;
	// −Inf when one of its red lines vetoes x (NaN counts as a veto too).
	// It must not keep or modify x, and is called from one goroutine.
	Utility func(x []float64) float64
	// Reservation is what walking away is worth to the party: it signs
	// only a package with Utility ≥ Reservation.
	Reservation float64
}

// Problem is one track of a negotiation: the issues that may move and
// the parties that must consent.
type Problem struct {
	// Space is the negotiable issues.
	Space space.Space
	// Parties are the parties with a veto, in the order of Point.U.
	Parties []Party
}

// Point is a package and what it is worth to each party.
type Point struct {
	// X is the package: one value per issue of the space.
	X []float64
	// U is each party's utility at X, in the order of Problem.Parties.
	U []float64
}

// Options tune the search. The zero value asks for the defaults.
type Options struct {
	// Grid is the number of evenly spaced values of each continuous issue
	// on the initial grid (DefaultGrid when 0), lowered as far as needed
	// to keep the grid within MaxPoints.
	Grid int
	// MaxPoints bounds the number of packages on the grid, all
	// combinations of discrete values included (DefaultMaxPoints when 0).
	MaxPoints int
	// Starts is the number of grid points, from distinct basins, that
	// Nelder–Mead refines (DefaultStarts when 0); negative keeps the best
	// grid point unrefined.
	Starts int
}

// Defaults of Options. A grid of 21 values puts a grid point within 2.5%
// of an issue's range of any optimum, close enough for a start from
// which the simplex converges in a few dozen evaluations; five starts
// cover a track whose utilities have a few local optima (one per
// combination of a discrete issue that matters, typically).
const (
	DefaultGrid      = 21
	DefaultMaxPoints = 200_000
	DefaultStarts    = 5
)

func (o Options) withDefaults() Options {
	if o.Grid == 0 {
		o.Grid = DefaultGrid
	}
	if o.MaxPoints == 0 {
		o.MaxPoints = DefaultMaxPoints
	}
	if o.Starts == 0 {
		o.Starts = DefaultStarts
	}
	return o
}

// Check reports every reason the functions of the package would refuse p
// with opt (each then returns ok = false or no points): an ill-formed
// space, no parties, a party without a utility or with a NaN reservation,
// or more combinations of discrete values than opt.MaxPoints allows.
func (p Problem) Check(opt Options) error {
	_, err := gridSize(p, opt.withDefaults())
	return err
}

// gridSize validates p and returns the number of grid values of each
// continuous issue.
func gridSize(p Problem, opt Options) (int, error) {
	var errs []error
	if err := p.Space.Check(); err != nil {
		errs = append(errs, err)
	}
	if len(p.Parties) == 0 {
		errs = append(errs, errors.New("no parties: a bargaining problem needs at least one party whose consent counts"))
	}
	for i, pt := range p.Parties {
		if pt.Utility == nil {
			errs = append(errs, fmt.Errorf("party %d (%s): no utility function", i, pt.Name))
		}
		if math.IsNaN(pt.Reservation) {
			errs = append(errs, fmt.Errorf("party %d (%s): reservation is NaN", i, pt.Name))
		}
	}
	if opt.Grid < 1 || opt.MaxPoints < 1 {
		errs = append(errs, fmt.Errorf("options: grid %d and max points %d must be positive", opt.Grid, opt.MaxPoints))
	}
	if len(errs) > 0 {
		return 0, errors.Join(errs...)
	}
	combos, free := 1, 0
	for _, d := range p.Space {
		switch {
		case d.Discrete():
			if combos > opt.MaxPoints/len(d.Values) {
				return 0, fmt.Errorf("the discrete issues have more than %d combinations of values: raise MaxPoints or fix some issues", opt.MaxPoints)
			}
			combos *= len(d.Values)
		case d.Hi > d.Lo:
			free++
		}
	}
	// The largest n ≤ Grid with combos·n^free ≤ MaxPoints.
	n := opt.Grid
	for ; n > 1; n-- {
		total := combos
		for range free {
			if total > opt.MaxPoints/n {
				total = opt.MaxPoints + 1
				break
			}
			total *= n
		}
		if total <= opt.MaxPoints {
			break
		}
	}
	if free > 0 && n < 2 {
		return 0, fmt.Errorf("%d combinations of discrete values × 2^%d continuous grid points exceed MaxPoints %d: raise MaxPoints or fix some issues", combos, free, opt.MaxPoints)
	}
	return n, nil
}
