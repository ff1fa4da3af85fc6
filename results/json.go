package results

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
)

// object is a JSON object whose keys keep the order of the table's columns
// (a Go map would sort them), so a JSON row reads like its CSV row.
type object struct {
	keys   []string
	values []any
}

// MarshalJSON writes the keys in order. NaN and ±Inf, which JSON cannot
// represent, become null: the JSON counterpart of the CSV's NA.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		v := o.values[i]
		if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
			v = nil
		}
		vb, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// objects turns a table's rows into JSON objects keyed by its columns; an
// empty table gives [] rather than null.
func objects(t tidy) []object {
	out := make([]object, len(t.rows))
	for i, row := range t.rows {
		out[i] = object{keys: t.columns, values: row}
	}
	return out
}

// WriteJSON writes one JSON document holding the manifest and every table
// (the five of a run, comparisons when r holds paired differences, and
// timeline when a run is over a timeline),
// each an array of objects whose field names are the CSV columns:
//
//	{"manifest": {…}, "pathways": […], "acceptance": […], "red_lines": […], "margins": […]}
//
// Numbers keep full float64 precision; NaN is null.
//
// The rows of every run are in each table, told apart by their scenario.
func WriteJSON(w io.Writer, man Manifest, runs ...Run) error {
	ts, err := buildAll(runs)
	if err != nil {
		return err
	}
	doc := object{keys: []string{"manifest"}, values: []any{man.lists()}}
	for _, t := range ts {
		doc.keys = append(doc.keys, t.name)
		doc.values = append(doc.values, objects(t))
	}
	return writeIndented(w, doc)
}

// writeIndented writes v as JSON indented by two spaces with a trailing
// newline, the layout of every JSON file peacesim writes.
func writeIndented(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
