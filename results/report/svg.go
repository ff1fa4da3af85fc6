package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// svgElements are the SVG elements an inlined chart keeps; any other (a
// script, a foreignObject, a style sheet, an image that could load a
// file) is dropped with everything inside it. gonum's SVG backend writes
// only svg, g, path and text.
var svgElements = map[string]bool{
	"svg": true, "g": true, "path": true, "text": true, "tspan": true,
	"rect": true, "circle": true, "ellipse": true, "line": true, "polyline": true, "polygon": true,
	"defs": true, "clipPath": true, "mask": true, "pattern": true, "use": true, "symbol": true,
	"linearGradient": true, "radialGradient": true, "stop": true, "title": true, "desc": true,
}

// urlRef matches url(…) in an attribute or a style; a reference within
// the figure (url(#id)) is renamed, any other is dropped.
var urlRef = regexp.MustCompile(`url\(\s*['"]?([^'")]*)['"]?\s*\)`)

// svgFonts is the font stack the chart's text falls back on: gonum lays
// the text out with Liberation Sans, whose metrics Arial and Helvetica
// share, so a reader without it sees the labels fit as drawn. No font is
// loaded: the names are of fonts installed on the reader's system.
const svgFonts = `'Liberation Sans',Arial,Helvetica,sans-serif`

// inlineSVG turns an SVG document, as plot writes it, into an element to
// place in an HTML page: the XML prolog, comments and doctype dropped;
// the namespace declarations dropped (the HTML parser puts <svg> in its
// namespace); every id, and every reference to one, prefixed with prefix
// so that several figures of one page cannot collide; role="img", an
// aria-label and a <title> giving alt as the figure's text alternative.
// It re-encodes every name, attribute and text itself, keeping only the
// elements of svgElements and no event handler or external reference, so
// that what it returns is safe to place in the page whatever the SVG held.
func inlineSVG(svg []byte, prefix, alt string) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	w := &svgWriter{prefix: prefix, alt: alt}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("chart SVG: %w", err)
		}
		// Comments, processing instructions (<?xml …?>) and directives
		// (<!DOCTYPE …>) are dropped.
		switch t := tok.(type) {
		case xml.StartElement:
			w.start(t)
		case xml.EndElement:
			w.end(t)
		case xml.CharData:
			w.chars(t)
		}
	}
	if !w.root {
		return "", errors.New("chart SVG: no <svg> element")
	}
	return w.out.String(), nil
}

// svgWriter re-encodes an SVG document's tokens as inlineSVG describes.
type svgWriter struct {
	prefix, alt string
	out         strings.Builder
	depth       int
	// skip is the depth of a dropped element being skipped, 0 for none.
	skip int
	// open: a start tag is written but not closed, so that an empty
	// element can end as <…/>.
	open bool
	// root: the <svg> element was written.
	root bool
	// text is the depth inside <text>, <tspan>, <title> or <desc>, where
	// spaces matter.
	text int
}

// textElement reports whether the element holds text whose spaces matter.
func textElement(name string) bool {
	return name == "text" || name == "tspan" || name == "title" || name == "desc"
}

// closeTag closes the start tag written last, if it is open.
func (w *svgWriter) closeTag() {
	if w.open {
		w.out.WriteByte('>')
		w.open = false
	}
}

// start writes an element's start tag with the attributes it keeps, or
// starts skipping it: an element not of svgElements, an <svg> within the
// root or a root that is not <svg>. The root gets the figure's role,
// label and title.
func (w *svgWriter) start(t xml.StartElement) {
	w.depth++
	if w.skip > 0 {
		return
	}
	name := t.Name.Local
	root := w.depth == 1
	if !svgElements[name] || root != (name == "svg") {
		w.skip = w.depth
		return
	}
	w.closeTag()
	w.out.WriteString("<" + name)
	if root {
		w.root = true
		fmt.Fprintf(&w.out, ` role="img" aria-label="%s"`, attrEscape(w.alt))
	}
	for _, a := range t.Attr {
		if k, v, ok := svgAttr(a, w.prefix); ok {
			fmt.Fprintf(&w.out, ` %s="%s"`, k, attrEscape(v))
		}
	}
	w.open = true
	if root {
		w.closeTag()
		w.out.WriteString("<title>")
		xml.EscapeText(&w.out, []byte(w.alt))
		w.out.WriteString("</title>")
	}
	if textElement(name) {
		w.text++
	}
}

// end writes an element's end tag, or ends an empty one as <…/>, or ends
// the skipping of a dropped element.
func (w *svgWriter) end(t xml.EndElement) {
	defer func() { w.depth-- }()
	name := t.Name.Local
	switch {
	case w.skip > 0:
		if w.depth == w.skip {
			w.skip = 0
		}
		return
	case w.open:
		w.out.WriteString("/>")
		w.open = false
	default:
		w.out.WriteString("</" + name + ">")
	}
	if textElement(name) {
		w.text--
	}
}

// chars writes text, escaped, but for the spaces between elements outside
// text.
func (w *svgWriter) chars(t xml.CharData) {
	if w.skip > 0 || w.depth == 0 {
		return
	}
	if w.text == 0 && len(bytes.TrimSpace(t)) == 0 {
		return
	}
	w.closeTag()
	xml.EscapeText(&w.out, t)
}

// svgAttr is the attribute a written into the page, or ok false to drop
// it: namespace declarations and event handlers go; ids and references
// to them get prefix; a reference outside the figure goes; the text's
// font gets a fallback stack.
func svgAttr(a xml.Attr, prefix string) (key, value string, ok bool) {
	key, value = a.Name.Local, a.Value
	lower := strings.ToLower(key)
	switch {
	case a.Name.Space == "xmlns" || key == "xmlns":
		return "", "", false
	case strings.HasPrefix(lower, "on"):
		return "", "", false
	case key == "id":
		return key, prefix + value, true
	case key == "href":
		// xlink:href or href: a reference within the figure only.
		if !strings.HasPrefix(value, "#") {
			return "", "", false
		}
		return "href", "#" + prefix + value[1:], true
	case a.Name.Space != "":
		// Any other namespaced attribute (xml:space) is of no use inline.
		return "", "", false
	}
	external := false
	value = urlRef.ReplaceAllStringFunc(value, func(m string) string {
		ref := urlRef.FindStringSubmatch(m)[1]
		if !strings.HasPrefix(ref, "#") {
			external = true
			return m
		}
		return "url(#" + prefix + ref[1:] + ")"
	})
	if external {
		return "", "", false
	}
	if key == "style" {
		value = strings.ReplaceAll(value, "font-family:Liberation Sans", "font-family:"+svgFonts)
	}
	return key, value, true
}

// attrEscape escapes an attribute value for a double-quoted attribute:
// xml.EscapeText escapes the quotes too.
func attrEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
