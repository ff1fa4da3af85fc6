package results

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/sim"
)

// SweepPoint is one point of a sweep as stdout shows it: its index, the
// varied keys' values as the sweep wrote them, and its run.
type SweepPoint struct {
	Index  int
	Values []string
	Run
}

// WriteSweepTable writes a sweep for a terminal: a line per point and
// package, with the keys' values and the probability of each pathway.
func WriteSweepTable(w io.Writer, base *sim.Model, keys []string, points []SweepPoint) error {
	sw := &stickyWriter{w: w}
	fmt.Fprintf(sw, "Sweep of %s over %s: %d points", base.ID, strings.Join(keys, ", "), len(points))
	if len(points) > 0 {
		fmt.Fprintf(sw, ", %d trials each, seed %d", points[0].Result.Trials, points[0].Result.Seed)
	}
	fmt.Fprintln(sw, "; every point on the same trials")
	tw := newTabWriter(sw)
	head := append([]string{"point"}, keys...)
	head = append(head, "package")
	for _, pw := range base.Pathways {
		head = append(head, pw.ID)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, pt := range points {
		for k, pkg := range pt.Model.Packages {
			cells := append([]string{strconv.Itoa(pt.Index)}, pt.Values...)
			cells = append(cells, pkg.ID)
			for _, p := range pt.Result.Pathways[k] {
				cells = append(cells, Percent(p.P))
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return sw.err
}

// WriteSweepJSON writes a sweep as one JSON document: the manifest and
// sweep.csv's rows, each with the point's values under its keys.
func WriteSweepJSON(w io.Writer, man Manifest, keys []string, points []SweepPoint) error {
	var rows []map[string]any
	for _, pt := range points {
		m, r := pt.Model, pt.Result
		for k, pkg := range m.Packages {
			for i, pw := range m.Pathways {
				p := r.Pathways[k][i]
				obj := map[string]any{"scenario": m.ID, "point": pt.Index, "package": pkg.ID, "pathway": pw.ID,
					"probability": p.P, "ci_low": p.Low, "ci_high": p.High, "trials": r.Trials, "seed": r.Seed}
				for j, key := range keys {
					obj[key] = pt.Values[j]
				}
				rows = append(rows, obj)
			}
		}
	}
	return writeIndented(w, map[string]any{"manifest": man, "sweep": rows})
}
