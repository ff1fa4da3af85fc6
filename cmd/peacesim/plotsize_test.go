package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// refusedIn is how long a refused size may take: it is refused before
// anything of its size is allocated, in milliseconds, where drawing it
// ran out of memory or took minutes.
const refusedIn = 500 * time.Millisecond

// TestPlotSizeRefused: a figure's size outside plot's limits is exit 2,
// with a message naming the flag as given, the size in the unit of the
// limit and the limit, at once and without writing a file. Each of these
// printed an out-of-memory trace, grew past 7 GB ignoring Ctrl-C, or
// failed deep in the PNG encoder with exit 1.
func TestPlotSizeRefused(t *testing.T) {
	run := runToDir(t, 3, 2)
	dir := t.TempDir()
	for _, c := range []struct {
		out  string
		args []string
		want string
	}{
		{"chart.png", []string{"--width", "1e9px"}, "--width 1e9px: 1000000000 px is wider than the 20000 px a PNG may be"},
		{"chart.png", []string{"--dpi", "100000"}, "--dpi 100000: 100000 dpi is outside the 10–2400 dpi a figure is drawn at"},
		{"chart.png", []string{"--width", "100000cm"}, "--width 100000cm: 5905512 px is wider than the 20000 px a PNG may be"},
		{"chart.png", []string{"--height", "0.001mm"}, "--height 0.001mm: 0.0001 cm is shorter than the 2 cm a chart needs to be legible"},
		{"chart.png", []string{"--width", "7000px", "--height", "8000px"},
			"--width 7000px --height 8000px: 7000 × 8000 px is 56,000,000 pixels, more than the 50,000,000 a PNG may have"},
		{"chart.svg", []string{"--width", "100000cm"}, "--width 100000cm: 100000 cm is wider than the 508 cm (200 in) an SVG or a PDF may be"},
		{"chart.pdf", []string{"--height", "201in"}, "--height 201in: 510.5 cm is taller than the 508 cm (200 in) an SVG or a PDF may be"},
	} {
		out := filepath.Join(dir, c.out)
		start := time.Now()
		r := cli(t, append([]string{"plot", run, "-o", out}, c.args...)...)
		took := time.Since(start)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) || strings.Contains(r.stderr, "goroutine") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", c.args, r.code, r.stderr, c.want)
		}
		if took > refusedIn {
			t.Errorf("%v: refused in %v; want it under %v, before anything is drawn", c.args, took, refusedIn)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("refused sizes left %d files, %s first", len(entries), entries[0].Name())
	}
}

// TestPlotCancelled: a Ctrl-C before the chart is drawn is exit 130 and
// writes no image.
func TestPlotCancelled(t *testing.T) {
	run := runToDir(t, 3, 2)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(t.TempDir(), "chart.png")
	r := cliContext(t, ctx, "plot", run, "-o", out, "--width", "50cm")
	if r.code != exitInterrupted || r.stderr != "peacesim: interrupted\n" {
		t.Errorf("exit %d, stderr %q; want %d and \"peacesim: interrupted\"", r.code, r.stderr, exitInterrupted)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("an interrupted plot left %s (%v)", out, err)
	}
}
