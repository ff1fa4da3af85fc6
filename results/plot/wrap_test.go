package plot

import (
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

// TestCaptionFits: every line of a caption, as drawn, fits the figure's
// width, at a legible size: the Sobol chart's first line, too long for
// 16 cm at that size, is wrapped between its parts.
func TestCaptionFits(t *testing.T) {
	for _, tt := range []struct {
		dir   string
		opts  Options
		lines int // at least
	}{
		{"sensitivity", Options{Chart: "sobol"}, 3},
		{"sensitivity", Options{Chart: "sobol", Width: 10 * vg.Centimeter}, 4},
		{"sensitivity", Options{Chart: "tornado"}, 2},
		{"run", Options{}, 1},
		{"timeline", Options{}, 3},
		{"timeline", Options{Pathway: "framework_agreement"}, 3},
	} {
		c, err := New(read(t, tt.dir), tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := c.Size()
		width := w - 2*margin
		st, caption := captionText(c.fig.caption, width)
		lines := strings.Split(caption, "\n")
		if len(lines) < tt.lines {
			t.Errorf("%s %s: %d caption lines, want %d at least: %q", tt.dir, tt.opts.Chart, len(lines), tt.lines, caption)
		}
		if st.Font.Size < minCaptionSize {
			t.Errorf("%s %s: caption at %v, smaller than %v", tt.dir, tt.opts.Chart, st.Font.Size, minCaptionSize)
		}
		for _, l := range lines {
			if lw := st.Width(l); lw > width {
				t.Errorf("%s %s: caption line %q is %.0f pt wide, the figure %.0f: it is cut", tt.dir, tt.opts.Chart, l, lw, width)
			}
		}
		if words := strings.Fields(strings.ReplaceAll(caption, "·", "")); !slices.Equal(words, strings.Fields(strings.ReplaceAll(c.fig.caption, "·", ""))) {
			t.Errorf("the caption as drawn says %q, not %q", caption, c.fig.caption)
		}
	}
}
