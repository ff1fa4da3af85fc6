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
// not move (docs/model.md#canonical-form).
//
// It depends on no Go type's layout, so a scenario's hash (its SHA-256, in
// every manifest) survives refactoring of this package.
func (m *Model) Canonical() []byte {
	var b strings.Builder
	line := func(key string, value string) {
		b.WriteString(key)
		b.WriteString(" = ")
		b.WriteString(value)
		b.WriteByte('\n')
	}
	str := strconv.Quote
	num := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	input := func(i int) string {
		if i < 0 || i >= len(m.Params) {
			return "none"
		}
		return "input " + str(m.Params[i].Name)
	}
	strs := func(ss []string) string {
		q := make([]string, len(ss))
		for i, s := range ss {
			q[i] = str(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	nums := func(xs []float64) string {
		q := make([]string, len(xs))
		for i, x := range xs {
			q[i] = num(x)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	raw := func(ids []string, i int) string {
		if i < 0 || i >= len(ids) {
			return "?"
		}
		return ids[i]
	}
	name := func(ids []string, i int) string { return str(raw(ids, i)) }
	trackNames := func(ts []int) []string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = raw(m.Tracks, t)
		}
		return out
	}

	line("canonical", strconv.Itoa(canonicalVersion))
	line("scenario.id", str(m.ID))
	line("scenario.label", str(m.Label))
	line("scenario.source", str(m.Source))
	line("run.trials", strconv.Itoa(m.Trials))
	line("run.seed", strconv.FormatUint(m.Seed, 10))
	line("tracks", strs(m.Tracks))
	issueIDs := make([]string, len(m.Issues))
	for i, is := range m.Issues {
		issueIDs[i] = is.ID
		k := "issues." + keySegment(is.ID)
		line(k+".label", str(is.Label))
		line(k+".track", name(m.Tracks, is.Track))
		line(k+".kind", str(is.Kind.String()))
		if is.Kind == Number {
			line(k+".unit", str(is.Unit))
			line(k+".range", nums([]float64{is.Lo, is.Hi}))
		} else {
			line(k+".levels", strs(is.Levels))
		}
		// Only where declared, so that the hash of a scenario without
		// negotiable issues is as it was.
		if n := is.Negotiable; n != nil && is.Kind == Number {
			line(k+".negotiable", nums([]float64{n.Lo, n.Hi}))
		} else if n != nil {
			levels := make([]string, len(n.Levels))
			for j, l := range n.Levels {
				levels[j] = is.Levels[l]
			}
			line(k+".negotiable", strs(levels))
		}
	}
	for _, p := range m.Params {
		line("inputs."+str(p.Name), str(p.Dist.String()))
	}
	for _, p := range m.Parties {
		k := "parties." + keySegment(p.ID)
		line(k+".label", str(p.Label))
		line(k+".veto", strconv.FormatBool(p.Veto))
		line(k+".salience_concentration", num(p.Concentration))
		for t, r := range p.Reservation {
			line(k+".reservation."+keySegment(raw(m.Tracks, t)), input(r))
		}
		for _, s := range p.Stakes {
			sk := k + ".stakes." + keySegment(raw(issueIDs, s.Issue))
			line(sk+".weight", input(s.Weight))
			if s.Values != nil {
				line(sk+".values", nums(s.Values))
			} else {
				line(sk+".curve", nums(s.CurveX)+" "+nums(s.CurveY))
			}
		}
		for i, r := range p.RedLines {
			rk := k + ".red_lines[" + strconv.Itoa(i) + "]"
			line(rk+".label", str(r.Label))
			line(rk+".issue", name(issueIDs, r.Issue))
			line(rk+".kind", str(r.Kind.String()))
			switch r.Kind {
			case Min, Max:
				line(rk+".threshold", input(r.Threshold))
			default:
				allowed := make([]string, len(r.Levels))
				for l, ok := range r.Levels {
					allowed[l] = strconv.FormatBool(ok)
				}
				line(rk+".levels", "["+strings.Join(allowed, ", ")+"]")
			}
			line(rk+".hard", strconv.FormatBool(r.Hard))
			line(rk+".weight", input(r.Penalty))
		}
	}
	partyIDs := make([]string, len(m.Parties))
	for i, p := range m.Parties {
		partyIDs[i] = p.ID
	}
	for _, f := range m.Factors {
		k := "factors." + keySegment(f.ID)
		line(k+".label", str(f.Label))
		line(k+".value", input(f.Value))
		for i, e := range f.Effects {
			ek := k + ".effects[" + strconv.Itoa(i) + "]"
			line(ek+".party", name(partyIDs, e.Party))
			line(ek+".coef", input(e.Coef))
			if e.Tracks == nil {
				line(ek+".tracks", "all")
			} else {
				line(ek+".tracks", strs(trackNames(e.Tracks)))
			}
		}
	}
	for _, pkg := range m.Packages {
		k := "packages." + keySegment(pkg.ID)
		line(k+".label", str(pkg.Label))
		for i, x := range pkg.Values {
			if i >= len(m.Issues) {
				break
			}
			v := num(x)
			if is := &m.Issues[i]; is.Kind != Number && int(x) >= 0 && int(x) < len(is.Levels) {
				v = str(is.Levels[int(x)])
			}
			line(k+"."+keySegment(issueIDs[i]), v)
		}
	}
	for i, w := range m.Pathways {
		k := "pathways[" + strconv.Itoa(i) + "]"
		line(k+".id", str(w.ID))
		line(k+".label", str(w.Label))
		line(k+".tracks", strs(trackNames(w.Tracks)))
		parties := make([]string, len(w.Parties))
		for j, p := range w.Parties {
			parties[j] = raw(partyIDs, p)
		}
		line(k+".accepted_by", strs(parties))
	}
	return []byte(b.String())
}
