package report

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Provenance is what a scenario file says of where its values come from:
// the seed documents it cites and the values it marks as assumptions.
type Provenance struct {
	// Seeds are the documents of the file's seed index, in its order, or,
	// when it has none, those its comments cite as "seed NNN".
	Seeds []Seed
	// Assumptions are the lines marked "assumption:", in file order.
	Assumptions []Assumption
}

// Seed is one source document a scenario cites.
type Seed struct {
	// Ref is how the file cites it: "004".
	Ref string
	// File and About are the document's file and the description the
	// index gives it; both empty for a seed cited without an index.
	File, About string
	// Lines are the lines that cite it, from 1, the index line aside.
	Lines []int
}

// Assumption is one line marked "assumption:".
type Assumption struct {
	// Line is the line of the mark, from 1.
	Line int
	// Key is the key path the mark is on ("parties.ukraine.reservation"),
	// the table it is in or introduces ("issues.crimea"), or "" for the
	// file's opening comments.
	Key string
	// Text is what follows the mark, with the comment lines that continue
	// it.
	Text string
}

// The conventions ScanProvenance reads (scenarios/miami-2025.toml follows
// them, and so does the template of peacesim scenarios init):
//
//   - a seed index, comment lines "REF = FILE  what it is", FILE a file
//     name with an extension: "#   004 = 004_b7f5….txt  contents of …";
//   - citations of a seed by its REF in a comment, as a word of its own:
//     "(004)", "(000, 001)", "(003; …)"; a REF within a number written
//     with separators ("600,000") is not one;
//   - without an index, "seed NNN" in a comment;
//   - "assumption:" in a comment marks a judgement call, the reason after
//     it; quoted ("assumption:" in quotes) it is a mention, not a mark.
var (
	seedIndex   = regexp.MustCompile(`^\s*#\s*([A-Za-z0-9_-]+)\s*=\s*([\w.-]+\.[A-Za-z0-9]{1,8})\b\s*(.*)$`)
	seedByName  = regexp.MustCompile(`(?i)\bseeds?\s+([0-9]{2,4})\b`)
	assumeMark  = regexp.MustCompile(`(?i)assumption:`)
	bareKeyPart = regexp.MustCompile(`\s*\.\s*`)
)

// ScanProvenance reads the seeds cited and the assumptions marked in a
// scenario's TOML source. It is not a TOML parser: it follows table
// headers, keys and multi-line values closely enough to say which key a
// comment is on, and reads nothing it does not understand.
func ScanProvenance(src []byte) Provenance {
	lines := scanLines(string(src))
	p := Provenance{Seeds: seedIndexOf(lines)}
	if len(p.Seeds) == 0 {
		p.Seeds = seedsByName(lines)
	}
	for i := range p.Seeds {
		p.Seeds[i].Lines = citing(lines, p.Seeds[i])
	}
	for i := range lines {
		if a, ok := assumptionAt(lines, i); ok {
			p.Assumptions = append(p.Assumptions, a)
		}
	}
	return p
}

// seedIndexOf reads the seed index, the comment lines "REF = FILE  what it
// is", and marks its lines.
func seedIndexOf(lines []sourceLine) []Seed {
	var seeds []Seed
	for i, l := range lines {
		if l.code != "" {
			continue
		}
		if m := seedIndex.FindStringSubmatch("#" + l.comment); m != nil {
			seeds = append(seeds, Seed{Ref: m[1], File: m[2], About: strings.TrimSpace(m[3])})
			lines[i].index = true
		}
	}
	return seeds
}

// seedsByName are the seeds a file without an index cites as "seed NNN",
// each once, in the order first cited.
func seedsByName(lines []sourceLine) []Seed {
	var seeds []Seed
	for _, l := range lines {
		for _, m := range seedByName.FindAllStringSubmatch(l.comment, -1) {
			if !slices.ContainsFunc(seeds, func(s Seed) bool { return s.Ref == m[1] }) {
				seeds = append(seeds, Seed{Ref: m[1]})
			}
		}
	}
	return seeds
}

// citing are the lines, the index's aside, that cite s: by its REF in a
// comment, by its file anywhere, or, for a seed without an index, as
// "seed NNN".
func citing(lines []sourceLine, s Seed) []int {
	var out []int
	for _, l := range lines {
		if l.index {
			continue
		}
		if cites(l.comment, s.Ref) || (s.File != "" && strings.Contains(l.text, s.File)) ||
			(s.File == "" && slices.ContainsFunc(seedByName.FindAllStringSubmatch(l.comment, -1), func(m []string) bool { return m[1] == s.Ref })) {
			out = append(out, l.n)
		}
	}
	return out
}

// assumptionAt is the assumption marked on the i-th line, if it has a mark
// that is not quoted: the text after it, continued on the comment lines
// below a comment of its own, and ended at its parenthesis when the mark
// is within one ("(assumption: …)").
func assumptionAt(lines []sourceLine, i int) (Assumption, bool) {
	l := lines[i]
	loc := assumeMark.FindStringIndex(l.comment)
	if loc == nil || (loc[0] > 0 && strings.ContainsRune(`"'“`, rune(l.comment[loc[0]-1]))) {
		return Assumption{}, false
	}
	text := strings.TrimSpace(l.comment[loc[1]:])
	if l.code == "" {
		text += continuation(lines[i+1:])
	}
	if strings.Count(l.comment[:loc[0]], "(") > strings.Count(l.comment[:loc[0]], ")") {
		if j := strings.IndexByte(text, ')'); j >= 0 {
			text = text[:j]
		}
	}
	return Assumption{Line: l.n, Key: l.key, Text: strings.TrimSpace(text)}, true
}

// continuation is the text of the comment lines that continue an
// assumption, each after a space: up to a line of code, a blank comment, a
// list item or the next mark.
func continuation(next []sourceLine) string {
	var text string
	for _, l := range next {
		c := strings.TrimSpace(l.comment)
		if l.code != "" || !l.isComment || c == "" || strings.HasPrefix(c, "*") || strings.HasPrefix(c, "-") ||
			assumeMark.MatchString(c) {
			break
		}
		text += " " + c
	}
	return text
}

// cites reports whether comment cites ref as a word of its own: not part
// of a longer word, nor of a number written with separators.
func cites(comment, ref string) bool {
	for i := 0; ; {
		j := strings.Index(comment[i:], ref)
		if j < 0 {
			return false
		}
		at := i + j
		end := at + len(ref)
		before, after := byte(' '), byte(' ')
		if at > 0 {
			before = comment[at-1]
		}
		if end < len(comment) {
			after = comment[end]
		}
		numberAfter := (after == ',' || after == '.') && end+1 < len(comment) && isDigit(comment[end+1])
		if !isWord(before) && before != ',' && before != '.' && !isWord(after) && !numberAfter {
			return true
		}
		i = at + 1
	}
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
func isWord(b byte) bool {
	return isDigit(b) || b == '_' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b >= 0x80
}

// sourceLine is one line of a scenario source as the scan sees it.
type sourceLine struct {
	n int
	// text is the whole line; code the part before its comment, trimmed;
	// comment the comment after its #, or "".
	text, code, comment string
	// isComment: the line is a comment and nothing else.
	isComment bool
	// key is the key path the line is on (see Assumption.Key).
	key string
	// index marks a line of the seed index.
	index bool
}

// scanLines splits src into lines and says which key each is on.
func scanLines(src string) []sourceLine {
	raw := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	out := make([]sourceLine, len(raw))
	k := &keyPath{arrays: map[string]int{}}
	for i, text := range raw {
		l := sourceLine{n: i + 1, text: text}
		open := k.sc.open()
		l.code, l.comment = k.sc.split(text)
		l.isComment = l.code == "" && strings.HasPrefix(strings.TrimSpace(text), "#")
		l.key = k.of(l, open, raw[i+1:])
		if !open && l.code != "" && k.sc.open() {
			k.inKey = l.key
		}
		out[i] = l
	}
	return out
}

// keyPath follows the tables and keys of a TOML source, line by line.
type keyPath struct {
	sc scanner
	// table is the current table's key path; keyed says a key has been
	// written in it.
	table string
	keyed bool
	// inKey is the key of a value still open (a multi-line array).
	inKey string
	// arrays counts the tables of each array of tables met so far.
	arrays map[string]int
}

// of is the key path of line l: the key of the value it continues (open),
// the table it heads, the key it sets, or, for a comment, the table's, or
// what it comes just above (below are the lines after it).
func (k *keyPath) of(l sourceLine, open bool, below []string) string {
	switch {
	case open:
		return k.inKey
	case strings.HasPrefix(l.code, "["):
		name, array := header(l.code)
		if array {
			n := k.arrays[name]
			k.arrays[name] = n + 1
			name += "[" + strconv.Itoa(n) + "]"
		}
		k.table, k.keyed = name, false
		return name
	case l.code != "":
		key, _, ok := strings.Cut(l.code, "=")
		if !ok {
			return k.table
		}
		k.keyed = true
		return join(k.table, bareKey(key))
	case !k.keyed:
		return k.table
	}
	return k.above(below)
}

// above is the key of a comment block in a table, after its keys: the key
// or table it comes just above, else the table.
func (k *keyPath) above(below []string) string {
	for _, next := range below {
		t := strings.TrimSpace(next)
		switch {
		case strings.HasPrefix(t, "#"):
			continue
		case strings.HasPrefix(t, "["):
			var s scanner
			code, _ := s.split(t)
			name, array := header(code)
			if array {
				name += "[" + strconv.Itoa(k.arrays[name]) + "]"
			}
			return name
		}
		if key, _, ok := strings.Cut(t, "="); ok {
			return join(k.table, bareKey(key))
		}
		return k.table
	}
	return k.table
}

// bareKey is a key as written, dotted, without the spaces around its dots.
func bareKey(key string) string { return bareKeyPart.ReplaceAllString(strings.TrimSpace(key), ".") }

// header reads a table header's key path and whether it is an array of
// tables ([[…]]).
func header(code string) (name string, array bool) {
	s := strings.TrimSpace(code)
	array = strings.HasPrefix(s, "[[")
	s = strings.Trim(s, "[] \t")
	return bareKeyPart.ReplaceAllString(s, "."), array
}

// join appends key to the key path of table.
func join(table, key string) string {
	if table == "" {
		return key
	}
	return table + "." + key
}

// scanner follows strings and brackets across lines, to find each
// line's comment and whether a value continues on the next line.
type scanner struct {
	// depth counts the open brackets and braces of a value.
	depth int
	// multi is the delimiter of an open multi-line string, """ or '''.
	multi string
}

// open reports whether a value continues on the next line: a bracket or a
// multi-line string is open.
func (s *scanner) open() bool { return s.depth > 0 || s.multi != "" }

// split returns the code of line before its comment, trimmed, and the
// comment after its #.
func (s *scanner) split(line string) (code, comment string) {
	i := 0
	for i < len(line) {
		if s.multi != "" {
			j := strings.Index(line[i:], s.multi)
			if j < 0 {
				return strings.TrimSpace(line), ""
			}
			i += j + 3
			s.multi = ""
			continue
		}
		c := line[i]
		switch {
		case c == '#':
			return strings.TrimSpace(line[:i]), line[i+1:]
		case strings.HasPrefix(line[i:], `"""`) || strings.HasPrefix(line[i:], "'''"):
			s.multi = line[i : i+3]
			i += 3
			continue
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(line) && line[j] != c {
				if c == '"' && line[j] == '\\' {
					j++
				}
				j++
			}
			i = j + 1
			continue
		case c == '[' || c == '{':
			s.depth++
		case c == ']' || c == '}':
			if s.depth > 0 {
				s.depth--
			}
		}
		i++
	}
	return strings.TrimSpace(line), ""
}
