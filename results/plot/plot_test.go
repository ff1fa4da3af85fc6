package plot

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/peacesim/peacesim/results"
)

// The size every test draws at: 12 cm × 9 cm at 100 dpi is 472 × 354
// pixels.
const (
	testWidth  = 12 * vg.Centimeter
	testHeight = 9 * vg.Centimeter
	testDPI    = 100
	wantW      = 472 // round(12 / 2.54 × 100)
	wantH      = 354 // round(9 / 2.54 × 100)
)

// minColors is how many distinct colours a chart has at least: text and
// lines are anti-aliased, and every chart has several data colours.
const minColors = 16

// read reads a results directory of testdata/.
func read(t *testing.T, name string) *results.Dir {
	t.Helper()
	d, err := results.ReadDir(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// render draws d as a PNG at the test size and decodes it.
func render(t *testing.T, d *results.Dir, opts Options) (*Chart, image.Image) {
	t.Helper()
	opts.Width, opts.Height, opts.DPI = testWidth, testHeight, testDPI
	c, err := New(d, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c, encodePNG(t, c)
}

// encodePNG draws c as a PNG and decodes it.
func encodePNG(t *testing.T, c *Chart) image.Image {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Encode(&buf, "png"); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("the PNG does not decode: %v", err)
	}
	return img
}

// rgb is a colour without its alpha, as a pixel of an opaque PNG holds it.
type rgb struct{ r, g, b uint8 }

func rgbOf(c color.Color) rgb {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return rgb{n.R, n.G, n.B}
}

// over is c drawn at its opacity over white, as a band lands on the page.
func over(c color.Color) rgb {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	a := float64(n.A) / 255
	mix := func(v uint8) uint8 { return uint8(math.Round(float64(v)*a + 255*(1-a))) }
	return rgb{mix(n.R), mix(n.G), mix(n.B)}
}

// census counts the pixels of each colour.
func census(img image.Image) map[rgb]int {
	counts := map[rgb]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			counts[rgbOf(img.At(x, y))]++
		}
	}
	return counts
}

// near counts the pixels within tol of c on every channel.
func near(counts map[rgb]int, c rgb, tol int) int {
	n := 0
	d := func(a, b uint8) int { return max(int(a)-int(b), int(b)-int(a)) }
	for k, v := range counts {
		if d(k.r, c.r) <= tol && d(k.g, c.g) <= tol && d(k.b, c.b) <= tol {
			n += v
		}
	}
	return n
}

// TestRender draws each kind of chart from a results directory and checks
// the PNG: its size in pixels, that it is not blank, that it has many
// colours, and that the data's own marks are there (the colours only the
// data are drawn in, counted without the legend), so that a chart whose
// data were not drawn fails.
func TestRender(t *testing.T) {
	tests := []struct {
		name string
		dir  string
		opts Options
		kind Kind
		// marks checks the data's marks in the image's colour census.
		marks func(t *testing.T, d *results.Dir, counts map[rgb]int)
	}{
		{"run", "run", Options{}, Run, func(t *testing.T, d *results.Dir, counts map[rgb]int) {
			// A bar of each pathway: solid fills of its colour.
			for i := range 3 {
				if n := counts[rgbOf(pathwayColor(i))]; n < 300 {
					t.Errorf("pathway %d: %d pixels of its colour, want its bars", i, n)
				}
			}
		}},
		{"run, one pathway", "run", Options{Pathway: "humanitarian_ceasefire", Packages: []string{"miami_20_point", "us_28_point"}}, Run,
			func(t *testing.T, d *results.Dir, counts map[rgb]int) {
				if n := counts[rgbOf(pathwayColor(1))]; n < 300 {
					t.Errorf("humanitarian_ceasefire: %d pixels of its colour, want its bars", n)
				}
				for _, i := range []int{0, 2} {
					if n := counts[rgbOf(pathwayColor(i))]; n > 0 {
						t.Errorf("pathway %d, not asked for, has %d pixels", i, n)
					}
				}
			}},
		{"compare", "compare", Options{}, Compare, func(t *testing.T, d *results.Dir, counts map[rgb]int) {
			// The points of differences beyond sampling error.
			if n := counts[rgbOf(verdictColor(beyond))]; n < 40 {
				t.Errorf("%d pixels of the colour of a difference beyond sampling error, want its points", n)
			}
		}},
		{"sweep over one key", "sweep_one", Options{}, Sweep, func(t *testing.T, d *results.Dir, counts map[rgb]int) {
			// 300 trials a point: bands a few pixels wide.
			for i := range 3 {
				// The band (where lines do not cross it) and the line.
				if n := near(counts, over(translucent(pathwayColor(i))), 2); n < 100 {
					t.Errorf("pathway %d: %d pixels of its band", i, n)
				}
				if n := near(counts, rgbOf(pathwayColor(i)), 8); n < 100 {
					t.Errorf("pathway %d: %d pixels of its line", i, n)
				}
			}
		}},
		{"sweep over one key, too many points for dots", "sweep_many", Options{}, Sweep, func(t *testing.T, d *results.Dir, counts map[rgb]int) {
			// Only lines are drawn in the pathways' colours.
			for i := range 3 {
				if n := near(counts, rgbOf(pathwayColor(i)), 8); n < 150 {
					t.Errorf("pathway %d: %d pixels of its line", i, n)
				}
			}
		}},
		// At this size the caption takes three lines, whole rather than cut.
		{"sweep over two keys", "sweep_two", Options{Pathway: "framework_agreement"}, Heatmap, cellsDrawn(0.2)},
		{"sweep over two keys, not a grid", "sweep_lhs", Options{}, Heatmap, cellsDrawn(0.01)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := read(t, tt.dir)
			c, img := render(t, d, tt.opts)
			if c.Kind() != tt.kind {
				t.Errorf("kind %v, want %v", c.Kind(), tt.kind)
			}
			if b := img.Bounds(); b.Dx() != wantW || b.Dy() != wantH {
				t.Errorf("the PNG is %d × %d pixels, want %d × %d", b.Dx(), b.Dy(), wantW, wantH)
			}
			counts := census(img)
			if white := counts[rgb{255, 255, 255}]; white == wantW*wantH {
				t.Fatal("the PNG is blank")
			}
			if len(counts) <= minColors {
				t.Errorf("the PNG has %d colours, want more than %d", len(counts), minColors)
			}
			// The legend's swatches are in the data's colours: the marks
			// are counted on the chart without it.
			c.fig.legend = nil
			tt.marks(t, d, census(encodePNG(t, c)))
		})
	}
}

// cellsDrawn checks that at least share of the image is in the colours of
// the heatmap's probabilities on its scale.
func cellsDrawn(share float64) func(t *testing.T, d *results.Dir, counts map[rgb]int) {
	return func(t *testing.T, d *results.Dir, counts map[rgb]int) {
		m := heatColors()
		var ps []float64
		var cells []cell
		for _, r := range d.Sweep {
			if r.Package == d.Sweep[0].Package && r.Pathway == "framework_agreement" {
				ps = append(ps, r.Probability)
				cells = append(cells, cell{p: r.Probability})
			}
		}
		lo, hi := colorRange(cells)
		m.SetMin(lo)
		m.SetMax(hi)
		seen := map[rgb]bool{}
		n := 0
		for _, p := range ps {
			col, err := m.At(p)
			if err != nil {
				t.Fatal(err)
			}
			if k := rgbOf(col); !seen[k] {
				seen[k] = true
				n += counts[k]
			}
		}
		if float64(n) < share*wantW*wantH {
			t.Errorf("%d pixels in the probabilities' colours, want at least %.0f%% of the image", n, 100*share)
		}
	}
}

// TestEncodeFormats: each format starts with its magic bytes.
func TestEncodeFormats(t *testing.T) {
	d := read(t, "run")
	c, err := New(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		format string
		magic  []string // any of
	}{
		{"png", []string{"\x89PNG\r\n\x1a\n"}},
		{"svg", []string{"<?xml", "<svg"}},
		{"pdf", []string{"%PDF-"}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.Encode(&buf, tt.format); err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(tt.magic, func(m string) bool { return bytes.HasPrefix(buf.Bytes(), []byte(m)) }) {
				t.Errorf("output starts %q, want one of %q", buf.Bytes()[:min(16, buf.Len())], tt.magic)
			}
			// The data are drawn, not only the furniture.
			if buf.Len() < 5000 {
				t.Errorf("output of %d bytes is too small for a chart", buf.Len())
			}
		})
	}
	if err := c.Encode(&bytes.Buffer{}, "jpg"); !errors.Is(err, ErrFormat) {
		t.Errorf("Encode as jpg: %v, want ErrFormat", err)
	}
}

// TestNewErrors: options the results cannot satisfy, and directories with
// nothing to draw, are errors a command line can tell apart.
func TestNewErrors(t *testing.T) {
	tests := []struct {
		name    string
		dir     string
		opts    Options
		unknown string // the UnknownError's What, or
		is      error  // the error wrapped
		msg     string
	}{
		{"run, unknown pathway", "run", Options{Pathway: "framework"}, "pathway", nil, `no pathway "framework"`},
		{"run, unknown package", "run", Options{Packages: []string{"us_28_point", "miami_20"}}, "package", nil, `no package "miami_20"`},
		{"compare, unknown pathway", "compare", Options{Pathway: "ceasefire"}, "pathway", nil, "framework_agreement, humanitarian_ceasefire, talks_collapse"},
		{"compare, one package", "compare", Options{Packages: []string{"us_28_point"}}, "", ErrOptions, "no pair"},
		{"sweep, unknown package", "sweep_one", Options{Packages: []string{"russia_june_2024"}}, "package", nil, "us_28_point, miami_20_point, ukraine_stated_terms"},
		{"heatmap, two packages", "sweep_two", Options{Packages: []string{"miami_20_point", "us_28_point"}}, "", ErrOptions, "one package"},
		{"heatmap, unknown pathway", "sweep_two", Options{Pathway: "peace"}, "pathway", nil, `"peace"`},
		{"sweep over three keys", "sweep_three", Options{}, "", ErrNothing, "3 keys"},
		{"a chart the directory cannot draw", "sensitivity", Options{Chart: "trajectory"}, "", ErrOptions, "it can draw tornado, sobol"},
		{"sobol without sobol.csv", "tornado", Options{Chart: "sobol"}, "", ErrOptions, "it can draw tornado"},
		{"tornado of a discovery", "discovery", Options{Chart: "tornado"}, "", ErrOptions, "it can draw trajectory"},
		{"tornado, unknown package", "sensitivity", Options{Packages: []string{"miami_20"}}, "package", nil, `no package "miami_20"`},
		{"tornado, unknown pathway", "sensitivity", Options{Pathway: "framework"}, "pathway", nil, `no pathway "framework"`},
		{"tornado, two packages", "sensitivity", Options{Packages: []string{"miami_20_point", "us_28_point"}}, "", ErrOptions, "one package"},
		{"sobol, unknown pathway", "sensitivity", Options{Chart: "sobol", Pathway: "peace"}, "pathway", nil, `"peace"`},
		{"trajectory, unknown package", "discovery", Options{Packages: []string{"us_28_point"}}, "package", nil, "miami_20_point"},
		{"negative top", "sensitivity", Options{Top: -1}, "", ErrOptions, "--top"},
		{"timeline, unknown pathway", "timeline", Options{Pathway: "ceasefire"}, "pathway", nil, "framework_agreement, humanitarian_ceasefire, talks_collapse"},
		{"timeline, unknown package", "timeline", Options{Packages: []string{"us_28_point", "miami_20_point"}}, "package", nil, "us_28_point, revised_20_point"},
		{"a chart a timeline cannot draw", "timeline", Options{Chart: "sweep"}, "", ErrOptions, "it can draw timeline, run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(read(t, tt.dir), tt.opts)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
			var unknown *UnknownError
			switch {
			case tt.unknown != "" && (!errors.As(err, &unknown) || unknown.What != tt.unknown || len(unknown.Known) == 0):
				t.Errorf("error %q is not an UnknownError of a %s with the known ones", err, tt.unknown)
			case tt.is != nil && !errors.Is(err, tt.is):
				t.Errorf("error %q does not wrap %v", err, tt.is)
			}
		})
	}

	// A directory of nothing to draw: a manifest alone, or empty tables.
	empty := &results.Dir{Path: "empty"}
	if _, err := New(empty, Options{}); !errors.Is(err, ErrNothing) {
		t.Errorf("empty directory: %v, want ErrNothing", err)
	}
	noRows := &results.Dir{Path: "header-only", Files: []string{"pathways.csv"}}
	if _, err := New(noRows, Options{}); !errors.Is(err, ErrNothing) {
		t.Errorf("pathways.csv without rows: %v, want ErrNothing", err)
	}
}

// TestBatchLabels: a batch's packages are told apart by their scenario,
// and the caption names every scenario with its trials and seed.
func TestBatchLabels(t *testing.T) {
	row := func(s, p, w string, prob float64) results.PathwayRow {
		return results.PathwayRow{Scenario: s, Package: p, Pathway: w, Probability: prob, CILow: prob - 0.01, CIHigh: prob + 0.01,
			Trials: 1000, Seed: 7}
	}
	d := &results.Dir{Path: "batch", Files: []string{"pathways.csv"},
		Manifest: results.Manifest{Version: "v-test", Scenarios: []results.ScenarioRun{
			{Scenario: "a", Trials: 1000, Seed: 7}, {Scenario: "b", Trials: 2000, Seed: 7}}},
		Pathways: []results.PathwayRow{row("a", "plan", "deal", 0.3), row("a", "plan", "none", 0.7),
			row("b", "plan", "deal", 0.2), row("b", "plan", "none", 0.8)}}
	c, err := New(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "a (1,000 trials, seed 7) · b (2,000 trials, seed 7) · peacesim v-test"
	if !strings.HasPrefix(c.fig.caption, want) {
		t.Errorf("caption %q, want it to start %q", c.fig.caption, want)
	}
	_, img := render(t, d, Options{})
	if n := census(img)[rgbOf(pathwayColor(0))]; n < 300 {
		t.Errorf("%d pixels of the first pathway's colour, want its bars", n)
	}
}

// TestCaption: the caption cites the manifest's scenario, trials and seed.
func TestCaption(t *testing.T) {
	for _, tt := range []struct{ dir, trials string }{
		{"run", "2,000 trials"}, {"compare", "2,000 trials"}, {"sweep_one", "300 trials"}, {"sweep_two", "2,000 trials"},
	} {
		dir := tt.dir
		d := read(t, dir)
		c, err := New(d, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"miami-2025", tt.trials, "seed 20251220"} {
			if !strings.Contains(c.fig.caption, want) {
				t.Errorf("%s: caption %q lacks %q", dir, c.fig.caption, want)
			}
		}
	}
}

func TestFormatOf(t *testing.T) {
	tests := []struct {
		path, want string
	}{
		{"run.png", "png"}, {"out/Run.PNG", "png"}, {"a.b/chart.svg", "svg"}, {"chart.pdf", "pdf"},
		{"chart.jpg", ""}, {"chart", ""}, {"chart.png.txt", ""},
	}
	for _, tt := range tests {
		got, err := FormatOf(tt.path)
		if got != tt.want || (tt.want == "") != errors.Is(err, ErrFormat) {
			t.Errorf("FormatOf(%q) = %q, %v; want %q", tt.path, got, err, tt.want)
		}
	}
}

func TestParseLength(t *testing.T) {
	tests := []struct {
		in   string
		dpi  int
		want vg.Length // 0: an error
	}{
		{"16cm", 0, 16 * vg.Centimeter},
		{"10mm", 0, vg.Centimeter},
		{"2in", 0, 2 * vg.Inch},
		{"72pt", 0, vg.Inch},
		{"72", 0, vg.Inch},
		{"300px", 150, 2 * vg.Inch},
		{" 96px ", 96, vg.Inch},
		{"", 0, 0}, {"wide", 0, 0}, {"-1cm", 0, 0}, {"0", 0, 0}, {"NaNpx", 96, 0}, {"12 furlongs", 0, 0},
	}
	for _, tt := range tests {
		got, err := ParseLength(tt.in, tt.dpi)
		if tt.want == 0 {
			if err == nil {
				t.Errorf("ParseLength(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || math.Abs(float64(got-tt.want)) > 1e-9 {
			t.Errorf("ParseLength(%q, %d) = %v, %v; want %v", tt.in, tt.dpi, got, err, tt.want)
		}
	}
}

func TestLabels(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{percentTicks{unit: "%"}.label(0.3), "30%"},
		{percentTicks{unit: "%"}.label(0.3 + 1e-16), "30%"},
		{percentTicks{unit: "%"}.label(0), "0%"},
		{percentTicks{signed: true}.label(0.05), "+5"},
		{percentTicks{signed: true}.label(-0.125), "−12.5"},
		{points(0.0876), "+8.8"},
		{points(-0.131), "−13.1"},
		{points(0.000038), "+0.0038"},
		{points(0), "0"},
		{results.Percent(0.1312), "13.1%"},
		{thousands(100000), "100,000"},
		{thousands(2000), "2,000"},
		{thousands(999), "999"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestHeatColors: the scale is viridis's, rising in lightness, and not the
// fallback: its ends are viridis's dark purple and yellow.
func TestHeatColors(t *testing.T) {
	m := heatColors()
	m.SetMin(0)
	m.SetMax(1)
	prev := -1.0
	for i := 0; i <= 10; i++ {
		c, err := m.At(float64(i) / 10)
		if err != nil {
			t.Fatal(err)
		}
		if l := luminance(c); l <= prev {
			t.Errorf("luminance falls at %d%%: %.3f after %.3f", 10*i, l, prev)
		} else {
			prev = l
		}
	}
	lo, _ := m.At(0)
	hi, _ := m.At(1)
	if got := rgbOf(lo); got != (rgb{0x44, 0x01, 0x54}) {
		t.Errorf("the scale starts at %v, want viridis's #440154", got)
	}
	if got := rgbOf(hi); near(map[rgb]int{got: 1}, rgb{0xFD, 0xE7, 0x25}, 2) != 1 {
		t.Errorf("the scale ends at %v, want viridis's #FDE725", got)
	}
}

// TestDefaultSize: without a size a chart picks one that fits its rows or
// panels, and a PNG is drawn at DefaultDPI.
func TestDefaultSize(t *testing.T) {
	d := read(t, "run")
	c, err := New(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w, h := c.Size()
	if w != 16*vg.Centimeter || h < 10*vg.Centimeter {
		t.Errorf("default size %v × %v, want 16 cm wide and at least 10 cm high", w, h)
	}
	var buf bytes.Buffer
	if err := c.Encode(&buf, "png"); err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if want := int(float64(w/vg.Inch)*DefaultDPI + 0.5); cfg.Width != want {
		t.Errorf("PNG width %d pixels, want %d", cfg.Width, want)
	}
}
