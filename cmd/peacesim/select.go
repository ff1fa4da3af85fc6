package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/peacesim/peacesim/sim"
)

// Choosing a scenario's packages and pathways by the ids a flag lists
// (--packages, --package, --pathways, --target): what a command hands a
// study is a model of the packages it asked for and the indices of its
// pathways, so a study never sees an id it must check. An unknown id is a
// usage error with a suggestion.

// choosePackages returns m with only the packages named by ids, in that
// order, or m itself when ids is empty. An unknown or repeated id, or
// fewer than least packages (compare needs two), is a usage error.
func choosePackages(m *sim.Model, ids []string, least int) (*sim.Model, error) {
	all := make([]string, len(m.Packages))
	for k, p := range m.Packages {
		all[k] = p.ID
	}
	if len(ids) == 0 {
		if len(all) < least {
			return nil, usageErrorf("scenario %s has one package; compare needs two or more", m.ID)
		}
		return m, nil
	}
	var chosen []int
	for _, id := range ids {
		k := slices.Index(all, id)
		switch {
		case k < 0:
			return nil, unknownPackage(m, "--packages", id, all)
		case slices.Contains(chosen, k):
			return nil, usageErrorf("--packages: %s is listed twice", id)
		}
		chosen = append(chosen, k)
	}
	if len(chosen) < least {
		return nil, usageErrorf("--packages: compare needs two or more packages, got %s", strings.Join(ids, ","))
	}
	return m.WithPackages(chosen), nil
}

// unknownPackage is the usage error of a flag naming a package m does not
// have: a suggestion when one is close, else the list.
func unknownPackage(m *sim.Model, flag, id string, all []string) error {
	hint := fmt.Sprintf(" (the packages are: %s)", strings.Join(all, ", "))
	if s := sim.Suggest(id, all); s != "" {
		hint = fmt.Sprintf(" (did you mean %s?)", s)
	}
	return usageErrorf("%s: scenario %s has no package %q%s", flag, m.ID, id, hint)
}

// packageIndex is the index of the package named by id, the first when id
// is empty; an unknown id is a usage error naming the flag.
func packageIndex(m *sim.Model, id, flag string) (int, error) {
	if id == "" {
		return 0, nil
	}
	ids := packageIDs(m)
	if k := slices.Index(ids, id); k >= 0 {
		return k, nil
	}
	return 0, unknownPackage(m, flag, id, ids)
}

// packageIDs lists the ids of m's packages.
func packageIDs(m *sim.Model) []string {
	ids := make([]string, len(m.Packages))
	for k, p := range m.Packages {
		ids[k] = p.ID
	}
	return ids
}

// choosePathways returns the indices of the pathways named by ids (all
// when empty); an unknown id is a usage error with a suggestion.
func choosePathways(m *sim.Model, ids []string, flag string) ([]int, error) {
	all := make([]string, len(m.Pathways))
	for w, p := range m.Pathways {
		all[w] = p.ID
	}
	if len(ids) == 0 {
		out := make([]int, len(all))
		for w := range out {
			out[w] = w
		}
		return out, nil
	}
	var out []int
	for _, id := range ids {
		w := slices.Index(all, id)
		if w < 0 {
			hint := fmt.Sprintf(" (the pathways are: %s)", strings.Join(all, ", "))
			if s := sim.Suggest(id, all); s != "" {
				hint = fmt.Sprintf(" (did you mean %s?)", s)
			}
			return nil, usageErrorf("%s: scenario %s has no pathway %q%s", flag, m.ID, id, hint)
		}
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out, nil
}

// pathwayIndex is the index of the pathway named by id, the first when id
// is empty; an unknown id is a usage error naming the flag.
func pathwayIndex(m *sim.Model, id, flag string) (int, error) {
	if id == "" {
		return 0, nil
	}
	w, err := choosePathways(m, []string{id}, flag)
	if err != nil {
		return 0, err
	}
	return w[0], nil
}

// loadPackages loads the scenario of o with only the packages named by
// ids, as choosePackages chooses them (loadScenario checks --round).
func (o *ScenarioOptions) loadPackages(ctx context.Context, ids []string, least int) (*sim.Model, string, error) {
	m, file, err := o.loadScenario(ctx)
	if err == nil {
		m, err = choosePackages(m, ids, least)
	}
	return m, file, err
}
