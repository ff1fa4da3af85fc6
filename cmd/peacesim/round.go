package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/sim"
)

// --round N|MARK (docs/model.md#timeline): the round of a scenario's
// timeline whose outcome a command reports — pathways.csv, compare's
// pairs, a sweep's points, a study's estimates — instead of the last.
// It is resolved on every model a command loads, where a mistake is a
// usage error (exit 2), and the engine gets it through simOptions.

// round is the round --round names in m: 0, the engine's last, without
// the flag. A number must be a round of m's timeline, a name one of its
// marks; a scenario without a timeline has one round, 1.
func (o *ScenarioOptions) round(m *sim.Model) (int, error) {
	if o.Round == "" {
		return 0, nil
	}
	return resolveRound(m, o.Round)
}

// checkRound refuses a --round that m does not have: what a command calls
// on each model it loads, before anything runs.
func (o *ScenarioOptions) checkRound(m *sim.Model) error {
	_, err := o.round(m)
	return err
}

// resolveRound is the round s names in m: a number in [1, rounds], or the
// name of one of its marks (with a did-you-mean for a near miss).
func resolveRound(m *sim.Model, s string) (int, error) {
	t := m.Timeline
	if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
		switch R := m.Rounds(); {
		case t == nil && n != 1:
			return 0, usageErrorf("--round %d: scenario %s has no timeline: its talks are one round", n, m.ID)
		case n < 1 || n > R:
			return 0, usageErrorf("--round %d: scenario %s has rounds 1 to %d", n, m.ID, R)
		}
		return n, nil
	}
	if t == nil {
		return 0, usageErrorf("--round %s: scenario %s has no timeline, and so no marks", s, m.ID)
	}
	names := make([]string, len(t.Marks))
	for i, mk := range t.Marks {
		if mk.Name == s {
			return mk.Round, nil
		}
		names[i] = mk.Name
	}
	hint := fmt.Sprintf("it has no marks: give a round from 1 to %d", t.Rounds)
	if len(names) > 0 {
		hint = fmt.Sprintf("its marks are: %s; or give a round from 1 to %d", strings.Join(names, ", "), t.Rounds)
	}
	if sug := sim.Suggest(s, names); sug != "" {
		hint = "did you mean " + sug + "?"
	}
	return 0, usageErrorf("--round %s: scenario %s has no mark %q (%s)", s, m.ID, s, hint)
}

// simRound is the engine's Options.Round for m: the round --round names,
// or, for a flag m refuses (which loading has reported), −1, which the
// engine refuses in its turn rather than run another round.
func (o *ScenarioOptions) simRound(m *sim.Model) int {
	r, err := o.round(m)
	if err != nil {
		return -1
	}
	return r
}
