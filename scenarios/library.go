package scenarios

import (
	"embed"
	"io/fs"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// library holds the scenarios shipped in the binary: every *.toml file of
// this folder, named by its file name without .toml, which is also its
// [scenario] id. A variant among them names its base by such a name.
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

// Library lists the embedded scenarios, sorted by Name. A variant (a
// scenario with a base) is listed like any other, with its base's label
// when it has none of its own.
func Library() []Entry { return libraryIn(library) }

// libraryIn lists the scenarios of the folder fsys, as Library lists the
// embedded ones.
func libraryIn(fsys fs.FS) []Entry {
	files, _ := fs.ReadDir(fsys, ".") // the embedded root always exists
	var out []Entry
	for _, f := range files {
		name, ok := strings.CutSuffix(f.Name(), ".toml")
		if !ok {
			continue
		}
		src, _ := fs.ReadFile(fsys, f.Name())
		out = append(out, Entry{Name: name, Label: label(fsys, src)})
	}
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// label reads just the [scenario] label of a file, for listings, or that
// of its base for a variant that gives none (Load would give the variant
// that label); a file that does not decode has none.
func label(fsys fs.FS, src []byte) string {
	for range maxBaseDepth + 1 {
		var head struct {
			Scenario struct {
				Label string `toml:"label"`
				Base  string `toml:"base"`
			} `toml:"scenario"`
		}
		if _, err := toml.Decode(string(src), &head); err != nil {
			return ""
		}
		sc := head.Scenario
		if sc.Label != "" || sc.Base == "" {
			return sc.Label
		}
		var ok bool
		if src, ok = lookupIn(fsys, sc.Base); !ok {
			return ""
		}
	}
	return "" // a loop, or too deep: Load says which
}

// Lookup returns the TOML source of the embedded scenario name.
func Lookup(name string) ([]byte, bool) { return lookupIn(library, name) }

// lookupIn returns the source of scenario name of the folder fsys.
func lookupIn(fsys fs.FS, name string) ([]byte, bool) {
	if name == "" || strings.ContainsAny(name, `/\`) {
		return nil, false // a plain name only: a path would reach outside the library
	}
	src, err := fs.ReadFile(fsys, name+".toml")
	if err != nil {
		return nil, false
	}
	return src, true
}

// Template returns the annotated template scenario, a fresh copy each call.
func Template() []byte { return []byte(templateSrc) }
