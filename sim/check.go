package sim

import (
	"fmt"
	"slices"
)

// Check verifies that every index in m is in range and every slice has the
// length its indices need, so that a run cannot fail on a malformed Model.
// Models compiled by package scenarios always pass; Check guards hand-built
// ones.
func (m *Model) Check() error {
	if len(m.Pathways) == 0 || !m.Pathways[len(m.Pathways)-1].Fallback() {
		return fmt.Errorf("model %q: the last pathway must be the fallback", m.ID)
	}
	for i := range m.Issues {
		if err := m.checkIssue(i); err != nil {
			return err
		}
	}
	for _, pr := range m.Params {
		if err := pr.Dist.Validate(); err != nil {
			return fmt.Errorf("%s: %v", pr.Name, err)
		}
	}
	for p := range m.Parties {
		if err := m.checkParty(&m.Parties[p]); err != nil {
			return err
		}
	}
	for f := range m.Factors {
		if err := m.checkFactor(&m.Factors[f]); err != nil {
			return err
		}
	}
	for _, k := range m.Packages {
		if len(k.Values) != len(m.Issues) {
			return fmt.Errorf("package %q: %d values for %d issues", k.ID, len(k.Values), len(m.Issues))
		}
	}
	for w := range m.Pathways {
		if err := m.checkPathway(&m.Pathways[w]); err != nil {
			return err
		}
	}
	if err := m.checkTimeline(); err != nil {
		return err
	}
	return m.checkEvidence()
}

// checkParam verifies that i, which what refers to, is an index into
// m.Params.
func (m *Model) checkParam(i int, what string) error {
	if i < 0 || i >= len(m.Params) {
		return fmt.Errorf("%s: param index %d out of range", what, i)
	}
	return nil
}

// checkIssue verifies Issues[i]: its track, its levels and how far it is
// negotiable.
func (m *Model) checkIssue(i int) error {
	is := &m.Issues[i]
	if is.Track < 0 || is.Track >= len(m.Tracks) {
		return fmt.Errorf("issue %q: track %d out of range", is.ID, is.Track)
	}
	if is.Kind != Number && len(is.Levels) == 0 {
		return fmt.Errorf("issue %d (%q): no levels", i, is.ID)
	}
	if is.Negotiable != nil {
		return checkNegotiable(is)
	}
	return nil
}

// checkNegotiable verifies that the negotiable part of an issue lies
// within its values: a range inside a Number issue's, or levels it has.
func checkNegotiable(is *Issue) error {
	n := is.Negotiable
	if is.Kind == Number && !(is.Lo <= n.Lo && n.Lo <= n.Hi && n.Hi <= is.Hi) {
		return fmt.Errorf("issue %q: negotiable [%g, %g] not within its range [%g, %g]", is.ID, n.Lo, n.Hi, is.Lo, is.Hi)
	}
	for _, l := range n.Levels {
		if is.Kind == Number || l < 0 || l >= len(is.Levels) {
			return fmt.Errorf("issue %q: negotiable level %d out of range", is.ID, l)
		}
	}
	return nil
}

// checkParty verifies a party: a reservation for every track, then its
// stakes and its red lines.
func (m *Model) checkParty(p *Party) error {
	if len(p.Reservation) != len(m.Tracks) {
		return fmt.Errorf("party %q: %d reservations for %d tracks", p.ID, len(p.Reservation), len(m.Tracks))
	}
	for _, r := range p.Reservation {
		if r != -1 {
			if err := m.checkParam(r, "party "+p.ID+" reservation"); err != nil {
				return err
			}
		}
	}
	for s := range p.Stakes {
		if err := m.checkStake(p, &p.Stakes[s]); err != nil {
			return err
		}
	}
	for r := range p.RedLines {
		if err := m.checkRedLine(p, &p.RedLines[r]); err != nil {
			return err
		}
	}
	return nil
}

// checkStake verifies one of party p's stakes: its issue and weight, a
// reservation on the issue's track, and a utility shape for the issue's
// kind.
func (m *Model) checkStake(p *Party, s *Stake) error {
	if s.Issue < 0 || s.Issue >= len(m.Issues) {
		return fmt.Errorf("party %q: stake issue %d out of range", p.ID, s.Issue)
	}
	if err := m.checkParam(s.Weight, "party "+p.ID+" stake weight"); err != nil {
		return err
	}
	is := &m.Issues[s.Issue]
	if p.Reservation[is.Track] < 0 {
		return fmt.Errorf("party %q: no reservation on track %q of its stake on %q", p.ID, m.Tracks[is.Track], is.ID)
	}
	if is.Kind == Number {
		if len(s.CurveX) == 0 || len(s.CurveX) != len(s.CurveY) {
			return fmt.Errorf("party %q: stake on %q has no utility curve", p.ID, is.ID)
		}
	} else if len(s.Values) != len(is.Levels) {
		return fmt.Errorf("party %q: stake on %q does not value every level", p.ID, is.ID)
	}
	return nil
}

// checkRedLine verifies one of party p's red lines: its issue, one p has a
// stake in, and the threshold and weight its kind needs.
func (m *Model) checkRedLine(p *Party, r *RedLine) error {
	if r.Issue < 0 || r.Issue >= len(m.Issues) {
		return fmt.Errorf("party %q: red line issue %d out of range", p.ID, r.Issue)
	}
	if !slices.ContainsFunc(p.Stakes, func(s Stake) bool { return s.Issue == r.Issue }) {
		return fmt.Errorf("party %q: red line on %q, an issue it has no stake in", p.ID, m.Issues[r.Issue].ID)
	}
	if r.Kind == Min || r.Kind == Max {
		if err := m.checkParam(r.Threshold, "party "+p.ID+" red line threshold"); err != nil {
			return err
		}
	}
	if !r.Hard {
		if err := m.checkParam(r.Penalty, "party "+p.ID+" red line weight"); err != nil {
			return err
		}
	}
	return nil
}

// checkFactor verifies a factor's value, its step and bounds, and its
// effects.
func (m *Model) checkFactor(f *Factor) error {
	if err := m.checkParam(f.Value, "factor "+f.ID); err != nil {
		return err
	}
	if f.Step != -1 {
		if err := m.checkParam(f.Step, "factor "+f.ID+" step"); err != nil {
			return err
		}
	}
	if b := f.Bounds; b != nil && (len(b) != 2 || !(b[0] <= b[1])) {
		return fmt.Errorf("factor %q: bounds %v are not [lo, hi] with lo ≤ hi", f.ID, b)
	}
	return m.checkEffects("factor "+f.ID, f.Effects)
}

// checkEffects verifies the party, the coefficient and the tracks of each
// effect of what.
func (m *Model) checkEffects(what string, effects []Effect) error {
	for _, e := range effects {
		if e.Party < 0 || e.Party >= len(m.Parties) {
			return fmt.Errorf("%s: effect party %d out of range", what, e.Party)
		}
		if err := m.checkParam(e.Coef, what+" coef"); err != nil {
			return err
		}
		for _, t := range e.Tracks {
			if t < 0 || t >= len(m.Tracks) {
				return fmt.Errorf("%s: effect track %d out of range", what, t)
			}
		}
	}
	return nil
}

// checkTimeline verifies the timeline's rounds and marks, and that every
// package's schedule names rounds of it.
func (m *Model) checkTimeline() error {
	R := m.Rounds()
	if t := m.Timeline; t != nil {
		if t.Rounds < 1 || t.Rounds > MaxRounds {
			return fmt.Errorf("model %q: %d rounds, not in [1, %d]", m.ID, t.Rounds, MaxRounds)
		}
		for _, mk := range t.Marks {
			if mk.Round < 1 || mk.Round > R {
				return fmt.Errorf("model %q: mark %q at round %d of %d", m.ID, mk.Name, mk.Round, R)
			}
		}
	}
	for _, k := range m.Packages {
		if k.Schedule == nil {
			continue
		}
		if len(k.Schedule) != len(m.Tracks) {
			return fmt.Errorf("package %q: a schedule of %d tracks for %d", k.ID, len(k.Schedule), len(m.Tracks))
		}
		// A round beyond the last keeps the track off the table throughout:
		// what a horizon cut short (timeline.rounds) leaves of a schedule.
		for t, r := range k.Schedule {
			if r < 1 {
				return fmt.Errorf("package %q: track %q on the table from round %d", k.ID, m.Tracks[t], r)
			}
		}
	}
	return nil
}

// checkPathway verifies that a pathway's parties, tracks, after pathways
// and effects are in range.
func (m *Model) checkPathway(w *Pathway) error {
	for _, a := range w.After {
		if a < 0 || a >= len(m.Pathways) || &m.Pathways[a] == w {
			return fmt.Errorf("pathway %q: after pathway %d, not another of the %d", w.ID, a, len(m.Pathways))
		}
	}
	if len(w.Effects) > 0 && w.Fallback() {
		return fmt.Errorf("pathway %q: the fallback has effects", w.ID)
	}
	if err := m.checkEffects("pathway "+w.ID, w.Effects); err != nil {
		return err
	}
	for _, p := range w.Parties {
		if p < 0 || p >= len(m.Parties) {
			return fmt.Errorf("pathway %q: party %d out of range", w.ID, p)
		}
	}
	for _, t := range w.Tracks {
		if t < 0 || t >= len(m.Tracks) {
			return fmt.Errorf("pathway %q: track %d out of range", w.ID, t)
		}
	}
	return nil
}
