package main

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/results"
)

// TestPlot draws a run and a compare the command line wrote, in each
// format, and checks the file: a PNG of the size asked for, in pixels, and
// the magic bytes of SVG and PDF. An existing image needs --force.
func TestPlot(t *testing.T) {
	run := runToDir(t, 3, 2)
	cmp := compareToDir(t, 2, "--packages", "us_28_point,miami_20_point,miami_20_point_de_jure")
	sens := analysisDir(t, results.SensitivityFiles(true))
	disc := analysisDir(t, results.DiscoveryFiles())
	bargain := bargainDir(t)
	out := t.TempDir()
	tests := []struct {
		name  string
		args  []string
		file  string
		magic string
		// w and h are the PNG's size in pixels; 0 for other formats.
		w, h int
	}{
		{"run png", []string{run, "--width", "800px", "--height", "500px"}, "run.png", "\x89PNG", 800, 500},
		{"run png in cm", []string{run, "--width", "10cm", "--height", "6cm", "--dpi", "254"}, "run-cm.png", "\x89PNG", 1000, 600},
		{"run svg", []string{run}, "run.svg", "<?xml", 0, 0},
		{"compare pdf", []string{cmp, "--pathway", "humanitarian_ceasefire"}, "cmp.pdf", "%PDF-", 0, 0},
		{"compare png", []string{cmp, "--title", "Miami against the US plan", "--packages", "miami_20_point,us_28_point"}, "cmp.png", "\x89PNG", 0, 0},
		{"tornado png", []string{sens, "--top", "5", "--width", "900px", "--height", "500px"}, "tornado.png", "\x89PNG", 900, 500},
		{"tornado svg", []string{sens, "--packages", "us_28_point", "--pathway", "framework_agreement"}, "tornado.svg", "<?xml", 0, 0},
		{"sobol pdf", []string{sens, "--chart", "sobol"}, "sobol.pdf", "%PDF-", 0, 0},
		{"trajectory png", []string{disc, "--width", "800px", "--height", "600px"}, "trajectory.png", "\x89PNG", 800, 600},
		{"frontier png", []string{bargain, "--width", "900px", "--height", "500px"}, "frontier.png", "\x89PNG", 900, 500},
		{"frontier of one track svg", []string{bargain, "--track", "humanitarian", "--chart", "frontier"}, "frontier.svg", "<?xml", 0, 0},
		{"frontier pdf", []string{bargain, "--packages", "us_28_point"}, "frontier.pdf", "%PDF-", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(out, tt.file)
			r := cli(t, append([]string{"plot", "-o", file}, tt.args...)...)
			if r.code != exitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q, want nothing: the image is the output", r.stdout)
			}
			if !strings.HasPrefix(r.stderr, "wrote "+file) {
				t.Errorf("stderr %q does not say what was written", r.stderr)
			}
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b, []byte(tt.magic)) {
				t.Errorf("%s starts %q, want %q", tt.file, b[:min(len(b), 8)], tt.magic)
			}
			if tt.w > 0 {
				cfg, err := png.DecodeConfig(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				if cfg.Width != tt.w || cfg.Height != tt.h {
					t.Errorf("PNG of %d × %d pixels, want %d × %d", cfg.Width, cfg.Height, tt.w, tt.h)
				}
			}
			// Again: the image exists, and only --force replaces it.
			again := cli(t, append([]string{"plot", "-o", file}, tt.args...)...)
			if again.code != exitUsage || !strings.Contains(again.stderr, "--force") {
				t.Errorf("over an existing image: exit %d, %q; want %d and a word of --force", again.code, again.stderr, exitUsage)
			}
			if r := cli(t, append([]string{"plot", "-o", file, "--force"}, tt.args...)...); r.code != exitOK {
				t.Errorf("--force: exit %d: %s", r.code, r.stderr)
			}
		})
	}
}

// TestPlotErrors: every mistake of the user's is exit status 2 with a
// message that says what to change.
func TestPlotErrors(t *testing.T) {
	run := runToDir(t, 3, 2)
	tmp := t.TempDir()
	malformed := filepath.Join(tmp, "malformed")
	if err := os.CopyFS(malformed, os.DirFS(run)); err != nil {
		t.Fatal(err)
	}
	pathways := filepath.Join(malformed, "pathways.csv")
	b, err := os.ReadFile(pathways)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	lines[2] = strings.Replace(lines[2], ",0.", ",zero.", 1)
	if err := os.WriteFile(pathways, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	png := filepath.Join(tmp, "out.png")
	sens := analysisDir(t, results.SensitivityFiles(true))
	tornado := analysisDir(t, results.SensitivityFiles(false))
	disc := analysisDir(t, results.DiscoveryFiles())
	bargain := bargainDir(t)
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"no -o", []string{"plot", run}, "-o FILE.png, .svg or .pdf is required"},
		{"no directory", []string{"plot", "-o", png}, "accepts 1 arg"},
		{"unknown extension", []string{"plot", run, "-o", filepath.Join(tmp, "out.jpg")}, "unknown image format: .jpg"},
		{"missing directory", []string{"plot", filepath.Join(tmp, "nowhere"), "-o", png}, "no such directory"},
		{"not a results directory", []string{"plot", tmp, "-o", png}, "not a peacesim results directory"},
		{"malformed table", []string{"plot", malformed, "-o", png}, "pathways.csv:3:"},
		{"unknown pathway", []string{"plot", run, "-o", png, "--pathway", "framework_agreemnt"}, `--pathway: the results have no pathway "framework_agreemnt" (did you mean framework_agreement?)`},
		{"unknown package", []string{"plot", run, "-o", png, "--packages", "us_28_point,mars_plan"}, `--packages: the results have no package "mars_plan" (the packages are: us_28_point,`},
		{"bad width", []string{"plot", run, "-o", png, "--width", "wide"}, "--width wide: not a length"},
		{"bad dpi", []string{"plot", run, "-o", png, "--dpi", "0"}, "--dpi 0: 0 dpi is outside the 10–2400 dpi a figure is drawn at"},
		// The analyses' charts.
		{"a chart of another analysis", []string{"plot", sens, "-o", png, "--chart", "trajectory"},
			"--chart trajectory: " + sens + " cannot draw it; it can draw tornado, sobol"},
		{"sobol without sobol.csv", []string{"plot", tornado, "-o", png, "--chart", "sobol"}, "it can draw tornado"},
		{"tornado of a discovery", []string{"plot", disc, "-o", png, "--chart", "tornado"}, "it can draw trajectory"},
		{"no such chart", []string{"plot", sens, "-o", png, "--chart", "pie"}, "--chart pie:"},
		{"unknown package of an analysis", []string{"plot", sens, "-o", png, "--packages", "miami_20_pint"},
			`--packages: the results have no package "miami_20_pint" (did you mean miami_20_point?)`},
		{"two packages for a tornado", []string{"plot", sens, "-o", png, "--packages", "miami_20_point,us_28_point"}, "one package"},
		{"unknown pathway of an analysis", []string{"plot", sens, "-o", png, "--chart", "sobol", "--pathway", "ceasefire"},
			`--pathway: the results have no pathway "ceasefire"`},
		{"unknown pathway of a discovery", []string{"plot", disc, "-o", png, "--pathway", "talks_collapse"}, `no pathway "talks_collapse"`},
		{"top 0", []string{"plot", sens, "-o", png, "--top", "0"}, "--top must be ≥ 1, got 0"},
		// The bargaining frontier.
		{"unknown track", []string{"plot", bargain, "-o", png, "--track", "humanitarain"},
			`--track: the results have no track "humanitarain" (did you mean humanitarian?)`},
		{"unlike track", []string{"plot", bargain, "-o", png, "--track", "security"},
			`--track: the results have no track "security" (the tracks are: framework, humanitarian)`},
		{"unknown package of a bargain", []string{"plot", bargain, "-o", png, "--packages", "us_28_pint"},
			`--packages: the results have no package "us_28_pint" (did you mean us_28_point?)`},
		{"tornado of a bargain", []string{"plot", bargain, "-o", png, "--chart", "tornado"}, "it can draw frontier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, tt.args...)
			if r.code != exitUsage {
				t.Errorf("exit %d, want %d (stderr %q)", r.code, exitUsage, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.msg) {
				t.Errorf("stderr %q does not say %q", r.stderr, tt.msg)
			}
			if _, err := os.Stat(png); err == nil {
				t.Error("an image was written")
			}
		})
	}
}

// analysisDir writes a results directory of a sensitivity analysis (with
// sobol.csv or without) or of a scenario discovery, as those commands
// write it: through a results.Stream, manifest last. Its sensitivity
// tables have 12 inputs for two packages and one pathway.
func analysisDir(t *testing.T, files []string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "analysis")
	s, err := results.OpenStream(dir, files, false)
	if err != nil {
		t.Fatal(err)
	}
	var (
		tornado []results.TornadoRow
		sobol   []results.SobolRow
		path    []results.TrajectoryRow
	)
	for _, pkg := range []string{"miami_20_point", "us_28_point"} {
		for i := range 12 {
			input := fmt.Sprintf("parties.russia.stakes.issue_%02d.weight", i)
			effect := 0.2 / float64(i+1)
			tornado = append(tornado, results.TornadoRow{Scenario: "miami-2025", Package: pkg, Pathway: "framework_agreement",
				Input: input, Low: 0.1, High: 0.3, PBase: 0.4, PLow: 0.4 - effect/2, PHigh: 0.4 + effect/2,
				Swing: effect, SwingLow: effect - 0.01, SwingHigh: effect + 0.01, Trials: 1000, Seed: 7})
			sobol = append(sobol, results.SobolRow{Scenario: "miami-2025", Package: pkg, Pathway: "framework_agreement",
				Input: input, FirstOrder: effect, FirstOrderLow: effect - 0.02, FirstOrderHigh: effect + 0.02,
				Total: 1.3 * effect, TotalLow: 1.3*effect - 0.02, TotalHigh: 1.3*effect + 0.02, Trials: 512 * 14, Samples: 512, Seed: 7})
		}
	}
	for step := range 20 {
		path = append(path, results.TrajectoryRow{Scenario: "miami-2025", Package: "miami_20_point", Pathway: "framework_agreement",
			Step: step, Coverage: 1 - 0.03*float64(step), Density: 0.3 + 0.02*float64(step), Mass: 0.9 - 0.04*float64(step),
			Restricted: step / 5, Chosen: step == 12})
	}
	writes := map[string]func() error{
		results.TornadoFile:    func() error { return results.WriteTornado(s.File(results.TornadoFile), tornado) },
		results.SobolFile:      func() error { return results.WriteSobol(s.File(results.SobolFile), sobol) },
		results.TrajectoryFile: func() error { return results.WriteTrajectory(s.File(results.TrajectoryFile), path) },
		results.BoxesFile:      func() error { return results.WriteBoxes(s.File(results.BoxesFile), nil) },
	}
	for _, f := range files {
		if write, ok := writes[f]; ok {
			if err := write(); err != nil {
				s.Abort()
				t.Fatal(err)
			}
		}
	}
	man := results.NewManifest("v-test")
	man.Scenarios = []results.ScenarioRun{{Scenario: "miami-2025", Seed: 7, Trials: 1000}}
	man.Sensitivity = &results.Sensitivity{Range: [2]float64{10, 90}}
	if err := s.Commit(man); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestPlotAnalyses: the directory of a sensitivity analysis draws a
// tornado, or with --chart sobol its Sobol indices; that of a discovery,
// its trajectory. --top chooses how many inputs a tornado shows, and so,
// by default, how high it is. (TestPlot writes them in each format.)
func TestPlotAnalyses(t *testing.T) {
	sens := analysisDir(t, results.SensitivityFiles(true))
	disc := analysisDir(t, results.DiscoveryFiles())
	out := t.TempDir()
	// draw plots args into a PNG and returns its height and what the
	// command said.
	draw := func(name string, args ...string) (height int, stderr string) {
		file := filepath.Join(out, name+".png")
		r := cli(t, append([]string{"plot", "-o", file}, args...)...)
		if r.code != exitOK {
			t.Fatalf("%s: exit %d: %s", args, r.code, r.stderr)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return cfg.Height, r.stderr
	}
	for _, c := range []struct{ args, kind string }{
		{sens, "tornado chart"}, {sens + " --chart tornado", "tornado chart"},
		{sens + " --chart sobol", "Sobol indices chart"}, {disc, "PRIM trajectory chart"},
	} {
		if _, stderr := draw("kind", append(strings.Fields(c.args), "--force")...); !strings.Contains(stderr, ": "+c.kind+",") {
			t.Errorf("plot %s: %q, want a %s", c.args, stderr, c.kind)
		}
	}
	few, _ := draw("top-2", sens, "--top", "2")
	all, _ := draw("top-12", sens, "--top", "12")
	if all <= few {
		t.Errorf("a tornado of 12 inputs is %d pixels high, of 2 %d: --top does not choose the rows", all, few)
	}
}

// bargainDir writes a results directory of a bargaining analysis as
// peacesim bargain writes it, through a results.Stream, manifest last:
// two veto parties, a frontier on two tracks, two declared packages.
func bargainDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "bargain")
	s, err := results.OpenStream(dir, results.BargainFiles(), false)
	if err != nil {
		t.Fatal(err)
	}
	parties, issues := []string{"russia", "ukraine"}, []string{"troop_cap", "pow_exchange"}
	var (
		zopa      []results.ZOPARow
		solutions []results.SolutionRow
		frontier  []results.FrontierRow
		packages  []results.BargainPackageRow
	)
	for k, track := range []string{"framework", "humanitarian"} {
		zopa = append(zopa, results.ZOPARow{Scenario: "miami-2025", Mode: "expected", Track: track, Exists: true,
			Probability: 0.6, CILow: 0.57, CIHigh: 0.63, Trials: 1000, Reservations: []float64{0.4, 0.35}})
		for i := range 11 {
			s := float64(i) / 10
			values := []string{fmt.Sprint(400 + 80*i), ""} // pow_exchange is off the framework track
			if k == 1 {
				values = []string{"", fmt.Sprint(i%2 == 0)}
			}
			frontier = append(frontier, results.FrontierRow{Scenario: "miami-2025", Mode: "expected", Track: track, Point: i,
				Utilities: []float64{0.1 + 0.8*s, 0.9 - 0.8*s*s}, Values: values})
		}
		for _, sol := range []struct {
			name string
			u    []float64
		}{{"nash", []float64{0.62, 0.58}}, {"kalai_smorodinsky", []float64{0.58, 0.62}}} {
			solutions = append(solutions, results.SolutionRow{Scenario: "miami-2025", Mode: "expected", Track: track,
				Solution: sol.name, Issue: issues[k], Value: "640", Utilities: sol.u})
		}
		packages = append(packages,
			results.BargainPackageRow{Scenario: "miami-2025", Mode: "expected", Track: track, Package: "us_28_point",
				Utilities: []float64{0.7, 0.3}, Acceptable: false, DistanceFrontier: 0.2, DistanceNash: 0.3},
			results.BargainPackageRow{Scenario: "miami-2025", Mode: "expected", Track: track, Package: "miami_20_point",
				Utilities: []float64{0.5, 0.5}, Acceptable: true, DistanceFrontier: 0.1, DistanceNash: 0.14})
	}
	for file, write := range map[string]func() error{
		results.ZOPAFile:      func() error { return results.WriteZOPA(s.File(results.ZOPAFile), parties, zopa) },
		results.SolutionsFile: func() error { return results.WriteSolutions(s.File(results.SolutionsFile), parties, solutions) },
		results.FrontierFile: func() error {
			return results.WriteFrontier(s.File(results.FrontierFile), parties, issues, frontier)
		},
		results.BargainPackagesFile: func() error {
			return results.WriteBargainPackages(s.File(results.BargainPackagesFile), parties, packages)
		},
	} {
		if err := write(); err != nil {
			s.Abort()
			t.Fatalf("%s: %v", file, err)
		}
	}
	man := results.NewManifest("v-test")
	man.Scenarios = []results.ScenarioRun{{Scenario: "miami-2025", Seed: 7, Trials: 1000}}
	man.Bargain = &results.Bargain{Package: "miami_20_point", Mode: "expected", Parties: parties, Issues: issues, Trials: 1000}
	if err := s.Commit(man); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestPlotFrontier: a bargain's directory draws its frontier, a panel per
// track, or the one --track names, which is lower.
func TestPlotFrontier(t *testing.T) {
	bargain := bargainDir(t)
	out := t.TempDir()
	draw := func(name string, args ...string) (height int) {
		file := filepath.Join(out, name+".png")
		r := cli(t, append([]string{"plot", "-o", file, bargain}, args...)...)
		if r.code != exitOK {
			t.Fatalf("%s: exit %d: %s", args, r.code, r.stderr)
		}
		if !strings.Contains(r.stderr, ": bargaining frontier chart,") {
			t.Errorf("plot %s: %q, want a bargaining frontier chart", args, r.stderr)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return cfg.Height
	}
	both := draw("both")
	one := draw("one", "--track", "framework", "--chart", "frontier")
	if one == both {
		t.Errorf("one track and two are both %d pixels high: --track does not choose the panels", one)
	}
}

// TestPlotTimeline: a run over a timeline is drawn as its talks over time
// by default, and as its bars with --chart run; --pathway draws one
// pathway over the packages; a pathway or chart the run does not have is
// exit status 2.
func TestPlotTimeline(t *testing.T) {
	run := runToDir(t, 3, 2) // the default scenario, over 26 weeks
	out := t.TempDir()
	tests := []struct {
		name string
		args []string
		kind string
		code int
	}{
		{"the default chart", []string{run}, "timeline chart", exitOK},
		{"the run's bars", []string{run, "--chart", "run"}, "run chart", exitOK},
		{"one pathway over the packages", []string{run, "--pathway", "framework_agreement"}, "timeline chart", exitOK},
		{"one package", []string{run, "--packages", "miami_20_point_humanitarian_first", "--chart", "timeline"}, "timeline chart", exitOK},
		{"the test scenario", []string{runTimeline(t).Path}, "timeline chart", exitOK},
		{"a pathway it does not have", []string{run, "--pathway", "framework_agreemnt"}, "did you mean framework_agreement?", exitUsage},
		{"a chart it cannot draw", []string{run, "--chart", "compare"}, "it can draw timeline, run", exitUsage},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(out, fmt.Sprintf("%d.png", i))
			r := cli(t, append([]string{"plot", "-o", file}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.kind) {
				t.Errorf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, tt.code, tt.kind)
			}
		})
	}
}
