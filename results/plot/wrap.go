package plot

import (
	"image/color"
	"strings"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// captionSep joins the parts of a caption's line: where a line too long
// for the figure breaks.
const captionSep = " · "

// minCaptionSize is the smallest a caption shrinks to before it wraps
// instead: smaller, the long first line of an analysis's caption reads
// poorly in print, and a line fitted to its last point leaves no room for
// a reader's font to differ from the one it was laid out in.
const minCaptionSize = 6.5 * vg.Length(1)

// captionText is a figure's caption as it is drawn width wide, and its
// style: shrunk to fit its widest line, down to minCaptionSize; a caption
// that would have to be smaller is wrapped instead, at the caption's size:
// between its parts (captionSep), and a part wider than the figure
// between its words. Only a word wider than the figure shrinks it further,
// as fitText does.
func captionText(caption string, width vg.Length) (text.Style, string) {
	st := textStyle(captionSize, text.XLeft, text.YBottom)
	st.Color = color.Gray{Y: 0x44}
	fitText(&st, caption, width)
	if st.Font.Size >= minCaptionSize && st.Width(caption) <= width {
		return st, caption
	}
	st.Font.Size = captionSize
	var lines []string
	for _, l := range strings.Split(caption, "\n") {
		for _, part := range wrap(st, strings.Split(l, captionSep), captionSep, width) {
			lines = append(lines, wrap(st, strings.Fields(part), " ", width)...)
		}
	}
	caption = strings.Join(lines, "\n")
	fitText(&st, caption, width)
	return st, caption
}

// wrap joins pieces with sep into lines that fit width in st, each as full
// as it can be; a piece wider than width is a line of its own.
func wrap(st text.Style, pieces []string, sep string, width vg.Length) []string {
	var lines []string
	cur := ""
	for _, p := range pieces {
		switch next := cur + sep + p; {
		case cur == "":
			cur = p
		case st.Width(next) <= width:
			cur = next
		default:
			lines = append(lines, cur)
			cur = p
		}
	}
	return append(lines, cur)
}
