package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/peacesim/peacesim/sim"
)

// The scenario file as written (docs/model.md#scenario-file), after every
// value has been checked for its type and for the rules that need no other
// table. The specs keep ids and names as strings; compile resolves them
// into indices.

// Defaults for an absent [run] table.
const (
	defaultTrials = 100000
	defaultSeed   = 1
)

// Keys with a meaning of their own where ids are otherwise free.
const (
	defaultKey  = "default"  // reservation table: every other staked track
	labelKey    = "label"    // package: its label
	extendsKey  = "extends"  // package: the package it copies
	scheduleKey = "schedule" // package: the round each track is on the table from
)

// The accepted_by rules that name no party.
const (
	acceptedByVeto = "veto"
	acceptedByAll  = "all"
)

// fileSpec is a whole scenario file.
type fileSpec struct {
	id, label, source string
	trials            int
	seed              uint64
	issues            []*issueSpec
	parties           []*partySpec
	factors           []*factorSpec
	packages          []*packageSpec
	pathways          []*pathwaySpec
	pathwaysBad       bool // pathways is there but is no array of tables
	// timeline is the [timeline] table, nil when there is none or it is
	// no table (timelineBad).
	timeline    *timelineSpec
	timelineBad bool
	// evidence are the [[evidence]] entries, in file order.
	evidence []*evidenceSpec
}

// issueSpec is an [issues.ID] table.
type issueSpec struct {
	id, path           string
	label, track, unit string
	kind               sim.IssueKind
	// ok says kind, range and levels are valid, so that stakes, red lines
	// and packages can be checked against the issue.
	ok     bool
	lo, hi float64
	levels []string
	// negotiable is the issue's negotiable space, nil when it has none.
	negotiable *sim.Negotiable
}

// partySpec is a [parties.ID] table with its stakes and red lines.
type partySpec struct {
	id, path, label string
	veto            bool
	concentration   float64
	hasReservation  bool
	reservation     *reservationSpec // nil when absent or unreadable
	stakes          []*stakeSpec
	redLines        []*redLineSpec
}

// reservationSpec is either one input for every track (single) or a table
// of inputs by track, with default covering the tracks it does not name.
// A single input may have tracks of its own in byTrack too, set by
// overrides: it covers the others.
type reservationSpec struct {
	path    string
	single  *uncertain
	byTrack []trackInput
	def     *uncertain
}

// trackInput is one track's entry in a reservation table.
type trackInput struct {
	track string
	in    *uncertain
}

// stakeSpec is a [parties.P.stakes.ISSUE] table. Which shape keys it
// has is kept apart from their values: which ones fit depends on the
// issue's kind, checked by compile.
type stakeSpec struct {
	issue, path       string
	weight            *uncertain
	hasBest, hasWorst bool
	best, worst       float64
	hasCurve          bool
	curveX, curveY    []float64
	hasValues         bool
	valuesTable       bool // values is a table (its entries may still be bad)
	values            []levelValue
	shapeOK           bool // every shape key present was readable
}

// levelValue is one entry of a stake's values table.
type levelValue struct {
	level, path string
	v           float64
}

// redLineSpec is one [[parties.P.red_lines]] table.
type redLineSpec struct {
	path, label, issue string
	kind               sim.RedLineKind
	kindKey            string // the one key giving the kind: min, max, allowed or require; "" if not one
	threshold          *uncertain
	allowed            []string
	require            bool
	weight             *uncertain
	hard               bool
}

// factorSpec is a [factors.ID] table.
type factorSpec struct {
	id, path, label string
	value           *uncertain
	effects         []*effectSpec
	// step is added to the value in every round after the first; nil when
	// there is none. bounds are [lo, hi] when given and readable.
	step      *uncertain
	hasStep   bool
	bounds    []float64
	hasBounds bool
}

// effectSpec is one entry of the effects of a factor or a pathway.
type effectSpec struct {
	path, party string
	coef        *uncertain
	tracks      []string // nil: every track
}

// packageSpec is a [packages.ID] table; its issue values are checked by
// compile, which knows the issues.
type packageSpec struct {
	id, path, label, extends string
	values                   []packageValue
	// schedule is its own schedule's entries (docs/model.md#timeline),
	// each with a round ≥ 1; tracks are resolved by compile.
	schedule    []scheduleEntry
	hasSchedule bool
}

// scheduleEntry is one TRACK = round entry of a package's schedule.
type scheduleEntry struct {
	track, path string
	round       int64
}

// packageValue is one ISSUE = value entry of a package, as decoded.
type packageValue struct {
	issue, path string
	v           any
}

// pathwaySpec is one [[pathways]] table.
type pathwaySpec struct {
	path, id, label string
	tracks          []string
	acceptedBy      string   // "veto", "all", or "" with parties set
	parties         []string // accepted_by as a list of party ids
	hasAcceptedBy   bool
	acceptedOK      bool // accepted_by absent or readable
	tracksOK        bool // tracks absent or readable: whether it is the fallback is known
	// after names the pathways it comes after (docs/model.md#timeline);
	// afterOK says it is absent or readable.
	after    []string
	hasAfter bool
	afterOK  bool
	effects  []*effectSpec
}

// readFile reads the top-level tables of a decoded scenario file.
func readFile(r *reader, root map[string]any) *fileSpec {
	f := &fileSpec{trials: defaultTrials, seed: defaultSeed}
	r.warns = nil // a variant's base is read again after each variant: only the last reading's warnings hold
	top := table{r: r, m: root}
	top.allowFormat(topFormat)
	readSweep(r, root)

	if sc, ok := top.table("scenario"); ok {
		sc.allowFormat(scenarioFormat)
		f.id = sc.ref("id", `the scenario's name, e.g. id = "my-scenario"`)
		f.label, _ = sc.str("label")
		f.source, _ = sc.str("source")
	} else if !top.has("scenario") {
		r.problem("scenario.id", `missing: add a [scenario] table with id = "my-scenario"`)
	}

	if run, ok := top.table("run"); ok {
		run.allowFormat(runFormat)
		if v, ok := run.m["trials"]; ok {
			if n, ok := r.integer(run.key("trials"), v); ok {
				if n <= 0 {
					r.problem(run.key("trials"), "must be > 0, got %d", n)
				} else if n > sim.MaxTrials {
					r.problem(run.key("trials"), "must be at most %d (10¹²), got %d", int64(sim.MaxTrials), n)
				} else {
					f.trials = int(n)
				}
			}
		}
		if v, ok := run.m["seed"]; ok {
			if n, ok := r.integer(run.key("seed"), v); ok {
				if n < 0 {
					r.problem(run.key("seed"), "must be ≥ 0, got %d", n)
				} else {
					f.seed = uint64(n)
				}
			}
		}
	}

	eachTable(top, "issues", func(id string, t table) { f.issues = append(f.issues, readIssue(id, t)) })
	eachTable(top, "parties", func(id string, t table) { f.parties = append(f.parties, readParty(id, t)) })
	eachTable(top, "factors", func(id string, t table) { f.factors = append(f.factors, readFactor(id, t)) })
	eachTable(top, "packages", func(id string, t table) { f.packages = append(f.packages, readPackage(id, t)) })
	if ts, ok := top.tables("pathways"); ok {
		for _, t := range ts {
			f.pathways = append(f.pathways, readPathway(t))
		}
	} else {
		f.pathwaysBad = top.has("pathways")
	}
	if tl, ok := top.table(timelineKey); ok {
		f.timeline = readTimeline(tl)
	} else {
		f.timelineBad = top.has(timelineKey)
	}
	if ts, ok := top.tables(evidenceKey); ok {
		for _, t := range ts {
			f.evidence = append(f.evidence, readEvidence(t))
		}
	}
	return f
}

// eachTable calls fn, in document order, for every sub-table of the table
// of tables at key k ([issues.ID], [parties.ID], …).
func eachTable(parent table, k string, fn func(id string, t table)) {
	all, ok := parent.table(k)
	if !ok {
		return
	}
	for _, id := range all.keys() {
		t, ok := all.r.asTable(all.key(id), all.m[id])
		if !ok {
			continue
		}
		if id == "" {
			all.r.problem(t.path, "an id must not be empty")
			continue
		}
		fn(id, t)
	}
}

func readIssue(id string, t table) *issueSpec {
	r := t.r
	is := &issueSpec{id: id, path: t.path}
	t.allowFormat(issueFormat)
	if id == labelKey || id == extendsKey || id == scheduleKey {
		r.problem(t.path, "%q cannot be an issue id: packages use the key for their %s", id, id)
	}
	is.label, _ = t.str("label")
	is.unit, _ = t.str("unit")
	is.track = readTrack(t)
	kind, ok := readKind(t)
	if !ok {
		return is
	}
	is.kind = kind
	is.ok = true
	only := func(key string, kind sim.IssueKind) {
		if t.has(key) && is.kind != kind {
			r.problem(t.key(key), "applies to %s issues only; this one is %s", kind, is.kind)
			is.ok = false
		}
	}
	only("range", sim.Number)
	only("unit", sim.Number)
	only("levels", sim.Ordinal)
	switch is.kind {
	case sim.Number:
		is.ok = readRange(t, is) && is.ok
	case sim.Ordinal:
		is.ok = readLevels(t, is) && is.ok
	case sim.Bool:
		is.levels = []string{"false", "true"}
	}
	if is.ok && t.has("negotiable") {
		is.negotiable = readNegotiable(t, is)
	}
	return is
}

// readNegotiable reads how far an issue may move (docs/model.md#negotiable):
// [lo, hi] within a number's range, a list of an ordinal's levels, or
// true for a bool (both values; false keeps it fixed).
func readNegotiable(t table, is *issueSpec) *sim.Negotiable {
	r, path, v := t.r, t.key("negotiable"), t.m["negotiable"]
	switch is.kind {
	case sim.Number:
		return negotiableRange(r, path, v, is)
	case sim.Bool:
		return negotiableBool(r, path, v)
	}
	return negotiableLevels(r, path, v, is)
}

// negotiableRange reads a number issue's negotiable value v at path:
// [lo, hi] within the issue's range.
func negotiableRange(r *reader, path string, v any, is *issueSpec) *sim.Negotiable {
	lo, hi, ok := numberPair(r, path, v, fmt.Sprintf("[lo, hi] within the issue's range [%g, %g]", is.lo, is.hi))
	switch {
	case !ok:
		return nil
	case lo > hi:
		r.problem(path, "must be ordered [lo, hi], got [%g, %g]", lo, hi)
		return nil
	case lo < is.lo || hi > is.hi:
		r.problem(path, "[%g, %g] goes outside the issue's range [%g, %g]", lo, hi, is.lo, is.hi)
		return nil
	}
	return &sim.Negotiable{Lo: lo, Hi: hi}
}

// negotiableBool reads a bool issue's negotiable value v at path: true
// for both values; false keeps the issue fixed.
func negotiableBool(r *reader, path string, v any) *sim.Negotiable {
	b, ok := v.(bool)
	if !ok {
		r.problem(path, "must be true (the bool may take either value) or false, not %s", describe(v))
		return nil
	}
	if !b {
		return nil
	}
	return &sim.Negotiable{Levels: []int{0, 1}}
}

// negotiableLevels reads an ordinal issue's negotiable value v at path: a
// list of its levels, each once, kept in the issue's order.
func negotiableLevels(r *reader, path string, v any, is *issueSpec) *sim.Negotiable {
	levels, ok := r.strings(path, v)
	if !ok {
		return nil
	}
	if len(levels) == 0 {
		r.problem(path, "must list at least one level of %s", strings.Join(is.levels, ", "))
		return nil
	}
	n := &sim.Negotiable{}
	for i, l := range levels {
		k := slices.Index(is.levels, l)
		switch {
		case k < 0:
			r.problem(indexKey(path, i), "unknown level %s%s", quoteShort(l), didYouMean(l, is.levels))
			return nil
		case slices.Contains(n.Levels, k):
			r.problem(indexKey(path, i), "level %s is listed twice", quoteShort(l))
			return nil
		}
		n.Levels = append(n.Levels, k)
	}
	slices.Sort(n.Levels) // the issue's order, whatever the list's
	return n
}

// readTrack reads the track an issue belongs to, or "" when its table
// gives no valid one (the problem is reported).
func readTrack(t table) string {
	if !t.need("track", `the track the issue belongs to, e.g. track = "framework"`) {
		return ""
	}
	tr, ok := t.str("track")
	if !ok {
		return ""
	}
	switch tr {
	case "":
		t.r.problem(t.key("track"), "must not be empty")
	case defaultKey:
		t.r.problem(t.key("track"), "%q cannot be a track name: reservation tables use it for every other track", defaultKey)
	default:
		return tr
	}
	return ""
}

// readKind reads an issue's kind: number, ordinal or bool.
func readKind(t table) (sim.IssueKind, bool) {
	if !t.need("kind", "one of number, ordinal, bool") {
		return 0, false
	}
	kind, ok := t.str("kind")
	if !ok {
		return 0, false
	}
	kinds := []sim.IssueKind{sim.Number, sim.Ordinal, sim.Bool}
	k := slices.IndexFunc(kinds, func(k sim.IssueKind) bool { return k.String() == kind })
	if k < 0 {
		names := []string{sim.Number.String(), sim.Ordinal.String(), sim.Bool.String()}
		t.r.problem(t.key("kind"), "unknown kind %s%s; use number, ordinal or bool", quoteShort(kind), didYouMean(kind, names))
		return 0, false
	}
	return kinds[k], true
}

func readRange(t table, is *issueSpec) bool {
	if !t.need("range", "the issue's bounds, e.g. range = [0, 100]") {
		return false
	}
	path := t.key("range")
	lo, hi, ok := numberPair(t.r, path, t.m["range"], "[lo, hi]")
	if !ok {
		return false
	}
	if lo >= hi {
		t.r.problem(path, "must be ordered [lo, hi] with lo < hi, got [%g, %g]", lo, hi)
		return false
	}
	is.lo, is.hi = lo, hi
	return true
}

// numberPair reads v, at path, as two plain numbers [lo, hi] in any
// order; shape says what it must be in a message.
func numberPair(r *reader, path string, v any, shape string) (lo, hi float64, ok bool) {
	a, isArray := v.([]any)
	if !isArray || len(a) != 2 {
		r.problem(path, "must be %s, not %s", shape, describe(v))
		return 0, 0, false
	}
	lo, ok1 := r.number(indexKey(path, 0), a[0])
	hi, ok2 := r.number(indexKey(path, 1), a[1])
	return lo, hi, ok1 && ok2
}

func readLevels(t table, is *issueSpec) bool {
	if !t.need("levels", `the ordered values, e.g. levels = ["member", "deferred", "renounced"]`) {
		return false
	}
	levels, ok := t.strings("levels")
	if !ok {
		return false
	}
	if len(levels) < 2 {
		t.r.problem(t.key("levels"), "needs at least 2 levels, got %d", len(levels))
		return false
	}
	// Report every empty or repeated level, and keep the distinct ones, so
	// that references to the issue (values, allowed, packages) are still
	// checked in the same pass.
	var distinct []string
	for i, l := range levels {
		switch {
		case l == "":
			t.r.problem(indexKey(t.key("levels"), i), "a level must not be empty")
		case slices.Index(levels, l) < i:
			t.r.problem(indexKey(t.key("levels"), i), "level %s is listed twice", quoteShort(l))
		default:
			distinct = append(distinct, l)
		}
	}
	if len(distinct) < 2 {
		return false
	}
	is.levels = distinct
	return true
}

func readParty(id string, t table) *partySpec {
	r := t.r
	p := &partySpec{id: id, path: t.path}
	t.allowFormat(partyFormat)
	p.label, _ = t.str("label")
	p.veto, _ = t.boolean("veto")
	if c, ok := t.number("salience_concentration"); ok {
		if c <= 0 {
			r.problem(t.key("salience_concentration"), "must be > 0 (omit it to keep weights fixed), got %g", c)
		} else {
			p.concentration = c
		}
	}
	if v, ok := t.m["reservation"]; ok {
		p.hasReservation = true
		p.reservation = readReservation(r, t.key("reservation"), v)
	}
	eachTable(t, "stakes", func(issue string, st table) { p.stakes = append(p.stakes, readStake(issue, st)) })
	if rls, ok := t.tables("red_lines"); ok {
		for _, rt := range rls {
			p.redLines = append(p.redLines, readRedLine(rt))
		}
	}
	return p
}

// readReservation reads a number, a distribution, or a table of them by
// track (with default). A single value may have tracks set on their own by
// overrides (see Set); they are read into byTrack. Track names are checked
// by compile, which knows the tracks.
func readReservation(r *reader, path string, v any) *reservationSpec {
	rs := &reservationSpec{path: path}
	m, isTable := v.(map[string]any)
	if !isTable {
		in, ok := r.uncertain(path, v)
		for _, ts := range r.trackSets[path] {
			tin, good := r.uncertain(joinKey(path, ts.track), ts.v)
			if !good {
				ok = false
				continue
			}
			rs.byTrack = append(rs.byTrack, trackInput{track: ts.track, in: tin})
		}
		if !ok {
			return nil
		}
		rs.single = in
		return rs
	}
	t := table{r: r, path: path, m: m}
	ok := true
	for _, k := range t.keys() {
		in, good := r.uncertain(t.key(k), m[k])
		if !good {
			ok = false
			continue
		}
		if k == defaultKey {
			rs.def = in
		} else {
			rs.byTrack = append(rs.byTrack, trackInput{track: k, in: in})
		}
	}
	if len(m) == 0 {
		r.problem(path, "an empty table gives no reservation; write one value, or one per track")
		ok = false
	}
	if !ok {
		return nil
	}
	return rs
}

func readStake(issue string, t table) *stakeSpec {
	r := t.r
	s := &stakeSpec{issue: issue, path: t.path, shapeOK: true}
	t.allowFormat(stakeFormat)
	if t.need("weight", "the issue's salience, e.g. weight = 0.3") {
		if w, ok := t.uncertain("weight"); ok && checkWeight(r, w) {
			s.weight = w
		}
	}
	var ok bool
	if s.hasBest = t.has("best"); s.hasBest {
		s.best, ok = t.number("best")
		s.shapeOK = s.shapeOK && ok
	}
	if s.hasWorst = t.has("worst"); s.hasWorst {
		s.worst, ok = t.number("worst")
		s.shapeOK = s.shapeOK && ok
	}
	if s.hasBest && s.hasWorst && s.shapeOK && s.best == s.worst {
		r.problem(t.key("worst"), "must differ from best (both are %g)", s.best)
		s.shapeOK = false
	}
	if s.hasCurve = t.has("curve"); s.hasCurve {
		s.shapeOK = readCurve(t, s) && s.shapeOK
	}
	if s.hasValues = t.has("values"); s.hasValues {
		s.shapeOK = readValues(t, s) && s.shapeOK
	}
	return s
}

// checkWeight reports a salience weight that could be drawn negative, or
// whose nominal value is not finite.
func checkWeight(r *reader, w *uncertain) bool {
	d := w.dist
	switch lo, _ := d.Support(); {
	case d.Family == sim.Normal:
		r.problem(w.path, "%s can draw a negative weight; use truncnormal(%g, %g, 0, hi) instead", d, d.P[0], d.P[1])
	case d.Family == sim.Bernoulli:
		r.problem(w.path, "a weight cannot be a bernoulli draw; use a continuous distribution such as beta(a, b)")
	case lo < 0 && d.IsFixed():
		r.problem(w.path, "must be ≥ 0, got %g", lo)
	case lo < 0:
		r.problem(w.path, "%s can draw a negative weight (its lower bound is %g); a weight must be ≥ 0", d, lo)
	case math.IsInf(d.Mean(), 0) || math.IsNaN(d.Mean()):
		r.problem(w.path, "%s has no finite mean", d)
	default:
		return true
	}
	return false
}

// checkPenalty reports a red line's penalty λ that could leave [0, 1].
func checkPenalty(r *reader, w *uncertain) bool {
	d := w.dist
	lo, hi := d.Support()
	if lo >= 0 && hi <= 1 {
		return true
	}
	if d.IsFixed() {
		r.problem(w.path, "must be in [0, 1], got %g", lo)
	} else {
		r.problem(w.path, "%s can draw values outside [0, 1]; use beta(a, b) or truncnormal(mu, sigma, 0, 1)", d)
	}
	return false
}

func readCurve(t table, s *stakeSpec) bool {
	path := t.key("curve")
	pts, ok := t.m["curve"].([]any)
	if !ok {
		t.r.problem(path, "must be an array of [x, u] points, not %s", describe(t.m["curve"]))
		return false
	}
	if len(pts) < 2 {
		t.r.problem(path, "needs at least 2 points [x, u], got %d", len(pts))
		return false
	}
	for i, pt := range pts {
		pp := indexKey(path, i)
		xy, ok := pt.([]any)
		if !ok || len(xy) != 2 {
			t.r.problem(pp, "must be a point [x, u], not %s", describe(pt))
			return false
		}
		x, ok1 := t.r.number(indexKey(pp, 0), xy[0])
		y, ok2 := t.r.number(indexKey(pp, 1), xy[1])
		if !ok1 || !ok2 {
			return false
		}
		if y < 0 || y > 1 {
			t.r.problem(pp, "utility must be in [0, 1], got %g", y)
			return false
		}
		if i > 0 && x <= s.curveX[i-1] {
			t.r.problem(pp, "x must increase from point to point, got %g after %g", x, s.curveX[i-1])
			return false
		}
		s.curveX = append(s.curveX, x)
		s.curveY = append(s.curveY, y)
	}
	return true
}

func readValues(t table, s *stakeSpec) bool {
	vt, ok := t.table("values")
	if !ok {
		return false
	}
	s.valuesTable = true
	good := true
	for _, level := range vt.keys() {
		v, ok := vt.r.number(vt.key(level), vt.m[level])
		if ok && (v < 0 || v > 1) {
			vt.r.problem(vt.key(level), "utility must be in [0, 1], got %g", v)
			ok = false
		}
		good = good && ok
		s.values = append(s.values, levelValue{level: level, path: vt.key(level), v: v})
	}
	return good
}

func readRedLine(t table) *redLineSpec {
	rl := &redLineSpec{path: t.path}
	t.allowFormat(redLineFormat)
	rl.label, _ = t.str("label")
	rl.issue = t.ref("issue", `the issue it constrains, e.g. issue = "nato"`)
	readConstraint(t, rl)
	readHardOrWeight(t, rl)
	return rl
}

// readConstraint reads what a red line requires of its issue: exactly one
// of min, max, allowed and require.
func readConstraint(t table, rl *redLineSpec) {
	r := t.r
	var given []sim.RedLineKind
	for _, k := range []sim.RedLineKind{sim.Min, sim.Max, sim.Allowed, sim.Require} {
		if t.has(k.String()) {
			given = append(given, k)
		}
	}
	switch len(given) {
	case 0:
		r.problem(t.path, "needs one of min, max (number issues), allowed (ordinal) or require (bool)")
	case 1:
		rl.kind, rl.kindKey = given[0], given[0].String()
		switch rl.kind {
		case sim.Min, sim.Max:
			rl.threshold, _ = t.uncertain(rl.kindKey)
		case sim.Allowed:
			if rl.allowed, _ = t.strings("allowed"); rl.allowed != nil && len(rl.allowed) == 0 {
				r.problem(t.key("allowed"), "must list at least one level")
			}
		case sim.Require:
			rl.require, _ = t.boolean("require")
		}
	default:
		r.problem(t.key(given[1].String()), "a red line takes exactly one of min, max, allowed, require; this one has %s and %s", given[0], given[1])
	}
}

// readHardOrWeight reads what breaking a red line costs its party: a veto
// (hard = true) or a utility penalty (weight), one of the two.
func readHardOrWeight(t table, rl *redLineSpec) {
	r := t.r
	hard, hardOK := t.boolean("hard")
	switch {
	case hard && t.has("weight"):
		r.problem(t.key("hard"), "a red line has a weight (a utility penalty) or hard = true (a veto), not both")
	case hard:
		rl.hard = true
	case t.has("weight"):
		if w, ok := t.uncertain("weight"); ok && checkPenalty(r, w) {
			rl.weight = w
		}
	case hardOK || !t.has("hard"): // hard = false, or neither key
		r.problem(t.path, "needs weight (a utility penalty in [0, 1]) or hard = true (a veto)")
	}
}

func readFactor(id string, t table) *factorSpec {
	f := &factorSpec{id: id, path: t.path}
	t.allowFormat(factorFormat)
	f.label, _ = t.str("label")
	if t.need("value", `the factor's value, e.g. value = "normal(0.5, 0.1)"`) {
		f.value, _ = t.uncertain("value")
	}
	f.effects = readEffects(t, "how much the reservation moves per unit of the factor, e.g. coef = 0.15")
	f.hasStep = t.has("step")
	f.step, _ = t.uncertain("step")
	if f.hasBounds = t.has("bounds"); f.hasBounds {
		f.bounds = readBounds(t.r, t.key("bounds"), t.m["bounds"])
	}
	return f
}

// readEffects reads the effects of a factor or a pathway, the table t: a
// list of { party, on = "reservation", coef, tracks }. coefHint says what
// coef is, for a missing one.
func readEffects(t table, coefHint string) []*effectSpec {
	r := t.r
	effects, _ := t.tables("effects")
	var out []*effectSpec
	for _, et := range effects {
		e := &effectSpec{path: et.path}
		et.allowFormat(effectFormat)
		e.party = et.ref("party", `the party it affects, e.g. party = "russia"`)
		if et.need("on", `what it shifts: on = "reservation"`) {
			if on, ok := et.str("on"); ok && on != "reservation" {
				r.problem(et.key("on"), "unknown target %s; an effect shifts a reservation: on = \"reservation\"", quoteShort(on))
			}
		}
		if et.need("coef", coefHint) {
			e.coef, _ = et.uncertain("coef")
		}
		if tracks, ok := et.strings("tracks"); ok {
			if len(tracks) == 0 {
				r.problem(et.key("tracks"), "must list at least one track (omit tracks for every track)")
			}
			e.tracks = tracks
		}
		out = append(out, e)
	}
	return out
}

func readPackage(id string, t table) *packageSpec {
	p := &packageSpec{id: id, path: t.path}
	p.label, _ = t.str(labelKey)
	p.extends, _ = t.str(extendsKey)
	if p.hasSchedule = t.has(scheduleKey); p.hasSchedule {
		p.schedule = readSchedule(t)
	}
	for _, k := range t.keys() {
		if k != labelKey && k != extendsKey && k != scheduleKey {
			p.values = append(p.values, packageValue{issue: k, path: t.key(k), v: t.m[k]})
		}
	}
	return p
}

func readPathway(t table) *pathwaySpec {
	r := t.r
	w := &pathwaySpec{path: t.path}
	t.allowFormat(pathwayFormat)
	w.id = t.ref("id", `the outcome's name, e.g. id = "framework_agreement"`)
	w.hasAfter = t.has("after")
	w.after, w.afterOK = t.strings("after")
	w.afterOK = w.afterOK || !w.hasAfter
	w.effects = readEffects(t, "how much the reservation moves once the pathway is reached, e.g. coef = -0.03")
	w.label, _ = t.str("label")
	if t.has("tracks") {
		w.tracks, w.tracksOK = t.strings("tracks")
	} else {
		w.tracksOK = true
	}
	w.acceptedOK = true
	if v, ok := t.m["accepted_by"]; ok {
		w.acceptedOK = false
		w.hasAcceptedBy = true
		switch v := v.(type) {
		case string:
			w.acceptedBy, w.acceptedOK = v, true
		case []any:
			w.parties, ok = r.strings(t.key("accepted_by"), v)
			if ok && len(w.parties) == 0 {
				r.problem(t.key("accepted_by"), `must list at least one party, or be "veto" or "all"`)
				ok = false
			}
			w.acceptedOK = ok
		default:
			r.problem(t.key("accepted_by"), `must be "veto", "all" or a list of party ids, not %s`, describe(v))
		}
	}
	return w
}
