package plot

import (
	"bytes"
	"flag"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/peacesim/peacesim/results"
)

var update = flag.Bool("update", false, "rewrite the analyses' directories of testdata/ from their fixtures")

// The analyses' fixtures: made-up figures of the shape peacesim
// sensitivity and peacesim discover write for the default scenario,
// written with results' own writers (TestAnalysisFixtures keeps
// testdata/ in step with them).

const (
	fixtureScenario = "miami-2025"
	fixtureSeed     = 20251220
	fixtureTrials   = 4000
)

// fixtureInputs are the inputs of the sensitivity fixture, with their
// values at the 10th and 90th percentiles; one key path is longer than a
// label is written whole.
var fixtureInputs = []struct {
	key       string
	low, high float64
}{
	{"parties.russia.reservation.framework", 0.3262, 0.6338},
	{"parties.ukraine.reservation.framework", 0.1575, 0.3625},
	{"parties.russia.stakes.nato.weight", 0.22, 0.38},
	{"parties.ukraine.stakes.donbas_withdrawal.weight", 0.14, 0.26},
	{"parties.ukraine.red_lines[1].min", 591.2, 737.7},
	{"parties.russia.red_lines[2].max", 557.8, 715.6},
	{"factors.battlefield_momentum.value", 0.45, 0.85},
	{"factors.western_pressure.value", 0.13, 0.57},
	{"parties.ukraine.stakes.humanitarian_corridors.weight", 0.06, 0.14},
	{"parties.russia.salience_concentration", 28, 52},
	{"factors.european_fatigue.value", 0.1, 0.5},
	{"parties.ukraine.reservation.humanitarian", 0.3218, 0.5782},
	{"factors.us_domestic_politics.value", 0.3, 0.86},
	{"parties.russia.stakes.sanctions_relief.weight", 0.05, 0.11},
}

var (
	fixturePackages = []string{"miami_20_point", "us_28_point", "russia_june_2024"}
	fixturePathways = []string{"framework_agreement", "humanitarian_ceasefire", "talks_collapse"}
)

// fixtureBase is a package's probability of a pathway with every input
// drawn; russia_june_2024 never leads to a framework agreement.
func fixtureBase(k, w int) float64 {
	return [][]float64{{0.31, 0.42, 0.27}, {0.05, 0.6, 0.35}, {0, 0.22, 0.78}}[k][w]
}

// fixtureTornado is tornado.csv: inputs of falling effect with a sign
// that alternates, in the inputs' order (the command orders them by
// swing; the chart does not count on it).
func fixtureTornado() []results.TornadoRow {
	rng := rand.New(rand.NewPCG(1, 2))
	var rows []results.TornadoRow
	for k, pkg := range fixturePackages {
		for w, pw := range fixturePathways {
			base := fixtureBase(k, w)
			for i, in := range fixtureInputs {
				effect := 0.3 * math.Pow(0.7, float64(i)) * (0.8 + 0.4*rng.Float64()) * math.Sqrt(base*(1-base)) * 2
				if i%3 == 1 {
					effect = -effect
				}
				lowShare := 0.35 + 0.3*rng.Float64()
				pLow := clamp(base - effect*lowShare)
				pHigh := clamp(base + effect*(1-lowShare))
				swing := pHigh - pLow
				half := 1.96 * math.Sqrt(2*base*(1-base)/fixtureTrials) * 0.6
				sl, sh := swing-half, swing+half
				if base == 0 {
					sl, sh = math.NaN(), math.NaN()
				}
				rows = append(rows, results.TornadoRow{Scenario: fixtureScenario, Package: pkg, Pathway: pw, Input: in.key,
					Low: in.low, High: in.high, PBase: base, PLow: round(pLow), PHigh: round(pHigh),
					Swing: round(swing), SwingLow: round(sl), SwingHigh: round(sh), Trials: fixtureTrials, Seed: fixtureSeed})
			}
		}
	}
	return rows
}

// fixtureSobol is sobol.csv: first-order indices that fall with the
// input's rank, totals above them; NA for a pathway of probability 0.
func fixtureSobol() []results.SobolRow {
	const n = 2048
	rng := rand.New(rand.NewPCG(3, 4))
	var rows []results.SobolRow
	for k, pkg := range fixturePackages {
		for w, pw := range fixturePathways {
			base := fixtureBase(k, w)
			for i, in := range fixtureInputs {
				first := 0.3 * math.Pow(0.62, float64(i)) * (0.7 + 0.6*rng.Float64())
				total := first*(1.1+0.5*rng.Float64()) + 0.01
				if i == 13 {
					first = -0.004 // an estimate a shade below its bound
				}
				half := 0.025 + 0.05*first
				r := results.SobolRow{Scenario: fixtureScenario, Package: pkg, Pathway: pw, Input: in.key,
					FirstOrder: round(first), FirstOrderLow: round(first - half), FirstOrderHigh: round(first + half),
					Total: round(total), TotalLow: round(total - 1.2*half), TotalHigh: round(total + 1.2*half),
					Trials: n * int64(len(fixtureInputs)+2), Samples: n, Seed: fixtureSeed}
				if base == 0 {
					nan := math.NaN()
					r.FirstOrder, r.FirstOrderLow, r.FirstOrderHigh, r.Total, r.TotalLow, r.TotalHigh = nan, nan, nan, nan, nan, nan
				}
				rows = append(rows, r)
			}
		}
	}
	return rows
}

// fixtureChosen is the step of the chosen box in the trajectory fixture.
const fixtureChosen = 26

// fixtureTrajectory is trajectory.csv of one package and pathway: each
// step peels 5% of the box's trials, density rises towards 95% and
// coverage (density × mass / base) falls.
func fixtureTrajectory() []results.TrajectoryRow {
	const base = 0.31
	var rows []results.TrajectoryRow
	for s := 0; ; s++ {
		mass := math.Pow(0.95, float64(s))
		if mass < 0.05 {
			break
		}
		density := 0.95 - (0.95-base)*math.Exp(-0.024*float64(s))
		restricted := 0
		for _, at := range []int{1, 4, 11, 31} {
			if s >= at {
				restricted++
			}
		}
		rows = append(rows, results.TrajectoryRow{Scenario: fixtureScenario, Package: "miami_20_point", Pathway: "framework_agreement",
			Step: s, Coverage: round(density * mass / base), Density: round(density), Mass: round(mass),
			Restricted: restricted, Chosen: s == fixtureChosen})
	}
	return rows
}

// fixtureBoxes is boxes.csv: the chosen box's inputs, three restricted
// and one not.
func fixtureBoxes() []results.BoxRow {
	t := fixtureTrajectory()[fixtureChosen]
	row := func(key string, lo, hi, dlo, dhi float64) results.BoxRow {
		return results.BoxRow{Scenario: fixtureScenario, Package: t.Package, Pathway: t.Pathway, Step: t.Step, Input: key,
			Low: lo, High: hi, DataLow: dlo, DataHigh: dhi, Coverage: t.Coverage, Density: t.Density, Mass: t.Mass}
	}
	return []results.BoxRow{
		row("parties.russia.reservation.framework", 0.0512, 0.4431, 0.0512, 0.9613),
		row("factors.battlefield_momentum.value", 0.1021, 0.6127, 0.1021, 0.9844),
		row("parties.ukraine.red_lines[1].min", 553.1, 651.9, 550.2, 799.6),
		row("factors.western_pressure.value", 0.0113, 0.8842, 0.0113, 0.8842),
	}
}

func clamp(p float64) float64 { return min(max(p, 0), 1) }

// round keeps four decimals, as an estimate from thousands of trials has.
func round(v float64) float64 { return math.Round(v*1e4) / 1e4 }

// fixtureManifest is the manifest of an analysis of the default scenario.
func fixtureManifest() results.Manifest {
	man := results.NewManifest("0.1.0-dev")
	man.GoVersion, man.GonumVersion = "go1.26.8", "v0.17.0"
	man.Scenarios = []results.ScenarioRun{{Scenario: fixtureScenario, File: "miami-2025.toml", ScenarioHash: "sha256:test",
		Overrides: []string{}, Packages: []string{}, Seed: fixtureSeed, Trials: fixtureTrials}}
	return man
}

// fixtureDirs are the analyses' directories of testdata/, each with its
// tables and their writers.
func fixtureDirs() map[string]struct {
	files  []string
	man    results.Manifest
	writes map[string]func(io.Writer) error
} {
	type dir = struct {
		files  []string
		man    results.Manifest
		writes map[string]func(io.Writer) error
	}
	inputs := make([]string, len(fixtureInputs))
	for i, in := range fixtureInputs {
		inputs[i] = in.key
	}
	sensitivity := fixtureManifest()
	sensitivity.Sensitivity = &results.Sensitivity{Packages: fixturePackages, Inputs: inputs, Range: [2]float64{10, 90},
		Samples: 2048, Evaluations: (2*14+1)*fixtureTrials + 2048*16, Bootstrap: 1000}
	tornadoOnly := fixtureManifest()
	s := *sensitivity.Sensitivity
	s.Samples = 0
	tornadoOnly.Sensitivity = &s
	discovery := fixtureManifest()
	discovery.Discovery = &results.Discovery{Package: "miami_20_point", Pathway: "framework_agreement", Inputs: inputs,
		MinDensity: 0.6, Peel: 0.05, Paste: 0.01, MinMass: 0.05}

	tornado := func(w io.Writer) error { return results.WriteTornado(w, fixtureTornado()) }
	dirs := map[string]dir{
		"sensitivity": {results.SensitivityFiles(true), sensitivity, map[string]func(io.Writer) error{
			results.TornadoFile: tornado,
			results.SobolFile:   func(w io.Writer) error { return results.WriteSobol(w, fixtureSobol()) },
		}},
		"tornado": {results.SensitivityFiles(false), tornadoOnly, map[string]func(io.Writer) error{results.TornadoFile: tornado}},
		"discovery": {results.DiscoveryFiles(), discovery, map[string]func(io.Writer) error{
			results.TrajectoryFile: func(w io.Writer) error { return results.WriteTrajectory(w, fixtureTrajectory()) },
			results.BoxesFile:      func(w io.Writer) error { return results.WriteBoxes(w, fixtureBoxes()) },
		}},
	}
	for name, fx := range bargainFixtureDirs() {
		dirs[name] = fx
	}
	return dirs
}

// TestAnalysisFixtures writes the analyses' directories as their commands
// would, through a results.Stream, and checks that testdata/ holds exactly
// those files (go test ./plot -update rewrites them).
func TestAnalysisFixtures(t *testing.T) {
	for name, fx := range fixtureDirs() {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if *update {
				dir = filepath.Join("testdata", name)
			}
			s, err := results.OpenStream(dir, fx.files, true)
			if err != nil {
				t.Fatal(err)
			}
			for file, write := range fx.writes {
				if err := write(s.File(file)); err != nil {
					s.Abort()
					t.Fatal(err)
				}
			}
			if err := s.Commit(fx.man); err != nil {
				t.Fatal(err)
			}
			for _, file := range fx.files {
				got, err := os.ReadFile(filepath.Join(dir, file))
				if err != nil {
					t.Fatal(err)
				}
				want, err := os.ReadFile(filepath.Join("testdata", name, file))
				if err != nil {
					t.Fatalf("%v (run go test ./plot -update)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("testdata/%s/%s is not what the fixture writes (run go test ./plot -update)", name, file)
				}
			}
		})
	}
}
