package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/sim"
)

// hashesGolden holds the scenario hash of every scenario the repository
// ships or tests with: one "NAME sha256:…" line each.
const hashesGolden = "testdata/hashes.golden"

// TestHashesUnchanged compares the hash of the canonical form (as every
// manifest records it) of the embedded scenarios, the template, the
// design example, the variants of testdata and the examples of docs with
// testdata/hashes.golden; go test -update rewrites it. A change of the
// loader that moves a hash makes results already written irreproducible
// under their recorded hash: it must show in the diff, and new keys of
// the format leave the hash of a file without them as it was.
func TestHashesUnchanged(t *testing.T) {
	type file struct {
		name string
		src  []byte
	}
	var files []file
	for _, e := range Library() {
		src, _ := Lookup(e.Name)
		files = append(files, file{"embedded " + e.Name, src})
	}
	files = append(files, file{"template", Template()})
	for _, pattern := range []string{"testdata/design_example.toml", "testdata/variants/*.toml", "../docs/examples/*.toml"} {
		paths, err := filepath.Glob(pattern)
		if err != nil || len(paths) == 0 {
			t.Fatalf("no file matches %s (%v)", pattern, err)
		}
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, file{filepath.ToSlash(p), src})
		}
	}
	var b strings.Builder
	for _, f := range files {
		m, err := Load(f.name, f.src, Bases(dirBases))
		if err != nil {
			t.Fatalf("%s:\n%v", f.name, err)
		}
		if m.Timeline == nil { // the file, and its base, have none
			oneShot(t, f.name, m)
		}
		sum := sha256.Sum256(m.Canonical())
		fmt.Fprintf(&b, "%s sha256:%s\n", f.name, hex.EncodeToString(sum[:]))
	}
	got := b.String()
	if *update {
		if err := os.WriteFile(hashesGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(hashesGolden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("scenario hashes differ from %s:\ngot:\n%swant:\n%s", hashesGolden, got, want)
	}
}

// oneShot fails unless m, compiled from a file without a timeline or any
// of its keys, is the one-shot model: no timeline, no factor steps or
// bounds, no schedules, no pathway after or effects.
func oneShot(t *testing.T, name string, m *sim.Model) {
	t.Helper()
	if m.Timeline != nil {
		t.Errorf("%s: a timeline %+v", name, m.Timeline)
	}
	for _, f := range m.Factors {
		if f.Step != -1 || f.Bounds != nil {
			t.Errorf("%s: factor %s has step %d, bounds %v", name, f.ID, f.Step, f.Bounds)
		}
	}
	for _, k := range m.Packages {
		if k.Schedule != nil {
			t.Errorf("%s: package %s has a schedule %v", name, k.ID, k.Schedule)
		}
	}
	for _, w := range m.Pathways {
		if w.After != nil || w.Effects != nil {
			t.Errorf("%s: pathway %s has after %v, effects %v", name, w.ID, w.After, w.Effects)
		}
	}
}

// TestOneShotMiamiIsTheFormerDefault: the default scenario with its
// timeline keys cut out (oneShotMiami, the fixture of the tests of those
// keys on a scenario without them) is exactly the default scenario as it
// was before it had a timeline: the hash it had then.
func TestOneShotMiamiIsTheFormerDefault(t *testing.T) {
	m, err := Load(oneShotMiami, oneShotMiamiSource(t))
	if err != nil {
		t.Fatal(err)
	}
	oneShot(t, oneShotMiami, m)
	const former = "sha256:9410a2c3d135285fd97ea0a602df3e22a0bd384a95fd00db314f12f5d3e927d8"
	if sum := sha256.Sum256(m.Canonical()); "sha256:"+hex.EncodeToString(sum[:]) != former {
		t.Errorf("hash %x, the default scenario's before its timeline %s", sum, former)
	}
}
