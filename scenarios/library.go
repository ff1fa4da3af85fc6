package scenarios

import (
	"embed"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// library holds the scenarios shipped in the binary: every *.toml file of
// this folder, named by its file name without .toml, which is also its
// [scenario] id.
//
//go:embed *.toml
var library embed.FS

// templateSrc is the annotated scenario `peacesim scenarios init` writes.
//
//go:embed template/scenario.toml
var templateSrc string

// Entry describes an embedded scenario.
type Entry struct {
	// Name is the file name without .toml, and the scenario's id.
	Name string
	// Label is the scenario's [scenario] label.
	Label string
}

// Library lists the embedded scenarios, sorted by Name.
func Library() []Entry {
	files, _ := library.ReadDir(".") // the embedded root always exists
	var out []Entry
	for _, f := range files {
		name, ok := strings.CutSuffix(f.Name(), ".toml")
		if !ok {
			continue
		}
		src, _ := library.ReadFile(f.Name())
		out = append(out, Entry{Name: name, Label: label(src)})
	}
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// label reads just the [scenario] label of a file, for listings; a file
// that does not decode has none.
func label(src []byte) string {
	var head struct {
		Scenario struct {
			Label string `toml:"label"`
		} `toml:"scenario"`
	}
	if _, err := toml.Decode(string(src), &head); err != nil {
		return ""
	}
	return head.Scenario.Label
}

// Lookup returns the TOML source of the embedded scenario name.
func Lookup(name string) ([]byte, bool) {
	if name == "" || strings.ContainsAny(name, `/\`) {
		return nil, false // a plain name only: a path would reach outside the library
	}
	src, err := library.ReadFile(name + ".toml")
	if err != nil {
		return nil, false
	}
	return src, true
}

// Template returns the annotated template scenario, a fresh copy each call.
func Template() []byte { return []byte(templateSrc) }
