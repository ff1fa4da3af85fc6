package scenarios

import "github.com/BurntSushi/toml"

// ID reads the [scenario] id of a scenario file without loading it, or ""
// when the file does not decode or names none: a batch of scenarios needs
// it to match an override aimed at one scenario (--set ID:KEY=VALUE) before
// the file is loaded with its overrides. Load reports what is wrong with a
// file that has no readable id. A file nested too deep to decode quickly
// (tooDeep) has none: Load refuses it before decoding too.
func ID(src []byte) string {
	if _, _, deep := tooDeep(src); deep {
		return ""
	}
	var head struct {
		Scenario struct {
			ID any `toml:"id"`
		} `toml:"scenario"`
	}
	if _, err := toml.Decode(string(src), &head); err != nil {
		return ""
	}
	id, _ := head.Scenario.ID.(string)
	return id
}
