package scenarios

import (
	"context"
	"errors"
	"testing"
)

// TestSplitTarget: the ID of ID:KEY=VALUE is what precedes a ":" before
// the first "=" outside quotes; a ":" in a quoted key or in the value
// names no scenario.
func TestSplitTarget(t *testing.T) {
	for _, c := range []struct {
		name, arg, target, set string
	}{
		{"for every scenario", "run.seed=7", "", "run.seed=7"},
		{"aimed at one", "example:run.seed=7", "example", "run.seed=7"},
		{"spaces around the id", " example :run.seed=7", "example", "run.seed=7"},
		{"a colon in the value", "scenario.label=a:b", "", "scenario.label=a:b"},
		{"a colon in a quoted key", `parties."a:b".label=x`, "", `parties."a:b".label=x`},
		{"an escaped quote in a quoted key", `parties."a\":b".label=x`, "", `parties."a\":b".label=x`},
		{"no =", "example:run.seed", "example", "run.seed"},
	} {
		got := splitTarget(c.arg)
		if got.target != c.target || got.set != c.set || got.arg != c.arg {
			t.Errorf("%s: splitTarget(%q) = %+v, want target %q, set %q", c.name, c.arg, got, c.target, c.set)
		}
	}
}

// TestLoadBatchCancelled: a cancelled context ends the batch with its
// error, not with the problems of the scenarios.
func TestLoadBatchCancelled(t *testing.T) {
	src, _ := Lookup(Default)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := LoadBatch(ctx, []Source{{File: "a.toml", Src: src}, {File: "b.toml", Src: []byte("not toml")}}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
}
