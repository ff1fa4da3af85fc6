package sim

import (
	"strconv"
	"strings"
)

// canonicalVersion names the layout Canonical writes; it changes only if
// that layout does, which changes every scenario hash.
const canonicalVersion = 1

// Canonical returns the resolved scenario's content in a canonical text
// form: one `key.path = value` line per value, in the model's order, with
// every number in the shortest form that reads back exactly, every
// uncertain input in scenario notation under its key path (which also
// names its random stream), and every reference to an input by that key
// path. Packages appear with every issue's value after extends, levels by
// name. Two models with the same Canonical form give the same results for
// the same seed and trials. Reformatting a file, editing its comments or
// moving a table's keys that are not inputs does not change it, while
// changing any value, label or the order of packages, parties, issues or
// pathways (which orders the outputs) does; so does moving one input's key
// above another's (inputs are listed in file order), though the results do
// not move (docs/model.md#canonical-form). The evidence entries, where
// the model has any, come last, as EvidenceCanonical writes them.
//
// It depends on no Go type's layout, so a scenario's hash (its SHA-256, in
// every manifest) survives refactoring of this package.
func (m *Model) Canonical() []byte {
	w := newCanonicalWriter(m)
	w.line("canonical", strconv.Itoa(canonicalVersion))
	w.line("scenario.id", strconv.Quote(m.ID))
	w.line("scenario.label", strconv.Quote(m.Label))
	w.line("scenario.source", strconv.Quote(m.Source))
	w.line("run.trials", strconv.Itoa(m.Trials))
	w.line("run.seed", strconv.FormatUint(m.Seed, 10))
	w.line("tracks", quoteAll(m.Tracks))
	for i := range m.Issues {
		w.issue(&m.Issues[i])
	}
	for _, p := range m.Params {
		w.line("inputs."+strconv.Quote(p.Name), strconv.Quote(p.Dist.String()))
	}
	for p := range m.Parties {
		w.party(&m.Parties[p])
	}
	for f := range m.Factors {
		w.factor(&m.Factors[f])
	}
	for k := range m.Packages {
		w.pkg(&m.Packages[k])
	}
	for i := range m.Pathways {
		w.pathway(i, &m.Pathways[i])
	}
	if m.Timeline != nil {
		w.timeline(m.Timeline)
	}
	// Only where given, so that the hash of a scenario without evidence
	// is as it was, and that of one with its evidence dropped (Evidence
	// nil, the prior) is the hash of the file without it.
	w.evidence()
	// The packages only evidence observes, of a model of some of a
	// scenario's packages: their values move its results.
	for k := range m.Observed {
		w.pkgUnder("observed", &m.Observed[k])
	}
	return w.b
}

// EvidenceCanonical returns the lines of Canonical that the model's
// Evidence writes, and nothing else: empty without evidence. Its hash
// names the evidence a run conditions on apart from the scenario, so that
// the same observations of two scenarios (or of a scenario and its
// variant) hash alike: every reference in it is written by id.
func (m *Model) EvidenceCanonical() []byte {
	w := newCanonicalWriter(m)
	w.evidence()
	return w.b
}

// newCanonicalWriter starts the Canonical form of m.
func newCanonicalWriter(m *Model) *canonicalWriter {
	w := &canonicalWriter{m: m, issueIDs: make([]string, len(m.Issues)), partyIDs: make([]string, len(m.Parties))}
	// A package's lines are most of a scenario of many packages: room for
	// them at once, rather than a text copied as it doubles.
	w.b = make([]byte, 0, 4096+len(m.Packages)*(len(m.Issues)+2)*48)
	for i, is := range m.Issues {
		w.issueIDs[i] = is.ID
	}
	for i, p := range m.Parties {
		w.partyIDs[i] = p.ID
	}
	return w
}

// canonicalWriter writes the lines of a model's Canonical form: the model,
// the ids by which its references are written, and the text so far.
type canonicalWriter struct {
	m                  *Model
	issueIDs, partyIDs []string
	b                  []byte
}

// line writes one `key = value` line.
func (w *canonicalWriter) line(key string, value string) {
	w.b = append(append(append(append(w.b, key...), " = "...), value...), '\n')
}

// input writes a reference to Params[i] by its key path; "none" for no
// input (-1).
func (w *canonicalWriter) input(i int) string {
	if i < 0 || i >= len(w.m.Params) {
		return "none"
	}
	return "input " + strconv.Quote(w.m.Params[i].Name)
}

// trackNames are the names of the tracks with indices ts.
func (w *canonicalWriter) trackNames(ts []int) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = idAt(w.m.Tracks, t)
	}
	return out
}

// issue writes an issue's lines: its label, track and kind, its unit and
// range or its levels, and how far it is negotiable.
func (w *canonicalWriter) issue(is *Issue) {
	k := "issues." + keySegment(is.ID)
	w.line(k+".label", strconv.Quote(is.Label))
	w.line(k+".track", strconv.Quote(idAt(w.m.Tracks, is.Track)))
	w.line(k+".kind", strconv.Quote(is.Kind.String()))
	if is.Kind == Number {
		w.line(k+".unit", strconv.Quote(is.Unit))
		w.line(k+".range", formatNumbers([]float64{is.Lo, is.Hi}))
	} else {
		w.line(k+".levels", quoteAll(is.Levels))
	}
	// Only where declared, so that the hash of a scenario without
	// negotiable issues is as it was.
	if n := is.Negotiable; n != nil && is.Kind == Number {
		w.line(k+".negotiable", formatNumbers([]float64{n.Lo, n.Hi}))
	} else if n != nil {
		levels := make([]string, len(n.Levels))
		for j, l := range n.Levels {
			levels[j] = is.Levels[l]
		}
		w.line(k+".negotiable", quoteAll(levels))
	}
}

// party writes a party's lines, then those of its stakes and red lines.
func (w *canonicalWriter) party(p *Party) {
	k := "parties." + keySegment(p.ID)
	w.line(k+".label", strconv.Quote(p.Label))
	w.line(k+".veto", strconv.FormatBool(p.Veto))
	w.line(k+".salience_concentration", formatNumber(p.Concentration))
	for t, r := range p.Reservation {
		w.line(k+".reservation."+keySegment(idAt(w.m.Tracks, t)), w.input(r))
	}
	for _, s := range p.Stakes {
		sk := k + ".stakes." + keySegment(idAt(w.issueIDs, s.Issue))
		w.line(sk+".weight", w.input(s.Weight))
		if s.Values != nil {
			w.line(sk+".values", formatNumbers(s.Values))
		} else {
			w.line(sk+".curve", formatNumbers(s.CurveX)+" "+formatNumbers(s.CurveY))
		}
	}
	for i := range p.RedLines {
		w.redLine(k+".red_lines["+strconv.Itoa(i)+"]", &p.RedLines[i])
	}
}

// redLine writes the lines of a red line whose key path is rk.
func (w *canonicalWriter) redLine(rk string, r *RedLine) {
	w.line(rk+".label", strconv.Quote(r.Label))
	w.line(rk+".issue", strconv.Quote(idAt(w.issueIDs, r.Issue)))
	w.line(rk+".kind", strconv.Quote(r.Kind.String()))
	switch r.Kind {
	case Min, Max:
		w.line(rk+".threshold", w.input(r.Threshold))
	default:
		allowed := make([]string, len(r.Levels))
		for l, ok := range r.Levels {
			allowed[l] = strconv.FormatBool(ok)
		}
		w.line(rk+".levels", "["+strings.Join(allowed, ", ")+"]")
	}
	w.line(rk+".hard", strconv.FormatBool(r.Hard))
	w.line(rk+".weight", w.input(r.Penalty))
}

// factor writes a factor's lines and those of its effects.
func (w *canonicalWriter) factor(f *Factor) {
	k := "factors." + keySegment(f.ID)
	w.line(k+".label", strconv.Quote(f.Label))
	w.line(k+".value", w.input(f.Value))
	w.effects(k, f.Effects)
	// The timeline's keys only where declared, so that the hash of a
	// scenario without a timeline is as it was.
	if f.Step >= 0 {
		w.line(k+".step", w.input(f.Step))
	}
	if f.Bounds != nil {
		w.line(k+".bounds", formatNumbers(f.Bounds))
	}
}

// effects writes the lines of the effects of the factor or pathway whose
// key path is k.
func (w *canonicalWriter) effects(k string, effects []Effect) {
	for i, e := range effects {
		ek := k + ".effects[" + strconv.Itoa(i) + "]"
		w.line(ek+".party", strconv.Quote(idAt(w.partyIDs, e.Party)))
		w.line(ek+".coef", w.input(e.Coef))
		if e.Tracks == nil {
			w.line(ek+".tracks", "all")
		} else {
			w.line(ek+".tracks", quoteAll(w.trackNames(e.Tracks)))
		}
	}
}

// timeline writes the lines of the model's timeline.
func (w *canonicalWriter) timeline(t *Timeline) {
	w.line("timeline.rounds", strconv.Itoa(t.Rounds))
	w.line("timeline.unit", strconv.Quote(t.Unit))
	w.line("timeline.start", strconv.Quote(t.Start))
	for _, mk := range t.Marks {
		w.line("timeline.marks."+keySegment(mk.Name), strconv.Itoa(mk.Round))
	}
}

// pkg writes a package's label and its value of every issue, a level by
// its name.
func (w *canonicalWriter) pkg(pkg *Package) { w.pkgUnder("packages", pkg) }

// pkgUnder writes the lines of a package under the key table.
func (w *canonicalWriter) pkgUnder(table string, pkg *Package) {
	// Written in place, not through line: a scenario of many packages has
	// this loop's lines by the hundred thousand, and their keys' and values'
	// strings were most of its canonical form's time.
	k := table + "." + keySegment(pkg.ID)
	w.b = strconv.AppendQuote(append(append(w.b, k...), ".label = "...), pkg.Label)
	w.b = append(w.b, '\n')
	for i, x := range pkg.Values {
		if i >= len(w.m.Issues) {
			break
		}
		w.b = append(append(append(append(w.b, k...), '.'), keySegment(w.issueIDs[i])...), " = "...)
		if is := &w.m.Issues[i]; is.Kind != Number && int(x) >= 0 && int(x) < len(is.Levels) {
			w.b = strconv.AppendQuote(w.b, is.Levels[int(x)])
		} else {
			w.b = strconv.AppendFloat(w.b, x, 'g', -1, 64)
		}
		w.b = append(w.b, '\n')
	}
	for t := range pkg.Schedule {
		if r := pkg.OnTable(t); r > 1 {
			w.b = append(append(append(append(w.b, k...), ".schedule."...), keySegment(idAt(w.m.Tracks, t))...), " = "...)
			w.b = append(strconv.AppendInt(w.b, int64(r), 10), '\n')
		}
	}
}

// pathway writes the lines of Pathways[i].
func (w *canonicalWriter) pathway(i int, p *Pathway) {
	k := "pathways[" + strconv.Itoa(i) + "]"
	w.line(k+".id", strconv.Quote(p.ID))
	w.line(k+".label", strconv.Quote(p.Label))
	w.line(k+".tracks", quoteAll(w.trackNames(p.Tracks)))
	parties := make([]string, len(p.Parties))
	for j, q := range p.Parties {
		parties[j] = idAt(w.partyIDs, q)
	}
	w.line(k+".accepted_by", quoteAll(parties))
	if len(p.After) > 0 {
		after := make([]string, len(p.After))
		for j, a := range p.After {
			after[j] = "?"
			if a >= 0 && a < len(w.m.Pathways) {
				after[j] = w.m.Pathways[a].ID
			}
		}
		w.line(k+".after", quoteAll(after))
	}
	w.effects(k, p.Effects)
}

// evidence writes the lines of the model's evidence entries, each under
// its key path evidence[i]: an acceptance by its party, track and
// accepted, a pathway by its id and reached; then its round and its
// reliability.
func (w *canonicalWriter) evidence() {
	for i := range w.m.Evidence {
		ev := &w.m.Evidence[i]
		k := "evidence[" + strconv.Itoa(i) + "]"
		w.line(k+".label", strconv.Quote(ev.Label))
		w.line(k+".source", strconv.Quote(ev.Source))
		pkg := "?"
		if ev.Package >= 0 && ev.Package < w.m.scored() {
			pkg = w.m.ScoredPackage(ev.Package).ID
		}
		w.line(k+".package", strconv.Quote(pkg))
		if ev.Pathway < 0 {
			w.line(k+".party", strconv.Quote(idAt(w.partyIDs, ev.Party)))
			w.line(k+".track", strconv.Quote(idAt(w.m.Tracks, ev.Track)))
			w.line(k+".accepted", strconv.FormatBool(ev.Observed))
		} else {
			id := "?"
			if ev.Pathway < len(w.m.Pathways) {
				id = w.m.Pathways[ev.Pathway].ID
			}
			w.line(k+".pathway", strconv.Quote(id))
			w.line(k+".reached", strconv.FormatBool(ev.Observed))
		}
		w.line(k+".round", strconv.Itoa(ev.Round))
		w.line(k+".reliability", formatNumber(ev.Reliability))
	}
}

// formatNumber writes x in the shortest form that reads back exactly.
func formatNumber(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// formatNumbers writes xs as a list of numbers, [x, y].
func formatNumbers(xs []float64) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = formatNumber(x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// quoteAll writes ss as a list of quoted strings, ["a", "b"].
func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// idAt is ids[i], or "?" for an index out of range.
func idAt(ids []string, i int) string {
	if i < 0 || i >= len(ids) {
		return "?"
	}
	return ids[i]
}
