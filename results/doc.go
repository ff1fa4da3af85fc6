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
package results
