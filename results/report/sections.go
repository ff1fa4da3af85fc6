package report

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/results/plot"
)

// The kinds of results directory, by the tables they hold and the design
// their manifest records.
const (
	kindRun         = "run"
	kindCompare     = "compare"
	kindSweep       = "sweep"
	kindSensitivity = "sensitivity"
	kindDiscover    = "discover"
	kindBargain     = "bargain"
	kindOptimize    = "optimize"
	kindOther       = "results"
)

// longTable is the most rows a table of the page shows; the CSV file
// holds the rest.
const longTable = 30

// topInputs is the number of inputs a sensitivity table shows, as many as
// its chart.
const topInputs = plot.DefaultTop

// kindOf is the kind of d: the command that wrote it.
func kindOf(d *results.Dir) string {
	m := d.Manifest
	switch {
	case m.Sweep != nil || d.Has("sweep.csv"):
		return kindSweep
	case m.Sensitivity != nil || d.Has(results.TornadoFile) || d.Has(results.SobolFile):
		return kindSensitivity
	case m.Discovery != nil || d.Has(results.TrajectoryFile) || d.Has(results.BoxesFile):
		return kindDiscover
	case m.Bargain != nil || d.Has(results.ZOPAFile) || d.Has(results.FrontierFile):
		return kindBargain
	case m.Optimize != nil || d.Has(results.OptimizeFile):
		return kindOptimize
	case d.Has("comparisons.csv"):
		return kindCompare
	case d.Has("pathways.csv"):
		return kindRun
	}
	return kindOther
}

// buildSection lays out the section of d, the i-th directory, of the
// packages opts asks for; opening says its pathway table opens the page
// already.
func buildSection(d *results.Dir, i int, opening bool, opts Options) (*section, error) {
	kind := kindOf(d)
	s := &section{ID: anchor(kind, i), Dir: d.Path, packages: heldOf(d, opts.Packages)}
	if kind != kindOther {
		s.command = Command(d, opts.Sources)
	}
	s.Lead = fmt.Sprintf("From %s: %s.", d.Path, runLine(d))
	if len(opts.Packages) > 0 && len(s.packages) == 0 && len(packagesOf(d)) > 0 {
		s.Notes = append(s.Notes, "This directory holds none of the packages asked for (report --packages): it shows its own.")
	}
	var err error
	switch kind {
	case kindRun:
		err = s.run(d, opening)
	case kindCompare:
		err = s.compare(d, opening)
	case kindSweep:
		err = s.sweep(d)
	case kindSensitivity:
		err = s.sensitivity(d)
	case kindDiscover:
		err = s.discover(d)
	case kindBargain:
		err = s.bargain(d)
	case kindOptimize:
		s.optimize(d)
	default:
		s.Title = "Results of " + d.Path
		s.Notes = append(s.Notes, fmt.Sprintf("This report draws no table of those this directory holds (%s).", strings.Join(d.Files, ", ")))
	}
	return s, err
}

// runLine says which scenarios, trials and seeds d's manifest records.
func runLine(d *results.Dir) string {
	var parts []string
	for _, sr := range d.Manifest.Scenarios {
		p := fmt.Sprintf("scenario %s, %s trials, seed %d", sr.Scenario, thousands(sr.Trials), sr.Seed)
		if len(sr.Overrides) > 0 {
			p += ", with " + strings.Join(sr.Overrides, ", ")
		}
		if sr.Error != "" {
			p += " (failed: " + sr.Error + ")"
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		parts = append(parts, "no scenario recorded in its manifest")
	}
	if v := d.Manifest.Version; v != "" {
		parts = append(parts, "peacesim "+v)
	}
	return strings.Join(parts, "; ")
}

// chart draws the chart popts asks of d into the section, with its text
// alternative and caption; args are the plot flags that draw it. A chart
// the directory cannot draw, or one taller than an SVG may be
// (plot.ErrSize), is a note, not a failure: the tables remain.
func (s *section) chart(d *results.Dir, name string, popts plot.Options, args []string, alt, caption string) error {
	c, err := plot.New(d, popts)
	if err != nil {
		s.Notes = append(s.Notes, "No chart: "+err.Error())
		return nil
	}
	var buf bytes.Buffer
	err = c.Encode(&buf, "svg")
	if errors.Is(err, plot.ErrSize) { // a batch of hundreds of rows
		s.Notes = append(s.Notes, "No chart: "+err.Error())
		return nil
	}
	if err != nil {
		return err
	}
	id := fmt.Sprintf("%s-fig%d", s.ID, len(s.Figures)+1)
	svg, err := inlineSVG(buf.Bytes(), id+"-", alt)
	if err != nil {
		return fmt.Errorf("%s: %w", d.Path, err)
	}
	s.Figures = append(s.Figures, figure{ID: id, Caption: caption, SVG: template.HTML(svg)})
	s.plots = append(s.plots, append([]string{"peacesim", "plot", d.Path, "-o", figureName(d, name)}, args...))
	return nil
}

// run is the section of a run or a batch.
func (s *section) run(d *results.Dir, opening bool) error {
	s.Title = "Run of " + scenarioIDs(d)
	if len(d.Manifest.Scenarios) > 1 {
		s.Title = fmt.Sprintf("Batch of %d scenarios", len(d.Manifest.Scenarios))
	}
	rows := ofPackages(d.Pathways, s.packages, func(r results.PathwayRow) string { return r.Package })
	if err := s.chart(d, "run", plot.Options{Chart: "run", Packages: s.packages}, append(chartFlag(d, "run"), s.packageFlags()...), runAlt(rows),
		"Each package's probability of each pathway, with its 95% interval."); err != nil {
		return err
	}
	if opening {
		s.Notes = append(s.Notes, "Its pathway probabilities are the table that opens this report.")
	} else {
		s.Tables = append(s.Tables, pathwayMatrix(d, s.packages))
	}
	if t := acceptanceTable(d, s.packages); t != nil {
		s.Tables = append(s.Tables, t)
	}
	if err := s.timeline(d); err != nil {
		return err
	}
	return s.evidence(d)
}

// compare is the section of a compare: a chart of the paired differences
// of each pathway.
func (s *section) compare(d *results.Dir, opening bool) error {
	s.Title = "Comparison of packages"
	rows := slices.DeleteFunc(slices.Clone(d.Comparisons), func(r results.ComparisonRow) bool {
		return len(s.packages) > 0 && (!slices.Contains(s.packages, r.PackageA) || !slices.Contains(s.packages, r.PackageB))
	})
	for _, w := range firstSeen(d.Comparisons, func(r results.ComparisonRow) string { return r.Pathway }) {
		if err := s.chart(d, "compare-"+w, plot.Options{Chart: "compare", Pathway: w, Packages: s.packages}, append([]string{"--pathway", w}, s.packageFlags()...),
			compareAlt(rows, w),
			fmt.Sprintf("Paired differences in the probability of %s between each pair of packages, on the same trials, with 95%% intervals.", w)); err != nil {
			return err
		}
	}
	t := &table{Caption: "Paired differences between packages: P(A) − P(B) on the same trials",
		Head:    []string{"Pathway", "Package A", "Package B", "P(A)", "P(B)", "Difference", "95% interval", "Verdict"},
		RowHead: 1, Numeric: []bool{false, false, false, true, true, true, true, false}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{r.Pathway, r.PackageA, r.PackageB, pct(r.PA), pct(r.PB),
			pts(r.Difference), ptsInterval(r.CILow, r.CIHigh), verdict(r)})
	}
	s.Tables = append(s.Tables, t.trim(d, "comparisons.csv"))
	if !opening {
		s.Tables = append(s.Tables, pathwayMatrix(d, s.packages))
	} else {
		s.Notes = append(s.Notes, "Its pathway probabilities are the table that opens this report.")
	}
	if err := s.timeline(d); err != nil {
		return err
	}
	return s.evidence(d)
}

// verdict says what a paired difference shows.
func verdict(r results.ComparisonRow) string {
	switch {
	case r.Identical:
		return "identical outcomes"
	case r.ExcludesZero && r.Difference > 0:
		return "A higher"
	case r.ExcludesZero:
		return "B higher"
	}
	return "no clear difference"
}

// sweep is the section of a sweep: lines over one key, a heatmap over
// two, and the probabilities at the points for one package, the one the
// sweep is about unless another is asked for.
func (s *section) sweep(d *results.Dir) error {
	keys := d.SweepKeys
	s.Title = "Sweep over " + strings.Join(keys, " × ")
	if len(d.Sweep) == 0 {
		s.Notes = append(s.Notes, "sweep.csv has no rows.")
		return nil
	}
	packages := firstSeen(d.Sweep, func(r results.SweepRow) string { return r.Package })
	w := d.Sweep[0].Pathway
	pkg, why := s.onePackage(d, "sweep", w, packages)
	switch len(keys) {
	case 1:
		rows := ofPackages(d.Sweep, s.packages, func(r results.SweepRow) string { return r.Package })
		if err := s.chart(d, "sweep", plot.Options{Packages: s.packages}, s.packageFlags(), sweepAlt(rows, keys[0]),
			fmt.Sprintf("Each pathway's probability against %s, with its 95%% band, a panel per package.", keys[0])); err != nil {
			return err
		}
	case 2:
		if err := s.chart(d, "heatmap", plot.Options{Packages: []string{pkg}, Pathway: w},
			[]string{"--packages", pkg, "--pathway", w}, heatmapAlt(d.Sweep, keys, pkg, w),
			withSentence(fmt.Sprintf("The probability of %s for %s over %s and %s.", w, pkg, keys[0], keys[1]), why)); err != nil {
			return err
		}
		why = ""
	default:
		s.Notes = append(s.Notes, fmt.Sprintf("A sweep over %d keys has no chart: plot draws one key (lines) or two (a heatmap).", len(keys)))
	}
	t := sweepTable(d, pkg)
	others := slices.DeleteFunc(packages, func(p string) bool { return p == pkg })
	if len(others) > 0 {
		t.Note = strings.TrimSpace(withSentence(t.Note, why) + fmt.Sprintf(" The other packages (%s) are in %s.", strings.Join(others, ", "), d.Path+"/sweep.csv"))
	}
	s.Tables = append(s.Tables, t)
	return nil
}

// sweepTable is the probability of each pathway for pkg at each point of a
// sweep, the first longTable points.
func sweepTable(d *results.Dir, pkg string) *table {
	keys := d.SweepKeys
	pathways := firstSeen(d.Sweep, func(r results.SweepRow) string { return r.Pathway })
	t := &table{Caption: fmt.Sprintf("Probability of each pathway for %s at each point of the sweep, with 95%% intervals", pkg),
		Head: append([]string{"Point"}, keys...), RowHead: 1}
	t.Numeric = make([]bool, 1+len(keys)+len(pathways))
	t.Numeric[0] = true
	for j, w := range pathways {
		t.Head = append(t.Head, w)
		t.Numeric[1+len(keys)+j] = true
	}
	points := map[int][]string{}
	var order []int
	for _, r := range d.Sweep {
		if r.Package != pkg {
			continue
		}
		row, ok := points[r.Point]
		if !ok {
			row = append([]string{strconv.Itoa(r.Point)}, r.Values...)
			row = append(row, make([]string, len(pathways))...)
			order = append(order, r.Point)
		}
		row[1+len(keys)+slices.Index(pathways, r.Pathway)] = withInterval(r.Probability, r.CILow, r.CIHigh)
		points[r.Point] = row
	}
	for _, p := range order {
		t.Rows = append(t.Rows, points[p])
	}
	return t.trim(d, "sweep.csv")
}

// withSentence adds a sentence to a text, after a space; the text as it is
// when the sentence is empty.
func withSentence(text, sentence string) string {
	if sentence == "" {
		return text
	}
	return strings.TrimSpace(text + " " + sentence)
}

// sensitivity is the section of a sensitivity analysis: the tornado and
// the Sobol indices of one package and pathway, each with its table.
func (s *section) sensitivity(d *results.Dir) error {
	s.Title = "Sensitivity analysis of " + scenarioIDs(d)
	if len(d.Tornado) > 0 {
		if err := s.tornado(d); err != nil {
			return err
		}
	}
	if len(d.Sobol) > 0 {
		return s.sobol(d)
	}
	return nil
}

// tornado is the tornado of the first pathway for one package, the one
// its inputs swing most unless another is asked for, and its table.
func (s *section) tornado(d *results.Dir) error {
	w := d.Tornado[0].Pathway
	pkg, why := s.onePackage(d, "tornado", w, firstSeen(d.Tornado, func(r results.TornadoRow) string { return r.Package }))
	rows := slices.DeleteFunc(slices.Clone(d.Tornado), func(r results.TornadoRow) bool { return r.Package != pkg || r.Pathway != w })
	if len(rows) == 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("%s has no rows of %s and %s.", results.TornadoFile, pkg, w))
		return nil
	}
	// Largest first; cmp.Compare puts NaN last.
	slices.SortStableFunc(rows, func(a, b results.TornadoRow) int { return cmp.Compare(math.Abs(b.Swing), math.Abs(a.Swing)) })
	if err := s.chart(d, "tornado", plot.Options{Chart: "tornado", Packages: []string{pkg}, Pathway: w},
		[]string{"--chart", "tornado", "--packages", pkg, "--pathway", w}, tornadoAlt(rows),
		withSentence(fmt.Sprintf("How far each input, fixed at a low and then a high percentile of its distribution, moves the probability of %s for %s: the %d inputs of largest swing.",
			w, pkg, min(len(rows), topInputs)), why)); err != nil {
		return err
	}
	rng := "low and high percentiles"
	if sd := d.Manifest.Sensitivity; sd != nil {
		rng = fmt.Sprintf("%gth and %gth percentiles", sd.Range[0], sd.Range[1])
	}
	t := &table{Caption: fmt.Sprintf("Tornado of %s → %s (base %s): the inputs of largest swing, fixed at their %s", pkg, w, pct(rows[0].PBase), rng),
		Head:    []string{"Input", "Low value", "High value", "P at low", "P at high", "Swing", "95% interval"},
		RowHead: 1, Numeric: []bool{false, true, true, true, true, true, true}}
	for _, r := range rows[:min(len(rows), topInputs)] {
		t.Rows = append(t.Rows, []string{r.Input, num(r.Low), num(r.High), pct(r.PLow), pct(r.PHigh), pts(r.Swing), ptsInterval(r.SwingLow, r.SwingHigh)})
	}
	t.Note = fmt.Sprintf("%s holds every input of every package and pathway (%d rows).", d.Path+"/"+results.TornadoFile, len(d.Tornado))
	s.Tables = append(s.Tables, t)
	return nil
}

// sobol is the chart and table of the Sobol indices of one package, the
// one of the largest total index unless another is asked for, and of the
// first pathway whose indices are defined for it: a probability of 0 or 1
// leaves nothing to share out.
func (s *section) sobol(d *results.Dir) error {
	defined := slices.DeleteFunc(slices.Clone(d.Sobol), func(r results.SobolRow) bool { return math.IsNaN(r.Total) })
	if len(defined) == 0 {
		s.Notes = append(s.Notes, "Every Sobol index is undefined (NA): each pathway's probability is 0 or 1 for every package analysed.")
		return nil
	}
	w := defined[0].Pathway
	if i := slices.IndexFunc(defined, func(r results.SobolRow) bool { return slices.Contains(s.packages, r.Package) }); i >= 0 {
		w = defined[i].Pathway
	}
	pkg, why := s.onePackage(d, "sobol", w, firstSeen(defined, func(r results.SobolRow) string { return r.Package }))
	rows := slices.DeleteFunc(slices.Clone(d.Sobol), func(r results.SobolRow) bool {
		return r.Package != pkg || r.Pathway != w || (math.IsNaN(r.Total) && math.IsNaN(r.FirstOrder))
	})
	// Largest first; cmp.Compare puts NaN last.
	slices.SortStableFunc(rows, func(a, b results.SobolRow) int { return cmp.Compare(b.Total, a.Total) })
	if err := s.chart(d, "sobol", plot.Options{Chart: "sobol", Packages: []string{pkg}, Pathway: w},
		[]string{"--chart", "sobol", "--packages", pkg, "--pathway", w}, sobolAlt(rows),
		withSentence(fmt.Sprintf("First-order and total Sobol indices of the probability of %s for %s, with bootstrap 95%% intervals: the %d inputs of largest total index.",
			w, pkg, min(len(rows), topInputs)), why)); err != nil {
		return err
	}
	t := &table{Caption: fmt.Sprintf("Sobol indices of %s → %s (%s base samples): the inputs of largest total index", pkg, w, thousands(rows[0].Samples)),
		Head:    []string{"Input", "First-order", "95% interval", "Total", "95% interval"},
		RowHead: 1, Numeric: []bool{false, true, true, true, true}}
	for _, r := range rows[:min(len(rows), topInputs)] {
		t.Rows = append(t.Rows, []string{r.Input, index(r.FirstOrder), indexInterval(r.FirstOrderLow, r.FirstOrderHigh),
			index(r.Total), indexInterval(r.TotalLow, r.TotalHigh)})
	}
	t.Note = fmt.Sprintf("%s holds every input of every package and pathway (%d rows).", d.Path+"/"+results.SobolFile, len(d.Sobol))
	s.Tables = append(s.Tables, t)
	return nil
}

// discover is the section of a scenario discovery: the peeling trajectory
// and the box chosen.
func (s *section) discover(d *results.Dir) error {
	var pkg, w string
	switch {
	case d.Manifest.Discovery != nil:
		pkg, w = d.Manifest.Discovery.Package, d.Manifest.Discovery.Pathway
	case len(d.Trajectory) > 0:
		pkg, w = d.Trajectory[0].Package, d.Trajectory[0].Pathway
	}
	s.Title = fmt.Sprintf("Scenario discovery: %s → %s", pkg, w)
	if len(d.Trajectory) > 0 {
		if err := s.chart(d, "trajectory", plot.Options{}, nil, trajectoryAlt(d.Trajectory),
			fmt.Sprintf("PRIM's peeling trajectory for %s → %s: each box's density (the share of its trials that reach the pathway) against its coverage (the share of the pathway's trials inside it); the chosen box marked.", pkg, w)); err != nil {
			return err
		}
	}
	if len(d.Boxes) > 0 {
		b := d.Boxes[0]
		t := &table{Caption: fmt.Sprintf("The box chosen (step %d): coverage %s, density %s, mass %s", b.Step, pct(b.Coverage), pct(b.Density), pct(b.Mass)),
			Head: []string{"Input", "Box low", "Box high", "Range over the trials"}, RowHead: 1, Numeric: []bool{false, true, true, true}}
		for _, r := range d.Boxes {
			t.Rows = append(t.Rows, []string{r.Input, num(r.Low), num(r.High), num(r.DataLow) + " to " + num(r.DataHigh)})
		}
		s.Tables = append(s.Tables, t.trim(d, results.BoxesFile))
	} else {
		s.Notes = append(s.Notes, "The box chosen restricts no input.")
	}
	return nil
}

// bargain is the section of a bargaining analysis: the frontier, the zones
// of agreement, the solutions and the declared packages.
func (s *section) bargain(d *results.Dir) error {
	s.Title = "Bargaining analysis"
	if b := d.Manifest.Bargain; b != nil {
		s.Title = fmt.Sprintf("Bargaining analysis from %s (%s)", b.Package, b.Mode)
	}
	if len(d.Frontier) > 0 {
		if err := s.chart(d, "frontier", plot.Options{Chart: "frontier", Packages: s.packages}, append([]string{"--chart", "frontier"}, s.packageFlags()...), frontierAlt(d),
			"Each track's Pareto frontier in the utilities of the first two veto parties, with their reservations (dashed), the zone of agreement (shaded), the Nash and Kalai–Smorodinsky solutions and the declared packages (hollow when a party would reject it)."); err != nil {
			return err
		}
	}
	if len(d.ZOPA) > 0 {
		s.Tables = append(s.Tables, zopaTable(d))
	}
	if len(d.Solutions) > 0 {
		s.Tables = append(s.Tables, solutionsTable(d).trim(d, results.SolutionsFile))
	}
	if len(d.BargainPackages) > 0 {
		s.Tables = append(s.Tables, declaredTable(d, s.packages).trim(d, results.BargainPackagesFile))
	}
	if len(d.Frontier) > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("The %d points of the frontiers, each with its package, are in %s.", len(d.Frontier), d.Path+"/"+results.FrontierFile))
	}
	return nil
}

// partyColumns adds a numeric column per party of a bargaining analysis
// to t, headed by what and the party.
func partyColumns(t *table, what string, parties []string) {
	for _, p := range parties {
		t.Head = append(t.Head, what+" "+p)
		t.Numeric = append(t.Numeric, true)
	}
}

// zopaTable is zopa.csv: per track, whether a zone of agreement exists, how
// often, and each party's reservation.
func zopaTable(d *results.Dir) *table {
	t := &table{Caption: "Zone of possible agreement per track: a package every veto party prefers to walking away",
		Head: []string{"Track", "Exists", "How often over the trials", "95% interval"}, RowHead: 1, Numeric: []bool{false, false, true, true}}
	partyColumns(t, "Reservation of", d.BargainParties)
	for _, r := range d.ZOPA {
		row := []string{r.Track, yesNo(r.Exists), pct(r.Probability), interval(r.CILow, r.CIHigh)}
		for _, v := range r.Reservations {
			row = append(row, num(v))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// solutionsTable is solutions.csv: a row per track and solution, with
// each party's utility and the package, its issues in one cell.
func solutionsTable(d *results.Dir) *table {
	t := &table{Caption: "Bargaining solutions per track: the package and each party's utility",
		Head: []string{"Track", "Solution"}, RowHead: 2, Numeric: []bool{false, false}}
	partyColumns(t, "Utility of", d.BargainParties)
	t.Head = append(t.Head, "Package")
	var last []string
	for _, r := range d.Solutions {
		if last != nil && last[0] == r.Track && last[1] == r.Solution {
			last[len(last)-1] += "; " + r.Issue + " = " + r.Value
			continue
		}
		row := []string{r.Track, r.Solution}
		for _, u := range r.Utilities {
			row = append(row, num(u))
		}
		row = append(row, r.Issue+" = "+r.Value)
		t.Rows = append(t.Rows, row)
		last = t.Rows[len(t.Rows)-1]
	}
	return t
}

// declaredTable is packages.csv: each declared package on each track (of
// packages, when there are any), its utilities, whether it is acceptable and how far from the frontier and
// the Nash solution.
func declaredTable(d *results.Dir, packages []string) *table {
	t := &table{Caption: "The declared packages against the frontier and the Nash solution",
		Head: []string{"Track", "Package"}, RowHead: 2, Numeric: []bool{false, false}}
	partyColumns(t, "Utility of", d.BargainParties)
	t.Head = append(t.Head, "Acceptable to every veto party", "Distance to the frontier", "Distance to Nash")
	t.Numeric = append(t.Numeric, false, true, true)
	for _, r := range d.BargainPackages {
		if len(packages) > 0 && !slices.Contains(packages, r.Package) {
			continue
		}
		row := []string{r.Track, r.Package}
		for _, u := range r.Utilities {
			row = append(row, num(u))
		}
		t.Rows = append(t.Rows, append(row, yesNo(r.Acceptable), num(r.DistanceFrontier), num(r.DistanceNash)))
	}
	return t
}

// optimize is the section of a package search: the best packages and the
// repair.
func (s *section) optimize(d *results.Dir) {
	s.Title = "Package search"
	if o := d.Manifest.Optimize; o != nil {
		s.Title = fmt.Sprintf("Package search for %s (%s)", o.Target, o.Objective)
		if o.Repair != "" {
			s.Title = fmt.Sprintf("Repair of %s for %s", o.Repair, o.Target)
		}
	}
	if len(d.Optimize) > 0 {
		t := &table{Caption: fmt.Sprintf("The best packages found for %s, by %s", d.Optimize[0].Target, d.Optimize[0].Objective),
			Head: []string{"Rank", "Probability", "95% interval"}, RowHead: 1, Numeric: []bool{true, true, true}}
		t.Head = append(t.Head, d.OptimizeIssues...)
		for _, r := range d.Optimize {
			t.Rows = append(t.Rows, append([]string{strconv.Itoa(r.Rank), pct(r.Probability), interval(r.CILow, r.CIHigh)}, r.Values...))
		}
		s.Tables = append(s.Tables, t.trim(d, results.OptimizeFile))
	}
	if len(d.Repair) > 0 {
		r := d.Repair[0]
		t := &table{Caption: fmt.Sprintf("The smallest repair of %s: %s → %s of %s (distance %s)", r.Package, pct(r.BaseProbability), pct(r.Probability), r.Target, num(r.Distance)),
			Head: []string{"Issue", "From", "To"}, RowHead: 1}
		for _, r := range d.Repair {
			t.Rows = append(t.Rows, []string{r.Issue, r.From, r.To})
		}
		s.Tables = append(s.Tables, t)
	} else if o := d.Manifest.Optimize; o != nil && o.Repair != "" {
		s.Notes = append(s.Notes, fmt.Sprintf("No repair of %s reaches the probability asked for.", o.Repair))
	}
}

// trim keeps the first longTable rows of t, saying where the rest are.
func (t *table) trim(d *results.Dir, file string) *table {
	if len(t.Rows) > longTable {
		t.Note = fmt.Sprintf("The first %d of %d rows; %s holds them all.", longTable, len(t.Rows), d.Path+"/"+file)
		t.Rows = t.Rows[:longTable]
	}
	return t
}

// pathwayMatrix is the package × pathway table of d: each pathway's
// probability with its 95% interval, a row per package (per scenario and
// package in a batch); of packages, in that order, when there are any.
func pathwayMatrix(d *results.Dir, packages []string) *table {
	pathwayRows := ofPackages(d.Pathways, packages, func(r results.PathwayRow) string { return r.Package })
	pathways := firstSeen(d.Pathways, func(r results.PathwayRow) string { return r.Pathway })
	batch := len(firstSeen(d.Pathways, func(r results.PathwayRow) string { return r.Scenario })) > 1
	t := &table{Caption: "Probability of each pathway by package, with 95% intervals", RowHead: 1}
	if batch {
		t.Head, t.RowHead = []string{"Scenario", "Package"}, 2
	} else {
		t.Head = []string{"Package"}
		t.Caption += fmt.Sprintf(" (%s)", runLine(d))
	}
	t.Numeric = make([]bool, len(t.Head)+len(pathways))
	for j, w := range pathways {
		t.Head = append(t.Head, w)
		t.Numeric[t.RowHead+j] = true
	}
	index := map[[2]string]int{}
	for _, r := range pathwayRows {
		k := [2]string{r.Scenario, r.Package}
		i, ok := index[k]
		if !ok {
			i = len(t.Rows)
			index[k] = i
			row := []string{r.Package}
			if batch {
				row = []string{r.Scenario, r.Package}
			}
			t.Rows = append(t.Rows, append(row, make([]string, len(pathways))...))
		}
		t.Rows[i][t.RowHead+slices.Index(pathways, r.Pathway)] = withInterval(r.Probability, r.CILow, r.CIHigh)
	}
	return t
}

// acceptanceTable is each party's probability of accepting each track,
// by package: a row per package and party, a column per track; of
// packages, in that order, when there are any.
func acceptanceTable(d *results.Dir, packages []string) *table {
	acceptance := ofPackages(d.Acceptance, packages, func(r results.AcceptanceRow) string { return r.Package })
	if len(acceptance) == 0 {
		return nil
	}
	tracks := firstSeen(d.Acceptance, func(r results.AcceptanceRow) string { return r.Track })
	batch := len(firstSeen(d.Acceptance, func(r results.AcceptanceRow) string { return r.Scenario })) > 1
	t := &table{Caption: "Probability that each party accepts each track, by package (— where the party has no stake on the track)",
		Head: []string{"Package", "Party"}, RowHead: 2}
	if batch {
		t.Head, t.RowHead = []string{"Scenario", "Package", "Party"}, 3
	}
	t.Numeric = make([]bool, len(t.Head)+len(tracks))
	for j, tr := range tracks {
		t.Head = append(t.Head, tr)
		t.Numeric[t.RowHead+j] = true
	}
	index := map[[3]string]int{}
	for _, r := range acceptance {
		k := [3]string{r.Scenario, r.Package, r.Party}
		i, ok := index[k]
		if !ok {
			i = len(t.Rows)
			index[k] = i
			row := []string{r.Package, r.Party}
			if batch {
				row = []string{r.Scenario, r.Package, r.Party}
			}
			t.Rows = append(t.Rows, append(row, make([]string, len(tracks))...))
		}
		cell := "—"
		if r.Stake {
			cell = pct(r.Probability)
		}
		t.Rows[i][t.RowHead+slices.Index(tracks, r.Track)] = cell
	}
	return t.trim(d, "acceptance.csv")
}

// scenarioIDs names the scenarios of d's manifest.
func scenarioIDs(d *results.Dir) string {
	var ids []string
	for _, sr := range d.Manifest.Scenarios {
		ids = append(ids, sr.Scenario)
	}
	if len(ids) == 0 {
		return d.Path
	}
	return strings.Join(ids, ", ")
}

// firstSeen lists key of rows once each, in the order met.
func firstSeen[R any](rows []R, key func(R) string) []string {
	var out []string
	for _, r := range rows {
		if k := key(r); !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}
