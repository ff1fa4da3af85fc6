package scenarios

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// Overrides (--set KEY=VALUE) change values of a scenario without editing
// its file. They are applied to the decoded TOML tree before the scenario
// is read, so an overridden value goes through exactly the checks a value
// written in the file goes through; only the attribution of a problem
// differs (Problem.Set instead of a line and column).

// Option changes how Load reads a scenario: Set overrides a value, Bases
// says where the base of a variant is found, Warnings asks for warnings.
type Option func(*loadOptions)

// loadOptions is what the Options given to Load ask for.
type loadOptions struct {
	sets     []setArg
	bases    BaseResolver // nil: embedded scenarios only
	warnings *Problems    // nil: not asked for
}

// Warnings asks Load to append to *ws the warnings of the scenario: what
// is not wrong, so that it loads and runs, but changes nothing where the
// file seems to mean a change — a factor's step in a scenario of one
// round, or on a factor without effects; a pathway that its after makes
// unreachable (docs/model.md#timeline). Each is a Problem, placed and
// worded as a problem is and sorted as Problems are. Load gives them only
// with a Model: a scenario with problems is fixed first.
func Warnings(ws *Problems) Option {
	return func(o *loadOptions) { o.warnings = ws }
}

// setArg is one Set as its caller gave it.
type setArg struct{ key, value string }

// Set overrides one value of the scenario, as `--set KEY=VALUE` does on
// the command line (ParseSet splits that argument).
//
// key is the value's TOML key path, as docs/model.md#key-paths names
// inputs: dotted keys, a key may be quoted as in TOML (parties."a.b".label),
// and an array element is named by its index in brackets
// (parties.ukraine.red_lines[0].min).
// Every table and array on the path must exist, in the file or by an
// earlier override; the last key may be new when its table exists (a package may be given its own value
// for an issue it inherits through extends, a party a
// salience_concentration, a factor a step). An unknown last key is then
// reported like an unknown key in the file. The optional tables of a
// timeline are the exception: timeline, timeline.marks and a package's
// schedule are created when the file has none, so that
// timeline.rounds=26 runs a one-shot scenario over rounds and
// packages.P.schedule.framework=5 gives P a schedule of its own, over the
// one it inherits.
//
// value is TOML value text: a number, a quoted string, a bool, an array or
// an inline table ({framework = 0.5, default = 0.4}). Text that is not a
// valid TOML value is taken as a string as it stands, so that a level or a
// distribution needs no inner quotes at a shell prompt: nato=renounced and
// value=normal(0.4, 0.05) both mean the string. Quote a string that would
// read as TOML: label="2025".
//
// Overrides apply in the order given. The same key may be set once; a key
// may be set after a table or array that holds it (the inner value is then
// set in the new one), but not before it, as the outer value would undo it.
// Sets apply after the changes of a variant file (see Bases), and may
// change a value the variant sets.
//
// A reservation written as one value for every track is one input, drawn
// once per trial and shared by all of them (the Param named
// parties.P.reservation). Setting one track of it,
// parties.P.reservation.TRACK, gives that track its own input, the Param
// named parties.P.reservation.TRACK, while the other tracks keep sharing
// the one draw; several tracks may be set so. Such a reservation has no
// default track: set parties.P.reservation itself to change every track.
//
// parties.P.salience.TRACK names an input of the model (P's salience
// weights on a track, drawn each trial) but not a value of the file, so it
// cannot be set: set parties.P.salience_concentration or the stakes'
// weights instead.
func Set(key, value string) Option {
	return func(o *loadOptions) { o.sets = append(o.sets, setArg{key: key, value: value}) }
}

// setExample is the --set shown in messages that say what to write.
const setExample = "--set parties.russia.reservation.framework=0.6"

// ParseSet splits a command-line override KEY=VALUE at the first "=" that
// is not inside a quoted key, trimming the spaces around each part, and
// checks that KEY is a key path (see Set). The error is Problems, whose
// Problem says what to write.
func ParseSet(arg string) (key, value string, err error) {
	key, value, msg := splitSet(arg)
	if msg == "" {
		_, msg = parseKeyPath(key)
	}
	if msg != "" {
		return "", "", Problems{{Set: arg, Msg: msg}}
	}
	return key, value, nil
}

// splitSet does the work of ParseSet up to the key path; msg says what is
// wrong.
func splitSet(arg string) (key, value, msg string) {
	if arg == "" {
		// A Problem with an empty Set names no override: say it here.
		return "", "", "an empty --set: write KEY=VALUE, e.g. " + setExample
	}
	for i := 0; i < len(arg); i++ {
		switch arg[i] {
		case '"', '\'':
			end := closingQuote(arg, i)
			if end < 0 {
				return "", "", "a quoted key is not closed; write KEY=VALUE, e.g. " + setExample
			}
			i = end
		case '=':
			key, value = strings.TrimSpace(arg[:i]), strings.TrimSpace(arg[i+1:])
			if key == "" {
				return "", "", fmt.Sprintf(`no key before "=": write KEY=VALUE, e.g. %s`, setExample)
			}
			return key, value, ""
		}
	}
	return "", "", fmt.Sprintf(`missing "=": write KEY=VALUE, e.g. %s`, setExample)
}

// keySeg is one step of a key path: a key of a table or, when isIndex, an
// index of an array. A quoted key may be any string, even "", so an index
// is marked apart.
type keySeg struct {
	key     string
	index   int
	isIndex bool
}

// keyPathHint ends every message about a malformed key path.
const keyPathHint = `; write dotted keys, quoted as in TOML where needed, with array indices in brackets, e.g. parties.ukraine.red_lines[0].min or parties."a.b".label`

// parseKeyPath reads a key path such as parties."a.b".red_lines[0].min;
// msg says what is wrong with a malformed one. Spaces around keys are
// allowed, as in TOML's dotted keys.
func parseKeyPath(s string) (segs []keySeg, msg string) {
	bad := func(format string, args ...any) ([]keySeg, string) {
		return nil, "not a key path: " + fmt.Sprintf(format, args...) + keyPathHint
	}
	p := &keyPathScanner{s: s}
	for {
		p.skipSpace()
		key, msg := p.key(len(segs) == 0)
		if msg != "" {
			return bad("%s", msg)
		}
		segs = append(segs, key)
		p.skipSpace()
		for p.i < len(s) && s[p.i] == '[' {
			index, msg := p.index()
			if msg != "" {
				return bad("%s", msg)
			}
			segs = append(segs, index)
			p.skipSpace()
		}
		if p.i == len(s) {
			return segs, ""
		}
		if s[p.i] != '.' {
			return bad("unexpected %s", firstRune(s[p.i:]))
		}
		p.i++
	}
}

// keyPathScanner reads a key path, a step at a time, from s[i:].
type keyPathScanner struct {
	s string
	i int
}

// skipSpace skips the spaces and tabs at s[i].
func (p *keyPathScanner) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// key reads the quoted or bare key at s[i], the path's first when first;
// msg says why there is none.
func (p *keyPathScanner) key(first bool) (seg keySeg, msg string) {
	s, i := p.s, p.i
	switch {
	case i == len(s) && first:
		return keySeg{}, "it is empty"
	case i == len(s):
		return keySeg{}, "it ends with a dot"
	case s[i] == '"' || s[i] == '\'':
		end := closingQuote(s, i)
		if end < 0 {
			return keySeg{}, "a quoted key is not closed"
		}
		k, err := unquoteKey(s[i : end+1])
		if err != nil {
			return keySeg{}, fmt.Sprintf("the quoted key %s: %v", printable(elide(s[i:end+1], 20, 20)), err)
		}
		p.i = end + 1
		return keySeg{key: k}, ""
	case isBareChar(s[i]):
		for p.i < len(s) && isBareChar(s[p.i]) {
			p.i++
		}
		return keySeg{key: s[i:p.i]}, ""
	case s[i] == '.':
		return keySeg{}, "an empty key before a dot"
	default:
		return keySeg{}, "unexpected " + firstRune(s[i:])
	}
}

// index reads the array index in brackets at s[i], [n]; msg says why it
// is not one.
func (p *keyPathScanner) index() (seg keySeg, msg string) {
	s, i := p.s, p.i
	end := strings.IndexByte(s[i:], ']')
	if end < 0 {
		return keySeg{}, `"[" without "]"`
	}
	text := strings.TrimSpace(s[i+1 : i+end])
	n, err := strconv.Atoi(text)
	if text == "" || strings.Trim(text, "0123456789") != "" || err != nil {
		return keySeg{}, fmt.Sprintf("[%s] is not an index: an array element is named by a whole number from 0", printable(elide(text, 20, 20)))
	}
	p.i += end + 1
	return keySeg{index: n, isIndex: true}, ""
}

// firstRune quotes the first character of s, for a message.
func firstRune(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	return strconv.QuoteRune(r)
}

// closingQuote returns the index of the quote closing the quoted key that
// starts at s[i], or -1: a basic "…" key may escape a quote, a literal '…'
// key may not.
func closingQuote(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			if q == '"' {
				j++
			}
		case q:
			return j
		}
	}
	return -1
}

// unquoteKey reads a quoted key, "…" or '…', with TOML's own rules for
// escapes, by decoding it as the key of a one-line document.
func unquoteKey(quoted string) (string, error) {
	var doc map[string]any
	md, err := toml.Decode(quoted+" = 0", &doc)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return "", errors.New(printable(pe.Message))
		}
		return "", err
	}
	keys := md.Keys()
	if len(keys) != 1 || len(keys[0]) != 1 {
		return "", errors.New("not one key")
	}
	return keys[0][0], nil
}

// keyPath writes segs back as a key path, quoting keys as joinKey does, so
// that it compares equal to the key paths of problems.
func keyPath(segs []keySeg) string {
	path := ""
	for _, s := range segs {
		if s.isIndex {
			path = indexKey(path, s.index)
		} else {
			path = joinKey(path, s.key)
		}
	}
	return path
}

// atOrBelow reports whether key path path is key or a key inside it.
func atOrBelow(path, key string) bool {
	rest, ok := strings.CutPrefix(path, key)
	return ok && (rest == "" || rest[0] == '.' || rest[0] == '[')
}

// setKey returns the key path of an override KEY=VALUE as problems write
// it, or "" when it has none.
func setKey(set string) string {
	key, _, msg := splitSet(set)
	if msg != "" {
		return ""
	}
	segs, msg := parseKeyPath(key)
	if msg != "" {
		return ""
	}
	return keyPath(segs)
}

// override is one change to the decoded tree, parsed: where it goes, what
// it puts there, and who asked for it — a Set, or a key a variant file
// writes — which is where its problems are reported.
type override struct {
	file  string // the file its problems are reported in
	text  string // KEY=VALUE as given to Set; "" for a variant's key
	segs  []keySeg
	key   string // the key path, as problems write it
	value any
	// at and path place a variant's key: path is the key path under which
	// the variant writes it (run.trials, overrides."parties.europe.veto"),
	// at the variant's positions. at is nil for a Set, which has no line.
	at   positions
	path string
}

// problem is a problem at key path path of the value o put in the tree.
// A Set's is reported as the Set; a variant's at the line and column
// where the variant writes the value, or the part of it path names.
func (o *override) problem(path, msg string) Problem {
	if o.at == nil {
		return Problem{File: o.file, Set: o.text, Key: path, Msg: msg}
	}
	written := o.path
	if atOrBelow(path, o.key) {
		written += path[len(o.key):]
	}
	at := o.at.of(written)
	return Problem{File: o.file, Line: at.line, Col: at.col, Key: path, Msg: msg}
}

// alsoBy names o in a message about a second value for its key.
func (o *override) alsoBy() string {
	if o.at == nil {
		return "by --set " + o.text
	}
	return fmt.Sprintf("at line %d", o.at.of(o.path).line)
}

// name names o in a message about another override that would undo it.
func (o *override) name() string {
	if o.at == nil {
		return "--set " + o.text
	}
	return fmt.Sprintf("%s at line %d", o.key, o.at.of(o.path).line)
}

// parseOverrides parses every Set, reporting the malformed ones and
// returning the others in order.
func parseOverrides(file string, sets []setArg) ([]*override, Problems) {
	var out []*override
	var probs Problems
	for _, s := range sets {
		o := &override{file: file, text: s.key + "=" + s.value}
		segs, msg := parseKeyPath(strings.TrimSpace(s.key))
		if msg == "" {
			o.segs, o.key = segs, keyPath(segs)
			o.value, msg = parseValue(s.value)
		}
		if msg != "" {
			probs = append(probs, Problem{File: file, Set: o.text, Key: o.key, Msg: msg})
			continue
		}
		out = append(out, o)
	}
	return out, probs
}

// parseValue reads the VALUE of KEY=VALUE as the value of a one-line TOML
// document, v = VALUE, or else takes it as a string as it stands (see Set).
// msg is not empty only for a value too deep to decode safely.
func parseValue(text string) (v any, msg string) {
	doc := "v = " + text
	if _, msg, deep := tooDeep([]byte(doc)); deep {
		return nil, "the value has " + msg
	}
	var m map[string]any
	// A value with a line break could smuggle in other keys (1\nw = 2):
	// only a document holding v alone is a value.
	if _, err := toml.Decode(doc, &m); err == nil && len(m) == 1 {
		if v, ok := m["v"]; ok {
			return v, ""
		}
	}
	return text, ""
}

// appliedSet is an override applied to the tree: problems at or below its
// key are its own.
type appliedSet struct {
	key string
	o   *override
}

// trackSet is one track of a single-valued reservation set on its own,
// parties.P.reservation.TRACK (see Set).
type trackSet struct {
	track string
	v     any
}

// setProblem records a problem an override causes before the scenario is
// read, at key path path.
func (r *reader) setProblem(o *override, path, format string, args ...any) {
	r.probs = append(r.probs, o.problem(path, fmt.Sprintf(format, args...)))
}

// setAt returns the override that put the value at path there (the one
// with the deepest key at or above path), or nil when the file did.
func (r *reader) setAt(path string) *override {
	var best *override
	bestLen := -1
	for _, s := range r.sets {
		if len(s.key) > bestLen && atOrBelow(path, s.key) {
			best, bestLen = s.o, len(s.key)
		}
	}
	return best
}

// applyOverrides applies one layer of overrides to the decoded file, in
// order, reporting those that cannot be applied (they change nothing). A
// layer is the Sets of one Load, or the keys of one variant file: within
// a layer a key has one value, but a later layer may change what an
// earlier one set (a variant of a variant, a Set on a variant), and the
// value, with its problems, is then the later layer's.
func (r *reader) applyOverrides(root map[string]any, overrides []*override) {
	if !r.roundsNoted {
		r.roundsNoted = true
		if tl, ok := root["timeline"].(map[string]any); ok {
			r.fileRounds, _ = tl["rounds"].(int64)
		}
	}
	var given []*override // overrides of this layer accepted so far, for repeated keys
	for _, o := range overrides {
		if k := slices.IndexFunc(given, func(g *override) bool { return atOrBelow(g.key, o.key) }); k >= 0 {
			if g := given[k]; g.key == o.key {
				r.setProblem(o, o.key, "set twice (also %s); give a key one value", g.alsoBy())
			} else {
				r.setProblem(o, o.key, "would undo %s, given before it: set the whole value first, then the keys inside it", g.name())
			}
			continue
		}
		given = append(given, o)
		if r.apply(root, o) {
			r.supersede(o)
			r.sets = append(r.sets, appliedSet{key: o.key, o: o})
		}
	}
}

// supersede forgets what earlier layers set at or below the key o has just
// set: the tree no longer holds it.
func (r *reader) supersede(o *override) {
	r.sets = slices.DeleteFunc(r.sets, func(s appliedSet) bool { return atOrBelow(s.key, o.key) })
	for path := range r.trackSets {
		if atOrBelow(path, o.key) {
			delete(r.trackSets, path)
		}
	}
}

// apply puts one override's value in the tree, walking its key path; it
// reports why it cannot and returns false.
func (r *reader) apply(root map[string]any, o *override) bool {
	if namesSalience(o.segs) {
		r.refuseSalience(o)
		return false
	}
	at := &treeCursor{node: root, replace: func(any) {}}
	for i, s := range o.segs {
		var done, ok bool
		if s.isIndex {
			done, ok = r.applyIndex(o, at, i)
		} else {
			done, ok = r.applyKey(o, at, i)
		}
		if done {
			at.settle(r, o, ok)
			return ok
		}
	}
	return false // not reached: a key path has at least one key
}

// settle makes the tables the walk created the override's when it set
// its value, so that their problems (a [timeline] without rounds) are
// its own, and takes them out of the tree again when it did not.
func (at *treeCursor) settle(r *reader, o *override, ok bool) {
	for k := len(at.created) - 1; k >= 0; k-- {
		c := at.created[k]
		if ok {
			r.sets = append(r.sets, appliedSet{key: c.path, o: o})
		} else {
			delete(c.parent, c.key)
		}
	}
}

// creatable reports whether segs names a table that an override setting
// a key inside it may create when the file has none: [timeline] and its
// marks, and a package's schedule, which a scenario without a timeline
// lacks, so that --set timeline.rounds=26 gives it one.
func creatable(segs []keySeg) bool {
	for _, s := range segs {
		if s.isIndex {
			return false
		}
	}
	switch len(segs) {
	case 1:
		return segs[0].key == timelineKey
	case 2:
		return segs[0].key == timelineKey && segs[1].key == "marks"
	case 3:
		return segs[0].key == "packages" && segs[2].key == scheduleKey
	}
	return false
}

// creatableIn lists the tables an override may create in the table that
// parent names (see creatable): candidates for a did-you-mean.
func creatableIn(parent []keySeg) []string {
	var out []string
	for _, k := range []string{timelineKey, "marks", scheduleKey} {
		if creatable(append(slices.Clip(parent), keySeg{key: k})) {
			out = append(out, k)
		}
	}
	return out
}

// namesSalience reports whether segs is parties.P.salience…, an input of
// the model but not a value of the file.
func namesSalience(segs []keySeg) bool {
	return len(segs) >= 3 && !segs[0].isIndex && segs[0].key == "parties" && !segs[1].isIndex && !segs[2].isIndex && segs[2].key == "salience"
}

// refuseSalience reports an override of a party's salience weights, and
// says what to set instead.
func (r *reader) refuseSalience(o *override) {
	party := keyPath(o.segs[:2])
	r.setProblem(o, o.key, "names an input of the model, not a value of the file: %s's salience weights on a track, drawn each trial around the weights of its stakes; set %s (how far the draws vary) or the weights themselves, %s",
		o.segs[1].key, joinKey(party, "salience_concentration"), joinKey(joinKey(party, "stakes"), "ISSUE")+".weight")
}

// treeCursor is where apply has got to on an override's key path: the
// value reached and its key path.
type treeCursor struct {
	node any
	path string
	// replace puts a new value in place of node in its parent: needed when
	// setting an element of an array of tables to something else than a
	// table changes the array's Go type.
	replace func(any)
	// created are the tables the walk has created on the way (see
	// creatable).
	created []createdTable
}

// createdTable is a table an override created: key in parent, at path.
type createdTable struct {
	parent    map[string]any
	key, path string
}

// applyIndex takes step i of o's key path, an index, from the array at
// the cursor: it sets the element when the step is the last, else moves
// the cursor to it. done says the walk ends here, ok that o's value was
// set; a step that cannot be taken is reported.
func (r *reader) applyIndex(o *override, at *treeCursor, i int) (done, ok bool) {
	s, last := o.segs[i], i == len(o.segs)-1
	n, isArray := arrayLen(at.node)
	if !isArray {
		r.setProblem(o, at.path, "is %s, not an array, so it has no element [%d]", describe(at.node), s.index)
		return true, false
	}
	elem := indexKey(at.path, s.index)
	if s.index >= n {
		if n == 0 {
			r.setProblem(o, elem, "out of range: %s is an empty array", at.path)
		} else {
			r.setProblem(o, elem, "out of range: %s has %d elements, [0] to [%d]", at.path, n, n-1)
		}
		return true, false
	}
	switch a := at.node.(type) {
	case []any:
		if last {
			a[s.index] = o.value
			return true, true
		}
		at.node, at.replace = a[s.index], func(v any) { a[s.index] = v }
	case []map[string]any:
		if last {
			if m, ok := o.value.(map[string]any); ok {
				a[s.index] = m
			} else {
				b := make([]any, len(a))
				for k, m := range a {
					b[k] = m
				}
				b[s.index] = o.value
				at.replace(b)
			}
			return true, true
		}
		// An element of an array of tables is a table: the next
		// step sets a key in it, never replaces it.
		at.node, at.replace = a[s.index], func(any) {}
	}
	at.path = elem
	return false, false
}

// applyKey takes step i of o's key path, a key, from the table at the
// cursor: it sets the key when the step is the last, else moves the
// cursor to the key's value. done and ok are as applyIndex returns them.
func (r *reader) applyKey(o *override, at *treeCursor, i int) (done, ok bool) {
	s, last := o.segs[i], i == len(o.segs)-1
	m, isTable := at.node.(map[string]any)
	switch {
	case !isTable && last && isReservationTrack(o.segs):
		return true, r.setReservationTrack(o, at.path, s.key)
	case !isTable:
		if a, isArray := arrayLen(at.node); isArray {
			r.setProblem(o, at.path, "is an array of %d elements, so it has no key %s; name an element by its index, e.g. %s.%s", a, quoteShort(s.key), indexKey(at.path, 0), keyPath(o.segs[i:]))
		} else {
			r.setProblem(o, at.path, "is %s, not a table, so it has no key %s; set %s itself", describe(at.node), quoteShort(s.key), at.path)
		}
		return true, false
	case last:
		m[s.key] = o.value
		return true, true
	}
	child, found := m[s.key]
	key := joinKey(at.path, s.key)
	switch {
	case !found && creatable(o.segs[:i+1]):
		child = map[string]any{}
		m[s.key] = child
		at.created = append(at.created, createdTable{parent: m, key: s.key, path: key})
	case !found:
		r.setProblem(o, key, "not in the scenario%s", siblingHint(s.key, m, at.path, creatableIn(o.segs[:i])))
		return true, false
	}
	at.node, at.replace, at.path = child, func(v any) { m[s.key] = v }, key
	return false, false
}

// arrayLen returns the length of an array value.
func arrayLen(v any) (int, bool) {
	switch a := v.(type) {
	case []any:
		return len(a), true
	case []map[string]any:
		return len(a), true
	}
	return 0, false
}

// maxListedKeys bounds how many keys a message lists when it suggests none.
const maxListedKeys = 12

// siblingHint suggests the key of table m (at path), or of the tables an
// override may create there (more), closest to a missing key, or lists
// m's keys, and says why the key cannot just be added.
func siblingHint(key string, m map[string]any, path string, more []string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys) // Suggest breaks ties by order: keep it fixed
	if hint := didYouMean(key, append(slices.Clip(keys), more...)); hint != "" {
		return hint
	}
	where := path
	if where == "" {
		where = "the file"
	}
	list := ""
	switch n := len(keys); {
	case n == 0:
		list = where + " is empty"
	case n <= maxListedKeys:
		written := make([]string, n)
		for k, key := range keys {
			written[k] = shortKey(joinKey("", key)) // quoted as in a path, if need be
		}
		list = where + " has " + strings.Join(written, ", ")
	default:
		list = fmt.Sprintf("%s has %d keys", where, n)
	}
	return "; " + list + ", and --set adds only the last key of a path"
}

// isReservationTrack reports whether segs is parties.P.reservation.TRACK.
func isReservationTrack(segs []keySeg) bool {
	if len(segs) != 4 {
		return false
	}
	for _, s := range segs {
		if s.isIndex {
			return false
		}
	}
	return segs[0].key == "parties" && segs[2].key == "reservation"
}

// setReservationTrack records a track of the single-valued reservation at
// path set on its own (see Set); readReservation reads it.
func (r *reader) setReservationTrack(o *override, path, track string) bool {
	if track == defaultKey {
		r.setProblem(o, o.key, "%s is one value for every track, so it has no %s; set %s itself", path, defaultKey, path)
		return false
	}
	if r.trackSets == nil {
		r.trackSets = map[string][]trackSet{}
	}
	// Within a layer a track is set once; a later layer's value replaces
	// an earlier one's.
	sets := slices.DeleteFunc(r.trackSets[path], func(ts trackSet) bool { return ts.track == track })
	r.trackSets[path] = append(sets, trackSet{track: track, v: o.value})
	return true
}
