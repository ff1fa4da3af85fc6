package scenarios

import (
	"fmt"
	"strconv"
	"strings"
)

// The TOML decoder reports positions for syntax errors only (MetaData has
// no positions for keys), so a Problem found later gets its line and column
// from a small index built by scanning the source for table headers
// ([a.b], [[a.b]]) and keys (a = …, a.b = …, and the keys of inline tables
// and inline arrays of tables). It is not a TOML parser: it reads only as
// much as is needed to say where each key path is written, and on anything
// it does not understand it skips to the next line. The decoder has already
// accepted the file, so the index is best effort: a key it cannot place is
// reported at its nearest placed ancestor, or at line 0.

// maxNesting bounds how deeply arrays and inline tables may nest. A
// scenario needs three or four levels; the bound stops a file of tens of
// thousands of "[" from driving the recursive decoder into a fatal stack
// overflow, which no recover could catch.
const maxNesting = 64

// position is a 1-based line and byte column in the source.
type position struct{ line, col int }

// positions maps key paths to where the file writes them.
type positions map[string]position

// of returns where path is written, or where its nearest written ancestor
// is (a missing key is reported at its table), or the zero position.
func (ps positions) of(path string) position {
	for path != "" {
		if p, ok := ps[path]; ok {
			return p
		}
		path = parentKey(path)
	}
	return position{}
}

// joinKey appends one key to a key path, quoting it as TOML would when it
// is not a bare key, so that paths in messages can be pasted into the file.
func joinKey(parent, key string) string {
	if !isBareKey(key) {
		key = strconv.Quote(key)
	}
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// indexKey names element k of the array at path: "pathways[2]".
func indexKey(path string, k int) string {
	return path + "[" + strconv.Itoa(k) + "]"
}

// parentKey strips the last key or index from a key path, skipping dots and
// brackets inside quoted keys.
func parentKey(path string) string {
	last, quoted := 0, false
	for i := 0; i < len(path); i++ {
		switch c := path[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && (c == '.' || c == '['):
			last = i
		}
	}
	return path[:last]
}

func isBareKey(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isBareChar(s[i]) {
			return false
		}
	}
	return true
}

func isBareChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// scanner walks the source byte by byte, keeping the line and column.
type scanner struct {
	src       []byte
	i         int
	line      int // line of src[i], 1-based
	lineStart int // offset of the first byte of that line
	at        positions
	// arrays counts the elements seen so far of each array of tables, by
	// key path, so that [[a]] … [[a]] index as a[0], a[1].
	arrays map[string]int
	prefix string // key path of the current table
}

func newScanner(src []byte) *scanner {
	return &scanner{src: src, line: 1, at: positions{}, arrays: map[string]int{}}
}

func (s *scanner) eof() bool { return s.i >= len(s.src) }

func (s *scanner) peek() byte {
	if s.eof() {
		return 0
	}
	return s.src[s.i]
}

func (s *scanner) adv() {
	if s.eof() {
		return
	}
	if s.src[s.i] == '\n' {
		s.line++
		s.lineStart = s.i + 1
	}
	s.i++
}

func (s *scanner) pos() position { return position{s.line, s.i - s.lineStart + 1} }

func (s *scanner) skipSpace() {
	for c := s.peek(); c == ' ' || c == '\t'; c = s.peek() {
		s.adv()
	}
}

func (s *scanner) skipComment() {
	if s.peek() != '#' {
		return
	}
	for !s.eof() && s.peek() != '\n' {
		s.adv()
	}
}

// skipBlank skips spaces, newlines and comments.
func (s *scanner) skipBlank() {
	for {
		switch s.peek() {
		case ' ', '\t', '\r', '\n':
			s.adv()
		case '#':
			s.skipComment()
		default:
			return
		}
	}
}

func (s *scanner) skipLine() {
	for !s.eof() && s.peek() != '\n' {
		s.adv()
	}
	s.adv()
}

// readString reads a quoted string starting at the current quote and
// returns its text, unescaped as far as Go's rules agree with TOML's. It
// always advances.
func (s *scanner) readString() string {
	q := s.peek()
	multi := s.i+2 < len(s.src) && s.src[s.i+1] == q && s.src[s.i+2] == q
	if multi {
		s.adv()
		s.adv()
	}
	s.adv()
	start := s.i
	for !s.eof() {
		c := s.peek()
		if c == '\\' && q == '"' {
			s.adv()
			s.adv()
			continue
		}
		if c == '\n' && !multi {
			break // unterminated: the decoder has said so already
		}
		if c == q && (!multi || s.i+2 < len(s.src) && s.src[s.i+1] == q && s.src[s.i+2] == q) {
			text := string(s.src[start:s.i])
			if multi {
				s.adv()
				s.adv()
				// A closing """ may be preceded by up to two quotes of content.
				for k := 0; k < 2 && s.i+1 < len(s.src) && s.src[s.i+1] == q; k++ {
					s.adv()
				}
			}
			s.adv()
			if q == '"' {
				if u, err := strconv.Unquote(`"` + text + `"`); err == nil {
					return u
				}
			}
			return text
		}
		s.adv()
	}
	return string(s.src[start:s.i])
}

// keySegments reads a possibly dotted key: a, a.b, "a b".'c'.
func (s *scanner) keySegments() ([]string, bool) {
	var segs []string
	for {
		s.skipSpace()
		c := s.peek()
		switch {
		case c == '"' || c == '\'':
			segs = append(segs, s.readString())
		case isBareChar(c):
			start := s.i
			for isBareChar(s.peek()) {
				s.adv()
			}
			segs = append(segs, string(s.src[start:s.i]))
		default:
			return segs, false
		}
		s.skipSpace()
		if s.peek() != '.' {
			return segs, true
		}
		s.adv()
	}
}

// note records where path is first written.
func (s *scanner) note(path string, p position) {
	if _, ok := s.at[path]; !ok {
		s.at[path] = p
	}
}

// indexPositions scans src and returns where each key path is written.
func indexPositions(src []byte) positions {
	s := newScanner(src)
	for !s.eof() {
		start := s.i
		s.skipBlank()
		if s.eof() {
			break
		}
		if s.peek() == '[' {
			s.header()
		} else {
			s.keyValue(s.prefix, 0)
		}
		s.skipSpace()
		s.skipComment()
		if s.peek() != '\n' {
			s.skipLine() // something the index does not understand
		}
		if s.i == start {
			s.adv()
		}
	}
	return s.at
}

// header reads [a.b] or [[a.b]] and makes it the current table. A key
// under an array of tables belongs to its latest element: [[a]] then
// [a.b] is a[k].b.
func (s *scanner) header() {
	p := s.pos()
	s.adv()
	array := s.peek() == '['
	if array {
		s.adv()
	}
	segs, ok := s.keySegments()
	if !ok || len(segs) == 0 || s.peek() != ']' {
		return
	}
	s.adv()
	if array {
		if s.peek() != ']' {
			return
		}
		s.adv()
	}
	path := ""
	for k, seg := range segs {
		path = joinKey(path, seg)
		n, isArray := s.arrays[path]
		if k == len(segs)-1 && array {
			s.note(path, p)
			s.arrays[path] = n + 1
			path = indexKey(path, n)
		} else if isArray && n > 0 {
			path = indexKey(path, n-1)
		}
		s.note(path, p)
	}
	s.prefix = path
}

// keyValue reads key = value under prefix.
func (s *scanner) keyValue(prefix string, depth int) {
	p := s.pos()
	segs, ok := s.keySegments()
	if !ok || len(segs) == 0 || s.peek() != '=' {
		return
	}
	s.adv()
	path := prefix
	for _, seg := range segs {
		path = joinKey(path, seg)
		s.note(path, p)
	}
	s.value(path, depth)
}

// value skips a value, indexing the keys of the inline tables in it.
func (s *scanner) value(path string, depth int) {
	s.skipSpace()
	if depth > maxNesting {
		return
	}
	switch s.peek() {
	case '"', '\'':
		s.readString()
	case '{':
		s.inlineTable(path, depth+1)
	case '[':
		s.array(path, depth+1)
	default:
		for !s.eof() && !strings.ContainsRune(",]}\n#", rune(s.peek())) {
			s.adv()
		}
	}
}

func (s *scanner) inlineTable(path string, depth int) {
	s.items('}', func(int) { s.keyValue(path, depth) })
}

func (s *scanner) array(path string, depth int) {
	s.items(']', func(k int) {
		elem := indexKey(path, k)
		s.note(elem, s.pos())
		s.value(elem, depth)
	})
}

// items scans the elements of an inline table or an array, from its opening
// bracket to the closing one, calling item for the k-th. It stops early at
// the end of the input or at anything that is neither a comma nor the
// closing bracket: the decoder reports that syntax error.
func (s *scanner) items(closing byte, item func(k int)) {
	s.adv()
	for k := 0; ; k++ {
		s.skipBlank()
		if s.eof() {
			return
		}
		if s.peek() == closing {
			s.adv()
			return
		}
		item(k)
		s.skipBlank()
		if s.peek() != ',' {
			if s.peek() == closing {
				s.adv()
			}
			return
		}
		s.adv()
	}
}

// maxKeyParts bounds the parts of a dotted key (a.b.c has three). The
// decoder's time grows with the square of a key's length: a file of one
// key with twenty thousand parts would take minutes to reject.
const maxKeyParts = 64

// tooDeep reports where arrays and inline tables first nest deeper than
// maxNesting, or a dotted key first has more than maxKeyParts parts, and
// what is wrong. It counts brackets, braces and dots outside strings and
// comments as the TOML lexer would (a dot of a number such as 0.5 counts
// too, which errs on the safe side), and runs before decoding.
func tooDeep(src []byte) (position, string, bool) {
	s := newScanner(src)
	depth, dots := 0, 0
	for !s.eof() {
		switch s.peek() {
		case '"', '\'':
			s.readString()
			continue
		case '#':
			s.skipComment()
			continue
		case '[', '{':
			depth++
			if depth > maxNesting {
				return s.pos(), fmt.Sprintf("arrays or tables nested more than %d deep; a scenario needs no more than four", maxNesting), true
			}
			dots = 0
		case ']', '}':
			depth = max(depth-1, 0)
			dots = 0
		case '=', ',', '\n':
			dots = 0
		case '.':
			dots++
			if dots >= maxKeyParts {
				return s.pos(), fmt.Sprintf("a dotted key with more than %d parts; a scenario needs no more than five", maxKeyParts), true
			}
		}
		s.adv()
	}
	return position{}, "", false
}
