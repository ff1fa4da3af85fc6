package plot

import (
	"bytes"
	"errors"
	"image"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/results"
)

// minSolid is how many pixels of a data colour a chart's bars or lines
// make at the test size, at least: a drawing that is missing falls far
// short of it.
const minSolid = 300

// analysisCharts are the charts of the analyses' fixtures under test,
// with the data colours each must show (counted without the legend) and
// how many pixels of each at least.
func analysisCharts() []struct {
	name   string
	dir    string
	opts   Options
	kind   Kind
	colors []struct {
		rgb rgb
		min int
	}
} {
	type want = struct {
		rgb rgb
		min int
	}
	return []struct {
		name   string
		dir    string
		opts   Options
		kind   Kind
		colors []want
	}{
		// The bars of both ends.
		{"tornado", "sensitivity", Options{}, Tornado, []want{{rgbOf(lowColor()), minSolid}, {rgbOf(highColor()), minSolid}}},
		{"tornado of another package", "sensitivity", Options{Packages: []string{"us_28_point"}, Pathway: "talks_collapse", Top: 4}, Tornado,
			[]want{{rgbOf(lowColor()), minSolid}, {rgbOf(highColor()), minSolid}}},
		// First-order and total bars.
		{"sobol", "sensitivity", Options{Chart: "sobol"}, Sobol, []want{{rgbOf(lowColor()), minSolid}, {rgbOf(totalColor()), minSolid}}},
		// The line and dots, and the ring of the chosen step.
		{"trajectory", "discovery", Options{}, Trajectory, []want{{rgbOf(lowColor()), minSolid}, {rgbOf(highColor()), 30}}},
		{"posterior", "posterior", Options{Chart: "posterior"}, Posterior, []want{{rgbOf(priorColor()), minSolid}, {rgbOf(lowColor()), minSolid}}},
	}
}

// TestRenderAnalyses draws the charts of a sensitivity analysis and of a
// scenario discovery and checks the PNG as TestRender does: its size, many
// colours, and the data's own colours.
func TestRenderAnalyses(t *testing.T) {
	for _, tt := range analysisCharts() {
		t.Run(tt.name, func(t *testing.T) {
			c, img := render(t, read(t, tt.dir), tt.opts)
			if c.Kind() != tt.kind {
				t.Errorf("kind %v, want %v", c.Kind(), tt.kind)
			}
			if b := img.Bounds(); b.Dx() != wantW || b.Dy() != wantH {
				t.Errorf("the PNG is %d × %d pixels, want %d × %d", b.Dx(), b.Dy(), wantW, wantH)
			}
			counts := census(img)
			if len(counts) <= minColors {
				t.Errorf("the PNG has %d colours, want more than %d", len(counts), minColors)
			}
			c.fig.legend = nil
			counts = census(encodePNG(t, c))
			for _, w := range tt.colors {
				if n := counts[w.rgb]; n < w.min {
					t.Errorf("%d pixels of %v, want at least %d", n, w.rgb, w.min)
				}
			}
		})
	}
}

// differ counts the pixels in which two images of one size differ.
func differ(a, b image.Image) int {
	n := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if rgbOf(a.At(x, y)) != rgbOf(b.At(x, y)) {
				n++
			}
		}
	}
	return n
}

// minLayer is how many pixels a chart's layer changes at least: the
// smallest, a few digits of text, changes more than this.
const minLayer = 40

// TestLayersDraw switches each drawing of each chart off in turn: the
// image must lose it, so that a drawing that drew nothing (off the
// canvas, clipped, in white) fails.
func TestLayersDraw(t *testing.T) {
	want := map[Kind][]string{
		Tornado:    {"bars", "base line", "swing whiskers", "input values", "swing column"},
		Sobol:      {"first-order bars", "total bars", "zero line"},
		Trajectory: {"trajectory", "restricted inputs", "minimum density", "chosen"},
		Posterior:  {"prior bars", "posterior bars", "means", "means column"},
	}
	for _, tt := range analysisCharts() {
		t.Run(tt.name, func(t *testing.T) {
			c, full := render(t, read(t, tt.dir), tt.opts)
			var names []string
			for _, l := range c.layers {
				names = append(names, l.name)
				l.off = true
				if n := differ(full, encodePNG(t, c)); n < minLayer {
					t.Errorf("without its %s the chart changes in %d pixels, want at least %d", l.name, n, minLayer)
				}
				l.off = false
			}
			if !slices.Equal(names, want[tt.kind]) {
				t.Errorf("layers %q, want %q", names, want[tt.kind])
			}
		})
	}
}

// TestTornadoRows: a tornado shows the chosen package's and pathway's
// inputs by the size of their swing, whatever its sign, the largest
// first, --top of them, and says in its caption how many it leaves out.
func TestTornadoRows(t *testing.T) {
	d := read(t, "sensitivity")
	tests := []struct {
		name    string
		opts    Options
		rows    int
		omitted string
	}{
		{"default", Options{}, DefaultTop, "4 more inputs with smaller swings not shown"},
		{"top 3", Options{Top: 3, Packages: []string{"us_28_point"}, Pathway: "humanitarian_ceasefire"}, 3, "11 more inputs with smaller swings not shown"},
		{"top 13", Options{Top: 13}, 13, "1 more input with a smaller swing not shown"},
		{"every input", Options{Top: 100}, 14, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, omitted, _, err := tornadoRows(d, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tt.rows || omitted != 14-tt.rows {
				t.Fatalf("%d rows and %d left out, want %d and %d", len(rows), omitted, tt.rows, 14-tt.rows)
			}
			pkg, pathway := "miami_20_point", "framework_agreement"
			if len(tt.opts.Packages) > 0 {
				pkg, pathway = tt.opts.Packages[0], tt.opts.Pathway
			}
			for i, r := range rows {
				if r.Package != pkg || r.Pathway != pathway {
					t.Errorf("row %d is of %s and %s, want %s and %s", i, r.Package, r.Pathway, pkg, pathway)
				}
				if i > 0 && math.Abs(r.Swing) > math.Abs(rows[i-1].Swing) {
					t.Errorf("row %d swings %v, more than the row above (%v)", i, r.Swing, rows[i-1].Swing)
				}
			}
			// Every input left out swings less than every input shown.
			for _, r := range d.Tornado {
				if r.Package == pkg && r.Pathway == pathway && !slices.Contains(rows, r) && math.Abs(r.Swing) > math.Abs(rows[len(rows)-1].Swing) {
					t.Errorf("%s, left out, swings %v, more than the last shown", r.Input, r.Swing)
				}
			}
			c, err := New(d, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			// The inputs left out, then why the package, when it was
			// not asked for.
			want := []string{tt.omitted}
			if len(tt.opts.Packages) == 0 {
				want = append(want, "shown: miami_20_point, the package whose probability of framework_agreement the inputs swing most (by 29.7 points)")
			}
			want = slices.DeleteFunc(want, func(l string) bool { return l == "" })
			if lines := strings.Split(c.fig.caption, "\n"); !slices.Equal(lines[1:], want) {
				t.Errorf("caption %q, want the lines after the first %q", c.fig.caption, want)
			}
		})
	}
}

// TestSobolRows: a Sobol chart shows the inputs by total index, largest
// first, and skips those whose indices are undefined.
func TestSobolRows(t *testing.T) {
	d := read(t, "sensitivity")
	rows, omitted, _, err := sobolRows(d, Options{Top: 5, Pathway: "talks_collapse"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || omitted != 9 {
		t.Fatalf("%d rows and %d left out, want 5 and 9", len(rows), omitted)
	}
	for i, r := range rows {
		if r.Pathway != "talks_collapse" || r.Package != "miami_20_point" {
			t.Errorf("row %d is of %s and %s", i, r.Package, r.Pathway)
		}
		if i > 0 && r.Total > rows[i-1].Total {
			t.Errorf("row %d has total %v, more than the row above (%v)", i, r.Total, rows[i-1].Total)
		}
	}
	// An input whose indices are NA has no row; the others keep theirs.
	nan := &results.Dir{Path: "partial", Files: []string{results.SobolFile}, Sobol: slices.Clone(d.Sobol[:3])}
	nan.Sobol[0].FirstOrder, nan.Sobol[0].Total = math.NaN(), math.NaN()
	if rows, _, _, err := sobolRows(nan, Options{}); err != nil || len(rows) != 2 || slices.ContainsFunc(rows, func(r results.SobolRow) bool { return math.IsNaN(r.Total) }) {
		t.Errorf("with one input NA: %d rows, %v; want the other 2", len(rows), err)
	}
}

// TestAnalysisCaptions: the caption cites the manifest, and what the
// analysis's design says of the figures.
func TestAnalysisCaptions(t *testing.T) {
	tests := []struct {
		dir  string
		opts Options
		want []string
	}{
		{"sensitivity", Options{}, []string{"miami-2025", "4,000 trials", "seed 20251220", "peacesim 0.1.0-dev", "low/high: 10th/90th percentile"}},
		{"sensitivity", Options{Chart: "sobol"}, []string{"miami-2025", "seed 20251220", "1,000 resamples", "N = 2,048 base samples, 32,768 evaluations"}},
		{"discovery", Options{}, []string{"miami-2025", "seed 20251220", "peel α 0.05, paste α 0.01, min mass 5.0%"}},
	}
	for _, tt := range tests {
		c, err := New(read(t, tt.dir), tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(c.fig.caption, w) {
				t.Errorf("%s %s: caption %q lacks %q", tt.dir, c.Kind(), c.fig.caption, w)
			}
		}
	}
	c, err := New(read(t, "discovery"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "PRIM peeling trajectory: miami_20_point → framework_agreement"; c.fig.title != want {
		t.Errorf("title %q, want %q", c.fig.title, want)
	}
}

// TestCharts: a directory draws the charts of the tables it holds, the
// first by default, and Options.Chart chooses among them.
func TestCharts(t *testing.T) {
	tests := []struct {
		dir    string
		charts []string
		kinds  []Kind
	}{
		{"run", []string{"run"}, []Kind{Run}},
		{"compare", []string{"compare", "run"}, []Kind{Compare, Run}},
		{"sweep_one", []string{"sweep"}, []Kind{Sweep}},
		{"sweep_two", []string{"heatmap"}, []Kind{Heatmap}},
		{"sensitivity", []string{"tornado", "sobol"}, []Kind{Tornado, Sobol}},
		{"tornado", []string{"tornado"}, []Kind{Tornado}},
		{"discovery", []string{"trajectory"}, []Kind{Trajectory}},
		{"timeline", []string{"timeline", "run"}, []Kind{Timeline, Run}},
	}
	for _, tt := range tests {
		d := read(t, tt.dir)
		if got := Charts(d); !slices.Equal(got, tt.charts) {
			t.Errorf("%s: Charts = %q, want %q", tt.dir, got, tt.charts)
		}
		c, err := New(d, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if c.Kind() != tt.kinds[0] {
			t.Errorf("%s: the default chart is a %v, want a %v", tt.dir, c.Kind(), tt.kinds[0])
		}
		for i, name := range tt.charts {
			c, err := New(d, Options{Chart: name})
			if err != nil {
				t.Fatal(err)
			}
			if c.Kind() != tt.kinds[i] {
				t.Errorf("%s, --chart %s: a %v chart, want a %v", tt.dir, name, c.Kind(), tt.kinds[i])
			}
		}
	}
}

// TestAnalysisNothing: a Sobol chart of a pathway whose indices are all
// undefined, and a table without rows, are ErrNothing (TestNewErrors has
// the analyses' other errors).
func TestAnalysisNothing(t *testing.T) {
	allNA := &results.Dir{Path: "na", Files: []string{results.SobolFile}}
	for _, r := range read(t, "sensitivity").Sobol {
		if r.Package == "russia_june_2024" && r.Pathway == "framework_agreement" {
			allNA.Sobol = append(allNA.Sobol, r)
		}
	}
	if _, err := New(allNA, Options{}); !errors.Is(err, ErrNothing) || !strings.Contains(err.Error(), "probability is 0 or 1 for that package") {
		t.Errorf("every index NA: %v, want ErrNothing saying the probability is 0 or 1", err)
	}
	for _, file := range []string{results.TornadoFile, results.SobolFile, results.TrajectoryFile} {
		if _, err := New(&results.Dir{Path: "empty", Files: []string{file}}, Options{}); !errors.Is(err, ErrNothing) {
			t.Errorf("%s without rows: %v, want ErrNothing", file, err)
		}
	}
}

// TestAnalysisFormats: each chart of an analysis is written as PNG, SVG
// and PDF.
func TestAnalysisFormats(t *testing.T) {
	magic := map[string]string{"png": "\x89PNG\r\n\x1a\n", "svg": "<?xml", "pdf": "%PDF-"}
	for _, tt := range analysisCharts() {
		c, err := New(read(t, tt.dir), tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, format := range Formats() {
			var buf bytes.Buffer
			if err := c.Encode(&buf, format); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(buf.Bytes(), []byte(magic[format])) || buf.Len() < 5000 {
				t.Errorf("%s as %s: %d bytes starting %q", tt.name, format, buf.Len(), buf.Bytes()[:min(8, buf.Len())])
			}
		}
	}
}

func TestInputLabel(t *testing.T) {
	tests := []struct{ in, want string }{
		{"parties.russia.reservation.framework", "parties.russia.reservation.framework"},
		{strings.Repeat("a", maxInputLabel), strings.Repeat("a", maxInputLabel)},
		{"parties.ukraine.stakes.humanitarian_corridors.weight", "…ukraine.stakes.humanitarian_corridors.weight"},
		{"x." + strings.Repeat("é", 50), "…" + strings.Repeat("é", maxInputLabel-1)},
	}
	for _, tt := range tests {
		got := inputLabel(tt.in)
		if got != tt.want {
			t.Errorf("inputLabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if n := len([]rune(got)); n > maxInputLabel {
			t.Errorf("inputLabel(%q) has %d characters", tt.in, n)
		}
	}
}

func TestOrdinal(t *testing.T) {
	for p, want := range map[float64]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 10: "10th", 11: "11th", 12: "12th",
		13: "13th", 21: "21st", 90: "90th", 92: "92nd", 2.5: "2.5th", 97.5: "97.5th", 0: "0th", 100: "100th", 101: "101st", 111: "111th"} {
		if got := ordinal(p); got != want {
			t.Errorf("ordinal(%v) = %q, want %q", p, got, want)
		}
	}
}
