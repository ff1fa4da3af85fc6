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
	return nil
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

// checkFactor verifies a factor's value and, for each of its effects, the
// party, the coefficient and the tracks.
func (m *Model) checkFactor(f *Factor) error {
	if err := m.checkParam(f.Value, "factor "+f.ID); err != nil {
		return err
	}
	for _, e := range f.Effects {
		if e.Party < 0 || e.Party >= len(m.Parties) {
			return fmt.Errorf("factor %q: effect party %d out of range", f.ID, e.Party)
		}
		if err := m.checkParam(e.Coef, "factor "+f.ID+" coef"); err != nil {
			return err
		}
		for _, t := range e.Tracks {
			if t < 0 || t >= len(m.Tracks) {
				return fmt.Errorf("factor %q: effect track %d out of range", f.ID, t)
			}
		}
	}
	return nil
}

// checkPathway verifies that a pathway's parties and tracks are in range.
func (m *Model) checkPathway(w *Pathway) error {
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
