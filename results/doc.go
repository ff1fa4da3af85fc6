// Package results is the output side of peacesim: it turns a sim.Result into
// the tables a researcher loads into pandas, R or a spreadsheet — tidy CSV
// (one observation per row), one JSON document, a readable terminal summary —
// and the manifest that records how to reproduce them, and writes an output
// directory atomically so an interrupted run never leaves a truncated file.
// ReadDir reads such a directory back into typed rows, so that what reads
// results (plot) reads exactly what results writes.
//
// Every writer is deterministic: the same Model and Result give byte-identical
// output (no timestamps, no hostnames, no map iteration), so two runs with the
// same seed can be compared with cmp. The columns are documented in README.md.
//
// Each CSV table is described once, as a table of its row struct: its
// columns, each with its name, its meaning as README.md gives it and how
// a row's field is written to its cell and read back. The header, the
// writer, ReadDir's reader and README.md's column list all come from the
// description. A new table is its row struct and its description,
// registered in tables (with, for a table of a run, runTables), and a
// field of Dir for its rows; its section in README.md is prose with an
// empty column list, which go test ./results -update fills.
package results
