package sim

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestIssueFormatValue(t *testing.T) {
	troops := &Issue{ID: "troop_cap", Kind: Number, Lo: 0, Hi: 1200}
	nato := &Issue{ID: "nato", Kind: Ordinal, Levels: []string{"member", "deferred", "renounced"}}
	dmz := &Issue{ID: "dmz", Kind: Bool, Levels: []string{"false", "true"}}
	for _, tc := range []struct {
		name string
		is   *Issue
		x    float64
		want string
	}{
		{"whole number", troops, 630, "630"},
		{"six significant digits", troops, 747.40612, "747.406"},
		{"small number", troops, 0.811943, "0.811943"},
		{"large number", troops, 1234567, "1.23457e+06"},
		{"level", nato, 2, "renounced"},
		{"first level", nato, 0, "member"},
		{"bool", dmz, 1, "true"},
		{"a level the issue lacks", nato, 3, "3"},
		{"between levels", nato, 1.5, "1.5"},
		{"negative level", dmz, -1, "-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.is.FormatValue(tc.x); got != tc.want {
				t.Errorf("%s.FormatValue(%g) = %q, want %q", tc.is.ID, tc.x, got, tc.want)
			}
		})
	}
}

// TestFactorJSON: a factor's JSON leaves out a Step of −1 (none), so that
// the JSON of a model without a timeline is as it was, and reads back
// either way: without a Step, as none — not as Param 0.
func TestFactorJSON(t *testing.T) {
	for _, f := range []Factor{
		{ID: "f", Value: 3, Step: -1, Effects: []Effect{{Party: 1, Coef: 4}}},
		{ID: "g", Value: 0, Step: 0, Bounds: []float64{0, 1}},
		{ID: "h", Value: 2, Step: 5},
	} {
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), `"Step"`) != (f.Step >= 0) {
			t.Errorf("%s: %s", f.ID, b)
		}
		var back Factor
		if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, f) {
			t.Errorf("%s: read back %+v (%v), want %+v", f.ID, back, err, f)
		}
	}
}

// TestTimelineDate: rounds are dated from Start by their unit, months by
// the calendar; a unit without dates, or no Start, gives none.
func TestTimelineDate(t *testing.T) {
	for _, c := range []struct {
		unit, start string
		r           int
		want        string
		ok          bool
	}{
		{"week", "2025-12-20", 1, "2025-12-20", true},
		{"week", "2025-12-20", 3, "2026-01-03", true},
		{"day", "2025-12-31", 2, "2026-01-01", true},
		{"fortnight", "2025-12-20", 2, "2026-01-03", true},
		{"month", "2025-01-31", 2, "2025-03-03", true},
		{"quarter", "2025-12-20", 3, "2026-06-20", true},
		{"year", "2025-12-20", 2, "2026-12-20", true},
		{"round", "2025-12-20", 2, "", false},
		{"week", "", 2, "", false},
	} {
		tl := &Timeline{Rounds: 10, Unit: c.unit, Start: c.start}
		if got, ok := tl.Date(c.r); got != c.want || ok != c.ok {
			t.Errorf("%s from %q, round %d: %q %v, want %q %v", c.unit, c.start, c.r, got, ok, c.want, c.ok)
		}
	}
}
