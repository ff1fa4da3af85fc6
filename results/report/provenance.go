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
	var p Provenance
	for _, l := range lines {
		if l.code != "" {
			continue
		}
		if m := seedIndex.FindStringSubmatch("#" + l.comment); m != nil {
			p.Seeds = append(p.Seeds, Seed{Ref: m[1], File: m[2], About: strings.TrimSpace(m[3])})
			lines[l.n-1].index = true
		}
	}
	if len(p.Seeds) == 0 {
		for _, l := range lines {
			for _, m := range seedByName.FindAllStringSubmatch(l.comment, -1) {
				if !slices.ContainsFunc(p.Seeds, func(s Seed) bool { return s.Ref == m[1] }) {
					p.Seeds = append(p.Seeds, Seed{Ref: m[1]})
				}
			}
		}
	}
	for i := range p.Seeds {
		s := &p.Seeds[i]
		for _, l := range lines {
			if l.index {
				continue
			}
			if cites(l.comment, s.Ref) || (s.File != "" && strings.Contains(l.text, s.File)) ||
				(s.File == "" && slices.ContainsFunc(seedByName.FindAllStringSubmatch(l.comment, -1), func(m []string) bool { return m[1] == s.Ref })) {
				s.Lines = append(s.Lines, l.n)
			}
		}
	}
	for i, l := range lines {
		loc := assumeMark.FindStringIndex(l.comment)
		if loc == nil || (loc[0] > 0 && strings.ContainsRune(`"'“`, rune(l.comment[loc[0]-1]))) {
			continue
		}
		text := strings.TrimSpace(l.comment[loc[1]:])
		// Continued on the comment lines below a comment of its own.
		if l.code == "" {
			for _, next := range lines[i+1:] {
				c := strings.TrimSpace(next.comment)
				if next.code != "" || !next.isComment || c == "" || strings.HasPrefix(c, "*") || strings.HasPrefix(c, "-") ||
					assumeMark.MatchString(c) {
					break
				}
				text += " " + c
			}
		}
		// "(assumption: …)" ends at its parenthesis.
		if strings.Count(l.comment[:loc[0]], "(") > strings.Count(l.comment[:loc[0]], ")") {
			if j := strings.IndexByte(text, ')'); j >= 0 {
				text = text[:j]
			}
		}
		p.Assumptions = append(p.Assumptions, Assumption{Line: l.n, Key: l.key, Text: strings.TrimSpace(text)})
	}
	return p
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
	var (
		sc     scanner
		table  string // the current table's key path
		keyed  bool   // a key has been written in the current table
		inKey  string // the key of a value still open (a multi-line array)
		arrays = map[string]int{}
	)
	for i, text := range raw {
		l := sourceLine{n: i + 1, text: text}
		open := sc.depth > 0 || sc.multi != ""
		l.code, l.comment = sc.split(text)
		l.isComment = l.code == "" && strings.HasPrefix(strings.TrimSpace(text), "#")
		switch {
		case open:
			l.key = inKey
		case strings.HasPrefix(l.code, "["):
			name, array := header(l.code)
			if array {
				k := arrays[name]
				arrays[name] = k + 1
				name += "[" + strconv.Itoa(k) + "]"
			}
			table, keyed, l.key = name, false, name
		case l.code != "":
			if k, _, ok := strings.Cut(l.code, "="); ok {
				l.key = join(table, bareKeyPart.ReplaceAllString(strings.TrimSpace(k), "."))
				keyed = true
			} else {
				l.key = table
			}
		default:
			l.key = table
			if !keyed {
				break
			}
			// A comment block in a table, after its keys: on the key or
			// table it comes just above, else on the table.
			for _, next := range raw[i+1:] {
				t := strings.TrimSpace(next)
				if strings.HasPrefix(t, "#") {
					continue
				}
				if t == "" {
					break
				}
				if strings.HasPrefix(t, "[") {
					var s scanner
					code, _ := s.split(t)
					name, array := header(code)
					if array {
						name += "[" + strconv.Itoa(arrays[name]) + "]"
					}
					l.key = name
				} else if k, _, ok := strings.Cut(t, "="); ok {
					l.key = join(table, bareKeyPart.ReplaceAllString(strings.TrimSpace(k), "."))
				}
				break
			}
		}
		if !open && l.code != "" && (sc.depth > 0 || sc.multi != "") {
			inKey = l.key
		}
		out[i] = l
	}
	return out
}

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
