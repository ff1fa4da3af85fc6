package scenarios

import (
	"errors"
	"strings"
	"testing"
)

// TestDeepFileRefusedBeforeDecoding: a file nested 20,000 deep (120 KB)
// would take the TOML decoder minutes; every reader of a scenario file —
// Load, ID (which a batch calls before loading) and ReadSweep (which a
// sweep calls) — refuses it before decoding, at the place it goes too
// deep.
func TestDeepFileRefusedBeforeDecoding(t *testing.T) {
	src := []byte("[scenario]\nid = \"deep\"\n[parties.a]\nreservation = " + strings.Repeat("{a=", 20000) + "1" + strings.Repeat("}", 20000) + "\n")
	if id := ID(src); id != "" {
		t.Errorf("ID of a file too deep = %q, want none", id)
	}
	_, err := ReadSweep("deep.toml", src)
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Line != 4 || !strings.Contains(ps[0].Msg, "nested more than 64 deep") {
		t.Errorf("ReadSweep: %v, want the nesting problem at line 4", err)
	}
	if _, err := Load("deep.toml", src); err == nil || !strings.Contains(err.Error(), "deep.toml:4:") {
		t.Errorf("Load: %v", err)
	}
}
