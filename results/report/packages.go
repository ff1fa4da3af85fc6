package report

import (
	"slices"

	"github.com/peacesim/peacesim/results"
	"github.com/peacesim/peacesim/results/plot"
)

// The packages a report shows: every package, or those Options.Packages
// names, in that order. A chart or table of one package shows the first
// of them that its directory holds, else the package its study is about
// (plot.DefaultPackage), and says why.

// packagesOf are the packages d's tables hold, in the order met.
func packagesOf(d *results.Dir) []string {
	var out []string
	add := func(p string) {
		if p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	for _, r := range d.Pathways {
		add(r.Package)
	}
	for _, r := range d.Comparisons {
		add(r.PackageA)
		add(r.PackageB)
	}
	for _, r := range d.Sweep {
		add(r.Package)
	}
	for _, r := range d.Tornado {
		add(r.Package)
	}
	for _, r := range d.Sobol {
		add(r.Package)
	}
	for _, r := range d.Trajectory {
		add(r.Package)
	}
	for _, r := range d.BargainPackages {
		add(r.Package)
	}
	return out
}

// checkPackages reports a package asked for that no directory holds, as
// an *plot.UnknownError with those they do hold.
func checkPackages(dirs []*results.Dir, asked []string) error {
	var known []string
	for _, d := range dirs {
		for _, p := range packagesOf(d) {
			if !slices.Contains(known, p) {
				known = append(known, p)
			}
		}
	}
	for _, a := range asked {
		if !slices.Contains(known, a) {
			return &plot.UnknownError{What: "package", Name: a, Known: known}
		}
	}
	return nil
}

// heldOf are the packages asked for that d holds, in the order asked.
func heldOf(d *results.Dir, asked []string) []string {
	held := packagesOf(d)
	return slices.DeleteFunc(slices.Clone(asked), func(p string) bool { return !slices.Contains(held, p) })
}

// ofPackages keeps the rows of the packages asked for, in the order
// asked; every row, as it is, when none is.
func ofPackages[R any](rows []R, asked []string, pkg func(R) string) []R {
	if len(asked) == 0 {
		return rows
	}
	out := slices.DeleteFunc(slices.Clone(rows), func(r R) bool { return !slices.Contains(asked, pkg(r)) })
	slices.SortStableFunc(out, func(a, b R) int { return slices.Index(asked, pkg(a)) - slices.Index(asked, pkg(b)) })
	return out
}

// packageFlags are the plot flags that show the packages asked for.
func (s *section) packageFlags() []string { return listFlag("--packages", s.packages) }

// onePackage is the package a chart or table of one package of d shows
// (chart as plot.DefaultPackage names it, of those pathway of held): the
// first of the packages asked for that held has; else the one the study
// is about, with why, in a sentence for the section, when there was a
// choice.
func (s *section) onePackage(d *results.Dir, chart, pathway string, held []string) (pkg, why string) {
	if i := slices.IndexFunc(s.packages, func(p string) bool { return slices.Contains(held, p) }); i >= 0 {
		return s.packages[i], ""
	}
	pkg, because := plot.DefaultPackage(d, chart, pathway)
	if pkg == "" {
		return held[0], ""
	}
	if because != "" {
		why = "It shows " + pkg + ", " + because + "; report --packages chooses another."
	}
	return pkg, why
}
