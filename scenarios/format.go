package scenarios

import (
	"slices"
	"strings"

	"github.com/peacesim/peacesim/sim"
)

// The scenario format, table by table: the keys of each table, what each
// holds and what it means. The reader refuses every key a table's format
// does not list (table.allow takes the names from here), and the JSON
// Schema of the format (Schema) is generated from the same tables, so the
// two cannot come to name different keys. A key's words are the init
// template's (template/scenario.toml), which a test holds them to.

// field is one key of a table of the scenario format.
type field struct {
	name string
	// doc says what the key means, in the template's words.
	doc string
	// value is what the key's value must be, as a JSON Schema: its types,
	// and the bounds that need no other table of the file.
	value schema
	// required says the reader reports a missing key as a problem
	// whatever the rest of the file says.
	required bool
}

// tableFormat is the format of one kind of table: [issues.ID],
// [[pathways]], …
type tableFormat struct {
	doc    string
	fields []field
	// rules tie the table's keys together (a red line's kind of
	// constraint, an issue's keys by its kind), as JSON Schemas that the
	// table must satisfy as well.
	rules []schema
	// extra, when not nil, is the schema of keys the table does not list
	// (a package's issue values); nil refuses them, as allow does.
	extra schema
}

// names lists the table's keys in the order the format gives them, for
// allow and its messages.
func (f tableFormat) names() []string {
	names := make([]string, len(f.fields))
	for i, fd := range f.fields {
		names[i] = fd.name
	}
	return names
}

// allowFormat reports every key of t that format does not list.
func (t table) allowFormat(format tableFormat) { t.allow(format.names()...) }

// schema is a JSON Schema as encoding/json writes it; its keys are the
// keywords of draft-07.
type schema = map[string]any

// The values of the format, as JSON Schemas.

func stringValue() schema { return schema{"type": "string"} }

// refValue is a string naming something: an id, an issue, a party.
func refValue() schema { return schema{"type": "string", "minLength": 1} }

func boolValue() schema { return schema{"type": "boolean"} }

// numberValue is a plain number. The schema's numbers are finite: TOML's
// nan and inf are no JSON numbers, and an editor reads them as none.
func numberValue() schema { return schema{"type": "number"} }

func integerValue(lo, hi int64) schema {
	s := schema{"type": "integer", "minimum": lo}
	if hi > 0 {
		s["maximum"] = hi
	}
	return s
}

// stringsValue is an array of strings, of at least min.
func stringsValue(min int) schema {
	s := schema{"type": "array", "items": stringValue()}
	if min > 0 {
		s["minItems"] = min
	}
	return s
}

// pairValue is [lo, hi], two plain numbers.
func pairValue() schema {
	return schema{"type": "array", "items": numberValue(), "minItems": 2, "maxItems": 2}
}

// utilityValue is a utility, a plain number in [0, 1].
func utilityValue() schema { return schema{"type": "number", "minimum": 0, "maximum": 1} }

func tableOf(value schema) schema {
	return schema{"type": "object", "additionalProperties": value}
}

func arrayOf(item schema) schema { return schema{"type": "array", "items": item} }

// uncertainValue is an input that may be a distribution: a number within
// ±sim.MaxMagnitude (within [lo, hi] when bounded), or a string of one of
// the families, with as many parameters as the family takes (see
// distPattern). numbers is the pattern of a plain number written as a
// string, as "0.5" may be.
func uncertainValue(lo, hi float64, families []string, numbers string) schema {
	return schema{"anyOf": []any{
		schema{"type": "number", "minimum": lo, "maximum": hi},
		schema{"type": "string", "pattern": distPattern(families, numbers)},
	}}
}

// numberPattern is a decimal number as a distribution's parameters write
// it; unsignedPattern one without a minus.
const (
	numberPattern   = `[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?`
	unsignedPattern = `\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?`
)

// distPattern is the pattern of a distribution string of one of families,
// "normal(0.5, 0.1)", each with the number of parameters sim gives it, or
// of a plain number matching numbers. Names are matched in any case, as
// sim.ParseDist reads them. Whether the parameters define a distribution
// (sigma > 0, lo < hi) is not a pattern's to say: validate says it.
func distPattern(families []string, numbers string) string {
	alts := []string{numbers}
	for _, name := range families {
		args := make([]string, len(sim.FamilyParams(name)))
		for i := range args {
			args[i] = `\s*` + numberPattern + `\s*`
		}
		alts = append(alts, `(?i:`+name+`)\s*\(`+strings.Join(args, ",")+`\)`)
	}
	return `^\s*(?:` + strings.Join(alts, "|") + `)\s*$`
}

// familiesBut lists the distribution families except those named.
func familiesBut(except ...string) []string {
	return slices.DeleteFunc(sim.FamilyNames(), func(n string) bool { return slices.Contains(except, n) })
}

// anyInput is an uncertain input of any value.
func anyInput() schema {
	return uncertainValue(-sim.MaxMagnitude, sim.MaxMagnitude, sim.FamilyNames(), numberPattern)
}

// weightInput is a stake's weight: ≥ 0, and never a normal (which can
// draw a negative weight) or a bernoulli draw (see checkWeight).
func weightInput() schema {
	return uncertainValue(0, sim.MaxMagnitude, familiesBut(sim.Normal.String(), sim.Bernoulli.String()), unsignedPattern)
}

// penaltyInput is a red line's penalty, in [0, 1]: never a normal or a
// lognormal, which can draw values above 1 (see checkPenalty).
func penaltyInput() schema {
	return uncertainValue(0, 1, familiesBut(sim.Normal.String(), sim.LogNormal.String()), unsignedPattern)
}

// has is the schema of a table that has every one of keys.
func has(keys ...string) schema { return schema{"required": keys} }

// hasAny is the schema of a table that has at least one of keys.
func hasAny(keys ...string) schema {
	alts := make([]any, len(keys))
	for i, k := range keys {
		alts[i] = has(k)
	}
	return schema{"anyOf": alts}
}

// not is the schema of what s refuses.
func not(s schema) schema { return schema{"not": s} }

// when is the rule: a table that satisfies cond satisfies then.
func when(cond, then schema) schema { return schema{"if": cond, "then": then} }

// is is the schema of a table whose key k has the value v.
func is(k string, v any) schema {
	return schema{"properties": schema{k: schema{"const": v}}, "required": []string{k}}
}

// forbid is the schema of a table without any of keys.
func forbid(keys ...string) schema {
	props := schema{}
	for _, k := range keys {
		props[k] = false
	}
	return schema{"properties": props}
}

// issueKinds are the kinds of an issue, as files write them.
func issueKinds() []string {
	return []string{sim.Number.String(), sim.Ordinal.String(), sim.Bool.String()}
}

// The tables of a scenario file.
var (
	scenarioFormat = tableFormat{
		doc: "who this is. id is required.",
		fields: []field{
			{name: "id", doc: "the scenario's name, in every table and manifest", value: refValue(), required: true},
			{name: "label", doc: "a title for tables, charts and reports", value: stringValue()},
			{name: "source", doc: "where the numbers come from: documents, interviews, seed files", value: stringValue()},
		},
	}

	runFormat = tableFormat{
		doc: "defaults for `peacesim run`; --trials and --seed override them.",
		fields: []field{
			{name: "trials", doc: "the Monte Carlo trials of a run, at most 10¹²", value: integerValue(1, sim.MaxTrials)},
			{name: "seed", doc: "the seed of the draws: the same seed and trials always give the same results", value: integerValue(0, 0)},
		},
	}

	issueFormat = tableFormat{
		doc: "a deal has ISSUES, each on a TRACK",
		fields: []field{
			{name: "label", doc: "what the issue is, in words, for tables and charts", value: stringValue()},
			{name: "track", doc: "any name — the tracks of the scenario are the track names its issues use, in order of first appearance", required: true,
				value: schema{"type": "string", "minLength": 1, "not": schema{"const": defaultKey}}},
			{name: "kind", doc: "one of number, ordinal or bool",
				value: schema{"enum": issueKinds()}, required: true},
			{name: "unit", doc: "the unit of a number issue's values, for labels", value: stringValue()},
			{name: "range", doc: "a number issue's bounds, [lo, hi]", value: pairValue()},
			{name: "levels", doc: "an ordinal issue's values, ordered, at least two", value: schema{"type": "array", "items": refValue(), "minItems": 2, "uniqueItems": true}},
			{name: "negotiable", doc: "how far the issue may move when `peacesim bargain` and `peacesim optimize` search for a deal: [lo, hi] within the range for a number, a list of levels for an ordinal, true for a bool",
				value: schema{"anyOf": []any{pairValue(), schema{"type": "array", "items": stringValue(), "minItems": 1, "uniqueItems": true}, boolValue()}}},
		},
		rules: []schema{
			when(is("kind", sim.Number.String()), schema{"allOf": []any{has("range"), forbid("levels"),
				schema{"properties": schema{"negotiable": pairValue()}}}}),
			when(is("kind", sim.Ordinal.String()), schema{"allOf": []any{has("levels"), forbid("range", "unit"),
				schema{"properties": schema{"negotiable": stringsValue(1)}}}}),
			when(is("kind", sim.Bool.String()), schema{"allOf": []any{forbid("range", "unit", "levels"),
				schema{"properties": schema{"negotiable": boolValue()}}}}),
		},
	}

	stakeFormat = tableFormat{
		doc: "what the party cares about",
		fields: []field{
			{name: "weight", doc: "salience (≥ 0); renormalised over the track's issues, so only ratios within a track matter", value: weightInput(), required: true},
			{name: "best", doc: "number issues: best = x, worst = y (linear from 1 at best to 0 at worst, flat beyond)", value: numberValue()},
			{name: "worst", doc: "number issues: best = x, worst = y (linear from 1 at best to 0 at worst, flat beyond)", value: numberValue()},
			{name: "curve", doc: "curve = [[x1, u1], [x2, u2], …] (x ascending, u in [0, 1], piecewise linear, flat beyond the ends)",
				value: schema{"type": "array", "minItems": 2, "items": schema{"type": "array", "minItems": 2, "maxItems": 2, "items": []any{numberValue(), utilityValue()}}}},
			{name: "values", doc: "values = { level = u, … } for EVERY level", value: tableOf(utilityValue())},
		},
		rules: []schema{
			// A utility is one shape: best and worst together, a curve or values.
			hasAny("best", "worst", "curve", "values"),
			when(has("best"), has("worst")),
			when(has("worst"), has("best")),
			not(hasAny2([]string{"best", "worst"}, "curve")),
			not(hasAny2([]string{"best", "worst", "curve"}, "values")),
		},
	}

	redLineFormat = tableFormat{
		doc: "constraints on an issue the party has a stake in",
		fields: []field{
			{name: "label", doc: "what the red line is, in words", value: stringValue()},
			{name: "issue", doc: "the issue it constrains", value: refValue(), required: true},
			{name: "min", doc: "broken when the value is below x (number issues)", value: anyInput()},
			{name: "max", doc: "broken when the value is above x (number issues)", value: anyInput()},
			{name: "allowed", doc: "broken when the level is not listed (ordinal issues)", value: stringsValue(1)},
			{name: "require", doc: "broken when the bool differs (bool issues)", value: boolValue()},
			{name: "weight", doc: "soft: λ in [0, 1] is subtracted from U on that track", value: penaltyInput()},
			{name: "hard", doc: "a veto: the party rejects the track outright", value: boolValue()},
		},
		rules: []schema{
			// Exactly one of min, max, allowed and require …
			schema{"oneOf": []any{has("min"), has("max"), has("allowed"), has("require")}},
			// … and a weight or hard = true, not both.
			schema{"anyOf": []any{has("weight"), is("hard", true)}},
			not(schema{"allOf": []any{has("weight"), is("hard", true)}}),
		},
	}

	partyFormat = tableFormat{
		doc: "Each PARTY scores a package on a track as the weighted mean of its stake utilities on that track's issues, minus the penalties of any soft RED LINES the package breaks",
		fields: []field{
			{name: "label", doc: "the party's name, for tables and charts", value: stringValue()},
			{name: "veto", doc: `the deal needs this party (pathways can say "veto")`, value: boolValue()},
			{name: "reservation", doc: "what walking away is worth, in utility units [0, 1]",
				value: schema{"anyOf": []any{anyInput(), schema{"type": "object", "minProperties": 1, "additionalProperties": anyInput()}}}},
			{name: "salience_concentration", doc: "resample the stake weights each trial around their nominal values (Dirichlet); larger = less variation",
				value: schema{"type": "number", "exclusiveMinimum": 0}},
			{name: "stakes", doc: "what the party cares about", value: idsOf(stakeFormat, 0)},
			{name: "red_lines", doc: "constraints on an issue the party has a stake in", value: arrayOf(redLineFormat.schema())},
		},
		rules: []schema{
			// A party with stakes needs a reservation.
			when(schema{"properties": schema{"stakes": schema{"minProperties": 1}}, "required": []string{"stakes"}}, has("reservation")),
		},
	}

	effectFormat = tableFormat{
		doc: "adds coef × value to that party's reservation on the listed tracks",
		fields: []field{
			{name: "party", doc: "the party whose reservation it shifts", value: refValue(), required: true},
			{name: "on", doc: `says what it shifts: on = "reservation"`, value: schema{"const": "reservation"}, required: true},
			{name: "coef", doc: "adds coef × value to that party's reservation", value: anyInput(), required: true},
			{name: "tracks", doc: "omit tracks for every track the party has", value: stringsValue(1)},
		},
	}

	factorFormat = tableFormat{
		doc: "exogenous conditions (momentum, pressure, fatigue…)",
		fields: []field{
			{name: "label", doc: "what the factor is, in words", value: stringValue()},
			{name: "value", doc: "the factor's value (usually a distribution), drawn once per trial", value: anyInput(), required: true},
			{name: "effects", doc: `a list of { party, on = "reservation", coef, tracks }`, value: arrayOf(effectFormat.schema())},
			{name: "step", doc: "added to the value in every round after the first, drawn afresh each round", value: anyInput()},
			{name: "bounds", doc: "[lo, hi]: the value is clamped into it after each step", value: pairValue()},
		},
		rules: []schema{
			{"properties": schema{"bounds": schema{"items": []any{numberValue(), numberValue()}}}},
		},
	}

	packageFormat = tableFormat{
		doc: "the proposals to score",
		fields: []field{
			{name: labelKey, doc: "the package's name, for tables and charts", value: stringValue()},
			{name: extendsKey, doc: `extends = "other" copies another package, and the keys written here override its values`, value: stringValue()},
			{name: scheduleKey, doc: "schedule = { framework = 5 } puts that track on the table from round 5 (the others from round 1)", value: tableOf(integerValue(1, 0))},
		},
		// Every other key is an issue's value: a number inside its range, a
		// level name, or true/false.
		extra: schema{"description": "Give EVERY issue a value (issue id = value): a number inside its range, a level name, or true/false.",
			"type": []string{"number", "string", "boolean"}},
	}

	pathwayFormat = tableFormat{
		doc: "outcome rules, in order; the first that a trial matches is its outcome",
		fields: []field{
			{name: "id", doc: "the outcome's name, in every table", value: refValue(), required: true},
			{name: "label", doc: "what the outcome is, in words", value: stringValue()},
			{name: "tracks", doc: "the tracks that must be accepted", value: schema{"type": "array", "items": stringValue(), "uniqueItems": true}},
			{name: "accepted_by", doc: `"veto" (every veto party), "all" (every party), or a list of party ids`,
				value: schema{"anyOf": []any{schema{"enum": []string{acceptedByVeto, acceptedByAll}}, stringsValue(1)}}},
			{name: "after", doc: "pathways that must have been reached in an earlier round", value: schema{"type": "array", "items": stringValue(), "uniqueItems": true}},
			{name: "effects", doc: "once the pathway is reached, coef is added to the reservations from the next round on (confidence building)", value: arrayOf(effectFormat.schema())},
		},
		rules: []schema{
			// The fallback, with no tracks, has no rule, is never reached and
			// comes after nothing.
			when(not(has("tracks")), forbid("accepted_by", "after", "effects")),
		},
	}

	timelineFormat = tableFormat{
		doc: "the talks over rounds (docs/model.md#timeline)",
		fields: []field{
			{name: "rounds", doc: "rounds of talks, 1 to 1040", value: integerValue(1, sim.MaxRounds), required: true},
			{name: "unit", doc: "what one round is; with start: day, week, fortnight, month or year", value: schema{"type": "string", "minLength": 1}},
			{name: "start", doc: "the date of round 1", value: schema{"type": "string", "pattern": datePattern}},
			{name: "marks", doc: "named rounds, reported on their own",
				value: schema{"type": "object", "additionalProperties": integerValue(1, sim.MaxRounds),
					"propertyNames": schema{"minLength": 1, "not": schema{"pattern": `^[-+]?[0-9]+$`}}}},
		},
		rules: []schema{
			// A start date gives each round a date: one round is a unit of the calendar.
			when(has("start"), schema{"required": []string{"unit"}, "properties": schema{"unit": schema{"enum": dateUnits()}}}),
		},
	}

	evidenceFormat = tableFormat{
		doc: "what was seen, to learn from",
		fields: []field{
			{name: "label", doc: "what was seen, in words", value: refValue(), required: true},
			{name: "source", doc: `who says so: the report, or "assumption: …" for what no report says`, value: refValue(), required: true},
			{name: "package", doc: "the package observed", value: refValue(), required: true},
			{name: "party", doc: "the party, and the track it accepted or not", value: refValue()},
			{name: "track", doc: "the party, and the track it accepted or not", value: refValue()},
			{name: "accepted", doc: "true or false", value: boolValue()},
			{name: "pathway", doc: "the pathway's id", value: refValue()},
			{name: "reached", doc: "true or false", value: boolValue()},
			{name: "round", doc: "the round in which the acceptance was seen, or by which the pathway was reached; default the last", value: integerValue(1, 0)},
			{name: "reliability", doc: "in (0, 1], the chance that the observation is right", value: schema{"type": "number", "exclusiveMinimum": 0, "maximum": 1}},
			{name: "ignore", doc: "true to keep the entry written but not condition on it", value: boolValue()},
		},
		rules: []schema{
			// An acceptance or a pathway, one of the two, whole.
			schema{"anyOf": []any{
				schema{"allOf": []any{has(acceptanceKeys...), not(hasAny(pathwayObsKeys...))}},
				schema{"allOf": []any{has(pathwayObsKeys...), not(hasAny(acceptanceKeys...))}},
			}},
			// An assumption says what is assumed.
			when(schema{"properties": schema{"source": schema{"pattern": `^\s*(?i:assumption)`}}},
				schema{"properties": schema{"source": schema{"pattern": `^\s*` + assumptionPrefix + `.*\S`}}}),
		},
	}

	sweepFormat = tableFormat{
		doc: "a sweep of the scenario, written in the file: its keys mean what peacesim sweep's flags of the same names mean",
		fields: []field{
			{name: "vary", doc: "the varied keys, KEY=lo:hi:step or KEY=v1,v2,…", value: stringsValue(1)},
			{name: "lhs", doc: "when > 0, draws that many points of a Latin hypercube", value: integerValue(0, 0)},
			{name: "packages", doc: "the packages of the sweep", value: stringsValue(0)},
			{name: "tables", doc: "the per-point tables the sweep writes", value: stringsValue(0)},
		},
	}
)

// datePattern is a date written YYYY-MM-DD, as a TOML local date reads
// in an editor: its month and day in range (that the day is one of the
// month's, validate says).
const datePattern = `^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$`

// hasAny2 is the schema of a table with one of first and one of second.
func hasAny2(first []string, second ...string) schema {
	return schema{"allOf": []any{hasAny(first...), hasAny(second...)}}
}

// topFormat is the format of a whole scenario file.
var topFormat = tableFormat{
	fields: []field{
		{name: "scenario", doc: scenarioFormat.doc, value: scenarioFormat.schema(), required: true},
		{name: "run", doc: runFormat.doc, value: runFormat.schema()},
		{name: "issues", doc: issueFormat.doc, value: idsOf(issueFormat, 1, labelKey, extendsKey, scheduleKey)},
		{name: "parties", doc: partyFormat.doc, value: idsOf(partyFormat, 1)},
		{name: "factors", doc: factorFormat.doc, value: idsOf(factorFormat, 0)},
		{name: "packages", doc: packageFormat.doc, value: idsOf(packageFormat, 1)},
		{name: "pathways", doc: pathwayFormat.doc, value: schema{"type": "array", "items": pathwayFormat.schema(), "minItems": 1}},
		{name: timelineKey, doc: timelineFormat.doc, value: timelineFormat.schema()},
		{name: evidenceKey, doc: evidenceFormat.doc, value: schema{"type": "array", "items": evidenceFormat.schema(), "maxItems": sim.MaxEvidence}},
		{name: sweepKey, doc: sweepFormat.doc, value: sweepFormat.schema()},
	},
}

// idsOf is a table of at least min tables of format by id, [issues.ID]:
// ids are not empty, and not one of reserved.
func idsOf(format tableFormat, min int, reserved ...string) schema {
	names := schema{"minLength": 1}
	if len(reserved) > 0 {
		names["not"] = schema{"enum": reserved}
	}
	s := schema{"type": "object", "propertyNames": names, "additionalProperties": format.schema()}
	if min > 0 {
		s["minProperties"] = min
	}
	return s
}

// schema is the JSON Schema of a table of the format.
func (f tableFormat) schema() schema {
	props := schema{}
	var required []string
	for _, fd := range f.fields {
		v := schema{}
		for k, x := range fd.value {
			v[k] = x
		}
		if fd.doc != "" {
			v["description"] = fd.doc
		}
		props[fd.name] = v
		if fd.required {
			required = append(required, fd.name)
		}
	}
	s := schema{"type": "object", "properties": props}
	if f.doc != "" {
		s["description"] = f.doc
	}
	if len(required) > 0 {
		s["required"] = required
	}
	if f.extra != nil {
		s["additionalProperties"] = f.extra
	} else {
		s["additionalProperties"] = false
	}
	if len(f.rules) > 0 {
		rules := make([]any, len(f.rules))
		for i, r := range f.rules {
			rules[i] = r
		}
		s["allOf"] = rules
	}
	return s
}
