package scenarios

import (
	"regexp"
	"strconv"
)

// Diagnostic is a Problem or a warning as editors, pre-commit hooks and CI
// annotations read it (peacesim validate --format json,
// docs/editor.md#diagnostics): every field is always there, 0 or ""
// when the file gives it no value.
type Diagnostic struct {
	File string `json:"file"`
	// Line and Column are 1-based; 0 when the problem has no place in the
	// file (a required table that is missing altogether), Column 0 when
	// only the line is known.
	Line   int `json:"line"`
	Column int `json:"column"`
	// Key is the key path of the value, as docs/model.md#key-paths names
	// it; "" for a problem of the whole file.
	Key string `json:"key"`
	// Message says what is wrong, as validate prints it after the key.
	Message string `json:"message"`
	// Severity is SeverityError for a problem, SeverityWarning for what
	// loads but does not do what the file seems to mean.
	Severity string `json:"severity"`
	// Suggestion is the name the message suggests instead, its did you
	// mean, or "".
	Suggestion string `json:"suggestion"`
}

// The severities of a Diagnostic.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// suggested finds the did-you-mean of a message (didYouMean, allow).
var suggested = regexp.MustCompile(`\(did you mean ("(?:[^"\\]|\\.)*")\?\)`)

// Diagnostic is the problem as a diagnostic of the given severity.
func (p Problem) Diagnostic(severity string) Diagnostic {
	d := Diagnostic{File: p.File, Line: p.Line, Column: p.Col, Key: p.Key, Message: p.Msg, Severity: severity}
	if m := suggested.FindStringSubmatch(p.Msg); m != nil {
		d.Suggestion, _ = strconv.Unquote(m[1])
	}
	return d
}
