package plot

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"

	"github.com/peacesim/peacesim/results"
)

// TestBeyond: a package is beyond the frontier when no point of its line
// is at least as good for both parties: right of its last point, above
// its first, or above the line between two points.
func TestBeyond(t *testing.T) {
	line := []xy{{0, 1}, {0.5, 0.8}, {1, 0}}
	p := &frontierPanel{points: line, line: line}
	for _, tt := range []struct {
		q    xy
		want bool
	}{
		{xy{0.2, 0.5}, false}, {xy{0.5, 0.8}, false}, {xy{0.25, 0.9}, false}, {xy{-0.1, 0.9}, false}, {xy{1, 0}, false},
		{xy{0.25, 0.95}, true}, {xy{-0.1, 1.1}, true}, {xy{1.2, 0}, true}, {xy{1.2, -0.5}, true},
	} {
		if got := p.beyond(tt.q); got != tt.want {
			t.Errorf("beyond(%v) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// beyondDir is the bargaining fixture with russia_june_2024 moved past the
// humanitarian frontier, better for both parties than any point of it.
func beyondDir(t *testing.T) *results.Dir {
	d := read(t, "bargain")
	for i, r := range d.BargainPackages {
		if r.Track == "humanitarian" && r.Package == "russia_june_2024" {
			d.BargainPackages[i].Utilities = []float64{0.95, 0.95}
		}
	}
	return d
}

// TestFrontierBeyond: a declared package beyond the frontier is a square,
// which the legend and the caption explain; the others stay circles.
func TestFrontierBeyond(t *testing.T) {
	c, err := New(beyondDir(t), Options{Track: "humanitarian"})
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, e := range c.fig.legend {
		labels = append(labels, e.label)
		if strings.HasPrefix(e.label, "beyond the frontier") {
			if _, ok := e.glyph.Shape.(frame); !ok {
				t.Errorf("the legend's %q is a %T, want a square", e.label, e.glyph.Shape)
			}
		}
	}
	if !slices.Contains(labels, "beyond the frontier, not acceptable") {
		t.Errorf("legend %q does not say what a package beyond the frontier is", labels)
	}
	if !strings.Contains(c.fig.caption, "squares: declared packages beyond the frontier, outside the negotiable space it is computed over") {
		t.Errorf("caption %q does not say what the squares are", c.fig.caption)
	}
	b, err := bargainOf(beyondDir(t), Options{Track: "humanitarian"})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range b.panel("humanitarian").packages {
		if k.beyond != (k.id == "russia_june_2024") {
			t.Errorf("%s at %v: beyond %v", k.id, k.at, k.beyond)
		}
	}
	// The fixture as it is has none: no square, no word of them.
	plain, err := New(read(t, "bargain"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.fig.caption, "squares") {
		t.Errorf("caption %q speaks of squares there are not", plain.fig.caption)
	}
}

// TestFrontierLabels: packages at one point share one label, a line each;
// and every label is beside its point, within the panel, even at its edge.
func TestFrontierLabels(t *testing.T) {
	p := &frontierPanel{packages: []packagePoint{
		{id: "a", at: xy{0.5, 0.5}}, {id: "b", at: xy{0.2, 0.2}}, {id: "c", at: xy{0.5, 0.5}}, {id: "d", at: xy{0.5001, 0.5}},
	}}
	scale := func(v float64) vg.Length { return vg.Length(200 * v) }
	labels := p.labels(scale, scale)
	if len(labels) != 2 || labels[0].text != "a\nc\nd" || labels[1].text != "b" {
		t.Errorf("labels %+v, want a, c and d together (the most lines first), and b", labels)
	}

	bounds := vg.Rectangle{Max: vg.Point{X: 200, Y: 100}}
	off := packageRadius + labelGap
	for _, at := range []vg.Point{{X: 100, Y: 50}, {X: 190, Y: 97}, {X: 5, Y: 3}, {X: 100, Y: 99}} {
		b := labelBox{at: at, w: 50, h: 30}
		// Lines through each side of the point push the label off
		// them, to its corners.
		lines := [][2]vg.Point{{{X: at.X + off + 5, Y: 0}, {X: at.X + off + 5, Y: 100}}, {{X: 0, Y: at.Y}, {X: 200, Y: at.Y}}}
		got := placeLabels([]labelBox{b}, nil, lines, bounds)[0]
		r := vg.Rectangle{Min: got, Max: vg.Point{X: got.X + b.w, Y: got.Y + b.h}}
		dx := max(r.Min.X-at.X, at.X-r.Max.X, 0)
		dy := max(r.Min.Y-at.Y, at.Y-r.Max.Y, 0)
		if d := vg.Length(math.Hypot(float64(dx), float64(dy))); d > off*1.01 {
			t.Errorf("the label of the point at %v is at %v, %.1f pt from it: want it beside the point", at, r, d)
		}
		if outside(r, bounds) > 0 {
			t.Errorf("the label of the point at %v is at %v, off the panel", at, r)
		}
	}
}

// TestFrontierLabelsStacked: the ids of packages at one point are written
// as one label, one under another in the order asked for, the lines
// aligned, rather than scattered around the point.
func TestFrontierLabelsStacked(t *testing.T) {
	d := read(t, "bargain")
	ids := []string{"miami_20_point", "miami_20_point_de_jure", "ukraine_stated_terms"}
	for i, r := range d.BargainPackages {
		if r.Track == "humanitarian" && slices.Contains(ids, r.Package) {
			d.BargainPackages[i].Utilities = []float64{0.6, 0.6}
		}
	}
	c, err := New(d, Options{Track: "humanitarian", Width: 16 * vg.Centimeter, Height: 12 * vg.Centimeter})
	if err != nil {
		t.Fatal(err)
	}
	var svg strings.Builder
	if err := c.Encode(&svg, "svg"); err != nil {
		t.Fatal(err)
	}
	// gonum writes each line of text as <text x="…" y="…" …>line</text>,
	// y upwards.
	st := textStyle(captionSize, text.XLeft, text.YBottom)
	type line struct{ start, end, y float64 }
	var lines []line
	for _, m := range regexp.MustCompile(`<text x="([-0-9.]+)" y="([-0-9.]+)"[^>]*>([^<]*)</text>`).FindAllStringSubmatch(svg.String(), -1) {
		if i := slices.Index(ids, m[3]); i >= 0 {
			x, _ := strconv.ParseFloat(m[1], 64)
			y, _ := strconv.ParseFloat(m[2], 64)
			lines = append(lines, line{start: x, end: x + float64(st.Width(m[3])), y: -y})
		}
	}
	if len(lines) != len(ids) {
		t.Fatalf("%d of the %d ids written", len(lines), len(ids))
	}
	const tol = 0.1 // pt, the SVG's rounding
	same := func(f func(line) float64) bool {
		return slices.IndexFunc(lines, func(l line) bool { return math.Abs(f(l)-f(lines[0])) > tol }) < 0
	}
	if !same(func(l line) float64 { return l.start }) && !same(func(l line) float64 { return l.end }) &&
		!same(func(l line) float64 { return l.start + l.end }) {
		t.Errorf("the lines %+v are not aligned: their starts, ends or centres differ", lines)
	}
	for i := 1; i < len(lines); i++ {
		if gap := lines[i-1].y - lines[i].y; math.Abs(gap-float64(captionSize)) > tol {
			t.Errorf("%s is %.2f pt under %s, want a line (%v) under it", ids[i], gap, ids[i-1], captionSize)
		}
	}
}
