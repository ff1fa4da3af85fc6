package scenarios

import (
	"slices"
	"strings"
	"testing"
)

// TestLibrary loads every embedded scenario: a file that ships must be
// valid, and its name must be its id.
func TestLibrary(t *testing.T) {
	entries := Library()
	if !slices.IsSortedFunc(entries, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) }) {
		t.Errorf("Library() not sorted: %v", entries)
	}
	if !slices.ContainsFunc(entries, func(e Entry) bool { return e.Name == Default }) {
		t.Errorf("Library() = %v lacks the default, %q", entries, Default)
	}
	for _, e := range entries {
		t.Run(e.Name, func(t *testing.T) {
			src, ok := Lookup(e.Name)
			if !ok {
				t.Fatalf("Lookup(%q) failed", e.Name)
			}
			m, err := Load(e.Name+".toml", src)
			if err != nil {
				t.Fatalf("embedded scenario does not load:\n%v", err)
			}
			checkModel(t, m)
			if m.ID != e.Name || m.Label != e.Label {
				t.Errorf("id, label = %q, %q; entry %+v", m.ID, m.Label, e)
			}
			if e.Label == "" {
				t.Error("no label")
			}
		})
	}
}

func TestLookup(t *testing.T) {
	for _, name := range []string{"", "no-such-scenario", Default + ".toml", "../scenarios/" + Default, "template/scenario"} {
		if _, ok := Lookup(name); ok {
			t.Errorf("Lookup(%q) succeeded", name)
		}
	}
}

func TestTemplate(t *testing.T) {
	src := Template()
	m, err := Load("scenario.toml", src)
	if err != nil {
		t.Fatalf("template does not load:\n%v", err)
	}
	checkModel(t, m)
	// Each call returns a copy: a caller that edits it spoils nothing.
	src[0] ^= 0xff
	if Template()[0] == src[0] {
		t.Error("Template() shares its bytes between calls")
	}
}

func TestID(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"[scenario]\nid = \"a-b\"\n", "a-b"},
		{"[scenario]\nid = 3\n", ""},
		{"[run]\nseed = 1\n", ""},
		{"[scenario\n", ""},
	} {
		if got := ID([]byte(c.src)); got != c.want {
			t.Errorf("ID(%q) = %q, want %q", c.src, got, c.want)
		}
	}
	src, _ := Lookup(Default)
	if got := ID(src); got != Default {
		t.Errorf("ID of the default scenario = %q", got)
	}
}
