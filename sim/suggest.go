package sim

import (
	"strings"
	"unicode/utf8"
)

// Suggest returns the candidate closest to name, for a "did you mean …?"
// hint: the one at the smallest edit distance (optimal string alignment,
// ignoring case, so that a swapped pair of letters counts as one edit),
// provided it is close, i.e. within a third of name's length and not a
// complete rewrite. It returns "" when no candidate is close; ties go to
// the earliest candidate.
func Suggest(name string, candidates []string) string {
	lname := strings.ToLower(name)
	n := utf8.RuneCountInString(name)
	limit := max(1, n/3)
	best, bestD := "", limit+1
	for _, c := range candidates {
		if c == name {
			continue
		}
		d := editDistance(lname, strings.ToLower(c))
		if d < bestD && d < max(n, utf8.RuneCountInString(c)) {
			best, bestD = c, d
		}
	}
	return best
}

// maxSuggestLen bounds the strings editDistance compares: ids are short, and
// a hint is not worth a quadratic cost on a megabyte of garbage.
const maxSuggestLen = 256

// editDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and swaps of adjacent runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > maxSuggestLen || len(rb) > maxSuggestLen {
		return max(len(ra), len(rb))
	}
	// d[i][j] is the distance between ra[:i] and rb[:j]; three rows suffice.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
