package plot

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/peacesim/peacesim/results"
)

// frontierCharts are the frontier charts of the bargaining fixtures under
// test, with the data colours each must show (counted without the
// legend) and how many pixels of each at least.
func frontierCharts() []struct {
	name   string
	dir    string
	opts   Options
	colors map[string]struct {
		rgb rgb
		min int
	}
} {
	type want = struct {
		rgb rgb
		min int
	}
	line, zopa := want{rgbOf(lowColor()), minSolid}, want{over(translucent(zopaColor())), 2000}
	nash, ks := want{rgbOf(highColor()), 30}, want{rgbOf(ksColor()), 30}
	return []struct {
		name   string
		dir    string
		opts   Options
		colors map[string]struct {
			rgb rgb
			min int
		}
	}{
		{"two tracks", "bargain", Options{}, map[string]want{"frontier": line, "ZOPA": zopa, "Nash": nash, "KS": ks}},
		{"one track", "bargain", Options{Track: "framework"}, map[string]want{"frontier": line, "ZOPA": zopa, "Nash": nash, "KS": ks}},
		{"three parties", "bargain_three", Options{}, map[string]want{"frontier": line, "ZOPA": zopa, "Nash": nash}},
	}
}

// TestRenderFrontier draws the frontier charts and checks the PNG as
// TestRender does: its size, many colours, and the data's own colours —
// the frontier's line, the ZOPA's shade, the solutions' markers.
func TestRenderFrontier(t *testing.T) {
	for _, tt := range frontierCharts() {
		t.Run(tt.name, func(t *testing.T) {
			c, img := render(t, read(t, tt.dir), tt.opts)
			if c.Kind() != Frontier {
				t.Errorf("kind %v, want %v", c.Kind(), Frontier)
			}
			if b := img.Bounds(); b.Dx() != wantW || b.Dy() != wantH {
				t.Errorf("the PNG is %d × %d pixels, want %d × %d", b.Dx(), b.Dy(), wantW, wantH)
			}
			if n := len(census(img)); n <= minColors {
				t.Errorf("the PNG has %d colours, want more than %d", n, minColors)
			}
			c.fig.legend = nil
			counts := census(encodePNG(t, c))
			for what, w := range tt.colors {
				// The shade within rounding of its blend over white.
				if n := near(counts, w.rgb, 1); n < w.min {
					t.Errorf("%s: %d pixels of %v, want at least %d", what, n, w.rgb, w.min)
				}
			}
		})
	}
}

// TestFrontierLayersDraw switches each drawing of a frontier chart off in
// turn: the image must lose it.
func TestFrontierLayersDraw(t *testing.T) {
	want := []string{"ZOPA", "reservations", "frontier", "packages", "package labels", "Nash solution", "Kalai–Smorodinsky solution"}
	c, full := render(t, read(t, "bargain"), Options{})
	var names []string
	for _, l := range c.layers {
		names = append(names, l.name)
		l.off = true
		if n := differ(full, encodePNG(t, c)); n < minLayer {
			t.Errorf("without its %s the chart changes in %d pixels, want at least %d", l.name, n, minLayer)
		}
		l.off = false
	}
	if !slices.Equal(names, want) {
		t.Errorf("layers %q, want %q", names, want)
	}
}

// TestFrontierOptions: --track picks a panel, --packages the packages
// marked; a track or package the results lack is an *UnknownError with
// those they hold.
func TestFrontierOptions(t *testing.T) {
	d := read(t, "bargain")
	if got := Charts(d); !slices.Equal(got, []string{"frontier"}) {
		t.Errorf("Charts = %q, want frontier", got)
	}
	tests := []struct {
		name    string
		opts    Options
		title   string
		unknown string   // the UnknownError's What, or
		known   []string // its Known
		legend  []string // labels the legend has
		without []string // and has not
	}{
		{"every track", Options{}, "Bargaining frontier by track", "", nil,
			[]string{"Pareto frontier", "reservations", "ZOPA", "Nash", "Kalai–Smorodinsky", "package, acceptable", "package, not acceptable"}, nil},
		{"one track", Options{Track: "humanitarian", Chart: "frontier"}, "Bargaining frontier: humanitarian", "", nil, nil, nil},
		{"packages that are not acceptable", Options{Packages: []string{"us_28_point", "russia_june_2024"}, Track: "framework"},
			"Bargaining frontier: framework", "", nil, []string{"package, not acceptable"}, []string{"package, acceptable"}},
		{"unknown track", Options{Track: "security"}, "", "track", []string{"framework", "humanitarian"}, nil, nil},
		{"unknown package", Options{Packages: []string{"miami_20"}}, "", "package",
			[]string{"us_28_point", "miami_20_point", "miami_20_point_de_jure", "ukraine_stated_terms", "russia_june_2024"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(d, tt.opts)
			if tt.unknown != "" {
				var unknown *UnknownError
				if !errors.As(err, &unknown) || unknown.What != tt.unknown || !slices.Equal(unknown.Known, tt.known) {
					t.Errorf("error %v, want an UnknownError of a %s knowing %q", err, tt.unknown, tt.known)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.fig.title != tt.title {
				t.Errorf("title %q, want %q", c.fig.title, tt.title)
			}
			var labels []string
			for _, e := range c.fig.legend {
				labels = append(labels, e.label)
			}
			for _, l := range tt.legend {
				if !slices.Contains(labels, l) {
					t.Errorf("legend %q lacks %q", labels, l)
				}
			}
			for _, l := range tt.without {
				if slices.Contains(labels, l) {
					t.Errorf("legend %q has %q", labels, l)
				}
			}
		})
	}
}

// TestFrontierCaption: the caption cites the scenario, the mode with its
// trials, the version, and the parties a chart of more than two leaves
// out.
func TestFrontierCaption(t *testing.T) {
	tests := []struct {
		dir  string
		want []string
	}{
		{"bargain", []string{"miami-2025", "expected: in expectation over 4,000 trials, seed 20251220", "from miami_20_point", "peacesim 0.1.0-dev"}},
		{"bargain_three", []string{"miami-2025", "nominal: every distribution at its mean", "peacesim 0.1.0-dev",
			"\nutilities of the first 2 of 3 veto parties; not shown: usa"}},
	}
	for _, tt := range tests {
		c, err := New(read(t, tt.dir), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(c.fig.caption, w) {
				t.Errorf("%s: caption %q lacks %q", tt.dir, c.fig.caption, w)
			}
		}
	}
}

// TestFrontierNothing: a frontier of fewer than two parties, a table
// without rows, and a track with no point of both parties are ErrNothing.
func TestFrontierNothing(t *testing.T) {
	d := read(t, "bargain")
	one := *d
	one.BargainParties = d.BargainParties[:1]
	empty := &results.Dir{Path: "empty", Files: []string{results.FrontierFile}, BargainParties: d.BargainParties}
	na := *d
	na.Frontier = slices.Clone(d.Frontier)
	for i := range na.Frontier {
		na.Frontier[i].Utilities = []float64{math.NaN(), 0.5}
	}
	for name, dir := range map[string]*results.Dir{"one party": &one, "no rows": empty, "no utilities": &na} {
		if _, err := New(dir, Options{}); !errors.Is(err, ErrNothing) {
			t.Errorf("%s: %v, want ErrNothing", name, err)
		}
	}
}

// TestEnvelope: the line of a frontier joins, from left to right, the
// points no other beats for both parties.
func TestEnvelope(t *testing.T) {
	pts := []xy{{0.5, 0.5}, {0.2, 0.9}, {0.4, 0.4}, {0.9, 0.1}, {0.2, 0.8}, {0.6, 0.6}}
	want := []xy{{0.2, 0.9}, {0.6, 0.6}, {0.9, 0.1}}
	if got := envelope(pts); !slices.Equal(got, want) {
		t.Errorf("envelope = %v, want %v", got, want)
	}
}

// TestZOPARegion: the shaded ZOPA is the region under the frontier beyond
// both reservations, by its area (shoelace formula), within rounding.
func TestZOPARegion(t *testing.T) {
	const tol = 1e-12
	line := []xy{{0, 1}, {1, 0}}
	area := func(poly []xy) float64 {
		var a float64
		for i, p := range poly {
			q := poly[(i+1)%len(poly)]
			a += p.x*q.y - q.x*p.y
		}
		return math.Abs(a) / 2
	}
	tests := []struct {
		name   string
		exists bool
		r      []float64
		want   float64
	}{
		{"both reservations", true, []float64{0.25, 0.25}, 0.125},          // the triangle of legs 0.5
		{"one reservation", true, []float64{math.NaN(), 0.5}, 0.125},       // under the line, y ≥ 0.5
		{"reservations left of the frontier", true, []float64{-0.5, 0}, 1}, // the triangle, and left of it up to its top
		{"no ZOPA", false, []float64{0.25, 0.25}, 0},                       // zopa.csv says none
		{"no reservation", true, []float64{math.NaN(), math.NaN()}, 0},     // nothing to shade
		{"beyond the frontier", true, []float64{0.6, 0.6}, 0},              // clipped away
	}
	for _, tt := range tests {
		p := &frontierPanel{line: line, points: line, zopa: &results.ZOPARow{Exists: tt.exists, Reservations: tt.r}}
		got := p.zopaRegion()
		if a := area(got); len(got) >= 3 && math.Abs(a-tt.want) > tol || len(got) < 3 && tt.want != 0 {
			t.Errorf("%s: region %v of area %v, want %v", tt.name, got, a, tt.want)
		}
	}
}

// TestPlaceLabels: labels of points close together are placed so that no
// two overlap, and none covers a marker, when there is room.
func TestPlaceLabels(t *testing.T) {
	bounds := vg.Rectangle{Max: vg.Point{X: 400, Y: 300}}
	var boxes []labelBox
	var markers []vg.Rectangle
	for i := range 5 {
		at := vg.Point{X: 200 + vg.Length(12*i), Y: 150 + vg.Length(9*i)}
		boxes = append(boxes, labelBox{at: at, w: 60, h: 8})
		markers = append(markers, vg.Rectangle{Min: vg.Point{X: at.X - 3, Y: at.Y - 3}, Max: vg.Point{X: at.X + 3, Y: at.Y + 3}})
	}
	places := placeLabels(boxes, markers, nil, bounds)
	rects := make([]vg.Rectangle, len(places))
	for i, p := range places {
		rects[i] = vg.Rectangle{Min: p, Max: vg.Point{X: p.X + boxes[i].w, Y: p.Y + boxes[i].h}}
		if outside(rects[i], bounds) > 0 {
			t.Errorf("label %d at %v leaves the panel", i, rects[i])
		}
		for j := range i {
			if overlap(rects[i], rects[j]) > 0 {
				t.Errorf("labels %d and %d overlap: %v, %v", j, i, rects[j], rects[i])
			}
		}
		for j, m := range markers {
			if overlap(rects[i], m) > 0 {
				t.Errorf("label %d covers marker %d", i, j)
			}
		}
	}
	// A line crossing the first place sends the label to another.
	line := [][2]vg.Point{{{X: 230, Y: 0}, {X: 230, Y: 300}}}
	if got := placeLabels(boxes[:1], nil, line, bounds)[0]; crossed(line[0][0], line[0][1],
		vg.Rectangle{Min: got, Max: vg.Point{X: got.X + 60, Y: got.Y + 8}}) > 0 {
		t.Errorf("the label at %v crosses the line", got)
	}
}
