package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/peacesim/peacesim/sim"
)

// compiler resolves the names in a fileSpec (issues, tracks, parties,
// levels, packages) into the indices of a sim.Model, reporting every
// reference that does not resolve and every rule that spans tables. The
// Model it builds is only handed out when no problem was found.
type compiler struct {
	r        *reader
	f        *fileSpec
	m        *sim.Model
	issues   map[string]int
	issueIDs []string
	tracks   map[string]int
	parties  map[string]int
	partyIDs []string
	// at[i] is where Params[i] is written; Params are put in document
	// order once all are known.
	at []position
}

// compile builds the Model of f.
func compile(r *reader, f *fileSpec) *sim.Model {
	c := &compiler{
		r: r, f: f,
		m:       &sim.Model{ID: f.id, Label: f.label, Source: f.source, Trials: f.trials, Seed: f.seed},
		issues:  map[string]int{},
		tracks:  map[string]int{},
		parties: map[string]int{},
	}
	c.compileTimeline()
	c.compileIssues()
	c.compileParties()
	c.compileFactors()
	c.compilePackages()
	c.compilePathways()
	c.compileEvidence()
	c.orderParams()
	return c.m
}

// param adds an input to Model.Params; at is the key path where it is
// written (for a track covered by a reservation's default, the default).
func (c *compiler) param(name string, d sim.Dist, at string) int {
	c.m.Params = append(c.m.Params, sim.Param{Name: name, Dist: d})
	c.at = append(c.at, c.r.at.of(at))
	return len(c.m.Params) - 1
}

// orderParams sorts Params by where the file writes them (ties keep the
// order of creation) and renumbers every reference to them, so that the
// list sensitivity analyses print reads like the file.
func (c *compiler) orderParams() {
	n := len(c.m.Params)
	order := make([]int, n) // order[new] = old
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(c.at[a].line, c.at[b].line), cmp.Compare(c.at[a].col, c.at[b].col))
	})
	permuteParams(c.m, order)
}

// permuteParams puts m's Params in the order given (order[new] = old, a
// permutation) and renumbers every reference to them.
func permuteParams(m *sim.Model, order []int) {
	n := len(m.Params)
	renum := make([]int, n) // renum[old] = new
	params := make([]sim.Param, n)
	for nu, old := range order {
		renum[old] = nu
		params[nu] = m.Params[old]
	}
	m.Params = params
	re := func(i *int) {
		if *i >= 0 && *i < n {
			*i = renum[*i]
		}
	}
	for p := range m.Parties {
		party := &m.Parties[p]
		for t := range party.Reservation {
			re(&party.Reservation[t])
		}
		for s := range party.Stakes {
			re(&party.Stakes[s].Weight)
		}
		for k := range party.RedLines {
			re(&party.RedLines[k].Threshold)
			re(&party.RedLines[k].Penalty)
		}
	}
	for f := range m.Factors {
		re(&m.Factors[f].Value)
		re(&m.Factors[f].Step)
		for e := range m.Factors[f].Effects {
			re(&m.Factors[f].Effects[e].Coef)
		}
	}
	for w := range m.Pathways {
		for e := range m.Pathways[w].Effects {
			re(&m.Pathways[w].Effects[e].Coef)
		}
	}
}

func (c *compiler) compileIssues() {
	if len(c.f.issues) == 0 {
		c.r.problem("issues", "a scenario needs at least one issue, e.g. [issues.nato]")
	}
	for _, is := range c.f.issues {
		t := -1
		if is.track != "" {
			var ok bool
			if t, ok = c.tracks[is.track]; !ok {
				t = len(c.m.Tracks)
				c.tracks[is.track] = t
				c.m.Tracks = append(c.m.Tracks, is.track)
			}
		}
		c.issues[is.id] = len(c.m.Issues)
		c.issueIDs = append(c.issueIDs, is.id)
		c.m.Issues = append(c.m.Issues, sim.Issue{
			ID: is.id, Label: is.label, Track: t, Kind: is.kind,
			Unit: is.unit, Lo: is.lo, Hi: is.hi, Levels: is.levels, Negotiable: is.negotiable,
		})
	}
}

// issueRef resolves an issue id written at path.
func (c *compiler) issueRef(path, id string) (int, bool) {
	i, ok := c.issues[id]
	if !ok {
		c.r.problem(path, "unknown issue %s%s", quoteShort(id), didYouMean(id, c.issueIDs))
	}
	return i, ok
}

// partyRef resolves a party id written at path.
func (c *compiler) partyRef(path, id string) (int, bool) {
	i, ok := c.parties[id]
	if !ok {
		c.r.problem(path, "unknown party %s%s", quoteShort(id), didYouMean(id, c.partyIDs))
	}
	return i, ok
}

// trackRefs resolves the track names of the array at path.
func (c *compiler) trackRefs(path string, names []string) []int {
	out := make([]int, 0, len(names))
	for j, name := range names {
		t, ok := c.tracks[name]
		switch {
		case !ok:
			c.r.problem(indexKey(path, j), "unknown track %s%s", quoteShort(name), c.trackHint(name))
		case slices.Contains(out, t):
			c.r.problem(indexKey(path, j), "track %s is listed twice", quoteShort(name))
		default:
			out = append(out, t)
		}
	}
	return out
}

// trackHint suggests a track, or lists them: tracks are few, and unlike
// ids they are never declared in a table of their own.
func (c *compiler) trackHint(name string) string {
	if h := didYouMean(name, c.m.Tracks); h != "" {
		return h
	}
	return fmt.Sprintf(" (the tracks, from the issues, are: %s)", strings.Join(c.m.Tracks, ", "))
}

// levelIndex resolves a level of issue is written at path.
func (c *compiler) levelIndex(path string, is *issueSpec, level string) (int, bool) {
	k := slices.Index(is.levels, level)
	if k < 0 {
		c.r.problem(path, "unknown level %s of %s%s", quoteShort(level), is.id, didYouMean(level, is.levels))
	}
	return k, k >= 0
}

func (c *compiler) compileParties() {
	if len(c.f.parties) == 0 {
		c.r.problem("parties", "a scenario needs at least one party, e.g. [parties.ukraine]")
	}
	for i, ps := range c.f.parties {
		c.parties[ps.id] = i
		c.partyIDs = append(c.partyIDs, ps.id)
	}
	for _, ps := range c.f.parties {
		c.m.Parties = append(c.m.Parties, c.party(ps))
	}
}

func (c *compiler) party(ps *partySpec) sim.Party {
	p := sim.Party{ID: ps.id, Label: ps.label, Veto: ps.veto, Concentration: ps.concentration}
	nt := len(c.m.Tracks)
	staked := make([]bool, nt)
	nominal := make([]float64, nt) // Σ nominal weights by track
	weighed := make([]bool, nt)    // every weight on the track is known
	for t := range weighed {
		weighed[t] = true
	}
	stakeOn := map[int]bool{}
	for _, s := range ps.stakes {
		ii, ok := c.issueRef(s.path, s.issue)
		if !ok {
			continue
		}
		stakeOn[ii] = true
		stake := sim.Stake{Issue: ii, Weight: -1}
		if s.weight != nil {
			stake.Weight = c.param(s.weight.path, s.weight.dist, s.weight.path)
		}
		c.stakeShape(s, c.f.issues[ii], &stake)
		if t := c.m.Issues[ii].Track; t >= 0 {
			staked[t] = true
			if s.weight != nil {
				nominal[t] += s.weight.dist.Mean()
			} else {
				weighed[t] = false
			}
		}
		p.Stakes = append(p.Stakes, stake)
	}
	for t := range nt {
		if staked[t] && weighed[t] && nominal[t] == 0 {
			c.r.problem(joinKey(ps.path, "stakes"), "the weights of %s's stakes on track %s are all zero; give at least one a positive weight", ps.id, c.m.Tracks[t])
		}
	}
	p.Reservation = c.reservation(ps, staked)
	for _, rl := range ps.redLines {
		p.RedLines = append(p.RedLines, c.redLine(ps, rl, stakeOn))
	}
	return p
}

// stakeShape checks that a stake's utility shape fits its issue's kind and
// compiles it: best/worst or a curve for numbers, values for levels.
func (c *compiler) stakeShape(s *stakeSpec, is *issueSpec, stake *sim.Stake) {
	if !is.ok {
		return // the issue's own problems come first
	}
	if is.kind != sim.Number {
		c.levelValues(s, is, stake)
		return
	}
	c.numberCurve(s, is, stake)
}

// levelValues checks and compiles the shape of a stake in an ordinal or
// bool issue: values for every level, and none of a number's keys.
func (c *compiler) levelValues(s *stakeSpec, is *issueSpec, stake *sim.Stake) {
	for _, k := range []struct {
		key     string
		present bool
	}{{"best", s.hasBest}, {"worst", s.hasWorst}, {"curve", s.hasCurve}} {
		if k.present {
			c.r.problem(joinKey(s.path, k.key), "applies to number issues only; %s is %s: use values", is.id, is.kind)
		}
	}
	if !s.valuesTable {
		if s.hasValues {
			return // not a table: reported as such
		}
		c.r.problem(joinKey(s.path, "values"), "missing: the utility in [0, 1] of every level of %s (%s)", is.id, strings.Join(is.levels, ", "))
		return
	}
	values := make([]float64, len(is.levels))
	seen := make([]bool, len(is.levels))
	for _, lv := range s.values {
		if k, ok := c.levelIndex(lv.path, is, lv.level); ok {
			values[k], seen[k] = lv.v, true
		}
	}
	var missing []string
	for k, l := range is.levels {
		if !seen[k] {
			missing = append(missing, l)
		}
	}
	if len(missing) > 0 {
		c.r.problem(joinKey(s.path, "values"), "must cover every level of %s; missing: %s", is.id, strings.Join(missing, ", "))
	}
	if s.shapeOK {
		stake.Values = values
	}
}

// numberCurve checks and compiles the shape of a stake in a number issue:
// best and worst, or a curve, and no values.
func (c *compiler) numberCurve(s *stakeSpec, is *issueSpec, stake *sim.Stake) {
	if s.hasValues {
		c.r.problem(joinKey(s.path, "values"), "applies to ordinal and bool issues only; %s is a number: use best and worst, or a curve", is.id)
	}
	bw := s.hasBest || s.hasWorst
	switch {
	case bw && s.hasCurve:
		c.r.problem(joinKey(s.path, "curve"), "give best and worst, or a curve, not both")
	case s.hasBest && !s.hasWorst:
		c.r.problem(joinKey(s.path, "worst"), "missing: best and worst go together")
	case s.hasWorst && !s.hasBest:
		c.r.problem(joinKey(s.path, "best"), "missing: best and worst go together")
	case !bw && !s.hasCurve:
		c.r.problem(s.path, "needs best and worst (a linear utility), or a curve of [x, u] points, for %s", is.id)
	case !s.shapeOK:
	case s.hasCurve:
		stake.CurveX, stake.CurveY = s.curveX, s.curveY
	case s.best < s.worst:
		stake.CurveX, stake.CurveY = []float64{s.best, s.worst}, []float64{1, 0}
	default:
		stake.CurveX, stake.CurveY = []float64{s.worst, s.best}, []float64{0, 1}
	}
}

// reservation resolves a party's reservation into one Param index per
// staked track: the same index on every track for a single input, one
// Param per track for a table. A track of a single input set on its own by
// an override gets its own Param, named by the track, while the other
// tracks keep sharing the single one, under its own name: the engine
// derives an input's random stream from its name, so the shared draw stays
// the draw it was without the override.
func (c *compiler) reservation(ps *partySpec, staked []bool) []int {
	res := make([]int, len(c.m.Tracks))
	for t := range res {
		res[t] = -1
	}
	path := joinKey(ps.path, "reservation")
	rs := ps.reservation
	if rs == nil {
		if !ps.hasReservation && slices.Contains(staked, true) {
			c.r.problem(path, `missing: what walking away is worth to %s (its BATNA), e.g. reservation = 0.5 or "normal(0.5, 0.1)"`, ps.id)
		}
		return res
	}
	byTrack := map[int]*uncertain{}
	for _, ti := range rs.byTrack {
		if t, ok := c.tracks[ti.track]; ok {
			byTrack[t] = ti.in
		} else {
			c.r.problem(ti.in.path, "unknown track %s%s", quoteShort(ti.track), c.trackHint(ti.track))
		}
	}
	shared := -1
	for t, name := range c.m.Tracks {
		if !staked[t] {
			continue // indifferent: it accepts whatever the track holds
		}
		switch in := byTrack[t]; {
		case in != nil:
			res[t] = c.param(in.path, in.dist, in.path)
		case rs.single != nil:
			if shared < 0 {
				shared = c.param(path, rs.single.dist, path)
			}
			res[t] = shared
		case rs.def != nil:
			res[t] = c.param(joinKey(path, name), rs.def.dist, rs.def.path)
		default:
			c.r.problem(path, "no reservation for track %s, on which %s has stakes; add %s = … or default = …", name, ps.id, name)
		}
	}
	return res
}

// redLineIssueKind is the kind of issue a kind of red line applies to.
func redLineIssueKind(k sim.RedLineKind) sim.IssueKind {
	switch k {
	case sim.Allowed:
		return sim.Ordinal
	case sim.Require:
		return sim.Bool
	}
	return sim.Number
}

// redLineFor names the red-line keys that suit a kind of issue.
func redLineFor(k sim.IssueKind) string {
	switch k {
	case sim.Ordinal:
		return "allowed"
	case sim.Bool:
		return "require"
	}
	return "min or max"
}

func (c *compiler) redLine(ps *partySpec, rl *redLineSpec, stakeOn map[int]bool) sim.RedLine {
	out := sim.RedLine{Label: rl.label, Issue: -1, Kind: rl.kind, Threshold: -1, Penalty: -1, Hard: rl.hard}
	if rl.threshold != nil {
		out.Threshold = c.param(rl.threshold.path, rl.threshold.dist, rl.threshold.path)
	}
	if rl.weight != nil {
		out.Penalty = c.param(rl.weight.path, rl.weight.dist, rl.weight.path)
	}
	if rl.issue == "" {
		return out
	}
	ii, ok := c.issueRef(joinKey(rl.path, "issue"), rl.issue)
	if !ok {
		return out
	}
	out.Issue = ii
	is := c.f.issues[ii]
	if !stakeOn[ii] {
		c.r.problem(joinKey(rl.path, "issue"), "%s has no stake in %s; a red line must be on an issue its party has a stake in (add [%s.stakes.%s])", ps.id, is.id, ps.path, is.id)
	}
	if !is.ok || rl.kindKey == "" {
		return out
	}
	if want := redLineIssueKind(rl.kind); want != is.kind {
		c.r.problem(joinKey(rl.path, rl.kindKey), "applies to %s issues; %s is %s: use %s", want, is.id, is.kind, redLineFor(is.kind))
		return out
	}
	switch rl.kind {
	case sim.Allowed:
		out.Levels = make([]bool, len(is.levels))
		for j, level := range rl.allowed {
			if l, ok := c.levelIndex(indexKey(joinKey(rl.path, "allowed"), j), is, level); ok {
				out.Levels[l] = true
			}
		}
	case sim.Require:
		out.Levels = []bool{!rl.require, rl.require}
	}
	return out
}

func (c *compiler) compileFactors() {
	for _, fs := range c.f.factors {
		f := sim.Factor{ID: fs.id, Label: fs.label, Value: -1}
		if fs.value != nil {
			f.Value = c.param(fs.value.path, fs.value.dist, fs.value.path)
		}
		f.Effects = c.effects(fs.effects)
		f.Step, f.Bounds = c.factorStep(fs)
		c.m.Factors = append(c.m.Factors, f)
	}
}

// effects compiles the effects of a factor or a pathway; nil for none.
func (c *compiler) effects(specs []*effectSpec) []sim.Effect {
	var out []sim.Effect
	for _, es := range specs {
		e := sim.Effect{Party: -1, Coef: -1}
		if es.party != "" {
			e.Party, _ = c.partyRef(joinKey(es.path, "party"), es.party)
		}
		if es.coef != nil {
			e.Coef = c.param(es.coef.path, es.coef.dist, es.coef.path)
		}
		if es.tracks != nil {
			e.Tracks = c.trackRefs(joinKey(es.path, "tracks"), es.tracks)
		}
		out = append(out, e)
	}
	return out
}

// compilePackages gives every package a value for every issue: its own,
// or else the one of the package it extends (which may extend another).
// A schedule is inherited the same way, track by track: each track's
// round is the package's own, or else its base's.
func (c *compiler) compilePackages() {
	specs := c.f.packages
	if len(specs) == 0 {
		c.r.problem("packages", "a scenario needs at least one package to score, e.g. [packages.proposal]")
	}
	// A package's values are its issues' values, then its schedule's
	// rounds by track, so that one pass of extends resolves both.
	ni, nt := len(c.m.Issues), len(c.m.Tracks)
	index := map[string]int{}
	var ids []string
	for i, ps := range specs {
		index[ps.id] = i
		ids = append(ids, ps.id)
	}
	own := make([][]float64, len(specs))
	given := make([][]bool, len(specs))
	keys := append(slices.Clone(c.issueIDs), labelKey, extendsKey, scheduleKey)
	for i, ps := range specs {
		own[i], given[i] = make([]float64, ni+nt), make([]bool, ni+nt)
		c.ownSchedule(ps, own[i][ni:], given[i][ni:])
		for _, pv := range ps.values {
			ii, ok := c.issues[pv.issue]
			if !ok {
				c.r.problem(pv.path, "unknown issue %s%s; a package gives values to issues, and may have a label, extends and a schedule", quoteShort(pv.issue), didYouMean(pv.issue, keys))
				continue
			}
			given[i][ii] = true
			own[i][ii], _ = c.packageValue(pv, c.f.issues[ii])
		}
		if ps.extends != "" {
			if _, ok := index[ps.extends]; !ok {
				c.r.problem(joinKey(ps.path, extendsKey), "unknown package %s%s", quoteShort(ps.extends), didYouMean(ps.extends, ids))
			}
		}
	}
	values, have, ok := c.resolveExtends(index, own, given)
	for i, ps := range specs {
		pkg := sim.Package{ID: ps.id, Label: ps.label, Values: values[i][:ni:ni]}
		if ok[i] {
			c.missingValues(ps, have[i][:ni])
			pkg.Schedule = scheduleOf(values[i][ni:], have[i][ni:])
		}
		c.m.Packages = append(c.m.Packages, pkg)
	}
}

// missingValues reports the issues a package gives no value, itself or
// through extends (have[i] when it gives issue i one).
func (c *compiler) missingValues(ps *packageSpec, have []bool) {
	var missing []string
	for ii, h := range have {
		if id := c.issueIDs[ii]; !h && id != labelKey && id != extendsKey && id != scheduleKey {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		c.r.problem(ps.path, "gives no value, itself or through extends, for %s", strings.Join(missing, ", "))
	}
}

// resolveExtends overlays each package's own values on those of the
// package it extends, which may extend another. Each package is resolved
// once, after its base, so a long chain costs no more than a short one.
// ok[i] is false when package i's chain is broken by an unknown package
// (reported where it is named) or by a loop (reported once, at the loop's
// first package in the file).
func (c *compiler) resolveExtends(index map[string]int, own [][]float64, given [][]bool) (values [][]float64, have [][]bool, ok []bool) {
	specs := c.f.packages
	const (
		todo = iota
		walking
		done
		broken
	)
	state := make([]int8, len(specs))
	values, have, ok = make([][]float64, len(specs)), make([][]bool, len(specs)), make([]bool, len(specs))
	for i := range specs {
		if state[i] != todo {
			continue
		}
		// Walk up the extends chain to a resolved base, the root, or a break.
		walk, base, good := []int{}, -1, true
		for cur := i; ; {
			walk = append(walk, cur)
			state[cur] = walking
			next, known := index[specs[cur].extends]
			if specs[cur].extends == "" {
				break
			}
			if !known || state[next] == broken {
				good = false
				break
			}
			if state[next] == walking {
				c.reportLoop(walk[slices.Index(walk, next):])
				good = false
				break
			}
			if state[next] == done {
				base = next
				break
			}
			cur = next
		}
		// Resolve the walk from its top down.
		for j := len(walk) - 1; j >= 0; j-- {
			p := walk[j]
			if !good {
				state[p], values[p] = broken, own[p]
				continue
			}
			vals, h := make([]float64, len(own[p])), make([]bool, len(own[p]))
			if base >= 0 {
				copy(vals, values[base])
				copy(h, have[base])
			}
			for ii, g := range given[p] {
				if g {
					vals[ii], h[ii] = own[p][ii], true
				}
			}
			state[p], values[p], have[p], ok[p] = done, vals, h, true
			base = p
		}
	}
	return values, have, ok
}

// reportLoop reports a loop of extends once, starting from its package
// that comes first in the file.
func (c *compiler) reportLoop(loop []int) {
	specs := c.f.packages
	first := slices.Index(loop, slices.Min(loop))
	loop = append(slices.Clone(loop[first:]), loop[:first]...)
	names := make([]string, 0, len(loop)+1)
	for _, p := range loop {
		names = append(names, specs[p].id)
	}
	names = append(names, specs[loop[0]].id)
	c.r.problem(joinKey(specs[loop[0]].path, extendsKey), "extends loops: %s", strings.Join(names, " → "))
}

// packageValue reads a package's value for an issue as sim.Package stores
// it: the number, the level index, or 0/1.
func (c *compiler) packageValue(pv packageValue, is *issueSpec) (float64, bool) {
	if !is.ok {
		return 0, false
	}
	r := c.r
	switch is.kind {
	case sim.Number:
		x, ok := r.number(pv.path, pv.v)
		if ok && (x < is.lo || x > is.hi) {
			r.problem(pv.path, "%g is outside the range of %s, [%g, %g]", x, is.id, is.lo, is.hi)
			return 0, false
		}
		return x, ok
	case sim.Ordinal:
		s, ok := pv.v.(string)
		if !ok {
			r.problem(pv.path, "must be one of the levels of %s (%s), not %s", is.id, strings.Join(is.levels, ", "), describe(pv.v))
			return 0, false
		}
		k, ok := c.levelIndex(pv.path, is, s)
		return float64(k), ok
	default:
		b, ok := pv.v.(bool)
		if !ok {
			if s, isStr := pv.v.(string); isStr && (s == "true" || s == "false") {
				r.problem(pv.path, "must be true or false without quotes")
			} else {
				r.problem(pv.path, "must be true or false, not %s", describe(pv.v))
			}
			return 0, false
		}
		if b {
			return 1, true
		}
		return 0, true
	}
}

func (c *compiler) compilePathways() {
	ws := c.f.pathways
	if len(ws) == 0 {
		if !c.f.pathwaysBad {
			c.r.problem("pathways", `a scenario needs at least one pathway: the last, with no tracks, is the fallback, e.g. [[pathways]] id = "talks_collapse"`)
		}
		return
	}
	seen := map[string]string{}
	index, ids := pathwayIDs(ws)
	for k, w := range ws {
		p := sim.Pathway{ID: w.id, Label: w.label}
		if w.id != "" {
			if prev, dup := seen[w.id]; dup {
				c.r.problem(joinKey(w.path, "id"), "pathway id %s is used twice (also at %s)", quoteShort(w.id), prev)
			} else {
				seen[w.id] = w.path
			}
		}
		last := k == len(ws)-1
		fallback := w.fallback()
		switch {
		case fallback && !last:
			c.r.problem(w.path, "has no tracks, which makes it the fallback, but only the last pathway may be the fallback; give it tracks or move it to the end")
		case !fallback && last && w.tracksOK:
			c.r.problem(w.path, `the last pathway must be the fallback, with no tracks (the outcome when no other matches); add one, e.g. [[pathways]] id = "talks_collapse"`)
		}
		if fallback {
			c.fallbackKeys(w)
			c.m.Pathways = append(c.m.Pathways, p)
			continue
		}
		p.Tracks = c.trackRefs(joinKey(w.path, "tracks"), w.tracks)
		p.AcceptedBy, p.Parties = c.acceptedBy(w)
		p.After = c.afterRefs(k, w, index, ids)
		p.Effects = c.effects(w.effects)
		c.m.Pathways = append(c.m.Pathways, p)
	}
	if !c.afterLoops() {
		c.warnUnreached()
	}
}

// fallback reports whether the pathway is the fallback, with no tracks:
// false when its tracks are unreadable, as it is then not known.
func (w *pathwaySpec) fallback() bool { return w.tracksOK && len(w.tracks) == 0 }

// fallbackKeys reports the keys the fallback cannot have: it has no rule
// (no tracks to accept, nothing to come after) and is never reached (the
// outcome when no pathway is), so it has no effects either.
func (c *compiler) fallbackKeys(w *pathwaySpec) {
	if w.hasAcceptedBy {
		c.r.problem(joinKey(w.path, "accepted_by"), "the fallback has no tracks to accept; remove accepted_by")
	}
	if w.hasAfter {
		c.r.problem(joinKey(w.path, "after"), "the fallback has no rule and is never reached itself, the outcome when no pathway is: remove after")
	}
	if len(w.effects) > 0 {
		c.r.problem(joinKey(w.path, "effects"), "the fallback is never reached, the outcome when no pathway is, so it has no effects: remove them, or give them to a pathway with tracks")
	}
}

// acceptedBy resolves who must accept a pathway's tracks: "veto" (the
// default), "all", or a list of party ids.
func (c *compiler) acceptedBy(w *pathwaySpec) (string, []int) {
	path := joinKey(w.path, "accepted_by")
	if !w.acceptedOK {
		return "", nil
	}
	if w.parties != nil {
		var idx []int
		for j, id := range w.parties {
			i, ok := c.partyRef(indexKey(path, j), id)
			switch {
			case !ok:
			case slices.Contains(idx, i):
				c.r.problem(indexKey(path, j), "party %s is listed twice", quoteShort(id))
			default:
				idx = append(idx, i)
			}
		}
		return strings.Join(w.parties, ","), idx
	}
	rule := w.acceptedBy
	if !w.hasAcceptedBy {
		rule = acceptedByVeto
	}
	var idx []int
	switch rule {
	case acceptedByVeto:
		for i, p := range c.f.parties {
			if p.veto {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 && len(c.f.parties) > 0 {
			at := path
			if !w.hasAcceptedBy {
				at = w.path
			}
			c.r.problem(at, `accepted_by is "veto" (the default), but no party has veto = true; mark the veto parties or list the parties who must accept`)
		}
	case acceptedByAll:
		for i := range c.f.parties {
			idx = append(idx, i)
		}
	default:
		if _, isParty := c.parties[rule]; isParty {
			c.r.problem(path, `must be "veto", "all" or a list of party ids: for one party write [%q]`, rule)
		} else {
			c.r.problem(path, `must be "veto", "all" or a list of party ids, not %s%s`, quoteShort(rule), didYouMean(rule, []string{acceptedByVeto, acceptedByAll}))
		}
	}
	return rule, idx
}
