package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one thing wrong with a scenario file or with an override of
// one of its values: where it is (the file, the line and column where the
// file gives them, the override, and the TOML key path) and what is wrong,
// in words a researcher can act on.
type Problem struct {
	File string
	// Line and Col are 1-based; Line is 0 when the problem has no place in
	// the file (a required table that is missing altogether, a value an
	// override put there), Col is 0 when only the line is known.
	Line, Col int
	// Set is the override the problem comes from, KEY=VALUE as given to
	// --set (see the Set option); "" for a problem of the file itself.
	Set string
	// Flag names the option that gave Set, "--set" when empty: a study
	// that overrides values for its points (a sweep's --vary) names its own.
	Flag string
	// Key is the key path, as docs/model.md#key-paths names inputs:
	// "parties.ukraine.stakes.nato.weight", "pathways[2].tracks".
	Key string
	Msg string
}

// maxSetHead and maxSetTail bound an override quoted in a message, as
// shortKey bounds a key path: a whole inline table given on the command
// line is shown in full unless it is very long.
const maxSetHead, maxSetTail = 100, 40

// Error formats the problem as "FILE:LINE:COL: key.path: message", dropping
// the parts that are unknown, so that editors and terminals can jump to it.
// A problem of an override reads "FILE: --set KEY=VALUE: message", with
// the key path too when it is not KEY itself (a key inside an inline table
// given as VALUE, or a table on the way to KEY).
func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	where := strings.TrimPrefix(b.String(), ":") // no file: "12:5"
	b.Reset()
	if where != "" {
		b.WriteString(where)
		b.WriteString(": ")
	}
	if p.Set != "" {
		flag := p.Flag
		if flag == "" {
			flag = "--set"
		}
		b.WriteString(flag + " ")
		b.WriteString(printable(elide(p.Set, maxSetHead, maxSetTail)))
		b.WriteString(": ")
	}
	if p.Key != "" && (p.Set == "" || setKey(p.Set) != p.Key) {
		b.WriteString(shortKey(p.Key))
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// shortKey elides the middle of a key path too long to read, such as a
// misplaced line of data taken for a key, so that one problem stays one
// line of a terminal's width or so.
func shortKey(k string) string { return elide(k, 60, 40) }

// Problems is every problem found in one pass over a file, sorted by
// position (then key): a researcher fixes them all in one edit instead of
// one per run. It is the error type Load returns for bad input.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// sortProblems orders problems by position, override, key and message, and
// drops exact duplicates, so that the same file and overrides always report
// the same text. The problems of overrides have no line: they come first,
// grouped by override.
func sortProblems(ps Problems) Problems {
	slices.SortFunc(ps, func(a, b Problem) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Set, b.Set),
			cmp.Compare(a.Key, b.Key),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	return slices.Compact(ps)
}
