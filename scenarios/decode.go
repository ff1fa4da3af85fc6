package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/peacesim/peacesim/sim"
)

// The TOML is decoded into generic values (map[string]any) rather than
// straight into structs: the struct decoder stops at the first value of the
// wrong type, and matches keys case-insensitively (so a file with both
// "label" and "Label" would decode differently from run to run), while a
// scenario check must report every problem at once, each with its key path.
// reader does the typed reading, and reports unknown keys itself — the job
// MetaData.Undecoded does for struct decoding.

// reader turns decoded TOML values into typed values, collecting a Problem
// for every value that does not fit.
type reader struct {
	file  string
	at    positions
	order map[string][]string // key path → child keys in document order
	probs Problems
	// warns are what is not wrong but does not do what the file seems to
	// mean (see Warnings), placed as problems are.
	warns Problems
	// sets are the overrides applied to the decoded file (see Set), and
	// trackSets the tracks of single-valued reservations they set, by the
	// reservation's key path.
	sets      []appliedSet
	trackSets map[string][]trackSet
	// fileRounds is timeline.rounds as the file writes it, before any
	// override (0 without one); noted once the first layer is applied.
	fileRounds  int64
	roundsNoted bool
}

// maxOrderDepth is the deepest key path whose children's order matters:
// parties.P.stakes.I. Deeper keys are not indexed, which also keeps a
// pathological file of very long dotted keys cheap.
const maxOrderDepth = 4

func newReader(file string, src []byte, md toml.MetaData) *reader {
	r := &reader{file: file, at: indexPositions(src), order: map[string][]string{}}
	seen := map[string]bool{}
	for _, k := range md.Keys() {
		if len(k) > maxOrderDepth {
			continue
		}
		parent := ""
		for _, seg := range k[:len(k)-1] {
			parent = joinKey(parent, seg)
		}
		if full := joinKey(parent, k[len(k)-1]); !seen[full] {
			seen[full] = true
			r.order[parent] = append(r.order[parent], k[len(k)-1])
		}
	}
	return r
}

// problem records what is wrong at key path. A value an override put
// there is the override's: the file no longer holds it, so the problem
// names the Set, or is placed where a variant writes the value.
func (r *reader) problem(path, format string, args ...any) {
	r.probs = append(r.probs, r.place(path, fmt.Sprintf(format, args...)))
}

// warn records a warning at key path, placed as a problem is.
func (r *reader) warn(path, format string, args ...any) {
	r.warns = append(r.warns, r.place(path, fmt.Sprintf(format, args...)))
}

// place is the Problem msg at key path: where the file writes it, or the
// override that put it there.
func (r *reader) place(path, msg string) Problem {
	if o := r.setAt(path); o != nil {
		return o.problem(path, msg)
	}
	at := r.at.of(path)
	return Problem{File: r.file, Line: at.line, Col: at.col, Key: path, Msg: msg}
}

// describe names the TOML type of v for messages.
func describe(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("the string %s", quoteShort(v))
	case int64:
		return fmt.Sprintf("the number %d", v)
	case float64:
		return fmt.Sprintf("the number %g", v)
	case bool:
		return fmt.Sprintf("%t", v)
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "an array"
	case time.Time:
		return "a date or time"
	}
	return fmt.Sprintf("a %T", v)
}

// quoteShort quotes s for a message, eliding the middle of a long one.
func quoteShort(s string) string {
	return fmt.Sprintf("%q", elide(s, 20, 20))
}

// elide keeps the first head and last tail runes of s, joined by "…", when
// s is longer than that.
func elide(s string, head, tail int) string {
	if r := []rune(s); len(r) > head+tail {
		return string(r[:head]) + "…" + string(r[len(r)-tail:])
	}
	return s
}

// table is a TOML table being read, with the key path that names it.
type table struct {
	r    *reader
	path string
	m    map[string]any
}

// asTable reads v as a table.
func (r *reader) asTable(path string, v any) (table, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		r.problem(path, "must be a table, not %s", describe(v))
		return table{}, false
	}
	return table{r: r, path: path, m: m}, true
}

// keys returns the table's keys in document order.
func (t table) keys() []string {
	keys := make([]string, 0, len(t.m))
	done := make(map[string]bool, len(t.m))
	for _, k := range t.r.order[t.path] {
		if _, ok := t.m[k]; ok && !done[k] {
			done[k] = true
			keys = append(keys, k)
		}
	}
	if len(keys) == len(t.m) {
		return keys
	}
	// Tables inside arrays are not in the order index; any order will do
	// for them as long as it is always the same.
	var rest []string
	for k := range t.m {
		if !done[k] {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(keys, rest...)
}

// allow reports every key of the table not in allowed, suggesting the
// closest allowed key.
func (t table) allow(allowed ...string) {
	for _, k := range t.keys() {
		if slices.Contains(allowed, k) {
			continue
		}
		if s := sim.Suggest(k, allowed); s != "" {
			t.r.problem(t.key(k), "unknown key (did you mean %q?)", s)
		} else {
			t.r.problem(t.key(k), "unknown key (allowed here: %s)", strings.Join(allowed, ", "))
		}
	}
}

func (t table) key(k string) string { return joinKey(t.path, k) }

func (t table) has(k string) bool {
	_, ok := t.m[k]
	return ok
}

// need reports a missing required key; hint says what to write.
func (t table) need(k, hint string) bool {
	if t.has(k) {
		return true
	}
	t.r.problem(t.key(k), "missing: %s", hint)
	return false
}

// str reads an optional string; ok is false when absent or not a string.
func (t table) str(k string) (string, bool) {
	v, ok := t.m[k]
	if !ok {
		return "", false
	}
	return t.r.str(t.key(k), v)
}

// ref reads a required, non-empty string naming something (an id, an
// issue, a party); "" when missing or unreadable, with the problem reported.
func (t table) ref(k, hint string) string {
	if !t.need(k, hint) {
		return ""
	}
	s, ok := t.str(k)
	if ok && s == "" {
		t.r.problem(t.key(k), "must not be empty")
	}
	return s
}

func (t table) boolean(k string) (bool, bool) {
	v, ok := t.m[k]
	if !ok {
		return false, false
	}
	b, ok := v.(bool)
	if !ok {
		t.r.problem(t.key(k), "must be true or false, not %s", describe(v))
	}
	return b, ok
}

func (t table) number(k string) (float64, bool) {
	v, ok := t.m[k]
	if !ok {
		return 0, false
	}
	return t.r.number(t.key(k), v)
}

// uncertain reads an optional number-or-distribution.
func (t table) uncertain(k string) (*uncertain, bool) {
	v, ok := t.m[k]
	if !ok {
		return nil, false
	}
	return t.r.uncertain(t.key(k), v)
}

func (t table) table(k string) (table, bool) {
	v, ok := t.m[k]
	if !ok {
		return table{}, false
	}
	return t.r.asTable(t.key(k), v)
}

// tables reads an optional array of tables: [[a]] or a = [{…}, {…}].
func (t table) tables(k string) ([]table, bool) {
	v, ok := t.m[k]
	if !ok {
		return nil, false
	}
	path := t.key(k)
	var elems []any
	switch v := v.(type) {
	case []map[string]any:
		for _, e := range v {
			elems = append(elems, e)
		}
	case []any:
		elems = v
	default:
		t.r.problem(path, "must be an array of tables, written [[%s]] for each, not %s", path, describe(v))
		return nil, false
	}
	out := make([]table, 0, len(elems))
	for i, e := range elems {
		if et, ok := t.r.asTable(indexKey(path, i), e); ok {
			out = append(out, et)
		} else {
			return nil, false
		}
	}
	return out, true
}

// strings reads an optional array of strings.
func (t table) strings(k string) ([]string, bool) {
	v, ok := t.m[k]
	if !ok {
		return nil, false
	}
	return t.r.strings(t.key(k), v)
}

func (r *reader) str(path string, v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		r.problem(path, "must be a string, not %s", describe(v))
	}
	return s, ok
}

func (r *reader) strings(path string, v any) ([]string, bool) {
	a, ok := v.([]any)
	if !ok {
		r.problem(path, "must be an array of strings, not %s", describe(v))
		return nil, false
	}
	out := make([]string, 0, len(a))
	for i, e := range a {
		s, ok := r.str(indexKey(path, i), e)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// number reads a plain, finite number. A distribution is refused here: only
// the inputs docs/model.md#what-may-be-uncertain lists may be drawn.
func (r *reader) number(path string, v any) (float64, bool) {
	var x float64
	switch v := v.(type) {
	case int64:
		x = float64(v)
	case float64:
		x = v
	case string:
		if _, err := sim.ParseDist(v); err == nil {
			r.problem(path, "must be a plain number: a distribution (a string) is not allowed here")
		} else {
			r.problem(path, "must be a number, not %s", describe(v))
		}
		return 0, false
	default:
		r.problem(path, "must be a number, not %s", describe(v))
		return 0, false
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		r.problem(path, "must be a finite number, not %g", x)
		return 0, false
	}
	return x, true
}

// maxExactInt is the largest integer a float64 holds exactly, 2^53.
const maxExactInt = 1 << 53

// integer reads a whole number; 1e6 is accepted as well as 1000000.
func (r *reader) integer(path string, v any) (int64, bool) {
	switch v := v.(type) {
	case int64:
		return v, true
	case float64:
		if v == math.Trunc(v) && math.Abs(v) <= maxExactInt {
			return int64(v), true
		}
	}
	r.problem(path, "must be a whole number, not %s", describe(v))
	return 0, false
}

// uncertain is a numeric input that may be a distribution: one sim.Param,
// named by its key path.
type uncertain struct {
	path string
	dist sim.Dist
}

// uncertain reads a number or a distribution string such as
// "normal(0.5, 0.1)", checking its parameters.
func (r *reader) uncertain(path string, v any) (*uncertain, bool) {
	var d sim.Dist
	switch v := v.(type) {
	case int64:
		d = sim.FixedValue(float64(v))
	case float64:
		d = sim.FixedValue(v)
	case string:
		var err error
		if d, err = r.parseDist(v); err != nil {
			r.problem(path, "%v", err)
			return nil, false
		}
		return &uncertain{path: path, dist: d}, true
	default:
		r.problem(path, "must be a number or a distribution such as \"normal(0.5, 0.1)\", not %s", describe(v))
		return nil, false
	}
	if err := d.Validate(); err != nil {
		if x := d.P[0]; math.IsNaN(x) || math.IsInf(x, 0) {
			r.problem(path, "must be a finite number, not %s", d)
		} else {
			r.problem(path, "must lie within ±%g (larger values overflow the model's arithmetic), not %s", sim.MaxMagnitude, d)
		}
		return nil, false
	}
	return &uncertain{path: path, dist: d}, true
}

// parseDist wraps sim.ParseDist with a did-you-mean for a misspelt family,
// and says of a string that is plainly neither a number nor a distribution
// what it says of a value of any other type.
func (r *reader) parseDist(s string) (sim.Dist, error) {
	t := strings.TrimSpace(s)
	if !strings.Contains(t, "(") {
		if _, err := strconv.ParseFloat(t, 64); err != nil {
			return sim.Dist{}, fmt.Errorf("must be a number or a distribution such as \"normal(0.5, 0.1)\", not %s", describe(s))
		}
	}
	if open := strings.IndexByte(t, '('); open > 0 {
		name := strings.ToLower(strings.TrimSpace(t[:open]))
		if known := sim.FamilyNames(); !slices.Contains(known, name) {
			if hint := didYouMean(name, known); hint != "" {
				return sim.Dist{}, fmt.Errorf("unknown distribution %s%s", quoteShort(name), hint)
			}
			return sim.Dist{}, fmt.Errorf("unknown distribution %s (known: %s)", quoteShort(name), strings.Join(known, ", "))
		}
	}
	return sim.ParseDist(t)
}
