package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/sim"
)

// evidenceFile is the test scenario with evidence: two entries, an
// acceptance in round 1 and a pathway by the last round, not quite
// certain.
const evidenceFile = "evidence.toml"

// loadEvidence loads testdata/evidence.toml with the edits given and the
// overrides args, as loadTimeline loads testdata/timeline.toml.
func loadEvidence(t *testing.T, edits [][2]string, ws *Problems, args ...string) (*sim.Model, error) {
	t.Helper()
	return loadEdited(t, evidenceFile, edits, ws, args...)
}

// wantEvidence is what testdata/evidence.toml's entries compile to.
func wantEvidence() []sim.Evidence {
	return []sim.Evidence{
		{Label: "Kyiv did not accept the 28-point framework as first drafted", Source: "003",
			Package: 0, Pathway: -1, Party: 0, Track: 0, Observed: false, Round: 1, Reliability: 1},
		{Label: "No framework agreement on the revised plan", Source: "assumption: the talks go on",
			Package: 1, Pathway: 0, Party: -1, Track: -1, Observed: false, Round: 6, Reliability: 0.9},
	}
}

// TestEvidence: an acceptance and a pathway compile to sim.Evidence in
// file order, by index, with a pathway's round the last by default; the
// Model passes Check, and there is nothing to warn of.
func TestEvidence(t *testing.T) {
	var ws Problems
	m, err := loadEvidence(t, nil, &ws)
	if err != nil {
		t.Fatal(err)
	}
	checkModel(t, m)
	if len(ws) > 0 {
		t.Errorf("warnings:\n%v", ws)
	}
	if want := wantEvidence(); !reflect.DeepEqual(m.Evidence, want) {
		t.Errorf("evidence\n%+v\nwant\n%+v", m.Evidence, want)
	}
	// The same written as an inline array of tables, at the top of the
	// file (below a table's header it would be a key of that table).
	src := string(withoutEvidence(t))
	src = "evidence = [\n" +
		`  { label = "Kyiv did not accept the 28-point framework as first drafted", source = "003", package = "us_28_point", party = "ukraine", track = "framework", accepted = false, round = 1 },` + "\n" +
		`  { label = "No framework agreement on the revised plan", source = "assumption: the talks go on", package = "revised", pathway = "framework_agreement", reached = false, reliability = 0.9 },` + "\n]\n" + src
	inline, err := Load(evidenceFile, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(inline, m) {
		t.Errorf("evidence as inline tables compiles otherwise:\n%s\nwant\n%s", inline.Canonical(), m.Canonical())
	}
}

// TestEvidenceRound: an entry without a round is of the last round: the
// timeline's, the one an override gives it, or the one round of a
// scenario without a timeline.
func TestEvidenceRound(t *testing.T) {
	m, err := loadEvidence(t, [][2]string{{"round = 1\n", ""}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := []int{m.Evidence[0].Round, m.Evidence[1].Round}; got[0] != 6 || got[1] != 6 {
		t.Errorf("rounds %v, want the last, [6 6]", got)
	}
	m, err = loadEvidence(t, nil, nil, "timeline.rounds=3")
	if err != nil {
		t.Fatal(err)
	}
	if got := []int{m.Evidence[0].Round, m.Evidence[1].Round}; got[0] != 1 || got[1] != 3 {
		t.Errorf("rounds %v with timeline.rounds=3, want [1 3]", got)
	}
	m, err = loadEvidence(t, [][2]string{{"[timeline]\nrounds = 6\nunit = \"week\"\n", ""}, {"round = 1\n", ""}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkModel(t, m)
	if m.Timeline != nil || m.Evidence[0].Round != 1 || m.Evidence[1].Round != 1 {
		t.Errorf("without a timeline: timeline %v, rounds %d and %d, want the one round", m.Timeline, m.Evidence[0].Round, m.Evidence[1].Round)
	}
}

// TestEvidenceProblems: every problem of an entry is reported at its line
// and column with its key path and, for an unknown reference, a
// did-you-mean.
func TestEvidenceProblems(t *testing.T) {
	noTimeline := [2]string{"[timeline]\nrounds = 6\nunit = \"week\"\n", ""}
	tests := []struct {
		name  string
		edits [][2]string
		want  string
	}{
		{"an unknown key", [][2]string{{"round = 1", "rounds = 1"}},
			`evidence.toml:76:1: evidence[0].rounds: unknown key (did you mean "round"?)`},
		{"a misspelt table", [][2]string{{"[[evidence]]\nlabel = \"Kyiv", "[[evidense]]\nlabel = \"Kyiv"}},
			`evidence.toml:69:1: evidense: unknown key (did you mean "evidence"?)`},
		{"no label, source or package", [][2]string{{"label = \"Kyiv did not accept the 28-point framework as first drafted\"\nsource = \"003\"\npackage = \"us_28_point\"\n", ""}},
			`evidence.toml:69:1: evidence[0].label: missing: what was seen, in words, e.g. label = "No breakthrough at Miami"` + "\n" +
				`evidence.toml:69:1: evidence[0].package: missing: the package observed, e.g. package = "us_28_point"` + "\n" +
				`evidence.toml:69:1: evidence[0].source: missing: who says so: the report, e.g. source = "003", or "assumption: …" for what no report says`},
		{"an empty label", [][2]string{{`label = "No framework agreement on the revised plan"`, `label = ""`}},
			"evidence.toml:79:1: evidence[1].label: must not be empty"},
		{"a bare assumption", [][2]string{{`source = "assumption: the talks go on"`, `source = "assumption"`}},
			`evidence.toml:80:1: evidence[1].source: an assumption is written "assumption: " and what is assumed, e.g. source = "assumption: the plan was not accepted as drafted", not "assumption"`},
		{"an assumption that assumes nothing", [][2]string{{`source = "assumption: the talks go on"`, `source = "Assumption -  talks"`}},
			`evidence.toml:80:1: evidence[1].source: an assumption is written "assumption: " and what is assumed, e.g. source = "assumption: the plan was not accepted as drafted", not "Assumption -  talks"`},
		{"a source that is no string", [][2]string{{`source = "003"`, `source = 3`}},
			"evidence.toml:71:1: evidence[0].source: must be a string, not the number 3"},
		{"an unknown package", [][2]string{{`package = "us_28_point"`, `package = "us_82_point"`}},
			`evidence.toml:72:1: evidence[0].package: unknown package "us_82_point" (did you mean "us_28_point"?)`},
		{"an unknown party and track", [][2]string{{`party = "ukraine"`, `party = "ukriane"`}, {"track = \"framework\"\naccepted", "track = \"framwork\"\naccepted"}},
			`evidence.toml:73:1: evidence[0].party: unknown party "ukriane" (did you mean "ukraine"?)` + "\n" +
				`evidence.toml:74:1: evidence[0].track: unknown track "framwork" (did you mean "framework"?)`},
		{"a track far from any", [][2]string{{"track = \"framework\"\naccepted", "track = \"economic\"\naccepted"}},
			`evidence.toml:74:1: evidence[0].track: unknown track "economic" (the tracks, from the issues, are: framework, humanitarian)`},
		{"an unknown pathway", [][2]string{{`pathway = "framework_agreement"`, `pathway = "framework_agrement"`}},
			`evidence.toml:82:1: evidence[1].pathway: unknown pathway "framework_agrement" (did you mean "framework_agreement"?)`},
		{"the fallback", [][2]string{{`pathway = "framework_agreement"`, `pathway = "talks_collapse"`}},
			`evidence.toml:82:1: evidence[1].pathway: "talks_collapse" is the fallback, which always matches, so an observation of it says nothing; to observe that no pathway was reached, observe each of the others with reached = false`},
		{"both kinds", [][2]string{{"reached = false\n", "reached = false\nparty = \"russia\"\n"}},
			"evidence.toml:82:1: evidence[1].pathway: an entry observes an acceptance (party, track, accepted) or a pathway (pathway, reached), not both; this one has party and pathway"},
		{"neither kind", [][2]string{{"party = \"ukraine\"\ntrack = \"framework\"\naccepted = false\n", ""}},
			"evidence.toml:69:1: evidence[0]: says nothing was seen: give an acceptance, party, track and accepted = true or false, or a pathway, pathway and reached = true or false"},
		{"an acceptance without its party or what was seen", [][2]string{{"party = \"ukraine\"\n", ""}, {"accepted = false\n", ""}},
			"evidence.toml:69:1: evidence[0].accepted: missing: true if the party accepted the track, false if it did not\n" +
				`evidence.toml:69:1: evidence[0].party: missing: the party whose acceptance was seen, e.g. party = "ukraine"`},
		{"a pathway without reached", [][2]string{{"reached = false\n", ""}},
			"evidence.toml:78:1: evidence[1].reached: missing: true if the package reached the pathway, false if it did not"},
		{"accepted in quotes", [][2]string{{"accepted = false", `accepted = "false"`}},
			`evidence.toml:75:1: evidence[0].accepted: must be true or false, not the string "false"`},
		{"a round before the first", [][2]string{{"round = 1", "round = 0"}},
			"evidence.toml:76:1: evidence[0].round: must be a round ≥ 1, got 0"},
		{"a round that is no whole number", [][2]string{{"round = 1", "round = 1.5"}},
			"evidence.toml:76:1: evidence[0].round: must be a whole number, not the number 1.5"},
		{"a round beyond the last", [][2]string{{"round = 1", "round = 7"}},
			"evidence.toml:76:1: evidence[0].round: round 7 is beyond the last round, 6 (timeline.rounds)"},
		{"a round without a timeline", [][2]string{noTimeline},
			"evidence.toml:73:1: evidence[0].round: a round needs a [timeline]: without one a scenario has one round, in which everything is seen; remove round, or add one, e.g. [timeline] rounds = 26"},
		{"round 1 without a timeline", [][2]string{noTimeline, {"reliability = 0.9", "reliability = 0.9\nround = 1"}},
			"evidence.toml:73:1: evidence[0].round: a round needs a [timeline]: without one a scenario has one round, in which everything is seen; remove round, or add one, e.g. [timeline] rounds = 26\n" +
				"evidence.toml:82:1: evidence[1].round: a round needs a [timeline]: without one a scenario has one round, in which everything is seen; remove round, or add one, e.g. [timeline] rounds = 26"},
		{"a reliability of 0", [][2]string{{"reliability = 0.9", "reliability = 0"}},
			"evidence.toml:84:1: evidence[1].reliability: must be in (0, 1], the chance that the observation is right (1, the default, for certain), got 0"},
		{"a reliability above 1", [][2]string{{"reliability = 0.9", "reliability = 1.5"}},
			"evidence.toml:84:1: evidence[1].reliability: must be in (0, 1], the chance that the observation is right (1, the default, for certain), got 1.5"},
		{"an uncertain reliability", [][2]string{{"reliability = 0.9", `reliability = "beta(9, 1)"`}},
			"evidence.toml:84:1: evidence[1].reliability: must be a plain number: a distribution (a string) is not allowed here"},
		{"evidence that is no array of tables", [][2]string{{"[[evidence]]\nlabel = \"Kyiv", "[evidence.x]\nlabel = \"Kyiv"}, {"[[evidence]]\nlabel = \"No", "[evidence.y]\nlabel = \"No"}},
			"evidence.toml:69:1: evidence: must be an array of tables, written [[evidence]] for each, not a table"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ws Problems
			m, err := loadEvidence(t, tt.edits, &ws)
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %T is not Problems: %v (model %v)", err, err, m != nil)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// manyEntries returns n [[evidence]] entries of the test scenario, of
// reliability rel.
func manyEntries(n int, rel string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "\n[[evidence]]\nlabel = \"seen %d\"\nsource = \"assumption: a test\"\npackage = \"revised\"\npathway = \"humanitarian_ceasefire\"\nreached = true\nreliability = %s\n", i, rel)
	}
	return b.String()
}

// TestEvidenceLimits: a scenario has at most sim.MaxEvidence entries, and
// at most sim.MaxSoftEvidence of them of a reliability other than 1 and
// ½; the one too many is named.
func TestEvidenceLimits(t *testing.T) {
	src := string(testSource(t, evidenceFile))
	// The file has one soft entry already.
	if _, err := Load(evidenceFile, []byte(src+manyEntries(sim.MaxSoftEvidence-1, "0.8")+manyEntries(sim.MaxEvidence-sim.MaxSoftEvidence-1, "1"))); err != nil {
		t.Errorf("%d entries, %d soft: %v", sim.MaxEvidence, sim.MaxSoftEvidence, err)
	}
	if _, err := Load(evidenceFile, []byte(src+manyEntries(10, "0.5"))); err != nil {
		t.Errorf("entries of reliability 0.5 counted as soft: %v", err)
	}
	_, err := Load(evidenceFile, []byte(src+manyEntries(sim.MaxSoftEvidence, "0.8")))
	// The 7th soft entry is the file's 8th, evidence[7], the 6th added.
	want := fmt.Sprintf("evidence.toml:%d:1: evidence[7].reliability: more than 6 entries have a reliability other than 1 or 0.5 (each splits the trials into classes a run keeps tallies for): make some certain (1), or leave them out", 84+6*8)
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
	_, err = Load(evidenceFile, []byte(src+manyEntries(sim.MaxEvidence-1, "1")))
	if want := "evidence.toml:69:1: evidence: has 65 entries, more than the 64 a scenario may have"; err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}

// TestEvidenceWarnings: a reliability of ½ changes nothing, and one below
// ½ counts for the opposite: each loads, with a warning.
func TestEvidenceWarnings(t *testing.T) {
	for _, tt := range []struct{ rel, want string }{
		{"0.5", "evidence.toml:84:1: evidence[1].reliability: a reliability of 0.5 weighs the trials that reproduce the observation and those that do not alike: it changes nothing"},
		{"0.3", "evidence.toml:84:1: evidence[1].reliability: a reliability below 0.5 makes the observation likelier wrong than right, so it counts for its opposite; observe the opposite with reliability 0.7 instead"},
	} {
		var ws Problems
		if _, err := loadEvidence(t, [][2]string{{"reliability = 0.9", "reliability = " + tt.rel}}, &ws); err != nil {
			t.Fatal(err)
		}
		if got := ws.Error(); got != tt.want {
			t.Errorf("reliability %s: got:\n%s\nwant:\n%s", tt.rel, got, tt.want)
		}
	}
}

// TestSetEvidence: --set reaches the keys of an entry by its index, as
// any key path, and its value gets the checks the file's gets.
func TestSetEvidence(t *testing.T) {
	tests := []struct {
		args []string
		want func(ev []sim.Evidence)
	}{
		{[]string{"evidence[0].reliability=0.7"}, func(ev []sim.Evidence) { ev[0].Reliability = 0.7 }},
		{[]string{"evidence[1].reached=true"}, func(ev []sim.Evidence) { ev[1].Observed = true }},
		{[]string{"evidence[1].round=3"}, func(ev []sim.Evidence) { ev[1].Round = 3 }},
		{[]string{"evidence[0].round=3", "evidence[0].accepted=true"}, func(ev []sim.Evidence) { ev[0].Round, ev[0].Observed = 3, true }},
		{[]string{"evidence[0].package=revised"}, func(ev []sim.Evidence) { ev[0].Package = 1 }},
		{[]string{`evidence[1]={label = "x", source = "assumption: y", package = "us_28_point", party = "russia", track = "humanitarian", accepted = true}`},
			func(ev []sim.Evidence) {
				ev[1] = sim.Evidence{Label: "x", Source: "assumption: y", Package: 0, Pathway: -1, Party: 1, Track: 1, Observed: true, Round: 6, Reliability: 1}
			}},
		{[]string{"evidence=[]"}, func([]sim.Evidence) {}},
	}
	for _, tt := range tests {
		m, err := loadEvidence(t, nil, nil, tt.args...)
		if err != nil {
			t.Errorf("%v: %v", tt.args, err)
			continue
		}
		checkModel(t, m)
		want := wantEvidence()
		tt.want(want)
		if tt.args[0] == "evidence=[]" {
			want = nil
		}
		if !reflect.DeepEqual(m.Evidence, want) {
			t.Errorf("%v: evidence\n%+v\nwant\n%+v", tt.args, m.Evidence, want)
		}
	}
	// A scenario without evidence is given some by setting the array,
	// and has no entry to set a key of.
	m, err := loadWith(evidenceFile, withoutEvidence(t), `evidence=[{label = "x", source = "assumption: y", package = "revised", pathway = "humanitarian_ceasefire", reached = true}]`)
	if err != nil {
		t.Fatal(err)
	}
	if want := []sim.Evidence{{Label: "x", Source: "assumption: y", Package: 1, Pathway: 1, Party: -1, Track: -1, Observed: true, Round: 6, Reliability: 1}}; !reflect.DeepEqual(m.Evidence, want) {
		t.Errorf("evidence set whole: %+v, want %+v", m.Evidence, want)
	}
	_, err = loadWith(evidenceFile, withoutEvidence(t), "evidence[0].reliability=0.7")
	if want := `evidence.toml: --set evidence[0].reliability=0.7: evidence: not in the scenario`; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got:\n%v\nwant:\n%s…", err, want)
	}

	problems := []struct {
		args []string
		want string
	}{
		{[]string{"evidence[0].reliability=1.5"},
			"evidence.toml: --set evidence[0].reliability=1.5: must be in (0, 1], the chance that the observation is right (1, the default, for certain), got 1.5"},
		{[]string{"evidence[2].reliability=0.7"},
			"evidence.toml: --set evidence[2].reliability=0.7: evidence[2]: out of range: evidence has 2 elements, [0] to [1]"},
		{[]string{"evidence[0].reliabilty=0.7"},
			`evidence.toml: --set evidence[0].reliabilty=0.7: unknown key (did you mean "reliability"?)`},
		{[]string{"evidence[1].pathway=talks_colapse"},
			`evidence.toml: --set evidence[1].pathway=talks_colapse: unknown pathway "talks_colapse" (the pathways are: framework_agreement, humanitarian_ceasefire)`},
		{[]string{"evidence[1].round=7"},
			"evidence.toml: --set evidence[1].round=7: round 7 is beyond the last round, 6 (timeline.rounds)"},
		{[]string{"timeline.rounds=3", "evidence[1].round=4"},
			"evidence.toml: --set evidence[1].round=4: round 4 is beyond the last round, 3 (timeline.rounds)"},
		{[]string{"evidence[0].party=russia"},
			""},
	}
	for _, tt := range problems {
		_, err := loadEvidence(t, nil, nil, tt.args...)
		if tt.want == "" {
			if err != nil {
				t.Errorf("%v: %v", tt.args, err)
			}
			continue
		}
		var ps Problems
		if !errors.As(err, &ps) {
			t.Errorf("%v: error %T is not Problems: %v", tt.args, err, err)
			continue
		}
		if got := err.Error(); got != tt.want {
			t.Errorf("%v: got:\n%s\nwant:\n%s", tt.args, got, tt.want)
		}
	}
	// The horizon cut short under an entry's round: the entry's problem,
	// at its line, says so.
	_, err = loadEvidence(t, [][2]string{{"round = 1", "round = 5"}}, nil, "timeline.rounds=3")
	want := "evidence.toml:76:1: evidence[0].round: round 5 is beyond the last round, 3 (timeline.rounds), as the override gives it: an observation beyond the horizon cannot be conditioned on; run without the evidence, or give it a round within the horizon"
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}

// withoutEvidence is testdata/evidence.toml with its [[evidence]] cut.
func withoutEvidence(t *testing.T) []byte {
	t.Helper()
	src := testSource(t, evidenceFile)
	at := bytes.Index(src, []byte("\n[[evidence]]"))
	if at < 0 {
		t.Fatal("evidence.toml has no [[evidence]]")
	}
	return src[:at+1]
}

// TestEvidenceDropped: a scenario's evidence adds nothing to its Model
// but the entries, so the prior of a scenario with evidence (its Model
// with Evidence nil, as a run without the evidence uses it) is the very
// Model, canonical form and hash of the file without the entries; and a
// file without evidence has none, and no line of it in its canonical
// form.
func TestEvidenceDropped(t *testing.T) {
	m, err := loadEvidence(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	with := m.Canonical()
	if !bytes.Contains(with, []byte("\nevidence[1].reliability = 0.9\n")) || !bytes.HasSuffix(with, m.EvidenceCanonical()) {
		t.Errorf("the canonical form does not end with the evidence:\n%s", with)
	}
	prior, err := Load(evidenceFile, withoutEvidence(t))
	if err != nil {
		t.Fatal(err)
	}
	if prior.Evidence != nil || bytes.Contains(prior.Canonical(), []byte("\nevidence[")) || len(prior.EvidenceCanonical()) != 0 {
		t.Errorf("a file without evidence: Evidence %v, canonical form\n%s", prior.Evidence, prior.Canonical())
	}
	m.Evidence = nil
	if !reflect.DeepEqual(m, prior) || !bytes.Equal(m.Canonical(), prior.Canonical()) {
		t.Errorf("without its evidence the model differs from the file without it:\n%s\nwant\n%s", m.Canonical(), prior.Canonical())
	}
}

// TestEvidenceCanonical: the canonical lines of the evidence name every
// reference by id, and its hash is the same for the same observations in
// another scenario.
func TestEvidenceCanonical(t *testing.T) {
	m, err := loadEvidence(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `evidence[0].label = "Kyiv did not accept the 28-point framework as first drafted"
evidence[0].source = "003"
evidence[0].package = "us_28_point"
evidence[0].party = "ukraine"
evidence[0].track = "framework"
evidence[0].accepted = false
evidence[0].round = 1
evidence[0].reliability = 1
evidence[1].label = "No framework agreement on the revised plan"
evidence[1].source = "assumption: the talks go on"
evidence[1].package = "revised"
evidence[1].pathway = "framework_agreement"
evidence[1].reached = false
evidence[1].round = 6
evidence[1].reliability = 0.9
`
	if got := string(m.EvidenceCanonical()); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// Another scenario: the same observations, another package value.
	other, err := loadEvidence(t, [][2]string{{"troop_cap = 800", "troop_cap = 700"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(other.EvidenceCanonical(), m.EvidenceCanonical()) || bytes.Equal(other.Canonical(), m.Canonical()) {
		t.Error("the evidence's canonical form depends on more than the evidence")
	}
}

// TestVariantEvidence: a variant gives its base evidence through
// [overrides], as --set does.
func TestVariantEvidence(t *testing.T) {
	base := withoutEvidence(t)
	variant := `[scenario]
id = "evidence-variant"
base = "evidence"

[overrides]
"evidence" = [
  { label = "Kyiv did not accept the 28-point framework as first drafted", source = "003", package = "us_28_point", party = "ukraine", track = "framework", accepted = false, round = 1 },
  { label = "No framework agreement on the revised plan", source = "assumption: the talks go on", package = "revised", pathway = "framework_agreement", reached = false, reliability = 0.9 },
]
`
	resolve := func(name, _ string) (string, []byte, error) {
		if name != "evidence" {
			return "", nil, &BaseNotFoundError{Base: name, Known: []string{"evidence"}}
		}
		return evidenceFile, base, nil
	}
	m, err := Load("variant.toml", []byte(variant), Bases(resolve))
	if err != nil {
		t.Fatal(err)
	}
	checkModel(t, m)
	if !reflect.DeepEqual(m.Evidence, wantEvidence()) {
		t.Errorf("evidence\n%+v\nwant\n%+v", m.Evidence, wantEvidence())
	}
	tables := strings.Replace(variant, "[overrides]\n\"evidence\" = [\n", "[[evidence]]\nlabel = \"x\"\n\n[overrides]\n\"evidence\" = [\n", 1)
	_, err = Load("variant.toml", []byte(tables), Bases(resolve))
	if want := `variant.toml:5:1: evidence: a variant changes its base through [overrides] only: write "evidence" = [ { label = …, source = …, package = …, … }, … ] there, every entry of the variant's evidence`; err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
	bad := strings.Replace(variant, `party = "ukraine"`, `party = "ukrain"`, 1)
	_, err = Load("variant.toml", []byte(bad), Bases(resolve))
	if want := `variant.toml:7:117: evidence[0].party: unknown party "ukrain" (did you mean "ukraine"?)`; err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}

// TestTemplateEvidence: the template's commented-out [[evidence]]
// example loads once uncommented, and is of the template's own ids.
func TestTemplateEvidence(t *testing.T) {
	src := string(Template())
	start := strings.Index(src, "# [[evidence]]")
	if start < 0 {
		t.Fatal("the template has no commented-out [[evidence]]")
	}
	block := src[start:]
	if end := strings.Index(block, "\n\n"); end >= 0 {
		block = block[:end]
	}
	var lines []string
	for _, line := range strings.Split(block, "\n") {
		line = strings.TrimPrefix(strings.TrimPrefix(line, "#"), " ")
		lines = append(lines, line)
	}
	m, err := Load("scenario.toml", []byte(src+"\n"+strings.Join(lines, "\n")+"\n"))
	if err != nil {
		t.Fatalf("the template's [[evidence]], uncommented:\n%v", err)
	}
	checkModel(t, m)
	if len(m.Evidence) != 2 || m.Evidence[0].Pathway >= 0 || m.Evidence[1].Pathway < 0 {
		t.Errorf("want an acceptance and a pathway, got %+v", m.Evidence)
	}
}

// TestEvidenceIgnored: ignore = true leaves an entry out of the Model, as
// if the file had not written it, though it is checked as any other; with
// every entry ignored the Model is the file's without its evidence, hash
// included: what --evidence none runs.
func TestEvidenceIgnored(t *testing.T) {
	want := wantEvidence()
	tests := []struct {
		args []string
		want []sim.Evidence
	}{
		{[]string{"evidence[1].ignore=true"}, want[:1]},
		{[]string{"evidence[0].ignore=true"}, want[1:]},
		{[]string{"evidence[0].ignore=false"}, want},
	}
	for _, tt := range tests {
		m, err := loadEvidence(t, nil, nil, tt.args...)
		if err != nil {
			t.Errorf("%v: %v", tt.args, err)
			continue
		}
		checkModel(t, m)
		if !reflect.DeepEqual(m.Evidence, tt.want) {
			t.Errorf("%v: evidence\n%+v\nwant\n%+v", tt.args, m.Evidence, tt.want)
		}
	}
	none, err := loadEvidence(t, nil, nil, "evidence[0].ignore=true", "evidence[1].ignore=true")
	if err != nil {
		t.Fatal(err)
	}
	prior, err := Load(evidenceFile, withoutEvidence(t))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(none, prior) || !bytes.Equal(none.Canonical(), prior.Canonical()) {
		t.Errorf("every entry ignored: the model differs from the file without evidence:\n%s\nwant\n%s", none.Canonical(), prior.Canonical())
	}
	problems := []struct {
		args []string
		want string
	}{
		{[]string{"evidence[0].ignore=maybe"},
			`evidence.toml: --set evidence[0].ignore=maybe: must be true or false, not the string "maybe"`},
		{[]string{"evidence[0].ignore=true", "evidence[0].package=us_82_point"},
			`evidence.toml: --set evidence[0].package=us_82_point: unknown package "us_82_point" (did you mean "us_28_point"?)`},
	}
	for _, tt := range problems {
		_, err := loadEvidence(t, nil, nil, tt.args...)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%v: got:\n%v\nwant:\n%s", tt.args, err, tt.want)
		}
	}
}
