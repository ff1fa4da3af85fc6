package scenarios

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peacesim/peacesim/sim"
)

// The talks over rounds (docs/model.md#timeline): the [timeline] table, a
// factor's step and bounds, a package's schedule, a pathway's after and
// effects. Without any of them a scenario compiles to the one-shot model
// of a single round, the very Model (and hash) it compiled to before they
// existed. What a scenario of one round cannot use is a warning (see
// Warnings), not a problem: it runs, the key just changes nothing.

// timelineKey is the top-level table of a timeline.
const timelineKey = "timeline"

// defaultUnit is what one round is when [timeline] does not say.
const defaultUnit = "round"

// dateLayout is how a timeline's start is written and stored: YYYY-MM-DD.
const dateLayout = "2006-01-02"

// tomlLocalDate is the name of the time zone the TOML decoder gives a
// local date such as 2025-12-20 (a date with no time of day).
const tomlLocalDate = "date-local"

// dateUnits are the units of a round that give each round a date from a
// start (sim.DatedUnits, in order of length): round r falls r − 1 units
// after round 1.
func dateUnits() []string {
	units := slices.Collect(maps.Keys(sim.DatedUnits))
	slices.SortFunc(units, func(a, b string) int {
		da, db := sim.DatedUnits[a], sim.DatedUnits[b]
		return cmp.Compare(da.Days+31*da.Months, db.Days+31*db.Months)
	})
	return units
}

// timelineSpec is the [timeline] table.
type timelineSpec struct {
	rounds int // 0 when missing or unreadable
	unit   string
	start  string // YYYY-MM-DD, or ""
	marks  []sim.Mark
}

// readTimeline reads [timeline]: rounds (required), unit, start, marks.
func readTimeline(t table) *timelineSpec {
	r := t.r
	tl := &timelineSpec{unit: defaultUnit}
	t.allowFormat(timelineFormat)
	if t.need("rounds", "how many rounds the talks run, e.g. rounds = 26") {
		tl.rounds = readRounds(r, t.key("rounds"), t.m["rounds"])
	}
	unitOK := true
	if u, ok := t.str("unit"); ok && u == "" {
		r.problem(t.key("unit"), "must not be empty; omit it for %q", defaultUnit)
		unitOK = false
	} else if ok {
		tl.unit = u
	} else {
		unitOK = !t.has("unit")
	}
	if t.has("start") {
		tl.start = readStart(r, t.key("start"), t.m["start"])
		if tl.start != "" && unitOK && !slices.Contains(dateUnits(), tl.unit) {
			dateUnitProblem(t, tl.unit)
		}
	}
	if mt, ok := t.table("marks"); ok {
		tl.marks = readMarks(mt, tl.rounds)
	}
	return tl
}

// readRounds reads a timeline's rounds, a whole number in [1,
// sim.MaxRounds]; 0 when it is not one.
func readRounds(r *reader, path string, v any) int {
	n, ok := r.integer(path, v)
	switch {
	case !ok:
	case n < 1:
		r.problem(path, "must be at least 1, got %d", n)
	case n > sim.MaxRounds:
		r.problem(path, "must be at most %d (twenty years of weekly rounds), got %d", sim.MaxRounds, n)
	default:
		return int(n)
	}
	return 0
}

// readStart reads the date of round 1: a TOML local date, 2025-12-20, or
// the same in a string, "2025-12-20". It returns it as YYYY-MM-DD, or ""
// when it is not a date of the calendar.
func readStart(r *reader, path string, v any) string {
	switch v := v.(type) {
	case time.Time:
		if v.Location().String() == tomlLocalDate {
			return v.Format(dateLayout)
		}
		r.problem(path, "must be a date without a time of day or a time zone, such as 2025-12-20")
	case string:
		d, err := time.Parse(dateLayout, v)
		if err == nil {
			return d.Format(dateLayout)
		}
		if why := err.Error(); len(v) == len(dateLayout) && strings.HasSuffix(why, "out of range") {
			r.problem(path, "%s is no day of the calendar: %s", quoteShort(v), why[strings.LastIndex(why, ": ")+2:])
		} else {
			r.problem(path, "must be a date written YYYY-MM-DD, such as 2025-12-20, not %s", describe(v))
		}
	default:
		r.problem(path, "must be a date such as 2025-12-20, not %s", describe(v))
	}
	return ""
}

// dateUnitProblem reports a unit whose rounds have no dates in a timeline
// that gives round 1 one.
func dateUnitProblem(t table, unit string) {
	units := dateUnits()
	list := strings.Join(units[:len(units)-1], ", ") + " or " + units[len(units)-1]
	if !t.has("unit") {
		t.r.problem(t.key("unit"), `missing: with a start date, say what one round is, so that each round has a date: %s, e.g. unit = "week"`, list)
		return
	}
	t.r.problem(t.key("unit"), "rounds of %s have no dates, and start gives round 1 one: use %s%s", quoteShort(unit), list, didYouMean(unit, units))
}

// readMarks reads the named rounds of a timeline of the given rounds (0
// when unknown), sorted by round, then name.
func readMarks(mt table, rounds int) []sim.Mark {
	r := mt.r
	var marks []sim.Mark
	for _, name := range mt.keys() {
		path := mt.key(name)
		n, ok := r.integer(path, mt.m[name])
		_, numeric := strconv.Atoi(name)
		switch {
		case name == "":
			r.problem(path, "a mark's name must not be empty")
		case numeric == nil:
			r.problem(path, "a mark's name must not be a number: --round %s means round %s; name it, e.g. end_of_year", name, name)
		case !ok:
		case n < 1:
			r.problem(path, "must be a round ≥ 1, got %d", n)
		case rounds > 0 && n > int64(rounds) && r.shortened(path, n):
			// Left out: the horizon was cut short on purpose.
		case rounds > 0 && n > int64(rounds):
			r.problem(path, "round %d is beyond the last round, %d (timeline.rounds)", n, rounds)
		case n > sim.MaxRounds:
			r.problem(path, "must be at most %d, the most rounds a timeline may have, got %d", sim.MaxRounds, n)
		default:
			marks = append(marks, sim.Mark{Name: name, Round: int(n)})
		}
	}
	slices.SortFunc(marks, func(a, b sim.Mark) int {
		return cmp.Or(cmp.Compare(a.Round, b.Round), strings.Compare(a.Name, b.Name))
	})
	return marks
}

// readBounds reads a factor's bounds, [lo, hi] with lo ≤ hi; nil when
// they are not.
func readBounds(r *reader, path string, v any) []float64 {
	lo, hi, ok := numberPair(r, path, v, "[lo, hi], the range the factor's value is clamped into after each step")
	if !ok {
		return nil
	}
	if lo > hi {
		r.problem(path, "must be ordered [lo, hi] with lo ≤ hi, got [%g, %g]", lo, hi)
		return nil
	}
	return []float64{lo, hi}
}

// readSchedule reads a package's schedule, a table of TRACK = round: the
// first round in which the track is on the table. Tracks are checked by
// compile, which knows them, and so are rounds beyond the last.
func readSchedule(t table) []scheduleEntry {
	st, ok := t.table(scheduleKey)
	if !ok {
		return nil
	}
	var out []scheduleEntry
	for _, track := range st.keys() {
		path := st.key(track)
		n, ok := st.r.integer(path, st.m[track])
		switch {
		case !ok:
		case n < 1:
			st.r.problem(path, "must be a round ≥ 1 (1 puts the track on the table from the start), got %d", n)
		default:
			out = append(out, scheduleEntry{track: track, path: path, round: n})
		}
	}
	return out
}

// lastRound is the number of rounds of the scenario: 1 without a
// [timeline]. known is false when the [timeline] gives no valid number.
func (c *compiler) lastRound() (rounds int, known bool) {
	switch tl := c.f.timeline; {
	case c.f.timelineBad:
		return 0, false
	case tl == nil:
		return 1, true
	case tl.rounds > 0:
		return tl.rounds, true
	}
	return 0, false
}

// oneRound says why a scenario has one round, for a warning about a key
// that only later rounds use.
func (c *compiler) oneRound() string {
	if c.f.timeline == nil {
		return "without a [timeline] a scenario has one round"
	}
	return "the timeline has one round"
}

// shortened reports whether an override (--set, a variant or a sweep's
// point) set the timeline's rounds while the file wrote the value at
// path: a horizon cut short on purpose (--set timeline.rounds=1 runs a
// scenario as one vote), in which a mark beyond it is left out and a
// track scheduled beyond it never comes on the table, without a word —
// not the error they are in the file as written.
//
// round is the round the mark or schedule gives (0 when the check is of a
// warning's key): beyond the file's own rounds it stays an error.
func (r *reader) shortened(path string, round int64) bool {
	return r.setAt("timeline.rounds") != nil && r.setAt(path) == nil && round <= r.fileRounds
}

// beyondLast says that round n is beyond the scenario's last, R.
func (c *compiler) beyondLast(n int64, R int) string {
	if c.f.timeline == nil {
		return "round " + strconv.FormatInt(n, 10) + " is beyond the one round of a scenario without a [timeline]; add one, e.g. [timeline] rounds = 26"
	}
	return "round " + strconv.FormatInt(n, 10) + " is beyond the last round, " + strconv.Itoa(R) + " (timeline.rounds)"
}

// compileTimeline sets the Model's Timeline: nil without a [timeline].
func (c *compiler) compileTimeline() {
	if tl := c.f.timeline; tl != nil && tl.rounds > 0 {
		c.m.Timeline = &sim.Timeline{Rounds: tl.rounds, Unit: tl.unit, Start: tl.start, Marks: tl.marks}
	}
}

// factorStep compiles a factor's step (its Param, -1 for none) and
// bounds, and warns where they change nothing.
func (c *compiler) factorStep(fs *factorSpec) (step int, bounds []float64) {
	step = -1
	if fs.step != nil {
		step = c.param(fs.step.path, fs.step.dist, fs.step.path)
	}
	path := joinKey(fs.path, "step")
	if R, known := c.lastRound(); fs.hasStep && known && R == 1 && !c.r.shortened(path, 0) {
		c.r.warn(path, "a step is added in every round after the first, and %s: it changes nothing", c.oneRound())
	}
	if fs.hasStep && len(fs.effects) == 0 {
		c.r.warn(path, "%s has no effects, so its step changes nothing", fs.id)
	}
	if fs.hasBounds && !fs.hasStep {
		c.r.warn(joinKey(fs.path, "bounds"), "bounds clamp the value after each step, and %s has no step: they change nothing", fs.id)
	}
	return step, fs.bounds
}

// ownSchedule checks a package's own schedule and writes its rounds into
// rounds[t] for each track t it names (given[t] true), so that extends
// can overlay them as it does issue values.
func (c *compiler) ownSchedule(ps *packageSpec, rounds []float64, given []bool) {
	R, known := c.lastRound()
	for _, e := range ps.schedule {
		t, ok := c.tracks[e.track]
		switch {
		case !ok:
			c.r.problem(e.path, "unknown track %s%s", quoteShort(e.track), c.trackHint(e.track))
		case known && e.round > int64(R) && c.f.timeline != nil && c.r.shortened(e.path, e.round):
			// The horizon was cut short on purpose: the track never
			// comes on the table within it.
			rounds[t], given[t] = float64(e.round), true
		case known && e.round > int64(R):
			c.r.problem(e.path, "%s", c.beyondLast(e.round, R))
		case !known && e.round > sim.MaxRounds:
			c.r.problem(e.path, "must be at most %d, the most rounds a timeline may have, got %d", sim.MaxRounds, e.round)
		default:
			rounds[t], given[t] = float64(e.round), true
		}
	}
	if ps.hasSchedule && known && R == 1 && !c.r.shortened(joinKey(ps.path, scheduleKey), 0) {
		c.r.warn(joinKey(ps.path, scheduleKey), "a schedule puts tracks on the table in later rounds, and %s: it changes nothing", c.oneRound())
	}
}

// scheduleOf is a package's Schedule from the rounds its chain of extends
// gives the tracks (have[t] when one does): nil when every track is on
// the table from round 1, so that a schedule of ones is no schedule.
func scheduleOf(rounds []float64, have []bool) []int {
	var s []int
	for t, h := range have {
		if !h || rounds[t] <= 1 {
			continue
		}
		if s == nil {
			s = make([]int, len(have))
			for k := range s {
				s[k] = 1
			}
		}
		s[t] = int(rounds[t])
	}
	return s
}

// pathwayIDs gives each pathway id its first pathway (index), and lists
// the ids that after may name, those of pathways with tracks (ids), in
// file order.
func pathwayIDs(ws []*pathwaySpec) (index map[string]int, ids []string) {
	index = map[string]int{}
	for k, w := range ws {
		if _, dup := index[w.id]; w.id != "" && !dup {
			index[w.id] = k
			if !w.fallback() {
				ids = append(ids, w.id)
			}
		}
	}
	return index, ids
}

// afterRefs resolves the pathways that pathway k comes after; index
// gives each pathway id its first pathway, and ids are those after may
// name, in file order.
func (c *compiler) afterRefs(k int, w *pathwaySpec, index map[string]int, ids []string) []int {
	if !w.afterOK {
		return nil
	}
	var out []int
	ws := c.f.pathways
	for j, id := range w.after {
		at := indexKey(joinKey(w.path, "after"), j)
		a, ok := index[id]
		switch {
		case !ok:
			c.r.problem(at, "unknown pathway %s%s", quoteShort(id), pathwayHint(id, ids))
		case a == k:
			c.r.problem(at, "a pathway cannot come after itself")
		case ws[a].fallback():
			c.r.problem(at, "%s is the fallback, the outcome when no pathway is reached; it is never reached itself, so no pathway comes after it", quoteShort(id))
		case slices.Contains(out, a):
			c.r.problem(at, "pathway %s is listed twice", quoteShort(id))
		default:
			out = append(out, a)
		}
	}
	return out
}

// pathwayHint suggests one of ids, the pathways that after may name (the
// fallback aside), for an unknown one, or lists them: pathways are few.
func pathwayHint(id string, ids []string) string {
	if h := didYouMean(id, ids); h != "" {
		return h
	}
	if len(ids) == 0 || len(ids) > maxListedKeys {
		return ""
	}
	return " (the pathways are: " + strings.Join(ids, ", ") + ")"
}

// afterLoops reports every loop of after, each once, at the pathway of
// the loop that comes first in the file; it returns whether there is
// one.
func (c *compiler) afterLoops() bool {
	ps := c.m.Pathways
	const (
		todo = iota
		walking
		done
	)
	state := make([]int8, len(ps))
	var stack []int
	reported := map[string]bool{}
	var visit func(k int)
	visit = func(k int) {
		state[k] = walking
		stack = append(stack, k)
		for _, a := range ps[k].After {
			switch state[a] {
			case todo:
				visit(a)
			case walking:
				c.reportAfterLoop(stack[slices.Index(stack, a):], reported)
			}
		}
		stack = stack[:len(stack)-1]
		state[k] = done
	}
	for k := range ps {
		if state[k] == todo {
			visit(k)
		}
	}
	return len(reported) > 0
}

// reportAfterLoop reports a loop of after (each pathway of loop comes
// after the next, the last after the first) unless it was reported.
func (c *compiler) reportAfterLoop(loop []int, reported map[string]bool) {
	first := slices.Index(loop, slices.Min(loop))
	loop = append(slices.Clone(loop[first:]), loop[:first]...)
	names := make([]string, 0, len(loop)+1)
	for _, k := range loop {
		names = append(names, c.m.Pathways[k].ID)
	}
	names = append(names, names[0])
	text := strings.Join(names, " → ")
	if reported[text] {
		return
	}
	reported[text] = true
	w := c.f.pathways[loop[0]]
	next := c.m.Pathways[loop[1%len(loop)]].ID
	at := indexKey(joinKey(w.path, "after"), slices.Index(w.after, next))
	c.r.problem(at, "after loops: %s; a pathway is reached only once those it names were reached before it, so none of these ever is", text)
}

// warnUnreached warns of every pathway that no trial can reach, because
// of its after, and of pathway effects that change nothing. The after
// graph has no loop.
func (c *compiler) warnUnreached() {
	R, known := c.lastRound()
	if !known {
		return
	}
	ps := c.m.Pathways
	earliest := make([]int, len(ps)) // 0 until known; -1 never reached
	why := make([]string, len(ps))
	var reach func(k int) int
	reach = func(k int) int {
		if earliest[k] != 0 {
			return earliest[k]
		}
		e := 1
		for _, a := range ps[k].After {
			if a == 0 {
				e, why[k] = -1, ps[0].ID+", the first pathway, ends the talks when it is reached, so nothing is reached after it"
				break
			}
			if reach(a) < 0 {
				e, why[k] = -1, "it comes after "+ps[a].ID+", which is never reached"
				break
			}
			e = max(e, earliest[a]+1)
		}
		if e > R {
			e, why[k] = -1, c.tooFewRounds(e, R)
		}
		earliest[k] = e
		return e
	}
	for k := range ps {
		w := c.f.pathways[k]
		switch e := reach(k); {
		case e < 0:
			c.r.warn(joinKey(w.path, "after"), "never reached: %s", why[k])
		case len(ps[k].Effects) == 0:
		case k == 0:
			c.r.warn(joinKey(w.path, "effects"), "the talks end when the first pathway is reached, so its effects change nothing")
		case e >= R && !c.r.shortened(joinKey(w.path, "effects"), 0):
			c.r.warn(joinKey(w.path, "effects"), "effects apply from the round after the pathway is reached, and %s: they change nothing", c.reachedLast(e, R))
		}
	}
}

// tooFewRounds says why a pathway that can be reached in round e at the
// earliest is never reached in a scenario of R rounds.
func (c *compiler) tooFewRounds(e, R int) string {
	if c.f.timeline == nil {
		return c.oneRound() + ", and a pathway with after is reached only in a round after those it names"
	}
	return "it can be reached in round " + strconv.Itoa(e) + " at the earliest, and the timeline has " + strconv.Itoa(R)
}

// reachedLast says that a pathway reached in round e at the earliest has
// no round after it in a scenario of R rounds.
func (c *compiler) reachedLast(e, R int) string {
	if R == 1 {
		return c.oneRound()
	}
	return "it can be reached in round " + strconv.Itoa(e) + " at the earliest, the last"
}
