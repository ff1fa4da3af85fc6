package results

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
)

// naString is how a missing or undefined number (NaN) is written: both
// read.csv in R and pandas.read_csv read "NA" as missing by default.
const naString = "NA"

// csvEncoder writes one tidy table as CSV. Its constructor writes the header,
// so a table with no rows is still a valid CSV that loads with its columns;
// Close flushes and returns the first write error, so a full disk is an
// error and not a silently short file.
type csvEncoder struct {
	w      *csv.Writer
	record []string // reused between rows
}

// newCSVEncoder returns an encoder for rows with the given columns, having
// written the header line.
func newCSVEncoder(w io.Writer, columns []string) *csvEncoder {
	e := &csvEncoder{w: csv.NewWriter(w), record: make([]string, len(columns))}
	// An error here is sticky in csv.Writer and returned by Close.
	_ = e.w.Write(columns)
	return e
}

// Encode writes one row; its cells must match the header's columns.
func (e *csvEncoder) Encode(row []any) error {
	if len(row) != len(e.record) {
		return fmt.Errorf("results: row has %d cells, header has %d", len(row), len(e.record))
	}
	for i, v := range row {
		e.record[i] = formatCell(v)
	}
	return e.w.Write(e.record)
}

// Close flushes buffered rows and reports any error from the underlying
// writer.
func (e *csvEncoder) Close() error {
	e.w.Flush()
	return e.w.Error()
}

// formatCell writes a cell deterministically: nil, a missing value,
// as NA, which is null in the JSON. Floats use the shortest
// representation that parses back to the same float64 ('g', -1), so the CSV
// loses no precision and the same Result always gives the same bytes.
func formatCell(v any) string {
	switch x := v.(type) {
	case nil:
		// A missing value of a column that is not a number (a date).
		return naString
	case string:
		return x
	case bool:
		// Upper case is the one spelling that R's read.csv, readr, pandas and
		// spreadsheets all read as logical; R's read.csv keeps "true" as text.
		if x {
			return "TRUE"
		}
		return "FALSE"
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float64:
		switch {
		case math.IsNaN(x):
			return naString
		case math.IsInf(x, 1):
			return "Inf" // R's spelling; pandas reads it too
		case math.IsInf(x, -1):
			return "-Inf"
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	// The tables' kinds only produce the cells above; this keeps a mistake visible
	// in the output instead of panicking.
	return fmt.Sprint(v)
}

// writeCSV encodes one table as CSV: header first, then one row per
// observation.
func writeCSV(w io.Writer, t tidy) error {
	e := newCSVEncoder(w, t.columns)
	for _, row := range t.rows {
		if err := e.Encode(row); err != nil {
			return err
		}
	}
	return e.Close()
}

// buildCSV builds a table of the runs and writes it as CSV.
func buildCSV(w io.Writer, runs []Run, t runTable) error {
	tb, err := build(runs, t)
	if err != nil {
		return err
	}
	return writeCSV(w, tb)
}

// WritePathways writes pathways.csv: the probability that each package
// leads to each outcome pathway, one row per package × pathway (of each
// run: a batch of runs gives one table).
func WritePathways(w io.Writer, runs ...Run) error {
	return buildCSV(w, runs, pathwaysTable)
}

// WriteAcceptance writes acceptance.csv: the probability that each party
// accepts each track of each package, one row per package × party × track.
func WriteAcceptance(w io.Writer, runs ...Run) error {
	return buildCSV(w, runs, acceptanceTable)
}

// WriteRedLines writes red_lines.csv: how often each red line is violated
// and how often it is pivotal (decides a rejection), one row per package ×
// party × red line.
func WriteRedLines(w io.Writer, runs ...Run) error {
	return buildCSV(w, runs, redLinesTable)
}

// WriteBlocking writes blocking.csv: how often each (party, track) that a
// pathway's rule names blocks it, and how often alone, one row per package
// × pathway rule × staked (party, track).
func WriteBlocking(w io.Writer, runs ...Run) error {
	return buildCSV(w, runs, blockingTable)
}

// WriteMargins writes margins.csv: the distribution of each party's margin
// U − R over the trials, one row per package × party × track on which the
// party has a stake.
func WriteMargins(w io.Writer, runs ...Run) error {
	return buildCSV(w, runs, marginsTable)
}
