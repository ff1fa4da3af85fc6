package scenarios

import (
	"bytes"
	"encoding/json"
)

// SchemaFile is the name of the scenario format's JSON Schema beside the
// scenarios: scenarios/peacesim.schema.json in the repository, and the
// file `peacesim scenarios init` writes beside a new scenario. A scenario
// file's first line, "#:schema ./peacesim.schema.json", points an editor's
// TOML language server (taplo) at it.
const SchemaFile = "peacesim.schema.json"

// SchemaDirective is the first line of the embedded scenarios and of the
// template: the schema beside the file.
const SchemaDirective = "#:schema ./" + SchemaFile

// Schema returns the JSON Schema (draft-07) of a scenario file, generated
// from the format the reader checks files against (format.go): every
// table and key, its type, its description, the kinds, the distribution
// families and their parameters, the bounds that need no other table,
// the keys a table requires, and no key a table does not allow. What
// needs another table of the file — that a red line's issue exists, that
// a package's value lies in its issue's range, that a distribution's
// parameters define one, that extends does not loop — only Load checks.
// It is the same bytes each call, ending with a newline.
func Schema() []byte {
	top := clone(topFormat.schema()).(schema)
	props := top["properties"].(schema)

	// A variant: [scenario] names a base, and the file changes it through
	// [overrides]; it has no tables of its own but those.
	sc := props["scenario"].(schema)
	scProps := sc["properties"].(schema)
	scProps[baseKey] = schema{"type": "string", "minLength": 1,
		"description": "a variant only: the scenario it varies, an embedded name or a file path relative to this file; its changes go in [overrides]"}
	props[overridesKey] = schema{"type": "object",
		"description": `a variant only: the values it changes, each a quoted key path, "parties.europe.veto" = true`}
	variantTables := []string{"scenario", "run", overridesKey, sweepKey}
	top["if"] = schema{"required": []string{"scenario"}, "properties": schema{"scenario": has(baseKey)}}
	top["then"] = schema{"propertyNames": schema{"enum": variantTables}}
	top["else"] = schema{"required": []string{"scenario", "issues", "parties", "packages", "pathways"},
		"properties": schema{overridesKey: false}}

	top["$schema"] = "http://json-schema.org/draft-07/schema#"
	top["title"] = "peacesim scenario"
	top["description"] = "A peacesim scenario file (docs/model.md#scenario-file). peacesim validate checks everything this schema does, and the cross-references it cannot."
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(top); err != nil {
		panic(err) // the format is maps, strings and numbers: it always encodes
	}
	return b.Bytes()
}

// clone copies a schema, or a value in one, deeply: the format's tables
// share their values, which Schema changes in its copy only.
func clone(v any) any {
	switch v := v.(type) {
	case schema:
		c := make(schema, len(v))
		for k, x := range v {
			c[k] = clone(x)
		}
		return c
	case []any:
		c := make([]any, len(v))
		for i, x := range v {
			c[i] = clone(x)
		}
		return c
	}
	return v // strings, numbers, bools and []string, never changed
}
