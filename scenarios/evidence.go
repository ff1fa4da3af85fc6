package scenarios

import (
	"slices"
	"strings"

	"github.com/peacesim/peacesim/sim"
)

// Evidence (docs/model.md#evidence): the [[evidence]] array of tables,
// each entry one observation of the talks that a run conditions on — that
// a party accepted a track of a package, or did not, or that a package
// reached a pathway, or did not. A scenario without any compiles to the
// Model (and hash) it compiled to before evidence existed, with
// Model.Evidence nil; a caller that wants the prior of a scenario with
// evidence sets Model.Evidence to nil, which gives the very Model of the
// file without its [[evidence]] (no entry adds an input).

// evidenceKey is the top-level array of tables of the observations.
const evidenceKey = "evidence"

// The keys of an observation of either kind: an acceptance names a party,
// a track and whether it accepted; a pathway names a pathway and whether
// it was reached.
var (
	acceptanceKeys = []string{"party", "track", "accepted"}
	pathwayObsKeys = []string{"pathway", "reached"}
)

// assumptionPrefix begins the source of an observation that no report
// gives.
const assumptionPrefix = "assumption:"

// evidenceKind is what an entry observes; noObservation when its keys
// say neither, or both (the problem is reported).
type evidenceKind int8

const (
	noObservation evidenceKind = iota
	acceptanceObs
	pathwayObs
)

// evidenceSpec is one [[evidence]] entry as written.
type evidenceSpec struct {
	path                  string
	label, source, pkg    string
	kind                  evidenceKind
	party, track, pathway string
	observed              bool
	// hasRound says the entry gives a round; round is 0 when it gives none
	// or one that is not a round ≥ 1 (reported).
	hasRound bool
	round    int64
	// reliability is 1 by default, 0 when the entry's is unreadable or out
	// of (0, 1] (reported).
	reliability float64
	// ignore says a run does not condition on the entry: it is checked as
	// any other, and left out of Model.Evidence (ignore = true, or
	// --set evidence[i].ignore=true to drop one entry of several).
	ignore bool
}

// readEvidence reads one [[evidence]] entry: label, source and package,
// an acceptance (party, track, accepted) or a pathway (pathway, reached),
// and optionally round and reliability. References and rounds are checked
// by compile, which knows the packages, parties, tracks, pathways and the
// timeline.
func readEvidence(t table) *evidenceSpec {
	r := t.r
	e := &evidenceSpec{path: t.path, reliability: 1}
	t.allowFormat(evidenceFormat)
	e.label = t.ref("label", `what was seen, in words, e.g. label = "No breakthrough at Miami"`)
	e.source = readEvidenceSource(t)
	e.pkg = t.ref("package", `the package observed, e.g. package = "us_28_point"`)
	readObservation(t, e)
	if e.hasRound = t.has("round"); e.hasRound {
		if n, ok := r.integer(t.key("round"), t.m["round"]); ok && n < 1 {
			r.problem(t.key("round"), "must be a round ≥ 1, got %d", n)
		} else if ok {
			e.round = n
		}
	}
	if t.has("reliability") {
		e.reliability = 0
		if x, ok := t.number("reliability"); ok && !(x > 0 && x <= 1) {
			r.problem(t.key("reliability"), "must be in (0, 1], the chance that the observation is right (1, the default, for certain), got %g", x)
		} else if ok {
			e.reliability = x
		}
	}
	if t.has("ignore") {
		e.ignore, _ = t.boolean("ignore")
	}
	return e
}

// readEvidenceSource reads who says what an entry observes: a report
// ("003"), or "assumption: …" for what no report says.
func readEvidenceSource(t table) string {
	s := t.ref("source", `who says so: the report, e.g. source = "003", or "assumption: …" for what no report says`)
	trimmed := strings.TrimSpace(s)
	if !strings.HasPrefix(strings.ToLower(trimmed), "assumption") {
		return s
	}
	if rest, ok := strings.CutPrefix(trimmed, assumptionPrefix); !ok || strings.TrimSpace(rest) == "" {
		t.r.problem(t.key("source"), `an assumption is written %q and what is assumed, e.g. source = "assumption: the plan was not accepted as drafted", not %s`, assumptionPrefix+" ", quoteShort(s))
	}
	return s
}

// readObservation reads what an entry observes: an acceptance or a
// pathway, one of the two.
func readObservation(t table, e *evidenceSpec) {
	r := t.r
	present := func(keys []string) string {
		for _, k := range keys {
			if t.has(k) {
				return k
			}
		}
		return ""
	}
	a, p := present(acceptanceKeys), present(pathwayObsKeys)
	switch {
	case a != "" && p != "":
		r.problem(t.key(p), "an entry observes an acceptance (party, track, accepted) or a pathway (pathway, reached), not both; this one has %s and %s", a, p)
	case a == "" && p == "":
		r.problem(t.path, "says nothing was seen: give an acceptance, party, track and accepted = true or false, or a pathway, pathway and reached = true or false")
	case a != "":
		e.party = t.ref("party", `the party whose acceptance was seen, e.g. party = "ukraine"`)
		e.track = t.ref("track", `the track it accepted or not, e.g. track = "framework"`)
		if t.need("accepted", "true if the party accepted the track, false if it did not") {
			if b, ok := t.boolean("accepted"); ok {
				e.kind, e.observed = acceptanceObs, b
			}
		}
	default:
		e.pathway = t.ref("pathway", `the pathway observed, e.g. pathway = "framework_agreement"`)
		if t.need("reached", "true if the package reached the pathway, false if it did not") {
			if b, ok := t.boolean("reached"); ok {
				e.kind, e.observed = pathwayObs, b
			}
		}
	}
}

// compileEvidence resolves the entries into Model.Evidence, in file
// order; nil without any. It runs once the packages and pathways are
// compiled.
func (c *compiler) compileEvidence() {
	es := c.f.evidence
	if len(es) > sim.MaxEvidence {
		c.r.problem(evidenceKey, "has %d entries, more than the %d a scenario may have", len(es), sim.MaxEvidence)
	}
	pkgIDs := make([]string, len(c.m.Packages))
	for k, p := range c.m.Packages {
		pkgIDs[k] = p.ID
	}
	index, ids := pathwayIDs(c.f.pathways)
	soft := 0
	for _, e := range es {
		ev := sim.Evidence{Label: e.label, Source: e.source, Package: -1, Pathway: -1, Party: -1, Track: -1, Observed: e.observed, Reliability: e.reliability}
		if e.pkg != "" {
			if ev.Package = slices.Index(pkgIDs, e.pkg); ev.Package < 0 {
				c.r.problem(joinKey(e.path, "package"), "unknown package %s%s", quoteShort(e.pkg), didYouMean(e.pkg, pkgIDs))
			}
		}
		switch e.kind {
		case acceptanceObs:
			ev.Party, ev.Track = c.acceptanceRefs(e)
		case pathwayObs:
			ev.Pathway = c.observedPathway(e, index, ids)
		}
		ev.Round = c.evidenceRound(e)
		if e.ignore {
			continue // checked as the others are, but not conditioned on
		}
		if ev.Reliability != 1 && ev.Reliability != 0.5 && ev.Reliability > 0 {
			if soft++; soft == sim.MaxSoftEvidence+1 {
				c.r.problem(joinKey(e.path, "reliability"), "more than %d entries have a reliability other than 1 or 0.5 (each splits the trials into classes a run keeps tallies for): make some certain (1), or leave them out", sim.MaxSoftEvidence)
			}
		}
		c.warnReliability(e)
		c.m.Evidence = append(c.m.Evidence, ev)
	}
}

// acceptanceRefs resolves the party and the track of an acceptance.
func (c *compiler) acceptanceRefs(e *evidenceSpec) (party, track int) {
	party, track = -1, -1
	if e.party != "" {
		if p, ok := c.partyRef(joinKey(e.path, "party"), e.party); ok {
			party = p
		}
	}
	if e.track != "" {
		if t, ok := c.tracks[e.track]; ok {
			track = t
		} else {
			c.r.problem(joinKey(e.path, "track"), "unknown track %s%s", quoteShort(e.track), c.trackHint(e.track))
		}
	}
	return party, track
}

// observedPathway resolves the pathway an entry observes: one with
// tracks, as the fallback is every trial's outcome when no other is
// reached. index gives each pathway id its first pathway, ids are those
// of the pathways with tracks.
func (c *compiler) observedPathway(e *evidenceSpec, index map[string]int, ids []string) int {
	if e.pathway == "" {
		return -1
	}
	at := joinKey(e.path, "pathway")
	k, ok := index[e.pathway]
	switch {
	case !ok:
		c.r.problem(at, "unknown pathway %s%s", quoteShort(e.pathway), pathwayHint(e.pathway, ids))
	case c.f.pathways[k].fallback():
		c.r.problem(at, "%s is the fallback, which always matches, so an observation of it says nothing; to observe that no pathway was reached, observe each of the others with reached = false", quoteShort(e.pathway))
	default:
		return k
	}
	return -1
}

// evidenceRound is the round of an entry: the one it gives, which needs a
// timeline and lies within it, or else the last round.
func (c *compiler) evidenceRound(e *evidenceSpec) int {
	R, known := c.lastRound()
	if !known {
		R = 1 // the timeline's own problem is reported
	}
	if !e.hasRound {
		return R
	}
	path := joinKey(e.path, "round")
	switch n := e.round; {
	case c.f.timeline == nil && !c.f.timelineBad:
		c.r.problem(path, "a round needs a [timeline]: without one a scenario has one round, in which everything is seen; remove round, or add one, e.g. [timeline] rounds = 26")
	case n == 0: // not a round: reported
	case known && n > int64(R) && c.r.shortened(path, n):
		c.r.problem(path, "%s, as the override gives it: an observation beyond the horizon cannot be conditioned on; run without the evidence, or give it a round within the horizon", c.beyondLast(n, R))
	case known && n > int64(R):
		c.r.problem(path, "%s", c.beyondLast(n, R))
	case !known && n > sim.MaxRounds:
		c.r.problem(path, "must be at most %d, the most rounds a timeline may have, got %d", sim.MaxRounds, n)
	default:
		return int(n)
	}
	return R
}

// warnReliability warns of a reliability that does not do what an
// observation seems to mean: ½ weighs every trial alike, below ½ the
// observation counts for its opposite.
func (c *compiler) warnReliability(e *evidenceSpec) {
	path := joinKey(e.path, "reliability")
	switch r := e.reliability; {
	case r == 0.5:
		c.r.warn(path, "a reliability of 0.5 weighs the trials that reproduce the observation and those that do not alike: it changes nothing")
	case r > 0 && r < 0.5:
		c.r.warn(path, "a reliability below 0.5 makes the observation likelier wrong than right, so it counts for its opposite; observe the opposite with reliability %.10g instead", 1-r)
	}
}
