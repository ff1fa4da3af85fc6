package results

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/peacesim/peacesim/sim"
)

// gonumPath is the module whose version the manifest records: the
// distributions and statistics come from it, so a result may change with it.
const gonumPath = "gonum.org/v1/gonum"

// Manifest records what is needed to reproduce a run: the tool and library
// versions, the scenario and a hash of its resolved form, the seed and the
// number of trials. It is written as manifest.json beside the CSV files and
// at the head of the JSON output.
type Manifest struct {
	// Tool is always "peacesim".
	Tool string `json:"tool"`
	// Version is the peacesim version that produced the run.
	Version string `json:"version"`
	// Scenario is the model's ID.
	Scenario string `json:"scenario"`
	// ScenarioHash identifies the resolved scenario (see ScenarioHash): two
	// runs of one Version with equal hashes, seeds and trials give identical
	// results.
	ScenarioHash string `json:"scenario_hash"`
	// Overrides are the --set KEY=VALUE overrides applied to the scenario
	// file, in the order given; the hash covers their effect.
	Overrides []string `json:"overrides"`
	// Packages lists the packages the run scored, when a command chose
	// some of the scenario's (compare --packages); empty means all.
	Packages []string `json:"packages"`
	Seed     uint64   `json:"seed"`
	Trials   int64    `json:"trials"`
	// GoVersion is runtime.Version() of the binary.
	GoVersion string `json:"go_version"`
	// GonumVersion is the gonum module version linked into the binary, or
	// "unknown" when the binary carries no build information (as in tests).
	GonumVersion string `json:"gonum_version"`
	// Files lists the CSV files written with the manifest; WriteDir fills it.
	Files []string `json:"files"`
}

// NewManifest describes a run of m that produced r. Files is empty: WriteDir
// sets it to the files it writes.
func NewManifest(m *sim.Model, r *sim.Result, version string) Manifest {
	man := Manifest{
		Tool:         "peacesim",
		Version:      version,
		ScenarioHash: ScenarioHash(m),
		GoVersion:    runtime.Version(),
		GonumVersion: gonumVersion(),
		Overrides:    []string{},
		Packages:     []string{},
		Files:        []string{},
	}
	if m != nil {
		man.Scenario = m.ID
	}
	if r != nil {
		man.Seed, man.Trials = r.Seed, r.Trials
	}
	return man
}

// ScenarioHash returns "sha256:" and the hex SHA-256 of the resolved
// scenario's canonical form (sim.Model.Canonical): its content after
// overrides, extends and defaults, one value per line, every input under
// its key path. Reformatting a scenario or editing its comments keeps its
// hash, while changing any value changes it; it depends on no Go type's
// layout.
//
// The model includes its [run] defaults (Trials, Seed); the seed and trials
// actually used are recorded separately in the Manifest.
func ScenarioHash(m *sim.Model) string {
	if m == nil {
		m = &sim.Model{}
	}
	sum := sha256.Sum256(m.Canonical())
	return "sha256:" + hex.EncodeToString(sum[:])
}

// gonumVersion reads the linked gonum version from the binary's build
// information.
func gonumVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, dep := range bi.Deps {
		if dep.Path != gonumPath {
			continue
		}
		if dep.Replace != nil && dep.Replace.Version != "" {
			return dep.Replace.Version
		}
		if dep.Version != "" {
			return dep.Version
		}
	}
	return "unknown"
}

// writeManifest writes the manifest as indented JSON with a trailing newline.
func writeManifest(w io.Writer, man Manifest) error {
	return writeIndented(w, man.lists())
}

// lists returns man with its absent lists empty: [] rather than null in
// the JSON, so that a reader can iterate over them without a check.
func (man Manifest) lists() Manifest {
	for _, l := range []*[]string{&man.Overrides, &man.Packages, &man.Files} {
		if *l == nil {
			*l = []string{}
		}
	}
	return man
}
