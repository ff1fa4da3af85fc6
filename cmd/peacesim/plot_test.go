package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlot draws a run and a compare the command line wrote, in each
// format, and checks the file: a PNG of the size asked for, in pixels, and
// the magic bytes of SVG and PDF. An existing image needs --force.
func TestPlot(t *testing.T) {
	run := runToDir(t, 3, 2)
	cmp := compareToDir(t, 2, "--packages", "us_28_point,miami_20_point,miami_20_point_de_jure")
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
