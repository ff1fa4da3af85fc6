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
		{"bad width", []string{"plot", run, "-o", png, "--width", "wide"}, `--width: "wide" is not a length`},
		{"bad dpi", []string{"plot", run, "-o", png, "--dpi", "0"}, "--dpi must be > 0"},
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
