package sweep

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/peacesim/peacesim/study"
)

// TestParseVary: a stepped range is its grid, written to the decimals of
// its bounds and step, hi included when the step reaches it; a range
// without a step is its ends; a list is split on the commas outside
// parentheses and quotes; what is not KEY=… is refused, naming the
// argument.
func TestParseVary(t *testing.T) {
	for _, c := range []struct {
		arg    string
		values []string
		ranged bool
		step   float64
	}{
		{"a.b=400:1000:200", []string{"400", "600", "800", "1000"}, true, 200},
		{"a.b=400:1000:250", []string{"400", "650", "900"}, true, 250},
		{"a.b=0:0.3:0.1", []string{"0", "0.1", "0.2", "0.3"}, true, 0.1},
		{"a.b=0.3:0.6", []string{"0.3", "0.6"}, true, 0},
		{"a.b=normal(0.38, 0.12),0.5", []string{"normal(0.38, 0.12)", "0.5"}, false, 0},
		{`a.b="x,y",z`, []string{`"x,y"`, "z"}, false, 0},
		{"a.b=renounced,deferred", []string{"renounced", "deferred"}, false, 0},
	} {
		v, err := ParseVary(c.arg)
		if err != nil {
			t.Errorf("%s: %v", c.arg, err)
			continue
		}
		if v.Key != "a.b" || v.Arg != c.arg || !slices.Equal(v.Values, c.values) || v.Ranged != c.ranged || v.Step != c.step {
			t.Errorf("%s: %+v, want values %v, ranged %v, step %g", c.arg, v, c.values, c.ranged, c.step)
		}
	}
	for _, c := range []struct{ arg, want string }{
		{"troop_cap", "write KEY=lo:hi:step"},
		{"a.b=800:400:100", "lo must not exceed hi"},
		{"a.b=400:800:0", "the step must be > 0"},
		{"a.b=0:1e7:1", "at most a million per key"},
		{"a.b=", "no value"},
	} {
		_, err := ParseVary(c.arg)
		var ie *study.InputError
		if !errors.As(err, &ie) || ie.Option != "Vary" || ie.Item != c.arg || !strings.Contains(ie.Msg, c.want) {
			t.Errorf("%s: err %v, want an InputError of Vary %s: …%s…", c.arg, err, c.arg, c.want)
		}
	}
}

// TestResolution: a Latin hypercube's number is snapped to the range's
// step, never past hi, and written to the step's decimals; without a
// step, to a thousandth of the order of magnitude of the range's width.
func TestResolution(t *testing.T) {
	for _, c := range []struct {
		arg      string
		step     float64
		decimals int
	}{
		{"a=400:1000:10", 10, 0},
		{"a=0.3:0.6:0.01", 0.01, 2},
		{"a=600:900", 0.1, 1},
		{"a=400:1000", 0.1, 1},
		{"a=0.3:0.6", 0.0001, 4},
		{"a=10:80", 0.01, 2},
		{"a=0:5000", 1, 0},
		{"a=0:50000", 10, 0},
	} {
		v, err := ParseVary(c.arg)
		if err != nil {
			t.Fatal(err)
		}
		step, decimals := v.resolution()
		if math.Abs(step-c.step) > 1e-12*c.step || decimals != c.decimals {
			t.Errorf("%s: resolution %g with %d decimals, want %g with %d", c.arg, step, decimals, c.step, c.decimals)
		}
	}
	r := Range{Lo: 400, Hi: 1000, Step: 250}
	for _, c := range []struct{ u, want float64 }{{0, 400}, {0.2, 400}, {0.22, 650}, {0.6, 650}, {0.8, 900}, {0.99, 900}} {
		if got := r.number(c.u); got != c.want {
			t.Errorf("400:1000:250 at %g: %g, want %g (snapped, never past hi)", c.u, got, c.want)
		}
	}
	r = Range{Lo: 0.3, Hi: 0.6, Step: 0.01, Decimals: 2}
	for u := 0.0; u < 1; u += 0.0173 {
		x := r.number(u)
		if s := strconv.FormatFloat(x, 'f', -1, 64); len(s) > 4 || x < 0.3 || x > 0.6 {
			t.Fatalf("0.3:0.6:0.01 at %g: %s, want two decimals within the range", u, s)
		}
	}
}
