package results

import "testing"

// TestTablesAreValid: every registered table's description is one that
// the writer and the reader can both follow, and its file is registered
// once.
func TestTablesAreValid(t *testing.T) {
	seen := map[string]bool{}
	for _, tb := range tables() {
		if err := tb.valid(); err != nil {
			t.Error(err)
		}
		if seen[tb.name()] {
			t.Errorf("%s is registered twice", tb.name())
		}
		seen[tb.name()] = true
	}
}
