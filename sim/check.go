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
	T, I, N, P := len(m.Tracks), len(m.Issues), len(m.Params), len(m.Parties)
	param := func(i int, what string) error {
		if i < 0 || i >= N {
			return fmt.Errorf("%s: param index %d out of range", what, i)
		}
		return nil
	}
	if len(m.Pathways) == 0 || !m.Pathways[len(m.Pathways)-1].Fallback() {
		return fmt.Errorf("model %q: the last pathway must be the fallback", m.ID)
	}
	for i, is := range m.Issues {
		if is.Track < 0 || is.Track >= T {
			return fmt.Errorf("issue %q: track %d out of range", is.ID, is.Track)
		}
		if is.Kind != Number && len(is.Levels) == 0 {
			return fmt.Errorf("issue %d (%q): no levels", i, is.ID)
		}
		if n := is.Negotiable; n != nil {
			if is.Kind == Number && !(is.Lo <= n.Lo && n.Lo <= n.Hi && n.Hi <= is.Hi) {
				return fmt.Errorf("issue %q: negotiable [%g, %g] not within its range [%g, %g]", is.ID, n.Lo, n.Hi, is.Lo, is.Hi)
			}
			for _, l := range n.Levels {
				if is.Kind == Number || l < 0 || l >= len(is.Levels) {
					return fmt.Errorf("issue %q: negotiable level %d out of range", is.ID, l)
				}
			}
		}
	}
	for _, pr := range m.Params {
		if err := pr.Dist.Validate(); err != nil {
			return fmt.Errorf("%s: %v", pr.Name, err)
		}
	}
	for _, p := range m.Parties {
		if len(p.Reservation) != T {
			return fmt.Errorf("party %q: %d reservations for %d tracks", p.ID, len(p.Reservation), T)
		}
		for _, r := range p.Reservation {
			if r != -1 {
				if err := param(r, "party "+p.ID+" reservation"); err != nil {
					return err
				}
			}
		}
		for _, s := range p.Stakes {
			if s.Issue < 0 || s.Issue >= I {
				return fmt.Errorf("party %q: stake issue %d out of range", p.ID, s.Issue)
			}
			if err := param(s.Weight, "party "+p.ID+" stake weight"); err != nil {
				return err
			}
			if p.Reservation[m.Issues[s.Issue].Track] < 0 {
				return fmt.Errorf("party %q: no reservation on track %q of its stake on %q", p.ID, m.Tracks[m.Issues[s.Issue].Track], m.Issues[s.Issue].ID)
			}
			if m.Issues[s.Issue].Kind == Number {
				if len(s.CurveX) == 0 || len(s.CurveX) != len(s.CurveY) {
					return fmt.Errorf("party %q: stake on %q has no utility curve", p.ID, m.Issues[s.Issue].ID)
				}
			} else if len(s.Values) != len(m.Issues[s.Issue].Levels) {
				return fmt.Errorf("party %q: stake on %q does not value every level", p.ID, m.Issues[s.Issue].ID)
			}
		}
		for _, r := range p.RedLines {
			if r.Issue < 0 || r.Issue >= I {
				return fmt.Errorf("party %q: red line issue %d out of range", p.ID, r.Issue)
			}
			if !slices.ContainsFunc(p.Stakes, func(s Stake) bool { return s.Issue == r.Issue }) {
				return fmt.Errorf("party %q: red line on %q, an issue it has no stake in", p.ID, m.Issues[r.Issue].ID)
			}
			if r.Kind == Min || r.Kind == Max {
				if err := param(r.Threshold, "party "+p.ID+" red line threshold"); err != nil {
					return err
				}
			}
			if !r.Hard {
				if err := param(r.Penalty, "party "+p.ID+" red line weight"); err != nil {
					return err
				}
			}
		}
	}
	for _, f := range m.Factors {
		if err := param(f.Value, "factor "+f.ID); err != nil {
			return err
		}
		for _, e := range f.Effects {
			if e.Party < 0 || e.Party >= P {
				return fmt.Errorf("factor %q: effect party %d out of range", f.ID, e.Party)
			}
			if err := param(e.Coef, "factor "+f.ID+" coef"); err != nil {
				return err
			}
			for _, t := range e.Tracks {
				if t < 0 || t >= T {
					return fmt.Errorf("factor %q: effect track %d out of range", f.ID, t)
				}
			}
		}
	}
	for _, k := range m.Packages {
		if len(k.Values) != I {
			return fmt.Errorf("package %q: %d values for %d issues", k.ID, len(k.Values), I)
		}
	}
	for _, w := range m.Pathways {
		for _, p := range w.Parties {
			if p < 0 || p >= P {
				return fmt.Errorf("pathway %q: party %d out of range", w.ID, p)
			}
		}
		for _, t := range w.Tracks {
			if t < 0 || t >= T {
				return fmt.Errorf("pathway %q: track %d out of range", w.ID, t)
			}
		}
	}
	return nil
}
