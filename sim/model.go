// Package sim is peacesim's model of a peace negotiation and its Monte Carlo
// engine: a compiled, index-based Model of issues, parties, factors, packages
// and outcome pathways; the distributions of its uncertain inputs; the
// evaluation of one trial; and the deterministic parallel runner whose
// aggregates are identical for any number of workers.
//
// A party p's utility for package x on track T is
//
//	U(p, T) = Σ_{i∈T} w_i·u_i(x_i) / Σ_{i∈T} w_i  −  Σ_{r on T} λ_r·[r violated]
//
// and p accepts T when U(p, T) ≥ R(p, T) and no hard red line on T is
// violated. A trial's outcome is the first pathway whose parties accept all
// of its tracks (docs/model.md#utility, docs/model.md#pathways).
//
// The engine runs in steps, each in a file of its own: layout.go
// precomputes what does not change between trials; draw.go draws a block
// of trials' inputs; score.go computes each package's outcome on them,
// first the utilities (which do not depend on reservations), then the
// decisions and the pathway reached; a blockSink takes the outcome —
// tally.go counts it into an Aggregate, evaluations.go records it trial by
// trial; run.go holds the one trial loop that every run and study uses.
//
// sim knows nothing of TOML, CSV or the command line: package scenarios
// compiles a scenario file into a Model and package results writes a Result.
package sim

import (
	"encoding/json"
	"slices"
	"strconv"
	"time"
)

// IssueKind is the kind of value an issue takes.
type IssueKind uint8

// The kinds of issue.
const (
	// Number is a real in [Lo, Hi], e.g. a troop cap in thousands.
	Number IssueKind = iota
	// Ordinal is one of ordered Levels, e.g. NATO member / deferred / renounced.
	Ordinal
	// Bool is false or true; its Levels are ["false", "true"] so that a
	// package stores a bool as the level index 0 or 1.
	Bool
)

// String returns the kind as the scenario file spells it.
func (k IssueKind) String() string {
	switch k {
	case Number:
		return "number"
	case Ordinal:
		return "ordinal"
	case Bool:
		return "bool"
	}
	return "unknown"
}

// Issue is one dimension of a deal.
type Issue struct {
	ID    string
	Label string
	// Track is the index into Model.Tracks of the track the issue belongs to.
	Track int
	Kind  IssueKind
	// Unit and [Lo, Hi] describe a Number issue.
	Unit   string
	Lo, Hi float64
	// Levels are the ordered values of an Ordinal issue ("false", "true" for Bool).
	Levels []string
	// Negotiable is how far the issue may move in bargaining analysis and
	// package search (docs/model.md#negotiable); nil when it stays as a
	// package has it.
	Negotiable *Negotiable
}

// FormatValue writes a value of the issue as a scenario writes it: a
// number to six significant digits (630, 0.81194), a level by its name
// (de_facto_russian, true). A level index the issue does not have is
// written as the number it is, so that a bad value reads as one.
func (is *Issue) FormatValue(x float64) string {
	if is.Kind == Number {
		return strconv.FormatFloat(x, 'g', 6, 64)
	}
	if l := int(x); l >= 0 && l < len(is.Levels) && float64(l) == x {
		return is.Levels[l]
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// Negotiable is the part of an issue's values a bargaining analysis or a
// package search may choose from: [Lo, Hi] within the range of a Number
// issue, or the indices of the Levels allowed, in order, for an Ordinal or
// Bool issue.
type Negotiable struct {
	Lo, Hi float64
	Levels []int
}

// Package is a proposal being scored: a value for every issue.
type Package struct {
	ID    string
	Label string
	// Values[i] is the value of Model.Issues[i]: the number itself for a
	// Number issue, the level index for an Ordinal issue, 0 or 1 for a Bool.
	Values []float64
	// Schedule[t] is the first round in which track t is on the table
	// (docs/model.md#timeline): before it, no party can accept the track.
	// nil puts every track on the table from round 1.
	Schedule []int `json:",omitempty"`
}

// OnTable is the first round in which track t of the package is on the
// table: 1 unless its Schedule says later.
func (p *Package) OnTable(t int) int {
	if p.Schedule == nil || p.Schedule[t] < 1 {
		return 1
	}
	return p.Schedule[t]
}

// Param is one numeric input of the model that may be uncertain: a
// reservation, a salience weight, a red-line threshold or penalty, a factor's
// value or an effect's coefficient. Every trial draws each Param once, so a
// single draw feeds every place that refers to it by index.
type Param struct {
	// Name is the input's TOML key path (docs/model.md#key-paths), e.g.
	// "parties.ukraine.reservation.framework" or "parties.ukraine.red_lines[0].min".
	Name string
	Dist Dist
}

// Party is a negotiating party with its stakes, red lines and reservations.
type Party struct {
	ID    string
	Label string
	// Veto marks the parties whose consent a deal needs.
	Veto bool
	// Reservation[t] is the index into Model.Params of the party's reservation
	// utility on track t, or -1 when the party has no stake on that track (it
	// is indifferent and accepts). Tracks that share one drawn reservation
	// share the index.
	Reservation []int
	// Concentration is the Dirichlet concentration with which salience weights
	// are resampled around their nominal values each trial; 0 keeps them fixed.
	Concentration float64
	Stakes        []Stake
	RedLines      []RedLine
}

// Stake is a party's interest in one issue: a salience weight and a utility
// shape mapping the issue's value to [0, 1].
type Stake struct {
	// Issue is the index into Model.Issues.
	Issue int
	// Weight is the index into Model.Params of the nominal salience weight.
	Weight int
	// CurveX (ascending) and CurveY describe a piecewise-linear utility for a
	// Number issue, clamped at both ends. best/worst is the two-point curve.
	CurveX, CurveY []float64
	// Values[level] is the utility of each level of an Ordinal or Bool issue.
	Values []float64
}

// Utility returns u(x) ∈ [0, 1] for a value of the stake's issue as a
// Package stores it.
func (s *Stake) Utility(x float64) float64 {
	if s.Values != nil {
		i := int(x)
		if i < 0 || i >= len(s.Values) {
			return 0
		}
		return s.Values[i]
	}
	n := len(s.CurveX)
	switch {
	case n == 0:
		return 0
	case x <= s.CurveX[0]:
		return s.CurveY[0]
	case x >= s.CurveX[n-1]:
		return s.CurveY[n-1]
	}
	for k := 1; k < n; k++ {
		if x <= s.CurveX[k] {
			x0, x1 := s.CurveX[k-1], s.CurveX[k]
			y0, y1 := s.CurveY[k-1], s.CurveY[k]
			if x1 == x0 {
				return y1
			}
			return y0 + (y1-y0)*(x-x0)/(x1-x0)
		}
	}
	return s.CurveY[n-1]
}

// RedLineKind is the form of a red line's constraint.
type RedLineKind uint8

// The kinds of red line.
const (
	// Min is violated when the package's value is below the threshold.
	Min RedLineKind = iota
	// Max is violated when the package's value is above the threshold.
	Max
	// Allowed is violated when an ordinal value is not among the allowed levels.
	Allowed
	// Require is violated when a bool differs from the required value.
	Require
)

// String returns the kind as the scenario file spells it.
func (k RedLineKind) String() string {
	switch k {
	case Min:
		return "min"
	case Max:
		return "max"
	case Allowed:
		return "allowed"
	case Require:
		return "require"
	}
	return "unknown"
}

// RedLine is a constraint a party places on one issue it has a stake in.
type RedLine struct {
	Label string
	// Issue is the index into Model.Issues.
	Issue int
	Kind  RedLineKind
	// Threshold is the index into Model.Params of a Min or Max threshold.
	Threshold int
	// Levels[level] reports whether a level satisfies an Allowed or Require
	// red line (Require true is Levels = [false, true]).
	Levels []bool
	// Hard makes a violation a veto of the red line's track.
	Hard bool
	// Penalty is the index into Model.Params of λ, the utility penalty on
	// the issue's track when a soft red line is violated; -1 when Hard.
	Penalty int
}

// Violated reports whether value x of the red line's issue breaks it, given
// the trial's drawn threshold for Min and Max red lines.
func (r *RedLine) Violated(x, threshold float64) bool {
	switch r.Kind {
	case Min:
		return x < threshold
	case Max:
		return x > threshold
	default:
		i := int(x)
		return i < 0 || i >= len(r.Levels) || !r.Levels[i]
	}
}

// Factor is an exogenous named random variable whose effects shift parties'
// reservations: battlefield momentum, sanctions pressure, escalation…
type Factor struct {
	ID    string
	Label string
	// Value is the index into Model.Params of the factor's value (in round
	// 1, with a timeline).
	Value   int
	Effects []Effect
	// Step is the index into Model.Params of the factor's step, or -1: in
	// every round r > 1 of a timeline a fresh draw of it is added to the
	// value of round r − 1 (docs/model.md#timeline). A step of
	// bernoulli(p) counts events. Its draws come from a stream of each
	// round's own, so it has no draw per trial.
	Step int
	// Bounds, if not nil, are [lo, hi] into which the value is clamped
	// after each step.
	Bounds []float64 `json:",omitempty"`
}

// Effect adds Coef × factor value to one party's reservation on the listed
// tracks (on = "reservation").
type Effect struct {
	// Party is the index into Model.Parties.
	Party int
	// Coef is the index into Model.Params of the coefficient.
	Coef int
	// Tracks lists the track indices affected; nil means every track.
	Tracks []int
}

// Pathway is an outcome rule: it matches a trial when every party in Parties
// accepts every track in Tracks. The first matching pathway is the outcome;
// the last pathway is the fallback, with no tracks, and always matches.
type Pathway struct {
	ID    string
	Label string
	// Tracks are indices into Model.Tracks.
	Tracks []int
	// Parties are indices into Model.Parties, resolved from AcceptedBy.
	Parties []int
	// AcceptedBy is the rule as the scenario wrote it: "veto", "all" or a
	// comma-separated list of party ids; empty for the fallback.
	AcceptedBy string
	// After are indices into Model.Pathways of the pathways that must have
	// been reached in an earlier round for this one to be reached
	// (docs/model.md#timeline); none are before it in a one-round run.
	After []int `json:",omitempty"`
	// Effects shift reservations once the pathway is reached, from the
	// next round on, by coef × 1 each: confidence building.
	Effects []Effect `json:",omitempty"`
}

// Fallback reports whether the pathway is the unconditional last rule.
func (p *Pathway) Fallback() bool { return len(p.Tracks) == 0 }

// Model is a compiled scenario: flat, index-based and immutable while a run
// reads it. Package scenarios builds it from a TOML file; every index in it
// is valid by construction.
type Model struct {
	ID     string
	Label  string
	Source string
	// Tracks are the track names, in the order their issues first appear.
	Tracks   []string
	Issues   []Issue
	Params   []Param
	Parties  []Party
	Factors  []Factor
	Packages []Package
	Pathways []Pathway
	// Timeline, if not nil, runs the talks over rounds
	// (docs/model.md#timeline); nil is the one-shot model of a single round.
	Timeline *Timeline `json:",omitempty"`
	// Evidence are the observations a run conditions on
	// (docs/model.md#evidence), in file order; none for the prior.
	Evidence []Evidence `json:",omitempty"`
	// Observed are the packages some evidence observes that the model
	// does not score: a model of some of a scenario's packages
	// (WithPackages) still conditions on what was seen of the others.
	// Evidence.Package numbers them after Packages.
	Observed []Package `json:",omitempty"`
	// Trials and Seed are the scenario's run defaults ([run]); flags override them.
	Trials int
	Seed   uint64
}

// MaxEvidence is the most evidence entries a scenario may have, and
// MaxSoftEvidence the most of them whose reliability is neither 1 nor ½:
// each of those splits the trials into classes of equal weight, 2 to the
// number of them at most, and a run keeps a set of tallies for each class.
const (
	MaxEvidence     = 64
	MaxSoftEvidence = 6
)

// Evidence is one observation of the talks (docs/model.md#evidence): that
// a party accepted a track of a package, or did not, in a round; or that
// a package reached a pathway by a round, or did not. A trial reproduces
// it or not; the trial's weight is the product over the entries of
// Reliability where it does and 1 − Reliability where it does not.
type Evidence struct {
	Label string
	// Source is the report that says it (a seed) or "assumption: …".
	Source string
	// Package is the index into Model.Packages of the package observed,
	// or, from len(Model.Packages) on, into Model.Observed.
	Package int
	// Pathway is the index into Model.Pathways of the pathway observed, or
	// −1 for an acceptance: then Party and Track (indices into
	// Model.Parties and Model.Tracks) are the party and the track.
	Pathway, Party, Track int
	// Observed is what was seen: the track accepted, or the pathway
	// reached.
	Observed bool
	// Round is the round in which the acceptance was seen, or by which the
	// pathway was reached, in [1, Model.Rounds()].
	Round int
	// Reliability is the chance that the observation is right, in (0, 1]:
	// 1 drops the trials that contradict it (exact conditioning), ½ makes
	// it change nothing.
	Reliability float64
}

// MaxRounds is the most rounds a timeline may have: twenty years of
// weekly rounds. A trial keeps every round's reservations of a block of
// trials, so the bound also bounds a worker's memory.
const MaxRounds = 1040

// Timeline is the course of the talks over rounds (docs/model.md#timeline).
type Timeline struct {
	// Rounds is the number of rounds, in [1, MaxRounds].
	Rounds int
	// Unit is what one round is ("week"), for labels and dates.
	Unit string
	// Start is the date of round 1 as YYYY-MM-DD, or "".
	Start string
	// Marks are named rounds reported on their own, by round, then name.
	Marks []Mark
}

// Mark is a named round of a timeline, such as the end of the year.
type Mark struct {
	Name  string
	Round int
}

// DatedUnits are the units of a timeline whose rounds have dates, each
// with how far apart two rounds are: in days, or (for months and years) in
// calendar months.
var DatedUnits = map[string]struct{ Days, Months int }{
	"day": {1, 0}, "week": {7, 0}, "fortnight": {14, 0}, "month": {0, 1}, "quarter": {0, 3}, "year": {0, 12},
}

// Date is the date of round r as YYYY-MM-DD: Start plus r − 1 units. It
// reports false when the timeline has no Start, or a unit without dates
// (DatedUnits), or a Start that is not a date.
func (t *Timeline) Date(r int) (string, bool) {
	step, ok := DatedUnits[t.Unit]
	if !ok || t.Start == "" {
		return "", false
	}
	start, err := time.Parse(time.DateOnly, t.Start)
	if err != nil {
		return "", false
	}
	return start.AddDate(0, step.Months*(r-1), step.Days*(r-1)).Format(time.DateOnly), true
}

// MarksAt are the names of the marks at round r, in order.
func (t *Timeline) MarksAt(r int) []string {
	var names []string
	for _, mk := range t.Marks {
		if mk.Round == r {
			names = append(names, mk.Name)
		}
	}
	return names
}

// Rounds is the number of rounds of the model's talks: 1 without a
// timeline.
func (m *Model) Rounds() int {
	if m.Timeline == nil {
		return 1
	}
	return m.Timeline.Rounds
}

// IsStep reports whether Param i is a factor's step in a timeline of more
// than one round: drawn afresh in each round, it has no one value in a
// trial.
func (m *Model) IsStep(i int) bool {
	if m.Rounds() == 1 {
		return false
	}
	for f := range m.Factors {
		if m.Factors[f].Step == i {
			return true
		}
	}
	return false
}

// Param returns the index in Params of the input whose key path is name,
// such as "parties.ukraine.reservation.framework".
func (m *Model) Param(name string) (int, bool) {
	for i := range m.Params {
		if m.Params[i].Name == name {
			return i, true
		}
	}
	return -1, false
}

// WithPackages returns a copy of m that scores only the packages given by
// index, in that order. It shares everything else with m. Because every
// input draws from a stream of its own, a package's results on a seed are
// the same whichever other packages a run scores.
//
// The evidence keeps observing the packages it observed: those the copy
// does not score move to Observed.
func (m *Model) WithPackages(packages []int) *Model {
	c := *m
	c.Packages = make([]Package, len(packages))
	at := map[int]int{} // m's package index → c's
	for i, k := range packages {
		c.Packages[i] = m.Packages[k]
		at[k] = i
	}
	if len(m.Evidence) == 0 {
		return &c
	}
	c.Evidence = slices.Clone(m.Evidence)
	c.Observed = nil
	for i := range c.Evidence {
		k := c.Evidence[i].Package
		j, ok := at[k]
		if !ok {
			j = len(c.Packages) + len(c.Observed)
			c.Observed = append(c.Observed, *m.ScoredPackage(k))
			at[k] = j
		}
		c.Evidence[i].Package = j
	}
	return &c
}

// ScoredPackage is package k of those a run scores: Packages[k], or
// beyond them Observed[k − len(Packages)], a package only evidence
// observes.
func (m *Model) ScoredPackage(k int) *Package {
	if k < len(m.Packages) {
		return &m.Packages[k]
	}
	return &m.Observed[k-len(m.Packages)]
}

// scored is the number of packages a run scores: Packages, then Observed.
func (m *Model) scored() int { return len(m.Packages) + len(m.Observed) }

// SalienceName is the key path of party p's salience weights on track t,
// "parties.P.salience.T", as one uncertain input (docs/model.md#salience):
// with a salience concentration, the party's weights on the track are one
// Dirichlet draw per trial, from a random stream of that name.
func (m *Model) SalienceName(p, t int) string {
	return "parties." + keySegment(m.Parties[p].ID) + ".salience." + keySegment(m.Tracks[t])
}

// keySegment writes one key of a key path as TOML does: bare when it can
// be, else quoted (as package scenarios names the inputs it compiles).
func keySegment(k string) string {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return strconv.Quote(k)
		}
	}
	if k == "" {
		return `""`
	}
	return k
}

// MarshalJSON writes the factor as encoding/json writes its fields, but
// for a Step of -1 (none), which it leaves out: the JSON of a model
// without a timeline is as it was before factors had steps.
func (f Factor) MarshalJSON() ([]byte, error) {
	type plain Factor
	var step *int
	if f.Step >= 0 {
		step = &f.Step
	}
	return json.Marshal(struct {
		plain
		Step *int `json:",omitempty"`
	}{plain(f), step})
}

// UnmarshalJSON reads what MarshalJSON writes: a factor without a Step
// has none (-1).
func (f *Factor) UnmarshalJSON(b []byte) error {
	type plain Factor
	v := struct {
		*plain
		Step *int
	}{plain: (*plain)(f)}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	f.Step = -1
	if v.Step != nil {
		f.Step = *v.Step
	}
	return nil
}
