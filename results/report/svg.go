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
	var out strings.Builder
	var (
		depth int
		skip  int // depth of a dropped element being skipped, 0 for none
		open  bool
		root  bool
		text  int // depth inside <text>/<title>/<desc>, where spaces matter
	)
	closeTag := func() {
		if open {
			out.WriteByte('>')
			open = false
		}
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("chart SVG: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if skip > 0 {
				continue
			}
			name := t.Name.Local
			if !svgElements[name] || (depth == 1) != (name == "svg") {
				skip = depth
				continue
			}
			closeTag()
			out.WriteString("<" + name)
			if depth == 1 {
				root = true
				fmt.Fprintf(&out, ` role="img" aria-label="%s"`, attrEscape(alt))
			}
			for _, a := range t.Attr {
				k, v, ok := svgAttr(a, prefix)
				if ok {
					fmt.Fprintf(&out, ` %s="%s"`, k, attrEscape(v))
				}
			}
			open = true
			if depth == 1 {
				closeTag()
				out.WriteString("<title>")
				xml.EscapeText(&out, []byte(alt))
				out.WriteString("</title>")
			}
			if name == "text" || name == "tspan" || name == "title" || name == "desc" {
				text++
			}
		case xml.EndElement:
			name := t.Name.Local
			switch {
			case skip > 0:
				if depth == skip {
					skip = 0
				}
				depth--
				continue
			case open:
				out.WriteString("/>")
				open = false
			default:
				out.WriteString("</" + name + ">")
			}
			if name == "text" || name == "tspan" || name == "title" || name == "desc" {
				text--
			}
			depth--
		case xml.CharData:
			if skip > 0 || depth == 0 {
				continue
			}
			if text == 0 && len(bytes.TrimSpace(t)) == 0 {
				continue
			}
			closeTag()
			xml.EscapeText(&out, t)
		}
		// Comments, processing instructions (<?xml …?>) and directives
		// (<!DOCTYPE …>) are dropped.
	}
	if !root {
		return "", errors.New("chart SVG: no <svg> element")
	}
	return out.String(), nil
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
