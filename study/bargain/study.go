package bargain

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study"
)

// ModelOptions are the inputs of the bargaining analysis of a model
// (AnalyseModel), beyond the engine's options of the trials it draws.
type ModelOptions struct {
	// Package is the index of the model's package whose values the
	// issues that do not move keep.
	Package int
	// Expected scores the parties' utilities and reservations in
	// expectation over the trials (ExpectedScorer) rather than at nominal
	// values, every input at its mean (NominalScorer).
	Expected bool
	// Grid is the number of values of each numeric issue on the search's
	// first grid (Options.Grid), in [2, MaxGrid]: DefaultGrid serves
	// most tracks.
	Grid int
}

// MaxGrid is the most values of a numeric issue ModelOptions.Grid may
// ask for: finer than a thousandth of an issue's range, a grid only costs
// time, the refinement reaching the optimum from a coarser one.
const MaxGrid = 1001

const (
	// zopaGrid is the number of values of each numeric issue of the
	// sample of the negotiable space on which each trial's zone of
	// agreement is looked for, and zopaPoints the most points of that
	// sample.
	zopaGrid   = 5
	zopaPoints = 4000
	// expectedMaxPoints bounds the grid in expectation (Options.MaxPoints),
	// each utility there being a mean over the trials.
	expectedMaxPoints = 2000
)

// The modes of an analysis, as ModelAnalysis.Mode and the tables name them.
const (
	Nominal  = "nominal"
	Expected = "expected"
)

// Mode is Expected or Nominal.
func (o ModelOptions) Mode() string {
	if o.Expected {
		return Expected
	}
	return Nominal
}

// Check reports, as an *study.InputError, why AnalyseModel would refuse
// o on m: a grid out of range, a package m does not have, a model without
// a negotiable issue, or without a track that has both negotiable issues
// and a veto party with a stake on it.
func (o ModelOptions) Check(m *sim.Model) error {
	if o.Grid < 2 || o.Grid > MaxGrid {
		return study.Inputf("Grid", "must be in [2, %d], got %d", MaxGrid, o.Grid)
	}
	if o.Package < 0 || o.Package >= len(m.Packages) {
		return study.Inputf("Package", "scenario %s has no package %d: it has %d", m.ID, o.Package, len(m.Packages))
	}
	if err := CheckNegotiable(m); err != nil {
		return err
	}
	for t := range m.Tracks {
		if issues, parties := members(m, t); len(issues) > 0 && len(parties) > 0 {
			return nil
		}
	}
	return &study.InputError{Msg: fmt.Sprintf("scenario %s: no track has both negotiable issues and a veto party with a stake on it", m.ID)}
}

// CheckNegotiable reports a model without a negotiable issue, which
// neither a bargaining analysis nor a package search can move, as an
// *study.InputError.
func CheckNegotiable(m *sim.Model) error {
	if len(Negotiable(m)) > 0 {
		return nil
	}
	how := "in the file"
	if len(m.Issues) > 0 {
		// A key path moves an issue without editing the file.
		how += fmt.Sprintf(" or with --set 'issues.%s.negotiable=…'", m.Issues[0].ID)
	}
	msg := fmt.Sprintf("scenario %s has no negotiable issue: give some issues negotiable = [lo, hi], a list of levels or true, %s (docs/model.md#negotiable)", m.ID, how)
	return &study.InputError{Msg: msg}
}

// ModelAnalysis is the bargaining analysis of every track of a model that
// has negotiable issues and a veto party with a stake on it.
type ModelAnalysis struct {
	// Package is the index of the package the issues that do not move
	// keep, and Mode Nominal or Expected.
	Package int
	Mode    string
	// Trials and Seed are the trials drawn: those behind each ZOPA's
	// probability and, in Expected mode, behind every utility.
	Trials int64
	Seed   uint64
	// Parties are the indices of the model's veto parties, in order:
	// every track's parties are among them.
	Parties []int
	// Issues are the indices of the model's negotiable issues, in order:
	// every track's issues are among them.
	Issues []int
	// Tracks are the tracks analysed, in the model's order.
	Tracks []TrackAnalysis
}

// TrackAnalysis is the bargaining analysis of one track: its geometry
// (Analysis, at the analysis's mode), how likely a zone of agreement is
// over the trials, and where each of the model's packages lies.
type TrackAnalysis struct {
	// Track is the bargaining problem: the track, its negotiable issues
	// and its veto parties, in the order of every slice below.
	Track Track
	Analysis
	// Reservations are the parties' reservations on the track.
	Reservations []float64
	// ZOPA is the share of the trials in which a package of a sample of
	// the negotiable space (5 values of each number, every level) leaves
	// every party at or above its reservation, with that trial's draws
	// (ZOPAProbability): a lower bound, with its Wilson 95% interval.
	ZOPA sim.Proportion
	// Packages are the model's packages on the track, in its order.
	Packages []PackageScore
}

// PackageScore is where one of the model's packages lies on a track.
type PackageScore struct {
	// Utilities are the parties' utilities of the package.
	Utilities []float64
	// Acceptable reports every party at or above its reservation and
	// none of its hard red lines broken.
	Acceptable bool
	// DistanceFrontier is the distance from the package's utilities to
	// the frontier (DistanceToFrontier), DistanceNash the Euclidean
	// distance to the Nash solution's; NaN when the track has no
	// frontier, or no Nash solution.
	DistanceFrontier, DistanceNash float64
}

// AnalyseModel analyses each track of m as a bargaining problem between
// its veto parties with a stake on it, over its negotiable issues, every
// other issue as package o.Package has it (Tracks): its zone of possible
// agreement, Pareto frontier and Nash and Kalai–Smorodinsky solutions
// (Analyse), how likely a zone of agreement is over the trials of opt,
// and where each of the model's packages lies. Options it cannot honour
// are an *study.InputError (Check).
func AnalyseModel(ctx context.Context, m *sim.Model, opt sim.Options, o ModelOptions) (*ModelAnalysis, error) {
	if err := o.Check(m); err != nil {
		return nil, err
	}
	draws, err := TrialDraws(ctx, m, opt)
	if err != nil {
		return nil, err
	}
	// With evidence, nominal values are the posterior's means, and the
	// draws the kept trials' (TrialDraws).
	nominal := NominalValues(m, draws)
	sc, bopt := scorerAt(m, nominal), Options{Grid: o.Grid}
	if o.Expected {
		sc, bopt.MaxPoints = expectedScorer(m, draws, nominal), expectedMaxPoints
	}
	a := &ModelAnalysis{Package: o.Package, Mode: o.Mode(), Trials: int64(draws.Trials()), Seed: opt.Seed,
		Parties: vetoParties(m), Issues: Negotiable(m)}
	for _, tr := range Tracks(m, o.Package, sc) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ta, err := analyseTrack(m, tr, sc, draws, bopt)
		if err != nil {
			return nil, fmt.Errorf("track %s: %w", m.Tracks[tr.Track], err)
		}
		a.Tracks = append(a.Tracks, ta)
	}
	return a, nil
}

// vetoParties are the indices of m's veto parties.
func vetoParties(m *sim.Model) []int {
	var out []int
	for p, party := range m.Parties {
		if party.Veto {
			out = append(out, p)
		}
	}
	return out
}

// analyseTrack analyses one track's problem with opt, its zone of
// agreement over the draws, and the model's packages on it.
func analyseTrack(m *sim.Model, tr Track, sc Scorer, d Draws, opt Options) (TrackAnalysis, error) {
	a, err := Analyse(tr.Problem, opt)
	if err != nil {
		return TrackAnalysis{}, err
	}
	ta := TrackAnalysis{Track: tr, Analysis: a, Reservations: make([]float64, len(tr.Parties))}
	for j, p := range tr.Problem.Parties {
		ta.Reservations[j] = p.Reservation
	}
	points, _ := tr.Problem.Space.Grid(zopaGrid, zopaPoints)
	if points == nil {
		points, _ = tr.Problem.Space.Grid(2, zopaPoints)
	}
	ta.ZOPA = sim.NewProportion(ZOPAProbability(m, &tr, d, points))
	for _, pkg := range m.Packages {
		ta.Packages = append(ta.Packages, ta.score(sc, pkg.Values))
	}
	return ta, nil
}

// score places the package of the model's values on the track.
func (ta *TrackAnalysis) score(sc Scorer, values []float64) PackageScore {
	tr := &ta.Track
	s := PackageScore{Utilities: make([]float64, len(tr.Parties)), Acceptable: true,
		DistanceFrontier: math.NaN(), DistanceNash: math.NaN()}
	for j, p := range tr.Parties {
		u, vetoed := sc.Utility(p, tr.Track, values)
		s.Utilities[j] = u
		s.Acceptable = s.Acceptable && !vetoed && u >= ta.Reservations[j]
	}
	if len(ta.Frontier) > 0 {
		s.DistanceFrontier = DistanceToFrontier(ta.Frontier, s.Utilities)
	}
	if ta.HasZOPA {
		var d float64
		for j, u := range s.Utilities {
			d += (u - ta.Nash.U[j]) * (u - ta.Nash.U[j])
		}
		s.DistanceNash = math.Sqrt(d)
	}
	return s
}

// members are the track's negotiable issues and its veto parties with a
// stake on it.
func members(m *sim.Model, t int) (issues, parties []int) {
	for _, i := range Negotiable(m) {
		if m.Issues[i].Track == t {
			issues = append(issues, i)
		}
	}
	for p, party := range m.Parties {
		if party.Veto && party.Reservation[t] >= 0 && slices.ContainsFunc(party.Stakes, func(s sim.Stake) bool { return m.Issues[s.Issue].Track == t }) {
			parties = append(parties, p)
		}
	}
	return issues, parties
}
