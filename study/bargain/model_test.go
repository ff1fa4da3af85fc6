package bargain

import (
	"math"
	"slices"
	"testing"

	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
)

// TestTracksOfTheDefaultScenario: each track's problem has the track's
// negotiable issues and its veto parties with a stake, and a party's
// utility at the base package's values is the model's nominal utility.
func TestTracksOfTheDefaultScenario(t *testing.T) {
	src, _ := scenarios.Lookup(scenarios.Default)
	m, err := scenarios.Load("miami-2025.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	base := slices.IndexFunc(m.Packages, func(p sim.Package) bool { return p.ID == "miami_20_point" })
	tracks := Tracks(m, base, NominalScorer(m))
	if len(tracks) == 0 {
		t.Fatal("no track to bargain over")
	}
	for _, tr := range tracks {
		for _, i := range tr.Issues {
			if m.Issues[i].Track != tr.Track || m.Issues[i].Negotiable == nil {
				t.Errorf("track %s: issue %s is not its negotiable issue", m.Tracks[tr.Track], m.Issues[i].ID)
			}
		}
		x := make([]float64, len(tr.Issues))
		for j, i := range tr.Issues {
			x[j] = m.Packages[base].Values[i]
		}
		for j, p := range tr.Parties {
			if !m.Parties[p].Veto {
				t.Errorf("%s is no veto party", m.Parties[p].ID)
			}
			u, vetoed := m.Utility(p, tr.Track, m.Packages[base].Values, m.Mean)
			got := tr.Problem.Parties[j].Utility(x)
			if vetoed && !math.IsInf(got, -1) || !vetoed && got != u {
				t.Errorf("%s on %s: %g, want %g (vetoed %v)", m.Parties[p].ID, m.Tracks[tr.Track], got, u, vetoed)
			}
		}
	}
	fw := slices.IndexFunc(tracks, func(tr Track) bool { return m.Tracks[tr.Track] == "framework" })
	if fw < 0 || len(tracks[fw].Issues) != 7 || len(tracks[fw].Parties) != 2 {
		t.Errorf("framework track: %+v", tracks[max(fw, 0)].Issues)
	}
}
