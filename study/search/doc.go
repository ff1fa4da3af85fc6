// Package search looks for packages in a negotiable space (package space):
// the best packages by an objective (Maximize), and the smallest change to
// a base package that makes the objective reach a target (SmallestRepair).
// The search is pure: it knows nothing of the simulation model or of
// files, and sees the model only through an Objective that scores a batch
// of points.
//
// Optimize and RepairModel (model.go) are the search of a sim.Model, as
// peacesim optimize runs it: the space is the model's negotiable issues
// (bargain.Negotiable, bargain.Dims), every other issue as the base
// package has it, and the objective scores a batch of candidate packages
// as the packages of one sim.Run, every one on the same trials, or as
// their expected Nash product over the trials' draws
// (bargain.TrialDraws). Only that file imports sim.
//
// # The objective it is built for
//
// The objective is a probability estimated on a fixed set of Monte Carlo
// trials with common random numbers: the same point always has the same
// value, but as one continuous issue moves, trial outcomes flip one by one
// at their thresholds, so the objective is piecewise constant, with many
// small steps and no useful gradient. Scoring many points on the same
// trials at once is much cheaper than one by one, so every step of the
// search that can be written as a batch is one.
//
// # Maximize
//
//  1. Initial design, one batch: the base and the grid of every value of
//     each discrete issue × Options.Grid evenly spaced values of each
//     continuous one (space.Space.Grid); when that grid holds more than
//     min(MaxBatch, MaxEvals/4) points, a Latin hypercube of that many
//     points instead (gonum stat/samplemv.LatinHypercube, seeded by
//     Options.Seed), a discrete issue taking the value in whose
//     equal-width slice of [0, 1) its coordinate falls.
//  2. Starts: the base, because the caller wants improvements near the
//     status quo, and the Starts − 1 best other points of the design. Each
//     start gets an equal share of the budget left; a share it does not
//     use passes to the next.
//  3. Local search from each start, in sweeps until a sweep improves
//     nothing and every step is below 1e-9 of its range:
//     (a) coordinate search over each discrete issue: all its values in one
//     batch, the best taken if strictly better;
//     (b) a line scan of each continuous issue: 21 evenly spaced values of
//     the window [x − h, x + h] ∩ [Lo, Hi] in one batch, the best taken if
//     strictly better. The half-width h starts at the whole range (the
//     first scan of an issue sees all of it) and then becomes two scan
//     spacings around the point kept, a zoom by 5 per sweep, unless the
//     best was at an end of the window inside the range, when h doubles
//     to follow a slope. This batched pattern search is the main engine
//     because it needs no slope, only comparisons, so plateaus do not
//     stall it, and each move costs one call of the objective;
//     (c) Nelder–Mead (gonum optimize.NelderMead) over the continuous
//     issues, when there are two or more, through the bounded transform
//     x = Lo + (Hi − Lo)·(1 + tanh z)/2, with at most 50·(n + 1) points,
//     called when the scans stop improving or improve only with steps
//     below 1e-3 of every range: the signature of a ridge oblique to the
//     axes, which coordinate moves climb only in tiny zigzags and which
//     Nelder–Mead follows. It asks for one point per call and stalls on
//     plateaus, so it only polishes, within Options.PolishEvals points
//     over the whole search (default a quarter of the budget; negative
//     switches it off); when it moves, the scans resume around the new
//     point with steps of at least 5% of each range.
//  4. The Top best distinct points evaluated, best first; ties go to the
//     smaller space.Space.Distance to the base, then to the
//     lexicographically smaller point.
//
// Every point is evaluated at most once (the values are remembered), the
// number of evaluations counts distinct points, and a batch is cut to the
// budget left, so a search never evaluates more than MaxEvals points.
//
// # SmallestRepair
//
// The smallest change is the one that changes the fewest issues, then the
// one at the smallest normalised distance (space.Space.Distance). For
// k = 1, 2, … up to Options.MaxChanged (default 3: the number of subsets
// grows as the binomial coefficient, and a package that moves more issues
// is seldom a repair a negotiator would call small), every subset of k
// movable issues in lexicographic order is searched as in Maximize with
// the other issues fixed at the base, stopping as soon as a point reaches
// the target. Each k gets an equal share of the budget left, and each
// subset an equal share of its k's. From the point reaching the target
// nearest the base, the repair shrinks toward the base, in rounds:
//
//   - each discrete issue takes the value nearest the base that still
//     reaches the target (all nearer values in one batch), first because
//     a level back is a large step, most likely allowed while the
//     continuous issues are still far out;
//   - the continuous issues move jointly along the segment from the base
//     to the point, to the first point of the segment reaching the target
//     (this finds, say, a pair of issues that must move in step);
//   - then each continuous issue alone, to the first value reaching the
//     target on the segment from its base value;
//
// repeated while a round moves the point (at most 10 rounds), because
// moving one issue back may let another move back too. The objective is
// not monotone along a segment, so "first" is found by a scan, not a
// bisection: 21 points of the bracket in one batch, the bracket narrowed
// to the spacing before the first point that reaches the target, until it
// is below 1e-9 of normalised distance. A region reaching the target narrower than a scan's
// spacing, nearer the base than the one found, can be missed. Every point
// a repair moves to has been evaluated and reaches the target, so
// Repair.Value ≥ target always. The search stops at the first k with a
// repair; the one at the smallest distance is returned. The shrinking is
// greedy, from one point: it finds a local minimum of the distance on the
// region reaching the target, not always the global one.
//
// # Cost
//
// On a step objective of 1000 trials over three continuous issues and one
// ordinal (BenchmarkMaximize), Maximize with the default options
// evaluates 5,495 points in 1,888 calls of the objective, 1,685 of them
// Nelder–Mead's single points, in 60 to 75 ms on a 2 GHz Xeon, over half
// of it the objective's. On that objective the polish changes nothing
// (0.688 either way, 170 calls without it); on a ridge oblique to the
// axes (TestNelderMeadPolish) the scans alone fall short. A caller whose
// single calls cost nearly a batch's sets PolishEvals < 0.
// SmallestRepair to a target that needs three issues changed
// (BenchmarkSmallestRepair) evaluates about 16,000 points in about 0.2 s.
//
// # Determinism
//
// Everything is a function of the inputs and Options.Seed: the designs,
// the order of the subsets and of the scans, and every tie, broken by
// distance to the base and then by the coordinates. The objective is
// called from one goroutine at a time.
package search
