package plot

import (
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/peacesim/peacesim/results"
)

// The bargaining fixtures: made-up figures of the shape peacesim bargain
// writes for the default scenario, two veto parties on two tracks
// ("bargain") and three on one ("bargain_three"), written with results'
// own writers (TestAnalysisFixtures keeps testdata/ in step with them).

var (
	fixtureParties = []string{"russia", "ukraine"}
	// fixtureIssues are the negotiable issues: troop_cap and nato on the
	// framework track, pow_exchange and corridors on the humanitarian.
	fixtureIssues = []string{"troop_cap", "nato", "pow_exchange", "corridors"}
	fixtureTracks = []string{"framework", "humanitarian"}
)

// fixtureReservations are the parties' reservations on each track.
var fixtureReservations = map[string][]float64{"framework": {0.5, 0.45}, "humanitarian": {0.45, 0.4}}

// frontierPoint is one point of a fixture's frontier: its utilities and
// its package.
type frontierPoint struct {
	u      []float64
	values []string
}

// fixtureFrontier is a track's frontier from russia's best to ukraine's:
// concave, as a frontier of lotteries is.
func fixtureFrontier(track string) []frontierPoint {
	var out []frontierPoint
	switch track {
	case "framework":
		const n = 14
		for i := range n + 1 {
			s := float64(i) / n
			troops := 400 + 25*math.Round(32*s)
			nato := []string{"member", "deferred", "renounced"}[min(int(3*s), 2)]
			out = append(out, frontierPoint{[]float64{round(0.18 + 0.74*s), round(0.9 - 0.72*math.Pow(s, 1.7))},
				[]string{strconv.FormatFloat(troops, 'f', -1, 64), nato, "", ""}})
		}
	case "humanitarian":
		corridors := []string{"none", "partial", "full"}
		for i := range 9 {
			s := float64(i) / 8
			out = append(out, frontierPoint{[]float64{round(0.3 + 0.55*s), round(0.86 - 0.5*math.Pow(s, 1.4))},
				[]string{"", "", strconv.FormatBool(i >= 4), corridors[2-i%3]}})
		}
	}
	return out
}

// fixtureSolutions finds the Nash solution (the point of largest product
// of gains over the reservations) and the Kalai–Smorodinsky solution (the
// point whose gains are nearest in proportion to the parties' best) of a
// track's frontier.
func fixtureSolutions(track string) (nash, ks frontierPoint) {
	pts, r := fixtureFrontier(track), fixtureReservations[track]
	best := []float64{0, 0}
	for _, p := range pts {
		for j := range best {
			best[j] = max(best[j], p.u[j]-r[j])
		}
	}
	product, gap := math.Inf(-1), math.Inf(1)
	for _, p := range pts {
		g0, g1 := p.u[0]-r[0], p.u[1]-r[1]
		if g0 < 0 || g1 < 0 {
			continue
		}
		if g0*g1 > product {
			product, nash = g0*g1, p
		}
		if d := math.Abs(g0/best[0] - g1/best[1]); d < gap {
			gap, ks = d, p
		}
	}
	return nash, ks
}

// fixtureDeclared are the declared packages' utilities on each track,
// two of them close together, so that their labels must make room.
var fixtureDeclared = []struct {
	id        string
	framework []float64
	human     []float64
}{
	{"us_28_point", []float64{0.78, 0.31}, []float64{0.7, 0.5}},
	{"miami_20_point", []float64{0.56, 0.55}, []float64{0.55, 0.62}},
	{"miami_20_point_de_jure", []float64{0.58, 0.53}, []float64{0.57, 0.6}},
	{"ukraine_stated_terms", []float64{0.27, 0.74}, []float64{0.36, 0.8}},
	{"russia_june_2024", []float64{0.86, 0.14}, []float64{0.8, 0.3}},
}

// fixtureBargain are the tables of the two-party fixture.
func fixtureBargain() (zopa []results.ZOPARow, solutions []results.SolutionRow, frontier []results.FrontierRow, packages []results.BargainPackageRow) {
	issuesOf := map[string][]int{"framework": {0, 1}, "humanitarian": {2, 3}}
	probability := map[string][3]float64{"framework": {0.634, 0.6189, 0.6488}, "humanitarian": {0.812, 0.7995, 0.8239}}
	for _, track := range fixtureTracks {
		r := fixtureReservations[track]
		p := probability[track]
		zopa = append(zopa, results.ZOPARow{Scenario: fixtureScenario, Mode: "expected", Track: track, Exists: true,
			Probability: p[0], CILow: p[1], CIHigh: p[2], Trials: fixtureTrials, Reservations: r})
		nash, ks := fixtureSolutions(track)
		for _, s := range []struct {
			name string
			at   frontierPoint
		}{{"nash", nash}, {"kalai_smorodinsky", ks}, {"zopa", nash}} {
			for _, i := range issuesOf[track] {
				solutions = append(solutions, results.SolutionRow{Scenario: fixtureScenario, Mode: "expected", Track: track,
					Solution: s.name, Issue: fixtureIssues[i], Value: s.at.values[i], Utilities: s.at.u})
			}
		}
		pts := fixtureFrontier(track)
		for i, pt := range pts {
			frontier = append(frontier, results.FrontierRow{Scenario: fixtureScenario, Mode: "expected", Track: track,
				Point: i, Utilities: pt.u, Values: pt.values})
		}
		for _, k := range fixtureDeclared {
			u := k.framework
			if track == "humanitarian" {
				u = k.human
			}
			near := math.Inf(1)
			for _, pt := range pts {
				near = min(near, math.Hypot(u[0]-pt.u[0], u[1]-pt.u[1]))
			}
			packages = append(packages, results.BargainPackageRow{Scenario: fixtureScenario, Mode: "expected", Track: track,
				Package: k.id, Utilities: u, Acceptable: u[0] >= r[0] && u[1] >= r[1],
				DistanceFrontier: round(near), DistanceNash: round(math.Hypot(u[0]-nash.u[0], u[1]-nash.u[1]))})
		}
	}
	return zopa, solutions, frontier, packages
}

// fixtureThree are the tables of the three-party fixture: russia, ukraine
// and the United States on the framework track, whose frontier, projected
// onto the first two, is a cloud under its envelope.
func fixtureThree() (zopa []results.ZOPARow, solutions []results.SolutionRow, frontier []results.FrontierRow) {
	r := []float64{0.45, 0.4, 0.3}
	zopa = []results.ZOPARow{{Scenario: fixtureScenario, Mode: "nominal", Track: "framework", Exists: true,
		Probability: math.NaN(), CILow: math.NaN(), CIHigh: math.NaN(), Reservations: r}}
	const n = 6
	point := 0
	for i := range n + 1 {
		for j := range n + 1 - i {
			a, b := float64(i)/n, float64(j)/n
			u := []float64{round(0.2 + 0.7*a), round(0.2 + 0.7*b), round(0.9 - 0.6*(a+b))}
			frontier = append(frontier, results.FrontierRow{Scenario: fixtureScenario, Mode: "nominal", Track: "framework",
				Point: point, Utilities: u, Values: []string{fmt.Sprint(400 + 100*i), []string{"member", "deferred", "renounced"}[j%3], "", ""}})
			point++
		}
	}
	solutions = []results.SolutionRow{
		{Scenario: fixtureScenario, Mode: "nominal", Track: "framework", Solution: "nash", Issue: "troop_cap", Value: "700",
			Utilities: []float64{0.55, 0.55, 0.6}},
		{Scenario: fixtureScenario, Mode: "nominal", Track: "framework", Solution: "nash", Issue: "nato", Value: "deferred",
			Utilities: []float64{0.55, 0.55, 0.6}},
	}
	return zopa, solutions, frontier
}

// bargainFixtureDirs are the bargaining directories of testdata/.
func bargainFixtureDirs() map[string]struct {
	files  []string
	man    results.Manifest
	writes map[string]func(io.Writer) error
} {
	type dir = struct {
		files  []string
		man    results.Manifest
		writes map[string]func(io.Writer) error
	}
	zopa, solutions, frontier, packages := fixtureBargain()
	two := fixtureManifest()
	two.Bargain = &results.Bargain{Package: "miami_20_point", Mode: "expected", Parties: fixtureParties, Issues: fixtureIssues,
		Trials: fixtureTrials}
	three := fixtureManifest()
	parties3 := append([]string{}, fixtureParties...)
	parties3 = append(parties3, "usa")
	three.Bargain = &results.Bargain{Package: "miami_20_point", Mode: "nominal", Parties: parties3, Issues: fixtureIssues}
	z3, s3, f3 := fixtureThree()
	return map[string]dir{
		"bargain": {results.BargainFiles(), two, map[string]func(io.Writer) error{
			results.ZOPAFile:      func(w io.Writer) error { return results.WriteZOPA(w, fixtureParties, zopa) },
			results.SolutionsFile: func(w io.Writer) error { return results.WriteSolutions(w, fixtureParties, solutions) },
			results.FrontierFile: func(w io.Writer) error {
				return results.WriteFrontier(w, fixtureParties, fixtureIssues, frontier)
			},
			results.BargainPackagesFile: func(w io.Writer) error { return results.WriteBargainPackages(w, fixtureParties, packages) },
		}},
		"bargain_three": {results.BargainFiles(), three, map[string]func(io.Writer) error{
			results.ZOPAFile:            func(w io.Writer) error { return results.WriteZOPA(w, parties3, z3) },
			results.SolutionsFile:       func(w io.Writer) error { return results.WriteSolutions(w, parties3, s3) },
			results.FrontierFile:        func(w io.Writer) error { return results.WriteFrontier(w, parties3, fixtureIssues, f3) },
			results.BargainPackagesFile: func(w io.Writer) error { return results.WriteBargainPackages(w, parties3, nil) },
		}},
	}
}
