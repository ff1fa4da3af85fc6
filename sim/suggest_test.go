package sim

import "testing"

func TestSuggest(t *testing.T) {
	ids := []string{"troop_cap", "nato", "pow_exchange", "crimea"}
	tests := []struct {
		name, in   string
		candidates []string
		want       string
	}{
		{"one substitution", "nata", ids, "nato"},
		{"swapped letters", "ntao", ids, "nato"},
		{"missing letter", "troopcap", ids, "troop_cap"},
		{"extra letter", "crimeaa", ids, "crimea"},
		{"case", "NATO", ids, "nato"},
		{"too far", "sanctions", ids, ""},
		{"too short to guess", "x", []string{"y"}, ""},
		{"exact is no suggestion", "nato", []string{"nato"}, ""},
		{"closest wins", "normall", []string{"lognormal", "normal"}, "normal"},
		{"tie goes to first", "ab", []string{"ac", "ad"}, "ac"},
		{"no candidates", "nato", nil, ""},
		{"label", "lable", []string{"label", "track", "kind"}, "label"},
		{"unicode", "sécurité", []string{"securite"}, "securite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Suggest(tt.in, tt.candidates); got != tt.want {
				t.Errorf("Suggest(%q, %q) = %q, want %q", tt.in, tt.candidates, got, tt.want)
			}
		})
	}
}
