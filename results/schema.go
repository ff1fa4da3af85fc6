package results

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
)

// table describes one CSV table once: its file, its columns — each
// column's name, its type and meaning as results/README.md documents
// them, how a row's field is written to its cell and read back from it,
// the domain its values lie in and the columns of the row they are
// bounded by — and the field of Dir that ReadDir fills with its rows.
// The header, the writer, the reader and README.md's column lists all
// come from it, so they cannot drift apart. R is the table's row struct.
//
// A table is registered once, in tables (the tables of a directory that
// ReadDir knows); a table of a run also has run, which builds its rows
// from a result, and is listed in runTables.
//
// Some tables have a group of columns named by the scenario — a utility
// column per party, a value column per negotiable issue, a column per
// varied key of a sweep — between fixed columns: the writer is given
// their ids, the reader finds them in the header.
//
// A table of a run reads (timeline.go has it whole)
//
//	var timelineTable = &table[TimelineRow]{
//		file: "timeline.csv",
//		dir:  func(d *Dir) *[]TimelineRow { return &d.Timeline },
//		run:  func(run Run) []TimelineRow { … },
//		columns: []column[TimelineRow]{
//			col("scenario", text, func(r *TimelineRow) *string { return &r.Scenario }, "scenario id"),
//			col("round", roundNumber, func(r *TimelineRow) *int { return &r.Round }, "the round, from 1"),
//			col("reached", probability, func(r *TimelineRow) *float64 { return &r.Reached },
//				"share of trials that reached the pathway by the round"),
//			col("reached_low", probability, func(r *TimelineRow) *float64 { return &r.ReachedLow },
//				"lower bound of its Wilson 95% interval").atMost("reached"),
//		},
//	}
//
// and its writer is buildCSV(w, runs, timelineTable). A cell the reader
// reads must be of its column's kind and in its domain (probability: in
// [0, 1]), and keep its column's bounds (reached_low ≤ reached);
// otherwise ReadDir refuses the table at the cell.
type table[R any] struct {
	file    string
	columns []column[R]
	// dir is the field of Dir that holds the rows read.
	dir func(d *Dir) *[]R
	// run, for a table of a run, builds its rows from a result that
	// fits its model (checkPaired).
	run func(run Run) []R
	// evidence, for a table of a run, is a row's evidence columns
	// (evidenceCols): the table has them when one of its runs had
	// evidence.
	evidence func(r *R) *EvidenceCells
}

// column is one column of a table, or one group of columns.
type column[R any] struct {
	// name is the column's name in the header; a group's is its label
	// in README.md.
	name string
	// typ is its type in README.md: string, float, integer, boolean or
	// "as written".
	typ string
	// doc is its meaning: the last cell of its line in README.md.
	doc string
	// cell is the row's cell in the column: a string, bool, int, int64,
	// uint64 or float64 (formatCell writes it); parse sets the row's
	// field from the cell's text.
	cell  func(r *R) (any, error)
	parse func(r *R, s string) error
	// group, when set, makes the column a group named by the scenario;
	// cell and parse are then unset.
	group *group[R]
	// domain, when set, is the range of the column's values (its
	// kind's), which parse keeps to.
	domain *domain
	// bounds are the other columns of the row that the column's value
	// keeps to (atMost, atLeast).
	bounds []bound
}

// bound is an order between two columns of a row: the column's value is
// at most (or, not atMost, at least) the value of the column other. An
// interval's ends hold its estimate, a count is at most its trials, a
// minimum is at most its maximum.
type bound struct {
	other  string
	atMost bool
}

// atMost is the column whose value, on every row, is at most the values
// of the columns named: a lower end of an interval and its estimate, a
// count and its trials. NA is below and above nothing.
func (c column[R]) atMost(others ...string) column[R] { return c.withBounds(true, others) }

// atLeast is the column whose value, on every row, is at least the
// values of the columns named.
func (c column[R]) atLeast(others ...string) column[R] { return c.withBounds(false, others) }

// withBounds is the column with a bound to each of the others: at most
// their values, or at least. The column's bounds are copied, not shared.
func (c column[R]) withBounds(atMost bool, others []string) column[R] {
	c.bounds = slices.Clone(c.bounds)
	for _, o := range others {
		c.bounds = append(c.bounds, bound{o, atMost})
	}
	return c
}

// group is how a group of columns is named, and what its cells are.
type group[R any] struct {
	names
	// cells are the row's cells in the group's columns: all of them,
	// with the first that fails.
	cells func(r *R) ([]any, error)
	// parse sets the row's field from the cells' text, returning the
	// index of the one that fails.
	parse func(r *R, ss []string) (int, error)
}

// names says how the columns of a group are named by the scenario and
// checks the names a header gives them.
type names struct {
	// label stands for the group's columns in README.md.
	label string
	// prefix, before each id, names a column: u_ and a party's id.
	prefix string
	// noun is what an id names ("party"), plural what the cells are
	// ("utilities"): the words of a writer's errors.
	noun, plural string
	// take checks the names the header gives the group, from its column
	// at, and records them in d.
	take func(d *Dir, c *cells, names []string, at int) error
	// span, for a group that another follows, is how many of the named
	// columns from its first are its own.
	span func(d *Dir, c *cells, named []string) (int, error)
}

// kind is how a field of Go type T is written to a cell and read back,
// and what README.md calls its type.
type kind[T any] struct {
	typ   string
	cell  func(v T) (any, error)
	parse func(s string) (T, error)
	// dom, when set, is the range of the kind's values (bounded): parse
	// refuses a value outside it.
	dom *domain
}

// same is the cell of a field written as it is.
func same[T any](v T) (any, error) { return v, nil }

// The kinds of the tables' fields. Each reads back exactly what
// formatCell writes: a float in its shortest exact form, NA as NaN, Inf
// and -Inf as infinities; TRUE and FALSE.
var (
	text = kind[string]{typ: "string", cell: same[string], parse: func(s string) (string, error) { return s, nil }}
	// asWritten is a value the user wrote (a sweep's varied key), kept
	// as text.
	asWritten = kind[string]{typ: "as written", cell: same[string], parse: func(s string) (string, error) { return s, nil }}
	// issueValue is an issue's value as the scenario writes it, "" (an
	// issue not on the row's track) written NA.
	issueValue = kind[string]{typ: "as written", cell: func(v string) (any, error) { return issueCell(v) }, parse: func(s string) (string, error) {
		if s == naString {
			return "", nil
		}
		return s, nil
	}}
	number  = kind[float64]{typ: "float", cell: same[float64], parse: parseNumber}
	integer = kind[int64]{typ: "integer", cell: same[int64], parse: parseInteger}
	index   = kind[int]{typ: "integer", cell: same[int], parse: strconv.Atoi}
	// natural is an index or a number of inputs, rank a rank (1 is the
	// best).
	natural  = kind[int]{typ: "integer", cell: same[int], parse: atLeast(0, "%d is negative")}
	rank     = kind[int]{typ: "integer", cell: same[int], parse: atLeast(1, "%d is not a rank (1 is the best)")}
	unsigned = kind[uint64]{typ: "integer", cell: same[uint64], parse: parseUnsigned}
	boolean  = kind[bool]{typ: "boolean", cell: same[bool], parse: parseBoolean}

	// The bounded kinds: a share of trials, a difference of two shares
	// of the same trials, a standard deviation, a distance and a number
	// of trials. A bound across columns (an interval holds its estimate,
	// a count is at most its trials) is the column's (atMost, atLeast).
	probability = bounded(number, domain{0, 1, "a probability"})
	difference  = bounded(number, domain{-1, 1, "a difference of probabilities"})
	deviation   = bounded(number, domain{0, math.Inf(1), "a standard deviation"})
	distance    = bounded(number, domain{0, math.Inf(1), "a distance"})
	count       = bounded(integer, domain{0, math.Inf(1), "a count"})
)

// domain is the range [lo, hi] of a column's values, hi +Inf for a
// column bounded below only; what names a value of the column in an
// error ("a probability"). NA (NaN), where a column has it, is no value
// and lies in every domain: the format's missing value stays allowed.
type domain struct {
	lo, hi float64
	what   string
}

// has reports whether v lies in the domain.
func (d domain) has(v float64) bool { return math.IsNaN(v) || (v >= d.lo && v <= d.hi) }

// String is the domain as an error states it: "in [0, 1]", "≥ 0".
func (d domain) String() string {
	if math.IsInf(d.hi, 1) {
		return fmt.Sprintf("≥ %g", d.lo)
	}
	return fmt.Sprintf("in [%g, %g]", d.lo, d.hi)
}

// bounded is kind k whose values lie in d: a cell outside it is refused,
// quoted as written, with the domain it must be in.
func bounded[T int64 | float64](k kind[T], d domain) kind[T] {
	parse := k.parse
	k.parse = func(s string) (T, error) {
		v, err := parse(s)
		if err == nil && !d.has(float64(v)) {
			return v, fmt.Errorf("%s is not %s (must be %s)", s, d.what, d)
		}
		return v, err
	}
	k.dom = &d
	return k
}

func parseNumber(s string) (float64, error) {
	if s == naString {
		return math.NaN(), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return f, nil
}

func parseInteger(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not an integer", s)
	}
	return n, nil
}

func parseUnsigned(s string) (uint64, error) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not an unsigned integer", s)
	}
	return n, nil
}

// atLeast reads an integer ≥ least; a smaller one is the error
// tooSmall, formatted with it.
func atLeast(least int, tooSmall string) func(s string) (int, error) {
	return func(s string) (int, error) {
		n, err := strconv.Atoi(s)
		switch {
		case err != nil:
			return 0, fmt.Errorf("%q is not an integer", s)
		case n < least:
			return n, fmt.Errorf(tooSmall, n)
		}
		return n, nil
	}
}

func parseBoolean(s string) (bool, error) {
	switch s {
	case "TRUE":
		return true, nil
	case "FALSE":
		return false, nil
	}
	return false, fmt.Errorf("%q is not TRUE or FALSE", s)
}

// col is the column name of the row's field, of kind k.
func col[R, T any](name string, k kind[T], field func(r *R) *T, doc string) column[R] {
	return column[R]{name: name, typ: k.typ, doc: doc, domain: k.dom,
		cell: func(r *R) (any, error) { return k.cell(*field(r)) },
		parse: func(r *R, s string) error {
			v, err := k.parse(s)
			*field(r) = v
			return err
		},
	}
}

// cols is the group of columns named by n whose cells are the row's
// field, one of kind k per column.
func cols[R, T any](n names, k kind[T], field func(r *R) *[]T, doc string) column[R] {
	g := &group[R]{names: n,
		cells: func(r *R) ([]any, error) {
			vs := *field(r)
			out := make([]any, len(vs))
			var first error
			for i, v := range vs {
				c, err := k.cell(v)
				if err != nil && first == nil {
					first = err
				}
				out[i] = c
			}
			return out, first
		},
		parse: func(r *R, ss []string) (int, error) {
			vs := make([]T, len(ss))
			*field(r) = vs
			for i, s := range ss {
				v, err := k.parse(s)
				if err != nil {
					return i, err
				}
				vs[i] = v
			}
			return 0, nil
		},
	}
	return column[R]{name: n.label, typ: k.typ, doc: doc, group: g, domain: k.dom}
}

// stem is the table's file name without .csv: its key in the JSON
// document.
func (t *table[R]) stem() string { return strings.TrimSuffix(t.file, ".csv") }

// groups are the indices of the table's groups of columns.
func (t *table[R]) groups() []int {
	var gs []int
	for i, c := range t.columns {
		if c.group != nil {
			gs = append(gs, i)
		}
	}
	return gs
}

// header is the table's header, each group's columns named by its ids
// (one list per group, in order). A header whose columns a reader could
// not tell apart (checkHeader) is refused: R and pandas would rename
// them.
func (t *table[R]) header(ids [][]string) ([]string, error) {
	if want := len(t.groups()); len(ids) != want {
		return nil, fmt.Errorf("results: %s: %d lists of ids for %d groups of columns", t.file, len(ids), want)
	}
	var h []string
	g := 0
	for _, c := range t.columns {
		if c.group == nil {
			h = append(h, c.name)
			continue
		}
		for i, id := range ids[g] {
			if c.group.prefix != "" && id == "" {
				return nil, fmt.Errorf("results: %s %d has no id", c.group.noun, i+1)
			}
			h = append(h, c.group.prefix+id)
		}
		g++
	}
	return h, distinct(t.file, h)
}

// distinct refuses a header of file whose columns a reader could not
// tell apart (checkHeader).
func distinct(file string, h []string) error {
	if i, j, ok := checkHeader(h); !ok {
		if h[i] == "" {
			return fmt.Errorf("results: %s: column %d has no name", file, i+1)
		}
		return fmt.Errorf("results: %s: the column %q twice, %d and %d (an id equal to another column's name)",
			file, h[i], j+1, i+1)
	}
	return nil
}

// cells are the cells of row i of the table, whose groups have n[g]
// columns each: a row with other than one cell per column is refused.
func (t *table[R]) cells(r *R, i int, n []int) ([]any, error) {
	out := make([]any, 0, len(t.columns))
	g := 0
	for _, c := range t.columns {
		if c.group == nil {
			v, err := c.cell(r)
			if err != nil {
				return nil, fmt.Errorf("results: row %d: %w", i, err)
			}
			out = append(out, v)
			continue
		}
		vs, err := c.group.cells(r)
		switch {
		case len(vs) != n[g]:
			return nil, fmt.Errorf("results: row %d has %d %s for %d columns", i, len(vs), c.group.plural, n[g])
		case err != nil:
			return nil, fmt.Errorf("results: row %d: %w", i, err)
		}
		out = append(out, vs...)
		g++
	}
	return out, nil
}

// build is the table of rows, in their order, with its groups of
// columns named by ids: every cell is made before anything is written,
// so a row that does not fit is an error and not a short file.
func (t *table[R]) build(rows []R, ids ...[]string) (tidy, error) {
	h, err := t.header(ids)
	if err != nil {
		return tidy{}, err
	}
	n := make([]int, len(ids))
	for g, is := range ids {
		n[g] = len(is)
	}
	tb := tidy{name: t.stem(), columns: h, rows: make([][]any, 0, len(rows))}
	for i := range rows {
		cells, err := t.cells(&rows[i], i, n)
		if err != nil {
			return tidy{}, err
		}
		tb.rows = append(tb.rows, cells)
	}
	return tb, nil
}

// write writes the table of rows as CSV.
func (t *table[R]) write(w io.Writer, rows []R, ids ...[]string) error {
	tb, err := t.build(rows, ids...)
	if err != nil {
		return err
	}
	return writeCSV(w, tb)
}

// ofRuns is a table of a run built from each run's rows, in run order:
// one header, the rows of every run told apart by their scenario.
func (t *table[R]) ofRuns(runs []Run) (tidy, error) {
	var rows []R
	for _, run := range runs {
		n := len(rows)
		rows = append(rows, t.run(run)...)
		if t.evidence != nil {
			ev := evidenceOf(run)
			for i := range rows[n:] {
				*t.evidence(&rows[n+i]) = ev
			}
		}
	}
	if t.evidence == nil {
		return t.build(rows)
	}
	present := hasEvidence(runs)
	ids := []string{}
	if present {
		ids = evidenceNames
	}
	for i := range rows {
		t.evidence(&rows[i]).Present = present
	}
	return t.build(rows, ids)
}

// span is where a column of a table read sits in the header: from field
// at, n fields (1 for a column, one per id for a group).
type span struct{ at, n int }

// fixed are the names of columns [from, to) of the table, which are not
// groups.
func (t *table[R]) fixed(from, to int) []string {
	out := make([]string, 0, to-from)
	for _, c := range t.columns[from:to] {
		out = append(out, c.name)
	}
	return out
}

// locate checks the header h and finds each column in it: the fixed
// columns must be the table's, in order; the columns between them are
// its groups', whose names each group checks and records in d.
func (t *table[R]) locate(d *Dir, c *cells, h []string) ([]span, error) {
	gs := t.groups()
	if len(gs) == 0 {
		want := t.fixed(0, len(t.columns))
		if err := sameColumns(c, h, want, 0); err != nil {
			return nil, err
		}
		if len(h) != len(want) {
			return nil, headerError(c, min(len(h), len(want)),
				"the header has %d columns, want %d: %s", len(h), len(want), strings.Join(want, ","))
		}
		spans := make([]span, len(want))
		for i := range spans {
			spans[i] = span{i, 1}
		}
		return spans, nil
	}
	first, last := gs[0], gs[len(gs)-1]
	head, tail := t.fixed(0, first), t.fixed(last+1, len(t.columns))
	end, err := namedColumns(c, h, head, tail)
	if err != nil {
		return nil, err
	}
	spans := make([]span, len(t.columns))
	for i := range head {
		spans[i] = span{i, 1}
	}
	for i := range tail {
		spans[last+1+i] = span{end + i, 1}
	}
	at := len(head)
	for _, gi := range gs {
		g := t.columns[gi].group
		n := end - at
		if gi != last {
			if n, err = g.span(d, c, h[at:end]); err != nil {
				return nil, err
			}
		}
		if err := g.take(d, c, h[at:at+n], at); err != nil {
			return nil, err
		}
		spans[gi] = span{at, n}
		at += n
	}
	return spans, nil
}

// namedColumns checks a header of the columns head, then columns named
// by the scenario, then the columns tail, if any: it returns where tail
// starts. A header that names a column twice, or leaves one unnamed, is
// refused, as the writers refuse to write it.
func namedColumns(c *cells, h, head, tail []string) (end int, err error) {
	if err := sameColumns(c, h, head, 0); err != nil {
		return 0, err
	}
	end = len(h)
	if len(tail) > 0 {
		at := slices.Index(h[len(head):], tail[0])
		if at < 0 {
			return 0, headerError(c, len(h)-1, "no %q column after the %q column", tail[0], head[len(head)-1])
		}
		end = len(head) + at
		if err := sameColumns(c, h, tail, end); err != nil {
			return 0, err
		}
		if len(h) != end+len(tail) {
			return 0, headerError(c, end+len(tail), "column %d of the header is %q, after the last column %q",
				end+len(tail)+1, h[end+len(tail)], tail[len(tail)-1])
		}
	}
	if i, j, ok := checkHeader(h); !ok {
		if i == j {
			return 0, headerError(c, i, "column %d of the header has no name", i+1)
		}
		return 0, headerError(c, i, "the column %q twice, %d and %d", h[i], j+1, i+1)
	}
	return end, nil
}

// decode reads the row of the record c holds, its columns at spans: each
// cell of its column's kind and in its domain, then each column's bounds
// kept.
func (t *table[R]) decode(c *cells, spans []span) (R, error) {
	var r R
	for i, col := range t.columns {
		s := spans[i]
		if col.group == nil {
			if err := col.parse(&r, c.rec[s.at]); err != nil {
				return r, c.fail(s.at, err)
			}
			continue
		}
		if j, err := col.group.parse(&r, c.rec[s.at:s.at+s.n]); err != nil {
			return r, c.fail(s.at+j, err)
		}
	}
	for i, col := range t.columns {
		for _, b := range col.bounds {
			j := t.column(b.other)
			if !holds(&r, col, t.columns[j], b.atMost) {
				return r, c.fail(spans[i].at, boundError(c.rec[spans[i].at], b, c.rec[spans[j].at]))
			}
		}
	}
	return r, nil
}

// column is the index of the column named, -1 for none.
func (t *table[R]) column(name string) int {
	return slices.IndexFunc(t.columns, func(c column[R]) bool { return c.name == name && c.group == nil })
}

// holds reports whether row r's value of col is at most (or at least)
// its value of other; a value NA keeps every bound.
func holds[R any](r *R, col, other column[R], atMost bool) bool {
	v, _ := col.cell(r)
	w, _ := other.cell(r)
	c, ok := compareCells(v, w)
	return !ok || (atMost && c <= 0) || (!atMost && c >= 0)
}

// boundError is the error of a cell, written s, that breaks bound b, the
// row's cell of b.other being written o.
func boundError(s string, b bound, o string) error {
	than := "below"
	if b.atMost {
		than = "above"
	}
	return fmt.Errorf("%s is %s the row's %s, %s", s, than, b.other, o)
}

// compareCells compares two numeric cells, integers exactly; ok is false
// when either is NaN (NA) or not a number.
func compareCells(a, b any) (c int, ok bool) {
	if x, isInt := a.(int64); isInt {
		if y, isInt := b.(int64); isInt {
			return cmp.Compare(x, y), true
		}
	}
	x, okA := cellNumber(a)
	y, okB := cellNumber(b)
	if !okA || !okB || math.IsNaN(x) || math.IsNaN(y) {
		return 0, false
	}
	return cmp.Compare(x, y), true
}

// cellNumber is a numeric cell's value as a float64.
func cellNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return 0, false
}

// read reads the table's file at path into its field of d.
func (t *table[R]) read(d *Dir, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	c := &cells{path: path, r: csv.NewReader(f)}
	h, err := c.r.Read()
	if err == io.EOF {
		return &ReadError{File: path, Line: 1, Err: errors.New("empty file: no header")}
	}
	if err != nil {
		return csvError(path, err)
	}
	c.rec, c.head = h, slices.Clone(h)
	spans, err := t.locate(d, c, h)
	if err != nil {
		return err
	}
	rows := t.dir(d)
	for {
		if c.rec, err = c.r.Read(); err == io.EOF {
			return nil
		} else if err != nil {
			return csvError(path, err)
		}
		r, err := t.decode(c, spans)
		if err != nil {
			return err
		}
		*rows = append(*rows, r)
	}
}

// columnDoc is one line of a table's column list in README.md.
type columnDoc struct{ name, typ, doc string }

// line is its line in README.md: a column's name in backticks, a group's
// label as it is.
func (c columnDoc) line() string {
	name := c.name
	if !strings.ContainsAny(name, "`*") {
		name = "`" + name + "`"
	}
	return "| " + name + " | " + c.typ + " | " + c.doc + " |"
}

// docs are the table's columns as README.md lists them.
func (t *table[R]) docs() []columnDoc {
	out := make([]columnDoc, len(t.columns))
	for i, c := range t.columns {
		out[i] = columnDoc{c.name, c.typ, c.doc}
	}
	return out
}

// valid reports a description that the writer and the reader could not
// both follow: a column without a name or twice, one that is neither a
// column nor a group, groups that do not follow one another between the
// fixed columns, or no field of Dir for the rows.
func (t *table[R]) valid() error {
	gs := t.groups()
	for i, c := range t.columns {
		switch {
		case c.name == "" || slices.ContainsFunc(t.columns[:i], func(o column[R]) bool { return o.name == c.name }):
			return fmt.Errorf("%s: column %d is unnamed or named twice", t.file, i+1)
		case (c.group == nil) == (c.cell == nil || c.parse == nil):
			return fmt.Errorf("%s: column %s is not one column or one group", t.file, c.name)
		}
		if err := t.validBounds(c); err != nil {
			return err
		}
	}
	switch {
	case len(gs) > 0 && (gs[0] == 0 || gs[len(gs)-1]-gs[0] != len(gs)-1):
		return fmt.Errorf("%s: its groups of columns must follow a fixed column and one another", t.file)
	case t.dir == nil:
		return fmt.Errorf("%s: no field of Dir holds its rows", t.file)
	}
	return nil
}

// validBounds reports a bound of column c that the reader could not
// check: on a group, or to a column that is not another numeric column
// of the table.
func (t *table[R]) validBounds(c column[R]) error {
	numeric := func(c column[R]) bool {
		var r R
		v, _ := c.cell(&r)
		_, ok := cellNumber(v)
		return ok
	}
	for _, b := range c.bounds {
		j := t.column(b.other)
		switch {
		case c.group != nil:
			return fmt.Errorf("%s: the group %s has a bound", t.file, c.name)
		case j < 0 || b.other == c.name:
			return fmt.Errorf("%s: column %s is bounded by %q, not another column of the table", t.file, c.name, b.other)
		case !numeric(c) || !numeric(t.columns[j]):
			return fmt.Errorf("%s: column %s is bounded by %s, and they are not both numbers", t.file, c.name, b.other)
		}
	}
	return nil
}

// fileTable is a table of any row type: what the registry holds.
type fileTable interface {
	name() string
	read(d *Dir, path string) error
	docs() []columnDoc
	valid() error
}

func (t *table[R]) name() string { return t.file }

// runTable is a table of a run, of any row type.
type runTable interface {
	fileTable
	ofRuns(runs []Run) (tidy, error)
}

// tables are every table of a results directory, each registered here
// once, in the order ReadDir reads them when the manifest lists none.
// README.md documents each of their columns (TestREADMEColumns).
func tables() []fileTable {
	return []fileTable{
		pathwaysTable, acceptanceTable, redLinesTable, marginsTable, blockingTable, comparisonsTable, timelineTable,
		posteriorTable, sweepTable,
		tornadoTable, sobolTable, trajectoryTable, boxesTable,
		zopaTable, solutionsTable, frontierTable, bargainPackagesTable, optimizeTable, repairTable,
	}
}

// runTables are the tables of a run, in output order: WriteDir and
// WriteJSON walk them. comparisons is there when the result holds
// paired differences of packages, timeline when it is over a timeline,
// posterior when it was conditioned on evidence.
func runTables(paired, timeline, evidence bool) []runTable {
	ts := []runTable{pathwaysTable, acceptanceTable, redLinesTable, marginsTable, blockingTable}
	if paired {
		ts = append(ts, comparisonsTable)
	}
	if timeline {
		ts = append(ts, timelineTable)
	}
	if evidence {
		ts = append(ts, posteriorTable)
	}
	return ts
}
