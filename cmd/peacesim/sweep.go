package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/scenarios"
	"github.com/peacesim/peacesim/sim"
	"github.com/peacesim/peacesim/study/sweep"
)

// sweepFormats are the output formats of sweep on stdout.
func sweepFormats() []string { return []string{"table", "csv", "json"} }

// SweepOptions are the inputs of peacesim sweep.
type SweepOptions struct {
	ScenarioOptions
	// Vary are the varied keys: KEY=lo:hi:step (hi inclusive) or
	// KEY=v1,v2,… (numbers, levels, bools or distributions).
	Vary []string
	// LHS, when > 0, draws that many points of a Latin hypercube over the
	// keys instead of the full grid.
	LHS int
	// Packages are the ids of the packages to score; empty means all.
	Packages []string
	// Tables are the tables to write besides sweep.csv (results.SweepTables).
	Tables []string
	// given says which of vary, lhs, packages and tables the command line
	// gave: they override the scenario file's [sweep].
	given map[string]bool
}

// newSweepCmd binds the flags of peacesim sweep to a SweepOptions.
func newSweepCmd() *cobra.Command {
	opts := &SweepOptions{}
	cmd := &cobra.Command{
		Use:   "sweep [FILE|NAME] --vary KEY=lo:hi:step|KEY=v1,v2,...",
		Short: "Run a scenario over a grid or a Latin hypercube of values",
		Long: `Sweep runs a scenario at every point of a grid of values (several --vary
form a full grid, the first varying slowest) or, with --lhs N, at N points
of a Latin hypercube over the keys' ranges. A KEY is anything --set takes:
a package's issue value, a reservation (whole or one track), a red-line
threshold, a stake weight, a factor value, a salience concentration.

Every point runs on the same seed and trials, so with every input on its own
random stream any two points are paired: a value that cannot move a pathway
leaves it exactly as it was. -o DIR writes sweep.csv (one row per point ×
package × pathway, a column per varied key) as the points finish, and
manifest.json at the end; --tables adds per-point acceptance, red-line,
margin or blocking tables.

A scenario file (or a variant that names a scenario: a study file) may hold
the study as a [sweep] table, with vary, lhs, packages and tables as the
flags take them; a flag given on the command line replaces the table's.`,
		Example: `  peacesim sweep --vary packages.miami_20_point.troop_cap=400:1000:100
  peacesim sweep --vary 'parties.russia.reservation.framework=normal(0.38, 0.12),normal(0.48, 0.12),normal(0.58, 0.12)' \
      --vary packages.miami_20_point.donbas_withdrawal=0:1:0.25 --packages miami_20_point -o out/
  peacesim sweep --vary packages.miami_20_point.troop_cap=400:1000:1 \
      --vary parties.russia.salience_concentration=10:80:1 --lhs 200 -o lhs/`,
		Args:              usageArgs(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeScenarioOrFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.complete(cmd, args)
			opts.given = map[string]bool{}
			for _, f := range []string{"vary", "lhs", "packages", "tables"} {
				opts.given[f] = cmd.Flags().Changed(f)
			}
			return runSweep(cmd.Context(), opts)
		},
	}
	opts.bind(cmd, commandFlags{Formats: sweepFormats(), Precision: true, Shards: true})
	f := cmd.Flags()
	f.StringArrayVar(&opts.Vary, "vary", nil, "vary a key over `KEY=lo:hi:step` (hi inclusive) or KEY=v1,v2,... (repeatable: a grid)")
	f.IntVar(&opts.LHS, "lhs", 0, "draw `N` points of a Latin hypercube over the keys instead of the grid")
	f.StringSliceVar(&opts.Packages, "packages", nil, "score only these packages, by id (comma-separated)")
	f.StringSliceVar(&opts.Tables, "tables", nil, "also write these per-point tables: "+strings.Join(results.SweepTables(), ", "))
	return cmd
}

// varySpec is one --vary: the key and its values, or a numeric range.
type varySpec struct {
	arg, key string
	values   []string // a list, or the range's grid
	ranged   bool     // lo:hi:step
	lo, hi   float64
}

// parseVary reads KEY=lo:hi:step or KEY=v1,v2,…; a list is split on the
// commas outside parentheses and quotes, so that distributions stay whole.
func parseVary(arg string) (varySpec, error) {
	key, value, err := scenarios.ParseSet(arg)
	if err != nil {
		return varySpec{}, usageErrorf("--vary %s: write KEY=lo:hi:step or KEY=v1,v2,..., e.g. --vary packages.miami_20_point.troop_cap=400:1000:100", arg)
	}
	v := varySpec{arg: arg, key: key}
	if parts := strings.Split(value, ":"); len(parts) == 3 {
		nums := make([]float64, 3)
		ok := true
		for i, p := range parts {
			if nums[i], err = strconv.ParseFloat(strings.TrimSpace(p), 64); err != nil || math.IsInf(nums[i], 0) || math.IsNaN(nums[i]) {
				ok = false
			}
		}
		if ok {
			lo, hi, step := nums[0], nums[1], nums[2]
			switch {
			case step <= 0:
				return varySpec{}, usageErrorf("--vary %s: the step must be > 0, got %g", arg, step)
			case hi < lo:
				return varySpec{}, usageErrorf("--vary %s: lo must not exceed hi, got %g:%g", arg, lo, hi)
			case (hi-lo)/step > 1e6:
				return varySpec{}, usageErrorf("--vary %s: %g values; a sweep takes at most a million per key", arg, math.Floor((hi-lo)/step)+1)
			}
			v.ranged, v.lo, v.hi = true, lo, hi
			decimals := 0
			for _, p := range parts {
				if i := strings.IndexByte(strings.TrimSpace(p), '.'); i >= 0 {
					decimals = max(decimals, len(strings.TrimSpace(p))-i-1)
				}
			}
			scale := math.Pow(10, float64(decimals))
			for i := 0; ; i++ {
				x := math.Round((lo+float64(i)*step)*scale) / scale
				if x > hi+step*1e-9 {
					break
				}
				v.values = append(v.values, strconv.FormatFloat(x, 'f', -1, 64))
			}
			return v, nil
		}
	}
	v.values = splitList(value)
	if len(v.values) == 0 {
		return varySpec{}, usageErrorf("--vary %s: no value", arg)
	}
	return v, nil
}

// splitList splits a --vary list on the commas outside parentheses,
// brackets and quotes.
func splitList(s string) []string {
	var out []string
	depth, quote, start := 0, byte(0), 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	if last := strings.TrimSpace(s[start:]); last != "" || len(out) > 0 {
		out = append(out, last)
	}
	return out
}

// runSweep compiles the scenario once per distinct value of each key (the
// points then vary the compiled model), runs the points on the same seed,
// and streams their rows into sweep.csv (and stdout) in point order.
func runSweep(ctx context.Context, opts *SweepOptions) error {
	if err := opts.validate(); err != nil {
		return err
	}
	sc, err := resolveScenario(ctx, opts.Scenario)
	if err != nil {
		return err
	}
	spec, err := scenarios.ReadSweep(sc.file, sc.src)
	if err != nil {
		return err
	}
	if spec != nil {
		// The file's study, where the command line does not say otherwise.
		if spec.Has["vary"] && !opts.given["vary"] {
			opts.Vary = spec.Vary
		}
		if spec.Has["lhs"] && !opts.given["lhs"] {
			opts.LHS = spec.LHS
		}
		if spec.Has["packages"] && !opts.given["packages"] {
			opts.Packages = spec.Packages
		}
		if spec.Has["tables"] && !opts.given["tables"] {
			opts.Tables = spec.Tables
		}
	}
	if len(opts.Vary) == 0 {
		return usageErrorf("sweep needs at least one --vary KEY=lo:hi:step or KEY=v1,v2,...")
	}
	if opts.LHS < 0 {
		return usageErrorf("--lhs must be ≥ 0, got %d", opts.LHS)
	}
	for _, t := range opts.Tables {
		if !slices.Contains(results.SweepTables(), t) {
			return usageErrorf("--tables: no table %q (the tables are %s)", t, strings.Join(results.SweepTables(), ", "))
		}
	}
	var specs []varySpec
	for _, arg := range opts.Vary {
		v, err := parseVary(arg)
		if err != nil {
			return err
		}
		for _, s := range specs {
			if s.key == v.key {
				return usageErrorf("--vary %s: %s is varied twice", arg, v.key)
			}
		}
		specs = append(specs, v)
	}
	design, err := compileSweep(ctx, opts, sc, specs)
	if err != nil {
		return err
	}
	files := results.SweepFiles(opts.Tables)
	shard, err := opts.shard()
	if err != nil {
		return err
	}
	if shard == nil {
		if err := opts.checkOut(files); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	simOpts := opts.simOptions(design.base)
	// Only the tables asked for need margins and pivotal red lines.
	simOpts.Lean = !slices.Contains(opts.Tables, "margins") && !slices.Contains(opts.Tables, "red_lines")

	keys := make([]string, len(specs))
	for i, s := range specs {
		keys[i] = s.key
	}
	tables := append([]string{"pathways"}, opts.Tables...)
	man := opts.manifest(design.base, &sim.Result{Trials: simOpts.Trials, Seed: simOpts.Seed}, design.file)
	man.Scenarios[0].Packages = append(man.Scenarios[0].Packages, opts.Packages...)
	man.Sweep = &results.Sweep{Vary: opts.Vary, LHS: opts.LHS, Points: len(design.points),
		Packages: append([]string{}, opts.Packages...), Tables: append([]string{}, opts.Tables...)}

	// A shard runs its part of the points, into DIR/shard-I-of-N.
	points := design.points
	var sm results.ShardManifest
	if shard != nil {
		lo, hi := shard.part(int64(len(points)))
		if lo == hi {
			return usageErrorf("%d shards of %d points: some would have none; use at most %d shards", shard.count, len(points), len(points))
		}
		points = points[lo:hi]
		sm = results.ShardManifest{Tool: "peacesim", Format: 1, Command: "sweep", Index: shard.index, Count: shard.count,
			Manifest: man, Points: [2]int{int(lo), int(hi)}}
		if skip, err := opts.skipDone(results.ShardDir(opts.Out, shard.index, shard.count), sm); skip || err != nil {
			return err
		}
		opts.Quiet = opts.Quiet || opts.Format != "table" // stdout shows a shard's points as a table only
	}

	var writers []*results.SweepWriter
	var stream *results.Stream
	if opts.Out != "" {
		if shard != nil {
			stream, err = results.OpenSweepShard(results.ShardDir(opts.Out, shard.index, shard.count), opts.Tables, opts.Force)
		} else {
			stream, err = results.OpenStream(opts.Out, files, opts.Force)
		}
		if err != nil {
			return err
		}
		defer stream.Abort() // a no-op once committed
		ws := make([]io.Writer, len(tables))
		for i, t := range tables {
			ws[i] = stream.File(results.SweepFile(t))
		}
		w, err := results.NewSweepWriter(keys, tables, ws)
		if err != nil {
			return err
		}
		writers = append(writers, w)
	}
	out := bufio.NewWriter(opts.Stdout)
	var show *sweepShow
	if !opts.Quiet {
		switch opts.Format {
		case "csv":
			w, err := results.NewSweepWriter(keys, []string{"pathways"}, []io.Writer{out})
			if err != nil {
				return err
			}
			writers = append(writers, w)
		case "table", "json":
			show = &sweepShow{keys: keys}
		}
	}

	bar := opts.progress(opts.plannedTrials(design.base) * int64(len(points)))
	if bar != nil {
		simOpts.Progress = bar.add
	}
	// A sweep reports pathway probabilities (and the tables asked for): its
	// precision is theirs.
	widest := func(r *sim.Result) float64 {
		if len(opts.Tables) > 0 {
			return sim.WidestInterval(r)
		}
		return widestPathway(r)
	}
	runner := func(ctx context.Context, m *sim.Model, so sim.Options) (*sim.Result, error) {
		return opts.runModel(ctx, m, so, widest)
	}
	man.Scenarios[0].Precision = opts.Precision
	err = sweep.Run(ctx, design.base, points, simOpts, opts.Workers, runner, func(p sweep.Point, m *sim.Model, r *sim.Result) error {
		values := make([]string, len(p.Values))
		for i, v := range p.Values {
			values[i] = v.Text
		}
		for _, w := range writers {
			if err := w.Write(p.Index, values, m, r); err != nil {
				return err
			}
		}
		if show != nil {
			show.add(p.Index, values, m, r)
		}
		return nil
	})
	bar.finish(err)
	if err != nil {
		return err
	}
	for _, w := range writers {
		if err := w.Close(); err != nil {
			return err
		}
	}
	switch {
	case stream != nil && shard != nil:
		if err := stream.CommitShard(sm); err != nil {
			return err
		}
	case stream != nil:
		if err := stream.Commit(man); err != nil {
			return err
		}
		man.Files = files[:len(files)-1]
	}
	if show != nil {
		if opts.Format == "json" {
			err = show.json(out, man)
		} else {
			err = show.table(out, design.base)
		}
	}
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	return err
}

// widestPathway is the widest interval of a result's pathway
// probabilities, around its estimate.
func widestPathway(r *sim.Result) float64 {
	var w float64
	for _, byPathway := range r.Pathways {
		for _, p := range byPathway {
			w = max(w, p.P-p.Low, p.High-p.P)
		}
	}
	return w
}

// sweepDesign is a compiled sweep: the base model (every key at its first
// value), the points, and the file the scenario came from.
type sweepDesign struct {
	base   *sim.Model
	points []sweep.Point
	file   string
}

// compileSweep loads the scenario once with every key at its first value
// (the base), and once per other value of each key, and turns the
// difference into a patch of the base, so that no point compiles the
// scenario again. Every value gets the checks a value of the file gets;
// its problems name its --vary. A key whose values change more than values
// (a rule, a label) cannot be swept.
func compileSweep(ctx context.Context, opts *SweepOptions, sc source, specs []varySpec) (sweepDesign, error) {
	sets, err := setOptions(opts.Sets)
	if err != nil {
		return sweepDesign{}, err
	}
	first := func(s varySpec) string { return s.values[0] }
	// loadAt loads the scenario with key i at value v and the others at
	// their first values; its problems name the --vary.
	var problems scenarios.Problems
	var pkgErr error
	loadAt := func(i int, v string) *sim.Model {
		o := slices.Clone(sets)
		for j, s := range specs {
			val := first(s)
			if j == i {
				val = v
			}
			o = append(o, scenarios.Set(s.key, val))
		}
		m, err := load(ctx, sc, o...)
		if err != nil {
			for _, p := range asProblems(sc.file, err) {
				for j, s := range specs {
					if p.Set == s.key+"="+first(s) || (j == i && p.Set == s.key+"="+v) {
						p.Flag, p.Set = "--vary", s.arg+" (at "+strings.TrimPrefix(p.Set, s.key+"=")+")"
					}
				}
				problems = append(problems, p)
			}
			return nil
		}
		if len(opts.Packages) > 0 {
			if m, err = choosePackages(m, opts.Packages, 1); err != nil {
				pkgErr = err
				return nil
			}
		}
		return m
	}
	base := loadAt(-1, "")
	if ctx.Err() != nil {
		return sweepDesign{}, ctx.Err()
	}
	if pkgErr != nil {
		return sweepDesign{}, pkgErr
	}
	if base == nil {
		return sweepDesign{}, sortedProblems(problems)
	}
	var dims []sweep.Dimension
	var ranges []sweep.Range
	// patchAt is the patch of the base that gives key i value v.
	patchAt := func(i int, v string) (sim.Patch, bool) {
		m := loadAt(i, v)
		if m == nil {
			return sim.Patch{}, false
		}
		p, err := base.Diff(m)
		if err != nil {
			problems = append(problems, scenarios.Problem{Flag: "--vary", Set: specs[i].arg,
				Msg: "changes more than values (a rule, a label or what refers to what), which a sweep cannot vary point by point; run each value as its own scenario: peacesim run --set " + specs[i].key + "=…"})
			return sim.Patch{}, false
		}
		return p, true
	}
	for i, s := range specs {
		d := sweep.Dimension{Key: s.key}
		// A numeric range is compiled at its ends: they find the places the
		// key sets, and every value between them, if the ends are valid, is
		// too (every check of a number is an interval). The values between
		// are then put in the same places, as compiling them would.
		if s.ranged && len(s.values) > 2 {
			hi := s.values[len(s.values)-1]
			pLo, okLo := patchAt(i, first(s))
			pHi, okHi := patchAt(i, hi)
			if !okLo || !okHi {
				continue
			}
			// One value between the ends, compiled too, must agree.
			mid := s.values[len(s.values)/2]
			xMid, _ := strconv.ParseFloat(mid, 64)
			pMid, okMid := patchAt(i, mid)
			if !okMid {
				continue
			}
			if places := pHi; samePlaces(pLo, places) && numberAt(places, pHi, s.hi) && numberAt(places, pMid, xMid) {
				for _, v := range s.values {
					x, _ := strconv.ParseFloat(v, 64)
					d.Values = append(d.Values, sweep.Value{Text: v, Patch: places.WithNumber(x)})
				}
				d.Values[0].Patch = pLo // the base itself: an empty patch
				dims = append(dims, d)
				ranges = append(ranges, sweep.Range{Key: s.key, Lo: s.lo, Hi: s.hi, Places: places})
				continue
			}
		}
		values := s.values
		if opts.LHS > 0 && s.ranged {
			values = []string{first(s), strconv.FormatFloat(s.hi, 'f', -1, 64)}
		}
		for _, v := range values {
			p, ok := patchAt(i, v)
			if !ok {
				break
			}
			d.Values = append(d.Values, sweep.Value{Text: v, Patch: p})
		}
		dims = append(dims, d)
		r := sweep.Range{Key: s.key, Lo: s.lo, Hi: s.hi}
		if len(d.Values) > 0 {
			r.Places = d.Values[len(d.Values)-1].Patch
		}
		if !s.ranged {
			r.Levels = d.Values
		}
		ranges = append(ranges, r)
	}
	if ctx.Err() != nil {
		return sweepDesign{}, ctx.Err()
	}
	if len(problems) > 0 {
		return sweepDesign{}, sortedProblems(problems)
	}
	design := sweepDesign{base: base, file: sc.file}
	if opts.LHS > 0 {
		if design.points, err = sweep.LatinHypercube(ranges, opts.LHS, opts.simOptions(base).Seed); err != nil {
			return sweepDesign{}, usageErrorf("--lhs: %v", err)
		}
	} else {
		design.points = sweep.Grid(dims)
		if n := len(design.points); n > maxSweepPoints {
			return sweepDesign{}, usageErrorf("the grid has %d points, more than %d: vary fewer values, or draw --lhs N points", n, maxSweepPoints)
		}
	}
	return design, nil
}

// samePlaces reports whether the patches change the same places. lo is the
// patch of the base's own value, which changes nothing: any places fit it.
func samePlaces(lo, hi sim.Patch) bool {
	if lo.Empty() {
		return true
	}
	if len(lo.Params) != len(hi.Params) || len(lo.Values) != len(hi.Values) || len(lo.Concentrations) != len(hi.Concentrations) {
		return false
	}
	for i := range lo.Params {
		if _, ok := hi.Params[i]; !ok {
			return false
		}
	}
	for k, vs := range lo.Values {
		if len(hi.Values[k]) != len(vs) {
			return false
		}
		for i := range vs {
			if _, ok := hi.Values[k][i]; !ok {
				return false
			}
		}
	}
	for c := range lo.Concentrations {
		if _, ok := hi.Concentrations[c]; !ok {
			return false
		}
	}
	return true
}

// numberAt reports whether the number x, put in places, is what compiling
// the value x gave (the patch got): the key is a plain number there.
func numberAt(places, got sim.Patch, x float64) bool {
	return reflect.DeepEqual(places.WithNumber(x), got)
}

// maxSweepPoints bounds a grid: past ten million points a grid is a typo,
// and a Latin hypercube is the study to run.
const maxSweepPoints = 10_000_000

// asProblems returns err's problems, or err as a problem of file.
func asProblems(file string, err error) scenarios.Problems {
	return appendProblems(nil, file, err)
}

// sortedProblems drops repeats (the base's problems recur in every load)
// and keeps the first of each.
func sortedProblems(ps scenarios.Problems) scenarios.Problems {
	var out scenarios.Problems
	for _, p := range ps {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// sweepShow keeps what stdout shows of a sweep: every point's pathway
// probabilities, for the terminal table or the JSON.
type sweepShow struct {
	keys []string
	rows []sweepShowRow
}

type sweepShowRow struct {
	point  int
	values []string
	m      *sim.Model
	r      *sim.Result
}

func (s *sweepShow) add(point int, values []string, m *sim.Model, r *sim.Result) {
	s.rows = append(s.rows, sweepShowRow{point, values, m, r})
}

// table prints a line per point and package: the keys' values and the
// probability of each pathway.
func (s *sweepShow) table(w io.Writer, base *sim.Model) error {
	fmt.Fprintf(w, "Sweep of %s over %s: %d points", base.ID, strings.Join(s.keys, ", "), len(s.rows))
	if len(s.rows) > 0 {
		fmt.Fprintf(w, ", %d trials each, seed %d", s.rows[0].r.Trials, s.rows[0].r.Seed)
	}
	fmt.Fprintln(w, "; every point on the same trials")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := append([]string{"point"}, s.keys...)
	head = append(head, "package")
	for _, pw := range base.Pathways {
		head = append(head, pw.ID)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, row := range s.rows {
		for k, pkg := range row.m.Packages {
			cells := append([]string{strconv.Itoa(row.point)}, row.values...)
			cells = append(cells, pkg.ID)
			for _, p := range row.r.Pathways[k] {
				cells = append(cells, fmt.Sprintf("%.1f%%", 100*p.P))
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		}
	}
	return tw.Flush()
}

// json prints the manifest and sweep.csv's rows as one document.
func (s *sweepShow) json(w io.Writer, man results.Manifest) error {
	var rows []map[string]any
	for _, row := range s.rows {
		for k, pkg := range row.m.Packages {
			for i, pw := range row.m.Pathways {
				p := row.r.Pathways[k][i]
				obj := map[string]any{"scenario": row.m.ID, "point": row.point, "package": pkg.ID, "pathway": pw.ID,
					"probability": p.P, "ci_low": p.Low, "ci_high": p.High, "trials": row.r.Trials, "seed": row.r.Seed}
				for j, key := range s.keys {
					obj[key] = row.values[j]
				}
				rows = append(rows, obj)
			}
		}
	}
	b, err := json.MarshalIndent(map[string]any{"manifest": man, "sweep": rows}, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
