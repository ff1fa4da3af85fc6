package sim

import "testing"

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
