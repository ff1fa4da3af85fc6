// Package scenarios reads peacesim scenario files: the TOML schema of
// docs/model.md#scenario-file, loading and validation that reports every
// problem at once with its line, column and key path, overrides of single
// values by key path (--set KEY=VALUE), compilation into the flat,
// index-based sim.Model, and the library of scenarios embedded in the
// binary (the default, Miami 2025, among them).
package scenarios

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"
	"github.com/peacesim/peacesim/sim"
)

// Default is the name of the embedded scenario peacesim runs when it is
// given none.
const Default = "miami-2025"

// Load parses, validates and compiles one scenario file; file is the name
// used in messages. Options such as Set change values of the file before
// it is read. A file whose [scenario] names a base is a variant of that
// scenario (see Bases): Load loads the base and applies the variant's
// changes to it. On bad input the error is a Problems listing every
// problem found, in the file, in its bases and in the options; Load never
// panics, whatever the bytes. Loading the same bytes with the same options
// twice gives equal Models (reflect.DeepEqual).
func Load(file string, src []byte, opts ...Option) (m *sim.Model, err error) {
	defer func() {
		// A last-resort net: every input is meant to be caught as a Problem
		// before it could panic, but a researcher should get a message, not
		// a stack trace, if one slips through.
		if v := recover(); v != nil {
			m, err = nil, Problems{{File: file, Msg: fmt.Sprintf("internal error while reading the scenario (please report it, with the file): %v", v)}}
		}
	}()
	var o loadOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	// Malformed overrides are reported with the file's problems, even with
	// a file that does not decode: they are known either way.
	overrides, probs := parseOverrides(file, o.sets)
	if p, msg, deep := tooDeep(src); deep {
		return nil, sortProblems(append(probs, Problem{File: file, Line: p.line, Col: p.col, Msg: msg}))
	}
	var root map[string]any
	md, err := toml.Decode(string(src), &root)
	if err != nil {
		return nil, sortProblems(append(probs, syntaxProblem(file, src, err)))
	}
	if isVariant(root) {
		return loadVariant(file, src, md, root, o, overrides, probs)
	}
	r := newReader(file, src, md)
	r.probs = probs
	r.applyOverrides(root, overrides)
	f := readFile(r, root)
	m = compile(r, f)
	if len(r.probs) > 0 {
		return nil, sortProblems(r.probs)
	}
	o.warn(r)
	return m, nil
}

// warn gives the warnings of the scenario r read to the caller who asked
// for them (see Warnings).
func (o *loadOptions) warn(r *reader) {
	if o.warnings != nil && len(r.warns) > 0 {
		*o.warnings = append(*o.warnings, sortProblems(r.warns)...)
	}
}

// syntaxProblem turns a TOML decoding error into a Problem at its position.
func syntaxProblem(file string, src []byte, err error) Problem {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return Problem{File: file, Msg: "not valid TOML: " + err.Error()}
	}
	// The decoder's line is off by one at the end of the input; its byte
	// offset is right, so count lines and columns from it.
	pos := pe.Position
	if (pos.Start > 0 || pos.Line == 0) && pos.Start <= len(src) {
		s := newScanner(src)
		for s.i < pos.Start {
			s.adv()
		}
		pos.Line, pos.Col = s.line, s.i-s.lineStart+1
	}
	return Problem{File: file, Line: pos.Line, Col: pos.Col, Msg: "not valid TOML: " + printable(pe.Message)}
}

// printable escapes control characters, which the decoder quotes raw from
// the input, so that a message never writes them to a terminal.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}
